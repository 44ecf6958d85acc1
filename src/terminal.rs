//! User text made safe to print: the one place that decides which
//! characters a terminal must never receive raw from a policy, a file name
//! or a diff, and how they are shown instead. A raw escape (`ESC`, C1 `CSI`)
//! can recolour, retitle or rewrite the terminal; a lone carriage return
//! can overwrite the line it is on; bidi overrides and isolates (U+202A–
//! U+202E, U+2066–U+2069) reorder what is shown ("Trojan Source"). Each is
//! written as `\u{…}`, as Rust writes it; tabs and line ends are kept.
//! Every human output (diagnostics, `diff`) and every tool output printed
//! on a terminal (JSON lines, GitHub workflow commands) goes through here.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is never written raw: C0 controls but tab and line feed,
/// DEL, C1 controls, the bidi embeddings, overrides and isolates, and the
/// bidi marks that can hide them.
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}'
        | '\u{b}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

/// Whether the character at `i` of `text` must be escaped: an unsafe one,
/// except a carriage return that ends a line (`\r\n`).
fn escapes_at(text: &str, i: usize, c: char) -> bool {
    is_unsafe(c) && !(c == '\r' && text.get(i + 1..).is_some_and(|rest| rest.starts_with('\n')))
}

/// `text` with every unsafe character written as `\u{…}` (a CR ending a
/// line kept); borrowed when there is none, as nearly always.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_mapped(text).0
}

/// [`escape`] as a `fn` for tables of escapers.
pub fn escape_string(text: &str) -> String {
    escape(text).into_owned()
}

/// Where each byte offset of a text lands in its escaped form.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    /// For each escaped character: its offset in the original text and the
    /// bytes added by the escapes up to and including it.
    shifts: Vec<(usize, usize)>,
}

impl OffsetMap {
    /// The offset in the escaped text of byte `at` of the original.
    pub fn map(&self, at: usize) -> usize {
        let before = self.shifts.partition_point(|(offset, _)| *offset < at);
        let added = before
            .checked_sub(1)
            .and_then(|i| self.shifts.get(i))
            .map_or(0, |(_, added)| *added);
        at + added
    }
}

/// [`escape`], with the map from offsets of `text` to offsets of the
/// result (for spans drawn under escaped source lines).
pub fn escape_mapped(text: &str) -> (Cow<'_, str>, OffsetMap) {
    let mut map = OffsetMap::default();
    if !text.char_indices().any(|(i, c)| escapes_at(text, i, c)) {
        return (Cow::Borrowed(text), map);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.char_indices() {
        if escapes_at(text, i, c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            let added = out.len() - (i + c.len_utf8());
            map.shifts.push((i, added));
        } else {
            out.push(c);
        }
    }
    (Cow::Owned(out), map)
}

/// JSON text with the characters JSON allows raw in strings but a terminal
/// must not receive (DEL, C1, bidi controls) written as `\uXXXX` escapes:
/// the same JSON value for a parser, safe on a terminal. (serde_json
/// already escapes C0 controls.) Outside strings JSON holds no such
/// character, so every one is inside a string.
pub fn escape_json(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A GitHub workflow command's data: `%`, CR and LF percent-encoded as
/// GitHub requires, then any other control character escaped for the
/// terminal the log is read on.
pub fn github_data(text: &str) -> String {
    let encoded = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    escape_string(&encoded)
}

/// A GitHub workflow command's property (`file=`, `title=`): escaped as
/// data, and `:` and `,` too.
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_tabs_and_line_ends_kept() {
        assert_eq!(escape("a\tb\nc\r\nd"), "a\tb\nc\r\nd");
        assert_eq!(escape("\u{1b}[31mred"), "\\u{1b}[31mred");
        assert_eq!(escape("x\ry"), "x\\u{d}y");
        assert_eq!(escape("\u{7f}\u{9b}"), "\\u{7f}\\u{9b}");
        assert_eq!(escape("a\u{202e}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
        assert!(matches!(escape("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn offsets_map_past_the_escapes() {
        let (text, map) = escape_mapped("a\u{1b}b\u{202e}c");
        assert_eq!(text, "a\\u{1b}b\\u{202e}c");
        assert_eq!(map.map(0), 0);
        assert_eq!(map.map(1), 1);
        assert_eq!(map.map(2), 7);
        assert_eq!(map.map(3), 8);
        assert_eq!(map.map(6), 16);
    }

    #[test]
    fn github_commands_encode_line_ends_and_escape_controls() {
        assert_eq!(github_data("50%\r\nx\u{1b}"), "50%25%0D%0Ax\\u{1b}");
        assert_eq!(github_property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn json_keeps_its_value() {
        let value = serde_json::json!({"m": "a\u{1b}b\u{202e}c\u{85}"});
        let json = serde_json::to_string(&value).unwrap_or_default();
        let safe = escape_json(&json);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, value);
    }
}

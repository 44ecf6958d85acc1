//! The nesting cap before html5ever sees a page. The tree builder looks
//! through its stack of open elements for many tags, so `<div>` repeated
//! n times took time quadratic in n (4× the input, 16× the time). A cheap
//! linear pre-scan counts how deep each start tag would open, and drops the
//! start tags (and their end tags) beyond [`MAX_NESTING`]: their text is
//! kept, in the element around them, so nothing written is lost, and the
//! parser's stack never grows past the cap.

use std::borrow::Cow;

/// The deepest nesting of elements kept: real pages stay under a hundred
/// (the reader itself walks 64 levels of blocks), so only generated or
/// hostile markup is flattened.
pub(crate) const MAX_NESTING: usize = 256;

/// Elements that never hold content, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];

/// Elements whose end tag may be left out (a new one closes the last, as
/// `<p>` or `<li>` do), or that the parser places itself: counting them
/// would see depth where a browser sees siblings.
const IMPLIED: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
];

/// Elements whose content is text up to their end tag, never markup.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// The page with start tags nested deeper than [`MAX_NESTING`] dropped (and
/// as many end tags after them), and how many were dropped. The page itself
/// when none is (nearly always), borrowed.
pub(crate) fn flatten(html: &str) -> (Cow<'_, str>, usize) {
    let mut scan = Scan::default();
    let mut rest = html;
    let mut offset = 0;
    while let Some(at) = rest.find('<') {
        let tag_start = offset + at;
        let after = rest.get(at..).unwrap_or_default();
        let len = scan.tag(after, tag_start);
        let step = at + len.max(1);
        offset += step;
        rest = rest.get(step..).unwrap_or_default();
    }
    if scan.cuts.is_empty() {
        return (Cow::Borrowed(html), 0);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in &scan.cuts {
        out.push_str(html.get(from..*start).unwrap_or_default());
        from = *end;
    }
    out.push_str(html.get(from..).unwrap_or_default());
    (Cow::Owned(out), scan.dropped)
}

/// The pre-scan's state.
#[derive(Default)]
struct Scan {
    /// Elements open and kept.
    depth: usize,
    /// Start tags dropped and not yet closed.
    excess: usize,
    /// Start tags dropped in all.
    dropped: usize,
    /// Byte ranges to leave out, in order.
    cuts: Vec<(usize, usize)>,
}

impl Scan {
    /// Reads the markup at `text` (which starts with `<`, at byte `at` of
    /// the page): notes a cut when it is a start or end tag to drop, and
    /// returns how many bytes it spans.
    fn tag(&mut self, text: &str, at: usize) -> usize {
        let body = text.get(1..).unwrap_or_default();
        if body.starts_with("!--") {
            return body.find("-->").map_or(text.len(), |end| end + 4);
        }
        if body.starts_with('!') || body.starts_with('?') {
            return body.find('>').map_or(text.len(), |end| end + 2);
        }
        let closing = body.starts_with('/');
        let name_text = if closing {
            body.get(1..).unwrap_or_default()
        } else {
            body
        };
        let name_len = name_text
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .unwrap_or(name_text.len());
        let name = name_text
            .get(..name_len)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            return 1;
        }
        let len = tag_len(text);
        if closing {
            self.close(&name, at, len);
        } else if RAW.contains(&name.as_str()) {
            return len + raw_len(text.get(len..).unwrap_or_default(), &name);
        } else {
            self.open(&name, at, len);
        }
        len
    }

    fn open(&mut self, name: &str, at: usize, len: usize) {
        if VOID.contains(&name) || IMPLIED.contains(&name) {
            return;
        }
        if self.depth < MAX_NESTING {
            self.depth += 1;
        } else {
            self.excess += 1;
            self.dropped += 1;
            self.cuts.push((at, at + len));
        }
    }

    fn close(&mut self, name: &str, at: usize, len: usize) {
        if VOID.contains(&name) || IMPLIED.contains(&name) {
            return;
        }
        if self.excess > 0 {
            self.excess -= 1;
            self.cuts.push((at, at + len));
        } else {
            self.depth = self.depth.saturating_sub(1);
        }
    }
}

/// The length of the tag at the start of `text`, up to its `>` (quoted
/// attribute values may hold one), or to the end.
fn tag_len(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    text.len()
}

/// The length of the raw text after a `<script>` (or the like) start tag,
/// up to its end tag (which is then read as an end tag of no account).
fn raw_len(text: &str, name: &str) -> usize {
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|rest| rest.find("</")) {
        let at = from + i;
        let candidate = text.get(at + 2..at + 2 + name.len()).unwrap_or_default();
        if candidate.eq_ignore_ascii_case(name) {
            return at;
        }
        from = at + 2;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_pages_are_left_alone() {
        let page = "<div><p>One<p>Two<ul><li>a<li>b</ul><br><img src=x></div>";
        assert!(matches!(flatten(page), (Cow::Borrowed(_), 0)));
    }

    #[test]
    fn deep_nesting_is_cut_at_the_cap_and_the_text_kept() {
        let n = MAX_NESTING + 10;
        let page = format!("{}deep{}after", "<div>".repeat(n), "</div>".repeat(n));
        let (flat, dropped) = flatten(&page);
        assert_eq!(dropped, 10);
        let expected = format!(
            "{}deep{}after",
            "<div>".repeat(MAX_NESTING),
            "</div>".repeat(MAX_NESTING)
        );
        assert_eq!(flat, expected);
    }

    #[test]
    fn tags_in_comments_scripts_and_quotes_do_not_count() {
        let n = MAX_NESTING + 1;
        let page = format!(
            "<!-- {} --><script>{}</script><a title='{}'>x</a>",
            "<div>".repeat(n),
            "<div>".repeat(n),
            "<b>".repeat(n)
        );
        assert_eq!(flatten(&page).1, 0);
    }
}

//! Inline HTML as CommonMark: text escaped, `<strong>`/`<b>` as `**…**`,
//! `<em>`/`<i>` as `*…*`, `<code>` as a code span, `<a href>` as a link
//! (absolute web, mail and phone addresses only: a relative or `#` link
//! would point nowhere once the text moves), `<br>` as a hard line break.
//!
//! Emphasis is written only where CommonMark will read it back: its
//! delimiters must touch the text inside and not sit between a letter and
//! punctuation, so `a<b>(x)</b>` keeps its text and loses the bold rather
//! than showing stray asterisks.

use super::escape;
use crate::markup::link_destination;

/// A piece of inline content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// Text, white space not yet collapsed.
    Text(String),
    /// Strong emphasis.
    Strong(Vec<Inline>),
    /// Emphasis.
    Emphasis(Vec<Inline>),
    /// Code.
    Code(String),
    /// A link and its text.
    Link(String, Vec<Inline>),
    /// A hard line break.
    Break,
}

/// Whether a link target is kept: web, mail and phone addresses.
pub fn keeps_link(href: &str) -> bool {
    let lower = href.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:", "tel:"]
        .iter()
        .any(|p| lower.starts_with(p))
        && !lower.contains(char::is_whitespace)
}

/// The inline content as one CommonMark paragraph (or table cell, with
/// `in_cell`: line breaks become spaces).
pub fn markdown(inlines: &[Inline], in_cell: bool) -> String {
    // Line breaks at the end break nothing (and would leave a backslash).
    let end = inlines
        .iter()
        .rposition(|i| {
            !matches!(i, Inline::Break) && !matches!(i, Inline::Text(t) if t.trim().is_empty())
        })
        .map_or(0, |i| i + 1);
    let inlines = inlines.get(..end).unwrap_or_default();
    let mut out = String::new();
    write(inlines, None, in_cell, true, &mut out);
    tidy(&out)
}

/// The text of inline content, as a reader sees it.
pub fn plain(inlines: &[Inline]) -> String {
    let mut out = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link(_, c) => out.push_str(&plain(c)),
            Inline::Break => out.push('\n'),
        }
    }
    collapse(&out)
}

/// White space runs as one space (no-break spaces kept), per line.
pub fn collapse(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            line.split([' ', '\t', '\r', '\u{c}'])
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Writes inline content; `at_start` says whether `out` begins a line.
fn write(inlines: &[Inline], after: Option<char>, in_cell: bool, at_start: bool, out: &mut String) {
    for (i, inline) in inlines.iter().enumerate() {
        let next = inlines.get(i + 1..).and_then(first_char).or(after);
        match inline {
            Inline::Text(text) => {
                let text = spaces(text);
                let line_start = (out.is_empty() && at_start) || out.ends_with('\n');
                let text = if line_start {
                    text.trim_start().to_string()
                } else {
                    text
                };
                if line_start {
                    out.push_str(&escape::markdown(&text));
                } else {
                    out.push_str(&escape::markdown_inline(&text));
                }
            }
            Inline::Strong(children) => delimited("**", children, next, in_cell, out),
            Inline::Emphasis(children) => delimited("*", children, next, in_cell, out),
            Inline::Code(code) => code_span(&spaces(code), out),
            Inline::Link(href, children) => {
                let mut text = String::new();
                write(children, None, in_cell, false, &mut text);
                if text.trim().is_empty() {
                    out.push_str(&text);
                } else {
                    out.push('[');
                    out.push_str(text.trim());
                    out.push_str("](");
                    out.push_str(&link_destination(href.trim()));
                    out.push(')');
                }
            }
            Inline::Break if in_cell => out.push(' '),
            Inline::Break => {
                let trimmed = out.trim_end_matches(' ').len();
                out.truncate(trimmed);
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push_str("\\\n");
                }
            }
        }
    }
}

/// Emphasis around `children`, when CommonMark would read it back.
fn delimited(
    marker: &str,
    children: &[Inline],
    next: Option<char>,
    in_cell: bool,
    out: &mut String,
) {
    let mut inner = String::new();
    write(children, next, in_cell, false, &mut inner);
    let text = inner.trim();
    let lead = if inner.starts_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let trail = if inner.ends_with(char::is_whitespace) {
        " "
    } else {
        ""
    };
    let before = if lead.is_empty() {
        out.chars().next_back()
    } else {
        Some(' ')
    };
    let after = if trail.is_empty() { next } else { Some(' ') };
    let first = text.chars().next();
    let last = text.chars().next_back();
    let punct = |c: Option<char>| {
        c.is_some_and(|c| c.is_ascii_punctuation() || (!c.is_alphanumeric() && !c.is_whitespace()))
    };
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let unreadable = text.is_empty()
        || text.contains('\n')
        || (punct(first) && word(before))
        || (punct(last) && word(after))
        || first == Some('\\')
        || text.ends_with('\\');
    let readable = !unreadable;
    out.push_str(lead);
    if readable {
        out.push_str(marker);
        out.push_str(text);
        out.push_str(marker);
    } else {
        out.push_str(text);
    }
    out.push_str(trail);
}

/// A code span whose backticks are longer than any run inside it.
fn code_span(code: &str, out: &mut String) {
    let code = code.trim();
    if code.is_empty() {
        return;
    }
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    out.push_str(&fence);
    out.push_str(pad);
    out.push_str(code);
    out.push_str(pad);
    out.push_str(&fence);
}

/// Runs of white space as one space, as HTML shows them.
fn spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// The first character the inline content shows.
fn first_char(inlines: &[Inline]) -> Option<char> {
    inlines.iter().find_map(|inline| match inline {
        Inline::Text(t) | Inline::Code(t) => t.chars().next(),
        Inline::Strong(c) | Inline::Emphasis(c) | Inline::Link(_, c) => first_char(c),
        Inline::Break => Some('\n'),
    })
}

/// Spaces collapsed and trimmed at line ends.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut space = false;
        for c in line.trim_matches(' ').chars() {
            if c == ' ' {
                space = true;
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Inline {
        Inline::Text(s.to_string())
    }

    #[test]
    fn inline_markup_becomes_commonmark() {
        let inlines = vec![
            t("  We use "),
            Inline::Strong(vec![t("Session Cookies")]),
            t(". See "),
            Inline::Link("https://example.com/a b".into(), vec![t("our *list*")]),
            t(" or "),
            Inline::Code("x`y".into()),
            Inline::Break,
            t("1. next line"),
        ];
        assert_eq!(
            markdown(&inlines, false),
            "We use **Session Cookies**. See [our \\*list\\*](<https://example.com/a%20b>) or ``x`y``\\\n1\\. next line"
        );
    }

    #[test]
    fn emphasis_is_dropped_where_it_would_not_read_back() {
        let inlines = vec![
            t("a"),
            Inline::Strong(vec![t("(x)")]),
            t("b"),
            Inline::Emphasis(vec![t(" spaced ")]),
            t("c"),
        ];
        assert_eq!(markdown(&inlines, false), "a(x)b *spaced* c");
    }
}

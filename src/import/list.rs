//! Lists in plain text: the markers printed before items (`•`, `-`, `*`,
//! `1.`, `2)`, `(a)`, `b.`, `iv.`, `(3)`), and the items as CommonMark.
//!
//! CommonMark has bullet lists and lists numbered `1.` or `1)` from any
//! start, counting up by one. Items it can show as printed become such
//! lists (nested by their indentation); the others — letters, roman
//! numerals, brackets, numbers that skip — become paragraphs that start
//! with the marker exactly as printed, so `(a)` stays `(a)`.

use super::blocks::{Prose, Shape};
use super::escape;

/// Characters that mark a bulleted item.
const BULLETS: &[char] = &[
    '•', '●', '◦', '○', '▪', '■', '□', '‣', '⁃', '·', '-', '*', '+', '–', '\u{f0b7}', '\u{f0a7}',
];

/// What a marker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `•`, `-`, `*` and the like.
    Bullet,
    /// `1.` or `1)`: a number and its delimiter.
    Number(u64, char),
    /// `a.`, `B)`: a letter.
    Letter,
    /// `iv.`, `II)`: a roman numeral.
    Roman,
    /// `(a)`, `(3)`, `(iv)`: anything in brackets.
    Bracketed,
}

/// Markers that number items in sequence, so that a numbered line with a
/// neighbour of its family is an item, and one without is a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// `1.`, `2)`.
    Digits,
    /// `a.`, `B)`, `iv.`.
    Letters,
}

/// A list marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker<'a> {
    /// What it is.
    pub kind: Kind,
    /// The marker as printed.
    pub printed: &'a str,
    /// The item's text after it.
    pub rest: &'a str,
}

impl Marker<'_> {
    /// The family of a marker that can number a heading too.
    pub fn family(&self) -> Option<Family> {
        match self.kind {
            Kind::Number(..) => Some(Family::Digits),
            Kind::Letter | Kind::Roman => Some(Family::Letters),
            Kind::Bullet | Kind::Bracketed => None,
        }
    }
}

/// The list marker `text` (trimmed) starts with, if any: a marker is
/// followed by white space and some text.
pub fn marker(text: &str) -> Option<Marker<'_>> {
    let first = text.chars().next()?;
    if BULLETS.contains(&first) {
        let after = text.get(first.len_utf8()..)?;
        let spaced = after.starts_with(char::is_whitespace);
        if !spaced && "-*+–·".contains(first) {
            return None;
        }
        let rest = after.trim_start();
        let printed = text.get(..first.len_utf8())?;
        return (!rest.is_empty()).then_some(Marker {
            kind: Kind::Bullet,
            printed,
            rest,
        });
    }
    let (printed, rest) = text.split_once(char::is_whitespace)?;
    let rest = rest.trim_start();
    if rest.is_empty() {
        return None;
    }
    let kind = if let Some(inner) = printed.strip_prefix('(').and_then(|p| p.strip_suffix(')')) {
        (is_digits(inner) || is_letter(inner) || is_roman(inner)).then_some(Kind::Bracketed)?
    } else {
        let delimiter = printed.chars().last().filter(|c| matches!(c, '.' | ')'))?;
        let bare = printed.get(..printed.len().saturating_sub(1))?;
        if is_digits(bare) {
            Kind::Number(bare.parse().ok()?, delimiter)
        } else if is_roman(bare) {
            Kind::Roman
        } else if is_letter(bare) {
            Kind::Letter
        } else {
            return None;
        }
    };
    Some(Marker {
        kind,
        printed,
        rest,
    })
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.len() <= 3 && s.chars().all(|c| c.is_ascii_digit())
}

fn is_letter(s: &str) -> bool {
    s.chars().count() == 1 && s.chars().all(|c| c.is_ascii_alphabetic())
}

/// `i` to `xxxix`, in either case (not both).
fn is_roman(s: &str) -> bool {
    const ONES: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    const TENS: [&str; 4] = ["", "x", "xx", "xxx"];
    let lower = s.to_ascii_lowercase();
    let one_case = s == lower || s == s.to_ascii_uppercase();
    one_case
        && !s.is_empty()
        && TENS
            .iter()
            .any(|t| ONES.iter().any(|o| format!("{t}{o}") == lower))
}

/// One list item of plain text.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Columns of indentation before the marker.
    pub indent: usize,
    /// Its marker.
    pub marker: Marker<'a>,
    /// The item's text, its lines joined.
    pub text: String,
    /// The input line it starts on.
    pub line: usize,
}

/// A run of items as prose blocks: CommonMark lists where CommonMark can
/// show the markers as printed, a paragraph an item elsewhere.
pub fn blocks(entries: &[Entry<'_>]) -> Vec<Prose> {
    let levels = levels(entries);
    let mut out = Vec::new();
    let mut run: Vec<(usize, &Entry<'_>)> = Vec::new();
    let mut expected: Vec<Option<u64>> = Vec::new();
    for (entry, &level) in entries.iter().zip(&levels) {
        expected.truncate(level + 1);
        expected.resize(level + 1, None);
        let fits = match entry.marker.kind {
            Kind::Bullet => true,
            Kind::Number(n, _) => expected
                .get(level)
                .copied()
                .flatten()
                .is_none_or(|e| e == n),
            _ => false,
        };
        if fits {
            if let (Kind::Number(n, _), Some(slot)) = (entry.marker.kind, expected.get_mut(level)) {
                *slot = Some(n + 1);
            }
            run.push((level, entry));
            continue;
        }
        out.extend(list(&run));
        run.clear();
        expected.clear();
        let printed = format!("{} {}", entry.marker.printed, entry.text);
        out.push(Prose {
            markdown: escape::markdown(&printed),
            plain: printed,
            shape: Shape::Paragraph,
            line: entry.line,
        });
    }
    out.extend(list(&run));
    out
}

/// Each entry's nesting level, from its indentation: deeper than the item
/// before it by at most one.
fn levels(entries: &[Entry<'_>]) -> Vec<usize> {
    let mut indents: Vec<usize> = entries.iter().map(|e| e.indent).collect();
    indents.sort_unstable();
    indents.dedup();
    let mut levels = Vec::with_capacity(entries.len());
    let mut previous: Option<usize> = None;
    for entry in entries {
        let level = indents.iter().position(|&i| i == entry.indent).unwrap_or(0);
        let level = previous.map_or(0, |p| level.min(p + 1));
        levels.push(level);
        previous = Some(level);
    }
    levels
}

/// Items that CommonMark can show as printed, as one list.
fn list(run: &[(usize, &Entry<'_>)]) -> Option<Prose> {
    let base = run.iter().map(|(l, _)| *l).min()?;
    let first = run.first()?.1;
    let mut markdown = String::new();
    let mut plain = String::new();
    let mut offsets: Vec<usize> = Vec::new();
    for (level, entry) in run {
        let level = (level - base).min(offsets.len());
        offsets.truncate(level);
        let marker = match entry.marker.kind {
            Kind::Number(n, delimiter) => format!("{n}{delimiter}"),
            _ => "-".to_string(),
        };
        if !markdown.is_empty() {
            markdown.push('\n');
            plain.push('\n');
        }
        markdown.push_str(&" ".repeat(offsets.iter().sum()));
        markdown.push_str(&marker);
        markdown.push(' ');
        markdown.push_str(&escape::markdown(&entry.text));
        plain.push_str(&entry.text);
        offsets.push(marker.chars().count() + 1);
    }
    Some(Prose {
        markdown,
        plain,
        shape: Shape::Other,
        line: first.line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(text: &str) -> Option<Kind> {
        marker(text).map(|m| m.kind)
    }

    #[test]
    fn markers_are_recognised() {
        assert_eq!(kind("• First name"), Some(Kind::Bullet));
        assert_eq!(kind("•First name"), Some(Kind::Bullet));
        assert_eq!(kind("- item"), Some(Kind::Bullet));
        assert_eq!(kind("-item"), None);
        assert_eq!(kind("1. Email"), Some(Kind::Number(1, '.')));
        assert_eq!(kind("12) Email"), Some(Kind::Number(12, ')')));
        assert_eq!(kind("(a) submit"), Some(Kind::Bracketed));
        assert_eq!(kind("(iv) processing"), Some(Kind::Bracketed));
        assert_eq!(kind("b. second"), Some(Kind::Letter));
        assert_eq!(kind("iv. fourth"), Some(Kind::Roman));
        assert_eq!(kind("e.g. this"), None);
        assert_eq!(kind("U.S. law"), None);
        assert_eq!(kind("civil. x"), None);
        assert_eq!(kind("2024. A year"), None);
        assert_eq!(kind("1."), None);
    }

    fn entries(lines: &[(usize, &'static str)]) -> Vec<Entry<'static>> {
        lines
            .iter()
            .enumerate()
            .filter_map(|(i, &(indent, text))| {
                let marker = marker(text)?;
                Some(Entry {
                    indent,
                    text: marker.rest.to_string(),
                    marker,
                    line: i + 1,
                })
            })
            .collect()
    }

    #[test]
    fn items_become_lists_where_commonmark_shows_them_as_printed() {
        let out = blocks(&entries(&[(2, "• One"), (4, "◦ Sub *x*"), (2, "• Two")]));
        let md: Vec<&str> = out.iter().map(|p| p.markdown.as_str()).collect();
        assert_eq!(md, ["- One\n  - Sub \\*x\\*\n- Two"]);

        let out = blocks(&entries(&[
            (0, "3. Three"),
            (0, "4. Four"),
            (0, "7. Seven"),
        ]));
        let md: Vec<&str> = out.iter().map(|p| p.markdown.as_str()).collect();
        assert_eq!(md, ["3. Three\n4. Four", "7\\. Seven"]);

        let out = blocks(&entries(&[(0, "(a) first"), (0, "(b) second")]));
        let md: Vec<&str> = out.iter().map(|p| p.markdown.as_str()).collect();
        assert_eq!(md, ["(a) first", "(b) second"]);
    }
}

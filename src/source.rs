//! Source files and byte spans: what every diagnostic points into.

use serde::Serialize;

/// A half-open byte range in one source file.
///
/// Spans are carried by the model so that every later stage can point back
/// at what the author wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes).
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The span of `len` bytes starting `offset` bytes into this one.
    pub fn sub(self, offset: usize, len: usize) -> Self {
        let start = self.start + offset;
        Span::new(start, start + len)
    }
}

impl From<pest::Span<'_>> for Span {
    fn from(span: pest::Span<'_>) -> Self {
        Span::new(span.start(), span.end())
    }
}

/// A `.policy` file as read: its name for messages and its text.
///
/// The text has had a leading byte-order mark removed; spans index into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it, used in every message.
    pub name: String,
    /// The UTF-8 text.
    pub text: String,
    line_starts: Vec<usize>,
}

/// A 1-based line and column (in characters), as editors count them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

impl SourceFile {
    /// Wraps text read from `name`, dropping a leading byte-order mark.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line = self
            .line_starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of a span, or "" if it does not fall on character boundaries.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

/// Slicing that cannot panic: a bound outside the text or inside a
/// character gives the empty string. Every stage slices user text through
/// these, so no input can turn an offset mistake into a crash.
pub trait SafeSlice {
    /// The text from byte `start` on.
    fn slice_from(&self, start: usize) -> &str;
    /// The text before byte `end`.
    fn slice_to(&self, end: usize) -> &str;
    /// The text from byte `start` to byte `end`.
    fn slice_between(&self, start: usize, end: usize) -> &str;
}

impl SafeSlice for str {
    fn slice_from(&self, start: usize) -> &str {
        self.get(start..).unwrap_or("")
    }
    fn slice_to(&self, end: usize) -> &str {
        self.get(..end).unwrap_or("")
    }
    fn slice_between(&self, start: usize, end: usize) -> &str {
        self.get(start..end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_from_one() {
        let file = SourceFile::new("a.policy", "ab\n“é”x\n");
        assert_eq!(file.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(3), LineCol { line: 2, column: 1 });
        let x = file.text.find('x').unwrap_or(0);
        assert_eq!(file.line_col(x), LineCol { line: 2, column: 4 });
        assert_eq!(file.line_col(999), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let file = SourceFile::new("a.policy", "\u{feff}policy");
        assert_eq!(file.text, "policy");
    }
}

//! Positions as the protocol counts them: a zero-based line and a column
//! in UTF-16 code units (the default `positionEncoding`), converted to and
//! from the byte offsets every span holds. A column past the end of its
//! line, or inside a surrogate pair, is clamped, never a panic.

use crate::source::SafeSlice;

/// The starts of the lines of one text, for converting offsets both ways.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

/// A zero-based line and UTF-16 column, as `lsp_types::Position` holds
/// them; kept apart so this module is testable without the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Utf16Position {
    /// Zero-based line.
    pub line: u32,
    /// Zero-based column in UTF-16 code units.
    pub character: u32,
}

impl LineIndex {
    /// The line starts of `text` (after each `\n`).
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { starts }
    }

    /// The position of a byte offset of `text` (clamped to it; an offset
    /// inside a character counts as that character's start).
    pub fn position(&self, text: &str, offset: usize) -> Utf16Position {
        let offset = offset.min(text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let mut character = 0usize;
        for (i, c) in text.slice_from(start).char_indices() {
            if start + i >= offset {
                break;
            }
            // A character straddling the offset counts as its start.
            if start + i + c.len_utf8() > offset {
                break;
            }
            character += c.len_utf16();
        }
        Utf16Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: u32::try_from(character).unwrap_or(u32::MAX),
        }
    }

    /// The byte offset of a position in `text`: a line past the end is the
    /// end of the text, a column past the end of its line the line's end
    /// (before its `\n`, or `\r\n`), a column inside a surrogate pair the
    /// character's start.
    pub fn offset(&self, text: &str, position: Utf16Position) -> usize {
        let line = usize::try_from(position.line).unwrap_or(usize::MAX);
        let Some(&start) = self.starts.get(line) else {
            return text.len();
        };
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let content = text.slice_between(start, end);
        let content = content.strip_suffix('\n').unwrap_or(content);
        let content = content.strip_suffix('\r').unwrap_or(content);
        let wanted = usize::try_from(position.character).unwrap_or(usize::MAX);
        let mut units = 0usize;
        for (i, c) in content.char_indices() {
            if units + c.len_utf16() > wanted {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + content.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> Utf16Position {
        Utf16Position { line, character }
    }

    #[test]
    fn ascii_offsets_round_trip() {
        let text = "ab\ncd\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 4), at(1, 1));
        assert_eq!(index.offset(text, at(1, 1)), 4);
        assert_eq!(index.position(text, 6), at(2, 0));
    }

    #[test]
    fn non_ascii_counts_utf16_units() {
        // “ is 3 bytes and 1 unit; 😀 is 4 bytes and 2 units.
        let text = "x\n“é😀”y";
        let index = LineIndex::new(text);
        let y = text.find('y').unwrap_or(0);
        assert_eq!(index.position(text, y), at(1, 5));
        assert_eq!(index.offset(text, at(1, 5)), y);
        let emoji = text.find('😀').unwrap_or(0);
        assert_eq!(index.position(text, emoji), at(1, 2));
        // A column inside the surrogate pair is the character's start.
        assert_eq!(index.offset(text, at(1, 3)), emoji);
    }

    #[test]
    fn tabs_are_one_unit() {
        let text = "\t\tkey = 1";
        let index = LineIndex::new(text);
        let key = text.find('k').unwrap_or(0);
        assert_eq!(index.position(text, key), at(0, 2));
        assert_eq!(index.offset(text, at(0, 2)), key);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(index.offset(text, at(0, 99)), 2, "before the \\r\\n");
        assert_eq!(index.offset(text, at(9, 0)), text.len());
        assert_eq!(index.position(text, 999), at(1, 2));
        // An offset inside a character counts as its start.
        let text = "é";
        assert_eq!(LineIndex::new(text).position(text, 1), at(0, 0));
    }
}

//! Source files, the map of every file in a build, and byte spans that know
//! their file: what every diagnostic points into.

use serde::Serialize;

/// Which file of a build a span points into. A file compiled on its own is
/// `FileId::default()` (0); the driver numbers the files of a build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FileId(pub u32);

/// A half-open byte range in one source file.
///
/// Spans are carried by the model so that every later stage can point back
/// at what the author wrote, in whichever file it was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// The file the bytes belong to.
    pub file: FileId,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (bytes) in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }

    /// Whether `inner` lies within this span, in the same file.
    pub fn holds(&self, inner: Span) -> bool {
        self.file == inner.file && self.start <= inner.start && inner.end <= self.end
    }

    /// The span of `len` bytes starting `offset` bytes into this one.
    pub fn sub(self, offset: usize, len: usize) -> Self {
        let start = self.start + offset;
        Span::new(self.file, start, start + len)
    }

    /// This span cut to a text of `len` bytes.
    pub fn clamped(self, len: usize) -> Span {
        Span::new(self.file, self.start.min(len), self.end.min(len))
    }
}

/// A `.policy` file as read: its id in the build, its name for messages and
/// its text.
///
/// The text has had a leading byte-order mark removed; spans index into it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Its number in the build; spans into it carry this.
    pub id: FileId,
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
    /// Wraps text read from `name`, dropping a leading byte-order mark. The
    /// file is `FileId(0)`, as a file compiled on its own is.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self::with_id(FileId::default(), name, text)
    }

    /// As [`SourceFile::new`], numbered `id` in a build of several files.
    pub fn with_id(id: FileId, name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            id,
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// The span `start..end` in this file.
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.id, start, end)
    }

    /// The byte offset where each line starts, the first line's (0)
    /// included: measured once when the file is read, for whoever needs
    /// lines (the delimiter scan, line and column) so none counts again.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
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

/// Where diagnostics find the text their spans point into: one file, or
/// every file of a build.
pub trait Sources {
    /// The file with this id, if known.
    fn file(&self, id: FileId) -> Option<&SourceFile>;
}

impl Sources for SourceFile {
    fn file(&self, id: FileId) -> Option<&SourceFile> {
        (id == self.id).then_some(self)
    }
}

/// Every file of a build, by id: one build can hold many files, and a
/// diagnostic in any of them finds its text here.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        SourceMap::default()
    }

    /// The id the next added file will get.
    pub fn next_id(&self) -> FileId {
        FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX))
    }

    /// Adds a file, renumbered to its place in the map, and returns its id.
    pub fn add(&mut self, mut file: SourceFile) -> FileId {
        let id = self.next_id();
        file.id = id;
        self.files.push(file);
        id
    }

    /// Every file, in the order added.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }
}

impl Sources for SourceMap {
    fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(usize::try_from(id.0).ok()?)
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

    #[test]
    fn a_source_map_numbers_its_files_and_finds_them_by_id() {
        let mut map = SourceMap::new();
        let a = map.add(SourceFile::new("a.policy", "a"));
        let b = map.add(SourceFile::new("b.policy", "b"));
        assert_eq!((a, b), (FileId(0), FileId(1)));
        assert_eq!(map.file(b).map(|f| f.name.as_str()), Some("b.policy"));
        assert_eq!(map.file(b).map(|f| f.id), Some(b));
        assert!(map.file(FileId(2)).is_none());
    }
}

//! The delimiter scan that runs before pest: it finds unterminated strings
//! and prose blocks, unclosed or stray braces and nesting deeper than
//! [`MAX_DEPTH`] with messages about the author's text, and so keeps pest's
//! recursion bounded. It is linear in the length of the file.

use super::MAX_DEPTH;
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SafeSlice, SourceFile};

/// An open `{` or `[`: its byte, its offset, and its line's indentation.
type Open = (u8, usize, usize);

/// Finds delimiter problems pest would report poorly: an unterminated string
/// or prose block, a `{` never closed, a `}` closing nothing, nesting beyond
/// [`MAX_DEPTH`].
pub(super) fn scan_delimiters(file: &SourceFile) -> Result<(), Diagnostic> {
    let text = file.text.as_str();
    let bytes = text.as_bytes();
    let mut open: Vec<Open> = Vec::new();
    // A block whose closing `}` is indented unlike its opening line.
    let mut suspect: Option<usize> = None;
    let mut lines = LineIndents::new(file);
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if !DELIMITING.get(usize::from(byte)).copied().unwrap_or(false) {
            // Runs of other bytes skipped by one table load a byte.
            let rest = bytes.get(i..).unwrap_or_default();
            i += rest
                .iter()
                .position(|&b| DELIMITING.get(usize::from(b)).copied().unwrap_or(false))
                .unwrap_or(rest.len());
            continue;
        }
        i = match byte {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                memchr::memchr(b'\n', bytes.get(i..).unwrap_or_default())
                    .map_or(bytes.len(), |n| i + n + 1)
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => block_comment_end(file, i)?,
            b'"' => quoted_end(file, i)?,
            b'{' | b'[' => {
                open.push((byte, i, lines.indent_at(i).1));
                if open.len() > MAX_DEPTH {
                    return Err(too_deep(file, i, open.len()));
                }
                i + 1
            }
            b'}' | b']' => {
                let opened = close(file, open.pop(), byte, i)?;
                let (column, line_indent) = lines.indent_at(i);
                let starts_line = column == line_indent;
                if suspect.is_none() && starts_line && line_indent != opened.2 {
                    suspect = Some(opened.1);
                }
                i + 1
            }
            _ => i + 1,
        };
    }
    match open.last() {
        Some(&last) => Err(unclosed(file, &open, last, suspect)),
        None => Ok(()),
    }
}

/// The bytes the scan stops at: those that may open a comment, a string,
/// a block or a list, or close one.
static DELIMITING: [bool; 256] = delimiting();

/// The table of [`DELIMITING`], made as the crate compiles.
#[allow(clippy::indexing_slicing)] // `b` < 256, the table's length
const fn delimiting() -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = matches!(b as u8, b'/' | b'"' | b'{' | b'[' | b'}' | b']');
        b += 1;
    }
    table
}

/// The offset just past the block comment starting at `start`.
fn block_comment_end(file: &SourceFile, start: usize) -> Result<usize, Diagnostic> {
    let body = file.text.as_bytes().get(start + 2..).unwrap_or_default();
    match memchr::memmem::find(body, b"*/") {
        Some(n) => Ok(start + 2 + n + 2),
        None => Err(
            Diagnostic::error(Code::Syntax, "this comment is never closed")
                .at(file.span(start, start + 2))
                .label("the comment starts here")
                .help("end the comment with `*/`"),
        ),
    }
}

/// The offset just past the string or prose block starting at `start`.
fn quoted_end(file: &SourceFile, start: usize) -> Result<usize, Diagnostic> {
    let text = file.text.as_str();
    let quotes = text.bytes().skip(start).take_while(|&b| b == b'"').count();
    if quotes < 3 {
        return Ok(string_end(file, start)? + 1);
    }
    let fence = text.slice_between(start, start + quotes);
    let body = start + quotes;
    match find_fence(text.as_bytes(), body, fence.as_bytes()) {
        Some(n) => Ok(body + n + quotes),
        None => Err(
            Diagnostic::error(Code::UnterminatedProse, "this prose block is never closed")
                .at(file.span(start, body))
                .label("the block opens here")
                .help(format!("end the block with `{fence}` on a line of its own")),
        ),
    }
}

/// Where `fence` (a run of quotes) first occurs from `from`, relative to
/// `from`: each quote found with `memchr`, the run compared there.
fn find_fence(bytes: &[u8], from: usize, fence: &[u8]) -> Option<usize> {
    let mut at = from;
    loop {
        at += memchr::memchr(b'"', bytes.get(at..)?)?;
        if bytes.get(at..)?.starts_with(fence) {
            return Some(at - from);
        }
        at += 1;
    }
}

/// Too many blocks open at `at`.
fn too_deep(file: &SourceFile, at: usize, depth: usize) -> Diagnostic {
    Diagnostic::error(Code::TooDeep, "blocks are nested too deeply")
        .at(file.span(at, at + 1))
        .label(format!("this is level {depth} of nesting"))
        .help(format!("blocks may nest at most {MAX_DEPTH} levels deep, the policy's own braces included: flatten the sections"))
}

/// The delimiter that `close` at `at` closes, or the error when it closes
/// nothing or the wrong kind.
fn close(
    file: &SourceFile,
    opened: Option<Open>,
    close: u8,
    at: usize,
) -> Result<Open, Diagnostic> {
    let want = if close == b'}' { b'{' } else { b'[' };
    match opened {
        Some(opened) if opened.0 == want => Ok(opened),
        Some((_, start, _)) => Err(Diagnostic::error(
            Code::Syntax,
            format!(
                "`{}` does not close this `{}`",
                close as char,
                file.text.get(start..=start).unwrap_or("")
            ),
        )
        .at(file.span(at, at + 1))
        .related(file.span(start, start + 1), "the delimiter still open here")
        .help("check that every `{` has a `}` and every `[` a `]`")),
        None => Err(Diagnostic::error(
            Code::Syntax,
            format!("this `{}` closes nothing", close as char),
        )
        .at(file.span(at, at + 1))
        .label("no open block or list to close")
        .help("remove it, or add the opening delimiter it belongs to")),
    }
}

/// The file ends with `last` still open: the error points at the outermost
/// open block, and at the block whose `}` looks misplaced.
fn unclosed(file: &SourceFile, open: &[Open], last: Open, suspect: Option<usize>) -> Diagnostic {
    let (b, at, _) = last;
    let outer = open.first().map_or(at, |o| o.1);
    let mut diagnostic = Diagnostic::error(
        Code::Unclosed,
        format!("this `{}` is never closed", b as char),
    )
    .at(file.span(outer, outer + 1))
    .label("opened here; the file ends before its closing delimiter")
    .help(format!(
        "add the missing `{}`",
        if b == b'{' { '}' } else { ']' }
    ));
    if let Some(s) = suspect.filter(|&s| s != outer) {
        diagnostic = diagnostic.related(
            file.span(s, s + 1),
            "this block's closing `}` looks misplaced: check its indentation",
        );
    }
    diagnostic
}

/// The offset just past the string starting at `start`, or an error when it
/// meets a line break or the end of the file first.
fn string_end(file: &SourceFile, start: usize) -> Result<usize, Diagnostic> {
    let bytes = file.text.as_bytes();
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Ok(i),
            b'\n' | b'\r' => break,
            _ => {
                // The run up to the next byte that matters, found by memchr;
                // a `\r` in it ends the string as well.
                let rest = bytes.get(i..).unwrap_or_default();
                let run = memchr::memchr3(b'\\', b'"', b'\n', rest).unwrap_or(rest.len());
                if memchr::memchr(b'\r', rest.get(..run).unwrap_or_default()).is_some() {
                    break;
                }
                i += run;
            }
        }
    }
    Err(Diagnostic::error(Code::UnterminatedString, "this string is never closed")
        .at(file.span(start, start + 1))
        .label("the string starts here")
        .help("add the closing `\"` on the same line; for text over several lines use a `\"\"\"` block"))
}

/// Each line's indentation, measured when the scan first meets a
/// delimiter on it. The scan only moves forward, so its line is found by
/// moving a cursor over the file's own line starts (no index of its own)
/// and only the current line's indentation is kept: linear however long a
/// line is, and nothing allocated.
struct LineIndents<'a> {
    text: &'a str,
    starts: &'a [usize],
    /// The line of the last offset asked about.
    line: usize,
    /// That line's indentation, once measured.
    indent: Option<usize>,
}

impl<'a> LineIndents<'a> {
    fn new(file: &'a SourceFile) -> Self {
        LineIndents {
            text: &file.text,
            starts: file.line_starts(),
            line: 0,
            indent: None,
        }
    }

    /// The byte column of `at` in its line, and the line's indentation.
    /// Offsets come in increasing order; an earlier one is looked up anew.
    fn indent_at(&mut self, at: usize) -> (usize, usize) {
        if self.starts.get(self.line).is_some_and(|&s| s > at) {
            self.line = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
            self.indent = None;
        }
        while self.starts.get(self.line + 1).is_some_and(|&s| s <= at) {
            self.line += 1;
            self.indent = None;
        }
        let start = self.starts.get(self.line).copied().unwrap_or(0);
        let text = self.text;
        let indent = *self.indent.get_or_insert_with(|| {
            text.slice_from(start)
                .bytes()
                .take_while(|b| *b == b' ' || *b == b'\t')
                .count()
        });
        (at.saturating_sub(start), indent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `string_end` as it was before it skipped runs with memchr: a byte
    /// at a time.
    fn string_end_before(bytes: &[u8], start: usize) -> Option<usize> {
        let mut i = start + 1;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'\\' => i += 2,
                b'"' => return Some(i),
                b'\n' | b'\r' => return None,
                _ => i += 1,
            }
        }
        None
    }

    /// A string skipped by runs (memchr) ends where the byte-at-a-time
    /// loop ended it, or fails where it failed, on every text of up to
    /// five bytes of an alphabet of those that matter; and the whole scan,
    /// which skips other bytes by a table, reads each of them inside a
    /// policy without panicking (its errors are the UI tests' to check).
    #[test]
    fn skipping_runs_ends_strings_where_the_byte_loop_did() {
        let alphabet: [&str; 12] = [
            "a", " ", "\"", "\\", "\n", "\r", "{", "}", "[", "]", "/", "*",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |a| format!("{t}{a}")))
                .collect();
            texts.extend(longer);
        }
        for text in &texts {
            let bytes = text.as_bytes();
            let file = SourceFile::new("t.policy", text.as_str());
            for (start, _) in text.match_indices('"') {
                let now = string_end(&file, start).ok();
                assert_eq!(now, string_end_before(bytes, start), "{text:?} at {start}");
            }
            let padded = format!("x {{ y = \"ab{text}cd\" }} {text} zz");
            let file = SourceFile::new("t.policy", padded.as_str());
            let _ = scan_delimiters(&file).map_err(|d| d.message);
        }
    }

    /// The defect this guards against: the scan's line cursor (no line
    /// index of its own since issue 20) giving another column or
    /// indentation than the file's lines do — moving forward, skipping
    /// lines, at a line's first byte, or asked about an earlier offset.
    #[test]
    fn indents_follow_the_files_lines() {
        let text = "a\n  b {\n\t\tc\n\n    }\r\n x";
        let file = SourceFile::new("t.policy", text);
        let expected = |at: usize| {
            let start = text
                .get(..at)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |n| n + 1);
            let indent = text.get(start..).map_or(0, |line| {
                line.bytes()
                    .take_while(|b| *b == b' ' || *b == b'\t')
                    .count()
            });
            (at - start, indent)
        };
        let mut lines = LineIndents::new(&file);
        for at in (0..text.len()).step_by(3).chain([4, 20, 0, text.len() - 1]) {
            assert_eq!(lines.indent_at(at), expected(at), "at {at}");
        }
    }
}

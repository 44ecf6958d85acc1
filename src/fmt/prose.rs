//! Prose blocks are never reflowed. A `"""` block whose closing quotes
//! stand on a line of their own is moved whole to its item's new
//! indentation: every content line and the closing quotes shift by the
//! same amount, so what the lowering strips (the closing quotes'
//! indentation, `lower/prose.rs`) leaves the same CommonMark text, an
//! indented code block included. Blank lines lose their white space, which
//! the lowering drops anyway; other lines keep every character, trailing
//! spaces (a CommonMark hard break) included.
//!
//! Any other block (text after the opening or before the closing quotes, a
//! line left of the closing quotes) is kept as written, only with LF line
//! breaks. Each candidate is lowered beside the original and used only
//! when the prose and its diagnostics are the same: the lowering itself
//! decides, so the formatter cannot drift from it.

use crate::diagnostic::Code;
use crate::model::{Block, Node};
use crate::source::SourceFile;

/// The content of a prose block opened by `open` and closed by `close`,
/// moved so that the closing quotes stand `indent` spaces in; as written
/// when it cannot be moved without changing the text.
pub(super) fn reindent(open: &str, raw: &str, close: &str, indent: usize) -> String {
    let candidates = [shifted(raw, indent), Some(raw.replace("\r\n", "\n"))];
    for candidate in candidates.into_iter().flatten() {
        if candidate == raw || same_prose(open, raw, &candidate, close) {
            return candidate;
        }
    }
    raw.to_string()
}

/// The block shifted: `None` unless the opening line is blank, the
/// closing quotes stand on a line of their own, and every line that is not
/// blank starts with their indentation.
fn shifted(raw: &str, indent: usize) -> Option<String> {
    let unix = raw.replace("\r\n", "\n");
    let lines: Vec<&str> = unix.split('\n').collect();
    let (first, rest) = lines.split_first()?;
    let (closing, body) = rest.split_last()?;
    if !first.trim().is_empty() || !closing.trim().is_empty() {
        return None;
    }
    let new = " ".repeat(indent);
    let mut out = String::with_capacity(raw.len());
    for line in body {
        out.push('\n');
        if !line.trim().is_empty() {
            out.push_str(&new);
            out.push_str(line.strip_prefix(closing)?);
        }
    }
    out.push('\n');
    out.push_str(&new);
    Some(out)
}

/// Whether two contents of a block lower to the same prose with the same
/// diagnostics.
fn same_prose(open: &str, a: &str, b: &str, close: &str) -> bool {
    let a = lowered(open, a, close);
    a.is_some() && a == lowered(open, b, close)
}

/// The prose a block lowers to, and the codes of what it reports.
fn lowered(open: &str, content: &str, close: &str) -> Option<(Node<Block>, Vec<Code>)> {
    let text = format!("policy terms \"fmt\" {{\n  text {open}{content}{close}\n}}\n");
    let compiled = crate::compile(&SourceFile::new("prose", text));
    let block = compiled.model()?.body.first()?.clone();
    let codes = compiled.diagnostics.iter().map(|d| d.code).collect();
    Some((block, codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_block_moves_whole_keeping_its_code_block() {
        let raw = "\n        code\n\n    Text.  \n    ";
        let moved = reindent("\"\"\"", raw, "\"\"\"", 2);
        assert_eq!(moved, "\n      code\n\n  Text.  \n  ");
    }

    #[test]
    fn a_block_with_text_on_its_quote_lines_is_kept() {
        let raw = "First line\r\n  second\r\n  ";
        let kept = reindent("\"\"\"", raw, "\"\"\"", 6);
        assert_eq!(kept, "First line\n  second\n  ");
    }

    #[test]
    fn a_line_left_of_the_closing_quotes_keeps_the_block_as_written() {
        let raw = "\n    a\n  b\n    ";
        assert_eq!(reindent("\"\"\"", raw, "\"\"\"", 2), raw);
    }
}

//! The last step of formatting: columns, then text. In a run of
//! consecutive lines that each hold one item with its own `=` (`key =
//! value`, `term Name = "…"`), of the same rule and in the same block, the
//! `=` signs are aligned, as `docs/language.md` writes metadata. The `//`
//! comments that end lines of code in one paragraph (no blank line between)
//! are aligned one space after the longest of those lines, as gofmt does.

use super::flatten::{Flat, Kind, Member};
use super::layout::{Layout, Line, is_line_comment};
use crate::syntax::Rule;

/// A line that may be aligned: one item with its own `=`.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    line: usize,
    group: usize,
    kind: Rule,
    /// The index of the `=` piece on the line.
    equals: usize,
    /// The width of the text before the `=`.
    width: usize,
}

/// Aligns the `=` of runs of `key = value` lines.
pub(super) fn align_equals(flat: &Flat<'_>, layout: &mut Layout) {
    let mut candidates: Vec<Candidate> = flat
        .members
        .iter()
        .filter_map(|member| candidate(flat, layout, member))
        .collect();
    candidates.sort_by_key(|c| c.line);
    let mut run: Vec<Candidate> = Vec::new();
    for candidate in candidates {
        let continues = run.last().is_some_and(|last| {
            candidate.line == last.line + 1
                && candidate.group == last.group
                && candidate.kind == last.kind
                && !layout
                    .lines
                    .get(candidate.line)
                    .is_some_and(|l| l.blank_before)
        });
        if !continues {
            pad(layout, &run);
            run.clear();
        }
        run.push(candidate);
    }
    pad(layout, &run);
}

/// The member's line, when the member is alone on it (a comment after it
/// aside) and has its own `=` there.
fn candidate(flat: &Flat<'_>, layout: &Layout, member: &Member) -> Option<Candidate> {
    let at = |tok: usize| layout.at.get(tok).copied().flatten();
    let (line, first_piece) = at(member.first)?;
    let (equals_line, equals) = at(member.equals?)?;
    let (last_line, last_piece) = at(member.last)?;
    let pieces = &layout.lines.get(line)?.pieces;
    let alone = first_piece == 0
        && equals_line == line
        && last_line == line
        && !layout.lines.get(line)?.verbatim
        && pieces.iter().skip(last_piece + 1).all(|piece| {
            flat.toks
                .get(piece.tok)
                .is_some_and(|t| t.kind == Kind::Comment)
        });
    let width = pieces
        .iter()
        .take(equals)
        .map(|piece| piece.space + piece.text.chars().count())
        .sum();
    alone.then_some(Candidate {
        line,
        group: member.group,
        kind: member.kind,
        equals,
        width,
    })
}

/// Pads the text before each `=` of a run to the widest.
fn pad(layout: &mut Layout, run: &[Candidate]) {
    if run.len() < 2 {
        return;
    }
    let widest = run.iter().map(|c| c.width).max().unwrap_or(0);
    for candidate in run {
        let piece = layout
            .lines
            .get_mut(candidate.line)
            .and_then(|line| line.pieces.get_mut(candidate.equals));
        if let Some(piece) = piece {
            piece.space = 1 + widest - candidate.width;
        }
    }
}

/// The text of the lines, LF after each, trailing comments aligned.
pub(super) fn render(flat: &Flat<'_>, layout: &Layout) -> String {
    let lines: Vec<(String, Option<&str>)> = layout
        .lines
        .iter()
        .map(|line| code_and_comment(flat, line))
        .collect();
    let columns = comment_columns(layout, &lines);
    let mut out = String::new();
    for ((line, (code, comment)), column) in layout.lines.iter().zip(&lines).zip(columns) {
        if line.blank_before && !out.is_empty() {
            out.push('\n');
        }
        out.push_str(code);
        if let Some(comment) = comment {
            let width = code.chars().count();
            push_spaces(
                &mut out,
                column.map_or(1, |c| c.saturating_sub(width).max(1)),
            );
            out.push_str(comment);
        }
        out.push('\n');
    }
    out
}

/// A line's text, without the `//` comment that ends it after code, and
/// that comment.
fn code_and_comment<'l>(flat: &Flat<'_>, line: &'l Line) -> (String, Option<&'l str>) {
    let mut code = String::new();
    if !line.verbatim {
        push_spaces(&mut code, line.indent);
    }
    let mut comment = None;
    for (n, piece) in line.pieces.iter().enumerate() {
        if n > 0 && flat.toks.get(piece.tok).is_some_and(is_line_comment) {
            // A line comment runs to the end of the line: it is the last piece.
            comment = Some(piece.text.as_str());
            continue;
        }
        push_spaces(&mut code, piece.space);
        code.push_str(&piece.text);
    }
    (code, comment)
}

/// For each line, the column its trailing comment starts at: one space
/// after the longest code among the lines with one in its paragraph (lines
/// between blank lines and the lines of prose blocks and block comments).
/// A line that starts with a closing `}` or `]` and ends with a comment is
/// a paragraph of its own: its comment stays one space after the
/// delimiter, and neither it nor the last item of the block moves to line
/// up with the other.
fn comment_columns(layout: &Layout, lines: &[(String, Option<&str>)]) -> Vec<Option<usize>> {
    let closes = |i: usize| {
        lines.get(i).is_some_and(|(code, comment)| {
            comment.is_some() && code.trim_start().starts_with(['}', ']'])
        })
    };
    let mut columns = vec![None; lines.len()];
    let mut start = 0;
    for end in 1..=lines.len() {
        let breaks = layout
            .lines
            .get(end)
            .is_none_or(|line| line.blank_before || line.verbatim)
            || closes(end)
            || closes(end - 1);
        if !breaks {
            continue;
        }
        let aligned = |i: &usize| !layout.lines.get(*i).is_some_and(|l| l.verbatim);
        let widest = (start..end)
            .filter(aligned)
            .filter_map(|i| lines.get(i))
            .filter(|(_, comment)| comment.is_some())
            .map(|(code, _)| code.chars().count() + 1)
            .max();
        for column in columns.iter_mut().take(end).skip(start) {
            *column = widest;
        }
        for i in (start..end).filter(|i| !aligned(i)) {
            if let Some(column) = columns.get_mut(i) {
                *column = None;
            }
        }
        start = end;
    }
    columns
}

fn push_spaces(text: &mut String, count: usize) {
    text.extend(std::iter::repeat_n(' ', count));
}

//! The second step of formatting: the flat tokens into lines. Where the
//! author broke lines is kept (a blank line at most between members, none
//! after an opening or before a closing delimiter), except that a group
//! spanning lines has each member and its closing delimiter on lines of
//! their own, and an opening `{` or `[` joins the line before it. Each line
//! is indented two spaces a level; between tokens on a line stands one
//! space, none inside `[ ]` or before `,`. A token spanning lines (a prose
//! block's content, a block comment) continues on lines of its own that
//! are kept as they are: only a prose block is moved, whole, by
//! [`super::prose`].

use super::flatten::{Flat, Kind, Tok};
use super::prose;
use crate::syntax::Rule;

/// Spaces a level of nesting is indented.
pub(super) const INDENT: usize = 2;

/// One line of the output.
#[derive(Debug, Default)]
pub(super) struct Line {
    /// Spaces before the first piece (unless `verbatim`).
    pub indent: usize,
    /// The line continues a token spanning lines: its first piece carries
    /// its own indentation, kept as it is.
    pub verbatim: bool,
    /// A blank line stands before it.
    pub blank_before: bool,
    /// The tokens on it, in order.
    pub pieces: Vec<Piece>,
}

/// A token, or one line of a token spanning lines, on a line.
#[derive(Debug)]
pub(super) struct Piece {
    /// The token's index in [`Flat::toks`].
    pub tok: usize,
    /// Spaces before it.
    pub space: usize,
    /// Its text on this line.
    pub text: String,
}

/// The lines, and where each token's first piece is: (line, piece).
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// The lines.
    pub lines: Vec<Line>,
    /// For each token, where its (first) piece is.
    pub at: Vec<Option<(usize, usize)>>,
}

/// How a token follows the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    /// On the same line, after this many spaces.
    Same(usize),
    /// On a new line, after a blank line or not.
    Line { blank: bool },
}

/// Lays out the tokens.
pub(super) fn layout(flat: &Flat<'_>) -> Layout {
    let mut state = State {
        out: Layout::default(),
        levels: vec![0],
        level: 0,
    };
    for (i, tok) in flat.toks.iter().enumerate() {
        let decision = decide(flat, i);
        let space = match decision {
            Break::Same(space) => space,
            Break::Line { blank } => {
                state.level = state.line_level(tok);
                state.new_line(state.level * INDENT, false, blank);
                0
            }
        };
        let starts_line = matches!(decision, Break::Line { .. });
        let text = text_of(flat, i, state.level, starts_line);
        state.put(i, space, &text);
        match tok.kind {
            Kind::Open => state.levels.push(state.level + 1),
            Kind::Close if state.levels.len() > 1 => {
                state.levels.pop();
            }
            _ => {}
        }
    }
    state.out
}

/// Whether token `i` goes on a new line, and how far from the last one.
fn decide(flat: &Flat<'_>, i: usize) -> Break {
    let Some(tok) = flat.toks.get(i) else {
        return Break::Same(0);
    };
    let Some(prev) = i.checked_sub(1).and_then(|p| flat.toks.get(p)) else {
        return Break::Line { blank: false };
    };
    let exploded = flat.groups.get(tok.group).is_some_and(|g| g.exploded);
    let blank = tok.member && tok.breaks >= 2 && prev.kind != Kind::Open;
    if is_line_comment(prev) {
        return Break::Line { blank };
    }
    match tok.kind {
        Kind::Glued | Kind::Separator => Break::Same(0),
        Kind::Open => Break::Same(1),
        Kind::Close if exploded => Break::Line { blank: false },
        Kind::Plain if tok.member && exploded => Break::Line { blank },
        Kind::Plain | Kind::Comment if tok.breaks > 0 => Break::Line { blank },
        _ => Break::Same(space_between(prev, tok)),
    }
}

/// Spaces between two tokens on a line: none just inside `[ ]` (a comment
/// aside), one elsewhere.
fn space_between(prev: &Tok<'_>, tok: &Tok<'_>) -> usize {
    let after_bracket = prev.token.kind == Rule::list_open && tok.kind != Kind::Comment;
    let before_bracket = tok.token.kind == Rule::list_close && prev.kind != Kind::Comment;
    usize::from(!(after_bracket || before_bracket))
}

/// A `//` comment, which runs to the end of its line.
pub(super) fn is_line_comment(tok: &Tok<'_>) -> bool {
    tok.kind == Kind::Comment && tok.token.text.starts_with("//")
}

/// A token's text in the output: line breaks as LF, no white space at the
/// end of a line comment, a prose block's content moved with its item, a
/// block comment that starts a line moved with it.
fn text_of(flat: &Flat<'_>, i: usize, level: usize, starts_line: bool) -> String {
    let Some(tok) = flat.toks.get(i) else {
        return String::new();
    };
    let text = tok.token.text.as_str();
    if is_line_comment(tok) {
        return text.trim_end().to_string();
    }
    if tok.token.kind == Rule::prose_content {
        let quotes = |at: Option<usize>| {
            at.and_then(|at| flat.toks.get(at))
                .map_or("", |t| t.token.text.as_str())
        };
        let (open, close) = (quotes(i.checked_sub(1)), quotes(Some(i + 1)));
        return prose::reindent(open, text, close, (level + 1) * INDENT);
    }
    let text = text.replace("\r\n", "\n");
    if tok.kind == Kind::Comment && starts_line {
        return shift_lines(&text, tok.source_column, level * INDENT);
    }
    text
}

/// A block comment's text, its lines after the first moved as far as its
/// start moves from column `from` to `to`; as it is when a line has not the
/// white space to lose.
fn shift_lines(text: &str, from: usize, to: usize) -> String {
    let mut lines = text.split('\n');
    let mut out = lines.next().unwrap_or("").to_string();
    for line in lines {
        out.push('\n');
        let rest = if to >= from {
            out.extend(std::iter::repeat_n(' ', to - from));
            line
        } else {
            let lose = from - to;
            let blank = line
                .chars()
                .take(lose)
                .take_while(|c| matches!(c, ' ' | '\t'));
            if blank.count() < lose {
                return text.to_string();
            }
            line.get(lose..).unwrap_or(line)
        };
        out.push_str(rest);
    }
    out
}

struct State {
    out: Layout,
    /// For each open group, the level of its members.
    levels: Vec<usize>,
    /// The level of the current line (of the line a token spanning lines
    /// started on, while on its continuation lines).
    level: usize,
}

impl State {
    /// The level of a line that `tok` starts.
    fn line_level(&self, tok: &Tok<'_>) -> usize {
        let top = self.levels.last().copied().unwrap_or(0);
        match tok.kind {
            Kind::Close => top.saturating_sub(1),
            // After a line comment: `{` and `,` stand where members do.
            Kind::Open | Kind::Separator => top,
            _ if tok.member => top,
            // A line that continues an item.
            _ => top + 1,
        }
    }

    fn new_line(&mut self, indent: usize, verbatim: bool, blank_before: bool) {
        self.out.lines.push(Line {
            indent,
            verbatim,
            blank_before,
            pieces: Vec::new(),
        });
    }

    /// Puts token `tok` on the current line after `space` spaces; each
    /// further line of its text goes on a verbatim line of its own.
    fn put(&mut self, tok: usize, space: usize, text: &str) {
        if self.out.lines.is_empty() {
            self.new_line(0, false, false);
        }
        let mut space = space;
        for (n, segment) in text.split('\n').enumerate() {
            if n > 0 {
                self.new_line(0, true, false);
                space = 0;
            }
            let line = self.out.lines.len().saturating_sub(1);
            let Some(current) = self.out.lines.last_mut() else {
                return;
            };
            if n == 0 {
                self.out.at.resize(tok, None);
                self.out.at.push(Some((line, current.pieces.len())));
            }
            current.pieces.push(Piece {
                tok,
                space,
                text: segment.to_string(),
            });
        }
    }
}

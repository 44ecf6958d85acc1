//! Editor answers as pure functions over a compiled file: hover,
//! completion, definition, references, rename, symbols, folding, semantic
//! tokens and code actions. Everything here speaks byte offsets, spans and
//! typed values; the protocol layer (`lsp`) converts them to positions and
//! JSON. The compiled [`Unit`] is what `check` computes for the file — its
//! model (valid or partial), diagnostics and clause files — so every
//! answer agrees with the command line.

mod actions;
mod complete;
mod cursor;
mod hover;
mod keywords;
mod navigate;
mod outline;

pub use actions::{Action, code_actions};
pub use complete::{Completion, CompletionKind, completions};
pub use hover::hover;
pub use keywords::keyword_doc;
pub use navigate::{definition, references, rename};
pub use outline::{Fold, Symbol, SymbolKind, Token, TokenKind, folds, symbols, tokens};

use crate::driver::Unit;
use crate::source::{FileId, SourceFile, Sources as _, Span};

/// One replacement of text: what the editor applies for a rename, a
/// format or a code action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The bytes replaced (in the file the span names).
    pub span: Span,
    /// What replaces them.
    pub new_text: String,
}

/// A hover card: Markdown about the thing under the cursor, and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hover {
    /// The thing hovered.
    pub span: Span,
    /// What to show, in Markdown.
    pub markdown: String,
}

/// The source file of `file` among the unit's (the policy or a clause file).
pub(crate) fn source(unit: &Unit, file: FileId) -> Option<&SourceFile> {
    unit.file(file)
}

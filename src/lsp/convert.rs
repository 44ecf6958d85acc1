//! From the compiler's values to the protocol's: spans to ranges and
//! locations (UTF-16), diagnostics with their codes, links, related
//! places and help, and the editor answers of [`crate::ide`].

use super::position::{LineIndex, Utf16Position};
use super::uri;
use crate::diagnostic::{Diagnostic, Severity};
use crate::driver::Unit;
use crate::ide;
use crate::source::{SourceFile, Sources as _, Span};
use lsp_types as lsp;
use std::path::Path;
use std::str::FromStr;

/// A text and its line index, for converting positions in one file.
pub struct Text<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> Text<'a> {
    /// The index of `text`.
    pub fn new(text: &'a str) -> Self {
        Text {
            text,
            index: LineIndex::new(text),
        }
    }

    /// A byte offset as a protocol position.
    pub fn position(&self, offset: usize) -> lsp::Position {
        let at = self.index.position(self.text, offset);
        lsp::Position::new(at.line, at.character)
    }

    /// A protocol position as a byte offset.
    pub fn offset(&self, position: lsp::Position) -> usize {
        let at = Utf16Position {
            line: position.line,
            character: position.character,
        };
        self.index.offset(self.text, at)
    }

    /// Byte offsets as a protocol range.
    pub fn range(&self, start: usize, end: usize) -> lsp::Range {
        lsp::Range::new(self.position(start), self.position(end))
    }
}

/// The location of a span among the unit's files.
pub fn location(unit: &Unit, span: Span) -> Option<lsp::Location> {
    let file = unit.file(span.file)?;
    let uri = uri::from_path(Path::new(&file.name))?;
    Some(lsp::Location::new(uri, range_in(file, span)))
}

/// A span's range in its file.
pub fn range_in(file: &SourceFile, span: Span) -> lsp::Range {
    Text::new(&file.text).range(span.start, span.end)
}

/// A diagnostic for the protocol: code (linked to its explanation when a
/// docs address is known), message with label and help, related places
/// (the "included from here" of a clause file's problem among them).
pub fn diagnostic(unit: &Unit, d: &Diagnostic, docs_url: Option<&str>) -> lsp::Diagnostic {
    let range = d
        .span
        .and_then(|span| unit.file(span.file).map(|f| range_in(f, span)))
        .unwrap_or_default();
    let mut message = d.message.clone();
    if let Some(label) = &d.label {
        message.push_str(&format!("\n{label}"));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let code = d.code.as_str();
    let code_description = docs_url
        .and_then(|base| lsp::Uri::from_str(&format!("{base}#{}", code.to_lowercase())).ok())
        .map(|href| lsp::CodeDescription { href });
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|label| {
            Some(lsp::DiagnosticRelatedInformation {
                location: location(unit, label.span)?,
                message: label.message.clone(),
            })
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(code.to_string())),
        code_description,
        source: Some("policyc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Edits as a workspace edit, grouped by file.
// `lsp_types::WorkspaceEdit` is keyed by `Uri`, whose cached parse is a
// `Cell` that never changes its hash: the protocol's type, not a choice.
#[allow(clippy::mutable_key_type)]
pub fn workspace_edit(unit: &Unit, edits: &[ide::Edit]) -> lsp::WorkspaceEdit {
    let mut changes: std::collections::HashMap<lsp::Uri, Vec<lsp::TextEdit>> =
        std::collections::HashMap::new();
    for edit in edits {
        if let Some(location) = location(unit, edit.span) {
            changes
                .entry(location.uri)
                .or_default()
                .push(lsp::TextEdit::new(location.range, edit.new_text.clone()));
        }
    }
    lsp::WorkspaceEdit::new(changes)
}

/// The order of [`ide::TokenKind`]s in the legend the server announces.
pub const TOKEN_TYPES: &[lsp::SemanticTokenType] = &[
    lsp::SemanticTokenType::KEYWORD,
    lsp::SemanticTokenType::PROPERTY,
    lsp::SemanticTokenType::TYPE,
    lsp::SemanticTokenType::ENUM_MEMBER,
    lsp::SemanticTokenType::STRING,
    lsp::SemanticTokenType::NUMBER,
    lsp::SemanticTokenType::COMMENT,
    lsp::SemanticTokenType::VARIABLE,
];

fn token_type(kind: ide::TokenKind) -> u32 {
    match kind {
        ide::TokenKind::Keyword => 0,
        ide::TokenKind::Property => 1,
        ide::TokenKind::Type => 2,
        ide::TokenKind::EnumMember => 3,
        ide::TokenKind::String => 4,
        ide::TokenKind::Number => 5,
        ide::TokenKind::Comment => 6,
        ide::TokenKind::Variable => 7,
    }
}

/// Tokens in the protocol's relative encoding, one a line (a token over
/// several lines is split, as clients without multiline support need).
pub fn semantic_tokens(file: &SourceFile, tokens: &[ide::Token]) -> Vec<lsp::SemanticToken> {
    let text = Text::new(&file.text);
    let mut out = Vec::new();
    let (mut line, mut character) = (0u32, 0u32);
    for token in tokens {
        let mut start = token.span.start;
        for piece in file.slice(token.span).split_inclusive('\n') {
            let end = start + piece.trim_end_matches(['\n', '\r']).len();
            let (from, to) = (text.position(start), text.position(end));
            start += piece.len();
            if to.character <= from.character {
                continue;
            }
            let delta_start = if from.line == line {
                from.character - character
            } else {
                from.character
            };
            out.push(lsp::SemanticToken {
                delta_line: from.line - line,
                delta_start,
                length: to.character - from.character,
                token_type: token_type(token.kind),
                token_modifiers_bitset: 0,
            });
            (line, character) = (from.line, from.character);
        }
    }
    out
}

/// An outline entry for the protocol.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written.
pub fn symbol(file: &SourceFile, symbol: &ide::Symbol) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: symbol.name.clone(),
        detail: None,
        kind: match symbol.kind {
            ide::SymbolKind::Policy => lsp::SymbolKind::FILE,
            ide::SymbolKind::Section => lsp::SymbolKind::NAMESPACE,
            ide::SymbolKind::Fact => lsp::SymbolKind::EVENT,
            ide::SymbolKind::Entity => lsp::SymbolKind::OBJECT,
            ide::SymbolKind::Term => lsp::SymbolKind::CONSTANT,
            ide::SymbolKind::Block => lsp::SymbolKind::MODULE,
        },
        tags: None,
        deprecated: None,
        range: range_in(file, symbol.span),
        selection_range: range_in(file, symbol.selection),
        children: Some(
            symbol
                .children
                .iter()
                .map(|c| self::symbol(file, c))
                .collect(),
        ),
    }
}

/// A completion for the protocol.
pub fn completion(item: ide::Completion) -> lsp::CompletionItem {
    lsp::CompletionItem {
        kind: Some(match item.kind {
            ide::CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
            ide::CompletionKind::Setting => lsp::CompletionItemKind::PROPERTY,
            ide::CompletionKind::Value => lsp::CompletionItemKind::ENUM_MEMBER,
            ide::CompletionKind::Reference => lsp::CompletionItemKind::VARIABLE,
            ide::CompletionKind::Kind => lsp::CompletionItemKind::CLASS,
        }),
        detail: item.detail,
        label: item.label,
        ..lsp::CompletionItem::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semantic_tokens_are_relative_and_one_a_line() {
        let file = SourceFile::new("t.policy", "“x” /* a\nb */ key");
        let comment = file.text.find("/*").unwrap_or(0);
        let key = file.text.find("key").unwrap_or(0);
        let tokens = [
            ide::Token {
                span: Span::new(file.id, comment, key - 1),
                kind: ide::TokenKind::Comment,
            },
            ide::Token {
                span: Span::new(file.id, key, key + 3),
                kind: ide::TokenKind::Property,
            },
        ];
        let encoded: Vec<(u32, u32, u32, u32)> = semantic_tokens(&file, &tokens)
            .iter()
            .map(|t| (t.delta_line, t.delta_start, t.length, t.token_type))
            .collect();
        // `/* a` at UTF-16 column 4 (the curly quotes are one unit each),
        // `b */` on the next line at 0, `key` after it on the same line.
        assert_eq!(encoded, [(0, 4, 4, 6), (1, 0, 4, 6), (0, 5, 3, 1)]);
    }
}

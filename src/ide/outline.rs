//! The shape of a file, read from its lossless syntax tree: the outline
//! (sections, facts, entities, terms), the ranges an editor can fold, and
//! a token class for every keyword, key, value, string, comment and
//! `${…}` reference (semantic highlighting). A clause file is read as one.

use super::cursor::references_in;
use crate::source::{SourceFile, Span};
use crate::syntax::tree::{Element, Node};
use crate::syntax::{Rule, SyntaxTree};

/// What an outline entry is, for the editor's icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    /// The policy.
    Policy,
    /// A section.
    Section,
    /// A data-practice fact.
    Fact,
    /// `org`, `contact` or an officer.
    Entity,
    /// A term or defined phrase.
    Term,
    /// A generated block or an `include`.
    Block,
}

/// One entry of the outline, with what it contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// Its head as written, e.g. `section use "How we use data"`.
    pub name: String,
    /// What it is.
    pub kind: SymbolKind,
    /// The whole item.
    pub span: Span,
    /// Its keyword, which the editor selects.
    pub selection: Span,
    /// What it contains.
    pub children: Vec<Symbol>,
}

/// A range an editor can fold: the lines of a block, list, prose block or
/// long comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fold {
    /// Its bytes.
    pub span: Span,
    /// Whether it is a comment.
    pub comment: bool,
}

/// The class of a token, for semantic highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A keyword that begins an item or a fact.
    Keyword,
    /// A setting's key.
    Property,
    /// A kind: of policy, section, fact.
    Type,
    /// A word value (`none`, `email`, `gdpr`).
    EnumMember,
    /// A string or its quotes.
    String,
    /// A date or number.
    Number,
    /// A comment.
    Comment,
    /// A term's name, or the name inside `${…}`.
    Variable,
}

/// One highlighted token: bytes of one file, possibly over several lines
/// (the protocol layer splits them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Its bytes.
    pub span: Span,
    /// Its class.
    pub kind: TokenKind,
}

/// The syntax tree of a file: a policy, or a clause file.
fn tree(file: &SourceFile) -> Option<SyntaxTree> {
    let parsed = if crate::fmt::is_clause_file(file) {
        crate::syntax::parse_fragment(file)
    } else {
        crate::syntax::parse(file)
    };
    parsed.root().map(|root| SyntaxTree::build(file, root))
}

/// The outline of a file.
pub fn symbols(file: &SourceFile) -> Vec<Symbol> {
    tree(file).map_or_else(Vec::new, |t| children_symbols(file, t.root()))
}

fn children_symbols(file: &SourceFile, node: &Node) -> Vec<Symbol> {
    let mut out = Vec::new();
    for child in &node.children {
        let Element::Node(child) = child else {
            continue;
        };
        match symbol_kind(child.kind) {
            Some(kind) => out.push(Symbol {
                name: head(file, child.span),
                kind,
                span: child.span,
                selection: first_token(child).unwrap_or(child.span),
                children: children_symbols(file, child),
            }),
            None => out.extend(children_symbols(file, child)),
        }
    }
    out
}

fn symbol_kind(rule: Rule) -> Option<SymbolKind> {
    Some(match rule {
        Rule::policy => SymbolKind::Policy,
        Rule::section => SymbolKind::Section,
        Rule::fact => SymbolKind::Fact,
        Rule::org | Rule::contact | Rule::officer => SymbolKind::Entity,
        Rule::term | Rule::define => SymbolKind::Term,
        Rule::generated | Rule::include => SymbolKind::Block,
        _ => return None,
    })
}

/// An item's head: its first line up to `{` or `=`'s value, trimmed.
fn head(file: &SourceFile, span: Span) -> String {
    let text = file.slice(span);
    let line = text.split('\n').next().unwrap_or("");
    let line = line.split('{').next().unwrap_or(line);
    let line = line.split(" = ").next().unwrap_or(line);
    line.trim().to_string()
}

fn first_token(node: &Node) -> Option<Span> {
    node.children.iter().find_map(|child| match child {
        Element::Token(token) => Some(token.span),
        Element::Node(inner) => first_token(inner),
    })
}

/// The foldable ranges of a file.
pub fn folds(file: &SourceFile) -> Vec<Fold> {
    let Some(tree) = tree(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    fold_nodes(file, tree.root(), &mut out);
    for (span, _) in tree.comments() {
        if file.slice(span).contains('\n') {
            out.push(Fold {
                span,
                comment: true,
            });
        }
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out
}

fn fold_nodes(file: &SourceFile, node: &Node, out: &mut Vec<Fold>) {
    let foldable = matches!(
        node.kind,
        Rule::policy
            | Rule::section
            | Rule::fact
            | Rule::org
            | Rule::contact
            | Rule::officer
            | Rule::generated
            | Rule::list
            | Rule::prose_block
    );
    if foldable && file.slice(node.span).trim_end().contains('\n') {
        out.push(Fold {
            span: node.span,
            comment: false,
        });
    }
    for child in &node.children {
        if let Element::Node(child) = child {
            fold_nodes(file, child, out);
        }
    }
}

/// Every highlighted token of a file, in source order.
pub fn tokens(file: &SourceFile) -> Vec<Token> {
    let Some(tree) = tree(file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    token_nodes(file, tree.root(), &mut out);
    out
}

fn token_nodes(file: &SourceFile, node: &Node, out: &mut Vec<Token>) {
    for child in &node.children {
        match child {
            Element::Node(inner) => token_nodes(file, inner, out),
            Element::Token(token) => {
                if matches!(token.kind, Rule::string_content | Rule::prose_content) {
                    strings_with_references(file, token.span, node.kind, out);
                } else if let Some(kind) = token_kind(token.kind, node.kind) {
                    out.push(Token {
                        span: token.span,
                        kind,
                    });
                }
            }
        }
    }
}

/// A string's text, its `${…}` names as variables (a prose block's text is
/// left to the editor's Markdown grammar, but its references are marked).
fn strings_with_references(file: &SourceFile, span: Span, parent: Rule, out: &mut Vec<Token>) {
    let text = file.slice(span);
    let mut at = 0;
    for (start, end) in references_in(text) {
        if parent != Rule::prose_block && start > at {
            out.push(Token {
                span: span.sub(at, start - at),
                kind: TokenKind::String,
            });
        }
        out.push(Token {
            span: span.sub(start, end - start),
            kind: TokenKind::Variable,
        });
        at = end;
    }
    if parent != Rule::prose_block && at < text.len() {
        out.push(Token {
            span: span.sub(at, text.len() - at),
            kind: TokenKind::String,
        });
    }
}

fn token_kind(token: Rule, parent: Rule) -> Option<TokenKind> {
    Some(match token {
        Rule::COMMENT => TokenKind::Comment,
        Rule::kw_policy
        | Rule::kw_org
        | Rule::kw_contact
        | Rule::kw_officer
        | Rule::kw_term
        | Rule::kw_define
        | Rule::kw_include
        | Rule::kw_text
        | Rule::kw_section
        | Rule::fact_keyword
        | Rule::generated_name => TokenKind::Keyword,
        Rule::key => TokenKind::Property,
        Rule::quote | Rule::prose_open | Rule::prose_close => TokenKind::String,
        Rule::date | Rule::integer | Rule::loose => TokenKind::Number,
        Rule::word => TokenKind::EnumMember,
        Rule::identifier => match parent {
            Rule::term => TokenKind::Variable,
            Rule::policy_kind | Rule::section_kind | Rule::fact_kind | Rule::officer => {
                TokenKind::Type
            }
            _ => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "// a policy\npolicy terms \"T\" {\n  id = \"t\"\n  term App = \"the ${org.name} app\"\n  section \"One\" {\n    collect {\n      data = [email]\n    }\n  }\n}\n";

    #[test]
    fn the_outline_nests_sections_and_facts() {
        let file = SourceFile::new("t.policy", TEXT);
        let outline = symbols(&file);
        let names: Vec<(&str, usize)> = outline
            .iter()
            .map(|s| (s.name.as_str(), s.children.len()))
            .collect();
        assert_eq!(names, [("policy terms \"T\"", 2)]);
        let inner: Vec<&str> = outline
            .iter()
            .flat_map(|s| &s.children)
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(inner, ["term App", "section \"One\""]);
        let section = outline.first().and_then(|p| p.children.get(1));
        let fact = section
            .and_then(|s| s.children.first())
            .map(|f| (f.name.as_str(), f.kind));
        assert_eq!(fact, Some(("collect", SymbolKind::Fact)));
    }

    #[test]
    fn blocks_fold_and_tokens_have_classes() {
        let file = SourceFile::new("t.policy", TEXT);
        let folded: Vec<&str> = folds(&file)
            .iter()
            .map(|f| file.slice(f.span).lines().next().unwrap_or(""))
            .collect();
        assert_eq!(
            folded,
            ["policy terms \"T\" {", "section \"One\" {", "collect {"]
        );
        let classes: Vec<(&str, TokenKind)> = tokens(&file)
            .iter()
            .map(|t| (file.slice(t.span), t.kind))
            .collect();
        for expected in [
            ("// a policy", TokenKind::Comment),
            ("policy", TokenKind::Keyword),
            ("terms", TokenKind::Type),
            ("id", TokenKind::Property),
            ("App", TokenKind::Variable),
            ("org.name", TokenKind::Variable),
            ("collect", TokenKind::Keyword),
            ("email", TokenKind::EnumMember),
        ] {
            assert!(classes.contains(&expected), "{expected:?} in {classes:?}");
        }
    }
}

//! A lossless concrete syntax tree, for tools that must keep what the
//! author wrote — a formatter, a language server. It is built from the
//! parse's [`super::cst::Cst`]: every node with children is a [`Node`],
//! every node without is a [`Token`] (comments included), and each token
//! carries the white space before it, so [`SyntaxTree::print`] gives the
//! source back byte for byte without looking at it. The tree owns its text.

use super::Rule;
use crate::source::{SafeSlice, SourceFile, Span};
use crate::syntax::cst::Pair;

/// The syntax tree of a file (or of one pair of it), comments and white
/// space included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxTree {
    root: Node,
    trailing: String,
}

/// A grammar rule that matched, with what it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The rule.
    pub kind: Rule,
    /// What it covers in the source (leading white space excluded).
    pub span: Span,
    /// Its nodes and tokens, in source order.
    pub children: Vec<Element>,
}

/// A child of a node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// A rule with children.
    Node(Node),
    /// A leaf.
    Token(Token),
}

/// A leaf of the tree: a keyword, a name, a piece of punctuation, the
/// content of a string, a comment, or input skipped after a syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The rule that matched it (`COMMENT` for a comment).
    pub kind: Rule,
    /// Where it is in the source.
    pub span: Span,
    /// The white space between the previous token and this one.
    pub leading: String,
    /// Its text.
    pub text: String,
}

impl SyntaxTree {
    /// The tree of `pair`, a pair of `file`'s parse. Built from the pair of
    /// the whole file ([`super::Parsed::root`]), it covers every byte.
    pub fn build(file: &SourceFile, pair: Pair<'_>) -> SyntaxTree {
        let mut builder = Builder {
            file,
            cursor: pair.start(),
        };
        let root = builder.node(pair);
        let trailing = file.text.slice_between(builder.cursor, pair.end());
        SyntaxTree {
            root,
            trailing: trailing.to_string(),
        }
    }

    /// The node of the pair the tree was built from.
    pub fn root(&self) -> &Node {
        &self.root
    }

    /// The white space after the last token.
    pub fn trailing(&self) -> &str {
        &self.trailing
    }

    /// Every token, in source order.
    pub fn tokens(&self) -> Tokens<'_> {
        Tokens {
            stack: vec![self.root.children.iter()],
        }
    }

    /// Every comment: its span and its text, markers (`//`, `/* */`)
    /// included.
    pub fn comments(&self) -> impl Iterator<Item = (Span, &str)> {
        self.tokens()
            .filter(|t| t.kind == Rule::COMMENT)
            .map(|t| (t.span, t.text.as_str()))
    }

    /// The text the tree was built from, exactly.
    pub fn print(&self) -> String {
        let mut out = String::new();
        for token in self.tokens() {
            out.push_str(&token.leading);
            out.push_str(&token.text);
        }
        out.push_str(&self.trailing);
        out
    }
}

/// The tokens of a tree, depth first.
#[derive(Debug)]
pub struct Tokens<'t> {
    stack: Vec<std::slice::Iter<'t, Element>>,
}

impl<'t> Iterator for Tokens<'t> {
    type Item = &'t Token;

    fn next(&mut self) -> Option<&'t Token> {
        loop {
            let top = self.stack.last_mut()?;
            match top.next() {
                None => {
                    self.stack.pop();
                }
                Some(Element::Token(token)) => return Some(token),
                Some(Element::Node(node)) => self.stack.push(node.children.iter()),
            }
        }
    }
}

/// Walks pairs in source order; `cursor` is the end of the last token.
struct Builder<'f> {
    file: &'f SourceFile,
    cursor: usize,
}

impl Builder<'_> {
    /// The node of a pair with children. The recursion is as deep as the
    /// blocks nest, which the delimiter scan bounds.
    fn node(&mut self, pair: Pair<'_>) -> Node {
        let kind = pair.as_rule();
        let span = pair.span(self.file.id);
        let mut children = Vec::new();
        for child in pair.into_inner() {
            // Markers that match no text are no tokens: white space before
            // the end of input is the tree's trailing text.
            if matches!(child.as_rule(), Rule::EOI | Rule::recovered) {
                continue;
            }
            if child.has_children() {
                children.push(Element::Node(self.node(child)));
            } else {
                children.push(Element::Token(self.token(&child)));
            }
        }
        Node {
            kind,
            span,
            children,
        }
    }

    fn token(&mut self, pair: &Pair<'_>) -> Token {
        let leading = self.file.text.slice_between(self.cursor, pair.start());
        self.cursor = pair.end();
        Token {
            kind: pair.as_rule(),
            span: pair.span(self.file.id),
            leading: leading.to_string(),
            text: pair.as_str().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse;

    fn tree_of(file: &SourceFile) -> SyntaxTree {
        match parse(file).root() {
            Some(root) => SyntaxTree::build(file, root),
            None => panic!("{} does not parse", file.name),
        }
    }

    #[test]
    fn tokens_and_white_space_give_the_source_back() {
        let text = "\n// lead\npolicy terms \"T\" { /* a */ id = \"t\" // b\n}\r\n\n";
        let file = SourceFile::new("t.policy", text);
        let tree = tree_of(&file);
        assert_eq!(tree.print(), text);
        assert_eq!(tree.trailing(), "\r\n\n");
        let comments: Vec<&str> = tree.comments().map(|(_, c)| c).collect();
        assert_eq!(comments, ["// lead", "/* a */", "// b"]);
        assert!(tree.tokens().all(|t| t.leading.trim().is_empty()));
    }

    #[test]
    fn skipped_input_is_a_token() {
        let text = "policy terms \"T\" {\n  secton \"a\" { }\n  id = \"t\"\n}\n";
        let file = SourceFile::new("t.policy", text);
        let tree = tree_of(&file);
        assert_eq!(tree.print(), text);
        let skipped: Vec<&str> = tree
            .tokens()
            .filter(|t| t.kind == Rule::recover)
            .map(|t| t.text.as_str())
            .collect();
        assert_eq!(skipped, ["secton \"a\" { }"]);
    }
}

//! Stage 1, text → syntax tree. A short delimiter scan runs first
//! ([`scan`]): it finds unterminated strings, unclosed or stray braces and
//! excessive nesting with messages about the author's text, and keeps
//! recursion bounded. Then a hand-written reader of well-formed files
//! ([`fast`]) reads the file into one flat [`cst::Cst`]; a file it
//! declines — any file with a syntax error — is parsed by pest with the
//! grammar in `grammar/policy.pest`, the language's reference, recovering
//! at the next item after a line it cannot read so that every syntax error
//! is reported ([`recover`]), its errors put in words about the language
//! rather than rule names ([`messages`]) and its tree copied into the same
//! `Cst`. Both give the very same tree (`tests/fast_read.rs`), which is all
//! that lowering, the formatter and the editor read; [`tree`] turns it into
//! a lossless syntax tree that keeps comments and white space, for a
//! formatter or a language server.

pub mod cst;
#[doc(hidden)]
pub mod fast;
mod messages;
mod recover;
mod scan;
pub mod tree;

pub use messages::{ITEM_KEYWORDS, describe_rule};
pub use tree::SyntaxTree;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceFile;
use cst::Cst;
use pest::Parser as _;

/// The pest parser generated from `grammar/policy.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/policy.pest"]
pub struct PolicyParser;

/// How deeply `{`/`[` may nest, the policy's own braces included. Real
/// policies use a handful of levels and headings stop at h6; the cap keeps
/// the recursive-descent parser far from the end of its stack and stays
/// inside the template engine's limit of 20 nested component calls.
pub const MAX_DEPTH: usize = 16;

/// What parsing one file gives: the tree of the whole file, the places of
/// its root and of its `policy` in it when the file could be read that far,
/// and every syntax error found. Everything after the parse reads the tree
/// ([`cst::Cst`]), never pest's pairs, so that either reader may fill it.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// The tree; empty when not even the policy's header could be read.
    tree: Cst<'a>,
    /// The index of the `policy` (or a clause file's `clauses`) entry.
    policy: Option<usize>,
    /// Every syntax error, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// Which reader gave the tree: for benchmarks, and for the test that a
    /// well-formed file never waits for pest.
    pub reader: Reader,
}

/// The reader that gave a [`Parsed`] its tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The delimiter scan refused the file before any parse.
    Scan,
    /// The hand-written reader of well-formed files ([`fast`]).
    Fast,
    /// pest, the grammar's reference parser: every file the fast reader
    /// declines, errors and recovery included.
    Pest,
}

impl Parsed<'_> {
    /// The node of the whole file (comments, and input skipped after a
    /// syntax error, included), for [`SyntaxTree::build`]; `None` when not
    /// even the policy's header could be read.
    pub fn root(&self) -> Option<cst::Pair<'_>> {
        self.tree.root()
    }

    /// The `policy` node (a clause file's `clauses`); `None` when not even
    /// the policy's header could be read. With errors, parts the parser
    /// skipped are `recover` nodes in it.
    pub fn policy(&self) -> Option<cst::Pair<'_>> {
        self.policy.and_then(|index| self.tree.at(index))
    }

    /// The whole tree, in preorder.
    pub fn tree(&self) -> &Cst<'_> {
        &self.tree
    }
}

/// What a file is read as: a policy, or a clause file of items.
#[derive(Debug, Clone, Copy)]
struct Shape {
    /// The rule of the whole file, strict.
    strict: Rule,
    /// The same, recovering after a syntax error.
    recovering: Rule,
    /// The pair of the content: `policy`, or a clause file's `clauses`.
    content: Rule,
    /// The error when the file holds no such content.
    missing: &'static str,
}

/// Parses a policy file. The recovering parse runs first; only when it
/// skipped input are the errors worked out ([`recover::syntax_errors`]).
pub fn parse(file: &SourceFile) -> Parsed<'_> {
    parse_as(
        file,
        Shape {
            strict: Rule::file,
            recovering: Rule::recovering_file,
            content: Rule::policy,
            missing: "the file holds no policy",
        },
    )
}

/// Parses a clause file, the items `include "path"` puts in a policy:
/// `Parsed::policy` is then the pair of its items (`clauses`).
pub fn parse_fragment(file: &SourceFile) -> Parsed<'_> {
    parse_as(
        file,
        Shape {
            strict: Rule::fragment,
            recovering: Rule::recovering_fragment,
            content: Rule::clauses,
            missing: "the clause file could not be read",
        },
    )
}

fn parse_as(file: &SourceFile, shape: Shape) -> Parsed<'_> {
    if let Err(error) = scan::scan_delimiters(file) {
        return Parsed {
            tree: Cst::new(&file.text, Vec::new()),
            policy: None,
            diagnostics: vec![error],
            reader: Reader::Scan,
        };
    }
    // The fast reader first: its tree, when it gives one, is the very one
    // the recovering parse gives (`tests/fast_read.rs` holds it to that),
    // so pest runs — and words errors — only for a file it declines.
    let (tree, reader) = match fast::read(&file.text, shape.recovering) {
        Some(tree) => (tree, Reader::Fast),
        None => (pest_tree(file, shape), Reader::Pest),
    };
    let mut policy = None;
    let mut skipped_input = false;
    for child in tree.root().into_iter().flat_map(cst::Pair::into_inner) {
        match child.as_rule() {
            rule if rule == shape.content => policy = Some(child.index()),
            // Input after the policy, or where `recover` matched.
            Rule::trailing | Rule::recovered => skipped_input = true,
            _ => {}
        }
    }
    let mut diagnostics = match tree.root() {
        Some(root) if skipped_input => {
            recover::syntax_errors(file, shape.strict, &recover::Recovery::of(root))
        }
        Some(_) => Vec::new(),
        None => recover::syntax_errors(file, shape.strict, &recover::Recovery::default()),
    };
    if policy.is_none() && diagnostics.is_empty() {
        diagnostics.push(Diagnostic::error(Code::Syntax, shape.missing));
    }
    Parsed {
        tree,
        policy,
        diagnostics,
        reader,
    }
}

/// The recovering parse by pest, copied into a [`Cst`]; an empty tree when
/// pest matched nothing (the strict parse then says why).
fn pest_tree(file: &SourceFile, shape: Shape) -> Cst<'_> {
    match PolicyParser::parse(shape.recovering, &file.text) {
        Ok(pairs) => Cst::from_pest(&file.text, pairs),
        Err(_) => Cst::new(&file.text, Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> Diagnostic {
        match parse(&SourceFile::new("t.policy", text))
            .diagnostics
            .into_iter()
            .next()
        {
            None => panic!("expected an error for {text:?}"),
            Some(d) => d,
        }
    }

    #[test]
    fn parses_a_minimal_policy() {
        let file = SourceFile::new("t.policy", "policy terms \"T\" { id = \"t\" }");
        assert!(parse(&file).diagnostics.is_empty());
    }

    /// A well-formed file is read by the fast reader, a file with a syntax
    /// error by pest (which words the error), an unclosed one by neither.
    #[test]
    fn the_reader_is_fast_for_well_formed_files_only() {
        let reader = |text: &str| parse(&SourceFile::new("t.policy", text)).reader;
        assert_eq!(reader("policy terms \"T\" { id = \"t\" }"), Reader::Fast);
        assert_eq!(reader("policy terms \"T\" { id = = \"t\" }"), Reader::Pest);
        assert_eq!(reader("policy terms \"T\" { id = \"t\" "), Reader::Scan);
    }

    #[test]
    fn unclosed_brace_points_at_the_outer_block_and_the_suspect() {
        let d = error_of(
            "policy terms \"T\" {\n  section \"a\" {\n    text \"x\"\n  section \"b\" {\n  }\n}\n",
        );
        assert_eq!(d.code, Code::Unclosed);
        assert_eq!(d.span.map(|s| (s.start, s.end)), Some((17, 18)));
        assert_eq!(d.related.first().map(|l| l.span.start), Some(33));
    }

    #[test]
    fn unterminated_string_and_prose() {
        assert_eq!(
            error_of("policy terms \"T {\n}").code,
            Code::UnterminatedString
        );
        assert_eq!(
            error_of("policy terms \"T\" { text \"\"\"\n abc\n}").code,
            Code::UnterminatedProse
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = format!(
            "policy terms \"T\" {}{}",
            "section \"s\" {".repeat(10_000),
            "}".repeat(10_001)
        );
        assert_eq!(error_of(&text).code, Code::TooDeep);
    }

    #[test]
    fn misspelt_keyword_gets_a_suggestion() {
        let d = error_of("policy terms \"T\" {\n  secton \"a\" { }\n}");
        assert_eq!(d.help.as_deref(), Some("did you mean `section`?"));
        assert!(!d.message.contains("kw_"), "{}", d.message);
    }

    #[test]
    fn a_delimiter_right_after_a_block_comment_counts() {
        for text in [
            "policy terms \"T\" {\n  id = \"t\" /* c */}\n",
            "policy terms \"T\" {\n  id = /* c */\"t\"\n}\n",
        ] {
            let file = SourceFile::new("t.policy", text);
            let parsed = parse(&file);
            assert!(
                parsed.diagnostics.is_empty(),
                "{text}: {:?}",
                parsed.diagnostics
            );
        }
    }

    #[test]
    fn braces_in_strings_prose_and_comments_are_ignored() {
        let text = "policy terms \"{\" { // }\n text \"\"\" } \"\"\" /* { */ }";
        assert!(
            parse(&SourceFile::new("t.policy", text))
                .diagnostics
                .is_empty()
        );
    }
}

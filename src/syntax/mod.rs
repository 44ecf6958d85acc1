//! Stage 1, text → syntax tree. A short delimiter scan runs first
//! ([`scan`]): it finds unterminated strings, unclosed or stray braces and
//! excessive nesting with messages about the author's text, and keeps
//! pest's recursion bounded. Then pest parses with the grammar in
//! `grammar/policy.pest`, and its errors are put in words about the
//! language rather than rule names ([`messages`]).

mod messages;
mod scan;

pub use messages::describe_rule;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::SourceFile;
use pest::Parser as _;
use pest::iterators::Pair;

/// The pest parser generated from `grammar/policy.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/policy.pest"]
pub struct PolicyParser;

/// How deeply `{`/`[` may nest, the policy's own braces included. Real
/// policies use a handful of levels and headings stop at h6; the cap keeps
/// the recursive-descent parser far from the end of its stack and stays
/// inside the template engine's limit of 20 nested component calls.
pub const MAX_DEPTH: usize = 16;

/// What parsing one file gives: the tree of its `policy`, when the file
/// could be read that far, and every syntax error found.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// The `policy` pair; `None` when not even the policy's header could be
    /// read. With errors, parts the parser skipped are left out of it.
    pub policy: Option<Pair<'a, Rule>>,
    /// Every syntax error, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a file.
pub fn parse(file: &SourceFile) -> Parsed<'_> {
    if let Err(error) = scan::scan_delimiters(file) {
        return Parsed {
            policy: None,
            diagnostics: vec![error],
        };
    }
    match PolicyParser::parse(Rule::file, &file.text) {
        Ok(mut pairs) => {
            let policy = pairs
                .next()
                .and_then(|f| f.into_inner().find(|p| p.as_rule() == Rule::policy));
            let diagnostics = match policy {
                Some(_) => Vec::new(),
                None => vec![Diagnostic::error(Code::Syntax, "the file holds no policy")],
            };
            Parsed {
                policy,
                diagnostics,
            }
        }
        Err(error) => Parsed {
            policy: None,
            diagnostics: vec![messages::translate(file, &error)],
        },
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
    fn braces_in_strings_prose_and_comments_are_ignored() {
        let text = "policy terms \"{\" { // }\n text \"\"\" } \"\"\" /* { */ }";
        assert!(
            parse(&SourceFile::new("t.policy", text))
                .diagnostics
                .is_empty()
        );
    }
}

//! The syntax layer as tools see it: a file with several syntax errors
//! reports every one of them and still gives a partial model, and the
//! lossless syntax tree gives every file back byte for byte, comments
//! included.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::model::Block;
use policyc::source::SourceFile;
use policyc::syntax::{self, Rule, SyntaxTree};
use std::path::PathBuf;

#[path = "common/files.rs"]
mod files;

/// The tree of a file that parses (perhaps with recovered errors).
fn tree_of(file: &SourceFile) -> Option<SyntaxTree> {
    syntax::parse(file)
        .root()
        .map(|root| SyntaxTree::build(file, root))
}

/// Every `.policy` file in the folders, sorted: some.
fn policy_files(folders: &[&str]) -> Vec<PathBuf> {
    let paths = files::policy_files(folders);
    assert!(!paths.is_empty(), "no files in {folders:?}");
    paths
}

const THREE_ERRORS: &str = r#"policy privacy "Privacy Policy" {
  id = "three-errors"
  org { name = "Acme Ltd" }
  contact { email = "privacy@acme.example" }
  secton collection "What we collect" { text "Your email." }
  section use "How we use it" {
    version =
    text "To reply."
  }
  section sharing "Who receives it" {
    text What
    text "No one."
  }
  section contact "Contact" { text "Write to ${contact.email}." }
}
"#;

#[test]
fn three_syntax_errors_are_all_reported_and_the_rest_is_lowered() {
    let file = SourceFile::new("three.policy", THREE_ERRORS);
    let compiled = policyc::compile(&file);
    let errors: Vec<(String, usize)> = compiled
        .diagnostics
        .iter()
        .map(|d| {
            let line = d.span.map_or(0, |s| file.line_col(s.start).line);
            (d.code.as_str().to_string(), line)
        })
        .collect();
    // `secton` is line 5; the missing value is found at the next line's
    // `text` (line 8), as for a single error; `text What` is line 11.
    let expected = [("E0101", 5), ("E0101", 8), ("E0101", 11)];
    let expected: Vec<(String, usize)> =
        expected.iter().map(|(c, l)| (c.to_string(), *l)).collect();
    assert_eq!(errors, expected, "{:#?}", compiled.diagnostics);
    assert!(compiled.policy.is_none());
    let partial = compiled.partial.expect("a partial model");
    let titles: Vec<&str> = partial
        .body
        .iter()
        .filter_map(|block| match &block.node {
            Block::Section(section) => Some(section.title.node.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(titles, ["How we use it", "Who receives it", "Contact"]);
    assert_eq!(
        partial.org.and_then(|o| o.node.name).map(|n| n.node),
        Some("Acme Ltd".into())
    );
}

#[test]
fn every_file_that_parses_prints_back_byte_for_byte() {
    let mut printed = 0;
    for path in policy_files(&["policies", "examples", "tests/ui"]) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // not UTF-8: never parsed
        };
        let file = SourceFile::new(path.display().to_string(), text);
        let Some(tree) = tree_of(&file) else { continue };
        assert_eq!(tree.print(), file.text, "{}", path.display());
        // No grammar rule swallows text: between tokens there is only
        // white space, and each token's span is where its text is.
        let mut at = 0;
        for token in tree.tokens() {
            assert!(
                token.leading.trim().is_empty(),
                "{}: {:?} before {:?}",
                path.display(),
                token.leading,
                token.kind
            );
            at += token.leading.len();
            assert_eq!(
                (token.span.start, token.span.end),
                (at, at + token.text.len())
            );
            at = token.span.end;
        }
        assert!(tree.trailing().trim().is_empty());
        printed += 1;
    }
    assert!(printed > 40, "only {printed} files parsed");
}

const COMMENTED: &str = "// before the policy\r
policy terms \"T\" /* after the title */ {\r
  id /* between a key and = */ = \"commented\"\r
  // between items\r
  jurisdictions = [\"EU\", /* inside a list */ \"IN\" // at the end of a line\r
  ]\r
  section \"S\" { text \"\"\"\r
    // not a comment: prose\r
    \"\"\" }\r
}\r
/* after the last } */\r
\r
";

#[test]
fn comments_are_kept_in_the_tree_wherever_they_stand() {
    let file = SourceFile::new("commented.policy", COMMENTED);
    let compiled = policyc::compile(&file);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    let tree = tree_of(&file).expect("parses");
    assert_eq!(tree.print(), COMMENTED);
    assert_eq!(tree.trailing(), "\r\n\r\n");
    let comments: Vec<&str> = tree.comments().map(|(_, text)| text).collect();
    assert_eq!(
        comments,
        [
            "// before the policy",
            "/* after the title */",
            "/* between a key and = */",
            "// between items",
            "/* inside a list */",
            "// at the end of a line",
            "/* after the last } */",
        ]
    );
    for (span, text) in tree.comments() {
        assert_eq!(file.slice(span), text);
    }
    assert!(tree.tokens().all(|t| t.kind != Rule::recover));
}

#[test]
fn the_real_policies_and_the_examples_still_parse_without_a_diagnostic() {
    for path in policy_files(&["policies", "examples"]) {
        let text = std::fs::read_to_string(&path).unwrap();
        let file = SourceFile::new(path.display().to_string(), text);
        let parsed = syntax::parse(&file);
        assert!(
            parsed.diagnostics.is_empty(),
            "{}: {:?}",
            path.display(),
            parsed.diagnostics
        );
        assert!(parsed.policy().is_some());
        let compiled = policyc::compile(&file);
        assert!(
            compiled.policy.is_some(),
            "{}: {:?}",
            path.display(),
            compiled.diagnostics
        );
    }
}

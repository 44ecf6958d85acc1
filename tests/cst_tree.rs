//! Issue 20: everything after the parse reads one flat tree,
//! `syntax::cst::Cst`, instead of pest's pairs, so that a fast reader of
//! well-formed files can fill the same tree. The tree `syntax::parse` gives
//! must be pest's parse node for node (rule, byte range, children), for
//! every file the repository holds and for clause files; its array must
//! keep the preorder layout a second reader has to produce; and lowering
//! that reads it must decode strings and prose blocks as before.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use pest::Parser as _;
use policyc::source::SourceFile;
use policyc::syntax::{self, PolicyParser, Rule, cst};
use std::path::PathBuf;

#[path = "common/files.rs"]
mod files;

/// Every `.policy` file in the folders, sorted: more than a hundred.
fn policy_files(folders: &[&str]) -> Vec<PathBuf> {
    let paths = files::policy_files(folders);
    assert!(paths.len() > 100, "too few files: {}", paths.len());
    paths
}

/// Asserts that `ours` is `theirs`: rule, range and children, all the way
/// down. `at` names the file for the message.
fn same(ours: cst::Pair<'_>, theirs: pest::iterators::Pair<'_, Rule>, at: &str) {
    let span = theirs.as_span();
    assert_eq!(
        (ours.as_rule(), ours.start(), ours.end()),
        (theirs.as_rule(), span.start(), span.end()),
        "{at}"
    );
    assert_eq!(ours.as_str(), theirs.as_str(), "{at}");
    assert_eq!(
        ours.has_children(),
        theirs.clone().into_inner().next().is_some(),
        "{at}: {:?} at {}",
        ours.as_rule(),
        ours.start()
    );
    let flat: Vec<(Rule, usize)> = ours
        .descendants()
        .map(|p| (p.as_rule(), p.start()))
        .collect();
    let pest_flat: Vec<(Rule, usize)> = theirs
        .clone()
        .into_inner()
        .flatten()
        .map(|p| (p.as_rule(), p.as_span().start()))
        .collect();
    assert_eq!(flat, pest_flat, "{at}: descendants of {:?}", ours.as_rule());
    let a: Vec<_> = ours.into_inner().collect();
    let b: Vec<_> = theirs.into_inner().collect();
    assert_eq!(a.len(), b.len(), "{at}: children of {:?}", ours.as_rule());
    for (x, y) in a.into_iter().zip(b) {
        same(x, y, at);
    }
}

/// The preorder layout a reader must fill: each entry's subtree is the
/// run of entries up to its `next`, inside its range, and the entries of
/// one parent follow each other without overlapping.
fn well_formed(tree: &cst::Cst<'_>, at: &str) {
    let entries = tree.entries();
    for (i, entry) in entries.iter().enumerate() {
        let next = entry.next as usize;
        assert!(next > i && next <= entries.len(), "{at}: entry {i}");
        assert!(entry.start <= entry.end, "{at}: entry {i}");
        assert!(
            tree.input()
                .get(entry.start as usize..entry.end as usize)
                .is_some(),
            "{at}: entry {i} is not on character boundaries"
        );
        let mut child = i + 1;
        let mut last_end = entry.start;
        while child < next {
            let c = &entries[child];
            assert!(
                c.start >= last_end && c.end <= entry.end,
                "{at}: entry {child}"
            );
            assert!(
                c.next as usize <= next,
                "{at}: entry {child} leaves its parent"
            );
            last_end = c.end;
            child = c.next as usize;
        }
    }
}

/// The defect this guards against: lowering, the formatter and the editor
/// reading a tree that differs from pest's (a node lost, a range shifted,
/// children out of order) after they moved from pest's pairs to `Cst`.
/// Every bundled policy, example, UI case and fixture, errors included.
#[test]
fn every_file_parses_to_the_tree_pest_matched() {
    let files = policy_files(&[
        "policies",
        "examples",
        "tests/ui",
        "tests/exports",
        "tests/fixtures/diff",
        "tests/fixtures/markdown",
        "fuzz/corpus/compile",
        "src/project/starter",
    ]);
    for path in files {
        // Files that are not UTF-8 are refused before the parse (E0002).
        let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
            continue;
        };
        let at = path.display().to_string();
        let file = SourceFile::new(at.clone(), text);
        let parsed = syntax::parse(&file);
        well_formed(parsed.tree(), &at);
        let theirs = PolicyParser::parse(Rule::recovering_file, &file.text)
            .ok()
            .and_then(|mut pairs| pairs.next());
        match (parsed.root(), theirs) {
            (Some(ours), Some(theirs)) => {
                let policy = theirs
                    .clone()
                    .into_inner()
                    .find(|p| p.as_rule() == Rule::policy);
                same(ours, theirs, &at);
                assert_eq!(
                    parsed.policy().map(|p| (p.start(), p.end())),
                    policy.map(|p| (p.as_span().start(), p.as_span().end())),
                    "{at}"
                );
            }
            // The delimiter scan refuses some files before pest runs.
            (None, _) => assert!(!parsed.diagnostics.is_empty(), "{at}"),
            (Some(_), None) => panic!("{at}: a tree where pest matched nothing"),
        }
    }
}

/// The same for a clause file, read with `parse_fragment`: its `clauses`
/// node is what `include` lowers in place.
#[test]
fn a_clause_file_parses_to_the_tree_pest_matched() {
    let text = "// shared\nsection \"A\" { text \"\"\"\n  x ${org.name}\n  \"\"\" }\ncollect email { from = user }\ndefine \"P\" = \"p\"\n";
    let file = SourceFile::new("shared.clause", text);
    let parsed = syntax::parse_fragment(&file);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    well_formed(parsed.tree(), "clause");
    let theirs = PolicyParser::parse(Rule::recovering_fragment, text)
        .unwrap()
        .next()
        .unwrap();
    same(parsed.root().unwrap(), theirs, "clause");
    let clauses = parsed.policy().unwrap();
    assert_eq!(clauses.as_rule(), Rule::clauses);
    let items: Vec<Rule> = clauses.into_inner().map(|p| p.as_rule()).collect();
    assert!(items.contains(&Rule::section) && items.contains(&Rule::fact));
}

/// Lowering now copies a string's text in runs between its escapes
/// instead of a character at a time: every escape, at the start, the end,
/// back to back, and none, must decode as before.
#[test]
fn strings_decode_their_escapes_as_before() {
    let cases = [
        (r#"plain name"#, "plain name"),
        (r#"\"quoted\""#, "\"quoted\""),
        (r#"a\\b"#, "a\\b"),
        (r#"\\\\"#, "\\\\"),
        (r#"it\u{2019}s \u{1F600}"#, "it\u{2019}s \u{1F600}"),
        (r#"é\u{41}\u{42}ü"#, "éABü"),
        (r#"a\nb\tc"#, "a\nb\tc"),
        (r#"\u{41}"#, "A"),
        ("", ""),
    ];
    for (written, expected) in cases {
        let text = format!(
            "policy privacy \"P\" {{\n  id = \"p\"\n  org {{ name = \"{written}\" }}\n}}\n"
        );
        let compiled = policyc::compile(&SourceFile::new("p.policy", text));
        let policy = compiled.model().expect("a model");
        let name = policy.org.as_ref().and_then(|o| o.node.name.as_ref());
        assert_eq!(name.map(|n| n.node.as_str()), Some(expected), "{written}");
    }
}

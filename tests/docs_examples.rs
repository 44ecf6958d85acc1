//! Issue 19 item 6: every ```policy example in `docs/` compiles without an
//! error and is already in `policyc fmt`'s layout, so a reader who copies
//! one gets a file `fmt --check` passes. (docs/language.md's examples were
//! spaced in ways `fmt` rewrote.) Exceptions, each named: docs/errors.md
//! is generated from `src/explain/*.md`, whose wrong examples fail on
//! purpose (`tests/explain.rs` compiles both kinds), so only its layout is
//! checked, and its wrong examples of syntax errors, which `fmt` cannot
//! format, are left as they are; docs/fmt.md's "Before:" example is
//! unformatted on purpose.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::driver::{ClauseFiles, MemoryWorld};
use policyc::report::{self, InBuild, MessageFormat};
use policyc::source::SourceFile;
use std::path::Path;

/// One ```policy example: the doc, its number there, the line before its
/// fence, and its text.
struct Example {
    doc: String,
    n: usize,
    before: String,
    text: String,
}

/// Every fenced block of `fence` in `doc`, with the last non-empty line
/// before it.
fn examples(doc_name: &str, doc: &str, fence: &str) -> Vec<Example> {
    let mut out = Vec::new();
    let mut lines = doc.lines();
    let mut before = String::new();
    while let Some(line) = lines.next() {
        if line == fence {
            let text: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            out.push(Example {
                doc: doc_name.to_string(),
                n: out.len() + 1,
                before: before.clone(),
                text: text.join("\n") + "\n",
            });
        } else if !line.trim().is_empty() {
            before = line.to_string();
        }
    }
    out
}

/// The docs, read from `docs/` (every `.md` there).
fn docs() -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = std::fs::read_dir("docs")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    docs.sort();
    docs
}

/// A world holding every ```clause example of the docs under `docs/`, as
/// the examples that include them expect.
fn clause_world(docs: &[(String, String)]) -> MemoryWorld {
    let world = MemoryWorld::new();
    world.insert("docs/policyc.yaml", "");
    for (name, doc) in docs {
        for clause in examples(name, doc, "```clause") {
            let path = clause
                .text
                .lines()
                .next()
                .and_then(|l| l.strip_prefix("// "))
                .expect("a clause example starts with `// clauses/NAME.clause`")
                .to_string();
            world.insert(Path::new("docs").join(path), clause.text.as_str());
        }
    }
    world
}

#[test]
fn every_policy_example_in_docs_compiles() {
    let docs = docs();
    let world = clause_world(&docs);
    let mut checked = 0;
    for (name, doc) in docs.iter().filter(|(n, _)| n != "errors.md") {
        for example in examples(name, doc, "```policy") {
            if name == "fmt.md" && example.before == "Before:" {
                continue;
            }
            let path = format!("docs/{}-example-{}.policy", example.doc, example.n);
            let file = SourceFile::new(path.clone(), example.text.as_str());
            let includes = ClauseFiles::for_policy(&world, Path::new(&path));
            let compiled = policyc::compile_including(&file, &Default::default(), &includes);
            let unit = policyc::driver::Unit { file, compiled };
            let sources = InBuild {
                build: &unit,
                file: &unit.file,
            };
            let errors = unit.compiled.diagnostics.iter().any(|d| d.is_error());
            assert!(
                !errors,
                "{path}:\n{}",
                report::format(
                    &sources,
                    &unit.compiled.diagnostics,
                    MessageFormat::Human,
                    false
                )
            );
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} examples");
}

#[test]
fn every_policy_example_in_docs_is_in_fmt_layout() {
    let mut wrong = Vec::new();
    let mut checked = 0;
    for (name, doc) in docs() {
        for example in examples(&name, &doc, "```policy") {
            if name == "fmt.md" && example.before == "Before:" {
                continue;
            }
            let path = format!("docs/{name}-example-{}.policy", example.n);
            let file = SourceFile::new(path.clone(), example.text.as_str());
            checked += 1;
            match policyc::fmt::format_unchecked(&file) {
                Ok(formatted) if formatted == example.text => {}
                Ok(formatted) => wrong.push(format!(
                    "{path} is not in fmt's layout; fmt writes:\n{formatted}"
                )),
                // The wrong examples of syntax errors cannot be formatted:
                // that is what they show.
                Err(policyc::fmt::Refusal::Syntax(_)) if name == "errors.md" => {}
                Err(refusal) => wrong.push(format!("{path}: fmt refuses it: {refusal:?}")),
            }
        }
    }
    assert!(checked >= 90, "only {checked} examples");
    assert!(
        wrong.is_empty(),
        "{}\n{} of {checked}",
        wrong.join("\n"),
        wrong.len()
    );
}

//! Every diagnostic code has an explanation whose examples are real: the
//! wrong example produces that code, the right one compiles without it, and
//! docs/errors.md is the generated collection of them all.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::{Code, Severity};
use policyc::explain::{errors_markdown, explanation};
use policyc::model::Date;
use policyc::source::SourceFile;

/// Codes whose problem cannot be written as a short `.policy` text: I/O
/// problems, deep nesting and more than 100 problems (tested in tests/ui/
/// and tests/robustness.rs instead), and E0320, whose examples are YAML
/// (tested in tests/coverage_audit.rs).
const NO_WRONG_EXAMPLE: &[&str] = &["E0001", "E0002", "E0105", "E0106", "E0320"];

fn example_after(text: &str, heading: &str) -> Option<String> {
    let rest = &text[text.find(heading)? + heading.len()..];
    let body = &rest[rest.find("```policy\n")? + "```policy\n".len()..];
    Some(body[..body.find("```")?].to_string())
}

/// The codes an example gives; with `exports`, also what a build of every
/// format adds (E0313, W0005 are reported by `build`, not `check`).
fn codes_of(example: &str, exports: bool) -> Vec<(Code, Severity)> {
    let options = policyc::Options {
        today: Date::parse_iso("2026-01-01"),
        ..Default::default()
    };
    let compiled = policyc::compile_with(&SourceFile::new("example.policy", example), &options);
    let formats = policyc::driver::Format::ALL;
    let exports = compiled
        .policy
        .iter()
        .filter(|_| exports)
        .flat_map(|policy| {
            let mut found = policyc::driver::export_gaps(policy, &formats);
            found.extend(policyc::driver::site_gaps(&[policy], &formats).concat());
            found
        });
    compiled
        .diagnostics
        .iter()
        .cloned()
        .chain(exports)
        .map(|d| (d.code, d.severity))
        .collect()
}

/// Whether a code is one the build adds for the formats it writes.
fn is_export(code: Code) -> bool {
    matches!(code, Code::ExportNeedsFact | Code::ExportIncomplete)
}

#[test]
fn every_code_has_an_explanation_with_working_examples() {
    for &code in Code::ALL {
        let text = explanation(code);
        let title = format!("# {}: {}\n", code.as_str(), code.summary());
        assert!(
            text.starts_with(&title),
            "{} must start with {title:?}",
            code.as_str()
        );
        assert!(
            text.contains("## What to do"),
            "{} says what to do",
            code.as_str()
        );
        match example_after(text, "## Wrong") {
            Some(wrong) => {
                let found = codes_of(&wrong, is_export(code));
                assert!(
                    found.iter().any(|(c, _)| *c == code),
                    "{}'s wrong example gives {found:?}",
                    code.as_str()
                );
            }
            None => assert!(
                NO_WRONG_EXAMPLE.contains(&code.as_str()),
                "{} has no wrong example",
                code.as_str()
            ),
        }
        if let Some(right) = example_after(text, "## Right") {
            let found = codes_of(&right, is_export(code));
            assert!(
                !found
                    .iter()
                    .any(|(c, s)| *c == code || *s == Severity::Error),
                "{}'s right example gives {found:?}",
                code.as_str()
            );
        }
    }
}

#[test]
fn docs_errors_md_is_generated_from_the_explanations() {
    let on_disk = include_str!("../docs/errors.md");
    assert!(
        on_disk == errors_markdown(),
        "docs/errors.md is stale: run `cargo run -- explain --all > docs/errors.md`"
    );
}

#[test]
fn docs_vocabulary_md_is_generated_from_the_tables() {
    let on_disk = include_str!("../docs/vocabulary.md");
    assert!(
        on_disk == policyc::vocab::reference_markdown(),
        "docs/vocabulary.md is stale: run `cargo run -- vocabulary > docs/vocabulary.md`"
    );
}

//! Every ```policy example in docs/language.md and README.md is a complete file that must
//! compile without errors, so the language documentation cannot drift from
//! the compiler.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::report::{self, MessageFormat};
use policyc::source::SourceFile;

#[test]
fn every_documented_example_compiles() {
    let doc = include_str!("../docs/language.md");
    let examples: Vec<&str> = doc
        .split("```policy\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect();
    assert!(
        examples.len() >= 8,
        "found only {} examples",
        examples.len()
    );
    for (n, example) in examples.iter().enumerate() {
        let file = SourceFile::new(format!("docs/language.md example {}", n + 1), *example);
        let compiled = policyc::compile(&file);
        assert!(
            compiled.policy.is_some(),
            "{}",
            report::format(&file, &compiled.diagnostics, MessageFormat::Human, false)
        );
    }
}

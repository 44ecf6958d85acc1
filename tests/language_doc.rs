//! Every ```policy example in docs/language.md is a complete file that must
//! compile without errors, so the language documentation cannot drift from
//! the compiler. A ```clause example is a clause file, named by its first
//! line (`// clauses/NAME.clause`), that the policy examples may include.

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

fn blocks<'a>(doc: &'a str, fence: &str) -> Vec<&'a str> {
    doc.split(fence)
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect()
}

#[test]
fn every_documented_example_compiles() {
    let doc = include_str!("../docs/language.md");
    let world = MemoryWorld::new();
    world.insert("docs/policyc.yaml", "");
    for clause in blocks(doc, "```clause\n") {
        let name = clause
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// "))
            .expect("a clause example starts with `// clauses/NAME.clause`");
        world.insert(Path::new("docs").join(name), clause);
    }
    let examples = blocks(doc, "```policy\n");
    assert!(
        examples.len() >= 8,
        "found only {} examples",
        examples.len()
    );
    for (n, example) in examples.iter().enumerate() {
        let path = format!("docs/example-{}.policy", n + 1);
        let file = SourceFile::new(path.clone(), *example);
        let includes = ClauseFiles::for_policy(&world, Path::new(&path));
        let compiled = policyc::compile_including(&file, &Default::default(), &includes);
        let unit = policyc::driver::Unit { file, compiled };
        let sources = InBuild {
            build: &unit,
            file: &unit.file,
        };
        assert!(
            unit.compiled.policy.is_some(),
            "{}",
            report::format(
                &sources,
                &unit.compiled.diagnostics,
                MessageFormat::Human,
                false
            )
        );
    }
}

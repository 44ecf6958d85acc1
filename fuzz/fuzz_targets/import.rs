//! Arbitrary bytes → if UTF-8, imported as plain text, Markdown and HTML.
//! A panic, a hang or a runaway allocation is a bug, and so is an import
//! that does not compile.

#![no_main]

use libfuzzer_sys::fuzz_target;
use policyc::import::{self, Format};
use policyc::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [Format::Text, Format::Markdown, Format::Html] {
        let Ok(imported) = import::import(text, format, "fuzz.txt") else {
            continue;
        };
        let file = SourceFile::new("fuzz.policy", imported.policy_text.as_str());
        let compiled = policyc::compile(&file);
        assert!(
            compiled.policy.is_some(),
            "{format:?} import does not compile: {:?}\n{}",
            compiled.diagnostics,
            imported.policy_text
        );
    }
});

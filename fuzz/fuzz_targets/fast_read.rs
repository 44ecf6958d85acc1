//! Arbitrary bytes → if UTF-8 and past the delimiter scan (as every file
//! is before a reader sees it), read as a policy and as a clause file by
//! both readers: the fast reader (`syntax::fast`) must give pest's very
//! tree or decline. A panic, a hang or a differing tree is a bug. Seed it
//! with `fuzz/corpus/compile`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use policyc::source::SourceFile;
use policyc::syntax::fast::{Agreement, agreement, delimiters_pass};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if !delimiters_pass(&SourceFile::new("fuzz.policy", text)) {
        return;
    }
    for fragment in [false, true] {
        if let Agreement::Differs(why) = agreement(text, fragment) {
            panic!("fragment {fragment}: {why}");
        }
    }
});

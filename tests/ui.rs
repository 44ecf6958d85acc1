//! UI tests: every `tests/ui/*.policy` file is a bad input whose
//! diagnostics, as a person sees them, are compared with a snapshot in
//! `tests/ui/snapshots/`. See tests/README.md for how to add one.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::driver::read_source;
use policyc::report::{self, MessageFormat};
use std::path::Path;

/// The diagnostics of one file, with its path relative to the crate so the
/// snapshot is the same on every machine.
fn diagnostics_of(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let relative = path.strip_prefix(root).unwrap_or(path);
    let file = match read_source(relative) {
        Ok(file) => file,
        Err(diagnostic) => {
            let empty = policyc::source::SourceFile::new(relative.display().to_string(), "");
            return report::format(&empty, &[diagnostic], MessageFormat::Human, false);
        }
    };
    let compiled = policyc::compile(&file);
    assert!(
        compiled.policy.is_none(),
        "{} should be rejected",
        relative.display()
    );
    report::format(&file, &compiled.diagnostics, MessageFormat::Human, false)
}

#[test]
fn bad_inputs_report_as_snapshotted() {
    std::env::set_current_dir(env!("CARGO_MANIFEST_DIR")).expect("crate root exists");
    insta::glob!("ui", "*.policy", |path| {
        let mut settings = insta::Settings::clone_current();
        settings
            .set_snapshot_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui/snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!(diagnostics_of(path)));
    });
}

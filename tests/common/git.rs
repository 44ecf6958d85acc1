//! A scratch git repository for the tests of `policyc diff REV -- FILE`
//! (included by `tests/diff.rs` and `tests/diagnostics.rs` with
//! `#[path = "common/git.rs"] mod git;`).

use std::path::Path;

/// Whether `git` can be run here (the git tests are skipped without it).
pub fn git_available() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs `git ARGS` in `dir` as a fixed author, with no signing; panics with
/// git's message when it fails.
pub fn git(dir: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

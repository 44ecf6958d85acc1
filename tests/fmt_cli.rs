//! `policyc fmt` as users run it: `--check` prints a diff, exits 1 and
//! changes nothing; `fmt` rewrites, after which `--check` passes; a file
//! with a syntax error is reported and left alone; with no arguments the
//! project's policies folder is formatted. The rules themselves are tested
//! in `fmt.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

/// A badly formatted but valid policy.
const MESSY: &str = "policy privacy \"Privacy Policy\" {\r\nid=\"messy\"\r\n    org {   name = \"Acme\" }\r\n  contact { email = \"a@acme.example\" }\r\n\r\n\r\n\r\nsection collection \"What\" {text \"\"\"\r\n      Your email.\r\n      \"\"\"}\r\n  section use \"Why\" { text \"To answer.\" }\r\n  section sharing \"Who\" { text \"No one.\" }\r\n  section contact \"Contact\" { text \"${contact.email}\" }\r\n}";

/// The same policy, formatted.
const TIDY: &str = "policy privacy \"Privacy Policy\" {\n  id = \"messy\"\n  org { name = \"Acme\" }\n  contact { email = \"a@acme.example\" }\n\n  section collection \"What\" {\n    text \"\"\"\n      Your email.\n      \"\"\"\n  }\n  section use \"Why\" { text \"To answer.\" }\n  section sharing \"Who\" { text \"No one.\" }\n  section contact \"Contact\" { text \"${contact.email}\" }\n}\n";

/// A scratch folder with `policies/messy.policy`.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("policies")).unwrap();
    let path = dir.path().join("policies/messy.policy");
    fs::write(&path, MESSY).unwrap();
    (dir, path)
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

#[test]
fn check_prints_a_diff_exits_1_and_leaves_the_file_alone() {
    let (dir, path) = scratch();
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "--check", "policies/messy.policy"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "--- policies/messy.policy\n+++ policies/messy.policy\n@@ ",
        ))
        .stdout(predicate::str::contains("\n-id=\"messy\"\n"))
        .stdout(predicate::str::contains("\n+  id = \"messy\"\n"))
        .stderr(predicate::str::contains(
            "`policies/messy.policy` is not formatted (CRLF line endings become LF)",
        ))
        .stderr(predicate::str::contains(
            "1 of 1 file(s) would be reformatted",
        ));
    assert_eq!(read(&path), MESSY);
}

#[test]
fn fmt_rewrites_the_policies_folder_and_then_check_passes() {
    let (dir, path) = scratch();
    fs::write(dir.path().join("policies/tidy.policy"), TIDY).unwrap();
    policyc()
        .current_dir(dir.path())
        .arg("fmt")
        .assert()
        .success()
        .stdout("formatted policies/messy.policy (CRLF line endings become LF)\n")
        .stderr(predicate::str::contains("1 of 2 file(s) reformatted"));
    assert_eq!(read(&path), TIDY);
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "--check"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "0 of 2 file(s) would be reformatted",
        ));
    // What the build sees is the same policy.
    policyc()
        .current_dir(dir.path())
        .args(["check", "policies/messy.policy"])
        .assert()
        .success();
}

#[test]
fn a_file_with_a_syntax_error_exits_1_and_is_left_alone() {
    let (dir, _) = scratch();
    let broken = "policy terms \"T\" {\n  id =\n}\n";
    let path = dir.path().join("policies/broken.policy");
    fs::write(&path, broken).unwrap();
    for check in [false, true] {
        let mut command = policyc();
        command.current_dir(dir.path()).arg("fmt");
        if check {
            command.arg("--check");
        }
        command
            .arg("policies/broken.policy")
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("error[E0101]"))
            .stderr(predicate::str::contains("policies/broken.policy:3:1"))
            .stderr(predicate::str::contains(
                "`policies/broken.policy` has syntax errors and was not formatted",
            ));
        assert_eq!(read(&path), broken);
    }
    // The other files of a run are formatted all the same.
    policyc()
        .current_dir(dir.path())
        .arg("fmt")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "1 of 2 file(s) reformatted, 1 with syntax errors left alone",
        ));
    assert_eq!(read(&dir.path().join("policies/messy.policy")), TIDY);
    assert_eq!(read(&path), broken);
}

#[test]
fn syntax_errors_can_be_printed_for_tools() {
    let (dir, _) = scratch();
    fs::write(
        dir.path().join("policies/messy.policy"),
        "policy terms \"T\" {\n",
    )
    .unwrap();
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "--message-format", "github"])
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with(
            "::error file=policies/messy.policy",
        ));
}

#[test]
fn a_missing_file_or_an_empty_folder_exits_2() {
    let (dir, _) = scratch();
    fs::create_dir_all(dir.path().join("empty")).unwrap();
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "gone.policy"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot read `gone.policy`: no such file",
        ));
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "empty"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`empty/` holds no .policy files"));
}

#[test]
fn a_byte_order_mark_alone_is_a_change_the_summary_names() {
    let (dir, path) = scratch();
    fs::write(&path, format!("\u{feff}{TIDY}")).unwrap();
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "--check"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "`policies/messy.policy` is not formatted (byte-order mark dropped)",
        ));
    policyc()
        .current_dir(dir.path())
        .arg("fmt")
        .assert()
        .success();
    assert_eq!(read(&path), TIDY);
}

#[cfg(unix)]
#[test]
fn a_linked_policy_is_written_through_the_link() {
    let (dir, path) = scratch();
    fs::write(&path, TIDY).unwrap();
    fs::write(dir.path().join("shared.policy"), MESSY).unwrap();
    let link = dir.path().join("policies/linked.policy");
    std::os::unix::fs::symlink("../shared.policy", &link).unwrap();
    policyc()
        .current_dir(dir.path())
        .arg("fmt")
        .assert()
        .success()
        .stdout(predicate::str::contains("formatted policies/linked.policy"));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(&dir.path().join("shared.policy")), TIDY);
}

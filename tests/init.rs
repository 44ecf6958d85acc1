//! Getting started: `policyc init` (a new project that checks clean and
//! builds at once, and never a file replaced), shell completions and the
//! manual page.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

const FILES: [&str; 4] = [
    "policyc.yaml",
    "policies/privacy.policy",
    "clauses/README.md",
    ".gitignore",
];

#[test]
fn init_then_build_makes_a_site() {
    let scratch = tempfile::tempdir().unwrap();
    policyc()
        .current_dir(scratch.path())
        .args(["init", "demo"])
        .assert()
        .success()
        .stderr(predicate::str::contains("cd demo && policyc build"));
    let demo = scratch.path().join("demo");
    for name in FILES {
        assert!(demo.join(name).is_file(), "{name} missing");
    }
    policyc().current_dir(&demo).arg("build").assert().success();
    assert!(demo.join("site/index.html").is_file());
    assert!(demo.join("site/privacy/index.html").is_file());
    let ignored = fs::read_to_string(demo.join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|l| l == "/site/"), "{ignored}");
}

#[test]
fn the_starter_policy_checks_without_a_warning_and_is_a_placeholder() {
    let scratch = tempfile::tempdir().unwrap();
    policyc()
        .current_dir(scratch.path())
        .arg("init")
        .assert()
        .success();
    policyc()
        .current_dir(scratch.path())
        .args(["check", "--deny-warnings"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").not());
    let policy = fs::read_to_string(scratch.path().join("policies/privacy.policy")).unwrap();
    for placeholder in ["Example Ltd", "privacy@example.com", "2000-01-01"] {
        assert!(policy.contains(placeholder), "{placeholder}");
    }
    let readme = fs::read_to_string(scratch.path().join("clauses/README.md")).unwrap();
    assert!(readme.contains("include"), "{readme}");
}

#[test]
fn init_replaces_no_file_and_then_writes_nothing() {
    let scratch = tempfile::tempdir().unwrap();
    let demo = scratch.path().join("demo");
    fs::create_dir_all(demo.join("policies")).unwrap();
    fs::write(demo.join("policies/privacy.policy"), "mine").unwrap();
    policyc()
        .current_dir(scratch.path())
        .args(["init", "demo"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`demo/policies/privacy.policy` already exists",
        ));
    let text = fs::read_to_string(demo.join("policies/privacy.policy")).unwrap();
    assert_eq!(text, "mine");
    for name in ["policyc.yaml", "clauses/README.md", ".gitignore"] {
        assert!(!demo.join(name).exists(), "{name} was written");
    }
}

#[test]
fn init_works_in_a_folder_with_other_files() {
    let scratch = tempfile::tempdir().unwrap();
    fs::write(scratch.path().join("README.md"), "my site").unwrap();
    policyc()
        .current_dir(scratch.path())
        .args(["init", "."])
        .assert()
        .success();
    assert!(scratch.path().join("policyc.yaml").is_file());
    let readme = fs::read_to_string(scratch.path().join("README.md")).unwrap();
    assert_eq!(readme, "my site");
}

#[test]
fn completion_scripts_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let assert = policyc().args(["completions", shell]).assert().success();
        let script = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        for command in [
            "build",
            "check",
            "init",
            "explain",
            "templates",
            "completions",
        ] {
            assert!(script.contains(command), "{shell}: no `{command}`");
        }
    }
    policyc().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_manual_page_is_roff_naming_the_subcommands() {
    let assert = policyc().arg("man").assert().success();
    let page = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(page.starts_with(".ie"), "{page}");
    assert!(page.contains(".TH policyc 1"), "{page}");
    for command in ["build", "check", "init"] {
        assert!(page.contains(command), "no `{command}`");
    }
}

/// A new project is already in the canonical layout: `policyc fmt --check`
/// passes on what `init` writes.
#[test]
fn the_starter_policy_is_formatted_already() {
    let dir = tempfile::tempdir().unwrap();
    policyc()
        .current_dir(dir.path())
        .args(["init", "demo"])
        .assert()
        .success();
    policyc()
        .current_dir(dir.path().join("demo"))
        .args(["fmt", "--check"])
        .assert()
        .success();
}

//! The `policyc` command as users run it: exit codes, where output goes,
//! what a failed build leaves behind, and how errors read.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;
use std::path::Path;

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

const MINIMAL: &str = include_str!("../examples/minimal.policy");

#[test]
fn build_writes_every_format_into_a_folder_per_policy() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("minimal.policy");
    fs::write(&source, MINIMAL).unwrap();
    let out = dir.path().join("out");
    policyc()
        .arg("build")
        .arg(&source)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    for name in ["index.html", "minimal-privacy.md", "minimal-privacy.json"] {
        assert!(
            out.join("minimal-privacy").join(name).is_file(),
            "{name} missing"
        );
    }
}

#[test]
fn build_without_files_builds_the_policies_folder_into_site() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("policies/nested")).unwrap();
    fs::write(dir.path().join("policies/nested/minimal.policy"), MINIMAL).unwrap();
    policyc()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    assert!(dir.path().join("site/minimal-privacy/index.html").is_file());
}

#[test]
fn format_option_limits_the_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("minimal.policy");
    fs::write(&source, MINIMAL).unwrap();
    let out = dir.path().join("out");
    policyc()
        .args(["build", "--format", "json"])
        .arg(&source)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    assert!(out.join("minimal-privacy/minimal-privacy.json").is_file());
    assert!(!out.join("minimal-privacy/index.html").exists());
}

#[test]
fn check_writes_nothing_and_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("policies")).unwrap();
    fs::write(dir.path().join("policies/minimal.policy"), MINIMAL).unwrap();
    policyc()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .success();
    assert!(!dir.path().join("site").exists());
}

#[test]
fn removing_the_contact_section_from_socnect_fails_naming_the_kind_and_file() {
    let socnect = include_str!("../policies/socnect.policy");
    let start = socnect
        .find("section contact")
        .expect("socnect has a contact section");
    let end = start + socnect[start..].find("\n  }").expect("the section closes") + 4;
    let without = format!("{}{}", &socnect[..start], &socnect[end..]);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("socnect.policy");
    fs::write(&copy, without).unwrap();
    policyc()
        .arg("check")
        .arg(&copy)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no section of kind `contact`"))
        .stderr(predicate::str::contains("socnect.policy:"));
}

#[test]
fn syntax_error_shows_file_line_column_source_line_and_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("broken.policy");
    fs::write(
        &source,
        "policy privacy \"P\" {\n  id = \"p\"\n  section collection \"C\" {\n    text \"x\"\n",
    )
    .unwrap();
    let assert = policyc().arg("check").arg(&source).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("broken.policy:1:20"), "{stderr}");
    assert!(
        stderr.contains("policy privacy \"P\" {"),
        "the source line is shown: {stderr}"
    );
    assert!(stderr.contains("is never closed"), "{stderr}");
    assert!(
        !stderr.contains("block_close") && !stderr.contains("Rule"),
        "no grammar rule names: {stderr}"
    );
}

#[test]
fn a_failed_build_replaces_no_previous_output() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("p.policy");
    let out = dir.path().join("out");
    fs::write(&source, MINIMAL).unwrap();
    policyc()
        .arg("build")
        .arg(&source)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let page = out.join("minimal-privacy/index.html");
    let before = fs::read(&page).unwrap();
    fs::write(&source, MINIMAL.replace("section use", "section usage")).unwrap();
    policyc()
        .arg("build")
        .arg(&source)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    assert_eq!(fs::read(&page).unwrap(), before);
}

#[test]
fn every_problem_in_every_file_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.policy");
    let b = dir.path().join("b.policy");
    fs::write(&a, MINIMAL.replace("section use", "section usage")).unwrap();
    fs::write(
        &b,
        MINIMAL
            .replace("${contact.email}", "${contact.mail}")
            .replace("Tiny Co", "Tiny Co\" name = \"x"),
    )
    .unwrap();
    let assert = policyc().arg("check").arg(&a).arg(&b).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("a.policy:") && stderr.contains("unknown section kind `usage`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.policy:") && stderr.contains("`name` is set twice"),
        "{stderr}"
    );
    assert!(
        stderr.contains("unknown reference `${contact.mail}`"),
        "{stderr}"
    );
    assert!(stderr.contains("2 of 2 file(s) have errors"), "{stderr}");
}

#[test]
fn two_policies_with_one_id_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.policy");
    let b = dir.path().join("b.policy");
    fs::write(&a, MINIMAL).unwrap();
    fs::write(&b, MINIMAL).unwrap();
    policyc()
        .arg("check")
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is also used by"));
}

#[test]
fn usage_and_io_errors_exit_two() {
    policyc()
        .args(["build", "--format", "pdf", "x.policy"])
        .assert()
        .code(2);
    policyc().arg("frobnicate").assert().code(2);
    let dir = tempfile::tempdir().unwrap();
    policyc()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `policies/` folder"));
}

#[test]
fn a_missing_file_is_reported_not_panicked_on() {
    policyc()
        .args(["check", "does-not-exist.policy"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cannot read `does-not-exist.policy`: no such file",
        ));
}

#[test]
fn output_folder_may_not_hold_the_sources() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("p.policy");
    fs::write(&source, MINIMAL).unwrap();
    policyc()
        .arg("build")
        .arg(&source)
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(2);
    assert!(!dir.path().join("minimal-privacy").exists());
}

#[test]
fn help_shows_examples_for_every_command() {
    for command in ["build", "check"] {
        policyc()
            .args([command, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("Examples:"));
    }
}

#[test]
fn the_bundled_policies_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    policyc()
        .current_dir(root)
        .arg("build")
        .arg("--out")
        .arg(dir.path())
        .assert()
        .success();
    for id in ["connecwrk-privacy", "connact-privacy", "socnect-privacy"] {
        assert!(
            dir.path().join(id).join("index.html").is_file(),
            "{id} not built"
        );
    }
}

//! How `policyc` reports problems: file, line and column, the source line,
//! every problem of every file, and the JSON and GitHub forms for tools.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

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
fn auditing_socnect_against_gdpr_names_the_articles_and_the_file() {
    let socnect = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/socnect.policy");
    policyc()
        .args(["check", "--profile", "gdpr"])
        .arg(&socnect)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0312]: GDPR Art. 13("))
        .stderr(predicate::str::contains("socnect.policy:"))
        .stderr(predicate::str::contains("policyc explain GDPR-"));
}

#[test]
fn a_privacy_policy_without_a_contact_point_fails_naming_the_file() {
    let socnect = include_str!("../policies/socnect.policy");
    let without = socnect.replacen("email = \"legal@socnect.com\"", "", 1);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("socnect.policy");
    fs::write(&copy, without).unwrap();
    policyc()
        .arg("check")
        .arg(&copy)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("must give a contact point"))
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

/// A policy with one unknown reference on line 11, column 46.
fn policy_with_bad_reference(dir: &Path) -> std::path::PathBuf {
    let source = dir.join("bad.policy");
    fs::write(
        &source,
        MINIMAL.replace("${contact.email}", "${contact.mail}"),
    )
    .unwrap();
    source
}

#[test]
fn github_format_is_the_documented_workflow_command() {
    // https://docs.github.com/actions/reference/workflow-commands-for-github-actions:
    // ::error file={name},line={line},col={col},endLine={endLine},endColumn={endColumn},title={title}::{message}
    // with `%`, CR and LF escaped in the message, and also `:` and `,` in properties.
    let dir = tempfile::tempdir().unwrap();
    let source = policy_with_bad_reference(dir.path());
    let assert = policyc()
        .current_dir(dir.path())
        .args(["check", "--message-format", "github", "bad.policy"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert_eq!(
        stdout,
        "::error file=bad.policy,line=11,col=46,endLine=11,endColumn=61,title=E0304 a reference names nothing the policy declares::unknown reference `${contact.mail}`%0Ahelp: did you mean `${contact.email}`?\n"
    );
    drop(source);
}

#[test]
fn json_format_gives_one_object_per_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    policy_with_bad_reference(dir.path());
    let assert = policyc()
        .current_dir(dir.path())
        .args(["check", "--message-format", "json", "bad.policy"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let value: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(value["code"], "E0304");
    assert_eq!(value["severity"], "error");
    assert_eq!(value["file"], "bad.policy");
    assert_eq!(value["line"], 11);
    assert_eq!(value["column"], 46);
    assert_eq!(value["end_line"], 11);
    assert_eq!(value["end_column"], 61);
    assert_eq!(value["help"], "did you mean `${contact.email}`?");
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let dir = tempfile::tempdir().unwrap();
    policy_with_bad_reference(dir.path());
    // Piped stderr: no escape codes even without NO_COLOR.
    let mut command = Command::cargo_bin("policyc").unwrap();
    command
        .env_remove("NO_COLOR")
        .current_dir(dir.path())
        .args(["check", "bad.policy"]);
    command
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn json_format_includes_related_places() {
    // Regression (issue 7, defect 8): the JSON form dropped the related
    // spans that the human form shows ("first set here").
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("dup.policy"),
        MINIMAL.replace("Tiny Co", "Tiny Co\" name = \"x"),
    )
    .unwrap();
    let assert = policyc()
        .current_dir(dir.path())
        .args(["check", "--message-format", "json", "dup.policy"])
        .assert()
        .code(1);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{stdout}");
    let value: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(value["code"], "E0204");
    assert_eq!((&value["line"], &value["column"]), (&5.into(), &26.into()));
    let related = value["related"].as_array().expect("a related array");
    assert_eq!(related.len(), 1, "{value}");
    let first = &related[0];
    assert_eq!(first["message"], "first set here");
    assert_eq!(first["file"], "dup.policy");
    assert_eq!((&first["line"], &first["column"]), (&5.into(), &9.into()));
    assert_eq!(first["end_line"], 5);
    assert!(first["end_column"].as_u64().unwrap() > 9, "{first}");
}

//! The `policyc` command as users run it: exit codes, where output goes,
//! what a failed build leaves behind, and how errors read.

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

/// A scratch folder holding one policy file named `name`.
fn scratch_policy(name: &str, text: impl AsRef<[u8]>) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join(name);
    fs::write(&source, text).unwrap();
    (dir, source)
}

#[test]
fn build_writes_every_format_into_a_folder_per_policy() {
    let (dir, source) = scratch_policy("minimal.policy", MINIMAL);
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
    let (dir, source) = scratch_policy("minimal.policy", MINIMAL);
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
    let (dir, source) = scratch_policy("p.policy", MINIMAL);
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
fn warnings_pass_unless_denied() {
    let (dir, source) = scratch_policy(
        "w.policy",
        MINIMAL.replace("{ text \"No one else.\" }", "{ }"),
    );
    policyc()
        .arg("check")
        .arg(&source)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "warning[W0001]: the section `Who sees it` has no content",
        ));
    policyc()
        .args(["check", "--deny-warnings"])
        .arg(&source)
        .assert()
        .code(1);
    let out = dir.path().join("out");
    policyc()
        .args(["build", "--deny-warnings"])
        .arg(&source)
        .arg("--out")
        .arg(&out)
        .assert()
        .code(1);
    assert!(!out.exists(), "a denied build writes nothing");
}

#[test]
fn future_dates_warn_relative_to_source_date_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("f.policy");
    fs::write(
        &source,
        MINIMAL.replace(
            "id = \"minimal-privacy\"",
            "id = \"f\"\n  updated = 2024-06-01",
        ),
    )
    .unwrap();
    let at = |epoch: &str| {
        policyc()
            .env("SOURCE_DATE_EPOCH", epoch)
            .arg("check")
            .arg(&source)
            .assert()
            .success()
    };
    // 2024-01-01 is 19723 days after the epoch; 2025-01-01 is 20089.
    at("1704067200").stderr(predicate::str::contains("warning[W0002]"));
    at("1735689600").stderr(predicate::str::contains("warning").not());
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
fn explain_prints_every_code_and_refuses_unknown_ones() {
    policyc()
        .args(["explain", "e0202"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("# E0202"));
    policyc().args(["explain", "E0999"]).assert().code(2);
    policyc()
        .args(["explain", "--all"])
        .assert()
        .success()
        .stdout(predicate::str::contains("# W0002"));
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let build = |out: &Path| {
        policyc()
            .current_dir(root)
            .args(["build", "--front-matter", "--out"])
            .arg(out)
            .assert()
            .success();
    };
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&a);
    build(&b);
    let mut files = Vec::new();
    let mut pending = vec![a.clone()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(folder).unwrap().flatten() {
            if entry.path().is_dir() {
                pending.push(entry.path());
            } else {
                files.push(entry.path());
            }
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    for file in files {
        let twin = b.join(file.strip_prefix(&a).unwrap());
        assert_eq!(
            fs::read(&file).unwrap(),
            fs::read(&twin).unwrap(),
            "{} differs",
            file.display()
        );
    }
}

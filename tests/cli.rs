//! The `policyc` command as users run it: exit codes, where output goes,
//! which files a build finds, and what a failed build leaves behind. How
//! problems read is in `cli_messages.rs`.

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
    // A missing input is an I/O error (exit 2), as the README says and as
    // cargo and rustc treat it; it exited 1, as an invalid policy, before.
    policyc()
        .args(["check", "does-not-exist.policy"])
        .assert()
        .code(2)
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

#[cfg(unix)]
#[test]
fn discovery_does_not_follow_symlinked_folders_but_reads_symlinked_files() {
    // Regression (issue 7, defect 5): `policies/loop -> ..` made discovery
    // walk `policies/loop/policies/loop/…` until the path was too long, and
    // report each copy of the one policy as a duplicate id.
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    fs::create_dir_all(&policies).unwrap();
    fs::create_dir_all(dir.path().join("elsewhere")).unwrap();
    fs::write(policies.join("a.policy"), MINIMAL).unwrap();
    fs::write(
        dir.path().join("elsewhere/b.policy"),
        MINIMAL.replace("minimal-privacy", "b-privacy"),
    )
    .unwrap();
    std::os::unix::fs::symlink("..", policies.join("loop")).unwrap();
    std::os::unix::fs::symlink("../elsewhere/b.policy", policies.join("b.policy")).unwrap();
    policyc()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .success()
        .stderr(predicate::str::contains("2 file(s) checked, no errors"))
        .stderr(predicate::str::contains("also used by").not());
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_a_read_error_not_a_write_error() {
    // Regression (issue 7, defect 5): a folder discovery could not list was
    // reported as "could not write". Root reads any folder, so there the
    // test only checks that the build still succeeds.
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("policies/locked");
    fs::create_dir_all(&locked).unwrap();
    fs::write(dir.path().join("policies/a.policy"), MINIMAL).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let readable_anyway = fs::read_dir(&locked).is_ok(); // as root
    let assert = policyc().current_dir(dir.path()).arg("check").assert();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    if readable_anyway {
        eprintln!("running as root: `policies/locked` stays readable");
        assert.success();
        return;
    }
    assert
        .code(2)
        .stderr(predicate::str::contains("could not read `policies/locked`"))
        .stderr(predicate::str::contains("could not write").not());
}

#[test]
fn policy_ids_that_differ_only_in_case_are_refused() {
    // Regression (issue 7, defect 7): `Acme/` and `acme/` are one folder on
    // macOS and Windows, and which policy's files survived the parallel
    // writes was chance.
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.policy");
    let b = dir.path().join("b.policy");
    fs::write(&a, MINIMAL.replace("minimal-privacy", "Acme")).unwrap();
    fs::write(&b, MINIMAL.replace("minimal-privacy", "acme")).unwrap();
    let out = dir.path().join("out");
    let assert = policyc()
        .current_dir(dir.path())
        .args(["build", "a.policy", "b.policy", "--out"])
        .arg(&out)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("the policy id `acme` is also used by `a.policy` as `Acme`"),
        "{stderr}"
    );
    assert!(stderr.contains("differ only in case"), "{stderr}");
    assert!(stderr.contains("b.policy:4:"), "{stderr}");
    assert!(!out.exists(), "nothing is written");
}

// Issue 10, authoring workflow: folders as arguments, and rough edges. Each
// of these failed against the binary before the change.

/// A scratch folder with `corpus/b.policy`, `corpus/nested/a.policy` and
/// a note that is not a policy.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(corpus.join("nested")).unwrap();
    fs::write(
        corpus.join("b.policy"),
        MINIMAL.replace("minimal-privacy", "b"),
    )
    .unwrap();
    fs::write(
        corpus.join("nested/a.policy"),
        MINIMAL.replace("minimal-privacy", "a"),
    )
    .unwrap();
    fs::write(corpus.join("notes.md"), "not a policy").unwrap();
    dir
}

#[test]
fn a_folder_named_on_the_command_line_gives_every_policy_under_it() {
    // Before: "cannot read `corpus`: Is a directory".
    let dir = corpus();
    policyc()
        .current_dir(dir.path())
        .args(["check", "corpus"])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 file(s) checked, no errors"));
    policyc()
        .current_dir(dir.path())
        .args(["build", "corpus/", "--out", "out"])
        .assert()
        .success();
    assert!(dir.path().join("out/a/index.html").is_file());
    assert!(dir.path().join("out/b/index.html").is_file());
}

#[test]
fn a_folder_without_policies_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    policyc()
        .current_dir(dir.path())
        .args(["check", "empty"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`empty/` holds no .policy files"));
}

#[test]
fn check_without_files_asks_for_files_to_check() {
    // Before: "name the .policy files to build", from `check`.
    let dir = tempfile::tempdir().unwrap();
    policyc()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("name the .policy files to check"))
        .stderr(predicate::str::contains("to build").not());
}

#[test]
fn check_refusing_warnings_claims_nothing_about_writing() {
    // Before: "… `--deny-warnings` given; nothing was written", from `check`.
    let (_dir, source) = scratch_policy(
        "w.policy",
        MINIMAL.replace("{ text \"No one else.\" }", "{ }"),
    );
    policyc()
        .args(["check", "--deny-warnings"])
        .arg(&source)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "1 warning(s) and `--deny-warnings` given\n",
        ))
        .stderr(predicate::str::contains("written").not());
}

#[test]
fn the_site_index_lists_policies_by_title_whatever_the_argument_order() {
    // Before: the index listed the policies in the order they were named.
    let dir = tempfile::tempdir().unwrap();
    let titled = |file: &str, id: &str, title: &str| {
        let text = MINIMAL
            .replace("minimal-privacy", id)
            .replace("\"Privacy Policy\"", &format!("\"{title}\""));
        fs::write(dir.path().join(file), text).unwrap();
    };
    titled("1.policy", "one", "Zebra Privacy");
    titled("2.policy", "two", "apple privacy");
    titled("3.policy", "three", "Mango Privacy");
    let index = |order: &[&str], out: &str| {
        policyc()
            .current_dir(dir.path())
            .arg("build")
            .args(order)
            .args(["--format", "html", "--out", out])
            .assert()
            .success();
        fs::read_to_string(dir.path().join(out).join("index.html")).unwrap()
    };
    let forwards = index(&["1.policy", "2.policy", "3.policy"], "a");
    let backwards = index(&["3.policy", "2.policy", "1.policy"], "b");
    assert_eq!(forwards, backwards);
    let at = |title: &str| forwards.find(title).unwrap();
    assert!(at("apple privacy") < at("Mango Privacy"));
    assert!(at("Mango Privacy") < at("Zebra Privacy"));
}

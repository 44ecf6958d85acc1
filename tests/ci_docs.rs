//! Issue 22, publishing from CI: `docs/ci.md` quotes the pipeline files it
//! shows word for word, the README shows every input of `action.yml`, and
//! `--message-format gitlab` writes the Code Quality report GitLab shows on
//! a merge request's lines. The pipelines themselves are run step by step
//! by `scripts/check-ci-recipes`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

#[path = "common/git.rs"]
mod git;

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const MINIMAL: &str = include_str!("../examples/minimal.policy");

/// The pipelines in `docs/ci.md` are the files under `docs/ci/` that
/// `scripts/check-ci-recipes` runs: a copy edited in one place only would
/// document a pipeline nobody tests.
#[test]
fn docs_ci_quotes_every_pipeline_file_verbatim() {
    let doc = read(&root().join("docs/ci.md"));
    let mut files = vec![root().join("docs/ci/gitlab-ci.yml")];
    for entry in fs::read_dir(root().join("docs/ci/github")).unwrap() {
        files.push(entry.unwrap().path());
    }
    assert!(files.len() >= 3, "{files:?}");
    for file in files {
        let text = read(&file);
        assert!(
            doc.contains(&format!("```yaml\n{text}```\n")),
            "docs/ci.md does not quote {} word for word",
            file.display()
        );
    }
}

/// The README links the CI guide and shows every input of the action.
#[test]
fn the_readme_links_the_guide_and_names_every_input_of_the_action() {
    let readme = read(&root().join("README.md"));
    assert!(
        readme.contains("(docs/ci.md)"),
        "README does not link docs/ci.md"
    );
    let action = read(&root().join("action.yml"));
    let inputs = action
        .split("\ninputs:\n")
        .nth(1)
        .and_then(|rest| rest.split("\noutputs:\n").next())
        .expect("action.yml has inputs and outputs");
    let names: Vec<&str> = inputs
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.strip_suffix(':'))
        .filter(|l| !l.starts_with(' '))
        .collect();
    assert!(
        names.contains(&"command") && names.contains(&"version"),
        "{names:?}"
    );
    for name in names {
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "the README's action section lacks the input `{name}`"
        );
    }
}

/// A scratch folder holding `files`.
fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// Issue 22: GitLab shows problems on a merge request's lines only from a
/// Code Quality report, and policyc had no way to write one (`--message-format`
/// knew human, json and github). Now `gitlab` prints one JSON array of
/// located issues, with unique fingerprints even for identical messages.
#[test]
fn gitlab_format_is_one_code_quality_array_of_located_issues() {
    let broken = MINIMAL.replacen("{", "{\n  colour = 1\n  colour = 2\n", 1);
    let dir = scratch(&[("a,b:c.policy", &broken)]);
    let out = policyc()
        .current_dir(dir.path())
        .args(["check", "--message-format", "gitlab", "a,b:c.policy"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).expect("one JSON document");
    let issues = report.as_array().expect("an array");
    assert!(issues.len() >= 2, "{report:#}");
    let mut fingerprints = Vec::new();
    for issue in issues {
        assert_eq!(issue["location"]["path"], "a,b:c.policy", "{issue}");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 2);
        assert_eq!(issue["severity"], "major");
        assert!(issue["check_name"].as_str().unwrap().starts_with('E'));
        assert!(!issue["description"].as_str().unwrap().is_empty());
        let print = issue["fingerprint"].as_str().unwrap().to_string();
        assert_eq!(print.len(), 32, "{print}");
        fingerprints.push(print);
    }
    let count = fingerprints.len();
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), count, "two issues share a fingerprint");
}

/// A clean check still writes a report GitLab can read: `[]`, not nothing;
/// warnings are `minor`.
#[test]
fn gitlab_format_writes_an_empty_array_when_all_is_well_and_warnings_as_minor() {
    let dir = scratch(&[("ok.policy", MINIMAL)]);
    policyc()
        .current_dir(dir.path())
        .args(["check", "--message-format", "gitlab", "ok.policy"])
        .assert()
        .code(0)
        .stdout("[]\n");
    let future = MINIMAL.replacen(
        "id = \"minimal-privacy\"",
        "id = \"minimal-privacy\"\n  updated = 2999-01-01",
        1,
    );
    let dir = scratch(&[("future.policy", &future)]);
    let out = policyc()
        .current_dir(dir.path())
        .args(["check", "--message-format", "gitlab", "future.policy"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(
        report
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["severity"] == "minor" && i["check_name"] == "W0002"),
        "{report:#}"
    );
}

/// `diff` and `fmt` report changes and layouts, not problems: a Code Quality
/// report there would be a wrong document, so the format is refused (exit 2).
#[test]
fn gitlab_format_is_refused_where_it_means_nothing() {
    let dir = scratch(&[("a.policy", MINIMAL), ("b.policy", MINIMAL)]);
    for args in [
        &["diff", "--message-format", "gitlab", "a.policy", "b.policy"][..],
        &["fmt", "--check", "--message-format", "gitlab", "a.policy"][..],
    ] {
        policyc()
            .current_dir(dir.path())
            .args(args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--message-format gitlab"));
    }
}

/// Issue 22: `diff --message-format github BASE HEAD -- FILE`, the form
/// docs/diff.md showed for CI, named the file of every annotation
/// `HEAD:FILE` (`file=HEAD%3AFILE`), a path that is in no checkout, so
/// GitHub placed none of them on the pull request. The new version's
/// annotations now name the file by its path in the repository.
#[test]
fn github_annotations_of_a_diff_between_revisions_name_the_file_in_the_checkout() {
    if !git::git_available() {
        eprintln!("skipped: no git");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("policies")).unwrap();
    let file = dir.path().join("policies/p.policy");
    fs::write(&file, MINIMAL).unwrap();
    git::git(dir.path(), &["init", "-q"]);
    git::git(dir.path(), &["add", "-A"]);
    git::git(dir.path(), &["commit", "-qm", "base"]);
    let changed = MINIMAL.replacen("Tiny Co", "Tiny Company", 1);
    fs::write(&file, changed).unwrap();
    git::git(dir.path(), &["commit", "-qam", "head"]);
    let out = policyc()
        .current_dir(dir.path())
        .args(["diff", "--message-format", "github", "HEAD~1", "HEAD", "--"])
        .arg("policies/p.policy")
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.starts_with("::"), "{out}");
    for line in out.lines() {
        assert!(line.contains(" file=policies/p.policy,line="), "{line}");
    }
}

//! Diagnostics of the command line that point at the cause (issue 15,
//! items 6 and 7): `diff REV FILE` without `--` says how to write it; the
//! clause files of `diff REV -- FILE` are found by the build's resolver,
//! confined to the project as `build` confines them; an include outside
//! the project is refused in the same words whether or not the path
//! exists. Run through the real binary in scratch folders (the git cases
//! are skipped without git).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

#[path = "common/git.rs"]
mod git;
use assert_cmd::Command;
use git::{git, git_available};
use std::fs;
use std::path::Path;

fn policyc(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("policyc").unwrap();
    command.current_dir(dir).env("NO_COLOR", "1");
    command
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn policy_including(include: &str) -> String {
    format!(
        "policy terms \"Terms\" {{\n  id = \"terms\"\n  org {{ name = \"Org\" }}\n  include \"{include}\"\n}}\n"
    )
}

/// What `args` prints on stderr, and its exit code.
fn run(dir: &Path, args: &[&str]) -> (String, Option<i32>) {
    let out = policyc(dir).args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

/// A repository holding a project in `site/` (its `policyc.yaml`), a
/// clause file inside it, and `secret.clause` in the repository but
/// outside the project.
fn repository_with_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    write(root, "site/policyc.yaml", "policies: policies\n");
    write(
        root,
        "site/clauses/kept.clause",
        "section retention \"How long we keep data\" { text \"Two years.\" }\n",
    );
    write(root, "secret.clause", "text \"Not for this project.\"\n");
    write(
        root,
        "site/policies/terms.policy",
        &policy_including("../clauses/kept.clause"),
    );
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    dir
}

/// `policyc diff HEAD FILE` (no `--`) read `HEAD` as a file and said it
/// could not be read; it now says to write `policyc diff HEAD -- FILE`,
/// exit 2.
#[test]
fn a_revision_and_a_file_without_the_separator_say_how_to_write_it() {
    if !git_available() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = repository_with_project();
    let (stderr, code) = run(dir.path(), &["diff", "HEAD", "site/policies/terms.policy"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "`HEAD` is a revision, not a file: write `policyc diff HEAD -- site/policies/terms.policy`"
        ),
        "{stderr}"
    );
    // Two files that exist are still two files; a missing one still says so.
    let (stderr, code) = run(
        dir.path(),
        &["diff", "no-such-file.policy", "site/policies/terms.policy"],
    );
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read `no-such-file.policy`"),
        "{stderr}"
    );
}

/// `diff REV -- FILE` read clause files anywhere in the repository, with
/// a resolver of its own: an include outside the project that `build`
/// refuses was read at a revision. Both now use the build's resolver.
#[test]
fn a_revision_includes_clause_files_as_build_does() {
    if !git_available() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = repository_with_project();
    let root = dir.path();
    write(
        root,
        "site/policies/terms.policy",
        &policy_including("../../secret.clause"),
    );
    git(root, &["commit", "-q", "-a", "-m", "outside"]);
    let (built, code) = run(&root.join("site"), &["check"]);
    assert_eq!(code, Some(1), "{built}");
    assert!(
        built.contains("`../../secret.clause` is outside the project"),
        "{built}"
    );
    let (diffed, code) = run(
        root,
        &["diff", "HEAD~1", "HEAD", "--", "site/policies/terms.policy"],
    );
    assert_eq!(code, Some(1), "{diffed}");
    assert!(
        diffed.contains("error[E0212]: `../../secret.clause` is outside the project"),
        "{diffed}"
    );
    assert!(
        diffed.contains("HEAD:site/policies/terms.policy:4:11"),
        "{diffed}"
    );
    // A clause file inside the project is still read at its revision.
    let (fine, code) = run(
        root,
        &[
            "diff",
            "HEAD~1",
            "HEAD~1",
            "--",
            "site/policies/terms.policy",
        ],
    );
    assert_eq!(code, Some(0), "{fine}");
}

/// An include outside the project said "outside the project" when the
/// path existed and "there is no clause file" when it did not: whether a
/// file exists outside the project could be learnt from the message.
#[test]
fn an_include_outside_the_project_reads_the_same_whether_or_not_it_exists() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "site/policyc.yaml", "policies: policies\n");
    write(root, "there.clause", "text \"x\"\n");
    let mut messages = Vec::new();
    for include in ["../../there.clause", "../../not-there.clause"] {
        write(
            root,
            "site/policies/terms.policy",
            &policy_including(include),
        );
        let (stderr, code) = run(&root.join("site"), &["check"]);
        assert_eq!(code, Some(1), "{stderr}");
        let message = stderr
            .lines()
            .find(|l| l.starts_with("error["))
            .unwrap()
            .replace(include, "PATH");
        messages.push(message);
    }
    assert_eq!(messages[0], messages[1]);
    assert_eq!(messages[0], "error[E0212]: `PATH` is outside the project");
}

/// The same at a revision: a path outside the project, there or not at
/// that revision, gets the one message.
#[test]
fn an_include_outside_the_project_at_a_revision_reads_the_same_whether_or_not_it_exists() {
    if !git_available() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = repository_with_project();
    let root = dir.path();
    let mut messages = Vec::new();
    for include in ["../../secret.clause", "../../not-there.clause"] {
        write(
            root,
            "site/policies/terms.policy",
            &policy_including(include),
        );
        git(root, &["commit", "-q", "-a", "-m", include]);
        let (stderr, code) = run(root, &["diff", "HEAD", "--", "site/policies/terms.policy"]);
        assert_eq!(code, Some(1), "{stderr}");
        let message = stderr
            .lines()
            .find(|l| l.starts_with("error["))
            .unwrap()
            .replace(include, "PATH");
        messages.push(message);
    }
    assert_eq!(messages[0], messages[1]);
    assert_eq!(messages[0], "error[E0212]: `PATH` is outside the project");
}

/// The model behind the silence: a setting whose value failed to lower,
/// or whose key is misspelt, is recorded as written but invalid (named as
/// a reference names it; a misspelt key by the key it meant), so that the
/// checks do not also call it missing. Before, `id = "../x"` also gave
/// "the policy has no `id`" (E0302).
#[test]
fn settings_written_but_not_read_are_recorded_in_the_model() {
    let text = "policy privacy \"P\" {\n  id = \"../x\"\n  org { name = \"Acme\" }\n  contact { email = \"a@b.example\" }\n  children { minimun-age = 13 }\n  retain { data = [email] period = 26M }\n  recipient procesor { data = [email] }\n  collect { data = [email] }\n}\n";
    let compiled = policyc::compile(&policyc::source::SourceFile::new("p.policy", text));
    let model = compiled.model().unwrap();
    let mut names: Vec<&str> = model.invalid.iter().map(|n| n.node.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "children.minimum-age",
            "policy.id",
            "recipient",
            "retain",
            "retain.period"
        ]
    );
    let codes: Vec<&str> = compiled
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(!codes.contains(&"E0302"), "{codes:?}");
    assert!(!codes.contains(&"E0215"), "{codes:?}");
    assert!(!codes.contains(&"E0312"), "{codes:?}");
}

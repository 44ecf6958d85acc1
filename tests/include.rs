//! `include "path"`: clause files shared by several policies, confined to
//! the project, with loops refused and problems pointed at in the clause
//! file. Run through the real binary in a scratch project.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
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

fn policy_including(id: &str, include: &str) -> String {
    format!(
        "policy terms \"Terms {id}\" {{\n  id = \"{id}\"\n  org {{ name = \"Org {id}\" }}\n  include \"{include}\"\n}}\n"
    )
}

/// A project: `policyc.yaml`, `policies/`, `clauses/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "policyc.yaml", "policies: policies\n");
    write(
        dir.path(),
        "clauses/retention.clause",
        "section retention \"How long we keep data\" {\n  text \"${org.name} keeps data for two years.\"\n}\n",
    );
    dir
}

#[test]
fn a_clause_file_included_by_two_policies_renders_in_both() {
    let dir = project();
    for id in ["a", "b"] {
        let text = policy_including(id, "../clauses/retention.clause");
        write(dir.path(), &format!("policies/{id}.policy"), &text);
    }
    policyc(dir.path())
        .args(["build", "--out", "site"])
        .assert()
        .success();
    for id in ["a", "b"] {
        let md = fs::read_to_string(dir.path().join(format!("site/{id}/{id}.md"))).unwrap();
        assert!(md.contains("## How long we keep data"), "{md}");
        assert!(
            md.contains(&format!("Org {id} keeps data for two years.")),
            "{md}"
        );
    }
}

#[test]
fn an_include_outside_the_project_is_a_located_error() {
    let dir = project();
    write(dir.path(), "../outside.clause", "text \"x\"\n");
    let text = policy_including("a", "../../outside.clause");
    write(dir.path(), "policies/a.policy", &text);
    let out = policyc(dir.path())
        .args(["check"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("error[E0212]: `../../outside.clause` is outside the project"),
        "{stderr}"
    );
    assert!(stderr.contains("policies/a.policy:4:11"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_link_leading_outside_the_project_is_refused() {
    let dir = project();
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.clause", "text \"x\"\n");
    std::os::unix::fs::symlink(outside.path(), dir.path().join("clauses/elsewhere")).unwrap();
    let text = policy_including("a", "../clauses/elsewhere/secret.clause");
    write(dir.path(), "policies/a.policy", &text);
    let out = policyc(dir.path())
        .args(["check"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is outside the project"), "{stderr}");
}

#[test]
fn an_include_loop_shows_the_chain() {
    let dir = project();
    write(dir.path(), "clauses/a.clause", "include \"b.clause\"\n");
    write(dir.path(), "clauses/b.clause", "include \"a.clause\"\n");
    write(
        dir.path(),
        "policies/p.policy",
        &policy_including("p", "../clauses/a.clause"),
    );
    let out = policyc(dir.path())
        .args(["check"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`clauses/a.clause` includes itself"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`clauses/a.clause` → `clauses/b.clause` → `clauses/a.clause`"),
        "{stderr}"
    );
}

#[test]
fn a_problem_in_a_clause_file_points_into_it_with_an_included_from_note() {
    let dir = project();
    write(
        dir.path(),
        "clauses/bad.clause",
        "section \"Bad\" {\n  text \"${nothing}\"\n}\n",
    );
    write(
        dir.path(),
        "policies/p.policy",
        &policy_including("p", "../clauses/bad.clause"),
    );
    let out = policyc(dir.path())
        .args(["check", "--message-format", "json"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let line = String::from_utf8_lossy(&out.stdout).to_string();
    let d: serde_json::Value = serde_json::from_str(line.trim()).unwrap();
    assert_eq!(d["file"], "clauses/bad.clause");
    assert_eq!(d["line"], 2);
    assert_eq!(d["related"][0]["file"], "policies/p.policy");
    assert_eq!(d["related"][0]["line"], 4);
    assert_eq!(d["related"][0]["message"], "included from here");
}

#[test]
fn syntax_errors_in_a_clause_file_are_reported_there() {
    let dir = project();
    write(dir.path(), "clauses/bad.clause", "secton \"Bad\" { }\n");
    write(
        dir.path(),
        "policies/p.policy",
        &policy_including("p", "../clauses/bad.clause"),
    );
    let out = policyc(dir.path())
        .args(["check"])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown keyword `secton`"), "{stderr}");
    assert!(stderr.contains("clauses/bad.clause:1:1"), "{stderr}");
}

#[test]
fn a_policy_compiled_on_its_own_reads_no_clause_files() {
    let text = policy_including("p", "clauses/x.clause");
    let compiled = policyc::compile(&policyc::source::SourceFile::new("p.policy", text));
    let codes: Vec<_> = compiled.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![policyc::diagnostic::Code::IncludeFailed]);
}

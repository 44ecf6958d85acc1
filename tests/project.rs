//! The project file `policyc.yaml`, as users meet it through the binary:
//! found in the working folder or above it, paths relative to it, flags
//! over it, and every mistake in it a located error with exit status 2.

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

/// A project in a scratch folder: `policyc.yaml` holding `yaml`, and the
/// minimal policy in `legal/`.
fn project(yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("legal")).unwrap();
    fs::write(dir.path().join("legal/minimal.policy"), MINIMAL).unwrap();
    fs::write(dir.path().join("policyc.yaml"), yaml).unwrap();
    dir
}

fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn the_project_file_says_where_the_policies_are_and_where_the_site_goes() {
    let dir = project("policies: legal\nout: public\nformats: [json]\n");
    policyc()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let built = dir.path().join("public/minimal-privacy");
    assert!(built.join("minimal-privacy.json").is_file());
    assert!(!built.join("index.html").exists(), "only the formats named");
    assert!(!dir.path().join("site").exists());
}

#[test]
fn it_is_found_from_a_folder_below_and_its_paths_are_relative_to_it() {
    let dir = project("policies: legal\nout: public\n");
    let below = dir.path().join("legal/drafts");
    fs::create_dir_all(&below).unwrap();
    policyc()
        .current_dir(&below)
        .arg("check")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 file(s) checked, no errors"));
    policyc()
        .current_dir(&below)
        .arg("build")
        .assert()
        .success()
        .stderr(predicate::str::contains("into ../../public"));
    assert!(
        dir.path()
            .join("public/minimal-privacy/index.html")
            .is_file()
    );
    assert!(!below.join("public").exists());
}

#[test]
fn flags_override_the_project_file() {
    let dir = project("policies: legal\nout: public\nformats: [json]\nfront-matter: true\n");
    policyc()
        .current_dir(dir.path())
        .args(["build", "--out", "elsewhere", "--format", "md"])
        .assert()
        .success();
    let md = dir
        .path()
        .join("elsewhere/minimal-privacy/minimal-privacy.md");
    let text = fs::read_to_string(md).unwrap();
    assert!(text.starts_with("---\n"), "front matter from the file");
    assert!(!dir.path().join("public").exists());
    assert!(
        !dir.path()
            .join("elsewhere/minimal-privacy/minimal-privacy.json")
            .exists()
    );
}

#[test]
fn files_named_on_the_command_line_are_read_from_the_working_folder() {
    let dir = project("policies: nowhere\n");
    policyc()
        .current_dir(dir.path())
        .args(["check", "legal/minimal.policy"])
        .assert()
        .success();
    policyc()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `nowhere/` folder"));
}

#[test]
fn an_unknown_key_is_located_with_the_source_line_and_did_you_mean() {
    let dir = project("policies: legal\nformat: [html]\n");
    let assert = policyc()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("error[E0203]: unknown key `format`"),
        "{stderr}"
    );
    assert!(stderr.contains("policyc.yaml:2:1"), "{stderr}");
    assert!(stderr.contains("2 │ format: [html]"), "{stderr}");
    assert!(stderr.contains("did you mean `formats`?"), "{stderr}");
    assert!(!dir.path().join("site").exists(), "nothing is built");
}

#[test]
fn a_key_misspelt_in_site_is_located_too() {
    let dir = project("site:\n  title: Legal\n  base_url: https://example.com/\n");
    let assert = policyc()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("unknown key `base_url` in `site`"),
        "{stderr}"
    );
    assert!(stderr.contains("policyc.yaml:3:3"), "{stderr}");
    assert!(stderr.contains("did you mean `base-url`?"), "{stderr}");
}

#[test]
fn yaml_syntax_errors_and_wrong_values_are_located() {
    let dir = project("policies: legal\n  out: public\n");
    let assert = policyc()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("error[E0101]: invalid YAML"), "{stderr}");
    assert!(stderr.contains("policyc.yaml:2:6"), "{stderr}");

    fs::write(dir.path().join("policyc.yaml"), "formats: [html, pdf]\n").unwrap();
    policyc()
        .current_dir(dir.path())
        .args(["check", "--message-format", "json"])
        .assert()
        .code(2)
        .stdout(predicate::str::contains(
            r#""code":"E0205","severity":"error","message":"`formats[1]`: unknown format `pdf`: use md, html, json, dpv, xcprivacy, appstore, play, gpc or coverage","file":"policyc.yaml","line":1,"column":17"#,
        ));
}

#[test]
fn without_a_project_file_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("policies")).unwrap();
    fs::write(dir.path().join("policies/minimal.policy"), MINIMAL).unwrap();
    policyc()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let site = dir.path().join("site/minimal-privacy");
    for name in ["index.html", "minimal-privacy.md", "minimal-privacy.json"] {
        assert!(site.join(name).is_file(), "{name}");
    }
    let md = fs::read_to_string(site.join("minimal-privacy.md")).unwrap();
    assert!(md.starts_with("# "), "no front matter by default");
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("policies")
            .is_dir()
    );
}

#[test]
fn the_site_title_base_url_and_language_take_effect() {
    let dir = project(
        "policies: legal\nlanguage: en-GB\nsite:\n  title: Acme legal\n  base-url: https://legal.example.com/\n",
    );
    policyc()
        .current_dir(dir.path())
        .arg("build")
        .assert()
        .success();
    let index = fs::read_to_string(dir.path().join("site/index.html")).unwrap();
    assert!(index.contains("<title>Acme legal</title>"), "{index}");
    assert!(index.contains("<h1>Acme legal</h1>"), "{index}");
    let page = fs::read_to_string(dir.path().join("site/minimal-privacy/index.html")).unwrap();
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://legal.example.com/minimal-privacy/\">"
        ),
        "{page}"
    );
    assert!(page.contains("<html lang=\"en-GB\">"), "{page}");
}

//! The outputs a build owns: a build records what it wrote in its output
//! folder (`.policyc-build.json`), and the next successful build into that
//! folder removes what it no longer writes — never a file it did not
//! write, and nothing when it fails. `watch` and `serve` write through the
//! same path.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use std::fs;
use std::io::Read as _;
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[path = "common/files.rs"]
mod files;
use files::files;

const MINIMAL: &str = include_str!("../examples/minimal.policy");

fn policyc(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("policyc").unwrap();
    command.env("NO_COLOR", "1").current_dir(dir);
    command
}

/// A project with the minimal policy in `policies/`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("policies")).unwrap();
    fs::write(dir.path().join("policies/minimal.policy"), MINIMAL).unwrap();
    dir
}

/// The defect: a build never removed what an earlier build wrote, so
/// after dropping `md` and `dpv` from the formats the old Markdown
/// and DPV document stayed in the site, and `serve` served
/// them as if current. A user's own file in the folder must stay.
#[test]
fn formats_no_longer_built_are_removed_and_a_users_file_stays() {
    let dir = project();
    policyc(dir.path())
        .args(["build", "--format", "html,md,dpv"])
        .assert()
        .success();
    let site = dir.path().join("site");
    let markdown = site.join("minimal-privacy/minimal-privacy.md");
    let manifest = site.join("minimal-privacy/minimal-privacy.jsonld");
    assert!(markdown.is_file() && manifest.is_file());
    assert!(site.join(".policyc-build.json").is_file());
    fs::write(site.join("notes.txt"), "mine").unwrap();
    fs::write(site.join("minimal-privacy/mine.css"), "mine").unwrap();

    policyc(dir.path())
        .args(["build", "--format", "html"])
        .assert()
        .success();
    assert!(
        !markdown.exists(),
        "the Markdown of a format no longer built"
    );
    assert!(!manifest.exists(), "the DPV document no longer built");
    assert_eq!(fs::read_to_string(site.join("notes.txt")).unwrap(), "mine");
    assert!(site.join("minimal-privacy/mine.css").is_file());
    let record = fs::read_to_string(site.join(".policyc-build.json")).unwrap();
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    assert_eq!(record["version"], 1);
    assert_eq!(
        record["files"],
        serde_json::json!(["index.html", "minimal-privacy/index.html"])
    );
}

/// The defect: renaming a policy's id left its old folder, pages and all,
/// in the site beside the new one. Now the old files go, and the folder
/// they leave empty.
#[test]
fn a_renamed_policys_old_folder_is_removed() {
    let dir = project();
    policyc(dir.path()).arg("build").assert().success();
    let site = dir.path().join("site");
    assert!(site.join("minimal-privacy/index.html").is_file());
    let renamed = MINIMAL.replace("minimal-privacy", "renamed-privacy");
    fs::write(dir.path().join("policies/minimal.policy"), renamed).unwrap();

    policyc(dir.path()).arg("build").assert().success();
    assert!(!site.join("minimal-privacy").exists(), "{:?}", files(&site));
    assert!(site.join("renamed-privacy/index.html").is_file());
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(!index.contains("minimal-privacy/"));
}

/// A failed build removes nothing: with an error in the policy, the site
/// of the last good build stays whole whatever the formats asked for.
#[test]
fn a_failed_build_removes_nothing() {
    let dir = project();
    policyc(dir.path()).arg("build").assert().success();
    let site = dir.path().join("site");
    let before = files(&site);
    let broken = MINIMAL.replace("section use", "section usage");
    fs::write(dir.path().join("policies/minimal.policy"), broken).unwrap();
    policyc(dir.path())
        .args(["build", "--format", "html"])
        .assert()
        .code(1);
    assert_eq!(files(&site), before);
}

/// Without a record (a folder an older policyc wrote, or a user's),
/// nothing is removed: only what a build recorded is ever its to remove.
#[test]
fn a_folder_without_a_record_loses_nothing() {
    let dir = project();
    let site = dir.path().join("site");
    fs::create_dir_all(site.join("old-policy")).unwrap();
    fs::write(site.join("old-policy/index.html"), "old").unwrap();
    policyc(dir.path()).arg("build").assert().success();
    assert!(site.join("old-policy/index.html").is_file());
    policyc(dir.path()).arg("build").assert().success();
    assert!(site.join("old-policy/index.html").is_file());
}

/// A running `policyc watch`, killed when dropped, and its stderr.
struct Watching {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Watching {
    fn start(dir: &Path) -> Watching {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_policyc"))
            .arg("watch")
            .current_dir(dir)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buffer = [0_u8; 4096];
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buffer[..n]));
            }
        });
        Watching { child, stderr }
    }

    /// Polls `done` until it holds; fails, showing stderr, after 20 s.
    fn wait_for(&self, what: &str, done: impl Fn(&str) -> bool) {
        let start = Instant::now();
        loop {
            let stderr = self.stderr.lock().unwrap().clone();
            if done(&stderr) {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "timed out waiting for {what}; stderr:\n{stderr}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `watch` (and so `serve`, which shares its session) writes through the
/// same path: a format dropped from `policyc.yaml` while it runs is
/// removed at the rebuild, counted among the files that changed (so
/// `serve` reloads the pages), and no stale file is left to be served.
#[test]
fn a_rebuild_under_watch_removes_a_format_dropped_from_the_project_file() {
    let dir = project();
    let settings = dir.path().join("policyc.yaml");
    fs::write(&settings, "formats: [html, md]\n").unwrap();
    let watch = Watching::start(dir.path());
    watch.wait_for("the first build", |s| s.contains("(Ctrl-C to stop)"));
    let markdown = dir.path().join("site/minimal-privacy/minimal-privacy.md");
    assert!(markdown.is_file());

    fs::write(&settings, "formats: [html]\n").unwrap();
    watch.wait_for("the rebuild", |s| s.contains("changed)"));
    assert!(!markdown.exists());
    let stderr = watch.stderr.lock().unwrap().clone();
    assert!(stderr.contains("(2 files, 1 changed)"), "{stderr}");
}

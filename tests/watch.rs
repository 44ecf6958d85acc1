//! `policyc watch`, the real binary in a scratch project: real edits to
//! real files, each awaited by polling the output (never a fixed sleep),
//! and the child killed at the end, or when a test fails.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use std::fs;
use std::io::Read as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MINIMAL: &str = include_str!("../examples/minimal.policy");

/// A running `policyc`, killed when dropped (a failed assertion included),
/// and what it has printed on stderr so far.
struct Running {
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    fn start(dir: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_policyc"))
            .args(args)
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
        Running { child, stderr }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Polls `done` until it holds; fails, showing stderr, after 10 s.
    fn wait_for(&self, what: &str, done: impl Fn() -> bool) {
        let start = Instant::now();
        while !done() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {what}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until stderr holds `text` `times` times.
    fn wait_for_message(&self, text: &str, times: usize) {
        self.wait_for(&format!("`{text}` x{times}"), || {
            self.stderr().matches(text).count() >= times
        });
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn edits_are_rebuilt_errors_keep_the_last_good_site_and_new_files_are_built() {
    let dir = tempfile::tempdir().unwrap();
    let policies = dir.path().join("policies");
    fs::create_dir(&policies).unwrap();
    let source = policies.join("minimal.policy");
    fs::write(&source, MINIMAL).unwrap();
    let watch = Running::start(dir.path(), &["watch"]);
    watch.wait_for_message("watching policies/ and policyc.yaml for changes", 1);
    let page = dir.path().join("site/minimal-privacy/index.html");
    assert!(read(&page).contains("To answer you."));

    let edited = MINIMAL.replace("To answer you.", "To answer you within a week.");
    fs::write(&source, &edited).unwrap();
    watch.wait_for("the edit", || read(&page).contains("within a week"));

    let good = fs::read(&page).unwrap();
    fs::write(&source, edited.replace("section use", "section usage")).unwrap();
    watch.wait_for_message("1 of 1 file(s) have errors; nothing was written", 1);
    let stderr = watch.stderr();
    assert!(
        stderr.contains("error[E0202]: unknown section kind `usage`"),
        "{stderr}"
    );
    assert!(stderr.contains("policies/minimal.policy:9:11"), "{stderr}");
    assert_eq!(fs::read(&page).unwrap(), good, "the last good page is kept");

    fs::write(&source, MINIMAL.replace("To answer you.", "Within a day.")).unwrap();
    watch.wait_for("the fix", || read(&page).contains("Within a day."));

    let second = MINIMAL.replace("minimal-privacy", "second-privacy");
    fs::write(policies.join("second.policy"), second).unwrap();
    let new_page = dir.path().join("site/second-privacy/index.html");
    watch.wait_for("the new policy", || new_page.is_file());
    let index = dir.path().join("site/index.html");
    watch.wait_for("the index", || read(&index).contains("second-privacy"));
    // The closing line is printed after the files are written: waiting for
    // it, not reading stderr at once, keeps the test from racing the build.
    watch.wait_for_message("built 2 policies", 1);
}

#[test]
fn templates_and_the_project_file_are_watched_and_flags_still_win() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("legal")).unwrap();
    fs::create_dir_all(dir.path().join("theme")).unwrap();
    fs::write(dir.path().join("legal/minimal.policy"), MINIMAL).unwrap();
    fs::write(dir.path().join("theme/style.css"), "body { margin: 0 }\n").unwrap();
    let project = dir.path().join("policyc.yaml");
    fs::write(
        &project,
        "policies: legal\ntemplates: theme\nformats: [html]\n",
    )
    .unwrap();
    let watch = Running::start(dir.path(), &["watch", "--out", "public"]);
    watch.wait_for_message("watching legal/, theme/ and policyc.yaml", 1);
    let built = dir.path().join("public/minimal-privacy");
    assert!(read(&built.join("index.html")).contains("margin: 0"));
    assert!(!built.join("minimal-privacy.json").exists());

    fs::write(dir.path().join("theme/style.css"), "body { margin: 1em }\n").unwrap();
    watch.wait_for("the new style", || {
        read(&built.join("index.html")).contains("margin: 1em")
    });

    fs::write(
        &project,
        "policies: legal\ntemplates: theme\nformats: [html, json]\n",
    )
    .unwrap();
    watch.wait_for("the new format", || {
        built.join("minimal-privacy.json").is_file()
    });
    assert!(!dir.path().join("site").exists(), "`--out` still wins");

    fs::write(&project, "policies: legal\nformat: [md]\n").unwrap();
    watch.wait_for_message("error[E0203]: unknown key `format`", 1);
    watch.wait_for_message("policyc: nothing was written", 1);
}

#[test]
fn an_edited_clause_file_rebuilds_the_policies_that_include_it() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("policies")).unwrap();
    fs::create_dir_all(dir.path().join("clauses")).unwrap();
    fs::write(dir.path().join("policyc.yaml"), "policies: policies\n").unwrap();
    let including = MINIMAL.replace(
        "  section use",
        "  include \"../clauses/extra.clause\"\n  section use",
    );
    fs::write(dir.path().join("policies/minimal.policy"), including).unwrap();
    let clause = dir.path().join("clauses/extra.clause");
    fs::write(&clause, "text \"First clause.\"\n").unwrap();
    let watch = Running::start(dir.path(), &["watch"]);
    watch.wait_for_message("policies/, clauses/extra.clause and policyc.yaml", 1);
    let page = dir.path().join("site/minimal-privacy/index.html");
    assert!(read(&page).contains("First clause."));
    fs::write(&clause, "text \"Second clause.\"\n").unwrap();
    watch.wait_for("the edited clause", || {
        read(&page).contains("Second clause.")
    });
}

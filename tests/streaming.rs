//! Streaming builds (issue 20, item 3): a build renders and stages each
//! window of policies as soon as it is compiled, and moves the outputs into
//! place only once every file is valid. What a user can rely on: every
//! policy written, no staging folder left behind, a failed build leaving
//! the old site byte for byte, unchanged files left alone, diagnostics in
//! the order of the files, and memory that does not grow with the number
//! of policies.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

#[path = "common/files.rs"]
mod files;
use files::files;

const MINIMAL: &str = include_str!("../examples/minimal.policy");
const CONNECWRK: &str = include_str!("../policies/connecwrk.policy");

fn policyc(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("policyc").unwrap();
    command.env("NO_COLOR", "1").current_dir(dir);
    command
}

/// `text` with its first `id = "…"` given the value `id`.
fn with_id(text: &str, id: &str) -> String {
    let at = text.find("\n  id").unwrap();
    let open = at + text[at..].find('"').unwrap();
    let close = open + 1 + text[open + 1..].find('"').unwrap();
    format!("{}\"{id}\"{}", &text[..open], &text[close + 1..])
}

/// A project with `n` copies of `text` in `policies/`, `p-000` to
/// `p-(n-1)`, each with its own id.
fn project(text: &str, n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("policies")).unwrap();
    for i in 0..n {
        let id = format!("p-{i:03}");
        let path = dir.path().join(format!("policies/{id}.policy"));
        fs::write(path, with_id(text, &id)).unwrap();
    }
    dir
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let files = files(dir);
    files
        .into_iter()
        .map(|f| (f.clone(), fs::read(dir.join(f)).unwrap()))
        .collect()
}

/// No staging folder inside the project, the site or beside it.
fn assert_no_staging(dir: &Path) {
    let left: Vec<PathBuf> = files(dir)
        .into_iter()
        .filter(|f| f.to_string_lossy().contains("staging"))
        .collect();
    assert!(left.is_empty(), "staging left behind: {left:?}");
    let names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains("staging")), "{names:?}");
}

/// The guarantee streaming must keep: a build of more policies than a
/// window (32) writes every one of them, and the site's index lists them
/// all, though each window's outputs were staged and dropped before the
/// next was read; the staging folder does not survive.
#[test]
fn a_build_of_many_policies_writes_every_one() {
    let dir = project(MINIMAL, 70);
    policyc(dir.path())
        .args(["build", "--format", "html,md"])
        .assert()
        .success();
    let site = dir.path().join("site");
    let written = files(&site);
    // 70 pages, 70 Markdown files, the index and the record.
    assert_eq!(written.len(), 142, "{written:?}");
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    for i in 0..70 {
        assert!(index.contains(&format!("p-{i:03}/index.html")), "p-{i:03}");
    }
    assert_no_staging(dir.path());
}

/// The guarantee a failed build keeps: when the file with an error comes
/// after windows that were already rendered and staged, the build writes
/// nothing — the previous site stays byte for byte — and its staging
/// folder is removed.
#[test]
fn an_error_in_the_last_file_leaves_the_previous_site() {
    let dir = project(MINIMAL, 70);
    policyc(dir.path()).arg("build").assert().success();
    let site = dir.path().join("site");
    let before = contents(&site);
    for i in 0..70 {
        let path = dir.path().join(format!("policies/p-{i:03}.policy"));
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            text.replace("To answer you.", "To answer you, again."),
        )
        .unwrap();
    }
    let last = dir.path().join("policies/p-069.policy");
    let text = fs::read_to_string(&last).unwrap();
    fs::write(&last, text.replace("contact {", "contact { colour = 1")).unwrap();
    let assert = policyc(dir.path()).arg("build").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("1 of 70 file(s) have errors; nothing was written"),
        "{stderr}"
    );
    assert_eq!(contents(&site), before);
    assert_no_staging(dir.path());
}

/// A failed first build creates no output folder, and nothing beside it.
#[test]
fn a_failed_first_build_makes_no_folder() {
    let dir = project(MINIMAL, 40);
    let last = dir.path().join("policies/p-039.policy");
    let text = fs::read_to_string(&last).unwrap();
    fs::write(&last, text.replace("contact {", "contact { colour = 1")).unwrap();
    policyc(dir.path()).arg("build").assert().code(1);
    assert!(!dir.path().join("site").exists());
    assert_no_staging(dir.path());
}

/// Diagnostics come in the order of the files across windows, and a
/// policy id used twice is refused on the later file, however far apart
/// the two files are (the first is in an earlier window).
#[test]
fn diagnostics_keep_the_order_of_the_files_across_windows() {
    let dir = project(MINIMAL, 70);
    let fifth = dir.path().join("policies/p-005.policy");
    let text = fs::read_to_string(&fifth).unwrap();
    fs::write(&fifth, text.replace("contact {", "contact { colour = 1")).unwrap();
    fs::write(
        dir.path().join("policies/p-050.policy"),
        with_id(MINIMAL, "p-001"),
    )
    .unwrap();
    let assert = policyc(dir.path()).arg("check").assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let first = stderr.find("p-005.policy").expect("p-005 reported");
    let later = stderr.find("p-050.policy").expect("p-050 reported");
    assert!(first < later, "{stderr}");
    assert!(
        stderr.contains("the policy id `p-001` is also used by `policies/p-001.policy`"),
        "{stderr}"
    );
}

/// Files that would not change are left alone by a rebuild (the staging
/// holds only changed ones), so they keep their modification time.
#[test]
fn a_rebuild_leaves_unchanged_files_alone() {
    let dir = project(MINIMAL, 3);
    policyc(dir.path()).arg("build").assert().success();
    let site = dir.path().join("site");
    let page = site.join("p-000/index.html");
    let mtime = fs::metadata(&page).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = dir.path().join("policies/p-002.policy");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, text.replace("To answer you.", "To answer you soon.")).unwrap();
    policyc(dir.path()).arg("build").assert().success();
    assert_eq!(fs::metadata(&page).unwrap().modified().unwrap(), mtime);
    let changed = fs::read_to_string(site.join("p-002/index.html")).unwrap();
    assert!(changed.contains("To answer you soon."));
    assert_no_staging(dir.path());
}

/// A staging folder left by a build that was killed is removed by the
/// next build and never becomes part of the site.
#[test]
fn a_killed_builds_staging_folder_is_removed() {
    let dir = project(MINIMAL, 2);
    policyc(dir.path()).arg("build").assert().success();
    let leftover = dir.path().join("site/.policyc-staging/p-000");
    fs::create_dir_all(&leftover).unwrap();
    fs::write(leftover.join("index.html"), "half a build").unwrap();
    policyc(dir.path()).arg("build").assert().success();
    assert_no_staging(dir.path());
}

/// Peak memory (RSS) of a build run as a child process, in KB.
#[cfg(target_os = "linux")]
fn peak_rss_kb(dir: &Path) -> i64 {
    let bin = assert_cmd::cargo::cargo_bin("policyc");
    // Waited for by `wait4` below, which also gives the child's usage.
    #[allow(clippy::zombie_processes)]
    let child = std::process::Command::new(bin)
        .args(["build", "--format", "html,md,json"])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = libc::pid_t::try_from(child.id()).unwrap();
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills in; `pid` is our
    // child, waited for once, here.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    assert_eq!(status, 0, "the build failed");
    usage.ru_maxrss
}

/// The defect (issue 20): a build held every source, model and output
/// until the end, so its memory grew by about 160 KB a policy (180 MB for
/// 1,000). Now ten times the policies may cost a window's worth more at
/// most: 24 policies against 240 of the largest bundled one (before the
/// fix, release build: 21 MB and 101 MB).
#[cfg(target_os = "linux")]
#[test]
fn memory_does_not_grow_with_the_number_of_policies() {
    let few = project(CONNECWRK, 24);
    let many = project(CONNECWRK, 240);
    let (small, large) = (peak_rss_kb(few.path()), peak_rss_kb(many.path()));
    assert!(
        large < small + 10 * 1024,
        "peak RSS {small} KB for 24 policies, {large} KB for 240"
    );
}

/// The site-wide files a streaming build makes from what it kept of each
/// policy (`driver::listed`) are byte for byte those made from the whole
/// models: the index page and `gpc.json` read nothing `listed` drops.
#[test]
fn the_index_and_gpc_from_listed_policies_are_those_of_whole_ones() {
    use policyc::driver::{self, BuildOptions, Format, Renderers};
    let mut whole = Vec::new();
    for name in ["connact", "connecwrk", "socnect"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("policies/{name}.policy"));
        let file = driver::read_source(&path).unwrap();
        whole.push(policyc::compile(&file).policy.unwrap());
    }
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/privacy-gdpr-ccpa.policy");
    let file = driver::read_source(&example).unwrap();
    whole.push(policyc::compile(&file).policy.unwrap());
    let options = BuildOptions {
        out_dir: PathBuf::from("site"),
        formats: vec![Format::Html, Format::Gpc],
        front_matter: false,
        templates: None,
        site: Default::default(),
    };
    let renderers = Renderers::new(&options).unwrap();
    let texts = |policies: &[&policyc::model::Policy]| -> Vec<(PathBuf, String)> {
        let outputs = driver::render_site(policies, &renderers, &options).unwrap();
        outputs.into_iter().map(|o| (o.path, o.text)).collect()
    };
    // All four (an index, no `gpc.json`: three are silent), then the
    // example alone (an index and a `gpc.json`).
    for policies in [&whole[..], &whole[3..]] {
        let listed: Vec<_> = policies.iter().cloned().map(driver::listed).collect();
        let from_whole = texts(&policies.iter().collect::<Vec<_>>());
        assert!(!from_whole.is_empty());
        assert_eq!(texts(&listed.iter().collect::<Vec<_>>()), from_whole);
    }
    let alone = texts(&[&whole[3]]);
    assert!(alone.iter().any(|(path, _)| path.ends_with("gpc.json")));
}

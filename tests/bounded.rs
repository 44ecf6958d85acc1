//! Values stay values, inputs stay bounded (issue 15, items 3, 4, 10, 11):
//! what policyc reads is bounded before it is parsed (only regular files,
//! a size cap, nesting caps before html5ever and serde_yaml), user text is
//! never written raw to a terminal, every stage is linear in its input, and
//! `fmt` keeps comments, formats clause files and keeps file modes.
//!
//! Inputs that used to take quadratic time run under a watchdog (`within`)
//! with a generous limit: a regression fails the test instead of hanging,
//! and no figure here is a timing (those are measured in
//! `benches/scaling.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use policyc::driver::MAX_FILE_BYTES;
use policyc::import::{self, Format};
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::source::SourceFile;
use std::fmt::Write as _;
use std::fs;
#[cfg(unix)]
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

/// Runs `work` on its own thread and fails the test if it has not finished
/// after `seconds` (the thread is left behind; the test process ends soon).
fn within<T: Send + 'static>(
    seconds: u64,
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .stack_size(8 << 20)
        .spawn(move || {
            let _ = send.send(work());
        })
        .expect("a thread starts");
    match receive.recv_timeout(Duration::from_secs(seconds)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!(
                "{what}: not finished after {seconds} s (linear work takes a few seconds at most)"
            )
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

/// The bundled example every generated case starts from.
const ACME: &str = include_str!("../examples/acme.policy");

/// Acme with `extra` inserted in its sharing section.
fn acme_with(extra: &str) -> String {
    let marker = "    text \"Hosting providers bound by contract; never advertisers.\"\n";
    assert!(ACME.contains(marker));
    ACME.replacen(marker, &format!("{marker}{extra}"), 1)
}

// ---------------------------------------------------------------------------
// Item 10: linear everywhere.
// ---------------------------------------------------------------------------

/// Defect: the data table, the privacy label and the fact checks compared
/// every collected category with every other and with every fact
/// (`collected()`, `data_row`, `label_card`, `collects`, `retention_stated`:
/// a list searched inside a loop), so 40,000 categories in one `collect`
/// took minutes. Sets and maps make each a pass over the facts.
#[test]
fn many_categories_compile_and_render_in_linear_time() {
    let count = 40_000;
    let mut data = String::new();
    for i in 0..count {
        let _ = write!(data, "other \"thing {i}\", ");
    }
    let facts = format!(
        "    collect {{\n      data = [{data}]\n      from = device\n      purposes = [security]\n      basis = legitimate-interests \"x\"\n      required = true\n      linked = false\n    }}\n    retain {{\n      data = [{data}]\n      period = until \"x\"\n    }}\n    recipient processor \"r\" {{\n      data = [{data}]\n      purposes = [security]\n    }}\n"
    );
    let text = acme_with(&facts);
    let (rows, markdown_len) = within(60, "40,000 categories", move || {
        let file = SourceFile::new("many.policy", text);
        let compiled = policyc::compile(&file);
        let policy = compiled.policy.expect("it compiles");
        let html = HtmlRenderer::new().unwrap().render(&policy).unwrap();
        let markdown = markdown::render(
            &policy,
            MarkdownOptions {
                front_matter: false,
            },
        )
        .unwrap();
        (html.matches("<tr").count(), markdown.len())
    });
    // Every category is a row of the data table (plus acme's own).
    assert!(rows > count, "{rows} rows");
    assert!(markdown_len > 0);
}

// ---------------------------------------------------------------------------
// Item 3: bounded input.
// ---------------------------------------------------------------------------

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    // A read that blocks fails the test instead of hanging it.
    command.timeout(Duration::from_secs(60));
    command
}

/// A scratch folder.
fn scratch() -> tempfile::TempDir {
    tempfile::tempdir().expect("a scratch folder")
}

/// Makes a FIFO (named pipe) at `path`: opening it to read blocks until a
/// writer comes, which none does.
#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// The output of a run that must end quickly, as text.
fn stderr_of(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

/// Defect: `policyc check FIFO` blocked forever in `open` (a FIFO with no
/// writer), and a device such as `/dev/zero` was read until memory ran
/// out. Only regular files are read; anything else is refused at once,
/// with its path.
#[cfg(unix)]
#[test]
fn a_fifo_named_as_a_policy_is_refused_at_once_with_its_path() {
    let dir = scratch();
    let fifo = dir.path().join("pipe.policy");
    mkfifo(&fifo);
    let assert = policyc()
        .current_dir(dir.path())
        .args(["check", "pipe.policy"])
        .assert()
        .failure();
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("E0001"), "{stderr}");
    assert!(stderr.contains("`pipe.policy`"), "{stderr}");
    assert!(stderr.contains("FIFO"), "{stderr}");
}

/// Defect: a character device was read without end (`/dev/zero` never
/// ends); now it is refused as not a regular file.
#[cfg(unix)]
#[test]
fn a_device_is_refused_at_once() {
    let assert = policyc().args(["check", "/dev/zero"]).assert().failure();
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("a device, not a regular file"), "{stderr}");
}

/// Defect: `policyc import FIFO` blocked forever; now refused at once.
#[cfg(unix)]
#[test]
fn import_of_a_fifo_is_refused_at_once() {
    let dir = scratch();
    let fifo = dir.path().join("page.html");
    mkfifo(&fifo);
    let assert = policyc()
        .current_dir(dir.path())
        .args(["import", "page.html"])
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("`page.html`") && stderr.contains("FIFO"),
        "{stderr}"
    );
}

/// Defect: a FIFO as `policyc.yaml` blocked every command run in its
/// folder; now the project file is refused at once, with its path.
#[cfg(unix)]
#[test]
fn a_fifo_as_the_project_file_is_refused_at_once() {
    let dir = scratch();
    mkfifo(&dir.path().join("policyc.yaml"));
    let assert = policyc()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(
        stderr.contains("policyc.yaml") && stderr.contains("FIFO"),
        "{stderr}"
    );
}

/// Defect: there was no cap on a file's size, so a 17 MiB file (here of
/// NUL bytes, which are UTF-8) was read whole and parsed. Now it is
/// refused before it is read, with the cap in the message.
#[test]
fn a_policy_over_the_size_cap_is_refused_with_the_cap() {
    let dir = scratch();
    let big = dir.path().join("big.policy");
    // Sparse: costs no disk.
    fs::File::create(&big)
        .unwrap()
        .set_len(MAX_FILE_BYTES + 1)
        .unwrap();
    let assert = policyc()
        .current_dir(dir.path())
        .args(["check", "big.policy"])
        .assert()
        .failure();
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("`big.policy`"), "{stderr}");
    assert!(stderr.contains(&MAX_FILE_BYTES.to_string()), "{stderr}");
    assert!(stderr.contains("16 MiB"), "{stderr}");
}

/// Defect: `policyc import -` read standard input without end or cap;
/// now more than the cap is refused, with the cap in the message.
#[test]
fn import_from_standard_input_over_the_cap_is_refused() {
    let too_much = vec![b'a'; usize::try_from(MAX_FILE_BYTES).unwrap() + 1];
    let assert = policyc()
        .args(["import", "-"])
        .write_stdin(too_much)
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains(&MAX_FILE_BYTES.to_string()), "{stderr}");
}

/// Defect: html5ever's tree builder searches its stack of open elements,
/// so `<div>` repeated n times took time quadratic in n (32,000: 14 s in a
/// debug build, 100,000 over a minute). A linear pre-scan now flattens
/// nesting beyond 256 levels before the parser sees the page; the text is
/// kept and the report says so.
#[test]
fn deeply_nested_html_imports_in_linear_time() {
    let n = 100_000;
    let page = format!(
        "<h1>Privacy policy</h1>{}We collect your email address to answer you.{}",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let imported = within(60, "100,000 nested divs", move || {
        import::import(&page, Format::Html, "deep.html").expect("it imports")
    });
    assert!(
        imported
            .policy_text
            .contains("We collect your email address"),
        "{}",
        imported.policy_text
    );
    assert!(
        imported
            .report
            .iter()
            .any(|note| note.to_string().contains("nested more than 256 deep")),
        "{:?}",
        imported.report
    );
}

/// Defect: libyaml's scanner takes time quadratic in the nesting of flow
/// collections, so front matter of `[` repeated 250,000 times held
/// `import` for minutes. A linear pre-scan refuses nesting over 64 first
/// (the front matter is then reported as unreadable, and the import goes
/// on).
#[test]
fn deeply_nested_front_matter_imports_in_linear_time() {
    let text = format!(
        "---\ntitle: {}\n---\n\n# Privacy policy\n\nWe collect your email address.\n",
        "[".repeat(250_000)
    );
    let imported = within(60, "front matter nested 250,000 deep", move || {
        import::import(&text, Format::Markdown, "deep.md").expect("it imports")
    });
    assert!(
        imported
            .policy_text
            .contains("We collect your email address")
    );
}

/// Defect: a `policyc.yaml` of `{a: ` repeated 100,000 times took over a
/// minute to refuse (serde_yaml's depth limit acts only after libyaml's
/// quadratic scan). Now refused at once, at the brace that opens level 65.
#[test]
fn a_deeply_nested_project_file_is_refused_at_its_place() {
    let dir = scratch();
    fs::write(
        dir.path().join("policyc.yaml"),
        format!("out: {}", "{a: ".repeat(100_000)),
    )
    .unwrap();
    let assert = policyc()
        .current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2);
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("E0101"), "{stderr}");
    assert!(stderr.contains("YAML nested more than 64 deep"), "{stderr}");
    // Line 1, at the 65th `{`: `out: ` then 64 times `{a: `.
    assert!(stderr.contains("policyc.yaml:1:262"), "{stderr}");
}

// ---------------------------------------------------------------------------
// Item 11: fmt.
// ---------------------------------------------------------------------------

/// Defect: `fmt` wrote a new file and renamed it over the old one, so the
/// file lost its mode (a `0600` policy became `0644`, readable by all).
/// The atomic write of the world now keeps the permissions of the file it
/// replaces, for `fmt` and for every output.
#[cfg(unix)]
#[test]
fn fmt_keeps_the_file_mode() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = scratch();
    let path = dir.path().join("messy.policy");
    fs::write(&path, "policy privacy \"P\" {\nid=\"p\"\n}\n").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "messy.policy"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "policy privacy \"P\" {\n  id = \"p\"\n}\n"
    );
    let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{mode:o}");
}

// ---------------------------------------------------------------------------
// Item 4: terminal safety.
// ---------------------------------------------------------------------------

/// Characters no output for a terminal may hold raw.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| policyc::terminal::is_unsafe(*c) && *c != '\r')
        .collect()
}

/// A policy whose title holds an escape sequence that clears the screen,
/// an OSC title change and a right-to-left override ("Trojan Source"), in
/// a file whose name holds an escape too.
const HOSTILE_TITLE: &str =
    "policy privacy \"P\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}x\u{2066}\" {\n  id = \"p\"\n}\n";

/// Defect: diagnostics printed the source line, the file name, labels and
/// messages as they were, so a policy (or its name) could write escape
/// sequences to the terminal of whoever checked it, or reorder what they
/// saw with bidi overrides. Every format now escapes them: human as
/// `\u{1b}`, JSON as `\u001b` (the same value), GitHub commands likewise
/// after their `%0A` encoding.
#[test]
fn diagnostics_never_write_control_characters_raw() {
    let dir = scratch();
    let name = "evil\u{1b}[31m.policy";
    fs::write(dir.path().join(name), HOSTILE_TITLE).unwrap();
    for format in ["human", "json", "github"] {
        let assert = policyc()
            .current_dir(dir.path())
            .args(["check", "--message-format", format, name])
            .assert()
            .failure();
        // Tools' formats go to standard output, people's to standard error.
        let output = assert.get_output();
        let stderr = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(raw_controls(&stderr).is_empty(), "{format}: {stderr:?}");
        assert!(stderr.contains("E0302"), "{format}: {stderr}");
        if format == "human" {
            assert!(
                stderr.contains("\"P\\u{1b}[2J\\u{1b}]0;owned\\u{7}\\u{202e}x\\u{2066}\""),
                "{stderr}"
            );
            assert!(stderr.contains("evil\\u{1b}[31m.policy:1:"), "{stderr}");
            // The underline still sits under the word it marks.
            assert!(stderr.contains("1 │ policy privacy"), "{stderr}");
        }
        if format == "json" {
            for line in stderr.lines().filter(|l| l.starts_with('{')) {
                let value: serde_json::Value = serde_json::from_str(line).unwrap();
                assert_eq!(value["file"], name, "{line}");
            }
        }
    }
}

/// Defect: `policyc diff` printed the words that changed as they were, so
/// a policy's new text could drive the reviewer's terminal (or hide a
/// change behind a bidi override). Words and values are now escaped; the
/// colours are the only escapes written.
#[test]
fn diff_never_writes_control_characters_raw() {
    let dir = scratch();
    let old = acme_with("");
    let new = acme_with("    text \"We sell \u{1b}[8mnothing\u{1b}[0m \u{202e}ever\u{202c}.\"\n")
        .replace("\"Acme Widgets Ltd\"", "\"Acme\u{9b}31m Ltd\"");
    fs::write(dir.path().join("old.policy"), old).unwrap();
    fs::write(dir.path().join("new.policy"), new).unwrap();
    for args in [
        ["--format", "text"],
        ["--message-format", "json"],
        ["--message-format", "github"],
        ["--format", "md"],
    ] {
        let format = args[1];
        let assert = policyc()
            .current_dir(dir.path())
            .arg("diff")
            .args(args)
            .args(["old.policy", "new.policy"])
            .assert();
        let output = assert.get_output();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(!stdout.is_empty(), "{format}: {output:?}");
        assert!(raw_controls(&stdout).is_empty(), "{format}: {stdout:?}");
        if format == "text" {
            assert!(stdout.contains("\\u{1b}[8mnothing"), "{stdout}");
            assert!(stdout.contains("\\u{202e}ever"), "{stdout}");
            assert!(stdout.contains("Acme\\u{9b}31m Ltd"), "{stdout}");
        }
    }
}

/// Formats `text` as the file `name`, or panics with the refusal.
fn formatted(name: &str, text: &str) -> String {
    policyc::fmt::format(&SourceFile::new(name, text)).expect("it formats")
}

/// Defect: a `//` comment after a closing `}` was aligned with the
/// trailing comments of the lines above it, the last item of the block
/// included, so both moved (`}` then spaces up to the column of the item's
/// comment). A line that starts with a closing delimiter is now a
/// paragraph of its own for comment alignment: both stay where they were.
#[test]
fn comments_after_the_last_item_and_after_a_closing_brace_keep_their_place() {
    let text = "policy terms \"T\" {\n  id = \"t\"\n  section use \"U\" {\n    text \"x\"\n    section \"V\" {\n      text \"a longer line of text\" // after the last item\n    } // after V\n  } // after U\n  org { name = \"Acme\" } // after a block on one line\n}\n";
    assert_eq!(formatted("t.policy", text), text);
}

/// The rule above does not stop items' comments lining up among
/// themselves.
#[test]
fn comments_of_items_still_line_up() {
    let text = "policy terms \"T\" {\n  id = \"t\"\n  org {\n    name = \"Acme\" // one\n    website = \"https://acme.example\" // two\n  }\n}\n";
    let expected = "policy terms \"T\" {\n  id = \"t\"\n  org {\n    name    = \"Acme\"                 // one\n    website = \"https://acme.example\" // two\n  }\n}\n";
    assert_eq!(formatted("t.policy", text), expected);
}

/// A clause file as `include` reads it: items, no `policy` around them.
const MESSY_CLAUSE: &str = "section rights \"Your rights\" {\ntext \"You may ask.\" // note\n    right access {\n  via = email response-time = P1M }\n}\n";

/// The same, formatted.
const TIDY_CLAUSE: &str = "section rights \"Your rights\" {\n  text \"You may ask.\" // note\n  right access {\n    via           = email\n    response-time = P1M\n  }\n}\n";

/// Defect: `policyc fmt` parsed a `.clause` file as a policy, so naming one
/// was a syntax error, and folders' clause files were never found. Clause
/// files are now parsed as clause files, checked in a policy by the safety
/// net, and found in folders beside `.policy` files.
#[test]
fn fmt_formats_clause_files_named_and_in_folders() {
    assert_eq!(formatted("shared.clause", MESSY_CLAUSE), TIDY_CLAUSE);
    let dir = scratch();
    let policies = dir.path().join("policies");
    fs::create_dir_all(policies.join("clauses")).unwrap();
    fs::write(policies.join("clauses/rights.clause"), MESSY_CLAUSE).unwrap();
    fs::write(dir.path().join("named.clause"), MESSY_CLAUSE).unwrap();
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "--check"])
        .assert()
        .code(1);
    policyc()
        .current_dir(dir.path())
        .arg("fmt")
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(policies.join("clauses/rights.clause")).unwrap(),
        TIDY_CLAUSE
    );
    policyc()
        .current_dir(dir.path())
        .args(["fmt", "named.clause"])
        .assert()
        .success();
    assert_eq!(
        fs::read_to_string(dir.path().join("named.clause")).unwrap(),
        TIDY_CLAUSE
    );
}

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

use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::source::SourceFile;
use std::fmt::Write as _;
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
            panic!("{what}: not finished after {seconds} s (linear work takes a few seconds at most)")
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
        let markdown = markdown::render(&policy, MarkdownOptions { front_matter: false }).unwrap();
        (html.matches("<tr").count(), markdown.len())
    });
    // Every category is a row of the data table (plus acme's own).
    assert!(rows > count, "{rows} rows");
    assert!(markdown_len > 0);
}

//! Snapshot tests of every output format. Each `.policy` file in
//! `examples/` is compiled and its Markdown, HTML and JSON compared with
//! the snapshots in `tests/snapshots/`: adding an example adds a test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::driver::read_source;
use policyc::render::html::HtmlRenderer;
use policyc::report::{self, MessageFormat};
use policyc::{export::json, render::markdown};

#[test]
fn examples_render_as_snapshotted() {
    let renderer = HtmlRenderer::new().expect("default templates load");
    insta::glob!("../examples", "*.policy", |path| {
        let file = read_source(path).expect("example is readable");
        let compiled = policyc::compile(&file);
        let Some(policy) = compiled.policy else {
            panic!(
                "{}",
                report::format(&file, &compiled.diagnostics, MessageFormat::Human, false)
            );
        };
        let options = markdown::MarkdownOptions { front_matter: true };
        insta::assert_snapshot!(
            "md",
            markdown::render(&policy, options).expect("markdown renders")
        );
        insta::assert_snapshot!("html", renderer.render(&policy).expect("html renders"));
        insta::assert_snapshot!("json", json::render(&policy).expect("json renders"));
    });
}

#[test]
fn builds_are_byte_identical() {
    let renderer = HtmlRenderer::new().expect("default templates load");
    insta::glob!("../examples", "*.policy", |path| {
        let render = || {
            let file = read_source(path).expect("example is readable");
            let policy = policyc::compile(&file).policy.expect("example is valid");
            (renderer.render(&policy).ok(), json::render(&policy).ok())
        };
        assert_eq!(render(), render());
    });
}

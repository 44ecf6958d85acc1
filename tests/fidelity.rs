//! Text fidelity: the three real policies in `policies/` must render word for
//! word like the documents they encode, whose copies are in
//! `tests/fixtures/reference/`.
//!
//! The metric (word sequences aligned; recall and precision) lives in
//! `tests/common/fidelity.rs`, shared with `tests/import.rs`; its own tests
//! are here. Set `FIDELITY_OUT=DIR` to also write the
//! outputs this test renders (`DIR/NAME.html`, `DIR/NAME.md`) for inspection.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod common;

use common::fidelity::*;
use policyc::compile;
use policyc::driver::read_source;
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::report::{self, MessageFormat};
use std::fmt::Write as _;
use std::path::PathBuf;

// ---------------------------------------------------------------------------
// The real policies

#[test]
fn connecwrk_renders_like_the_original() {
    check_policy("connecwrk", "connecwrk.txt", false);
}

#[test]
fn connact_renders_like_the_original() {
    // Its table of contents is part of the original document, so the text of
    // <nav> counts.
    check_policy("connact", "connact.txt", true);
}

#[test]
fn socnect_renders_like_the_original() {
    check_policy("socnect", "socnect.md", false);
}

/// Compiles `policies/NAME.policy`, renders it as HTML and as Markdown (with
/// front matter), and checks both against the reference.
fn check_policy(name: &str, reference: &str, keep_nav: bool) {
    let (html, md) = render(name);
    let (html, md) = (universal_newlines(&html), universal_newlines(&md));
    if let Some(dir) = std::env::var_os("FIDELITY_OUT") {
        let dir = PathBuf::from(dir);
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join(format!("{name}.html")), &html);
        let _ = std::fs::write(dir.join(format!("{name}.md")), &md);
    }
    let ref_path = root().join("tests/fixtures/reference").join(reference);
    let ref_words = reference_words(&read(&ref_path), reference);

    let mut failed = false;
    let mut text = String::new();
    for (label, out_words) in [
        ("HTML", words(&html_text(&html, keep_nav))),
        ("Markdown", words(&markdown_text(&md))),
    ] {
        let score = score(&ref_words, &out_words);
        let ok = score.passes();
        failed |= !ok;
        let _ = writeln!(text, "{name} {label} vs {reference}: {}", score.summary());
        if !ok {
            text.push_str(&score.runs(&ref_words, &out_words, SHOW));
        }
    }
    assert!(
        !failed,
        "{name} does not render like {reference} (recall >= {MIN_RECALL}, precision >= {MIN_PRECISION}):\n{text}"
    );
    // The figures, for `cargo test --test fidelity -- --nocapture`.
    print!("{text}");
}

/// The policy's HTML page and Markdown document; a policy that does not
/// compile fails the test with its diagnostics.
fn render(name: &str) -> (String, String) {
    let path = root().join("policies").join(format!("{name}.policy"));
    let file = match read_source(&path) {
        Ok(file) => file,
        Err(d) => panic!("cannot read {}: {}", path.display(), d.message),
    };
    let compiled = compile(&file);
    let Some(policy) = compiled.policy else {
        panic!(
            "{} does not compile:\n{}",
            path.display(),
            report::format(&file, &compiled.diagnostics, MessageFormat::Human, false)
        );
    };
    let renderer = match HtmlRenderer::new() {
        Ok(r) => r,
        Err(e) => panic!("cannot load the HTML templates: {e}"),
    };
    let html = match renderer.render(&policy) {
        Ok(html) => html,
        Err(e) => panic!("cannot render {name} as HTML: {e}"),
    };
    let md = match markdown::render(&policy, MarkdownOptions { front_matter: true }) {
        Ok(md) => md,
        Err(e) => panic!("cannot render {name} as Markdown: {e}"),
    };
    (html, md)
}

// ---------------------------------------------------------------------------
// The extraction itself

fn w(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn html_entities_are_decoded() {
    let html = "<body><p>Tom &amp; Jerry &lt;b&gt; &quot;x&quot; it&#39;s &#x2F;path&#x2f; caf&#233; a&nbsp;b &copy; &bogus; R&amp;D</p></body>";
    assert_eq!(
        words(&html_text(html, false)),
        w(&[
            "Tom", "Jerry", "<b>", "\"x\"", "it's", "/path/", "café", "a", "b", "&bogus;", "R&D"
        ])
    );
}

#[test]
fn html_keeps_body_text_only() {
    let html = "<!DOCTYPE html><html><head><title>Title words</title><style>p { color: red }</style></head>\
                <BODY class=\"x\"><!-- a comment --><script>var a = \"</p>\";</script>\
                <p data-x=\"a > b\">One</p><p>two<br/>three</p><template><p>hidden</p></template>\
                <noscript>no script</noscript><span>four</span><em>five</em>six</body></html>";
    assert_eq!(
        words(&html_text(html, false)),
        w(&["One", "two", "three", "fourfivesix"])
    );
}

#[test]
fn nav_is_left_out_unless_kept() {
    let html = "<body><nav aria-label=\"Contents\"><ul><li><a href=\"#a\">Alpha</a></li></ul></nav><h2>Alpha</h2><p>Text</p></body>";
    assert_eq!(words(&html_text(html, false)), w(&["Alpha", "Text"]));
    assert_eq!(
        words(&html_text(html, true)),
        w(&["Alpha", "Alpha", "Text"])
    );
}

#[test]
fn block_tags_separate_words_and_inline_tags_do_not() {
    let html = "<body><h1>Title</h1><p>a<strong>b</strong>c</p><ul><li>one</li><li>two</li></ul><td>x</td><td>y</td></body>";
    assert_eq!(
        words(&html_text(html, false)),
        w(&["Title", "abc", "one", "two", "x", "y"])
    );
}

#[test]
fn markdown_markup_is_stripped() {
    let md = "---\ntitle: Front matter\nid: x\n---\n\n# Heading *one*\n\nSee [the site](https://example.com) and \
              ![an image](a.png) or <https://example.org/x>.\n\n> Quoted **bold** and `code` and __strong__ snake_case\n\n\
              - item one\n* item two\n  1. nested\n2) second\n\nEscaped \\*star\\* \\[x\\] 1\\. \\# <!-- hidden -->done\n\
              Setext\n======\n";
    assert_eq!(
        words(&markdown_text(md)),
        w(&[
            "Heading",
            "one",
            "See",
            "the",
            "site",
            "and",
            "an",
            "image",
            "or",
            "https://example.org/x.",
            "Quoted",
            "bold",
            "and",
            "code",
            "and",
            "strong",
            "snake_case",
            "item",
            "one",
            "item",
            "two",
            "nested",
            "second",
            "Escaped",
            "\\star\\",
            "[x]",
            "done",
            "Setext",
        ])
    );
}

#[test]
fn front_matter_only_at_the_start() {
    assert_eq!(strip_front_matter("---\na: 1\n---\nText"), "Text");
    assert_eq!(
        strip_front_matter("Text\n---\na: 1\n---\n"),
        "Text\n---\na: 1\n---\n"
    );
    assert_eq!(
        words(strip_front_matter("---\nunclosed\n")),
        w(&["unclosed"])
    );
}

#[test]
fn list_markers_and_bare_punctuation_are_dropped() {
    let text =
        "1. 2) • · ▪ ◦ - * + (iv) iv) (a) b) (B) 10.5 1.a — “ ” § Real words, (kept) x2 a.\u{a0}b";
    assert_eq!(
        words(text),
        w(&[
            "(B)", "10.5", "1.a", "Real", "words,", "(kept)", "x2", "a.", "b"
        ])
    );
}

// ---------------------------------------------------------------------------
// The metric must be able to fail

/// A faithful HTML rendering of a plain-text document: a paragraph per
/// blank-line-separated block, a title, a navigation menu, a script.
fn html_page(paragraphs: &[&str]) -> String {
    let mut body = String::from(
        "<nav><ul><li><a href=\"#x\">Menu entry words that are not in the reference</a></li></ul></nav>\n",
    );
    for p in paragraphs {
        let escaped = p
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        let _ = writeln!(body, "<p>{escaped}</p>");
    }
    format!(
        "<!DOCTYPE html><html><head><title>Page</title></head><body>{body}<script>let x = 1;</script></body></html>"
    )
}

#[test]
fn a_faithful_rendering_passes_and_a_damaged_one_fails() {
    let text = read(&root().join("tests/fixtures/reference/connecwrk.txt"));
    let reference = words(&text);
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert!(
        paragraphs.len() > 20,
        "the fixture should have many paragraphs"
    );

    let faithful = score(
        &reference,
        &words(&html_text(&html_page(&paragraphs), false)),
    );
    assert!(faithful.passes(), "{}", faithful.summary());
    assert_eq!(faithful.recall(), 1.0);
    assert_eq!(faithful.precision(), 1.0);

    // Counting the navigation menu costs precision but stays within bounds.
    let with_nav = score(
        &reference,
        &words(&html_text(&html_page(&paragraphs), true)),
    );
    assert!(with_nav.precision() < 1.0);

    // One paragraph of at least 1% of the words left out: recall falls.
    let longest = (0..paragraphs.len())
        .max_by_key(|&i| words(paragraphs[i]).len())
        .unwrap_or(0);
    assert!(words(paragraphs[longest]).len() * 100 > reference.len());
    let mut missing = paragraphs.clone();
    missing.remove(longest);
    let damaged = score(&reference, &words(&html_text(&html_page(&missing), false)));
    assert!(
        !damaged.passes(),
        "a missing paragraph went unnoticed: {}",
        damaged.summary()
    );
    assert!(damaged.recall() < MIN_RECALL);
    assert!(
        damaged
            .runs(
                &reference,
                &words(&html_text(&html_page(&missing), false)),
                SHOW
            )
            .contains("delete")
    );

    // A paragraph said twice: precision falls.
    let mut doubled = paragraphs.clone();
    for _ in 0..3 {
        doubled.insert(1, paragraphs[longest]);
    }
    let damaged = score(&reference, &words(&html_text(&html_page(&doubled), false)));
    assert_eq!(damaged.recall(), 1.0);
    assert!(
        !damaged.passes(),
        "repeated text went unnoticed: {}",
        damaged.summary()
    );

    // A few words changed (a dropped "not") are seen too.
    let flipped = text.replacen("do not share", "do share", 1);
    assert_ne!(flipped, text);
    let changed = score(&reference, &words(&flipped));
    assert_eq!(changed.ref_words - changed.matched, 1);
}

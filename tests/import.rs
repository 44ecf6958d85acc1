//! `policyc import`: every fixture under `tests/fixtures/import/` (shapes
//! real policies are published in: hard-wrapped text with numbered
//! headings, a paragraph a line with bullets, Markdown with front matter,
//! an HTML page with its chrome) and the three references are imported;
//! the `.policy` and the report are snapshotted; each must compile without
//! errors, be in the canonical layout, and build back to the same words —
//! recall ≥ 0.99 and precision ≥ 0.98 in both HTML and Markdown, by the
//! metric of `tests/fidelity.rs`. No input may make the importer panic, and
//! whatever it returns compiles. Then the command: standard input, `--out`
//! (never over a file without `--force`), non-UTF-8 input, unknown
//! extensions.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod common;

use assert_cmd::Command;
use common::fidelity::*;
use policyc::import::{self, Format, Imported};
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::report::{self, MessageFormat};
use policyc::source::SourceFile;
use predicates::prelude::*;
use proptest::prelude::*;
use std::path::Path;

/// The bar an imported policy must reach against its source.
const RECALL: f64 = 0.99;
const PRECISION: f64 = 0.98;

fn format_of(path: &Path) -> Format {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    Format::from_extension(extension).unwrap_or(Format::Text)
}

fn import_text(text: &str, format: Format, name: &str) -> Imported {
    import::import(text, format, name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Compiles the imported policy (no errors allowed) and renders its page
/// and its Markdown.
fn build(policy_text: &str, name: &str) -> (String, String) {
    let file = SourceFile::new(format!("{name}.policy"), policy_text);
    let compiled = policyc::compile(&file);
    let Some(policy) = compiled.policy else {
        panic!(
            "the import of {name} does not compile:\n{}\n{policy_text}",
            report::format(&file, &compiled.diagnostics, MessageFormat::Human, false)
        );
    };
    let formatted =
        policyc::fmt::format(&file).unwrap_or_else(|_| panic!("{name} cannot be formatted"));
    assert_eq!(
        formatted, policy_text,
        "the import of {name} is not in the canonical layout"
    );
    let html = HtmlRenderer::new().unwrap().render(&policy).unwrap();
    let md = markdown::render(&policy, MarkdownOptions { front_matter: true }).unwrap();
    (html, md)
}

/// The words of a source as a reader sees them. For Markdown, the source
/// rendered by a CommonMark renderer: the metric's own reading of Markdown
/// (regular expressions, as `fidelity.py` does) would count the tags of
/// raw HTML and link definitions as words, which the import rightly turns
/// into text and links. For HTML, the text of its `<article>` or `<main>`
/// (what is around it is page chrome, left out on purpose).
fn source_words(text: &str, format: Format) -> Vec<String> {
    match format {
        Format::Text => words(strip_front_matter(text)),
        Format::Markdown => {
            let body = strip_front_matter(text);
            let options = pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
            let mut html = String::new();
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(body, options),
            );
            words(&html_text(&html, false))
        }
        Format::Html => {
            let inner = |tag: &str| {
                let start = text.find(&format!("<{tag}"))?;
                Some(&text[start..text.rfind(&format!("</{tag}>"))?])
            };
            let main = inner("article").or_else(|| inner("main")).unwrap_or(text);
            words(&html_text(main, false))
        }
    }
}

/// Checks both outputs against the reference words; returns the figures.
fn check_fidelity(
    label: &str,
    reference: &[String],
    html: &str,
    md: &str,
    keep_nav: bool,
) -> String {
    let mut text = String::new();
    let mut failed = false;
    for (format, out) in [
        ("HTML", words(&html_text(html, keep_nav))),
        ("Markdown", words(&markdown_text(md))),
    ] {
        let score = score(reference, &out);
        let ok = score.passes_at(RECALL, PRECISION);
        failed |= !ok;
        text.push_str(&format!("{label} {format}: {}\n", score.summary()));
        if !ok {
            text.push_str(&score.runs(reference, &out, SHOW));
        }
    }
    assert!(!failed, "{label} does not build back to its words:\n{text}");
    text
}

fn report_text(imported: &Imported) -> String {
    imported.report.iter().map(|n| format!("{n}\n")).collect()
}

#[test]
fn fixtures_import_as_snapshotted_and_build_back() {
    insta::glob!("fixtures/import/*", |path| {
        let text = universal_newlines(&std::fs::read_to_string(path).unwrap());
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let format = format_of(path);
        let imported = import_text(&text, format, &name);
        insta::assert_snapshot!("policy", &imported.policy_text);
        insta::assert_snapshot!("report", report_text(&imported));
        let (html, md) = build(&imported.policy_text, &name);
        let figures = check_fidelity(&name, &source_words(&text, format), &html, &md, false);
        print!("{figures}");
    });
}

/// Imports a reference and checks it against the original's words.
fn check_reference(file: &str, format: Format, keep_nav: bool) {
    let path = root().join("tests/fixtures/reference").join(file);
    let text = read(&path);
    let imported = import_text(&text, format, file);
    let (html, md) = build(&imported.policy_text, file);
    print!(
        "{}",
        check_fidelity(file, &reference_words(&text, file), &html, &md, keep_nav)
    );
}

#[test]
fn connecwrk_imports_and_builds_back() {
    check_reference("connecwrk.txt", Format::Text, false);
}

#[test]
fn connact_imports_and_builds_back() {
    // Its printed table of contents becomes the compiler's `toc`, which the
    // page shows in a <nav>: its words count, as in tests/fidelity.rs.
    check_reference("connact.txt", Format::Text, true);
}

#[test]
fn socnect_imports_and_builds_back() {
    check_reference("socnect.md", Format::Markdown, false);
}

#[test]
fn socnect_as_a_page_imports_and_builds_back() {
    let file = policyc::driver::read_source(&root().join("policies/socnect.policy")).unwrap();
    let policy = policyc::compile(&file).policy.unwrap();
    let page = HtmlRenderer::new().unwrap().render(&policy).unwrap();
    let imported = import_text(&page, Format::Html, "socnect.html");
    let (html, md) = build(&imported.policy_text, "socnect.html");
    let original = read(&root().join("tests/fixtures/reference/socnect.md"));
    print!(
        "{}",
        check_fidelity(
            "socnect.html vs socnect.md",
            &reference_words(&original, "socnect.md"),
            &html,
            &md,
            false
        )
    );
    print!(
        "{}",
        check_fidelity(
            "socnect.html vs itself",
            &words(&html_text(&page, false)),
            &html,
            &md,
            false
        )
    );
}

#[test]
fn facts_are_lifted_and_referred_to() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/import/numbered-wrapped.txt")).unwrap();
    let imported = import_text(&text, Format::Text, "acme.txt");
    let policy = &imported.policy_text;
    for expected in [
        "policy privacy \"ACME ANALYTICS LTD PRIVACY NOTICE\"",
        "id        = \"acme\"",
        "effective = 2024-03-15",
        "updated   = 2024-04-02",
        "name    = \"Acme Analytics Ltd\"",
        "website = \"https://www.acme-analytics.example\"",
        "email = \"privacy@acme-analytics.example\"",
        "at ${org.website}.",
        "email us at ${contact.email}.",
        "section contact \"CONTACT US\"",
        "number = \"10.\"",
        "(a) your IP address",
        "i. to provide the service",
        "- your name and job title;",
        "user\\_id, session\\_token and \\_\\_utma",
        "characters like \\* and \\# that",
        "$${name}",
        "\\<$5 per user\\>",
        "\\[as printed\\]",
        "\\# This line starts with a hash",
    ] {
        assert!(
            policy.contains(expected),
            "missing {expected:?} in:\n{policy}"
        );
    }
    assert!(
        policy.contains("text \"\"\"\""),
        "a block holding \"\"\" opens with four quotes"
    );
}

#[test]
fn page_chrome_is_left_out() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/import/chrome-page.html")).unwrap();
    let imported = import_text(&text, Format::Html, "page.html");
    for chrome in [
        "Accept all",
        "Timetables",
        "Skip to",
        "Related pages",
        "Modern slavery",
        "Home",
        "window.dataLayer",
        // Cloudflare's "[email protected]" stand-in (not `data = [email, …]`).
        "[email\u{a0}protected",
        "[email protected",
    ] {
        assert!(
            !imported.policy_text.contains(chrome),
            "{chrome:?} was kept:\n{}",
            imported.policy_text
        );
    }
    assert!(
        imported
            .policy_text
            .contains("email = \"privacy@harbourline.example\"")
    );
    let report = report_text(&imported);
    assert!(
        report.contains("cookie banner (#onetrust-banner-sdk)"),
        "{report}"
    );
}

// ---------------------------------------------------------------------------
// No input breaks it

/// Imports `text` every way; whatever comes back must compile.
fn survives(text: &str) {
    for format in [Format::Text, Format::Markdown, Format::Html] {
        let Ok(imported) = import::import(text, format, "fuzz.txt") else {
            continue;
        };
        let file = SourceFile::new("fuzz.policy", imported.policy_text.as_str());
        let compiled = policyc::compile(&file);
        assert!(
            compiled.policy.is_some(),
            "{format:?} import of {text:?} does not compile:\n{}\n{}",
            report::format(&file, &compiled.diagnostics, MessageFormat::Human, false),
            imported.policy_text
        );
    }
}

#[test]
fn hostile_inputs_import_to_policies_that_compile() {
    let deep_html = format!(
        "{}text{}",
        "<div><span>".repeat(5000),
        "</span></div>".repeat(5000)
    );
    let deep_md = format!("{}deep\n", "> ".repeat(500));
    let numbered: String = (1..40)
        .map(|d| {
            format!(
                "{} Level {d}\n\nText of level {d}.\n\n",
                vec!["1"; d].join(".")
            )
        })
        .collect();
    let cases = [
        "",
        " ",
        "\n\n\n",
        "\u{feff}",
        "\0\u{1}\u{7f}",
        "${",
        "$${x}",
        "\"\"\"",
        "\"\"\"\"\"\"\"",
        "*",
        "#",
        "<",
        ">",
        "[",
        "]",
        "1.",
        "1. ",
        "• ",
        "(a)",
        "i.",
        "---",
        "---\n",
        "---\ntitle: [\n---\nText",
        "---\ntitle: x\n---\n",
        "<html>",
        "<!-- -->",
        "<script>x</script>",
        "<h1></h1><h2> </h2>",
        "<table><tr></tr></table>",
        "<ol start=\"-5\" type=\"i\"><li>x</li></ol>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"data:x\">y</a>",
        "[x](javascript:alert(1))",
        "<p><b></b></p>",
        "# \n## \n### x",
        "Title\n\n1. A\n\nB\n",
        "A\n=\n-\n",
        "PRIVACY POLICY\nCONTACT\nx@y.co\n",
        "\u{202e}RTL\u{2066}",
        "e\u{301}\u{301}\u{301}",
        "🙂 emoji 🙂\n\n# 🙂",
        "Effective date: 2023-02-29\nLast updated: 31/31/2020",
        "Effective: 2025-01-01\nLast updated: 2020-01-01\n\ntext",
        "\t\t\tindented\n\t\tcode",
        "    code\n\ntext",
        "| a | b |\n|---|---|\n| c | d |",
        "~~x~~ ~y~",
        "```\nfence\n",
        "<div hidden>secret</div>visible",
        "<main></main>",
        "<noscript><p>x</p></noscript>",
        &deep_html,
        &deep_md,
        &numbered,
        &"x ".repeat(100_000),
        &"word\n".repeat(20_000),
        &"<b>".repeat(3000),
    ];
    for case in cases {
        survives(case);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        survives(&text);
    }

    #[test]
    fn arbitrary_markup_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("<h2>".to_string()), Just("</h2>".to_string()), Just("<p>".to_string()), Just("<li>".to_string()),
        Just("<ul>".to_string()), Just("</ul>".to_string()), Just("<b>".to_string()), Just("<table><tr><td>".to_string()),
        Just("\n# ".to_string()), Just("\n\n".to_string()), Just("\n1. ".to_string()), Just("\n• ".to_string()),
        Just("${".to_string()), Just("\"\"\"".to_string()), Just("*".to_string()), Just("_".to_string()),
        Just("CONTACT US".to_string()), Just("Privacy Policy".to_string()), Just("a@b.co".to_string()),
        Just("https://x.example".to_string()), "[a-zA-Z ,.]{0,30}",
    ], 0..40)) {
        survives(&parts.concat());
    }
}

// ---------------------------------------------------------------------------
// The command

fn policyc() -> Command {
    Command::cargo_bin("policyc").unwrap()
}

/// `policyc import INPUT --out OUT`.
fn import_to(input: &Path, out: &Path) -> Command {
    let mut command = policyc();
    command.arg("import").arg(input).arg("--out").arg(out);
    command
}

const SHORT: &str = "Privacy Policy\n\nAcme Ltd (\"we\") runs this site.\n\nInformation We Collect\n\nWe collect your email address.\n\nHow We Use It\n\nWe use it to answer you.\n\nSharing\n\nWe share nothing.\n\nContact Us\n\nWrite to hello@acme.example.\n";

#[test]
fn standard_input_is_read_and_the_policy_printed() {
    policyc()
        .args(["import", "-", "--from", "txt"])
        .write_stdin(SHORT)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "policy privacy \"Privacy Policy\"",
        ))
        .stdout(predicate::str::contains("Write to ${contact.email}."))
        .stderr(predicate::str::contains(
            "note: read standard input as plain text",
        ));
    policyc()
        .args(["import", "-", "--quiet"])
        .write_stdin("<html><body><h1>Privacy Policy</h1><p>Hello.</p></body></html>")
        .assert()
        .success()
        .stdout(predicate::str::contains("Hello."))
        .stderr("");
}

#[test]
fn out_writes_a_file_and_never_replaces_one_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("acme.txt");
    std::fs::write(&input, SHORT).unwrap();
    let out = dir.path().join("acme.policy");
    import_to(&input, &out)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote"));
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("id = \"acme\""), "{written}");
    policyc().arg("check").arg(&out).assert().success();
    policyc()
        .arg("fmt")
        .arg("--check")
        .arg(&out)
        .assert()
        .success();

    std::fs::write(&out, "mine").unwrap();
    import_to(&input, &out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists; pass `--force`"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    import_to(&input, &out).arg("--force").assert().success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written);
}

#[test]
fn unreadable_inputs_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("old.txt");
    std::fs::write(&latin1, b"Caf\xe9 policy\n").unwrap();
    policyc()
        .arg("import")
        .arg(&latin1)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not UTF-8 text (byte 4"));
    let docx = dir.path().join("policy.docx");
    std::fs::write(&docx, "text").unwrap();
    policyc().arg("import").arg(&docx).assert().code(2).stderr(
        predicate::str::contains("cannot tell the format of")
            .and(predicate::str::contains("--from txt")),
    );
    policyc()
        .arg("import")
        .arg(&docx)
        .args(["--from", "txt"])
        .assert()
        .success();
    policyc()
        .arg("import")
        .arg(dir.path().join("missing.md"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read"));
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "  \n\n").unwrap();
    policyc()
        .arg("import")
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("there is no text to import"));
}

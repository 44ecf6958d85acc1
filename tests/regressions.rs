//! Defects found in review (issue 7), one test each. Every test here failed
//! before its fix; the quadratic link check is in `tests/robustness.rs`
//! (under its watchdog), and the driver's and report's defects in
//! `tests/cli.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::Code;
use policyc::model::Policy;
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::source::SourceFile;
use std::collections::HashMap;

/// A minimal valid privacy policy around `org` and `body`.
fn privacy(org_name: &str, extra: &str, body: &str) -> String {
    format!(
        "policy privacy \"P\" {{\n  id = \"p\"\n  updated = 2024-01-01\n  org {{ name = \"{org_name}\" }}\n  contact {{ email = \"a@example.com\" }}\n{extra}\n  section collection \"C\" {{ text \"c\" }}\n  section use \"U\" {{ text \"u\" }}\n  section sharing \"S\" {{ text \"s\" }}\n  section contact \"K\" {{ contact-block }}\n{body}\n}}\n"
    )
}

fn compile_ok(text: &str) -> Policy {
    let compiled = policyc::compile(&SourceFile::new("t.policy", text));
    match compiled.policy {
        Some(policy) => policy,
        None => panic!("expected a valid policy: {:#?}", compiled.diagnostics),
    }
}

fn codes(text: &str) -> Vec<Code> {
    policyc::compile(&SourceFile::new("t.policy", text))
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect()
}

fn html(policy: &Policy) -> String {
    HtmlRenderer::new().unwrap().render(policy).unwrap()
}

fn md(policy: &Policy) -> String {
    markdown::render(policy, MarkdownOptions::default()).unwrap()
}

/// Defect 1: the link check read prose before references were resolved, so
/// a script URL in a term reached the Markdown output through `${…}`.
/// (`<${Url}>` is no longer a link at all: a value never makes an autolink,
/// it shows as text — see `tests/values.rs`.)
#[test]
fn a_script_url_cannot_reach_a_link_through_a_reference() {
    for prose in ["[here](${Url})", "[x]: ${Url}\n\n    [here][x]"] {
        let text = privacy(
            "Acme",
            "  term Url = \"javascript:alert(1)\"",
            &format!("  text \"\"\"\n    {prose}\n    \"\"\""),
        );
        assert_eq!(codes(&text), vec![Code::UnsafeLink], "{prose}");
    }
}

/// Defect 2: values became markup — `~~Tiny~~` was struck through, and `|`
/// split a table cell.
#[test]
fn inserted_values_stay_text_in_every_output() {
    let text = privacy(
        "~~Tiny~~ | Co",
        "",
        "  text \"\"\"\n    | who | what |\n    | --- | --- |\n    | ${org.name} | x |\n    \"\"\"",
    );
    let policy = compile_ok(&text);
    let page = html(&policy);
    assert!(!page.contains("<del>"), "struck through: {page}");
    let row = page
        .split("<tr>")
        .skip(1)
        .find(|row| row.contains("Tiny"))
        .expect("the row with the value");
    assert_eq!(
        row.matches("<td").count(),
        2,
        "the value split the row: {row}"
    );
    assert!(
        page.contains("~~Tiny~~ | Co"),
        "the value as written: {page}"
    );
    let markdown = md(&policy);
    assert!(markdown.contains(r"\~\~Tiny\~\~ \| Co"), "{markdown}");
}

/// Values at the start of a line cannot begin a list, a heading or a
/// setext underline.
#[test]
fn values_at_the_start_of_a_line_stay_text() {
    let text = privacy(
        "Acme",
        "  term A = \"1. first\"\n  term B = \"- item\"\n  term C = \"===\"",
        "  section \"Values\" {\n  text \"\"\"\n    Intro\n    ${C}\n\n    ${A}\n\n    ${B}\n    \"\"\"\n  }",
    );
    let page = html(&compile_ok(&text));
    let section = page.split("id=\"values\"").nth(1).expect("the section");
    for tag in ["<ol", "<ul", "<li", "<h1", "<hr"] {
        assert!(!section.contains(tag), "{tag} in {section}");
    }
    for shown in ["1. first", "- item", "==="] {
        assert!(page.contains(shown), "{shown} missing from {page}");
    }
}

/// Defect 3: a section titled "Main" got the id `main`, which the page's
/// `<main>` already has; an explicit `toc-heading` collided with the
/// sidebar's heading.
#[test]
fn every_id_on_a_page_is_unique() {
    let text = privacy(
        "Acme",
        "",
        "  section \"Main\" { text \"m\" }\n  section \"Toc heading\" { text \"t\" }",
    );
    let page = html(&compile_ok(&text));
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for id in page
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        *seen.entry(id).or_default() += 1;
    }
    let repeated: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(repeated.is_empty(), "repeated ids {repeated:?}");
    assert!(page.contains("id=\"main-2\""), "{page}");
}

#[test]
fn an_explicit_id_the_page_uses_is_an_error() {
    for id in ["main", "toc-heading"] {
        let text = privacy(
            "Acme",
            "",
            &format!("  section \"X\" {{ id = \"{id}\" text \"x\" }}"),
        );
        assert_eq!(codes(&text), vec![Code::ReservedId], "{id}");
    }
}

/// Defect 6: the last-updated line was CommonMark in Markdown (emphasis)
/// but literal text on the page (a `*`).
#[test]
fn the_last_updated_line_reads_the_same_in_html_and_markdown() {
    let text = privacy(
        "Acme",
        "",
        "  last-updated \"Last *changed* on ${policy.updated}\"",
    );
    let policy = compile_ok(&text);
    let page = html(&policy);
    assert!(
        page.contains(
            "<p class=\"last-updated\">Last <em>changed</em> on <time datetime=\"2024-01-01\">January 1, 2024</time></p>"
        ),
        "{page}"
    );
    assert!(
        md(&policy).contains("Last *changed* on January 1, 2024"),
        "{}",
        md(&policy)
    );
}

/// Issue 10, item 8: the indentation common to all lines was removed, so a
/// block that is all indented code became a paragraph. The closing quotes'
/// column now decides, and the block is the CommonMark it looks like.
#[test]
fn a_prose_block_that_is_all_code_stays_code() {
    let text = "policy terms \"T\" {\n  id = \"t\"\n  text \"\"\"\n        let x = 1;\n        let y = 2;\n    \"\"\"\n}\n";
    let policy = compile_ok(text);
    let page = html(&policy);
    assert!(
        page.contains("<pre><code>let x = 1;\nlet y = 2;</code></pre>"),
        "{page}"
    );
    assert!(md(&policy).contains("    let x = 1;\n    let y = 2;"));
}

/// Issue 10, rough edge: `${Pii}` got no "did you mean" for `term PII`.
#[test]
fn a_reference_that_differs_only_in_case_gets_a_suggestion() {
    let text = "policy terms \"T\" {\n  id = \"t\"\n  term PII = \"personal information\"\n  text \"${Pii}\"\n}\n";
    let compiled = policyc::compile(&SourceFile::new("t.policy", text));
    let help = compiled.diagnostics.first().and_then(|d| d.help.clone());
    assert_eq!(help.as_deref(), Some("did you mean `${PII}`?"));
}

/// Issue 10, rough edge: `section "" { … }` rendered an empty heading.
#[test]
fn an_empty_title_is_an_error() {
    let text = privacy("Acme", "", "  section \"  \" { text \"x\" }");
    assert_eq!(codes(&text), vec![Code::EmptyTitle]);
}

/// Issue 10, rough edge: `website = "www.example.com"` became a relative
/// link that goes nowhere. It was a warning (W0003); since issue 15 a web
/// address is a typed value, and one without a scheme is refused (E0216)
/// with the address meant.
#[test]
fn a_web_address_without_a_scheme_is_refused_with_the_address_meant() {
    let text = privacy("Acme", "", "").replace(
        "org { name = \"Acme\" }",
        "org { name = \"Acme\" website = \"www.example.com\" }",
    );
    let compiled = policyc::compile(&SourceFile::new("t.policy", text));
    let warnings: Vec<_> = compiled
        .diagnostics
        .iter()
        .map(|d| (d.code, d.help.clone().unwrap_or_default()))
        .collect();
    assert_eq!(
        warnings,
        vec![(
            Code::InvalidValue,
            "did you mean `https://www.example.com`?".to_string()
        )]
    );
}

/// Issue 10, rough edge: `${org.name}` inside a term's value was printed
/// literally, with no error. A term may now refer to facts; a reference to
/// another term (which could loop) or to nothing is an error at its span.
#[test]
fn a_term_may_refer_to_facts_but_not_to_terms() {
    let text = privacy(
        "Acme Ltd",
        "  term Service = \"the ${org.name} app\"",
        "  text \"Welcome to ${Service}.\"",
    );
    let policy = compile_ok(&text);
    assert!(
        md(&policy).contains("Welcome to the Acme Ltd app."),
        "{}",
        md(&policy)
    );
    let looping = privacy("Acme", "  term A = \"${B}\"\n  term B = \"b\"", "");
    let compiled = policyc::compile(&SourceFile::new("t.policy", looping.as_str()));
    let d = compiled.diagnostics.first().expect("an error");
    assert_eq!(d.message, "the term `A` refers to the term `B`");
    let at = d.span.map(|s| &looping[s.start..s.end]);
    assert_eq!(at, Some("${B}"));
    assert_eq!(
        codes(&privacy("Acme", "  term A = \"${org.nme}\"", "")),
        vec![Code::UnknownReference]
    );
}

/// Issue 10, rough edge: a definition ("“Personal data” means …") had no
/// home. `define` declares one, `glossary` lists them, the JSON carries
/// them, and an empty glossary is a warning.
#[test]
fn defined_phrases_are_listed_by_the_glossary_and_exported() {
    let text = privacy(
        "Acme",
        "  define \"Personal data\" = \"information about *you*\"",
        "  section \"Words\" { glossary \"Glossary\" }",
    );
    let policy = compile_ok(&text);
    let page = html(&policy);
    assert!(
        page.contains("<dt>Personal data</dt>\n<dd><p>information about <em>you</em></p>"),
        "{page}"
    );
    assert!(md(&policy).contains("- **Personal data**: information about *you*"));
    let json = policyc::export::json::render(&policy).unwrap();
    assert!(json.contains("\"phrase\": \"Personal data\""), "{json}");
    let empty = privacy("Acme", "", "  section \"Words\" { glossary }");
    let compiled = policyc::compile(&SourceFile::new("t.policy", empty));
    let codes: Vec<_> = compiled.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec![Code::EmptyGlossary]);
}

/// Issue 8: a fact's kind followed by a comment was read with the comment
/// (`processor // note`), an unknown recipient kind.
#[test]
fn a_fact_kind_followed_by_a_comment_is_read_alone() {
    let body = "  collect { data = [email] }\n  recipient processor // mails for us\n  right access /* by email */ { via = email }\n";
    let policy = compile_ok(&privacy("Acme", "", body));
    let recipient = &policy.practices.recipients[0].node;
    assert_eq!(
        recipient.kind.node,
        policyc::model::practice::RecipientKind::Processor
    );
    assert_eq!(policy.practices.rights.len(), 1);
}

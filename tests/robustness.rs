//! Hostile and mangled input: no input may break the compiler. Whatever the
//! bytes, `policyc` answers with diagnostics that point inside the text, or
//! with a policy whose every rendering is well formed and carries no script.
//!
//! * A property test mutates the real policies (and the examples) byte by
//!   byte and line by line and runs every mutant through the whole pipeline.
//! * Hostile-input tests: empty and binary files, BOM, CRLF, tabs, a large
//!   policy, deep nesting, unterminated delimiters, script in prose and links.
//! * Regression tests for the bugs these tests and the fuzzer found, among
//!   them inputs that took time quadratic in their size. Those run under a
//!   watchdog (`within`) with a generous limit, so a regression fails the
//!   test instead of hanging CI.
//! * A new bug goes in as a test marked `#[ignore = "bug: …"]` until it is
//!   fixed; run those with `cargo test --test robustness -- --ignored`.
//!
//! See `docs/fuzzing.md` for the fuzzer that complements these tests.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::Compiled;
use policyc::diagnostic::{Code, Diagnostic};
use policyc::driver::read_source;
use policyc::export::json;
use policyc::model::Policy;
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::report::{self, MessageFormat};
use policyc::source::{SourceFile, Span};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config as ProptestConfig, RngSeed, TestCaseError};
use std::sync::{OnceLock, mpsc};
use std::time::Duration;

/// The real policies and the examples: the seeds of every mutant.
const SEEDS: &[(&str, &str)] = &[
    ("connact.policy", include_str!("../policies/connact.policy")),
    (
        "connecwrk.policy",
        include_str!("../policies/connecwrk.policy"),
    ),
    ("socnect.policy", include_str!("../policies/socnect.policy")),
    ("acme.policy", include_str!("../examples/acme.policy")),
    ("minimal.policy", include_str!("../examples/minimal.policy")),
];

/// The three real policies only.
fn real_policies() -> &'static [(&'static str, &'static str)] {
    &SEEDS[..3]
}

// ---------------------------------------------------------------------------
// The pipeline, run end to end with every check that holds for any input.
// ---------------------------------------------------------------------------

fn html_renderer() -> &'static HtmlRenderer {
    static RENDERER: OnceLock<HtmlRenderer> = OnceLock::new();
    RENDERER.get_or_init(|| HtmlRenderer::new().expect("the embedded templates load"))
}

/// The three renderings of a compiled policy.
struct Outputs {
    html: String,
    markdown: String,
    json: String,
}

fn render(policy: &Policy) -> Outputs {
    let html = html_renderer()
        .render(policy)
        .expect("a valid policy renders to HTML");
    let markdown = markdown::render(policy, MarkdownOptions { front_matter: true })
        .expect("a valid policy renders to Markdown");
    let json = json::render(policy).expect("a valid policy renders to JSON");
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON output is JSON");
    assert_html_is_script_free(&html);
    assert_markdown_is_script_free(&markdown);
    Outputs {
        html,
        markdown,
        json,
    }
}

/// Every span of every diagnostic lies inside the text, on char boundaries.
fn assert_spans_in_bounds(file: &SourceFile, diagnostics: &[Diagnostic]) {
    let text = &file.text;
    for d in diagnostics {
        let spans = d.span.into_iter().chain(d.related.iter().map(|l| l.span));
        for Span { start, end, .. } in spans {
            assert!(
                start <= end && end <= text.len(),
                "span {start}..{end} outside the text ({} bytes): {d:?}",
                text.len()
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "span {start}..{end} splits a character: {d:?}"
            );
        }
        assert!(!d.message.is_empty(), "empty message: {d:?}");
    }
}

/// Formats the diagnostics every way; JSON lines must be JSON.
fn format_every_way(file: &SourceFile, diagnostics: &[Diagnostic]) {
    for format in [
        MessageFormat::Human,
        MessageFormat::Json,
        MessageFormat::Github,
    ] {
        for color in [false, true] {
            let out = report::format(file, diagnostics, format, color);
            assert_eq!(out.is_empty(), diagnostics.is_empty(), "{format:?}: {out}");
            if format == MessageFormat::Json {
                for line in out.lines() {
                    serde_json::from_str::<serde_json::Value>(line)
                        .unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                }
            }
            if format == MessageFormat::Github {
                assert_eq!(out.lines().count(), diagnostics.len(), "{out}");
            }
        }
    }
}

/// Compiles `text`, checks its diagnostics, formats them every way and,
/// when it compiles, renders every output.
fn exercise(name: &str, text: &str) -> (SourceFile, Compiled, Option<Outputs>) {
    let file = SourceFile::new(name, text);
    let compiled = policyc::compile(&file);
    assert_spans_in_bounds(&file, &compiled.diagnostics);
    assert!(compiled.diagnostics.len() <= policyc::diagnostic::MAX_PER_FILE + 1);
    assert_eq!(
        compiled.policy.is_some(),
        !compiled.diagnostics.iter().any(Diagnostic::is_error),
        "a policy comes back exactly when there is no error"
    );
    format_every_way(&file, &compiled.diagnostics);
    let outputs = compiled.policy.as_ref().map(render);
    (file, compiled, outputs)
}

fn codes(compiled: &Compiled) -> Vec<&'static str> {
    compiled
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

/// The only diagnostic is an error with `code`; returns it.
fn single_error(compiled: &Compiled, code: Code) -> &Diagnostic {
    assert!(compiled.policy.is_none());
    match compiled.diagnostics.as_slice() {
        [d] if d.code == code && d.is_error() => d,
        other => panic!("expected only {}, got {other:#?}", code.as_str()),
    }
}

fn assert_compiles_cleanly(name: &str, text: &str) -> Outputs {
    let (_, compiled, outputs) = exercise(name, text);
    let errors: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    outputs.expect("no errors, so a policy")
}

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
                "{what}: not finished after {seconds} s (a linear compiler takes a few seconds at most)"
            )
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

// ---------------------------------------------------------------------------
// Script detection: what a browser would run.
// ---------------------------------------------------------------------------

/// Decodes the character references a browser decodes in an attribute
/// value (one pass, so `&amp;#106;` stays `&#106;`).
fn decode_references(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(rest.len(), |(i, _)| i);
        let name = &rest[1..end];
        let decoded =
            if let Some(number) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(number, 16)
                    .ok()
                    .and_then(char::from_u32)
            } else if let Some(number) = name.strip_prefix('#') {
                number.parse().ok().and_then(char::from_u32)
            } else {
                match name.to_ascii_lowercase().as_str() {
                    "colon" => Some(':'),
                    "tab" => Some('\t'),
                    "newline" => Some('\n'),
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "sol" => Some('/'),
                    "lpar" => Some('('),
                    "rpar" => Some(')'),
                    _ => None,
                }
            };
        match decoded {
            Some(c) if !name.is_empty() => {
                out.push(c);
                rest = rest[end..].strip_prefix(';').unwrap_or(&rest[end..]);
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL a browser would run script from (after decoding references and
/// dropping the white space and controls browsers ignore in a scheme).
fn is_script_url(value: &str) -> bool {
    let url: String = decode_references(value)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    ["javascript:", "vbscript:", "data:", "livescript:"]
        .iter()
        .any(|scheme| url.starts_with(scheme))
}

/// Each start tag in `html`: its lowercase name and its attributes.
fn start_tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |n| i + n);
        let name = html[i..name_end].to_ascii_lowercase();
        i = name_end;
        let mut attributes = Vec::new();
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(_) => {}
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(html.len(), |n| i + n)
                .max(i + 1);
            let attr = html[i..attr_end].to_ascii_lowercase();
            i = attr_end;
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let close = html[i + 1..]
                            .find(q as char)
                            .map_or(html.len(), |n| i + 1 + n);
                        value = html[i + 1..close].to_string();
                        i = (close + 1).min(html.len());
                    }
                    _ => {
                        let end = html[i..]
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .map_or(html.len(), |n| i + n);
                        value = html[i..end].to_string();
                        i = end;
                    }
                }
            }
            attributes.push((attr, value));
        }
        // The contents of <style> and <script> are not markup.
        if name == "style" || name == "script" {
            let close = format!("</{name}");
            i = html[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(html.len(), |n| i + n);
        }
        tags.push((name, attributes));
    }
    tags
}

/// No tag or attribute in `html` would run script in a browser.
fn script_in_html(html: &str) -> Option<String> {
    const SCRIPT_TAGS: &[&str] = &[
        "script", "iframe", "frame", "object", "embed", "svg", "math", "base", "form", "applet",
    ];
    const URL_ATTRIBUTES: &[&str] = &[
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "srcdoc",
        "background",
        "poster",
    ];
    for (name, attributes) in start_tags(html) {
        if SCRIPT_TAGS.contains(&name.as_str()) {
            return Some(format!("a <{name}> element"));
        }
        for (attr, value) in attributes {
            if attr.starts_with("on") {
                return Some(format!("an event handler `{attr}` on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attr.as_str()) && is_script_url(&value) {
                return Some(format!("<{name} {attr}=\"{value}\">"));
            }
            if name == "meta" && attr == "http-equiv" && value.eq_ignore_ascii_case("refresh") {
                return Some("a <meta http-equiv=refresh>".to_string());
            }
        }
    }
    None
}

fn assert_html_is_script_free(html: &str) {
    if let Some(found) = script_in_html(html) {
        panic!("the HTML page carries {found}");
    }
}

/// What a static-site generator makes of the Markdown output: CommonMark
/// with raw HTML passed through, as most do by default. The YAML front
/// matter is data for the site's templates, not Markdown, and is skipped.
fn markdown_as_a_site_generator_renders_it(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut out = String::new();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

fn assert_markdown_is_script_free(markdown: &str) {
    if let Some(found) = script_in_html(&markdown_as_a_site_generator_renders_it(markdown)) {
        panic!("the Markdown output, rendered, carries {found}:\n{markdown}");
    }
}

#[test]
fn the_script_detector_detects() {
    for html in [
        "<p><script>alert(1)</script></p>",
        "<SCRIPT SRC=//x>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script&colon;alert(1)\">x</a>",
        "<a href=' JaVaScRiPt:alert(1)'>x</a>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=\"data:text/html,x\"></iframe>",
        "<a href=vbscript:msgbox>x</a>",
    ] {
        assert!(script_in_html(html).is_some(), "{html}");
    }
    for html in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; javascript:alert(1)</p>",
        "<a href=\"https://example.com/javascript:\">x</a>",
        "<a href=\"&amp;#106;avascript:alert(1)\">x</a>",
        "<style>a::before { content: \"<script>\" }</style><p>x</p>",
        "<a href=\"#\" title=\"onclick\">x</a>",
    ] {
        assert_eq!(script_in_html(html), None, "{html}");
    }
}

// ---------------------------------------------------------------------------
// The property test: mutants of the real policies.
// ---------------------------------------------------------------------------

/// Tokens worth inserting: the language's delimiters and keywords, the
/// characters that break scanners, and script.
const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "=",
    ",",
    "\"",
    "\"\"\"",
    "\"\"\"\"",
    "${",
    "$${",
    "}",
    "${org.name}",
    "${nope}",
    "${ }",
    "${contact.officer.dpo.name}",
    "section",
    "section \"x\" {",
    "section cookies \"C\" { }",
    "text",
    "text \"",
    "text \"\"\"\n",
    "term T = \"v\"",
    "org",
    "contact",
    "officer dpo {",
    "toc",
    "contact-block",
    "last-updated",
    "id = \"x\"",
    "numbering = \"1.1\"",
    "number = none",
    "effective = 2024-02-30",
    "updated = 1999-01-01",
    "profiles = [gdpr, coppa]",
    "//",
    "/*",
    "*/",
    "\\",
    "\\u{",
    "\\u{110000}",
    "\\n",
    "\0",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u{feff}",
    "\u{2028}",
    "\u{202e}",
    "\u{301}",
    "é",
    "👩‍👩‍👧",
    "\u{10ffff}",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<img src=x onerror=alert(1)>",
    "&#106;",
    "*",
    "_",
    "#",
    "|",
    "`",
    "```",
    "> ",
    "- ",
    "1. ",
    "    ",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteBytes(Index, usize),
    Insert(Index, String),
    DuplicateBytes(Index, usize, Index),
    SwapBytes(Index, Index, usize),
    Truncate(Index),
    DeleteLine(Index),
    DuplicateLine(Index, Index),
    SwapLines(Index, Index),
    LineEndingsToCrlf,
}

fn insertion() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(TOKENS).prop_map(str::to_string),
        1 => any::<char>().prop_map(String::from),
        1 => proptest::collection::vec(any::<char>(), 1..6).prop_map(|c| c.into_iter().collect()),
        1 => "[ -~]{1,12}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<Index>(), 1..64usize).prop_map(|(at, n)| Mutation::DeleteBytes(at, n)),
        6 => (any::<Index>(), insertion()).prop_map(|(at, s)| Mutation::Insert(at, s)),
        1 => (any::<Index>(), 1..256usize, any::<Index>())
            .prop_map(|(from, n, to)| Mutation::DuplicateBytes(from, n, to)),
        1 => (any::<Index>(), any::<Index>(), 1..64usize)
            .prop_map(|(a, b, n)| Mutation::SwapBytes(a, b, n)),
        1 => any::<Index>().prop_map(Mutation::Truncate),
        2 => any::<Index>().prop_map(Mutation::DeleteLine),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(l, to)| Mutation::DuplicateLine(l, to)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        1 => Just(Mutation::LineEndingsToCrlf),
    ]
}

/// Applies a mutation to bytes; the result may be invalid UTF-8.
fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let len = bytes.len();
    let pos = |i: &Index| if len == 0 { 0 } else { i.index(len + 1) };
    match mutation {
        Mutation::DeleteBytes(at, n) => {
            let start = pos(at);
            bytes.drain(start..(start + n).min(len));
        }
        Mutation::Insert(at, text) => {
            let at = pos(at);
            bytes.splice(at..at, text.bytes());
        }
        Mutation::DuplicateBytes(from, n, to) => {
            let start = pos(from);
            let piece = bytes[start..(start + n).min(len)].to_vec();
            let to = pos(to);
            bytes.splice(to..to, piece);
        }
        Mutation::SwapBytes(a, b, n) => {
            let (mut a, mut b) = (pos(a), pos(b));
            if a > b {
                std::mem::swap(&mut a, &mut b);
            }
            let n = (*n).min(b - a).min(len - b);
            for k in 0..n {
                bytes.swap(a + k, b + k);
            }
        }
        Mutation::Truncate(at) => {
            let at = pos(at);
            bytes.truncate(at);
        }
        Mutation::LineEndingsToCrlf => {
            let mut out = Vec::with_capacity(len + len / 20);
            for &b in bytes.iter() {
                if b == b'\n' {
                    out.push(b'\r');
                }
                out.push(b);
            }
            *bytes = out;
        }
        lines @ (Mutation::DeleteLine(..)
        | Mutation::DuplicateLine(..)
        | Mutation::SwapLines(..)) => {
            let mut split: Vec<Vec<u8>> = bytes
                .split_inclusive(|&b| b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            if split.is_empty() {
                return;
            }
            let n = split.len();
            match lines {
                Mutation::DeleteLine(l) => {
                    split.remove(l.index(n));
                }
                Mutation::DuplicateLine(l, to) => {
                    let line = split[l.index(n)].clone();
                    split.insert(to.index(n + 1), line);
                }
                Mutation::SwapLines(a, b) => split.swap(a.index(n), b.index(n)),
                _ => {}
            }
            *bytes = split.concat();
        }
    }
}

/// Mutants per run. Each compiles, formats and renders a policy of up to
/// 27 kB; 1024 of them take about 2 s in a debug build, so the whole file
/// stays well under 20 s on 2 cores. Search longer with, for example,
/// `PROPTEST_CASES=20000 PROPTEST_RNG_SEED=7 cargo test --release --test robustness`.
const CASES: u32 = 1024;

/// The same mutants in every run unless `PROPTEST_RNG_SEED` says otherwise,
/// so that CI is deterministic; the fuzzer is where new inputs come from.
const SEED: u64 = 0x0070_6f6c_6963_7963;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        rng_seed: if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
            ProptestConfig::default().rng_seed
        } else {
            RngSeed::Fixed(SEED)
        },
        // A failure is reported with its minimal mutant; nothing is written
        // next to the sources.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(CASES))]

    #[test]
    fn mutated_policies_never_break_the_compiler(
        seed in proptest::sample::select(SEEDS),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let (name, text) = seed;
        let mut bytes = text.as_bytes().to_vec();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        let text = String::from_utf8_lossy(&bytes);
        exercise(name, &text);
    }
}

// ---------------------------------------------------------------------------
// Hostile input, one case each.
// ---------------------------------------------------------------------------

/// Pieces of strings that try to become markup or script links wherever a
/// value is printed: titles, facts, terms, headings.
const HOSTILE_PIECES: &[&str] = &[
    "javascript:",
    "JaVaScRiPt:",
    "vbscript:",
    "data:text/html,",
    "alert(1)",
    "&#106;",
    "&#x6A;",
    "&colon;",
    "&Tab;",
    "&#9;",
    "&amp;",
    "&",
    "#",
    "<",
    ">",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "\"",
    "'",
    "\\",
    "`",
    "*",
    "_",
    "|",
    "~",
    "---",
    "\n",
    "\t",
    " ",
    "https://x.example/",
    "mailto:",
    "@",
    "a",
    "é",
    "${",
    "}",
    "{{",
    "{%",
    "%}",
    "-->",
    "<!--",
];

fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just("plain".to_string()),
        3 => proptest::collection::vec(proptest::sample::select(HOSTILE_PIECES), 1..6)
            .prop_map(|pieces| pieces.concat()),
    ]
}

/// A value written as a `.policy` string.
fn quoted(value: &str) -> String {
    let escaped = value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace('\t', "\\t");
    format!("\"{escaped}\"")
}

/// A policy that prints each of 20 values somewhere: titles, facts, the
/// term, the headings of generated blocks and the last-updated line.
fn values_policy(values: &[String]) -> String {
    let v: Vec<String> = values.iter().map(|v| quoted(v)).collect();
    format!(
        "policy terms {} {{
  id = \"p\"
  updated = 2024-01-01
  org {{ name = {} website = {} address = {} registration = {} trading-names = [{}] }}
  contact {{
    email = {} url = {} phone = {} address = {}
    officer dpo {{ name = {} title = {} email = {} url = {} }}
  }}
  term T = {}
  toc {}
  section {} {{ toc-title = {} text \"${{T}} ${{org.name}} ${{contact.url}} ${{org.website}}\" }}
  contact-block {}
  last-updated {}
}}
",
        v[0],
        v[1],
        v[2],
        v[3],
        v[4],
        v[5],
        v[6],
        v[7],
        v[8],
        v[9],
        v[10],
        v[11],
        v[12],
        v[13],
        v[14],
        v[15],
        v[16],
        v[17],
        v[18],
        v[19]
    )
}

fn check_values(values: &[String]) -> Result<(), TestCaseError> {
    let text = values_policy(values);
    // `exercise` checks the page and the Markdown output for script.
    let (_, compiled, _) = exercise("values.policy", &text);
    for d in compiled.diagnostics.iter().filter(|d| d.is_error()) {
        prop_assert!(
            matches!(
                d.code,
                Code::UnsafeLink
                    | Code::WrongValue
                    | Code::UnclosedReference
                    | Code::UnknownReference
                    // A blank title is refused (issue 10).
                    | Code::EmptyTitle
                    // A value that is no web address, email, phone or
                    // language tag is refused (issue 15).
                    | Code::InvalidValue
                    // So is one with a line break (issue 15).
                    | Code::TitleControl
            ),
            "{text}\n{d:#?}"
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(CASES / 4))]

    #[test]
    fn arbitrary_bytes_are_read_or_refused_with_the_offset(
        bytes in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bytes.policy");
        std::fs::write(&path, &bytes).unwrap();
        match (read_source(&path), std::str::from_utf8(&bytes)) {
            (Ok(file), Ok(text)) => {
                prop_assert_eq!(&file.text, text.strip_prefix('\u{feff}').unwrap_or(text));
                exercise(&file.name, &file.text);
            }
            (Err(d), Err(e)) => {
                prop_assert_eq!(d.code, Code::NotUtf8);
                let offset = format!("offset {}", e.valid_up_to());
                prop_assert!(d.message.contains(&offset), "{}", d.message);
            }
            (read, utf8) => prop_assert!(false, "read {:?} but from_utf8 {:?}", read.map(|f| f.text), utf8),
        }
    }

    #[test]
    fn values_never_become_markup_or_script(values in proptest::collection::vec(hostile_value(), 20)) {
        check_values(&values)?;
    }
}

/// Regression: the last-updated sentence reached the Markdown output
/// verbatim (raw HTML, script links) and was not link-checked.
#[test]
fn the_last_updated_line_never_carries_script() {
    for line in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "Updated ${policy.updated} <svg onload=alert(1)>",
    ] {
        let text = format!(
            "policy terms \"T\" {{\n  id = \"u\"\n  updated = 2024-01-01\n  last-updated {}\n}}\n",
            quoted(line)
        );
        // `exercise` checks the page and the Markdown output for script.
        let (_, compiled, _) = exercise("updated.policy", &text);
        assert!(
            compiled
                .diagnostics
                .iter()
                .all(|d| d.code == Code::UnsafeLink),
            "{line}: {:#?}",
            compiled.diagnostics
        );
    }
}

/// Regression (found by the fuzzer): a word over 40 bytes was cut inside a
/// character, giving a span that split it and "found the end of the file".
#[test]
fn a_long_non_ascii_word_gets_a_span_on_character_boundaries() {
    // Minimised from fuzz/artifacts: `ӫmmm…mЗӫЗe` (42 bytes). The word is
    // longer than 40 bytes and byte 40 falls inside a character.
    let word = format!("éa{}", "é".repeat(20));
    for text in [
        word.clone(),
        format!("policy terms \"T\" {{\n  {word}\n}}\n"),
    ] {
        let file = SourceFile::new("word.policy", text.as_str());
        let compiled = policyc::compile(&file);
        let d = single_error(&compiled, Code::Syntax);
        assert!(!d.message.contains("the end of the file"), "{}", d.message);
        assert_spans_in_bounds(&file, &compiled.diagnostics);
    }
}

#[test]
fn an_empty_file_is_a_syntax_error() {
    let (_, compiled, _) = exercise("empty.policy", "");
    let d = single_error(&compiled, Code::Syntax);
    assert!(d.message.contains("the end of the file"), "{}", d.message);
    assert_eq!(d.span, Some(Span::default()));
}

#[test]
fn a_file_of_white_space_is_a_syntax_error() {
    let text = " \t\r\n\n   \u{a0}\r\n";
    let (_, compiled, _) = exercise("blank.policy", text);
    let d = single_error(&compiled, Code::Syntax);
    let span = d.span.expect("a place");
    assert!(span.end <= text.len());
}

#[test]
fn a_file_of_comments_is_a_syntax_error() {
    let (_, compiled, _) = exercise("comments.policy", "// nothing\n/* at */ // all\n");
    single_error(&compiled, Code::Syntax);
}

/// A small deterministic generator, so the "random" bytes are the same in
/// every run.
fn pseudo_random_bytes(seed: u64, n: usize) -> Vec<u8> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[3]
        })
        .collect()
}

#[test]
fn binary_files_are_refused_as_not_utf8_with_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    for (seed, prefix) in [(1, ""), (2, "policy terms \"T\" {\n"), (3, "é“”")] {
        let mut bytes = prefix.as_bytes().to_vec();
        bytes.extend(pseudo_random_bytes(seed, 4096));
        let offset = std::str::from_utf8(&bytes).unwrap_err().valid_up_to();
        let path = dir.path().join(format!("binary-{seed}.policy"));
        std::fs::write(&path, &bytes).unwrap();
        let d = read_source(&path).unwrap_err();
        assert_eq!(d.code, Code::NotUtf8);
        assert!(
            d.message
                .contains(&format!("invalid byte at offset {offset}")),
            "{}",
            d.message
        );
        assert!(
            d.message.contains("binary-"),
            "names the file: {}",
            d.message
        );
    }
    // A lone byte that can only continue a character, and a truncated one.
    for (bytes, offset) in [(&b"\x80"[..], 0), (&b"policy \xe2\x80"[..], 7)] {
        let path = dir.path().join("short.policy");
        std::fs::write(&path, bytes).unwrap();
        let d = read_source(&path).unwrap_err();
        assert_eq!(d.code, Code::NotUtf8);
        assert!(
            d.message.contains(&format!("offset {offset}")),
            "{}",
            d.message
        );
    }
}

#[test]
fn nul_bytes_are_diagnosed_not_fatal() {
    let (name, text) = SEEDS[4];
    for at in [0, 10, text.len() / 2, text.len()] {
        let at = (0..=at)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let mut mutant = text.to_string();
        mutant.insert(at, '\0');
        exercise(name, &mutant);
    }
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in real_policies() {
        let plain = assert_compiles_cleanly(name, text);
        let path = dir.path().join(name);
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
        let file = read_source(&path).unwrap();
        assert_eq!(file.text, *text, "the BOM is dropped");
        let with_bom = assert_compiles_cleanly(name, &format!("\u{feff}{text}"));
        assert_eq!(with_bom.markdown, plain.markdown);
        assert_eq!(with_bom.html, plain.html);
    }
}

#[test]
fn crlf_line_endings_render_like_lf() {
    for (name, text) in SEEDS {
        let lf = assert_compiles_cleanly(name, text);
        let crlf = assert_compiles_cleanly(name, &text.replace('\n', "\r\n"));
        assert_eq!(crlf.markdown, lf.markdown, "{name}: Markdown");
        assert_eq!(crlf.html, lf.html, "{name}: HTML");
        assert_eq!(crlf.json, lf.json, "{name}: JSON");
    }
}

#[test]
fn crlf_with_an_error_points_at_the_same_line_and_column() {
    let (name, text) = SEEDS[4];
    let broken = text.replacen("policy", "polcy", 1);
    let (lf_file, lf, _) = exercise(name, &broken);
    let (crlf_file, crlf, _) = exercise(name, &broken.replace('\n', "\r\n"));
    assert_eq!(codes(&lf), codes(&crlf));
    let at = |file: &SourceFile, c: &Compiled| {
        c.diagnostics
            .iter()
            .map(|d| file.line_col(d.span.map_or(0, |s| s.start)))
            .collect::<Vec<_>>()
    };
    assert_eq!(at(&lf_file, &lf), at(&crlf_file, &crlf));
}

#[test]
fn tabs_for_indentation_are_accepted() {
    for (name, text) in SEEDS {
        let tabbed: String = text
            .split_inclusive('\n')
            .map(|line| {
                let body = line.trim_start_matches(' ');
                let spaces = line.len() - body.len();
                format!(
                    "{}{}{body}",
                    "\t".repeat(spaces / 2),
                    " ".repeat(spaces % 2)
                )
            })
            .collect();
        assert!(tabbed.contains('\t'));
        assert_compiles_cleanly(name, &tabbed);
    }
}

#[test]
fn unusual_white_space_between_tokens_is_diagnosed() {
    // Form feeds, vertical tabs, no-break and ideographic spaces are not
    // white space in the language: each is a clean syntax error.
    for space in ["\u{c}", "\u{b}", "\u{a0}", "\u{3000}", "\u{2028}"] {
        let text = format!("policy{space}terms \"T\" {{ id = \"t\" }}");
        let (_, compiled, _) = exercise("space.policy", &text);
        single_error(&compiled, Code::Syntax);
    }
}

/// One section whose prose is `bytes` long, with a reference on every line.
fn big_prose_policy(bytes: usize) -> String {
    let line = "    Lorem ipsum dolor sit amet, ${org.name} consectetur adipiscing elit, sed do.\n";
    let mut text = String::with_capacity(bytes + 200);
    text.push_str("policy terms \"Big\" {\n  id = \"big\"\n  org { name = \"Acme\" }\n  section \"Big\" {\n    text \"\"\"\n");
    while text.len() < bytes {
        text.push_str(line);
    }
    text.push_str("    \"\"\"\n  }\n}\n");
    text
}

/// `n` sections with distinct titles, each with a little prose.
fn many_sections_policy(n: usize) -> String {
    let mut text = String::from("policy terms \"Many\" {\n  id = \"many\"\n  numbering = \"1.\"\n");
    for i in 0..n {
        text.push_str(&format!(
            "  section \"Section {i}\" {{ text \"Body of section {i}.\" }}\n"
        ));
    }
    text.push_str("}\n");
    text
}

#[test]
fn a_large_policy_compiles() {
    // 5 MB of prose and 10,000 sections: well within a debug build's reach.
    // The 50 MB case is `a_50_mb_policy_compiles`, run in release.
    let prose = big_prose_policy(5_000_000);
    let outputs = assert_compiles_cleanly("big.policy", &prose);
    assert!(outputs.markdown.len() > 4_000_000);
    let sections = many_sections_policy(10_000);
    let outputs = assert_compiles_cleanly("many.policy", &sections);
    assert!(outputs.markdown.contains("10000. Section 9999"));
}

#[test]
#[ignore = "slow in a debug build: run with --release (about 5 s there)"]
fn a_50_mb_policy_compiles() {
    let prose = big_prose_policy(50_000_000);
    let file = SourceFile::new("big.policy", prose);
    let compiled = policyc::compile(&file);
    assert!(compiled.policy.is_some(), "{:#?}", compiled.diagnostics);
    let sections = many_sections_policy(100_000);
    assert!(sections.len() > 5_000_000);
    assert_compiles_cleanly("many.policy", &sections);
}

#[test]
fn ten_thousand_nested_sections_are_too_deep() {
    let text = format!(
        "policy terms \"T\" {{\n  id = \"deep\"\n{}{}}}\n",
        "section \"s\" {\n".repeat(10_000),
        "}\n".repeat(10_000)
    );
    let (_, compiled, _) = exercise("deep.policy", &text);
    let d = single_error(&compiled, Code::TooDeep);
    assert!(d.message.contains("nested too deeply"), "{}", d.message);
}

#[test]
fn ten_thousand_nested_braces_are_too_deep() {
    for (open, close) in [("{", "}"), ("[", "]"), ("{[", "]}")] {
        for text in [
            format!(
                "policy terms \"T\" {}{}",
                open.repeat(10_000),
                close.repeat(10_000)
            ),
            // Never closed, too.
            format!("policy terms \"T\" {}", open.repeat(10_000)),
            open.repeat(10_000),
        ] {
            let (_, compiled, _) = exercise("braces.policy", &text);
            single_error(&compiled, Code::TooDeep);
        }
    }
}

/// `depth` sections, each nested in the one before.
fn nested_sections(depth: usize) -> String {
    format!(
        "policy terms \"T\" {{\n  id = \"deep\"\n  toc\n{}{}}}\n",
        (0..depth)
            .map(|i| format!("section \"Level {i}\" {{ text \"x\"\n"))
            .collect::<String>(),
        "}\n".repeat(depth)
    )
}

#[test]
fn one_section_past_the_limit_is_too_deep() {
    // The policy's own braces count as a level.
    let depth = policyc::syntax::MAX_DEPTH;
    let (_, compiled, _) = exercise("deep.policy", &nested_sections(depth));
    single_error(&compiled, Code::TooDeep);
}

/// Regression: with a limit of 64, 20 nested sections compiled but failed
/// to render (tera allows 20 levels of component recursion).
#[test]
fn nesting_at_the_limit_renders() {
    let depth = policyc::syntax::MAX_DEPTH - 1;
    assert_compiles_cleanly("limit.policy", &nested_sections(depth));
}

#[test]
fn deeply_nested_markdown_in_prose_compiles() {
    // Prose nests as CommonMark allows; nothing recurses without bound.
    for body in [
        ">".repeat(50_000),
        "[".repeat(50_000) + &"](x)".repeat(50_000),
        "*a **b ".repeat(20_000),
        (0..2_000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>(),
        "`".repeat(50_000),
        "<".repeat(50_000),
        "&#".repeat(50_000),
    ] {
        let text =
            format!("policy terms \"T\" {{\n  id = \"md\"\n  text \"\"\"\n{body}\n\"\"\"\n}}\n");
        let (_, compiled, _) = exercise("md.policy", &text);
        assert!(
            compiled
                .diagnostics
                .iter()
                .all(|d| d.code == Code::UnsafeLink || !d.is_error()),
            "{:#?}",
            compiled.diagnostics
        );
    }
}

#[test]
fn an_unterminated_string_is_diagnosed() {
    for text in [
        "policy terms \"T {\n}",
        "policy terms \"T\" { id = \"x }",
        "policy terms \"T\" { id = \"x\\\" }",
        "policy terms \"T\" { id = \"x\\",
        "policy terms \"T\" { id = \"",
        "\"",
    ] {
        let (_, compiled, _) = exercise("string.policy", text);
        let d = single_error(&compiled, Code::UnterminatedString);
        assert!(d.message.contains("never closed"), "{}", d.message);
    }
}

#[test]
fn an_unterminated_prose_block_at_the_end_of_the_file_is_diagnosed() {
    for text in [
        "policy terms \"T\" { text \"\"\"",
        "policy terms \"T\" { text \"\"\"\n  prose\n  \"\"",
        "policy terms \"T\" { text \"\"\"\"\n  prose\n  \"\"\"\n}",
        "policy terms \"T\" {\n  id = \"p\"\n  text \"\"\"\n    Unfinished ${org.name",
    ] {
        let (_, compiled, _) = exercise("prose.policy", text);
        single_error(&compiled, Code::UnterminatedProse);
    }
}

#[test]
fn an_unclosed_comment_is_diagnosed() {
    let (_, compiled, _) = exercise("comment.policy", "policy terms \"T\" { /* id = \"x\" }");
    single_error(&compiled, Code::Syntax);
}

#[test]
fn a_reference_never_closed_is_diagnosed() {
    for prose in [
        "text \"Hello ${org.name\"",
        "text \"${\"",
        "text \"\"\"\n  Hello ${org.name\n  and more }\n  \"\"\"",
        "text \"\"\"\n  Hello ${\"\"\"",
    ] {
        let text = format!(
            "policy terms \"T\" {{\n  id = \"r\"\n  org {{ name = \"Acme\" }}\n  {prose}\n}}\n"
        );
        let (file, compiled, _) = exercise("reference.policy", &text);
        assert!(compiled.policy.is_none());
        let d = compiled
            .diagnostics
            .iter()
            .find(|d| d.code == Code::UnclosedReference)
            .unwrap_or_else(|| panic!("{prose}: {:#?}", compiled.diagnostics));
        assert_eq!(file.slice(d.span.unwrap()), "${", "{prose}");
    }
}

#[test]
fn many_problems_in_one_file_stay_diagnostics() {
    // Every kind of mistake at once, several times: no panic, sane spans.
    let text = r#"policy cookie "T" {
  id = "not an id!"
  idd = 3
  effective = 2024-02-30
  updated = 2023-13-01
  profiles = [gdpr, ccpaa]
  numbering = "i."
  org { nam = "x" }
  org { name = "y" }
  contact { officer dpo { } officer dpo { } }
  term A = "\u{d800}"
  term A = "b"
  section usse "S" { id = "s" section "S" { id = "s" org { } } }
  text "${} ${ a b } ${org.nope} ${Nope} $${ok} [x](javascript:1)"
  toc { depth = 0 }
  last-updated
}
"#;
    let (_, compiled, _) = exercise("many.policy", text);
    assert!(
        compiled.diagnostics.len() >= 5,
        "{:#?}",
        compiled.diagnostics
    );
}

// ---------------------------------------------------------------------------
// Script in prose and in facts.
// ---------------------------------------------------------------------------

/// Prose that tries to smuggle script into a page.
const SCRIPT_PROSE: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "Hello <scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<div onclick=\"alert(1)\">click</div>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<A HREF='JaVaScRiPt:alert(1)'>x</A>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1) \"title\")",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](java\tscript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,x>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)> \"t\"",
    "[x]\n\n[x]: &#106;avascript:alert(1)",
    "[x](javascript:alert`1`)",
    "[x](javascript://%0Aalert(1))",
    "| a |\n| - |\n| [x](javascript:alert(1)) |",
    "> [x](javascript:alert(1))",
    "* [x](javascript:alert(1))",
    "[x](https://ok.example \"a\") [y](javascript:alert(1))",
];

fn prose_policy(prose: &str) -> String {
    let indented: String = prose.lines().map(|l| format!("    {l}\n")).collect();
    format!("policy terms \"T\" {{\n  id = \"xss\"\n  text \"\"\"\n{indented}    \"\"\"\n}}\n")
}

#[test]
fn script_in_prose_never_reaches_the_html_page() {
    for prose in SCRIPT_PROSE {
        // `exercise` checks every compiled page with `assert_html_is_script_free`.
        let (_, compiled, outputs) = exercise("xss.policy", &prose_policy(prose));
        if let Some(outputs) = outputs {
            let html = outputs.html.to_ascii_lowercase();
            assert!(!html.contains("<script"), "{prose}");
            assert!(!html.contains("href=\"javascript"), "{prose}");
        } else {
            assert!(
                compiled
                    .diagnostics
                    .iter()
                    .all(|d| d.code == Code::UnsafeLink),
                "{prose}: {:#?}",
                compiled.diagnostics
            );
        }
    }
}

/// Script links written the ways CommonMark and HTML allow, each refused
/// with E0307.
const REFUSED_LINKS: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](  javascript:alert(1) \"title\")",
    "[x](<javascript:alert(1)>)",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java&#x09;script:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "<javascript:alert(1)>",
    "<JAVASCRIPT:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,x>",
    "[x][r]\n\n[r]: javascript:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)> \"t\"",
    "[x]\n\n[x]: &#106;avascript:alert(1)",
    "[x](javascript:alert`1`)",
    "| a |\n| - |\n| [x](javascript:alert(1)) |",
    "> [x](javascript:alert(1))",
    "* [x](javascript:alert(1))",
    "[x](https://ok.example \"a\") [y](javascript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href=javascript:alert(1)>x</a>",
    "<a title=x href=\"javascript:alert(1)\">x</a>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
];

#[test]
fn script_links_in_prose_are_refused() {
    for prose in REFUSED_LINKS {
        let (_, compiled, _) = exercise("link.policy", &prose_policy(prose));
        assert!(
            compiled.policy.is_none() && codes(&compiled).contains(&"E0307"),
            "{prose}: {:#?}",
            compiled.diagnostics
        );
    }
}

/// Regression: only lower-case `href=`/`src=` without spaces or character
/// references used to be refused.
#[test]
fn script_urls_in_raw_html_are_refused() {
    for prose in [
        "<A HREF=\"JaVaScRiPt:alert(1)\">x</A>",
        "<a href = \"javascript:alert(1)\">x</a>",
        "<a href=\"&#106;avascript:alert(1)\">x</a>",
        "<a href=\"java&#x09;script:alert(1)\">x</a>",
        "<a href=\"javascript&colon;alert(1)\">x</a>",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<object data=\"javascript:alert(1)\"></object>",
    ] {
        let (_, compiled, _) = exercise("link.policy", &prose_policy(prose));
        assert!(
            compiled.policy.is_none() && codes(&compiled).contains(&"E0307"),
            "{prose}: {:#?}",
            compiled.diagnostics
        );
    }
}

/// Regression: the Markdown output used to carry raw HTML from prose
/// verbatim, for a static-site generator to serve.
#[test]
fn script_in_prose_never_reaches_the_markdown_output() {
    for prose in SCRIPT_PROSE {
        if let (_, _, Some(outputs)) = exercise("xss.policy", &prose_policy(prose)) {
            assert_markdown_is_script_free(&outputs.markdown);
        }
    }
}

/// Facts whose values try to become links or markup.
fn policy_with_facts(org: &str, contact: &str, term: &str) -> String {
    let name = if org.contains("name =") {
        ""
    } else {
        "name = \"Acme\""
    };
    format!(
        "policy terms \"T\" {{\n  id = \"facts\"\n  org {{ {name} {org} }}\n  contact {{ email = \"a@b.example\" {contact} }}\n  term Evil = \"{term}\"\n  text \"See ${{Evil}}.\"\n  contact-block\n}}\n"
    )
}

#[test]
fn script_in_facts_never_reaches_any_output() {
    // Character references in URLs: `character_references_in_fact_urls_…`.
    let evil = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[x](javascript:alert(1))",
        "x\\\" onmouseover=\\\"alert(1)",
    ];
    for value in evil {
        for (org, contact, term) in [
            (
                format!("website = \"{value}\""),
                String::new(),
                "t".to_string(),
            ),
            (
                format!("address = \"{value}\""),
                format!("url = \"{value}\""),
                value.to_string(),
            ),
            (
                format!("name = \"{value}\""),
                format!(
                    "phone = \"{value}\" officer dpo {{ name = \"{value}\" url = \"{value}\" email = \"{value}\" }}"
                ),
                value.to_string(),
            ),
        ] {
            let text = policy_with_facts(&org, &contact, &term);
            // `exercise` checks the page with `assert_html_is_script_free`.
            let (_, compiled, _) = exercise("facts.policy", &text);
            // Script in a web address is an unsafe link; in an email or a
            // phone, a value of the wrong form (issue 15).
            assert!(
                compiled
                    .diagnostics
                    .iter()
                    .all(|d| matches!(d.code, Code::UnsafeLink | Code::InvalidValue)),
                "{text}: {:#?}",
                compiled.diagnostics
            );
        }
    }
}

/// Regression: `website = "&#106;avascript:alert(1)"` compiled, and the
/// Markdown output linked to `<&#106;avascript:…>`, which CommonMark
/// decodes to `javascript:`.
#[test]
fn character_references_in_fact_urls_are_refused_or_inert() {
    for value in [
        "&#106;avascript:alert(1)",
        "&#x6A;avascript:alert(1)",
        "&#0000106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "java&#9;script:alert(1)",
        "java&Tab;script:alert(1)",
        "&#118;bscript:msgbox(1)",
        "&#100;ata:text/html,x",
    ] {
        for (org, contact) in [
            (format!("website = \"{value}\""), String::new()),
            (String::new(), format!("url = \"{value}\"")),
            (
                String::new(),
                format!("officer dpo {{ name = \"D\" url = \"{value}\" }}"),
            ),
        ] {
            // `exercise` checks the page and the Markdown output.
            exercise("facts.policy", &policy_with_facts(&org, &contact, "t"));
        }
    }
}

/// Regression: a `javascript:` website became a Markdown autolink, and a
/// `data:` URL carried raw HTML.
#[test]
fn script_in_facts_never_reaches_the_markdown_output() {
    for value in [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
    ] {
        for (org, contact) in [
            (format!("website = \"{value}\""), String::new()),
            (String::new(), format!("url = \"{value}\"")),
            (
                String::new(),
                format!("officer dpo {{ name = \"D\" url = \"{value}\" }}"),
            ),
        ] {
            let text = policy_with_facts(&org, &contact, "t");
            match exercise("facts.policy", &text) {
                (_, _, Some(outputs)) => assert_markdown_is_script_free(&outputs.markdown),
                (_, compiled, None) => assert!(
                    codes(&compiled).contains(&"E0307"),
                    "{text}: {:#?}",
                    compiled.diagnostics
                ),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Regressions: work that grew with the square of the input. Each case is
// at most 2 MB and takes a linear compiler a few seconds at most in a debug
// build; the watchdog fails the test instead of letting it run for minutes.
// ---------------------------------------------------------------------------

/// Regression: anchors were found by trying `-2`, `-3`, … from the start for
/// every section: 20,000 sections titled alike (700 kB) took minutes.
#[test]
fn many_sections_with_one_title_compile_quickly() {
    let mut text = String::from("policy terms \"T\" {\n  id = \"same\"\n");
    for _ in 0..20_000 {
        text.push_str("  section \"Same\" { text \"Body.\" }\n");
    }
    text.push_str("}\n");
    within(30, "20,000 sections titled alike", move || {
        policyc::compile(&SourceFile::new("same.policy", text))
            .policy
            .is_some()
    });
}

/// Regression: the delimiter scan searched back to the line start for every
/// brace, quadratic on one long line.
#[test]
fn a_policy_on_one_line_compiles_quickly() {
    // About 5 s in a debug build (parsing); the quadratic scan added 40 s.
    let mut text = String::from("policy terms \"T\" { id = \"one-line\" ");
    for i in 0..70_000 {
        text.push_str(&format!("section \"S{i}\" {{ text \"B\" }} "));
    }
    text.push('}');
    within(20, "70,000 sections on one 1.9 MB line", move || {
        policyc::compile(&SourceFile::new("one-line.policy", text))
            .policy
            .is_some()
    });
}

/// Regression: every unclosed `${` searched to the end of its line.
#[test]
fn unclosed_references_on_one_line_compile_quickly() {
    let text = format!(
        "policy terms \"T\" {{\n  id = \"r\"\n  text \"\"\"\n{}\n  \"\"\"\n}}\n",
        "${".repeat(200_000)
    );
    within(30, "200,000 unclosed `${` on one line", move || {
        policyc::compile(&SourceFile::new("refs.policy", text))
            .diagnostics
            .len()
    });
}

/// Regression: diagnostics were unbounded and each showed its whole line:
/// 5,000 `${` on one 10 kB line made an 80 MB report (20,000: 1.2 GB).
#[test]
fn the_report_stays_proportionate_to_the_input() {
    let text = format!(
        "policy terms \"T\" {{\n  id = \"r\"\n  text \"\"\"\n{}\n  \"\"\"\n}}\n",
        "${".repeat(5_000)
    );
    let len = text.len();
    let out = within(60, "formatting 5,000 diagnostics", move || {
        let file = SourceFile::new("refs.policy", text);
        let compiled = policyc::compile(&file);
        report::format(&file, &compiled.diagnostics, MessageFormat::Human, false).len()
    });
    assert!(
        out < 100 * len,
        "a {len}-byte file gives a {out}-byte report"
    );
}

/// Regression: each unknown reference compared itself with every name and
/// counted its column from the line start: 20,000 of each took minutes.
/// (10,000 of each take about 3 s in a debug build now.)
#[test]
fn many_unknown_references_are_reported_quickly() {
    let mut text = String::from("policy terms \"T\" {\n  id = \"u\"\n");
    for i in 0..10_000 {
        text.push_str(&format!("  term T{i} = \"v\"\n"));
    }
    text.push_str(&format!(
        "  text \"\"\"\n{}\n  \"\"\"\n}}\n",
        "${x} ".repeat(10_000)
    ));
    within(
        30,
        "10,000 unknown references among 10,000 terms",
        move || {
            let file = SourceFile::new("unknown.policy", text);
            let compiled = policyc::compile(&file);
            report::format(&file, &compiled.diagnostics, MessageFormat::Json, false).len()
        },
    );
}

/// Regression (issue 7, defect 4): each script link was compared with every
/// one found before it: 80,000 `<javascript:N>` links (1.5 MB) took 14.7 s
/// in a release build, 97 % of it in the link check.
#[test]
fn many_script_links_are_refused_quickly() {
    let links: String = (0..80_000).map(|i| format!("<javascript:{i}> ")).collect();
    let text =
        format!("policy terms \"T\" {{\n  id = \"l\"\n  text \"\"\"\n  {links}\n  \"\"\"\n}}\n");
    // The links are indented as far as the closing quotes: each error now
    // points at its link, and an under-indented line would sort first.
    let compiled = within(60, "80,000 script links in one block", move || {
        policyc::compile(&SourceFile::new("links.policy", text))
    });
    assert!(compiled.policy.is_none());
    let unsafe_links = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::UnsafeLink)
        .count();
    assert_eq!(unsafe_links, policyc::diagnostic::MAX_PER_FILE);
}

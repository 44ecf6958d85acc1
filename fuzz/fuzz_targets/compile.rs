//! Arbitrary bytes → if UTF-8, compile, format the diagnostics every way
//! and, when the policy is valid, render every format. A panic, a hang
//! (libFuzzer's `-timeout`) or a runaway allocation (`-rss_limit_mb`) is a
//! bug, and so is any of the properties asserted below failing.

#![no_main]

use libfuzzer_sys::fuzz_target;
use policyc::render::html::HtmlRenderer;
use policyc::export::json;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::report::{self, MessageFormat};
use policyc::source::SourceFile;
use std::sync::OnceLock;

static HTML: OnceLock<Option<HtmlRenderer>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile::new("fuzz.policy", text);
    let compiled = policyc::compile(&file);

    // Every span lies inside the text, on character boundaries.
    let len = file.text.len();
    for d in &compiled.diagnostics {
        let spans = d.span.into_iter().chain(d.related.iter().map(|l| l.span));
        for s in spans {
            assert!(
                s.start <= s.end
                    && s.end <= len
                    && file.text.is_char_boundary(s.start)
                    && file.text.is_char_boundary(s.end),
                "bad span {s:?} in {d:?}"
            );
        }
    }
    assert!(compiled.diagnostics.len() <= policyc::diagnostic::MAX_PER_FILE + 1);
    for format in [
        MessageFormat::Human,
        MessageFormat::Json,
        MessageFormat::Github,
    ] {
        let _ = report::format(&file, &compiled.diagnostics, format, false);
    }

    // A valid policy renders in every format, and no output carries script.
    let Some(policy) = &compiled.policy else {
        return;
    };
    if let Some(html) = HTML.get_or_init(|| HtmlRenderer::new().ok()) {
        match html.render(policy) {
            Ok(page) => assert_no_script("HTML page", &page),
            Err(e) => panic!("a valid policy failed to render to HTML: {e}"),
        }
    }
    match markdown::render(policy, MarkdownOptions { front_matter: true }) {
        Ok(text) => assert_no_script("Markdown output", &markdown_to_html(&text)),
        Err(e) => panic!("a valid policy failed to render to Markdown: {e}"),
    }
    match json::render(policy) {
        Ok(text) => assert!(text.ends_with("}\n"), "the JSON is cut short"),
        Err(e) => panic!("a valid policy failed to render to JSON: {e}"),
    }
});

/// The Markdown as a static-site generator renders it: raw HTML passes,
/// the YAML front matter is skipped.
fn markdown_to_html(markdown: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// A quick check for script in HTML: in every start tag (text content has
/// its `<` escaped, so a `<` before a letter opens a real tag), no script
/// element, event handler or script URL. `tests/robustness.rs` has the
/// thorough check (character references decoded, more attributes).
fn assert_no_script(what: &str, html: &str) {
    let lower = html.to_ascii_lowercase();
    let mut chars = lower.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' || !chars.peek().is_some_and(char::is_ascii_alphabetic) {
            continue;
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '>' || c == '/' {
                break;
            }
            name.push(c);
            chars.next();
        }
        assert!(
            !matches!(
                name.as_str(),
                "script" | "iframe" | "object" | "embed" | "svg" | "math" | "base"
            ),
            "the {what} carries a <{name}> element"
        );
        // Attributes, up to the end of the tag.
        loop {
            while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
            if chars.next_if_eq(&'>').is_some() || chars.peek().is_none() {
                break;
            }
            let mut key = String::new();
            while let Some(c) = chars.next_if(|c| !(c.is_whitespace() || "=>/".contains(*c))) {
                key.push(c);
            }
            if key.is_empty() {
                chars.next();
                continue;
            }
            let mut value = String::new();
            if chars.next_if_eq(&'=').is_some() {
                match chars.next_if(|c| *c == '"' || *c == '\'') {
                    Some(quote) => {
                        for c in chars.by_ref() {
                            if c == quote {
                                break;
                            }
                            value.push(c);
                        }
                    }
                    None => {
                        while let Some(c) = chars.next_if(|c| !(c.is_whitespace() || *c == '>')) {
                            value.push(c);
                        }
                    }
                }
            }
            assert!(
                !key.starts_with("on"),
                "the {what} carries an event handler `{key}` on <{name}>"
            );
            let is_url = matches!(
                key.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "data" | "poster"
            );
            let value: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                !is_url
                    || !["javascript:", "vbscript:", "data:text"]
                        .iter()
                        .any(|s| value.starts_with(s)),
                "the {what} carries <{name} {key}=\"{value}\">"
            );
        }
    }
}

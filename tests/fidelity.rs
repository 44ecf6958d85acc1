//! Text fidelity: the three real policies in `policies/` must render word for
//! word like the documents they encode, whose copies are in
//! `tests/fixtures/reference/`.
//!
//! Both sides become word sequences: YAML front matter, Markdown markup, HTML
//! tags (and, in HTML, everything outside `<body>`, `<script>`, `<style>`,
//! `<template>`, `<noscript>` and usually `<nav>`), list markers and tokens
//! without a letter or digit are dropped; case, spelling and the punctuation
//! attached to words are kept. The two sequences are aligned (a longest common
//! subsequence, by `similar`'s Myers diff):
//!
//! - recall = reference words found, in order, in the output;
//! - precision = output words found, in order, in the reference.
//!
//! This mirrors `fidelity.py` (the project's reference tool, which is not needed
//! here: the test is self-contained). Set `FIDELITY_OUT=DIR` to also write the
//! outputs this test renders (`DIR/NAME.html`, `DIR/NAME.md`) for inspection.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::compile;
use policyc::driver::read_source;
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::report::{self, MessageFormat};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every reference word must appear in the output, bar one in 200.
const MIN_RECALL: f64 = 0.995;
/// Output words not in the reference (headings added, tables of contents…):
/// at most one in 50.
const MIN_PRECISION: f64 = 0.98;
/// How many of the largest differing runs a failure shows.
const SHOW: usize = 5;

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

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => universal_newlines(&text),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

/// Line ends as Python's text files read them: `\r\n` and `\r` become `\n`.
fn universal_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
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

/// The words of a reference document: Markdown when its name ends in `.md`,
/// plain text otherwise; front matter is left out either way.
fn reference_words(text: &str, name: &str) -> Vec<String> {
    if name.ends_with(".md") {
        words(&markdown_text(text))
    } else {
        words(strip_front_matter(text))
    }
}

// ---------------------------------------------------------------------------
// The metric

/// How well one word sequence covers another.
#[derive(Debug)]
struct Score {
    ref_words: usize,
    out_words: usize,
    matched: usize,
    ops: Vec<DiffOp>,
}

impl Score {
    fn recall(&self) -> f64 {
        self.matched as f64 / self.ref_words.max(1) as f64
    }

    fn precision(&self) -> f64 {
        self.matched as f64 / self.out_words.max(1) as f64
    }

    fn passes(&self) -> bool {
        self.recall() >= MIN_RECALL && self.precision() >= MIN_PRECISION
    }

    fn summary(&self) -> String {
        format!(
            "recall={:.4} precision={:.4} ref_words={} out_words={} matched={} {}",
            self.recall(),
            self.precision(),
            self.ref_words,
            self.out_words,
            self.matched,
            if self.passes() { "ok" } else { "BELOW" }
        )
    }

    /// The `n` largest differing runs, as `fidelity.py` prints them.
    fn runs(&self, reference: &[String], output: &[String], n: usize) -> String {
        let mut diffs: Vec<_> = self
            .ops
            .iter()
            .map(DiffOp::as_tag_tuple)
            .filter(|(tag, _, _)| *tag != similar::DiffTag::Equal)
            .collect();
        diffs.sort_by_key(|(_, r, o)| std::cmp::Reverse(r.len().max(o.len())));
        let mut text = String::new();
        for (tag, r, o) in diffs.into_iter().take(n) {
            let tag = format!("{tag:?}").to_lowercase();
            let _ = writeln!(
                text,
                "  {tag:7} ref[{}:{}] {:?}",
                r.start,
                r.end,
                clip(&reference[r.clone()].join(" "))
            );
            let _ = writeln!(
                text,
                "          out[{}:{}] {:?}",
                o.start,
                o.end,
                clip(&output[o.clone()].join(" "))
            );
        }
        text
    }
}

fn clip(text: &str) -> String {
    text.chars().take(150).collect()
}

/// Aligns the two sequences and counts the words they share in order.
fn score(reference: &[String], output: &[String]) -> Score {
    let ops = capture_diff_slices(Algorithm::RawMyers, reference, output);
    let matched = ops
        .iter()
        .map(|op| match op {
            DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    Score {
        ref_words: reference.len(),
        out_words: output.len(),
        matched,
        ops,
    }
}

/// Splits text into the words that count: no-break spaces are spaces, and
/// list markers (`1.`, `-`, `•`, `(iv)`, `a)`) and tokens without a letter
/// or digit are dropped.
fn words(text: &str) -> Vec<String> {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .filter(|tok| !is_list_marker(tok) && tok.chars().any(is_alphanumeric))
        .map(str::to_string)
        .collect()
}

/// A letter or digit as Python's `str.isalnum` sees it: Rust's
/// `is_alphanumeric` also counts enclosed letters (Ⓐ, ⓘ, 🅰), symbols to Python.
fn is_alphanumeric(c: char) -> bool {
    c.is_alphanumeric()
        && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F149}' | '\u{1F150}'..='\u{1F169}' | '\u{1F170}'..='\u{1F189}')
}

/// `^(\d+[.)]|[•·▪◦\-*+]|\(?[ivxlc]+\)|\(?[a-z]\))$`
fn is_list_marker(tok: &str) -> bool {
    let chars: Vec<char> = tok.chars().collect();
    let n = chars.len();
    if n == 1 {
        return matches!(chars[0], '•' | '·' | '▪' | '◦' | '-' | '*' | '+');
    }
    if n >= 2
        && matches!(chars[n - 1], '.' | ')')
        && chars[..n - 1].iter().all(char::is_ascii_digit)
    {
        return true;
    }
    if n >= 2 && chars[n - 1] == ')' {
        let inner = if chars[0] == '(' {
            &chars[1..n - 1]
        } else {
            &chars[..n - 1]
        };
        if !inner.is_empty()
            && inner
                .iter()
                .all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c'))
        {
            return true;
        }
        if inner.len() == 1 && inner[0].is_ascii_lowercase() {
            return true;
        }
    }
    false
}

// ---------------------------------------------------------------------------
// Plain text and Markdown

/// `\A---\n.*?\n---\n`: a YAML block at the very start.
fn strip_front_matter(text: &str) -> &str {
    if let Some(rest) = text.strip_prefix("---\n") {
        if let Some(end) = rest.find("\n---\n") {
            return &rest[end + 5..];
        }
    }
    text
}

/// The text of a Markdown document, its markup stripped the way
/// `fidelity.py` does (a handful of regular expressions, applied in order,
/// not a CommonMark parse).
fn markdown_text(src: &str) -> String {
    let s = strip_front_matter(src);
    let s = strip_comments(s);
    let s = strip_links(&s);
    let s = strip_autolinks(&s);
    let s = strip_heading_and_quote_markers(&s);
    let s = strip_list_markers(&s);
    let s = strip_emphasis(&s);
    strip_escapes(&s)
}

/// `<!--.*?-->` → a space.
fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("<!--") {
        let Some(len) = rest[start + 4..].find("-->") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = &rest[start + 4 + len + 3..];
    }
    out.push_str(rest);
    out
}

/// `!?\[([^\]]*)\]\([^)]*\)` → the bracketed text.
fn strip_links(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    // A link at `at` (pointing at `[`): (end of text, end of link).
    let link = |at: usize| -> Option<(usize, usize)> {
        if c.get(at) != Some(&'[') {
            return None;
        }
        let close = at + 1 + c[at + 1..].iter().position(|&ch| ch == ']')?;
        if c.get(close + 1) != Some(&'(') {
            return None;
        }
        let paren = close + 2 + c[close + 2..].iter().position(|&ch| ch == ')')?;
        Some((close, paren + 1))
    };
    while i < c.len() {
        let start = if c[i] == '!' && link(i + 1).is_some() {
            i + 1
        } else {
            i
        };
        if let Some((close, end)) = link(start) {
            out.extend(&c[start + 1..close]);
            i = end;
        } else {
            out.push(c[i]);
            i += 1;
        }
    }
    out
}

/// `<(https?://[^>]+)>` → the address.
fn strip_autolinks(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let scheme = ["http://", "https://"]
            .into_iter()
            .find(|p| after.starts_with(p));
        let close = after.find('>');
        match (scheme, close) {
            (Some(p), Some(close)) if close > p.len() => {
                out.push_str(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Applies `(?m)^…` patterns: `matcher` gets the text and a line-start
/// position and returns where its match ends; matches are removed.
fn strip_at_line_starts(s: &str, matcher: impl Fn(&[char], usize) -> Option<usize>) -> String {
    let c: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < c.len() {
        if i == 0 || c[i - 1] == '\n' {
            if let Some(end) = matcher(&c, i) {
                i = end;
                continue;
            }
        }
        out.push(c[i]);
        i += 1;
    }
    out
}

/// `(?m)^\s{0,3}(#{1,6}|>+)\s*` → nothing.
fn strip_heading_and_quote_markers(s: &str) -> String {
    strip_at_line_starts(s, |c, start| {
        let mut i = start;
        while i < c.len() && i - start < 3 && c[i].is_whitespace() {
            i += 1;
        }
        let marker = *c.get(i)?;
        if marker != '#' && marker != '>' {
            return None;
        }
        let first = i;
        while i < c.len() && c[i] == marker && (marker == '>' || i - first < 6) {
            i += 1;
        }
        while i < c.len() && c[i].is_whitespace() {
            i += 1;
        }
        Some(i)
    })
}

/// `(?m)^\s*([-*+]|\d+[.)])\s+(?=\S)` → nothing.
fn strip_list_markers(s: &str) -> String {
    strip_at_line_starts(s, |c, start| {
        let mut i = start;
        while i < c.len() && c[i].is_whitespace() {
            i += 1;
        }
        match *c.get(i)? {
            '-' | '*' | '+' => i += 1,
            d if d.is_ascii_digit() => {
                while i < c.len() && c[i].is_ascii_digit() {
                    i += 1;
                }
                if !matches!(c.get(i), Some('.' | ')')) {
                    return None;
                }
                i += 1;
            }
            _ => return None,
        }
        let spaces = i;
        while i < c.len() && c[i].is_whitespace() {
            i += 1;
        }
        (i > spaces && i < c.len()).then_some(i)
    })
}

/// `(\*\*|__|\*|`)` → nothing: every `*` and backtick, and `_` in pairs.
fn strip_emphasis(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '*' | '`' => {}
            '_' if chars.peek() == Some(&'_') => {
                chars.next();
            }
            _ => out.push(ch),
        }
    }
    out
}

/// `\\([\\`*_{}\[\]()#+\-.!|<>~"'$&])` → the escaped character.
fn strip_escapes(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\\' {
            if let Some(&next) = chars.peek() {
                if "\\`*_{}[]()#+-.!|<>~\"'$&".contains(next) {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(ch);
    }
    out
}

// ---------------------------------------------------------------------------
// HTML

/// Elements that break words: their tags read as spaces.
const BLOCK: &[&str] = &[
    "p",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "br",
    "tr",
    "td",
    "th",
    "dt",
    "dd",
    "dl",
    "table",
    "blockquote",
    "pre",
    "hr",
    "title",
    "aside",
    "figure",
    "figcaption",
];
/// Elements whose text is not part of the document (`nav` unless kept).
const SKIP: &[&str] = &["script", "style", "nav", "head", "template", "noscript"];

/// The text of `<body>` (the whole input when there is none).
fn html_text(src: &str, keep_nav: bool) -> String {
    let lower = src.to_ascii_lowercase();
    let body = lower.find("<body").and_then(|open| {
        let start = open + lower[open..].find('>')? + 1;
        let end = lower.rfind("</body>").filter(|&end| end >= start)?;
        Some(&src[start..end])
    });
    let skipped = |name: &str| SKIP.contains(&name) && !(keep_nav && name == "nav");
    let src = body.unwrap_or(src);
    let mut out = String::new();
    let mut depth = 0usize; // inside how many skipped elements
    let mut rest = src;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            if depth == 0 {
                out.push_str(&decode_entities(rest));
            }
            break;
        };
        if depth == 0 {
            out.push_str(&decode_entities(&rest[..lt]));
        }
        rest = &rest[lt..];
        let Some(tag) = scan_tag(rest) else {
            // A `<` that opens no tag is text.
            if depth == 0 {
                out.push('<');
            }
            rest = &rest[1..];
            continue;
        };
        rest = &rest[tag.len..];
        let Some(name) = tag.name else { continue }; // a comment or declaration
        if tag.self_closing {
            if BLOCK.contains(&name.as_str()) {
                out.push(' ');
            }
        } else if skipped(&name) {
            if tag.closing {
                depth = depth.saturating_sub(1);
            } else {
                depth += 1;
            }
        } else if BLOCK.contains(&name.as_str()) {
            out.push(' ');
        }
        // The content of <script> and <style> is raw text, up to its end tag.
        if !tag.closing && !tag.self_closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let end = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
            if depth == 0 {
                out.push_str(&rest[..end]);
            }
            rest = &rest[end..];
        }
    }
    out
}

/// One markup item at the start of the text.
struct Tag {
    /// Lowercase element name; `None` for comments, doctypes and
    /// processing instructions.
    name: Option<String>,
    closing: bool,
    self_closing: bool,
    /// Bytes taken.
    len: usize,
}

/// Reads the tag, comment or declaration `s` starts with, if any.
fn scan_tag(s: &str) -> Option<Tag> {
    let b = s.as_bytes();
    if let Some(comment) = s.strip_prefix("<!--") {
        let len = comment.find("-->").map_or(s.len(), |e| 4 + e + 3);
        return Some(Tag {
            name: None,
            closing: false,
            self_closing: false,
            len,
        });
    }
    if s.starts_with("<!") || s.starts_with("<?") {
        let len = s.find('>').map_or(s.len(), |e| e + 1);
        return Some(Tag {
            name: None,
            closing: false,
            self_closing: false,
            len,
        });
    }
    let closing = b.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_end = name_start
        + s[name_start..]
            .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>' || c == '\0')
            .unwrap_or(s.len() - name_start);
    let name = s[name_start..name_end].to_ascii_lowercase();
    // Find the closing `>`, stepping over quoted attribute values.
    let mut quote = None;
    let mut end = None;
    for (i, ch) in s[name_end..].char_indices() {
        match (quote, ch) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(ch),
            (None, '>') => {
                end = Some(name_end + i);
                break;
            }
            _ => {}
        }
    }
    let end = end?;
    let self_closing = !closing && s[..end].ends_with('/');
    Some(Tag {
        name: Some(name),
        closing,
        self_closing,
        len: end + 1,
    })
}

/// Decodes character references: numeric ones and the named ones HTML
/// renderers produce.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        match decode_one(rest) {
            Some((ch, len)) => {
                out.push_str(&ch);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of U+00A0 to U+00FF, in order.
const LATIN1: [&str; 96] = [
    "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
    "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
    "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
    "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute",
    "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute",
    "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute",
    "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
    "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
    "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc",
    "uuml", "yacute", "thorn", "yuml",
];

/// The reference `s` starts with (`&…`): its text and length in bytes.
fn decode_one(s: &str) -> Option<(String, usize)> {
    if let Some(num) = s.strip_prefix("&#") {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (num, 10, 2),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if len == 0 {
            return None;
        }
        let code = u32::from_str_radix(&digits[..len], radix).unwrap_or(0xFFFD);
        let ch = match code {
            0 => '\u{FFFD}',
            _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
        };
        let semi = usize::from(digits[len..].starts_with(';'));
        return Some((ch.to_string(), skip + len + semi));
    }
    let name_len = s[1..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len() - 1);
    let name = &s[1..1 + name_len];
    let has_semi = s[1 + name_len..].starts_with(';');
    let text = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "nbsp" => "\u{a0}",
        "copy" => "©",
        "reg" => "®",
        _ if !has_semi => return None,
        "apos" => "'",
        "lsaquo" => "‹",
        "rsaquo" => "›",
        "le" => "≤",
        "ge" => "≥",
        "ne" => "≠",
        "minus" => "−",
        "larr" => "←",
        "rarr" => "→",
        "trade" => "™",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "bull" => "•",
        "euro" => "€",
        "ensp" => "\u{2002}",
        "emsp" => "\u{2003}",
        "thinsp" => "\u{2009}",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        _ => {
            // Latin-1: &nbsp; (U+00A0) to &yuml; (U+00FF).
            let at = LATIN1.iter().position(|&n| n == name)?;
            return Some((
                char::from_u32(0xA0 + at as u32)?.to_string(),
                1 + name_len + 1,
            ));
        }
    };
    Some((text.to_string(), 1 + name_len + usize::from(has_semi)))
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

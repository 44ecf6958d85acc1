//! The text-fidelity metric, shared by the tests that compare rendered
//! policies with the documents they encode (`tests/fidelity.rs`) and with
//! the documents they were imported from (`tests/import.rs`).
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
//! This mirrors `fidelity.py` (the project's reference tool, which is not
//! needed here: the tests are self-contained).

#![allow(dead_code)]

use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Every reference word must appear in the output, bar one in 200.
pub const MIN_RECALL: f64 = 0.995;
/// Output words not in the reference (headings added, tables of contents…):
/// at most one in 50.
pub const MIN_PRECISION: f64 = 0.98;
/// How many of the largest differing runs a failure shows.
pub const SHOW: usize = 5;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn read(path: &Path) -> String {
    match std::fs::read_to_string(path) {
        Ok(text) => universal_newlines(&text),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

/// Line ends as Python's text files read them: `\r\n` and `\r` become `\n`.
pub fn universal_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// The words of a reference document: Markdown when its name ends in `.md`,
/// plain text otherwise; front matter is left out either way.
pub fn reference_words(text: &str, name: &str) -> Vec<String> {
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
pub struct Score {
    pub ref_words: usize,
    pub out_words: usize,
    pub matched: usize,
    pub ops: Vec<DiffOp>,
}

impl Score {
    pub fn recall(&self) -> f64 {
        self.matched as f64 / self.ref_words.max(1) as f64
    }

    pub fn precision(&self) -> f64 {
        self.matched as f64 / self.out_words.max(1) as f64
    }

    /// Whether both figures reach the project's bars for the bundled
    /// policies.
    pub fn passes(&self) -> bool {
        self.passes_at(MIN_RECALL, MIN_PRECISION)
    }

    /// Whether both figures reach the given bars.
    pub fn passes_at(&self, recall: f64, precision: f64) -> bool {
        self.recall() >= recall && self.precision() >= precision
    }

    pub fn summary(&self) -> String {
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
    pub fn runs(&self, reference: &[String], output: &[String], n: usize) -> String {
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

pub fn clip(text: &str) -> String {
    text.chars().take(150).collect()
}

/// Aligns the two sequences and counts the words they share in order.
pub fn score(reference: &[String], output: &[String]) -> Score {
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
pub fn words(text: &str) -> Vec<String> {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .filter(|tok| !is_list_marker(tok) && tok.chars().any(is_alphanumeric))
        .map(str::to_string)
        .collect()
}

/// A letter or digit as Python's `str.isalnum` sees it: Rust's
/// `is_alphanumeric` also counts enclosed letters (Ⓐ, ⓘ, 🅰), symbols to Python.
pub fn is_alphanumeric(c: char) -> bool {
    c.is_alphanumeric()
        && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F149}' | '\u{1F150}'..='\u{1F169}' | '\u{1F170}'..='\u{1F189}')
}

/// `^(\d+[.)]|[•·▪◦\-*+]|\(?[ivxlc]+\)|\(?[a-z]\))$`
pub fn is_list_marker(tok: &str) -> bool {
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
pub fn strip_front_matter(text: &str) -> &str {
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
pub fn markdown_text(src: &str) -> String {
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
pub fn strip_comments(s: &str) -> String {
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
pub fn strip_links(s: &str) -> String {
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
pub fn strip_autolinks(s: &str) -> String {
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
pub fn strip_at_line_starts(s: &str, matcher: impl Fn(&[char], usize) -> Option<usize>) -> String {
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
pub fn strip_heading_and_quote_markers(s: &str) -> String {
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
pub fn strip_list_markers(s: &str) -> String {
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
pub fn strip_emphasis(s: &str) -> String {
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
pub fn strip_escapes(s: &str) -> String {
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
pub const BLOCK: &[&str] = &[
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
pub const SKIP: &[&str] = &["script", "style", "nav", "head", "template", "noscript"];

/// The text of `<body>` (the whole input when there is none).
pub fn html_text(src: &str, keep_nav: bool) -> String {
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
pub struct Tag {
    /// Lowercase element name; `None` for comments, doctypes and
    /// processing instructions.
    name: Option<String>,
    closing: bool,
    self_closing: bool,
    /// Bytes taken.
    len: usize,
}

/// Reads the tag, comment or declaration `s` starts with, if any.
pub fn scan_tag(s: &str) -> Option<Tag> {
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
pub fn decode_entities(s: &str) -> String {
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
pub const LATIN1: [&str; 96] = [
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
pub fn decode_one(s: &str) -> Option<(String, usize)> {
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

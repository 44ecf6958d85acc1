//! HTML → blocks, with html5ever's parser (through `scraper`): the page as
//! a browser builds it, however broken its markup. The content element is
//! read (`<main>`, a lone `<article>`, else `<body>`; see [`chrome`]), page
//! chrome and what is never shown left out; headings `<h1>`–`<h6>` become
//! sections, paragraphs and containers prose, `<ul>`/`<ol>` lists, `<table>`
//! GFM tables (the renderer reads tables), `<pre>` code, `<blockquote>`
//! quotations; inline markup as in [`inline`]. Addresses a site hid from
//! robots (`data-cfemail`) are decoded.

use super::Note;
use super::blocks::{Block, Clue, Document, Heading, Prose, Shape, TitleSource, split_number};
use super::chrome::{self, Chrome};
use super::escape;
use super::inline::{self, Inline};
use scraper::{ElementRef, Html, Node};
use std::collections::BTreeMap;

mod depth;
mod lists;

/// Elements that hold blocks, so that what is inside them is not one line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "address",
    "figure",
    "figcaption",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "li",
    "table",
    "pre",
    "blockquote",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "form",
    "fieldset",
    "center",
    "body",
    "html",
    "nav",
    "aside",
];

/// Reads an HTML page.
pub fn read(text: &str) -> Document {
    let (text, flattened) = depth::flatten(text);
    let page = Html::parse_document(&text);
    let (root, what) = chrome::content_root(&page);
    let mut reader = Reader {
        total: chrome::text_len(root),
        ..Reader::default()
    };
    if let Some(body) = page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
        .filter(|body| body.id() != root.id())
    {
        reader.survey(body, root);
    }
    reader.children(root);
    reader.flush();
    let mut document = Document {
        blocks: std::mem::take(&mut reader.blocks),
        ..Document::default()
    };
    document.take_title();
    if document.title.is_none() {
        document.title = page_title(&page);
    }
    document
        .notes
        .push(Note::info(format!("read the page's {what}")));
    reader.report(&mut document.notes);
    if flattened > 0 {
        document.notes.push(Note::warning(format!(
            "{flattened} elements nested more than {} deep were flattened into the one around them; check the text there",
            depth::MAX_NESTING
        )));
    }
    document
}

/// Reads a fragment of HTML (a block in Markdown).
pub fn fragment(html: &str) -> Vec<Block> {
    let page = Html::parse_fragment(&depth::flatten(html).0);
    let root = page.root_element();
    let mut reader = Reader {
        total: chrome::text_len(root),
        ..Reader::default()
    };
    reader.children(root);
    reader.flush();
    reader.blocks
}

/// An attribute of the first element of `html` (one tag, say).
pub fn attribute(html: &str, name: &str) -> Option<String> {
    let page = Html::parse_fragment(&depth::flatten(html).0);
    let element = page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .nth(1)?;
    element.value().attr(name).map(str::to_string)
}

/// Which link targets are kept (for inline HTML in Markdown too).
pub use super::inline::keeps_link;

/// The reader's state: blocks so far, the paragraph being gathered, and
/// what was left out.
#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    paragraph: Vec<Inline>,
    dropped: BTreeMap<Chrome, usize>,
    cookie_ids: Vec<String>,
    relative_links: usize,
    decoded: usize,
    total: usize,
    /// How many elements deep the walk is.
    depth: usize,
}

/// Below this many nested elements, a page's text is read flat: nesting
/// that deep is not a document's structure, and the walk must not
/// exhaust the stack.
const MAX_DEPTH: usize = 64;

impl Reader {
    fn children(&mut self, element: ElementRef<'_>) {
        for child in element.children() {
            match child.value() {
                Node::Text(text) => self.paragraph.push(Inline::Text(text.to_string())),
                Node::Element(_) => {
                    if let Some(e) = ElementRef::wrap(child) {
                        self.element(e);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, e: ElementRef<'_>) {
        if chrome::invisible(e) || self.is_chrome(e) {
            return;
        }
        if self.depth >= MAX_DEPTH {
            self.paragraph.push(Inline::Text(e.text().collect()));
            return;
        }
        self.depth += 1;
        self.element_within(e);
        self.depth -= 1;
    }

    fn element_within(&mut self, e: ElementRef<'_>) {
        let name = e.value().name();
        if !BLOCKS.contains(&name) && !has_blocks(e) {
            let inline = self.inline(e);
            self.paragraph.extend(inline);
            return;
        }
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading(e),
            "ul" | "ol" => {
                self.flush();
                let list = self.list(e);
                self.prose(list, Shape::Other);
            }
            "table" => {
                self.flush();
                self.table(e);
            }
            "pre" => {
                self.flush();
                let code: String = e.text().collect();
                let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat((longest + 1).max(3));
                let code = code.trim_matches('\n');
                self.push(
                    format!("{fence}\n{code}\n{fence}"),
                    code.to_string(),
                    Shape::Other,
                );
            }
            "blockquote" => {
                self.flush();
                let inner = self.nested(e);
                let quoted: Vec<String> = inner
                    .lines()
                    .map(|l| {
                        if l.is_empty() {
                            ">".to_string()
                        } else {
                            format!("> {l}")
                        }
                    })
                    .collect();
                self.prose(quoted.join("\n"), Shape::Other);
            }
            "hr" => {
                self.flush();
                self.push("---".to_string(), String::new(), Shape::Other);
            }
            "dt" => {
                self.flush();
                let inline = self.inline(e);
                self.paragraph.push(Inline::Strong(inline));
                self.flush();
            }
            _ => {
                self.flush();
                self.children(e);
                self.flush();
            }
        }
    }

    /// Counts the chrome around the content element, for the report: the
    /// elements beside it and beside each element holding it.
    fn survey(&mut self, e: ElementRef<'_>, root: ElementRef<'_>) {
        for child in e.child_elements() {
            if child.id() == root.id() || chrome::invisible(child) {
                continue;
            }
            if child.descendants().any(|d| d.id() == root.id()) {
                self.survey(child, root);
            } else {
                self.is_chrome(child);
            }
        }
    }

    /// Whether `e` is chrome; counted for the report when it is.
    fn is_chrome(&mut self, e: ElementRef<'_>) -> bool {
        let Some(kind) = chrome::chrome(e, self.total) else {
            return false;
        };
        *self.dropped.entry(kind).or_insert(0) += 1;
        if kind == Chrome::CookieBanner {
            if let Some(id) = e.value().attr("id") {
                self.cookie_ids.push(format!("#{id}"));
            }
        }
        true
    }

    /// The inline content of `e` (itself included).
    fn inline(&mut self, e: ElementRef<'_>) -> Vec<Inline> {
        if chrome::invisible(e) || self.is_chrome(e) {
            return Vec::new();
        }
        if self.depth >= MAX_DEPTH {
            return vec![Inline::Text(e.text().collect())];
        }
        self.depth += 1;
        let inline = self.inline_within(e);
        self.depth -= 1;
        inline
    }

    fn inline_within(&mut self, e: ElementRef<'_>) -> Vec<Inline> {
        if let Some(email) = e.value().attr("data-cfemail").and_then(decode_cf_email) {
            self.decoded += 1;
            return vec![Inline::Text(email)];
        }
        let mut children = Vec::new();
        for child in e.children() {
            match child.value() {
                Node::Text(text) => children.push(Inline::Text(text.to_string())),
                Node::Element(_) => {
                    if let Some(c) = ElementRef::wrap(child) {
                        children.extend(self.inline(c));
                    }
                }
                _ => {}
            }
        }
        match e.value().name() {
            "strong" | "b" => vec![Inline::Strong(children)],
            "em" | "i" | "cite" | "dfn" => vec![Inline::Emphasis(children)],
            "code" | "kbd" | "samp" | "tt" => vec![Inline::Code(inline::plain(&children))],
            "br" => vec![Inline::Break],
            "a" => match e.value().attr("href") {
                Some(href) if keeps_link(href) => {
                    vec![Inline::Link(href.trim().to_string(), children)]
                }
                Some(href) if !href.trim_start().starts_with('#') => {
                    self.relative_links += 1;
                    children
                }
                _ => children,
            },
            _ => children,
        }
    }

    fn heading(&mut self, e: ElementRef<'_>) {
        self.flush();
        let inline = self.inline(e);
        let text = inline::plain(&inline).replace('\n', " ");
        if text.is_empty() {
            return;
        }
        let level = e
            .value()
            .name()
            .trim_start_matches('h')
            .parse()
            .unwrap_or(2);
        let (number, title) = match split_number(&text) {
            Some((number, rest, _)) => (Some(number), rest),
            None => (None, text),
        };
        self.blocks.push(Block::Heading(Heading {
            level,
            title,
            number,
            clue: Clue::Markup,
            line: 0,
        }));
    }

    /// Ends the paragraph being gathered; a paragraph that is only bold
    /// text, short and not a sentence, is a heading below the last one.
    fn flush(&mut self) {
        let inlines = std::mem::take(&mut self.paragraph);
        // Two line breaks in a row (`<br><br>`) end a paragraph, as they
        // look.
        let mut part = Vec::new();
        let mut breaks = 0;
        for inline in inlines {
            match &inline {
                Inline::Break => breaks += 1,
                Inline::Text(t) if t.trim().is_empty() => {}
                _ => {
                    if breaks >= 2 {
                        self.paragraph_of(std::mem::take(&mut part));
                    }
                    breaks = 0;
                }
            }
            part.push(inline);
        }
        self.paragraph_of(part);
    }

    fn paragraph_of(&mut self, inlines: Vec<Inline>) {
        if let Some(title) = bold_title(&inlines) {
            let last = self.blocks.iter().rev().find_map(|b| match b {
                Block::Heading(h) => Some(h.level),
                Block::Prose(_) => None,
            });
            let level = last.map_or(2, |l| (l + 1).min(6));
            self.blocks.push(Block::Heading(Heading {
                level,
                title,
                number: None,
                clue: Clue::Markup,
                line: 0,
            }));
            return;
        }
        let plain = inline::plain(&inlines);
        let markdown = inline::markdown(&inlines, false);
        if markdown.is_empty() || plain.trim().is_empty() {
            return;
        }
        let short = !plain.contains('\n') && plain.chars().count() <= 80 && !plain.ends_with('.');
        let shape = if short { Shape::Line } else { Shape::Paragraph };
        self.push(markdown, plain, shape);
    }

    fn push(&mut self, markdown: String, plain: String, shape: Shape) {
        self.blocks.push(Block::Prose(Prose {
            markdown,
            plain,
            shape,
            line: 0,
        }));
    }

    /// Prose made of nested blocks: its plain text from the Markdown.
    fn prose(&mut self, markdown: String, shape: Shape) {
        if markdown.trim().is_empty() {
            return;
        }
        let plain = plain_of(&markdown);
        self.push(markdown, plain, shape);
    }

    /// The blocks inside `e` as one piece of CommonMark (headings in bold).
    fn nested(&mut self, e: ElementRef<'_>) -> String {
        let mut inner = Reader {
            total: self.total,
            depth: self.depth,
            ..Reader::default()
        };
        inner.children(e);
        inner.flush();
        self.absorb(&inner);
        let mut out = String::new();
        for block in inner.blocks {
            let text = match block {
                Block::Heading(h) => format!("**{}**", escape::markdown_inline(&h.title)),
                Block::Prose(p) => p.markdown,
            };
            if !out.is_empty() {
                // A list right after text nests in the same item, tightly.
                out.push_str(if starts_list(&text) { "\n" } else { "\n\n" });
            }
            out.push_str(&text);
        }
        out
    }

    fn absorb(&mut self, inner: &Reader) {
        for (kind, n) in &inner.dropped {
            *self.dropped.entry(*kind).or_insert(0) += n;
        }
        self.cookie_ids.extend(inner.cookie_ids.iter().cloned());
        self.relative_links += inner.relative_links;
        self.decoded += inner.decoded;
    }

    fn report(&self, notes: &mut Vec<Note>) {
        if !self.dropped.is_empty() {
            let parts: Vec<String> = self
                .dropped
                .iter()
                .map(|(kind, n)| {
                    let count = if *n == 1 {
                        String::new()
                    } else {
                        format!(" ×{n}")
                    };
                    let ids = if *kind == Chrome::CookieBanner && !self.cookie_ids.is_empty() {
                        format!(" ({})", self.cookie_ids.join(", "))
                    } else {
                        String::new()
                    };
                    format!("{}{count}{ids}", kind.describe())
                })
                .collect();
            notes.push(Note::info(format!(
                "left out page chrome: {}",
                parts.join(", ")
            )));
        }
        if self.relative_links > 0 {
            notes.push(Note::info(format!(
                "{} links to pages of the site itself kept as text (their addresses are relative)",
                self.relative_links
            )));
        }
        if self.decoded > 0 {
            let what = if self.decoded == 1 {
                "address"
            } else {
                "addresses"
            };
            notes.push(Note::info(format!(
                "{} email {what} the site had hidden from robots decoded",
                self.decoded
            )));
        }
    }
}

/// The text of a paragraph that is only bold, short and not a sentence.
fn bold_title(inlines: &[Inline]) -> Option<String> {
    let mut solid = inlines.iter().filter(|i| {
        !matches!(i, Inline::Break) && !matches!(i, Inline::Text(t) if t.trim().is_empty())
    });
    let (Some(Inline::Strong(inner)), None) = (solid.next(), solid.next()) else {
        return None;
    };
    let text = inline::plain(inner);
    let words = text.split_whitespace().count();
    (words > 0 && words <= 12 && !text.contains('\n') && !text.ends_with(['.', ',', ';', ':']))
        .then_some(text)
}

/// Whether an inline element holds block elements (a link around a card).
fn has_blocks(e: ElementRef<'_>) -> bool {
    e.descendants()
        .filter_map(ElementRef::wrap)
        .skip(1)
        .any(|d| BLOCKS.contains(&d.value().name()))
}

/// Whether CommonMark starts with a list item.
fn starts_list(markdown: &str) -> bool {
    let digits = markdown.chars().take_while(char::is_ascii_digit).count();
    markdown.starts_with("- ")
        || (digits > 0 && markdown.get(digits..).is_some_and(|r| r.starts_with(". ")))
}

/// The words of CommonMark made by this reader (for facts and the report).
fn plain_of(markdown: &str) -> String {
    let mut out = String::new();
    for event in pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => out.push_str(&t),
            pulldown_cmark::Event::SoftBreak => out.push(' '),
            pulldown_cmark::Event::HardBreak | pulldown_cmark::Event::End(_)
                if !out.ends_with('\n') =>
            {
                out.push('\n');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// The page's `<title>`, without the site's name after a separator.
fn page_title(page: &Html) -> Option<(String, TitleSource)> {
    let title = page
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "title")?;
    let text = inline::collapse(&title.text().collect::<String>());
    let part = [" | ", " – ", " — ", " - ", " · ", " :: "]
        .iter()
        .find_map(|sep| {
            text.split_once(sep).map(|(a, b)| {
                if b.to_lowercase().contains("polic") && !a.to_lowercase().contains("polic") {
                    b
                } else {
                    a
                }
            })
        })
        .unwrap_or(&text)
        .trim()
        .to_string();
    (!part.is_empty()).then_some((part, TitleSource::TitleElement))
}

/// An address hidden by Cloudflare: hex bytes, the first the key the
/// others are XOR-ed with.
fn decode_cf_email(hex: &str) -> Option<String> {
    let bytes: Vec<u8> = (0..hex.len() / 2)
        .filter_map(|i| hex.get(2 * i..2 * i + 2))
        .filter_map(|b| u8::from_str_radix(b, 16).ok())
        .collect();
    let (&key, rest) = bytes.split_first()?;
    let decoded: Vec<u8> = rest.iter().map(|b| b ^ key).collect();
    String::from_utf8(decoded)
        .ok()
        .filter(|s| s.contains('@') && !s.contains(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(html: &str) -> Vec<String> {
        crate::import::blocks::sketch(&read(html))
    }

    #[test]
    fn a_page_is_read_without_its_chrome() {
        let html = "<!DOCTYPE html><html><head><title>Privacy | Acme</title><script>x()</script></head><body>\
            <header><a href=\"/\">Acme</a><nav><a href=\"/a\">About</a></nav></header>\
            <div id=\"cookie-banner\">We use cookies <button>OK</button></div>\
            <main><h1>Privacy Policy</h1><p>We <strong>never</strong> sell <a href=\"https://acme.example/x\">data</a>.</p>\
            <h2>1. What we collect</h2><ul><li>Your name</li><li>Your email<ul><li>work</li></ul></li></ul>\
            <ol type=\"a\"><li>first</li><li>second</li></ol>\
            <table><tr><th>Cookie</th><th>Use</th></tr><tr><td>sid</td><td>login | session</td></tr></table>\
            <h2>Contact <a class=\"permalink\" aria-hidden=\"true\" href=\"#c\">#</a></h2><p>Write to <a href=\"/contact\">us</a>.<br>Thanks</p></main>\
            <footer>© Acme</footer></body></html>";
        assert_eq!(
            outline(html),
            [
                "title Privacy Policy",
                "p We **never** sell [data](<https://acme.example/x>).",
                "h2 [1.] What we collect",
                "p - Your name\n- Your email\n  - work",
                "p a. first\n\nb. second",
                "p | Cookie | Use |\n| --- | --- |\n| sid | login \\| session |",
                "h2 Contact",
                "p Write to us.\\\nThanks",
            ]
        );
    }

    #[test]
    fn two_line_breaks_end_a_paragraph() {
        let html = "<body><div><b>Cookies</b><br><br>We use cookies.<br>Some.<br><br>&nbsp;<br><br>More.</div></body>";
        assert_eq!(
            outline(html),
            ["h2 Cookies", "p We use cookies.\\\nSome.", "p More."]
        );
    }

    #[test]
    fn hidden_addresses_are_decoded() {
        assert_eq!(decode_cf_email("zz").as_deref(), None);
        let key = 0x42u8;
        let hex: String = std::iter::once(key)
            .chain("a@b.co".bytes().map(|b| b ^ key))
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(decode_cf_email(&hex).as_deref(), Some("a@b.co"));
    }
}

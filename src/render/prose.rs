//! CommonMark turned into safe output by pulldown-cmark: HTML with raw HTML
//! shown as text and script links dropped, one-line texts as inline HTML,
//! and Markdown with its raw HTML made inert.

use crate::markup::escape_html;
use crate::markup::url::is_unsafe_url;
use crate::view::Inline;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};

/// CommonMark with its raw HTML made inert: every `<` that opens an HTML
/// block or inline tag becomes `&lt;`, so a Markdown processor shows the
/// tag as text, as the HTML renderer does. Everything else is unchanged.
pub fn escape_raw_html(markdown: &str) -> String {
    if !markdown.contains('<') {
        return markdown.to_string();
    }
    let mut ranges: Vec<std::ops::Range<usize>> = Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Html(_) | Event::InlineHtml(_)))
        .map(|(_, range)| range)
        .collect();
    if ranges.is_empty() {
        return markdown.to_string();
    }
    ranges.sort_by_key(|r| r.start);
    let mut out = String::with_capacity(markdown.len() + 16);
    let mut next = ranges.iter().peekable();
    for (i, c) in markdown.char_indices() {
        while next.peek().is_some_and(|r| r.end <= i) {
            next.next();
        }
        let inside = next.peek().is_some_and(|r| r.start <= i);
        if c == '<' && inside {
            out.push_str("&lt;");
        } else {
            out.push(c);
        }
    }
    out
}

/// CommonMark → HTML. Raw HTML is shown as text, never passed through, and
/// a link to a script URL loses its target: a policy page carries no script.
pub fn markdown_to_html(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, safe_events(markdown));
    out
}

/// A one-line text as inline HTML, CommonMark read as in prose (so `*x*`
/// is emphasis on the page as in Markdown), dates as `<time>` elements.
/// Block structure is dropped: the line stays one paragraph's content.
pub fn inline_html(parts: &[Inline]) -> String {
    // Dates stand in the text as private-use placeholders that CommonMark
    // leaves alone, then become `<time>` elements.
    let mut markdown = String::new();
    let mut dates = Vec::new();
    for part in parts {
        match part {
            Inline::Markdown(text) => markdown.push_str(text),
            Inline::Date { iso, text } => {
                markdown.push_str(&format!("\u{E000}{}\u{E001}", dates.len()));
                dates.push(format!(
                    "<time datetime=\"{}\">{}</time>",
                    escape_html(iso),
                    escape_html(text)
                ));
            }
        }
    }
    let inline = safe_events(&markdown).filter(|event| !is_block_tag(event));
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, inline);
    for (i, date) in dates.iter().enumerate() {
        out = out.replace(&format!("\u{E000}{i}\u{E001}"), date);
    }
    out.trim_end().to_string()
}

fn is_block_tag(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => !matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(tag) => !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Rule => true,
        _ => false,
    }
}

/// pulldown-cmark's events with raw HTML as text and script links made
/// harmless.
fn safe_events(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if is_unsafe_url(&dest_url) => Event::Start(Tag::Link {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if is_unsafe_url(&dest_url) => Event::Start(Tag::Image {
            link_type,
            dest_url: CowStr::Borrowed("#"),
            title,
            id,
        }),
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_shown_as_text() {
        let html = markdown_to_html("Hi <script>alert(1)</script>\n\n<div onclick=x>y</div>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn script_links_lose_their_target() {
        let html = markdown_to_html("[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1))");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    }

    #[test]
    fn raw_html_in_markdown_is_made_inert_and_the_rest_kept() {
        let md = "Text <b>bold</b> and `<code>` here.\n\n<script>alert(1)</script>\n\n5 < 6";
        let out = escape_raw_html(md);
        assert_eq!(
            out,
            "Text &lt;b>bold&lt;/b> and `<code>` here.\n\n&lt;script>alert(1)&lt;/script>\n\n5 < 6"
        );
        assert!(!markdown_to_html(&out).contains("<b>"));
    }
}

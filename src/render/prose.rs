//! Prose shared by the renderers: references resolved into CommonMark, and
//! CommonMark turned into safe HTML by pulldown-cmark.

use crate::model::{Policy, Prose, Segment};
use crate::url::is_unsafe_url;
use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};

/// The prose as CommonMark, each reference replaced by its value with
/// Markdown punctuation escaped (a value is text, never markup).
pub fn to_markdown(policy: &Policy, prose: &Prose) -> String {
    let mut out = String::new();
    for segment in &prose.segments {
        match segment {
            Segment::Text(text) => out.push_str(text),
            Segment::Ref(r) => match policy.resolve(&r.node.0) {
                Some(value) => out.push_str(&escape_markdown(&value)),
                None => {
                    out.push_str("${");
                    out.push_str(&r.node.0);
                    out.push('}');
                }
            },
        }
    }
    out
}

/// Text with the characters that CommonMark could read as markup escaped:
/// a value is text, never markup. `&` and `#` are escaped only where they
/// could start an entity or a closing heading sequence, to keep the
/// Markdown output readable.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let escape = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => true,
            '&' => chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() || *n == '#'),
            '#' => previous.is_none_or(char::is_whitespace),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
        previous = Some(c);
    }
    out
}

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

/// A URL written as a CommonMark link destination (`<…>` form) that no
/// character in it can break out of, and whose `&` and `\` are taken
/// literally (CommonMark would decode `&#106;` inside a destination).
pub fn link_destination(url: &str) -> String {
    let mut out = String::from("<");
    for c in url.chars() {
        match c {
            '&' => out.push_str("\\&"),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            ' ' => out.push_str("%20"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('>');
    out
}

/// Text made safe to place in HTML content or a quoted attribute.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// CommonMark → HTML. Raw HTML is shown as text, never passed through, and
/// a link to a script URL loses its target: a policy page carries no script.
pub fn markdown_to_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
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
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
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

    #[test]
    fn link_destinations_cannot_be_broken_out_of() {
        let html = markdown_to_html(&format!(
            "[x]({})",
            link_destination("&#106;avascript:x?a=1&b=2")
        ));
        assert!(
            html.contains("href=\"&amp;#106;avascript:x?a=1&amp;b=2\""),
            "{html}"
        );
        assert_eq!(
            link_destination("https://x.example/a b><script>"),
            "<https://x.example/a%20b%3E%3Cscript%3E>"
        );
    }

    #[test]
    fn values_are_escaped_for_markdown() {
        assert_eq!(escape_markdown("a*b_[c]"), "a\\*b\\_\\[c\\]");
        assert_eq!(
            escape_markdown("Tracking & Cookies, C# &amp; #1"),
            "Tracking & Cookies, C# \\&amp; \\#1"
        );
    }
}

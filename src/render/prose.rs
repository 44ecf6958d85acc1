//! Resolved prose turned into safe HTML by pulldown-cmark: raw HTML shown
//! as text, values as text, script links dropped; one-line texts as inline
//! HTML with dates as `<time>`. (The Markdown form is
//! [`ProseText::to_markdown`].)

use crate::markup::ProseText;
use crate::markup::url::is_unsafe_url;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd, html};

/// Prose → HTML. Raw HTML is shown as text, never passed through, each
/// value is text wherever it lands, and a link to a script URL loses its
/// target: a policy page carries no script.
pub fn prose_html(text: &ProseText) -> String {
    let mut out = String::with_capacity(text.source().len() * 3 / 2);
    match text.plain_events() {
        Some(events) => html::push_html(&mut out, safe_events(events)),
        None => html::push_html(&mut out, safe_events(text.events(false).into_iter())),
    }
    out
}

/// A one-line text as inline HTML, CommonMark read as in prose (so `*x*`
/// is emphasis on the page as in Markdown), dates as `<time>` elements.
/// Block structure is dropped: the line stays one paragraph's content.
pub fn inline_html(text: &ProseText) -> String {
    let mut out = String::with_capacity(text.source().len() * 3 / 2);
    match text.plain_events() {
        Some(events) => html::push_html(&mut out, safe_events(events).filter(is_inline)),
        None => html::push_html(
            &mut out,
            safe_events(text.events(true).into_iter()).filter(is_inline),
        ),
    }
    out.trim_end().to_string()
}

/// Whether an event stays in a one-line text's inline HTML.
fn is_inline(event: &Event<'_>) -> bool {
    !is_block_tag(event)
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

/// The events with script links made harmless (raw HTML is already text).
fn safe_events<'s>(events: impl Iterator<Item = Event<'s>>) -> impl Iterator<Item = Event<'s>> {
    events.map(|event| match event {
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
    use crate::model::Segment;

    fn markdown_to_html(markdown: &str) -> String {
        prose_html(&ProseText::of(&[Segment::Text(markdown.to_string())]))
    }

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
}

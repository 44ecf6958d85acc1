//! Links that could run script: in prose (after references are filled in,
//! so a value cannot smuggle one in) and in raw HTML attributes however
//! they are spelt. Linear in the text. Web addresses declared as facts are
//! typed values (`model::value::WebUrl`), refused when lowered unless they
//! are `http:` or `https:`.

use super::references::prose_of;
use crate::diagnostic::{Code, Diagnostic};
use crate::markup::ProseText;
use crate::markup::url::{decode_character_references, is_unsafe_url};
use crate::model::*;
use crate::source::{SafeSlice, Span};
use std::collections::BTreeSet;
use std::ops::Bound;

pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    for (prose, span) in prose_of(policy) {
        check_prose_links(prose, span, out);
    }
}

/// A quick filter: text that cannot spell an unsafe scheme needs no closer
/// look. A scheme hidden by a character reference needs `&`; one split by a
/// tab or line break (which browsers drop) still ends in `script:` or `ta:`.
fn may_hold_unsafe_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["script:", "ta:", "&"]
        .iter()
        .any(|needle| lower.contains(needle))
}

/// A link target at the start of `text`: up to white space, a quote, `>`,
/// or a `)` that closes nothing inside the target.
fn link_target(text: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return text.slice_to(i),
            ')' => depth -= 1,
            c if c.is_whitespace() || c == '>' || c == '"' => return text.slice_to(i),
            _ => {}
        }
    }
    text
}

/// Refuses script links as they render: every link CommonMark parses, with
/// the values it holds put in (a value in a link's target is the target),
/// and anything the author wrote like a link target (`](…`, `<…>`,
/// `href=`) even where CommonMark would read it as text. A value elsewhere
/// renders as text in every output, so a script URL in it links nowhere.
fn check_prose_links(prose: &Prose, span: Span, out: &mut Vec<Diagnostic>) {
    use pulldown_cmark::{Event, Tag};
    let text = ProseText::of(&prose.segments);
    let source = text.source();
    if !may_hold_unsafe_url(&text.fill(source)) {
        return;
    }
    let mut found = UnsafeTargets::default();
    for event in text.events(false) {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            found.add_parsed(&dest_url);
        }
    }
    for opener in ["](", "<"] {
        for (at, _) in source.match_indices(opener) {
            let rest = source
                .slice_from(at + opener.len())
                .trim_start_matches([' ', '<', '"', '\'']);
            found.add_written(link_target(rest));
        }
    }
    // Attributes of raw HTML, in any case, spacing and character references.
    let lower = source.to_ascii_lowercase();
    for attribute in [
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
    ] {
        for (at, _) in lower.match_indices(attribute) {
            let after = source.slice_from(at + attribute.len()).trim_start();
            let Some(value) = after.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            found.add_written(&decode_character_references(link_target(value)));
        }
    }
    for url in &found.in_order {
        out.push(
            Diagnostic::error(Code::UnsafeLink, format!("the link target `{url}` could run script"))
                .at(span.sub(0, 4))
                .label("in this prose block")
                .help("link to an `https:` or `mailto:` address; `javascript:`, `vbscript:` and `data:` links are refused"),
        );
    }
}

/// The unsafe link targets of one prose block, once each: every link
/// CommonMark parses, and each target merely written like one unless it is
/// part of a target already found (the same link seen twice). Lookups are
/// logarithmic, so a block with many links stays fast.
#[derive(Default)]
struct UnsafeTargets {
    in_order: Vec<String>,
    sorted: BTreeSet<String>,
}

impl UnsafeTargets {
    fn add_parsed(&mut self, target: &str) {
        if is_unsafe_url(target) {
            self.keep(target);
        }
    }

    fn add_written(&mut self, target: &str) {
        if !is_unsafe_url(target) {
            return;
        }
        // Every kept target that starts with `target` sorts at or just
        // after it: one look at the first such is enough.
        let covered = self
            .sorted
            .range::<str, _>((Bound::Included(target), Bound::Unbounded))
            .next()
            .is_some_and(|kept| kept.starts_with(target));
        if !covered {
            self.keep(target);
        }
    }

    fn keep(&mut self, target: &str) {
        self.in_order.push(target.to_string());
        self.sorted.insert(target.to_string());
    }
}

//! Links that could run script: in prose (after references are filled in,
//! so a value cannot smuggle one in) and in raw HTML attributes however
//! they are spelt. Linear in the text. Web addresses declared as facts are
//! typed values (`model::value::WebUrl`), refused when lowered unless they
//! are `http:` or `https:`.

use super::references::prose_of;
use crate::diagnostic::{Code, Diagnostic};
use crate::markup::ProseText;
use crate::markup::text::PROSE_OPTIONS;
use crate::markup::url::{decode_character_references, is_unsafe_url};
use crate::model::*;
use crate::source::{SafeSlice, Span};
use std::collections::BTreeSet;
use std::ops::Bound;

pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    for (prose, span) in prose_of(policy) {
        let origins = policy.prose_origins.get(&span);
        check_prose_links(prose, span, origins, out);
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
/// Each is marked where it is written: the target in the source, or the
/// `${…}` reference whose value it is.
fn check_prose_links(
    prose: &Prose,
    span: Span,
    origins: Option<&ProseOrigins>,
    out: &mut Vec<Diagnostic>,
) {
    use pulldown_cmark::{Event, Parser, Tag};
    let text = ProseText::of(&prose.segments);
    let source = text.source();
    if !may_hold_unsafe_url(&text.fill(source)) {
        return;
    }
    let mut found = UnsafeTargets::default();
    for (event, range) in Parser::new_ext(source, PROSE_OPTIONS).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            // Where the target is written as parsed; else (escapes) unknown.
            let link = source.get(range.clone()).unwrap_or("");
            let at = link
                .find(dest_url.as_ref())
                .map(|i| (range.start + i, dest_url.len()));
            found.add_parsed(&text.fill(&dest_url), at);
        }
    }
    // Where a suffix of the text starts in it.
    let at = |suffix: &str| source.len() - suffix.len();
    for opener in ["](", "<"] {
        for (start, _) in source.match_indices(opener) {
            let rest = source
                .slice_from(start + opener.len())
                .trim_start_matches([' ', '<', '"', '\'']);
            let target = link_target(rest);
            found.add_written(target, Some((at(rest), target.len())));
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
        for (start, _) in lower.match_indices(attribute) {
            let after = source.slice_from(start + attribute.len()).trim_start();
            let Some(value) = after.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            let written = link_target(value);
            let place = Some((at(value), written.len()));
            found.add_written(&decode_character_references(written), place);
        }
    }
    if found.in_order.is_empty() {
        return;
    }
    let pieces = Pieces::of(prose, &text);
    for (url, written) in &found.in_order {
        let place = written.and_then(|(at, len)| pieces.place(at, len, span, origins));
        let (at, label) = match place {
            Some(place) => place,
            None => (span.sub(0, 4), "in this prose block"),
        };
        out.push(
            Diagnostic::error(Code::UnsafeLink, format!("the link target `{url}` could run script"))
                .at(at)
                .label(label)
                .help("link to an `https:` or `mailto:` address; `javascript:`, `vbscript:` and `data:` links are refused"),
        );
    }
}

/// Where each segment of a prose block is in its `ProseText` source:
/// (start there, start in the block's literal text or the reference).
struct Pieces<'a> {
    starts: Vec<(usize, Piece<'a>)>,
}

#[derive(Clone, Copy)]
enum Piece<'a> {
    Text(usize),
    Ref(&'a Node<Reference>),
}

impl<'a> Pieces<'a> {
    /// The pieces of `prose` in `text`, its `ProseText`: literal text is
    /// copied byte for byte (a stand-in character the author wrote is
    /// replaced by one of the same width), a reference is one stand-in
    /// character, or past the last stand-in its value escaped. Linear.
    fn of(prose: &'a Prose, text: &ProseText) -> Self {
        let source = text.source();
        let mut starts = Vec::with_capacity(prose.segments.len());
        let (mut at, mut literal) = (0, 0);
        for segment in &prose.segments {
            match segment {
                Segment::Text(written) => {
                    starts.push((at, Piece::Text(literal)));
                    at += written.len();
                    literal += written.len();
                }
                Segment::Ref(reference) => {
                    starts.push((at, Piece::Ref(reference)));
                    at += match source.slice_from(at).chars().next() {
                        Some(c) if text.value(c).is_some() => c.len_utf8(),
                        _ => escaped_len(reference),
                    };
                }
            }
        }
        Pieces { starts }
    }

    /// The place in the source of `len` bytes at `at` of the prose text.
    fn place(
        &self,
        at: usize,
        len: usize,
        block: Span,
        origins: Option<&ProseOrigins>,
    ) -> Option<(Span, &'static str)> {
        let index = self.starts.partition_point(|(start, _)| *start <= at);
        let (start, piece) = self.starts.get(index.checked_sub(1)?)?;
        match piece {
            Piece::Text(literal) => {
                // A target that runs on into a reference's value is marked
                // up to the reference.
                let piece_end = self.starts.get(index).map_or(usize::MAX, |(s, _)| *s);
                let len = len.min(piece_end.saturating_sub(at));
                let source = origins?.source_offset(literal + (at - start))?;
                let span = Span::new(block.file, source, source + len);
                Some((span, "this link could run script"))
            }
            Piece::Ref(reference) => Some((
                reference.span,
                "this value becomes a link that could run script",
            )),
        }
    }
}

/// The width of a value written out, not as a stand-in (past a million
/// values in one block): as `ProseText` writes it.
fn escaped_len(reference: &Node<Reference>) -> usize {
    match &reference.node.value {
        Some(value) => crate::markup::escape_markdown_at(&value.text, false).len(),
        None => reference.node.name.len() + 3,
    }
}

/// The unsafe link targets of one prose block, once each: every link
/// CommonMark parses, and each target merely written like one unless it is
/// part of a target already found (the same link seen twice). Lookups are
/// logarithmic, so a block with many links stays fast.
#[derive(Default)]
struct UnsafeTargets {
    /// Each target, and where it is written in the resolved text (start
    /// and length) when that is known.
    in_order: Vec<(String, Option<(usize, usize)>)>,
    sorted: BTreeSet<String>,
}

impl UnsafeTargets {
    fn add_parsed(&mut self, target: &str, at: Option<(usize, usize)>) {
        if is_unsafe_url(target) {
            self.keep(target, at);
        }
    }

    fn add_written(&mut self, target: &str, at: Option<(usize, usize)>) {
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
            self.keep(target, at);
        }
    }

    fn keep(&mut self, target: &str, at: Option<(usize, usize)>) {
        self.in_order.push((target.to_string(), at));
        self.sorted.insert(target.to_string());
    }
}

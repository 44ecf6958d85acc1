//! Links that could run script: in prose (after references are filled in,
//! so a value cannot smuggle one in), in raw HTML attributes however they
//! are spelt, and in web addresses declared as facts. Linear in the text.

use super::references::prose_of;
use crate::diagnostic::{Code, Diagnostic};
use crate::markup::url::{decode_character_references, is_unsafe_url};
use crate::markup::{resolved_markdown, resolved_segments};
use crate::model::entity::Entity as _;
use crate::model::practice::Via;
use crate::model::*;
use crate::source::{SafeSlice, Span};
use std::collections::BTreeSet;
use std::ops::Bound;

pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    check_fact_urls(policy, out);
    for (prose, span) in prose_of(policy) {
        let origins = policy.prose_origins.get(&span);
        check_prose_links(prose, span, origins, out);
    }
}

/// Web addresses declared as facts become links on the page: refuse the
/// ones that would run script.
fn check_fact_urls(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let mut urls: Vec<&Node<String>> = Vec::new();
    if let Some(org) = &policy.org {
        urls.extend(org.node.web_addresses());
    }
    if let Some(contact) = &policy.contact {
        urls.extend(contact.node.web_addresses());
        for officer in &contact.node.officers {
            urls.extend(officer.node.web_addresses());
        }
    }
    let right_urls = right_urls(policy);
    urls.extend(right_urls.iter());
    for url in &urls {
        if looks_like_bare_address(&url.node) {
            out.push(
                Diagnostic::warning(
                    Code::NoScheme,
                    format!("the address `{}` has no scheme", url.node),
                )
                .at(url.span)
                .label("this would link to a page beside the policy's own")
                .help(format!(
                    "write the whole address: `https://{}`",
                    url.node.trim_start_matches('/')
                )),
            );
        }
    }
    for url in urls
        .into_iter()
        .filter(|u| is_unsafe_url(&decode_character_references(&u.node)))
    {
        out.push(
            Diagnostic::error(
                Code::UnsafeLink,
                format!("the address `{}` could run script", url.node),
            )
            .at(url.span)
            .label("this becomes a link on the page")
            .help("give an `https:` address"),
        );
    }
}

/// The web addresses through which rights are exercised (`via = ["…"]`).
fn right_urls(policy: &Policy) -> Vec<Node<String>> {
    policy
        .practices
        .rights
        .iter()
        .flat_map(|right| &right.node.via)
        .filter_map(|via| match &via.node {
            Via::Url(url) => Some(Node::new(url.clone(), via.span)),
            Via::Contact(_) => None,
        })
        .collect()
}

/// A web address written without its scheme, such as `www.example.com` or
/// `example.com/privacy`: no scheme, no spaces or markup, and a dot.
fn looks_like_bare_address(url: &str) -> bool {
    !has_scheme(url)
        && url.contains('.')
        && !url
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '[' | ']' | '(' | ')'))
}

/// Whether an address starts with a scheme (`https:`, `mailto:`, …): letters,
/// digits, `+`, `-` or `.` after a first letter, then `:`.
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
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

/// Refuses script links: those CommonMark parses as links, and anything
/// written like a link target (`](…`, `<…>`, `href=`) even where CommonMark
/// would read it as text, so that no output carries such a URL at all.
fn check_prose_links(
    prose: &Prose,
    span: Span,
    origins: Option<&ProseOrigins>,
    out: &mut Vec<Diagnostic>,
) {
    use pulldown_cmark::{Event, Parser, Tag};
    let source = resolved_markdown(prose);
    if !may_hold_unsafe_url(&source) {
        return;
    }
    let mut found = UnsafeTargets::default();
    for (event, range) in Parser::new(&source).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            // Where the target is written as parsed; else (escapes) unknown.
            let link = source.get(range.clone()).unwrap_or("");
            let at = link
                .find(dest_url.as_ref())
                .map(|i| (range.start + i, dest_url.len()));
            found.add_parsed(&dest_url, at);
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
    let pieces = Pieces::of(prose);
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

/// Where each segment of a prose block is in its resolved CommonMark:
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
    /// The pieces of `prose`, each reference resolved as
    /// `resolved_segments` resolves it: its escaping depends only on
    /// whether it starts a line, so it is resolved after a one-character
    /// stand-in for what precedes it on its line. Linear in the text.
    fn of(prose: &'a Prose) -> Self {
        let mut starts = Vec::with_capacity(prose.segments.len());
        let (mut resolved, mut literal) = (0, 0);
        let mut line_start = true;
        for segment in &prose.segments {
            match segment {
                Segment::Text(text) => {
                    starts.push((resolved, Piece::Text(literal)));
                    resolved += text.len();
                    literal += text.len();
                    line_start = blank_tail(text, line_start);
                }
                Segment::Ref(reference) => {
                    starts.push((resolved, Piece::Ref(reference)));
                    let before = Segment::Text(if line_start { "" } else { "x" }.to_string());
                    let both = resolved_segments(&[before, segment.clone()]);
                    let piece = both.slice_from(usize::from(!line_start));
                    resolved += piece.len();
                    line_start = blank_tail(piece, line_start);
                }
            }
        }
        Pieces { starts }
    }

    /// The place in the source of `len` bytes at `at` of the resolved text.
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

/// Whether what follows `text` starts a line: its last line is blank (or
/// it has none and what preceded it did).
fn blank_tail(text: &str, before: bool) -> bool {
    match text.rfind('\n') {
        Some(newline) => text
            .slice_from(newline + 1)
            .trim_start_matches([' ', '\t'])
            .is_empty(),
        None => before && text.trim_start_matches([' ', '\t']).is_empty(),
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

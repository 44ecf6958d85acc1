//! Links that could run script: in prose (after references are filled in,
//! so a value cannot smuggle one in), in raw HTML attributes however they
//! are spelt, and in web addresses declared as facts. Linear in the text.

use super::references::prose_of;
use crate::diagnostic::{Code, Diagnostic};
use crate::markup::resolved_markdown;
use crate::markup::url::{decode_character_references, is_unsafe_url};
use crate::model::entity::Entity as _;
use crate::model::practice::Via;
use crate::model::*;
use crate::source::{SafeSlice, Span};
use std::collections::BTreeSet;
use std::ops::Bound;

pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    check_fact_urls(policy, out);
    for (prose, span) in prose_of(policy) {
        let origins = policy.prose_origins.iter().find(|o| o.block == span);
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
    for event in Parser::new(&source) {
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
        let (at, label) = match where_written(prose, span, origins, url) {
            Some((at, label)) => (at, label),
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

/// Where the unsafe `url` is written: in the block's literal text (when
/// its origins are known and it is written as found), or in the value of
/// a reference; `None` when it cannot be told (spelt with character
/// references, say), and the block is pointed at.
fn where_written(
    prose: &Prose,
    block: Span,
    origins: Option<&ProseOrigins>,
    url: &str,
) -> Option<(Span, &'static str)> {
    let mut literal = 0;
    for segment in &prose.segments {
        match segment {
            Segment::Text(text) => {
                if let (Some(found), Some(origins)) = (text.find(url), origins) {
                    let start = origins.source_offset(literal + found)?;
                    let at = Span::new(block.file, start, start + url.len());
                    return Some((at, "this link could run script"));
                }
                literal += text.len();
            }
            Segment::Ref(reference) => {
                let value = reference.node.value.as_ref();
                if value.is_some_and(|v| v.text.contains(url)) {
                    return Some((
                        reference.span,
                        "this value becomes a link that could run script",
                    ));
                }
            }
        }
    }
    None
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

//! Links that could run script: in prose (after references are filled in,
//! so a value cannot smuggle one in) and in raw HTML attributes however
//! they are spelt. Linear in the text. Web addresses declared as facts are
//! typed values (`model::value::WebUrl`), refused when lowered unless they
//! are `http:` or `https:`.

use super::references::prose_of;
use crate::diagnostic::{Code, Diagnostic};
use crate::markup::ProseText;
use crate::markup::text::{PROSE_OPTIONS, unresolved_text};
use crate::markup::url::{decode_character_references, is_unsafe_url};
use crate::model::*;
use crate::source::{SafeSlice, Span};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::ops::Bound;

pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    for (prose, span) in prose_of(policy) {
        let origins = policy.prose_origins.get(&span);
        check_prose_links(prose, span, origins, out);
    }
}

/// The text a prose block holds with its values put in, piece by piece
/// (as [`ProseText::fill`] would join them, an unresolved reference as
/// [`unresolved_text`]): what the quick filter reads, without building
/// the block's `ProseText`.
fn filled_pieces(prose: &Prose) -> Vec<Cow<'_, str>> {
    prose
        .segments
        .iter()
        .map(|segment| match segment {
            Segment::Text(run) => Cow::Borrowed(run.as_str()),
            Segment::Ref(r) => match &r.node.value {
                Some(value) => Cow::Borrowed(value.text.as_str()),
                None => Cow::Owned(unresolved_text(&r.node.name)),
            },
        })
        .collect()
}

/// A quick filter: text that cannot spell an unsafe scheme needs no closer
/// look. A scheme hidden by a character reference needs `&` before a
/// letter or `#`; any other ends in `script:` or `ta:` once what
/// [`is_unsafe_url`] drops (white space, controls) and CommonMark's
/// backslash escapes (`javascript\:`) are left out. `memchr` finds the
/// `:` and `&`; only a `:` looks back.
fn may_hold_unsafe_url(pieces: &[Cow<'_, str>]) -> bool {
    pieces.iter().enumerate().any(|(k, piece)| {
        memchr::memchr2_iter(b':', b'&', piece.as_bytes()).any(|at| {
            let before = piece.get(..at).unwrap_or("").chars().rev();
            let earlier = pieces.get(..k).unwrap_or(&[]).iter().rev();
            let bytes = piece.as_bytes();
            match bytes.get(at) {
                Some(b'&') => may_open_reference(bytes.get(at + 1)),
                _ => ends_unsafe_scheme(before.chain(earlier.flat_map(|p| p.chars().rev()))),
            }
        })
    })
}

/// Whether the byte after a `&` may open a character reference (`&#58;`,
/// `&colon;`): a letter or `#`, or the end of a piece (the next may go
/// on). "Privacy & Terms" holds none.
fn may_open_reference(next: Option<&u8>) -> bool {
    next.is_none_or(|b| b.is_ascii_alphabetic() || *b == b'#')
}

/// Whether the characters before a `:`, read backwards, end in `script`
/// or `ta` (ASCII case ignored), skipping white space, controls and
/// backslashes. Six letters at most are read, so no run of text is
/// walked more than six times.
fn ends_unsafe_scheme(backwards: impl Iterator<Item = char>) -> bool {
    let mut letters = backwards
        .filter(|c| !(c.is_whitespace() || c.is_control() || *c == '\\'))
        .map(|c| c.to_ascii_lowercase());
    let mut seen = [' '; 6];
    for (slot, c) in seen.iter_mut().zip(&mut letters) {
        *slot = c;
    }
    seen.starts_with(&['t', 'p', 'i', 'r', 'c', 's']) || seen.starts_with(&['a', 't'])
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

/// Where the destination of an inline link `[…](…)` is written in its
/// source (start and length), for a target CommonMark changed as it read
/// it (`javascript\:`, a character reference): after its last `](`.
fn written_destination(link: &str) -> Option<(usize, usize)> {
    let rest = link.get(link.rfind("](")? + 2..)?;
    let written = rest.trim_start_matches([' ', '<']);
    Some((link.len() - written.len(), link_target(written).len()))
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
    if !may_hold_unsafe_url(&filled_pieces(prose)) {
        return;
    }
    let text = ProseText::of(&prose.segments);
    let source = text.source();
    let mut found = UnsafeTargets::default();
    for (event, range) in Parser::new_ext(source, PROSE_OPTIONS).into_offset_iter() {
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            // Where the target is written as parsed; else (escapes) unknown.
            let link = source.get(range.clone()).unwrap_or("");
            let at = match link.find(dest_url.as_ref()) {
                Some(i) => Some((i, dest_url.len())),
                None => written_destination(link),
            };
            let at = at.map(|(i, len)| (range.start + i, len));
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
            Diagnostic::error(Code::UnsafeLink, format!("the link target `{}` could run script", shown(url)))
                .at(at)
                .label(label)
                .help("link to an `https:` or `mailto:` address; `javascript:`, `vbscript:` and `data:` links are refused"),
        );
    }
}

/// `url` with its control characters written as escapes (`\t`), so a
/// message shows the tab or line break that splits a scheme.
fn shown(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::may_hold_unsafe_url;
    use std::borrow::Cow;

    /// The filter as it was: the text, lower-cased, holds `script:`, `ta:`
    /// or `&`.
    fn filter_before(text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        ["script:", "ta:", "&"].iter().any(|n| lower.contains(n))
    }

    /// `text` cut into pieces at `cuts`, as values and runs cut a block.
    fn cut<'a>(text: &'a str, cuts: &[usize]) -> Vec<Cow<'a, str>> {
        let mut pieces = Vec::new();
        let mut from = 0;
        for &to in cuts.iter().chain([&text.len()]) {
            pieces.push(Cow::Borrowed(text.get(from..to).unwrap_or("")));
            from = to;
        }
        pieces
    }

    /// Whatever the old filter let through the new one lets through too
    /// (save a `&` that opens no character reference), however the text
    /// is cut into pieces; and it also sees schemes the old one missed.
    #[test]
    fn the_filter_misses_nothing_the_old_one_saw_and_sees_escaped_schemes() {
        let texts = [
            "[x](javascript:alert(1))",
            "VBScript:msgbox",
            "<a href=\"DATA:text/html,x\">",
            "&#106;avascript:x",
            "an https://example.com link and mailto:a@b.example",
            "Privacy & Terms, AT&T",
            "plain text, no colon",
        ];
        for text in texts {
            let passes = !text.contains(" & ") && filter_before(text);
            for i in 0..=text.len() {
                for j in i..=text.len() {
                    if text.is_char_boundary(i) && text.is_char_boundary(j) {
                        let pieces = cut(text, &[i, j]);
                        assert!(
                            !passes || may_hold_unsafe_url(&pieces),
                            "{text:?} at {i}, {j}"
                        );
                    }
                }
            }
        }
        let missed_before = [
            "[x](javascript\\:alert(1))",
            "[x](<javascr\tipt:alert(1)>)",
            "javascr\nipt:x",
            "data\\:x",
        ];
        for text in missed_before {
            assert!(!filter_before(text), "{text:?}");
            assert!(may_hold_unsafe_url(&cut(text, &[2])), "{text:?}");
        }
        let safe = ["Privacy & Terms", "see https://example.com", "time: 10:30"];
        for text in safe {
            assert!(!may_hold_unsafe_url(&cut(text, &[])), "{text:?}");
        }
    }
}

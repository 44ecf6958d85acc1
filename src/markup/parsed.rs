//! A prose text's CommonMark parsed once and kept: the page reads its
//! events and the `.md` their places, so a build that writes both parses
//! each prose block once (issue 20: no work the output does not need).
//!
//! Kept compact: a string pulldown-cmark borrowed from the text is kept as
//! its byte range in the text (no copy); only what the parser made itself
//! (a decoded entity, a short inlined string, a tag's attributes) is owned.

use super::text::PROSE_OPTIONS;
use pulldown_cmark::{CowStr, Event, Parser};
use std::ops::Range;
use std::sync::OnceLock;

/// A string of an event: where it lies in the text, or the parser's own.
#[derive(Debug, Clone)]
enum Str {
    /// A slice of the parsed text.
    Source(Range<usize>),
    /// A string the parser made.
    Made(CowStr<'static>),
}

/// An event as kept: the text-carrying kinds by [`Str`], the rest owned.
#[derive(Debug, Clone)]
enum Kept {
    Text(Str),
    Code(Str),
    Html(Str),
    InlineHtml(Str),
    Other(Event<'static>),
}

/// The parse of one text, made when first read and shared by every later
/// reader. Derived from the text alone: a copy starts empty, and two are
/// always equal (the texts they belong to are compared instead).
#[derive(Default)]
pub(super) struct Parsed(OnceLock<Vec<(Kept, Range<usize>)>>);

impl Clone for Parsed {
    fn clone(&self) -> Self {
        Parsed::default()
    }
}

impl PartialEq for Parsed {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Parsed")
    }
}

impl Parsed {
    /// The events of `source` with their byte ranges, as
    /// `Parser::new_ext(source, PROSE_OPTIONS).into_offset_iter()` gives
    /// them. `source` must be the text this parse belongs to, unchanged
    /// since it was first read (a `ProseText` never changes once made).
    pub(super) fn events<'s>(
        &'s self,
        source: &'s str,
    ) -> impl Iterator<Item = (Event<'s>, Range<usize>)> + 's {
        self.0
            .get_or_init(|| keep(source))
            .iter()
            .map(move |(kept, range)| (event(kept, source), range.clone()))
    }
}

fn keep(source: &str) -> Vec<(Kept, Range<usize>)> {
    let str_of = |s: CowStr<'_>| match &s {
        CowStr::Borrowed(b) => match within(source, b) {
            Some(range) => Str::Source(range),
            None => Str::Made(s.into_static()),
        },
        _ => Str::Made(s.into_static()),
    };
    Parser::new_ext(source, PROSE_OPTIONS)
        .into_offset_iter()
        .map(|(event, range)| {
            let kept = match event {
                Event::Text(s) => Kept::Text(str_of(s)),
                Event::Code(s) => Kept::Code(str_of(s)),
                Event::Html(s) => Kept::Html(str_of(s)),
                Event::InlineHtml(s) => Kept::InlineHtml(str_of(s)),
                other => Kept::Other(other.into_static()),
            };
            (kept, range)
        })
        .collect()
}

/// Where `part`, a slice the parser borrowed, lies in `source`, when it
/// is a slice of it (checked by address and then by content).
fn within(source: &str, part: &str) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
    let range = start..start.checked_add(part.len())?;
    (source.get(range.clone()) == Some(part)).then_some(range)
}

fn event<'s>(kept: &'s Kept, source: &'s str) -> Event<'s> {
    let text = |s: &'s Str| match s {
        Str::Source(range) => CowStr::Borrowed(source.get(range.clone()).unwrap_or_default()),
        Str::Made(made) => CowStr::Borrowed(made.as_ref()),
    };
    match kept {
        Kept::Text(s) => Event::Text(text(s)),
        Kept::Code(s) => Event::Code(text(s)),
        Kept::Html(s) => Event::Html(text(s)),
        Kept::InlineHtml(s) => Event::InlineHtml(text(s)),
        Kept::Other(event) => event.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kept events are the parser's, with the same ranges, however
    /// often they are read.
    #[test]
    fn kept_events_are_the_parsers() {
        let source = "# T &amp; x\n\nA *b* `c` <i>d</i> [e](http://f \"g\") &copy;\n\n\
                      | a | b |\n|---|---|\n| 1 | ~~2~~ |\n\n```rust\nfn x() {}\n```\n\n\
                      <div>\nhi\n</div>\n\n- [x] one\n- two\\\n  three";
        let parsed = Parsed::default();
        let expected: Vec<_> = Parser::new_ext(source, PROSE_OPTIONS)
            .into_offset_iter()
            .collect();
        for _ in 0..2 {
            let got: Vec<_> = parsed.events(source).collect();
            assert_eq!(got, expected);
        }
        assert!(
            parsed.0.get().is_some_and(|kept| kept
                .iter()
                .any(|(k, _)| matches!(k, Kept::Text(Str::Source(_))))),
            "text kept as ranges"
        );
    }
}

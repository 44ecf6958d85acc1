//! The one slugger of the Markdown output: the anchor GitHub and pandoc
//! (`-f gfm`) give each heading, read from the finished Markdown itself —
//! section titles, headings inside prose, generated blocks' headings, the
//! glossary's and tables' — so a table of contents links to the heading it
//! names, duplicates numbered in document order as they number them.

use crate::markup::text::PROSE_OPTIONS;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// The anchor of a heading's text under GitHub's rules (which pandoc's
/// `gfm_auto_identifiers` follow): lowercase; letters, marks, numbers,
/// `_` and `-` kept, other punctuation and symbols dropped; each space a
/// `-`.
pub fn slug(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == ' ' || is_mark_or_connector(*c))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Combining marks and connector punctuation (`_`, `‿`, …), which both
/// rules keep: the common blocks of them.
fn is_mark_or_connector(c: char) -> bool {
    matches!(
        u32::from(c),
        0x5F | 0x203F | 0x2040 | 0x2054 | 0xFE33 | 0xFE34 | 0xFE4D..=0xFE4F | 0xFF3F
            | 0x0300..=0x036F
            | 0x0483..=0x0489
            | 0x0591..=0x05BD
            | 0x0610..=0x061A
            | 0x064B..=0x065F
            | 0x1AB0..=0x1AFF
            | 0x1DC0..=0x1DFF
            | 0x20D0..=0x20FF
            | 0xFE20..=0xFE2F
    )
}

/// Unique anchors in document order, numbered as GitHub's slugger does: a
/// repeat of `x` becomes `x-1`, `x-2`, …, skipping any already taken.
#[derive(Default)]
pub struct Slugger {
    occurrences: HashMap<String, usize>,
}

impl Slugger {
    /// The next heading's anchor.
    pub fn anchor(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut result = base.clone();
        while self.occurrences.contains_key(&result) {
            let count = self.occurrences.entry(base.clone()).or_insert(0);
            *count += 1;
            result = format!("{base}-{count}");
        }
        self.occurrences.insert(result.clone(), 0);
        result
    }
}

/// Every heading of a CommonMark document: where it starts (byte offset)
/// and its anchor, in order.
pub fn heading_anchors(markdown: &str) -> Vec<(usize, String)> {
    let mut slugger = Slugger::default();
    let mut out = Vec::new();
    let mut heading: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(markdown, PROSE_OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some((range.start, String::new())),
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, text)) = heading.take() {
                    out.push((start, slugger.anchor(&text)));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = heading.as_mut() {
                    words.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, words)) = heading.as_mut() {
                    words.push(' ');
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_githubs_rules() {
        assert_eq!(slug("Data & Privacy!"), "data--privacy");
        assert_eq!(slug("Über uns — café"), "über-uns--café");
        assert_eq!(slug("1. C++ / C# (v2.0)"), "1-c--c-v20");
        assert_eq!(slug("snake_case"), "snake_case");
    }

    #[test]
    fn repeats_are_numbered_skipping_taken_anchors() {
        let mut s = Slugger::default();
        let got: Vec<String> = ["A", "A 1", "A", "A", "a-1"]
            .iter()
            .map(|t| s.anchor(t))
            .collect();
        assert_eq!(got, ["a", "a-1", "a-2", "a-3", "a-1-1"]);
    }

    #[test]
    fn headings_are_found_with_their_text() {
        let md = "# T\n\ntext\n\n## *A* `b`\n\nSetext\n---\n\n## A b\n";
        let anchors: Vec<String> = heading_anchors(md).into_iter().map(|(_, a)| a).collect();
        assert_eq!(anchors, ["t", "a-b", "setext", "a-b-1"]);
    }
}

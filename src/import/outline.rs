//! The document as a policy: headings nest into sections by level, prose
//! runs stay where they stand, section kinds are guessed from titles, a
//! printed table of contents becomes the compiler's own `toc`, a
//! standalone "Last updated" line becomes `last-updated`, and the facts'
//! addresses and dates are referred to from the prose that prints them.
//! Then the kinds a policy must have are made sure of ([`require`]).

use super::blocks::{Block, Clue, Document, Heading, Prose, Shape};
use super::facts::{DateLine, Facts, Which};
use super::{Note, entities, kinds, toc};
use crate::keyword::Keyword;
use crate::model::SectionKind;

/// A run of prose: literal CommonMark and references to facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// CommonMark, written as it is (only `${` escaped).
    Text(String),
    /// A reference, written `${name}`.
    Ref(&'static str),
}

/// One item of the policy or of a section.
#[derive(Debug, Clone)]
pub enum Item {
    /// A prose block and what it was read from.
    Prose {
        /// The text.
        pieces: Vec<Piece>,
        /// Its shape.
        shape: Shape,
        /// The words as read, for facts.
        plain: String,
    },
    /// A section.
    Section(Section),
    /// The table of contents, where the text printed one.
    Toc {
        /// The heading above it.
        title: Option<String>,
        /// How deep it lists.
        depth: usize,
    },
    /// The last-updated line: its text, `${policy.updated}` in it.
    LastUpdated(String),
    /// Facts read from the prose before it (`read_facts`), written out
    /// with their `// read from:` comments.
    Facts(String),
}

/// A section.
#[derive(Debug, Clone)]
pub struct Section {
    /// Its title.
    pub title: String,
    /// Its number as printed.
    pub number: Option<String>,
    /// Its kind, when guessed.
    pub kind: Option<SectionKind>,
    /// Its title in the table of contents, when printed otherwise.
    pub toc_title: Option<String>,
    /// What is in it.
    pub items: Vec<Item>,
    /// What made it a heading.
    pub clue: Clue,
    /// Where it starts in the input.
    pub line: usize,
}

/// Nests the document's blocks, then guesses, lifts and refers.
pub fn build(document: Document, facts: &mut Facts, report: &mut Vec<Note>) -> Vec<Item> {
    let date_lines = facts.date_lines.clone();
    let mut items = nest(document.blocks, &date_lines, facts);
    toc::place(&mut items, report);
    guess_kinds(&mut items, false);
    entities::lift(&mut items, facts, report);
    report_headings(&items, report);
    items
}

/// Sections nested by level: a heading closes every open section at its
/// level or deeper, and opens one inside the rest.
fn nest(blocks: Vec<Block>, date_lines: &[DateLine], facts: &Facts) -> Vec<Item> {
    let mut root: Vec<Item> = Vec::new();
    let mut open: Vec<(usize, Section)> = Vec::new();
    for (index, block) in blocks.into_iter().enumerate() {
        let item = match block {
            Block::Heading(heading) => {
                close_to(&mut open, &mut root, heading.level);
                open.push((heading.level, section(heading)));
                continue;
            }
            Block::Prose(prose) => {
                match prose_item(prose, date_lines.iter().find(|d| d.block == index), facts) {
                    Some(item) => item,
                    None => continue,
                }
            }
        };
        match open.last_mut() {
            Some((_, section)) => section.items.push(item),
            None => root.push(item),
        }
    }
    close_to(&mut open, &mut root, 0);
    root
}

fn section(heading: Heading) -> Section {
    Section {
        title: heading.title,
        number: heading.number,
        kind: None,
        toc_title: None,
        items: Vec::new(),
        clue: heading.clue,
        line: heading.line,
    }
}

/// Closes the open sections at `level` or deeper.
fn close_to(open: &mut Vec<(usize, Section)>, root: &mut Vec<Item>, level: usize) {
    while open.last().is_some_and(|(l, _)| *l >= level) {
        let Some((_, done)) = open.pop() else { break };
        match open.last_mut() {
            Some((_, parent)) => parent.items.push(Item::Section(done)),
            None => root.push(Item::Section(done)),
        }
    }
}

/// Whether a prose block is only a date line that the page's header shows
/// in the same words — "Last updated: 2 April 2024" beside the header's
/// "Last updated April 2, 2024" (the words in any order; "date" after
/// "Effective" too) — so that the page would say it twice. Any other word
/// (an ordinal, "This document was …") keeps the line as prose.
fn header_says_it(prose: &Prose, line: &DateLine) -> bool {
    if prose.plain.trim().contains('\n') {
        return false;
    }
    let printed = line.date.long("en");
    let (header, filler) = match line.which {
        Which::Effective => (format!("Effective {printed}"), Some("date")),
        Which::Updated => (format!("Last updated {printed}"), None),
    };
    let mut said = words(&prose.plain);
    said.retain(|w| Some(w.as_str()) != filler);
    let mut shown = words(&header);
    said.sort();
    shown.sort();
    said == shown
}

/// The words of a text, in lower case, without punctuation.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A prose block as an item; a date line refers to the date it states
/// where it prints it as the compiler would, and a line that is only the
/// last-updated date (as the compiler prints it, or in the header's words)
/// becomes the `last-updated` line, so that the page's header leaves the
/// date out and the page says it once.
fn prose_item(prose: Prose, date_line: Option<&DateLine>, facts: &Facts) -> Option<Item> {
    let Some(line) = date_line.filter(|l| match l.which {
        Which::Effective => facts.effective == Some(l.date),
        Which::Updated => facts.updated == Some(l.date),
    }) else {
        return Some(Item::Prose {
            pieces: vec![Piece::Text(prose.markdown)],
            shape: prose.shape,
            plain: prose.plain,
        });
    };
    let printed = line.date.long("en");
    let reference = match line.which {
        Which::Effective => "policy.effective",
        Which::Updated => "policy.updated",
    };
    let standalone = line.which == Which::Updated
        && !prose.plain.contains('\n')
        && prose.markdown == prose.plain
        && prose.plain.matches(&printed).count() == 1;
    if standalone {
        return Some(Item::LastUpdated(prose.plain.replacen(
            &printed,
            &format!("${{{reference}}}"),
            1,
        )));
    }
    // A last-updated line in the header's words becomes the `last-updated`
    // line, written as the compiler writes the date, where the author put
    // it: the page's header then leaves the date out, so it is said once
    // (and the Markdown, which has no header, keeps it). An effective-date
    // line stays: only the HTML header would say it again.
    if line.which == Which::Updated && header_says_it(&prose, line) {
        return Some(Item::LastUpdated(
            "Last updated: ${policy.updated}".to_string(),
        ));
    }
    let pieces = refer(vec![Piece::Text(prose.markdown)], &[printed], reference);
    Some(Item::Prose {
        pieces,
        shape: prose.shape,
        plain: prose.plain,
    })
}

/// The pieces with each occurrence of one of `spellings` that stands as a
/// word of its own (not inside a link's address, an autolink or another
/// word) replaced by a reference to `name`.
pub fn refer(pieces: Vec<Piece>, spellings: &[String], name: &'static str) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        let Piece::Text(mut text) = piece else {
            out.push(piece);
            continue;
        };
        while let Some((start, end)) = spellings
            .iter()
            .filter(|s| !s.is_empty())
            .find_map(|s| bare(&text, s))
        {
            let rest = text.get(end..).unwrap_or_default().to_string();
            text.truncate(start);
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Ref(name));
            text = rest;
        }
        if !text.is_empty() {
            out.push(Piece::Text(text));
        }
    }
    out
}

/// The first occurrence of `needle` in `text` that stands alone.
fn bare(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.match_indices(needle)
        .map(|(at, _)| (at, at + needle.len()))
        .find(|&(start, end)| {
            let before = text.get(..start).unwrap_or_default();
            let after = text.get(end..).unwrap_or_default();
            let prev = before.chars().next_back();
            let next = after.chars().next();
            let prev_ok = prev.is_none_or(|c| c.is_whitespace() || "[(“\"‘'*_".contains(c))
                && !before.ends_with("](")
                && !before.ends_with("\\_");
            let next_ok = match next {
                None => true,
                Some(c) if c.is_whitespace() || "])”\"’'*,;!?".contains(c) => true,
                Some('.' | ':') => after
                    .chars()
                    .nth(1)
                    .is_none_or(|c| !c.is_alphanumeric() && c != '/'),
                _ => false,
            };
            prev_ok && next_ok
        })
}

/// Guesses each section's kind from its title, unless a section around it
/// has a kind (a subsection is on its parent's topic).
fn guess_kinds(items: &mut [Item], inside_kind: bool) {
    for item in items {
        let Item::Section(section) = item else {
            continue;
        };
        if !inside_kind {
            section.kind = kinds::from_title(&section.title);
        }
        guess_kinds(&mut section.items, inside_kind || section.kind.is_some());
    }
}

/// Every section, depth first.
pub fn sections(items: &[Item]) -> Vec<&Section> {
    let mut out = Vec::new();
    for item in items {
        if let Item::Section(section) = item {
            out.push(section);
            out.extend(sections(&section.items));
        }
    }
    out
}

/// Calls `f` on every section, depth first.
pub fn each_section(items: &mut [Item], f: &mut dyn FnMut(&mut Section)) {
    for item in items {
        if let Item::Section(section) = item {
            f(section);
            each_section(&mut section.items, f);
        }
    }
}

/// The report on headings: how many by each clue, the kinds guessed, and
/// the weakest guesses to check.
fn report_headings(items: &[Item], report: &mut Vec<Note>) {
    let all = sections(items);
    if all.is_empty() {
        report.push(Note::warning(
            "no headings found: the policy is one block of text; add sections by hand",
        ));
        return;
    }
    let count = |f: fn(Clue) -> bool| all.iter().filter(|s| f(s.clue)).count();
    let mut clues = Vec::new();
    for (n, what) in [
        (count(|c| c == Clue::Markup), "marked up"),
        (count(|c| matches!(c, Clue::Numbered(_))), "numbered"),
        (count(|c| c == Clue::Capitals), "in capitals"),
        (count(|c| c == Clue::TitleCase), "in title case"),
        (
            count(|c| c == Clue::ShortLine),
            "short lines before a paragraph",
        ),
    ] {
        if n > 0 {
            clues.push(format!("{n} {what}"));
        }
    }
    let sections = if all.len() == 1 {
        "section"
    } else {
        "sections"
    };
    report.push(Note::info(format!(
        "{} {sections} from headings: {}",
        all.len(),
        clues.join(", ")
    )));
    let weak: Vec<String> = all
        .iter()
        .filter(|s| matches!(s.clue, Clue::ShortLine | Clue::TitleCase))
        .map(|s| format!("\"{}\"{}", s.title, super::at_line(s.line)))
        .collect();
    if !weak.is_empty() {
        let (what, each) = if weak.len() == 1 {
            ("heading was", "it")
        } else {
            ("headings were", "each")
        };
        report.push(Note::warning(format!(
            "{} {what} guessed from the shape of a line; check that {each} is one:\n    {}",
            weak.len(),
            weak.join("\n    ")
        )));
    }
    let kinds: Vec<String> = all
        .iter()
        .filter_map(|s| s.kind.map(|k| format!("{:<12} {}", k.keyword(), s.title)))
        .collect();
    if !kinds.is_empty() {
        report.push(Note::info(format!(
            "section kinds guessed from titles (check each):\n    {}",
            kinds.join("\n    ")
        )));
    }
}

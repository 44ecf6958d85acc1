//! Plain text → blocks: the headings a reader sees, paragraphs, lists.
//!
//! Three passes. Lines are read with their list markers (`•`, `-`, `*`,
//! `1.`, `(a)`, `i.` …); a numbered line that stands alone (no numbered
//! neighbour) is a numbered heading instead. Lines are then joined into
//! units: a line break is kept where the writer made it (a blank line, a
//! list marker, a heading, or — in hard-wrapped text — a line that ends
//! early although the next word would have fitted) and dropped where the
//! text was merely wrapped. Last, each one-line unit is weighed as a
//! heading (see [`Clue`]): numbered and capitalised lines are strong clues;
//! title-case and short lines count only when a paragraph follows, so a
//! run of short lines (a table of contents, an address) stays text.

use super::blocks::{
    Block, Clue, Document, Heading, Prose, Shape, TitleSource, names_document, split_number,
};
use super::{dates, escape, list};

/// One line of the input.
#[derive(Debug, Clone)]
struct Line<'a> {
    /// 1-based line number.
    no: usize,
    /// Columns of leading white space (a tab is four).
    indent: usize,
    /// The whole line's width in characters, indentation included.
    width: usize,
    /// The text, trimmed.
    text: &'a str,
    /// Its list marker, if it starts with one.
    marker: Option<list::Marker<'a>>,
    /// A numbered line taken for a heading (`1. Scope` between paragraphs).
    numbered_heading: bool,
}

/// A run of lines read as one piece: a paragraph or heading (`Text`), a
/// list item, or blank lines.
#[derive(Debug, Clone)]
enum Unit<'a> {
    Blank,
    Text(Vec<Line<'a>>),
    Item(Vec<Line<'a>>),
}

/// Reads plain text.
pub fn read(text: &str) -> Document {
    let mut lines = lines(text);
    mark_numbered_headings(&mut lines);
    let width = wrap_width(&lines);
    let units = units(lines, width);
    let mut document = Document::default();
    let units = take_title(units, &mut document);
    blocks(&units, &mut document);
    document
}

fn lines(text: &str) -> Vec<Line<'_>> {
    text.lines()
        .enumerate()
        .map(|(i, raw)| {
            let indent = raw
                .chars()
                .take_while(|c| c.is_whitespace())
                .map(|c| if c == '\t' { 4 } else { 1 })
                .sum();
            let trimmed = raw.trim();
            Line {
                no: i + 1,
                indent,
                width: indent + trimmed.chars().count(),
                text: trimmed,
                marker: list::marker(trimmed),
                numbered_heading: false,
            }
        })
        .collect()
}

/// A line like `1. Information we collect` is a heading, not a one-item
/// list, when it has the shape of one and neither neighbouring line is
/// numbered in the same way.
fn mark_numbered_headings(lines: &mut [Line<'_>]) {
    let family = |l: &Line<'_>| l.marker.as_ref().and_then(list::Marker::family);
    let non_blank: Vec<usize> = (0..lines.len())
        .filter(|&i| lines.get(i).is_some_and(|l| !l.text.is_empty()))
        .collect();
    for (k, &i) in non_blank.iter().enumerate() {
        let Some(line) = lines.get(i) else { continue };
        let Some(own) = family(line) else { continue };
        let neighbour = |j: Option<&usize>| {
            j.and_then(|&j| lines.get(j))
                .is_some_and(|l| family(l) == Some(own))
        };
        let lonely = !neighbour(k.checked_sub(1).and_then(|p| non_blank.get(p)))
            && !neighbour(non_blank.get(k + 1));
        if lonely && numbered_title(line.text).is_some() {
            if let Some(line) = lines.get_mut(i) {
                line.numbered_heading = true;
                line.marker = None;
            }
        }
    }
}

/// The width text was wrapped at, when it was hard-wrapped: most lines
/// run on into the next and end near one width. `None` for text with a
/// paragraph a line.
fn wrap_width(lines: &[Line<'_>]) -> Option<usize> {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| !l.text.is_empty())
        .map(|l| l.width)
        .collect();
    if widths.len() < 4 {
        return None;
    }
    let followed = lines
        .windows(2)
        .filter(|w| matches!(w, [a, b] if !a.text.is_empty() && !b.text.is_empty()))
        .count();
    widths.sort_unstable();
    let p90 = *widths.get(widths.len() * 9 / 10)?;
    let long = widths.iter().filter(|&&w| w * 4 >= p90 * 3).count();
    let wrapped = p90 <= 150 && followed * 2 >= widths.len() && long * 5 >= widths.len() * 2;
    wrapped.then(|| {
        widths
            .iter()
            .copied()
            .filter(|&w| w * 10 <= p90 * 11)
            .max()
            .unwrap_or(p90)
    })
}

/// Whether the writer broke the line between `a` and `b` (rather than the
/// text being wrapped there).
fn breaks(a: &Line<'_>, b: &Line<'_>, width: Option<usize>) -> bool {
    if b.marker.is_some() || a.numbered_heading || b.numbered_heading {
        return true;
    }
    if is_capitals(a.text) != is_capitals(b.text) && (ends_sentence(a.text) || is_capitals(a.text))
    {
        return true;
    }
    let Some(width) = width else {
        return true;
    };
    let next_word = b
        .text
        .split_whitespace()
        .next()
        .map_or(0, |w| w.chars().count());
    let fits = a.width + 1 + next_word <= width;
    // Where the next word would have fitted, the line ended early: at the
    // end of a sentence, of a short line, or before a capital (a list of
    // titles, say) unless the line runs on with a comma.
    let capital = b.text.chars().next().is_some_and(char::is_uppercase);
    let short_next = ends_sentence(a.text) && b.width * 2 < width;
    short_next
        || fits
            && (ends_sentence(a.text)
                || a.width * 10 < width * 6
                || (capital && a.width * 20 < width * 17 && !a.text.ends_with(',')))
}

fn units(lines: Vec<Line<'_>>, width: Option<usize>) -> Vec<Unit<'_>> {
    let mut units: Vec<Unit<'_>> = Vec::new();
    for line in lines {
        if line.text.is_empty() {
            units.push(Unit::Blank);
            continue;
        }
        let joined = match units.last_mut() {
            Some(Unit::Text(run)) => run
                .last()
                .is_some_and(|a| !breaks(a, &line, width))
                .then_some(run),
            Some(Unit::Item(run)) => run
                .last()
                .is_some_and(|a| !breaks(a, &line, width) || continues_item(run, &line, width))
                .then_some(run),
            _ => None,
        };
        match joined {
            Some(run) => run.push(line),
            None if line.marker.is_some() => units.push(Unit::Item(vec![line])),
            None => units.push(Unit::Text(vec![line])),
        }
    }
    units
}

/// In text that is not hard-wrapped, a list item goes on over lines
/// indented past its marker.
fn continues_item(run: &[Line<'_>], line: &Line<'_>, width: Option<usize>) -> bool {
    width.is_none()
        && line.marker.is_none()
        && run.first().is_some_and(|first| line.indent > first.indent)
}

/// The first line is the title when it reads as a heading and more
/// follows; else one of the next two lines, when it reads as a heading and
/// names the document ("Privacy Notice" under the company's name).
fn take_title<'a>(mut units: Vec<Unit<'a>>, document: &mut Document) -> Vec<Unit<'a>> {
    let solid: Vec<usize> = (0..units.len())
        .filter(|&i| !matches!(units.get(i), Some(Unit::Blank) | None))
        .take(4)
        .collect();
    for (k, &at) in solid.iter().enumerate().take(3) {
        let Some(Unit::Text(lines)) = units.get(at) else {
            continue;
        };
        let [line] = lines.as_slice() else { continue };
        let more = solid.len() > k + 1;
        if more && heading_shape(line.text) && (k == 0 || names_document(line.text)) {
            document.title = Some((line.text.to_string(), TitleSource::FirstLine));
            units.remove(at);
            return units;
        }
    }
    units
}

/// What kind of heading a line would be, if it has the shape of one.
fn clue(line: &Line<'_>) -> Option<Clue> {
    if !heading_shape(line.text) {
        return None;
    }
    if let Some(depth) = numbered_title(line.text) {
        return Some(Clue::Numbered(depth));
    }
    if line.marker.is_some() {
        return None;
    }
    Some(if is_capitals(line.text) {
        Clue::Capitals
    } else if is_title_case(line.text) {
        Clue::TitleCase
    } else {
        Clue::ShortLine
    })
}

/// The depth of a numbered heading's number (`1.`, `2.3`, `A.`), when the
/// text after it has a heading's shape and starts with a capital.
fn numbered_title(text: &str) -> Option<usize> {
    let (_, rest, depth) = split_number(text)?;
    let capital = rest.chars().next().is_some_and(char::is_uppercase);
    (capital && heading_shape(&rest)).then_some(depth)
}

/// A line that could be a heading: some letters, short, no sentence
/// punctuation at the end (a question mark is allowed: "What do we
/// collect?"), no address or date in it, starting with a capital or a
/// number.
fn heading_shape(text: &str) -> bool {
    let words = text.split_whitespace().count();
    let first = text.chars().find(|c| c.is_alphanumeric());
    let last = text
        .trim_end_matches(['”', '’', '"', '\'', ')'])
        .chars()
        .last();
    words > 0
        && words <= 16
        && text.chars().count() <= 120
        && first.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || "“\"'‘(".contains(c))
        && !last.is_some_and(|c| matches!(c, '.' | ',' | ';' | ':' | '!'))
        && !text.contains('@')
        && !text.contains("://")
        && !matches!(dates::find(text), Some(dates::Found::Date(_)))
}

/// Ends with `.`, `!`, `?`, `:` or `;` (closing quotes and brackets aside).
fn ends_sentence(text: &str) -> bool {
    let last = text
        .trim_end_matches(['”', '’', '"', '\'', ')', ']'])
        .chars()
        .last();
    last.is_some_and(|c| matches!(c, '.' | '!' | '?' | ':' | ';'))
}

fn ends_with_colon(text: &str) -> bool {
    text.trim_end().ends_with(':')
}

/// Letters, none of them lower case.
fn is_capitals(text: &str) -> bool {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !text.chars().any(char::is_lowercase)
}

/// Words that title case leaves in lower case.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "nor", "but", "of", "to", "in", "on", "for", "with", "by", "at",
    "from", "as", "into", "via", "per", "vs", "de", "du", "la", "le", "von", "van", "und",
];

/// Most words (short joining words aside) start with a capital.
fn is_title_case(text: &str) -> bool {
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .filter(|w| !SMALL_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase)
        })
        .count();
    !words.is_empty() && capitalised * 4 >= words.len() * 3
}

/// The units as blocks: headings with their levels, paragraphs, lists.
fn blocks(units: &[Unit<'_>], document: &mut Document) {
    let solid: Vec<&Unit<'_>> = units.iter().filter(|u| !matches!(u, Unit::Blank)).collect();
    let clues: Vec<Option<Clue>> = solid.iter().map(|u| one_line(u).and_then(clue)).collect();
    let mut levels = Levels::default();
    // The level of the heading just before, when nothing came between.
    let mut bare_parent: Option<usize> = None;
    let mut items: Vec<&Line<'_>> = Vec::new();
    let mut item_lines: Vec<Vec<&Line<'_>>> = Vec::new();
    for (k, unit) in solid.iter().enumerate() {
        if let Unit::Item(lines) = unit {
            bare_parent = None;
            if let Some(first) = lines.first() {
                items.push(first);
                item_lines.push(lines.iter().collect());
            }
            continue;
        }
        flush_list(&mut items, &mut item_lines, document);
        let Unit::Text(lines) = unit else { continue };
        let heading = clues
            .get(k)
            .copied()
            .flatten()
            .filter(|&clue| is_heading(k, clue, &solid, &clues));
        match (heading, lines.as_slice()) {
            (Some(clue), [line]) => {
                let mut heading = heading_of(line, clue, &mut levels);
                // A heading straight under another (with nothing between)
                // is its subheading, whatever its style.
                if let (Some(parent), false) = (bare_parent, matches!(clue, Clue::Numbered(_))) {
                    heading.level = heading.level.max(parent + 1).min(MAX_LEVEL);
                }
                bare_parent = Some(heading.level);
                document.blocks.push(Block::Heading(heading));
            }
            _ => {
                bare_parent = None;
                document.blocks.push(Block::Prose(paragraph(lines)));
            }
        }
    }
    flush_list(&mut items, &mut item_lines, document);
}

fn one_line<'u, 'a>(unit: &'u Unit<'a>) -> Option<&'u Line<'a>> {
    match unit {
        Unit::Text(lines) => match lines.as_slice() {
            [line] => Some(line),
            _ => None,
        },
        _ => None,
    }
}

/// Whether the candidate at `k` is a heading, from what is around it.
fn is_heading(k: usize, clue: Clue, solid: &[&Unit<'_>], clues: &[Option<Clue>]) -> bool {
    if solid.get(k + 1).is_none() {
        return false;
    }
    let clue_at = |j: usize| clues.get(j).copied().flatten();
    let body = |j: usize| match solid.get(j) {
        Some(Unit::Text(lines)) => lines.len() > 1 || clue_at(j).is_none(),
        Some(Unit::Item(_)) => matches!(clue, Clue::Numbered(_) | Clue::Capitals),
        _ => false,
    };
    let after_colon = k.checked_sub(1).and_then(|p| solid.get(p)).is_some_and(
        |u| matches!(u, Unit::Text(lines) if lines.last().is_some_and(|l| ends_with_colon(l.text))),
    );
    // The run of candidate lines `k` stands in: headings over subheadings
    // (at most three deep) end in a paragraph; a longer run is a list of
    // lines (a table of contents, an address).
    let first = (0..=k)
        .rev()
        .take_while(|&j| clue_at(j).is_some())
        .last()
        .unwrap_or(k);
    let end = (k..solid.len())
        .take_while(|&j| clue_at(j).is_some())
        .last()
        .unwrap_or(k)
        + 1;
    let short_run = end - first <= 3 && body(end);
    let caps = |j: usize| clue_at(j) == Some(Clue::Capitals);
    match clue {
        Clue::Numbered(_) | Clue::Markup => true,
        Clue::Capitals => !caps(k + 1) || short_run,
        Clue::TitleCase | Clue::ShortLine => !after_colon && (body(k + 1) || short_run),
    }
}

/// The deepest heading level, as in HTML: sections nest at most this deep.
const MAX_LEVEL: usize = 6;

/// Heading levels: a numbered heading is as deep as its number; other
/// styles take levels in the order they first appear (as reStructuredText
/// ranks its underlines), below the last numbered heading when there is
/// one.
#[derive(Default)]
struct Levels {
    styles: Vec<Clue>,
    numbered_depth: Option<usize>,
}

impl Levels {
    fn level(&mut self, clue: Clue) -> usize {
        if let Clue::Numbered(depth) = clue {
            let depth = depth.min(MAX_LEVEL);
            self.numbered_depth = Some(depth);
            return depth;
        }
        // Title case and sentence case are one style: writers mix them.
        let clue = if clue == Clue::ShortLine {
            Clue::TitleCase
        } else {
            clue
        };
        let rank = match self.styles.iter().position(|&s| s == clue) {
            Some(rank) => rank,
            None => {
                self.styles.push(clue);
                self.styles.len() - 1
            }
        };
        (self.numbered_depth.unwrap_or(0) + 1 + rank).min(MAX_LEVEL)
    }
}

fn heading_of(line: &Line<'_>, clue: Clue, levels: &mut Levels) -> Heading {
    let (number, title) = match (clue, split_number(line.text)) {
        (Clue::Numbered(_), Some((number, title, _))) => (Some(number), title),
        _ => (None, line.text.to_string()),
    };
    Heading {
        level: levels.level(clue),
        title,
        number,
        clue,
        line: line.no,
    }
}

fn paragraph(lines: &[Line<'_>]) -> Prose {
    let plain = lines.iter().map(|l| l.text).collect::<Vec<_>>().join(" ");
    let short = lines.len() == 1 && plain.chars().count() <= 80 && !ends_sentence(&plain);
    Prose {
        markdown: escape::markdown(&plain),
        shape: if short { Shape::Line } else { Shape::Paragraph },
        line: lines.first().map_or(0, |l| l.no),
        plain,
    }
}

/// Writes the list items gathered so far as blocks.
fn flush_list<'a>(
    items: &mut Vec<&Line<'a>>,
    lines: &mut Vec<Vec<&Line<'a>>>,
    document: &mut Document,
) {
    if items.is_empty() {
        return;
    }
    let entries: Vec<list::Entry<'_>> = items
        .iter()
        .zip(lines.iter())
        .filter_map(|(first, lines)| {
            let marker = first.marker.clone()?;
            let mut text = marker.rest.to_string();
            for line in lines.iter().skip(1) {
                text.push(' ');
                text.push_str(line.text);
            }
            Some(list::Entry {
                indent: first.indent,
                marker,
                text,
                line: first.no,
            })
        })
        .collect();
    document
        .blocks
        .extend(list::blocks(&entries).into_iter().map(Block::Prose));
    items.clear();
    lines.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> Vec<String> {
        crate::import::blocks::sketch(&read(text))
    }

    #[test]
    fn hard_wrapped_paragraphs_are_joined_and_capitals_are_headings() {
        let text = "PRIVACY POLICY\nWe respect your privacy and are committed to protecting it through\nour compliance with this policy.\nThis Policy describes the types of information we may collect from\nyou.\nCHILDREN\nWe do not knowingly collect any Personal Information from children\nunder the age of 18.\nThis document was last updated on November 1, 2023\n";
        assert_eq!(
            outline(text),
            [
                "title PRIVACY POLICY",
                "p We respect your privacy and are committed to protecting it through our compliance with this policy.",
                "p This Policy describes the types of information we may collect from you.",
                "h1 CHILDREN",
                "p We do not knowingly collect any Personal Information from children under the age of 18.",
                "p This document was last updated on November 1, 2023",
            ]
        );
    }

    #[test]
    fn numbered_headings_nest_what_follows_them() {
        let text = "Privacy Policy\n\nIntroduction\nWe are Acme.\n\n1.  Information We Collect\n\nWe collect data.\n\nAccount Data\n\nYour name and email.\n\n1.2 Cookies\n\nWe use cookies.\n\n3  Sharing\n\nWe share nothing.\n";
        assert_eq!(
            outline(text),
            [
                "title Privacy Policy",
                "h1 Introduction",
                "p We are Acme.",
                "h1 [1.] Information We Collect",
                "p We collect data.",
                "h2 Account Data",
                "p Your name and email.",
                "h2 [1.2] Cookies",
                "p We use cookies.",
                "h1 [3] Sharing",
                "p We share nothing.",
            ]
        );
    }

    #[test]
    fn runs_of_short_lines_stay_text() {
        let text = "Terms\n\nContents\nScope\nYour rights\nContact\n\nScope\n\nThese terms apply to you.\n\nContact us at:\nHome\nAcme Ltd\n";
        let out = outline(text);
        assert!(out.contains(&"p Scope".to_string()), "{out:?}");
        assert!(out.contains(&"p Your rights".to_string()), "{out:?}");
        assert!(out.contains(&"h1 Scope".to_string()), "{out:?}");
        assert!(out.contains(&"p Home".to_string()), "{out:?}");
    }

    #[test]
    fn headings_straight_under_headings_nest() {
        let text = "Privacy Policy\n\nCollecting Your Data\nTypes of Data\nPersonal Data\nWe may ask for your email.\n\nUsage Data\nUsage Data is collected automatically.\n";
        assert_eq!(
            outline(text),
            [
                "title Privacy Policy",
                "h1 Collecting Your Data",
                "h2 Types of Data",
                "h3 Personal Data",
                "p We may ask for your email.",
                "h1 Usage Data",
                "p Usage Data is collected automatically.",
            ]
        );
    }

    #[test]
    fn numbered_lists_are_not_headings() {
        let text =
            "Title\n\nWe collect:\n\n1. Email address\n2. Phone Number\n\nAnd more text here.\n";
        assert_eq!(
            outline(text),
            [
                "title Title",
                "p We collect:",
                "p 1. Email address\n2. Phone Number",
                "p And more text here.",
            ]
        );
    }
}

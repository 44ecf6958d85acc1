//! A table of contents printed in the text — a run of short lines that are,
//! in order, exactly the titles of the sections to some depth — becomes the
//! compiler's `toc`, which lists the same sections and stays right when they
//! change. Where an entry is printed otherwise than its heading ("Privacy of
//! children" for "PRIVACY OF CHILDREN"), the section's `toc-title` keeps the
//! printed words.

use super::Note;
use super::blocks::{Shape, split_number};
use super::outline::{Item, Section};

/// Replaces a printed table of contents with a `toc`, where there is one.
pub fn place(items: &mut [Item], report: &mut Vec<Note>) {
    for at in 0..items.len() {
        let Some((entries, title)) = candidate(items, at) else {
            continue;
        };
        let Some(depth) = (1..=3).find(|&d| matches(items, at, d, &entries)) else {
            continue;
        };
        let mut k = 0;
        set_toc_titles(items, at, depth, 1, &entries, &mut k);
        let line = match items.get(at) {
            Some(Item::Section(s)) => s.line,
            _ => 0,
        };
        if let Some(slot) = items.get_mut(at) {
            *slot = Item::Toc { title, depth };
        }
        report.push(Note::info(format!(
            "the table of contents{} ({} entries) is now the compiler's `toc`, which lists the sections as they are",
            super::at_line(line),
            entries.len()
        )));
        return;
    }
}

/// The entries of a table of contents at `at`: a section holding nothing
/// but three or more short lines.
fn candidate(items: &[Item], at: usize) -> Option<(Vec<String>, Option<String>)> {
    let Item::Section(section) = items.get(at)? else {
        return None;
    };
    let entries: Option<Vec<String>> = section
        .items
        .iter()
        .map(|item| match item {
            Item::Prose {
                shape: Shape::Line,
                plain,
                ..
            } => Some(plain.clone()),
            _ => None,
        })
        .collect();
    let entries = entries.filter(|e| e.len() >= 3)?;
    Some((entries, Some(section.title.clone())))
}

/// A title as compared with an entry: no number, lower case, letters and
/// digits only.
fn key(text: &str) -> String {
    let text = split_number(text).map_or(text.to_string(), |(_, rest, _)| rest);
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Whether the entries are the titles of every section to `depth`, the
/// one at `at` aside.
fn matches(items: &[Item], at: usize, depth: usize, entries: &[String]) -> bool {
    let mut titles = Vec::new();
    for (i, item) in items.iter().enumerate() {
        if let (false, Item::Section(section)) = (i == at, item) {
            collect(section, depth, 1, &mut titles);
        }
    }
    titles.len() == entries.len()
        && titles
            .iter()
            .zip(entries)
            .all(|(t, e)| key(t) == key(e) && !key(e).is_empty())
}

fn collect(section: &Section, depth: usize, level: usize, out: &mut Vec<String>) {
    if level > depth {
        return;
    }
    out.push(section.title.clone());
    for item in &section.items {
        if let Item::Section(child) = item {
            collect(child, depth, level + 1, out);
        }
    }
}

/// Gives each listed section the entry's words when they differ from its title.
fn set_toc_titles(
    items: &mut [Item],
    skip: usize,
    depth: usize,
    level: usize,
    entries: &[String],
    k: &mut usize,
) {
    if level > depth {
        return;
    }
    for (i, item) in items.iter_mut().enumerate() {
        let Item::Section(section) = item else {
            continue;
        };
        if level == 1 && i == skip {
            continue;
        }
        if let Some(entry) = entries.get(*k) {
            let printed = split_number(entry).map_or(entry.clone(), |(_, rest, _)| rest);
            if printed != section.title {
                section.toc_title = Some(printed);
            }
        }
        *k += 1;
        set_toc_titles(&mut section.items, usize::MAX, depth, level + 1, entries, k);
    }
}

//! The generated blocks of data practices in Markdown: the data and cookie
//! tables as GitHub-flavoured pipe tables, the rights list and the privacy
//! label as lists. Every value is escaped so that it reads as written.

use crate::markup::{escape_markdown, link_destination};
use crate::view::{FactView, LabelCard, NOTHING_COLLECTED, RightItem};
use std::fmt::Write as _;

/// A block of facts, after its heading; `bullet` is the list marker the
/// author's prose uses, `level` the level of headings inside the block.
pub(super) fn facts(view: &FactView, bullet: char, level: usize, out: &mut String) {
    if let Some((columns, rows)) = view.table() {
        table(columns, &rows, out);
        return;
    }
    match view {
        FactView::Rights(items) => {
            for item in items {
                right(item, bullet, out);
            }
            out.push('\n');
        }
        FactView::Label(card) => label(card, bullet, level, out),
        FactView::DataTable(_) | FactView::CookieTable(_) => {}
    }
}

/// A pipe table: the header, the delimiter row, a row a line.
fn table(columns: &[&str], rows: &[Vec<String>], out: &mut String) {
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(columns.iter().map(|c| escape_markdown(c)).collect()));
    out.push_str(&line(columns.iter().map(|_| "---".to_string()).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(|c| escape_markdown(c)).collect()));
    }
    out.push('\n');
}

/// `- **Access your data**: [email](mailto:…); answered within 30 days`.
fn right(item: &RightItem, bullet: char, out: &mut String) {
    let _ = write!(out, "{bullet} **{}**", escape_markdown(item.label));
    let ways: Vec<String> = item
        .via
        .iter()
        .map(|(text, target)| {
            if target.is_empty() {
                escape_markdown(text)
            } else {
                format!("[{}]({})", escape_markdown(text), link_destination(target))
            }
        })
        .collect();
    if !ways.is_empty() {
        let _ = write!(out, ": {}", ways.join(", "));
    }
    if let Some(time) = &item.response_time {
        let _ = write!(out, "; answered within {}", escape_markdown(time));
    }
    out.push('\n');
}

/// The label's groups under headings, with their categories.
fn label(card: &LabelCard, bullet: char, level: usize, out: &mut String) {
    let hashes = "#".repeat(level.min(6));
    if card.none_collected {
        let _ = write!(out, "{NOTHING_COLLECTED}.\n\n");
        return;
    }
    for (heading, items) in card.groups() {
        let _ = write!(out, "{hashes} {heading}\n\n");
        for item in items {
            let _ = writeln!(out, "{bullet} {}", escape_markdown(item));
        }
        out.push('\n');
    }
}

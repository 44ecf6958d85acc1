//! Lists and tables of an HTML page as CommonMark: `<ul>`/`<ol>` as
//! lists (nested, numbered from `start`; `type="a"` or `"i"` lists as
//! paragraphs with their printed letters, which CommonMark cannot show),
//! `<table>` as a GFM table (the renderer reads tables), or a paragraph a
//! row when cells span rows or columns or hold blocks.

use super::{BLOCKS, Reader, chrome, escape, inline};
use crate::import::blocks::Shape;
use scraper::ElementRef;

impl Reader {
    /// A list as CommonMark: `-` or numbers from `start`; `type="a"` or
    /// `"i"` lists as paragraphs with their letters, as printed.
    pub(super) fn list(&mut self, e: ElementRef<'_>) -> String {
        let ordered = e.value().name() == "ol";
        let start: u64 = e
            .value()
            .attr("start")
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(1);
        let lettered = e
            .value()
            .attr("type")
            .filter(|t| ordered && matches!(*t, "a" | "A" | "i" | "I"));
        let mut items = Vec::new();
        for (li, n) in e
            .child_elements()
            .filter(|c| c.value().name() == "li" && !chrome::invisible(*c))
            .zip(start..)
        {
            let body = self.nested(li);
            let marker = match lettered {
                Some(kind) => letter_marker(kind, n),
                None if ordered => format!("{n}."),
                None => "-".to_string(),
            };
            if lettered.is_some() {
                items.push(escape::markdown(&format!("{marker} ")) + body.trim());
                continue;
            }
            let pad = " ".repeat(marker.chars().count() + 1);
            let body = if body.trim().is_empty() {
                String::new()
            } else {
                body
            };
            let mut lines = body.lines();
            let mut item = format!("{marker} {}", lines.next().unwrap_or_default());
            for line in lines {
                item.push('\n');
                if !line.is_empty() {
                    item.push_str(&pad);
                    item.push_str(line);
                }
            }
            items.push(item.trim_end().to_string());
        }
        items.join(if lettered.is_some() { "\n\n" } else { "\n" })
    }

    /// A table as a GFM table; as paragraphs, a row each, when its cells
    /// span rows or columns or hold blocks.
    pub(super) fn table(&mut self, e: ElementRef<'_>) {
        let rows: Vec<ElementRef<'_>> = e
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|r| r.value().name() == "tr")
            .collect();
        let mut cells: Vec<Vec<String>> = Vec::new();
        let mut simple = true;
        for row in rows {
            let mut line = Vec::new();
            for cell in row
                .child_elements()
                .filter(|c| matches!(c.value().name(), "td" | "th"))
            {
                let spans = ["colspan", "rowspan"]
                    .iter()
                    .any(|a| cell.value().attr(a).is_some_and(|v| v.trim() != "1"));
                simple &= !spans && !has_blocks_deep(cell);
                let inline = self.inline(cell);
                line.push(inline::markdown(&inline, true));
            }
            if !line.is_empty() {
                cells.push(line);
            }
        }
        let width = cells.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        if !simple {
            for row in cells {
                let text = row
                    .into_iter()
                    .filter(|c| !c.is_empty())
                    .collect::<Vec<_>>()
                    .join(" — ");
                self.prose(text, Shape::Paragraph);
            }
            return;
        }
        let mut markdown = String::new();
        for (i, mut row) in cells.into_iter().enumerate() {
            row.resize(width, String::new());
            markdown.push_str(&format!("| {} |\n", row.join(" | ")));
            if i == 0 {
                markdown.push_str(&format!("|{}\n", " --- |".repeat(width)));
            }
        }
        self.prose(markdown.trim_end().to_string(), Shape::Other);
    }
}

/// Whether a cell holds block elements.
fn has_blocks_deep(e: ElementRef<'_>) -> bool {
    e.descendants()
        .filter_map(ElementRef::wrap)
        .skip(1)
        .any(|d| BLOCKS.contains(&d.value().name()) && d.value().name() != "br")
}

/// `a.`, `B.`, `iv.` for the `n`th item of a list of that type.
fn letter_marker(kind: &str, n: u64) -> String {
    let marker = match kind {
        "a" | "A" => {
            let index = u32::try_from((n.max(1) - 1) % 26).unwrap_or(0);
            char::from_u32(u32::from(b'a') + index)
                .map(String::from)
                .unwrap_or_default()
        }
        _ => roman(n),
    };
    let marker = if kind.chars().all(char::is_uppercase) {
        marker.to_uppercase()
    } else {
        marker
    };
    format!("{marker}.")
}

fn roman(mut n: u64) -> String {
    const TABLE: [(u64, &str); 9] = [
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

//! The policy as `.policy` text: metadata, the organisation and contact
//! point, then the items in order — runs of prose as one `text """` block
//! each, sections with their kind, number and table-of-contents title —
//! and finally the project's formatter, so the file is in the canonical
//! layout `policyc fmt --check` expects.

use super::escape;
use super::facts::Facts;
use super::outline::{Item, Piece, Section};
use crate::keyword::Keyword;
use crate::source::SourceFile;
use std::fmt::Write as _;

/// The policy's text, formatted.
pub fn write(facts: &Facts, items: &[Item]) -> String {
    let text = unformatted(facts, items);
    crate::fmt::format(&SourceFile::new(
        format!("{}.policy", facts.id),
        text.as_str(),
    ))
    .unwrap_or(text)
}

fn unformatted(facts: &Facts, items: &[Item]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Imported from {} by `policyc import`. Check the title, the dates,",
        facts.source.replace(['\n', '\r'], " ")
    );
    out.push_str("// the organisation, the contact point and the kind of each section\n");
    out.push_str("// against the original, then remove this comment.\n");
    let _ = writeln!(
        out,
        "policy {} {} {{",
        facts.kind.keyword(),
        escape::string(&facts.title)
    );
    let _ = writeln!(out, "  id = {}", escape::string(&facts.id));
    if let Some(date) = facts.effective {
        let _ = writeln!(out, "  effective = {date}");
    }
    if let Some(date) = facts.updated {
        let _ = writeln!(out, "  updated = {date}");
    }
    entities(facts, &mut out);
    items_into(items, 1, &mut out);
    out.push_str("}\n");
    out
}

fn entities(facts: &Facts, out: &mut String) {
    if facts.org_name.is_some() || facts.website.is_some() {
        out.push_str("\n  org {\n");
        if let Some(name) = &facts.org_name {
            let _ = writeln!(out, "    name = {}", escape::string(name));
        }
        if let Some(site) = &facts.website {
            let _ = writeln!(out, "    website = {}", escape::string(site));
        }
        out.push_str("  }\n");
    }
    if facts.email.is_some() || facts.contact_url.is_some() {
        out.push_str("  contact {\n");
        if let Some(email) = &facts.email {
            let _ = writeln!(out, "    email = {}", escape::string(email));
        }
        if let Some(url) = &facts.contact_url {
            let _ = writeln!(out, "    url = {}", escape::string(url));
        }
        out.push_str("  }\n");
    }
}

fn items_into(items: &[Item], depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let mut prose: Vec<&[Piece]> = Vec::new();
    for item in items {
        if let Item::Prose { pieces, .. } = item {
            prose.push(pieces);
            continue;
        }
        text_block(&prose, &pad, out);
        prose.clear();
        match item {
            Item::Section(section) => section_into(section, depth, out),
            Item::Toc {
                title,
                depth: levels,
            } => {
                let title = title
                    .as_deref()
                    .map(|t| format!(" {}", escape::string(t)))
                    .unwrap_or_default();
                let _ = writeln!(out, "\n{pad}toc{title} {{ depth = {levels} }}");
            }
            Item::LastUpdated(line) => {
                let _ = writeln!(out, "\n{pad}last-updated {}", escape::string(line));
            }
            Item::Facts(facts) => {
                out.push('\n');
                for line in facts.lines() {
                    let _ = writeln!(out, "{pad}{line}");
                }
            }
            Item::Prose { .. } => {}
        }
    }
    text_block(&prose, &pad, out);
}

fn section_into(section: &Section, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let kind = section
        .kind
        .map(|k| format!("{} ", k.keyword()))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "\n{pad}section {kind}{} {{",
        escape::string(&section.title)
    );
    if let Some(number) = &section.number {
        let _ = writeln!(out, "{pad}  number = {}", escape::string(number));
    }
    if let Some(toc_title) = &section.toc_title {
        let _ = writeln!(out, "{pad}  toc-title = {}", escape::string(toc_title));
    }
    items_into(&section.items, depth + 1, out);
    let _ = writeln!(out, "{pad}}}");
}

/// Consecutive prose blocks as one `text """ … """`, a blank line between.
fn text_block(blocks: &[&[Piece]], pad: &str, out: &mut String) {
    if blocks.is_empty() {
        return;
    }
    let body = blocks
        .iter()
        .map(|pieces| prose_text(pieces))
        .collect::<Vec<_>>()
        .join("\n\n");
    let quotes = escape::prose_quotes(&body);
    let _ = writeln!(out, "\n{pad}text {quotes}");
    for line in body.lines() {
        if line.trim().is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "{pad}  {line}");
        }
    }
    let _ = writeln!(out, "{pad}  {quotes}");
}

/// A block's pieces as prose: `${` in the text escaped, references written.
pub fn prose_text(pieces: &[Piece]) -> String {
    let mut text = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => text.push_str(&escape::prose(t)),
            Piece::Ref(name) => {
                let _ = write!(text, "${{{name}}}");
            }
        }
    }
    text
}

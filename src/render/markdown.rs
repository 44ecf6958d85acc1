//! The Markdown renderer: CommonMark with ATX headings, optionally preceded
//! by YAML front matter for static-site generators.

use super::slug;
use crate::markup::{escape_markdown, link_destination};
use crate::model::entity::LinkKind;
use crate::model::*;
use crate::source::SafeSlice;
use crate::view::{BlockView, ChannelView, ContactCard, Document, GlossaryEntry, TocEntry};
use crate::yaml::to_yaml;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

/// Options for the Markdown output.
#[derive(Debug, Clone, Copy, Default)]
pub struct MarkdownOptions {
    /// Start with a `---` YAML block of the policy's metadata.
    pub front_matter: bool,
}

/// The front matter: what a static-site generator needs to list the page.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    id: &'a str,
    kind: PolicyKind,
    lang: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    effective: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<String>,
}

/// The policy as a CommonMark document.
pub fn render(policy: &Policy, options: MarkdownOptions) -> Result<String, String> {
    render_document(&Document::of(policy), options)
}

/// The CommonMark document of a policy already laid out, for a build that
/// lays it out once for every format that reads it.
pub fn render_document(
    document: &Document<'_>,
    options: MarkdownOptions,
) -> Result<String, String> {
    let policy = document.policy;
    let mut out = String::new();
    if options.front_matter {
        let matter = FrontMatter {
            title: &policy.title.node,
            id: policy.id(),
            kind: policy.kind.node,
            lang: &policy.meta.language.node,
            version: policy.meta.version.as_ref().map(|v| v.node.as_str()),
            effective: policy.meta.effective.as_ref().map(|d| d.node.to_string()),
            updated: policy.meta.updated.as_ref().map(|d| d.node.to_string()),
        };
        out.push_str("---\n");
        out.push_str(&to_yaml(&matter)?);
        out.push_str("---\n\n");
    }
    out.push_str(&body(document));
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    Ok(out)
}

/// The title and the blocks. With a table of contents, each entry first
/// links to its section's id; then the anchor viewers give each heading is
/// read from the finished Markdown (every heading of the output, by
/// [`slug::heading_anchors`]) and put in place of the id where the entry
/// was written: the document is written once.
fn body(document: &Document<'_>) -> String {
    let mut out = format!("# {}\n\n", escape_markdown(&document.policy.title.node));
    let writer = Writer {
        bullet: bullet_of(&document.blocks),
        sections: RefCell::default(),
        links: RefCell::default(),
        document,
    };
    writer.blocks(&document.blocks, &mut out);
    if !document.placed_toc {
        return out;
    }
    let at: HashMap<usize, String> = slug::heading_anchors(&out).into_iter().collect();
    let anchors: HashMap<String, String> = writer
        .sections
        .take()
        .into_iter()
        .filter_map(|(offset, id)| Some((id, at.get(&offset)?.clone())))
        .collect();
    let mut linked = String::with_capacity(out.len() + 64);
    let mut copied = 0;
    for (range, id) in writer.links.take() {
        linked.push_str(out.slice_between(copied, range.start));
        linked.push_str(anchors.get(&id).unwrap_or(&id));
        copied = range.end;
    }
    linked.push_str(out.slice_from(copied));
    linked
}

/// The document and the choices that keep generated Markdown consistent
/// with the author's.
struct Writer<'a> {
    document: &'a Document<'a>,
    /// The bullet the author's prose uses, so generated lists match it.
    bullet: char,
    /// Where each section's heading starts in the output, with its id.
    sections: RefCell<Vec<(usize, String)>>,
    /// Where each table-of-contents entry's target is written (its
    /// section's id, in order), to be replaced by the heading's anchor.
    links: RefCell<Vec<(Range<usize>, String)>>,
}

fn heading(level: usize, text: &str, out: &mut String) {
    let _ = write!(out, "{} {}\n\n", "#".repeat(level.min(6)), text);
}

/// The first bullet marker in the author's prose, or `-`.
fn bullet_of(blocks: &[BlockView<'_>]) -> char {
    first_bullet(blocks).unwrap_or('-')
}

fn first_bullet(blocks: &[BlockView<'_>]) -> Option<char> {
    blocks.iter().find_map(|b| match b {
        BlockView::Prose(text) => text.source().lines().find_map(|line| {
            let line = line.trim_start();
            let marker = line
                .chars()
                .next()
                .filter(|c| matches!(c, '-' | '*' | '+'))?;
            line.slice_from(1).starts_with(' ').then_some(marker)
        }),
        BlockView::Section { blocks, .. } => first_bullet(blocks),
        _ => None,
    })
}

impl Writer<'_> {
    fn blocks(&self, blocks: &[BlockView<'_>], out: &mut String) {
        for block in blocks {
            self.block(block, out);
        }
    }

    fn block(&self, block: &BlockView<'_>, out: &mut String) {
        match block {
            BlockView::Prose(prose) => {
                let text = prose.to_markdown();
                if !text.trim().is_empty() {
                    out.push_str(text.trim_end());
                    out.push_str("\n\n");
                }
            }
            BlockView::Section {
                section,
                level,
                blocks,
            } => {
                self.sections
                    .borrow_mut()
                    .push((out.len(), section.id.clone()));
                let title = escape_markdown(&section.title.node);
                match &section.number {
                    Some(number) => {
                        heading(*level, &format!("{} {title}", escape_markdown(number)), out)
                    }
                    None => heading(*level, &title, out),
                }
                self.blocks(blocks, out);
            }
            BlockView::Toc {
                title,
                level,
                entries,
            } => {
                if let Some(title) = title {
                    heading(*level, &escape_markdown(title), out);
                }
                self.toc_entries(entries, 1, out);
                out.push('\n');
            }
            BlockView::Contact { title, level } => {
                if let Some(title) = title {
                    heading(*level, &escape_markdown(title), out);
                }
                let lines = self
                    .document
                    .contact
                    .as_ref()
                    .map(contact_lines)
                    .unwrap_or_default();
                if !lines.is_empty() {
                    out.push_str(&lines.join("  \n"));
                    out.push_str("\n\n");
                }
            }
            BlockView::LastUpdated(parts) => {
                out.push_str(parts.to_markdown().trim());
                out.push_str("\n\n");
            }
            BlockView::Glossary {
                title,
                level,
                entries,
            } => {
                if let Some(title) = title {
                    heading(*level, &escape_markdown(title), out);
                }
                for entry in entries {
                    self.glossary_entry(entry, out);
                }
                out.push('\n');
            }
            BlockView::Facts {
                title,
                level,
                facts,
            } => {
                if let Some(title) = title {
                    heading(*level, &escape_markdown(title), out);
                }
                let inner = if title.is_some() { *level + 1 } else { *level };
                super::markdown_facts::facts(facts, self.bullet, inner, out);
            }
        }
    }

    /// `- **Phrase**: meaning`, the meaning's further lines indented under
    /// the item so that they stay in it.
    fn glossary_entry(&self, entry: &GlossaryEntry<'_>, out: &mut String) {
        let meaning = entry.meaning.to_markdown();
        let mut lines = meaning.trim().lines();
        let first = lines.next().unwrap_or("");
        let _ = writeln!(
            out,
            "{} **{}**: {first}",
            self.bullet,
            escape_markdown(entry.phrase)
        );
        for line in lines {
            if line.trim().is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "  {line}");
            }
        }
    }

    fn toc_entries(&self, entries: &[TocEntry<'_>], depth: usize, out: &mut String) {
        for entry in entries {
            let section = entry.section;
            let indent = "  ".repeat(depth - 1);
            let title = escape_markdown(section.toc_title());
            let label = match &section.number {
                Some(n) => format!("{} {title}", escape_markdown(n)),
                None => title,
            };
            let _ = write!(out, "{indent}{} [{label}](#", self.bullet);
            let start = out.len();
            out.push_str(&section.id);
            self.links
                .borrow_mut()
                .push((start..out.len(), section.id.clone()));
            out.push_str(")\n");
            self.toc_entries(&entry.children, depth + 1, out);
        }
    }
}

/// The contact block's lines: the organisation, then each channel.
fn contact_lines(card: &ContactCard) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(name) = &card.heading {
        lines.push(format!("**{}**", escape_markdown(name)));
    }
    lines.extend(card.lines.iter().map(|l| escape_markdown(l)));
    lines.extend(card.channels.iter().map(channel_line));
    for officer in &card.officers {
        lines.push(format!("**{}**", escape_markdown(&officer.heading)));
        lines.extend(officer.channels.iter().map(channel_line));
    }
    lines
}

/// `Label: value`, linked for web and email addresses. Telephone numbers
/// stay text: Markdown viewers rarely handle `tel:` links.
fn channel_line(channel: &ChannelView) -> String {
    let text = escape_markdown(&channel.text);
    let destination = match channel.link {
        LinkKind::Web | LinkKind::Mail => channel.href.as_deref().map(link_destination),
        LinkKind::Tel | LinkKind::None => None,
    };
    match destination {
        Some(destination) => format!("{}: [{text}]({destination})", channel.label),
        None => format!("{}: {text}", channel.label),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn markdown_of(text: &str) -> String {
        let policy = crate::compile(&SourceFile::new("t.policy", text))
            .policy
            .expect("valid");
        render(&policy, MarkdownOptions::default()).expect("renders")
    }

    #[test]
    fn toc_links_use_the_fragments_viewers_give_headings() {
        let md = markdown_of(
            "policy terms \"T\" { id = \"t\" numbering = \"1.\" toc section \"A b\" { } section \"A b\" { number = none } section \"A b\" { number = none } }",
        );
        assert!(md.contains("](#1-a-b)"), "{md}");
        assert!(md.contains("](#a-b)"), "{md}");
        assert!(md.contains("](#a-b-1)"), "{md}");
    }

    #[test]
    fn generated_lists_follow_the_authors_bullet() {
        let md = markdown_of(
            "policy terms \"T\" { id = \"t\" text \"\"\"\n  + one\n  \"\"\" toc section \"S\" { } }",
        );
        assert!(md.contains("+ [S](#s)"), "{md}");
    }
}

//! The Markdown renderer: CommonMark with ATX headings, optionally preceded
//! by YAML front matter for static-site generators.

use super::prose::{escape_markdown, to_markdown};
use super::yaml::to_yaml;
use crate::model::*;
use serde::Serialize;
use std::fmt::Write as _;

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
    let _ = write!(out, "# {}\n\n", escape_markdown(&policy.title.node));
    blocks(policy, &policy.body, 2, &mut out);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    Ok(out)
}

fn heading(level: usize, text: &str, out: &mut String) {
    let _ = write!(out, "{} {}\n\n", "#".repeat(level.min(6)), text);
}

fn blocks(policy: &Policy, body: &[Node<Block>], level: usize, out: &mut String) {
    for block in body {
        match &block.node {
            Block::Prose(prose) => {
                let text = to_markdown(policy, prose);
                if !text.trim().is_empty() {
                    out.push_str(text.trim_end());
                    out.push_str("\n\n");
                }
            }
            Block::Section(section) => {
                let title = escape_markdown(&section.title.node);
                match &section.number {
                    Some(number) => {
                        heading(level, &format!("{} {title}", escape_markdown(number)), out)
                    }
                    None => heading(level, &title, out),
                }
                blocks(policy, &section.body, level + 1, out);
            }
            Block::Toc(toc) => {
                if let Some(title) = &toc.title {
                    heading(level, &escape_markdown(&title.node), out);
                }
                let depth = toc.depth.as_ref().map_or(usize::MAX, |d| d.node as usize);
                toc_entries(&policy.body, 1, depth, out);
                out.push('\n');
            }
            Block::ContactBlock(block) => {
                if let Some(title) = &block.title {
                    heading(level, &escape_markdown(&title.node), out);
                }
                let lines = contact_lines(policy);
                if !lines.is_empty() {
                    out.push_str(&lines.join("  \n"));
                    out.push_str("\n\n");
                }
            }
            Block::LastUpdated(line) => {
                out.push_str(to_markdown(policy, &line.text).trim());
                out.push_str("\n\n");
            }
        }
    }
}

fn toc_entries(body: &[Node<Block>], depth: usize, max_depth: usize, out: &mut String) {
    if depth > max_depth {
        return;
    }
    for block in body {
        if let Block::Section(section) = &block.node {
            let indent = "  ".repeat(depth - 1);
            let title = escape_markdown(section.toc_title());
            let label = match &section.number {
                Some(n) => format!("{} {title}", escape_markdown(n)),
                None => title,
            };
            let _ = writeln!(out, "{indent}- [{label}](#{})", section.id);
            toc_entries(&section.body, depth + 1, max_depth, out);
        }
    }
}

/// The contact block's lines: the organisation, then each channel.
fn contact_lines(policy: &Policy) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(org) = &policy.org {
        if let Some(name) = &org.node.name {
            lines.push(format!("**{}**", escape_markdown(&name.node)));
        }
        if let Some(address) = &org.node.address {
            lines.push(escape_markdown(&address.node));
        }
        if let Some(registration) = &org.node.registration {
            lines.push(format!(
                "Registration: {}",
                escape_markdown(&registration.node)
            ));
        }
        if let Some(website) = &org.node.website {
            lines.push(format!("Website: <{}>", website.node));
        }
    }
    if let Some(contact) = &policy.contact {
        channel_lines(&contact.node.channels, &mut lines);
        for officer in &contact.node.officers {
            let officer = &officer.node;
            let who = [officer.title.as_ref(), officer.name.as_ref()]
                .into_iter()
                .flatten()
                .map(|n| escape_markdown(&n.node))
                .collect::<Vec<_>>()
                .join(": ");
            lines.push(if who.is_empty() {
                format!("**{}**", escape_markdown(&officer.role.node))
            } else {
                format!("**{who}**")
            });
            channel_lines(&officer.channels, &mut lines);
        }
    }
    lines
}

fn channel_lines(channels: &Channels, lines: &mut Vec<String>) {
    if let Some(email) = &channels.email {
        lines.push(format!(
            "Email: [{}](mailto:{})",
            escape_markdown(&email.node),
            email.node
        ));
    }
    if let Some(url) = &channels.url {
        lines.push(format!("Web: <{}>", url.node));
    }
    if let Some(phone) = &channels.phone {
        lines.push(format!("Phone: {}", escape_markdown(&phone.node)));
    }
    if let Some(address) = &channels.address {
        lines.push(format!("Address: {}", escape_markdown(&address.node)));
    }
}

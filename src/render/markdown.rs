//! The Markdown renderer: CommonMark with ATX headings, optionally preceded
//! by YAML front matter for static-site generators.

use super::prose::{escape_markdown, escape_raw_html, link_destination, to_markdown};
use super::yaml::to_yaml;
use crate::model::*;
use crate::source::SafeSlice;
use serde::Serialize;
use std::collections::HashMap;
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
    let style = Style {
        bullet: bullet_of(policy),
        anchors: anchors(policy),
    };
    blocks(policy, &style, &policy.body, 2, &mut out);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    Ok(out)
}

/// Choices that keep generated Markdown consistent with the author's.
struct Style {
    /// The bullet the author's prose uses, so generated lists match it.
    bullet: char,
    /// Section id → the fragment Markdown viewers give its heading.
    anchors: HashMap<String, String>,
}

fn heading(level: usize, text: &str, out: &mut String) {
    let _ = write!(out, "{} {}\n\n", "#".repeat(level.min(6)), text);
}

/// The first bullet marker in the author's prose, or `-`.
fn bullet_of(policy: &Policy) -> char {
    fn find(blocks: &[Node<Block>]) -> Option<char> {
        blocks.iter().find_map(|b| match &b.node {
            Block::Prose(prose) => prose.segments.iter().find_map(|s| match s {
                Segment::Text(t) => t.lines().find_map(|line| {
                    let line = line.trim_start();
                    let marker = line
                        .chars()
                        .next()
                        .filter(|c| matches!(c, '-' | '*' | '+'))?;
                    line.slice_from(1).starts_with(' ').then_some(marker)
                }),
                Segment::Ref(_) => None,
            }),
            Block::Section(section) => find(&section.body),
            _ => None,
        })
    }
    find(&policy.body).unwrap_or('-')
}

/// The plain text of a heading as rendered, for its fragment.
fn heading_text(section: &Section) -> String {
    match &section.number {
        Some(number) => format!("{number} {}", section.title.node),
        None => section.title.node.clone(),
    }
}

/// The fragments GitHub-flavoured viewers (and markdownlint) give headings:
/// lowercase, punctuation other than `-` and `_` dropped, spaces to `-`,
/// repeats suffixed `-1`, `-2`, … in document order.
fn anchors(policy: &Policy) -> HashMap<String, String> {
    fn slug(text: &str) -> String {
        text.chars()
            .flat_map(char::to_lowercase)
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
            .map(|c| if c == ' ' { '-' } else { c })
            .collect()
    }
    fn walk(
        blocks: &[Node<Block>],
        seen: &mut HashMap<String, usize>,
        out: &mut HashMap<String, String>,
    ) {
        for block in blocks {
            let (text, section) = match &block.node {
                Block::Section(s) => (heading_text(s), Some(s)),
                Block::Toc(Toc { title: Some(t), .. })
                | Block::ContactBlock(ContactBlock { title: Some(t) }) => (t.node.clone(), None),
                _ => continue,
            };
            let base = slug(&text);
            let count = seen.entry(base.clone()).or_insert(0);
            let anchor = if *count == 0 {
                base.clone()
            } else {
                format!("{base}-{count}")
            };
            *count += 1;
            if let Some(section) = section {
                out.insert(section.id.clone(), anchor);
                walk(&section.body, seen, out);
            }
        }
    }
    let mut seen = HashMap::new();
    seen.insert(slug(&policy.title.node), 1);
    let mut out = HashMap::new();
    walk(&policy.body, &mut seen, &mut out);
    out
}

fn blocks(policy: &Policy, style: &Style, body: &[Node<Block>], level: usize, out: &mut String) {
    for block in body {
        match &block.node {
            Block::Prose(prose) => {
                let text = escape_raw_html(&to_markdown(policy, prose));
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
                blocks(policy, style, &section.body, level + 1, out);
            }
            Block::Toc(toc) => {
                if let Some(title) = &toc.title {
                    heading(level, &escape_markdown(&title.node), out);
                }
                let depth = toc.depth.as_ref().map_or(usize::MAX, |d| d.node as usize);
                toc_entries(style, &policy.body, 1, depth, out);
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
                out.push_str(escape_raw_html(&to_markdown(policy, &line.text)).trim());
                out.push_str("\n\n");
            }
        }
    }
}

fn toc_entries(
    style: &Style,
    body: &[Node<Block>],
    depth: usize,
    max_depth: usize,
    out: &mut String,
) {
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
            let anchor = style.anchors.get(&section.id).unwrap_or(&section.id);
            let _ = writeln!(out, "{indent}{} [{label}](#{anchor})", style.bullet);
            toc_entries(style, &section.body, depth + 1, max_depth, out);
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
            lines.push(format!(
                "Website: [{}]({})",
                escape_markdown(&website.node),
                link_destination(&website.node)
            ));
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
        let destination = link_destination(&format!("mailto:{}", email.node));
        lines.push(format!(
            "Email: [{}]({destination})",
            escape_markdown(&email.node)
        ));
    }
    if let Some(url) = &channels.url {
        lines.push(format!(
            "Web: [{}]({})",
            escape_markdown(&url.node),
            link_destination(&url.node)
        ));
    }
    if let Some(phone) = &channels.phone {
        lines.push(format!("Phone: {}", escape_markdown(&phone.node)));
    }
    if let Some(address) = &channels.address {
        lines.push(format!("Address: {}", escape_markdown(&address.node)));
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

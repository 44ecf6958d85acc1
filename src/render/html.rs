//! The HTML renderer: a standalone page from tera templates. The model is
//! turned into a plain view (`PageView`) that templates lay out; prose is
//! rendered to HTML by pulldown-cmark before it reaches a template.

use super::prose::{escape_html, markdown_to_html, to_markdown};
use crate::model::*;
use serde::Serialize;
use tera::{Context, Tera};

/// The default templates, embedded so the binary works anywhere.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    ("page.html", include_str!("../../templates/page.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("style.css", include_str!("../../templates/style.css")),
];

/// A loaded set of templates, built once and shared by every page.
pub struct HtmlRenderer {
    tera: Tera,
}

impl HtmlRenderer {
    /// The renderer with the embedded default templates.
    pub fn new() -> Result<Self, String> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        tera.add_raw_templates(DEFAULT_TEMPLATES.iter().copied())
            .map_err(|e| template_error(&e))?;
        Ok(HtmlRenderer { tera })
    }

    /// The policy as a complete HTML page.
    pub fn render(&self, policy: &Policy) -> Result<String, String> {
        let context =
            Context::from_serialize(&page_view(policy)).map_err(|e| template_error(&e))?;
        self.tera
            .render("page.html", &context)
            .map_err(|e| template_error(&e))
    }
}

fn template_error(error: &tera::Error) -> String {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

/// Everything a page template receives (documented in docs/templates.md).
#[derive(Serialize)]
struct PageView {
    policy: PolicyView,
    blocks: Vec<BlockView>,
    /// Every section, nested: for the sidebar table of contents.
    toc: Vec<TocEntry>,
    /// Whether the page shows its own table of contents (the author placed
    /// none in the text).
    sidebar_toc: bool,
}

#[derive(Serialize)]
struct PolicyView {
    title: String,
    id: String,
    kind: PolicyKind,
    language: String,
    version: Option<String>,
    effective: Option<DateView>,
    updated: Option<DateView>,
    org_name: Option<String>,
}

#[derive(Serialize)]
struct DateView {
    iso: String,
    text: String,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum BlockView {
    Prose {
        html: String,
    },
    Section {
        id: String,
        level: usize,
        number: Option<String>,
        title: String,
        kind: Option<SectionKind>,
        blocks: Vec<BlockView>,
    },
    Toc {
        title: Option<String>,
        level: usize,
        entries: Vec<TocEntry>,
    },
    Contact {
        title: Option<String>,
        level: usize,
        contact: ContactView,
    },
    LastUpdated {
        html: String,
    },
}

#[derive(Serialize)]
struct TocEntry {
    id: String,
    number: Option<String>,
    title: String,
    children: Vec<TocEntry>,
}

#[derive(Serialize, Default)]
struct ContactView {
    org_name: Option<String>,
    address: Option<String>,
    registration: Option<String>,
    channels: Vec<ChannelView>,
    officers: Vec<OfficerView>,
}

#[derive(Serialize)]
struct OfficerView {
    heading: String,
    channels: Vec<ChannelView>,
}

#[derive(Serialize)]
struct ChannelView {
    label: &'static str,
    text: String,
    href: Option<String>,
}

fn page_view(policy: &Policy) -> PageView {
    let language = policy.meta.language.node.as_str();
    let date = |d: &Option<Node<Date>>| {
        d.as_ref().map(|d| DateView {
            iso: d.node.to_string(),
            text: d.node.long(language),
        })
    };
    let placed_toc = contains(&policy.body, &|b| matches!(b, Block::Toc(_)));
    // Where the author placed a last-updated line, the header does not
    // repeat the date.
    let placed_updated = contains(&policy.body, &|b| matches!(b, Block::LastUpdated(_)));
    PageView {
        policy: PolicyView {
            title: policy.title.node.clone(),
            id: policy.id().to_string(),
            kind: policy.kind.node,
            language: language.to_string(),
            version: policy.meta.version.as_ref().map(|v| v.node.clone()),
            effective: date(&policy.meta.effective),
            updated: if placed_updated {
                None
            } else {
                date(&policy.meta.updated)
            },
            org_name: policy
                .org
                .as_ref()
                .and_then(|o| o.node.name.as_ref())
                .map(|n| n.node.clone()),
        },
        blocks: blocks(policy, &policy.body, 2),
        toc: toc_entries(&policy.body, usize::MAX),
        sidebar_toc: !placed_toc,
    }
}

/// Whether any block, at any depth, satisfies `test`.
fn contains(body: &[Node<Block>], test: &dyn Fn(&Block) -> bool) -> bool {
    body.iter().any(|b| {
        test(&b.node)
            || match &b.node {
                Block::Section(s) => contains(&s.body, test),
                _ => false,
            }
    })
}

fn blocks(policy: &Policy, body: &[Node<Block>], level: usize) -> Vec<BlockView> {
    body.iter()
        .map(|block| match &block.node {
            Block::Prose(prose) => BlockView::Prose {
                html: markdown_to_html(&to_markdown(policy, prose)),
            },
            Block::Section(section) => BlockView::Section {
                id: section.id.clone(),
                level: level.min(6),
                number: section.number.clone(),
                title: section.title.node.clone(),
                kind: section.kind.as_ref().map(|k| k.node),
                blocks: blocks(policy, &section.body, level + 1),
            },
            Block::Toc(toc) => BlockView::Toc {
                title: toc.title.as_ref().map(|t| t.node.clone()),
                level: level.min(6),
                entries: toc_entries(
                    &policy.body,
                    toc.depth.as_ref().map_or(usize::MAX, |d| d.node as usize),
                ),
            },
            Block::ContactBlock(contact) => BlockView::Contact {
                title: contact.title.as_ref().map(|t| t.node.clone()),
                level: level.min(6),
                contact: contact_view(policy),
            },
            Block::LastUpdated(line) => BlockView::LastUpdated {
                html: inline_with_dates(policy, &line.text),
            },
        })
        .collect()
}

fn toc_entries(body: &[Node<Block>], depth: usize) -> Vec<TocEntry> {
    if depth == 0 {
        return Vec::new();
    }
    body.iter()
        .filter_map(|b| match &b.node {
            Block::Section(s) => Some(TocEntry {
                id: s.id.clone(),
                number: s.number.clone(),
                title: s.toc_title().to_string(),
                children: toc_entries(&s.body, depth - 1),
            }),
            _ => None,
        })
        .collect()
}

/// A one-line text with references; dates become `<time>` elements.
fn inline_with_dates(policy: &Policy, prose: &Prose) -> String {
    let mut out = String::new();
    for segment in &prose.segments {
        match segment {
            Segment::Text(text) => out.push_str(&escape_html(text)),
            Segment::Ref(r) => {
                let date = match r.node.0.as_str() {
                    "policy.updated" => policy.meta.updated.as_ref(),
                    "policy.effective" => policy.meta.effective.as_ref(),
                    _ => None,
                };
                let text = policy.resolve(&r.node.0).unwrap_or_default();
                match date {
                    Some(d) => {
                        out.push_str(&format!(
                            "<time datetime=\"{}\">{}</time>",
                            d.node,
                            escape_html(&text)
                        ));
                    }
                    None => out.push_str(&escape_html(&text)),
                }
            }
        }
    }
    out
}

fn contact_view(policy: &Policy) -> ContactView {
    let mut view = ContactView::default();
    if let Some(org) = &policy.org {
        let org = &org.node;
        view.org_name = org.name.as_ref().map(|n| n.node.clone());
        view.address = org.address.as_ref().map(|n| n.node.clone());
        view.registration = org.registration.as_ref().map(|n| n.node.clone());
        if let Some(website) = &org.website {
            let safe = !crate::validate::is_unsafe_url(&website.node);
            view.channels.push(ChannelView {
                label: "Website",
                text: website.node.clone(),
                href: safe.then(|| website.node.clone()),
            });
        }
    }
    if let Some(contact) = &policy.contact {
        view.channels.extend(channel_views(&contact.node.channels));
        view.officers = contact
            .node
            .officers
            .iter()
            .map(|o| {
                let o = &o.node;
                let heading = [o.title.as_ref(), o.name.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|n| n.node.as_str())
                    .collect::<Vec<_>>()
                    .join(": ");
                OfficerView {
                    heading: if heading.is_empty() {
                        o.role.node.clone()
                    } else {
                        heading
                    },
                    channels: channel_views(&o.channels),
                }
            })
            .collect();
    }
    view
}

fn channel_views(channels: &Channels) -> Vec<ChannelView> {
    let mut out = Vec::new();
    if let Some(email) = &channels.email {
        out.push(ChannelView {
            label: "Email",
            text: email.node.clone(),
            href: Some(format!("mailto:{}", email.node)),
        });
    }
    if let Some(url) = &channels.url {
        let safe = !crate::validate::is_unsafe_url(&url.node);
        out.push(ChannelView {
            label: "Web",
            text: url.node.clone(),
            href: safe.then(|| url.node.clone()),
        });
    }
    if let Some(phone) = &channels.phone {
        let digits: String = phone
            .node
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        out.push(ChannelView {
            label: "Phone",
            text: phone.node.clone(),
            href: Some(format!("tel:{digits}")),
        });
    }
    if let Some(address) = &channels.address {
        out.push(ChannelView {
            label: "Address",
            text: address.node.clone(),
            href: None,
        });
    }
    out
}

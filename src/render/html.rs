//! The HTML renderer: a standalone page from tera templates. The model is
//! turned into a plain view (`PageView`) that templates lay out; prose is
//! rendered to HTML by pulldown-cmark before it reaches a template.

use super::prose::{escape_html, markdown_to_html, to_markdown};
use crate::model::*;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};

/// The default templates, embedded so the binary works anywhere. A user's
/// templates folder may replace any of them by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    // Included templates come before the templates that include them.
    ("style.css", include_str!("../../templates/style.css")),
    ("head.html", include_str!("../../templates/head.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    (
        "site-index.html",
        include_str!("../../templates/site-index.html"),
    ),
];

/// A loaded set of templates, built once and shared by every page.
pub struct HtmlRenderer {
    tera: Tera,
    /// Templates that came from the user's folder: name → path, so that
    /// errors name the user's file.
    overridden: Vec<(String, PathBuf)>,
}

impl HtmlRenderer {
    /// The renderer with the embedded default templates.
    pub fn new() -> Result<Self, String> {
        Self::load(Vec::new())
    }

    /// The defaults, with every `.html` and `.css` file in `dir` added or
    /// replacing the default of the same name.
    pub fn with_templates(dir: &Path) -> Result<Self, String> {
        let entries = std::fs::read_dir(dir)
            .map_err(|e| format!("cannot read the templates folder `{}`: {e}", dir.display()))?;
        let mut user = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let known = path.extension().is_some_and(|e| e == "html" || e == "css");
            let Some(name) = path.file_name().and_then(|n| n.to_str()).filter(|_| known) else {
                continue;
            };
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read the template `{}`: {e}", path.display()))?;
            user.push((name.to_string(), text, path.clone()));
        }
        user.sort();
        Self::load(user)
    }

    fn load(user: Vec<(String, String, PathBuf)>) -> Result<Self, String> {
        let mut sources: Vec<(String, String)> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
            .collect();
        let mut overridden = Vec::new();
        for (name, text, path) in user {
            match sources.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = text,
                None => sources.push((name.clone(), text)),
            }
            overridden.push((name, path));
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html"]);
        let result = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        let renderer = HtmlRenderer { tera, overridden };
        match result {
            Ok(()) => Ok(renderer),
            Err(e) => Err(renderer.error(&e)),
        }
    }

    /// The policy as a complete HTML page.
    pub fn render(&self, policy: &Policy) -> Result<String, String> {
        self.render_view("page.html", &page_view(policy))
    }

    /// The site's index page, listing `policies` with links to their pages.
    pub fn render_index(&self, policies: &[&Policy]) -> Result<String, String> {
        self.render_view("site-index.html", &index_view(policies))
    }

    fn render_view(&self, template: &str, view: &impl Serialize) -> Result<String, String> {
        let context = Context::from_serialize(view).map_err(|e| self.error(&e))?;
        self.tera
            .render(template, &context)
            .map_err(|e| self.error(&e))
    }

    /// A template error; where the template is the user's, its path
    /// replaces the template's name so the message points at their file.
    fn error(&self, error: &tera::Error) -> String {
        let mut message = template_error(error);
        for (name, path) in &self.overridden {
            message = message.replace(&format!("--> {name}:"), &format!("--> {}:", path.display()));
        }
        message
    }
}

/// The variables a page template receives, as JSON: what
/// docs/templates.md documents.
pub fn page_variables(policy: &Policy) -> serde_json::Value {
    serde_json::to_value(page_view(policy)).unwrap_or_default()
}

/// The variables the site index template receives, as JSON.
pub fn index_variables(policies: &[&Policy]) -> serde_json::Value {
    serde_json::to_value(index_view(policies)).unwrap_or_default()
}

#[derive(Serialize)]
struct IndexView {
    policies: Vec<IndexEntry>,
}

#[derive(Serialize)]
struct IndexEntry {
    href: String,
    #[serde(flatten)]
    policy: PolicyView,
}

fn index_view(policies: &[&Policy]) -> IndexView {
    IndexView {
        policies: policies
            .iter()
            .map(|p| IndexEntry {
                href: format!("{}/index.html", p.id()),
                policy: policy_view(p, false),
            })
            .collect(),
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
    /// Relative link to the site's index page.
    site_index: &'static str,
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
    let placed_toc = contains(&policy.body, &|b| matches!(b, Block::Toc(_)));
    // Where the author placed a last-updated line, the header does not
    // repeat the date.
    let placed_updated = contains(&policy.body, &|b| matches!(b, Block::LastUpdated(_)));
    PageView {
        policy: policy_view(policy, placed_updated),
        blocks: blocks(policy, &policy.body, 2),
        toc: toc_entries(&policy.body, usize::MAX),
        sidebar_toc: !placed_toc,
        site_index: "../index.html",
    }
}

fn policy_view(policy: &Policy, hide_updated: bool) -> PolicyView {
    let language = policy.meta.language.node.as_str();
    let date = |d: &Option<Node<Date>>| {
        d.as_ref().map(|d| DateView {
            iso: d.node.to_string(),
            text: d.node.long(language),
        })
    };
    PolicyView {
        title: policy.title.node.clone(),
        id: policy.id().to_string(),
        kind: policy.kind.node,
        language: language.to_string(),
        version: policy.meta.version.as_ref().map(|v| v.node.clone()),
        effective: date(&policy.meta.effective),
        updated: if hide_updated {
            None
        } else {
            date(&policy.meta.updated)
        },
        org_name: policy
            .org
            .as_ref()
            .and_then(|o| o.node.name.as_ref())
            .map(|n| n.node.clone()),
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
            let safe = !crate::url::is_unsafe_url(&website.node);
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
        let safe = !crate::url::is_unsafe_url(&url.node);
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

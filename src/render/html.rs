//! The HTML renderer: a standalone page from tera templates. The model is
//! turned into a plain view (`PageView`) that templates lay out; prose is
//! rendered to HTML by pulldown-cmark before it reaches a template.

mod native;

use super::prose::{inline_html, prose_html};
use crate::model::*;
use crate::view::{
    BlockView, ChannelView, ContactCard, Document, FactView, NOTHING_COLLECTED, RightItem, TocEntry,
};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tera::Context;

pub use super::templates::DEFAULT_TEMPLATES;
use super::templates::{Templates, compile};

/// What the project says about the site as a whole (`site:` in
/// `policyc.yaml`): the index page's title, and the address the site is
/// published at, for each page's canonical link.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SiteInfo {
    /// The title of the index page; "Policies" when absent.
    pub title: Option<String>,
    /// The site's address, e.g. `https://example.com/privacy/`.
    pub base_url: Option<String>,
}

impl SiteInfo {
    fn title(&self) -> String {
        self.title.clone().unwrap_or_else(|| "Policies".to_string())
    }

    /// The published address of a policy's page, when the site's is known.
    fn canonical(&self, id: &str) -> Option<String> {
        let base = self.base_url.as_deref()?.trim_end_matches('/');
        Some(format!("{base}/{id}/"))
    }
}

/// A loaded set of templates, built once and shared by every page.
pub struct HtmlRenderer {
    templates: Templates,
    /// Templates that came from the user's folder: name → path, so that
    /// errors name the user's file.
    overridden: Vec<(String, PathBuf)>,
    site: SiteInfo,
}

impl HtmlRenderer {
    /// The renderer with the embedded default templates, compiled the
    /// first time a page needs them and shared by every renderer of the
    /// process. The `Result` is that of [`HtmlRenderer::with_templates`]:
    /// the defaults are known to compile (a test compiles them).
    pub fn new() -> Result<Self, String> {
        Ok(HtmlRenderer {
            templates: Templates::Defaults,
            overridden: Vec::new(),
            site: SiteInfo::default(),
        })
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

    /// The defaults with the user's templates over them, compiled together
    /// now, so that a mistake in any of the user's files fails the build.
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
        let compiled = compile(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())));
        let mut renderer = HtmlRenderer {
            templates: Templates::Defaults,
            overridden,
            site: SiteInfo::default(),
        };
        match compiled {
            Ok(tera) => {
                renderer.templates = Templates::User(Box::new(tera));
                Ok(renderer)
            }
            Err(e) => Err(renderer.error(&e)),
        }
    }

    /// The same renderer for a site with this title and address.
    pub fn for_site(mut self, site: SiteInfo) -> Self {
        self.site = site;
        self
    }

    /// The policy as a complete HTML page: with the default templates
    /// written straight from the view ([`native`], the same bytes without
    /// compiling a template), with a theme by tera.
    pub fn render(&self, policy: &Policy) -> Result<String, String> {
        self.render_document(&Document::of(policy))
    }

    /// A policy's page from its laid-out document, for a build that lays
    /// it out once for every format that reads it.
    pub fn render_document(&self, document: &Document<'_>) -> Result<String, String> {
        let view = page_view(document, &self.site);
        match self.templates {
            Templates::Defaults => Ok(native::page(&view)),
            Templates::User(_) => self.render_view("page.html", &view),
        }
    }

    /// A policy's coverage matrix as a page of the site (`ID/coverage.html`).
    pub fn render_coverage(
        &self,
        coverage: &crate::export::coverage::Coverage,
    ) -> Result<String, String> {
        #[derive(Serialize)]
        struct CoverageView<'a> {
            coverage: &'a crate::export::coverage::Coverage,
        }
        self.render_view("coverage.html", &CoverageView { coverage })
    }

    /// The site's index page, listing `policies` with links to their pages.
    pub fn render_index(&self, policies: &[&Policy]) -> Result<String, String> {
        let view = index_view(policies, &self.site);
        match self.templates {
            Templates::Defaults => Ok(native::index(&view)),
            Templates::User(_) => self.render_view("site-index.html", &view),
        }
    }

    fn render_view(&self, template: &str, view: &impl Serialize) -> Result<String, String> {
        let context = Context::from_serialize(view).map_err(|e| self.error(&e))?;
        let tera = self
            .templates
            .for_template(template)
            .map_err(|e| self.error(e))?;
        tera.render(template, &context).map_err(|e| self.error(&e))
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
    let site = SiteInfo {
        title: Some("Example".into()),
        base_url: Some("https://example.com".into()),
    };
    serde_json::to_value(page_view(&Document::of(policy), &site)).unwrap_or_default()
}

/// The variables the site index template receives, as JSON.
pub fn index_variables(policies: &[&Policy]) -> serde_json::Value {
    serde_json::to_value(index_view(policies, &SiteInfo::default())).unwrap_or_default()
}

#[derive(Serialize)]
struct IndexView {
    /// The index page's title.
    title: String,
    policies: Vec<IndexEntry>,
}

#[derive(Serialize)]
struct IndexEntry {
    href: String,
    #[serde(flatten)]
    policy: PolicyView,
}

fn index_view(policies: &[&Policy], site: &SiteInfo) -> IndexView {
    IndexView {
        title: site.title(),
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
    blocks: Vec<BlockTemplate>,
    /// Every section, nested: for the sidebar table of contents.
    toc: Vec<TocTemplate>,
    /// Whether the page shows its own table of contents (the author placed
    /// none in the text).
    sidebar_toc: bool,
    /// Relative link to the site's index page.
    site_index: &'static str,
    /// The page's published address, when the site's is known.
    canonical: Option<String>,
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
enum BlockTemplate {
    Prose {
        html: String,
    },
    Section {
        id: String,
        level: usize,
        number: Option<String>,
        title: String,
        kind: Option<SectionKind>,
        blocks: Vec<BlockTemplate>,
    },
    Toc {
        title: Option<String>,
        level: usize,
        entries: Vec<TocTemplate>,
    },
    Contact {
        title: Option<String>,
        level: usize,
        contact: ContactView,
    },
    LastUpdated {
        html: String,
    },
    Glossary {
        title: Option<String>,
        level: usize,
        entries: Vec<GlossaryTemplate>,
    },
    Facts {
        title: Option<String>,
        level: usize,
        /// The level of headings inside the block: one below the title's.
        inner_level: usize,
        /// `data-table`, `cookie-table`, `rights-list` or `privacy-label`.
        kind: &'static str,
        /// A table's column headings and rows of cells.
        columns: &'static [&'static str],
        rows: Vec<Vec<String>>,
        /// The rights list.
        rights: Vec<RightTemplate>,
        /// The privacy label's groups.
        groups: Vec<LabelGroupTemplate>,
        /// What the label says when nothing is collected.
        nothing_collected: Option<&'static str>,
    },
}

#[derive(Serialize)]
struct RightTemplate {
    label: &'static str,
    via: Vec<ChannelTemplate>,
    response_time: Option<String>,
}

#[derive(Serialize)]
struct LabelGroupTemplate {
    heading: &'static str,
    items: Vec<String>,
}

#[derive(Serialize)]
struct GlossaryTemplate {
    phrase: String,
    html: String,
}

#[derive(Serialize)]
struct TocTemplate {
    id: String,
    number: Option<String>,
    title: String,
    children: Vec<TocTemplate>,
}

#[derive(Serialize, Default, Clone)]
struct ContactView {
    org_name: Option<String>,
    lines: Vec<String>,
    channels: Vec<ChannelTemplate>,
    officers: Vec<OfficerView>,
}

#[derive(Serialize, Clone)]
struct OfficerView {
    heading: String,
    channels: Vec<ChannelTemplate>,
}

#[derive(Serialize, Clone)]
struct ChannelTemplate {
    label: &'static str,
    text: String,
    href: Option<String>,
}

fn page_view(document: &Document<'_>, site: &SiteInfo) -> PageView {
    let policy = document.policy;
    let contact = document.contact.as_ref().map(contact_view);
    PageView {
        // Where the author placed a last-updated line, the header does not
        // repeat the date.
        policy: policy_view(policy, document.placed_updated),
        blocks: block_views(&document.blocks, contact.as_ref()),
        toc: toc_views(&document.toc),
        sidebar_toc: !document.placed_toc,
        site_index: "../index.html",
        canonical: site.canonical(policy.id()),
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

fn block_views(blocks: &[BlockView<'_>], contact: Option<&ContactView>) -> Vec<BlockTemplate> {
    blocks
        .iter()
        .map(|block| match block {
            BlockView::Prose(markdown) => BlockTemplate::Prose {
                html: prose_html(markdown),
            },
            BlockView::Section {
                section,
                level,
                blocks,
            } => BlockTemplate::Section {
                id: section.id.clone(),
                level: *level,
                number: section.number.clone(),
                title: section.title.node.clone(),
                kind: section.kind.as_ref().map(|k| k.node),
                blocks: block_views(blocks, contact),
            },
            BlockView::Toc {
                title,
                level,
                entries,
            } => BlockTemplate::Toc {
                title: title.map(str::to_string),
                level: *level,
                entries: toc_views(entries),
            },
            BlockView::Contact { title, level } => BlockTemplate::Contact {
                title: title.map(str::to_string),
                level: *level,
                contact: contact.cloned().unwrap_or_default(),
            },
            BlockView::LastUpdated(parts) => BlockTemplate::LastUpdated {
                html: inline_html(parts),
            },
            BlockView::Glossary {
                title,
                level,
                entries,
            } => BlockTemplate::Glossary {
                title: title.map(str::to_string),
                level: *level,
                entries: entries
                    .iter()
                    .map(|e| GlossaryTemplate {
                        phrase: e.phrase.to_string(),
                        html: prose_html(&e.meaning),
                    })
                    .collect(),
            },
            BlockView::Facts {
                title,
                level,
                facts,
            } => facts_view(*title, *level, facts),
        })
        .collect()
}

fn toc_views(entries: &[TocEntry<'_>]) -> Vec<TocTemplate> {
    entries
        .iter()
        .map(|e| TocTemplate {
            id: e.section.id.clone(),
            number: e.section.number.clone(),
            title: e.section.toc_title().to_string(),
            children: toc_views(&e.children),
        })
        .collect()
}

fn contact_view(card: &ContactCard) -> ContactView {
    ContactView {
        org_name: card.heading.clone(),
        lines: card.lines.clone(),
        channels: card.channels.iter().map(channel_view).collect(),
        officers: card
            .officers
            .iter()
            .map(|o| OfficerView {
                heading: o.heading.clone(),
                channels: o.channels.iter().map(channel_view).collect(),
            })
            .collect(),
    }
}

fn channel_view(channel: &ChannelView) -> ChannelTemplate {
    ChannelTemplate {
        label: channel.label,
        text: channel.text.clone(),
        href: channel.href.clone(),
    }
}

/// A block of facts in the shape the `facts` component lays out.
fn facts_view(title: Option<&str>, level: usize, facts: &FactView) -> BlockTemplate {
    let (columns, rows) = facts.table().unwrap_or((&[], Vec::new()));
    let (kind, rights, groups, nothing_collected) = match facts {
        FactView::DataTable(_) => ("data-table", Vec::new(), Vec::new(), None),
        FactView::CookieTable(_) => ("cookie-table", Vec::new(), Vec::new(), None),
        FactView::Rights(items) => (
            "rights-list",
            items.iter().map(right_view).collect(),
            Vec::new(),
            None,
        ),
        FactView::Label(card) => (
            "privacy-label",
            Vec::new(),
            card.groups()
                .into_iter()
                .map(|(heading, items)| LabelGroupTemplate {
                    heading,
                    items: items.to_vec(),
                })
                .collect(),
            card.none_collected.then_some(NOTHING_COLLECTED),
        ),
    };
    BlockTemplate::Facts {
        title: title.map(str::to_string),
        level,
        inner_level: if title.is_some() {
            (level + 1).min(6)
        } else {
            level
        },
        kind,
        columns,
        rows,
        rights,
        groups,
        nothing_collected,
    }
}

fn right_view(item: &RightItem) -> RightTemplate {
    RightTemplate {
        label: item.label,
        via: item
            .via
            .iter()
            .map(|(text, target)| ChannelTemplate {
                label: "",
                text: text.clone(),
                href: (!target.is_empty()).then(|| target.clone()),
            })
            .collect(),
        response_time: item.response_time.clone(),
    }
}

//! Rendering a policy in every format, and the site-wide files from what
//! the build kept of every policy ([`listed`]).

use super::{BuildError, Format};
use crate::export::{apple, appstore, dpv, gpc, json, play};
use crate::model::practice::Practices;
use crate::model::{Organisation, Policy};
use crate::render::html::{HtmlRenderer, SiteInfo};
use crate::render::markdown::{self, MarkdownOptions};
use crate::view::Document;
use rayon::prelude::*;
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::path::PathBuf;

/// What to write and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The output folder.
    pub out_dir: PathBuf,
    /// The formats to write.
    pub formats: Vec<Format>,
    /// Whether Markdown output starts with YAML front matter.
    pub front_matter: bool,
    /// A folder of templates replacing the defaults by name.
    pub templates: Option<PathBuf>,
    /// The site's title and address, from the project file.
    pub site: SiteInfo,
}

/// One rendered file, relative to the output folder.
pub struct Output {
    /// Where it goes under the output folder.
    pub path: PathBuf,
    /// Its content.
    pub text: String,
}

/// What a build renders with, made once: the HTML renderer (its templates
/// compiled), when pages or coverage pages are built.
pub struct Renderers {
    html: Option<HtmlRenderer>,
}

impl Renderers {
    /// The renderers `options.formats` need; a template error is
    /// [`BuildError::Render`].
    pub fn new(options: &BuildOptions) -> Result<Renderers, BuildError> {
        let needs_html = [Format::Html, Format::Coverage]
            .iter()
            .any(|f| options.formats.contains(f));
        if !needs_html {
            return Ok(Renderers { html: None });
        }
        let renderer = match &options.templates {
            Some(dir) => HtmlRenderer::with_templates(dir),
            None => HtmlRenderer::new(),
        }
        .map_err(BuildError::Render)?;
        Ok(Renderers {
            html: Some(renderer.for_site(options.site.clone())),
        })
    }

    /// The HTML renderer, when the formats need one.
    pub fn html(&self) -> Option<&HtmlRenderer> {
        self.html.as_ref()
    }
}

/// Renders every policy in every format — `ID/index.html`, `ID/ID.md`,
/// `ID/ID.json`, `ID/ID.jsonld`, `ID/PrivacyInfo.xcprivacy`,
/// `ID/app_privacy_details.json`,
/// `ID/ID-data-safety.csv` — and the site-wide files ([`render_site`]), in
/// memory: for tests and benchmarks. A build streams instead: each
/// policy's outputs ([`render_policy`]) staged as soon as they are made.
pub fn render_all(policies: &[&Policy], options: &BuildOptions) -> Result<Vec<Output>, BuildError> {
    let renderers = Renderers::new(options)?;
    let rendered: Result<Vec<Vec<Output>>, BuildError> = policies
        .par_iter()
        .map(|policy| render_policy(policy, &renderers, options))
        .collect();
    let mut outputs: Vec<Output> = rendered?.into_iter().flatten().collect();
    outputs.extend(render_site(policies, &renderers, options)?);
    Ok(outputs)
}

/// The site-wide files: with HTML, the site's `index.html` listing every
/// policy sorted by title, then id, whatever order the files were named
/// in; with `gpc` or `html`, `.well-known/gpc.json` when every policy
/// states a Global Privacy Control stance. They read only what
/// [`listed`] keeps of each policy.
pub fn render_site(
    policies: &[&Policy],
    renderers: &Renderers,
    options: &BuildOptions,
) -> Result<Vec<Output>, BuildError> {
    let mut outputs = Vec::new();
    if let Some(renderer) = renderers
        .html()
        .filter(|_| options.formats.contains(&Format::Html))
    {
        let mut listed = policies.to_vec();
        listed.sort_by(|a, b| index_order(a, b));
        let text = renderer.render_index(&listed).map_err(BuildError::Render)?;
        outputs.push(Output {
            path: PathBuf::from("index.html"),
            text,
        });
    }
    let site_wide = [Format::Gpc, Format::Html];
    if site_wide.iter().any(|f| options.formats.contains(f)) {
        if let Some(text) = gpc::render(policies) {
            outputs.push(Output {
                path: PathBuf::from(gpc::PATH),
                text,
            });
        }
    }
    Ok(outputs)
}

/// What the site-wide files ([`render_site`]) read of a policy, and only
/// that: its kind, title, metadata, organisation's name and GPC stance.
/// A streaming build keeps this of each policy, not the whole model, so
/// its memory does not grow with the policies' size.
pub fn listed(mut policy: Policy) -> Policy {
    let signals = policy.practices.signals.take();
    policy.practices = Practices {
        signals,
        ..Practices::default()
    };
    if let Some(org) = policy.org.as_mut() {
        org.node = Organisation {
            name: org.node.name.take(),
            ..Organisation::default()
        };
    }
    policy.contact = None;
    policy.terms = Vec::new();
    policy.term_index = HashMap::new();
    policy.definitions = Vec::new();
    policy.body = Vec::new();
    policy.invalid = Vec::new();
    policy.prose_origins = HashMap::new();
    policy
}

/// The order of the site's index: by title as readers sort (ignoring
/// case), then as written, then by id, so that the same policies give the
/// same page however they were named on the command line.
fn index_order(a: &Policy, b: &Policy) -> Ordering {
    let (ta, tb) = (&a.title.node, &b.title.node);
    ta.to_lowercase()
        .cmp(&tb.to_lowercase())
        .then_with(|| ta.cmp(tb))
        .then_with(|| a.id().cmp(b.id()))
}

/// One policy's outputs, in the order of `options.formats` (its coverage
/// files apart: `render_coverage`, which needs its sources).
pub fn render_policy(
    policy: &Policy,
    renderers: &Renderers,
    options: &BuildOptions,
) -> Result<Vec<Output>, BuildError> {
    render_one(policy, renderers.html(), options).map_err(BuildError::Render)
}

fn render_one(
    policy: &Policy,
    html: Option<&HtmlRenderer>,
    options: &BuildOptions,
) -> Result<Vec<Output>, String> {
    let id = policy.id();
    let dir = PathBuf::from(id);
    let mut outputs = Vec::new();
    // The page and the Markdown read the same laid-out document: made once.
    let document = OnceCell::new();
    let laid_out = || document.get_or_init(|| Document::of(policy));
    for format in &options.formats {
        let (name, text) = match format {
            Format::Html => match html {
                Some(renderer) => (
                    "index.html".to_string(),
                    renderer.render_document(laid_out())?,
                ),
                None => continue,
            },
            Format::Markdown => (
                format!("{id}.md"),
                markdown::render_document(
                    laid_out(),
                    MarkdownOptions {
                        front_matter: options.front_matter,
                    },
                )?,
            ),
            Format::Json => (format!("{id}.json"), json::render(policy)?),
            Format::Dpv => (format!("{id}.jsonld"), dpv::render(policy)?),
            Format::Xcprivacy => ("PrivacyInfo.xcprivacy".to_string(), apple::render(policy)),
            Format::Appstore => (appstore::FILE_NAME.to_string(), appstore::render(policy)?),
            Format::Play => (format!("{id}-data-safety.csv"), play::render(policy)?),
            // One file for the whole site, made in `render_all`.
            Format::Gpc => continue,
            // Needs the source files, for file:line: `render_coverage`.
            Format::Coverage => continue,
        };
        outputs.push(Output {
            path: dir.join(name),
            text,
        });
    }
    Ok(outputs)
}

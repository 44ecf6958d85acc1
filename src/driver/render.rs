//! Rendering every valid policy in every format, in memory: nothing is
//! written until every output has been made.

use super::{BuildError, Format};
use crate::export::{apple, appstore, dpv, gpc, json, play};
use crate::model::Policy;
use crate::render::html::{HtmlRenderer, SiteInfo};
use crate::render::markdown::{self, MarkdownOptions};
use rayon::prelude::*;
use std::cmp::Ordering;
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

/// Renders every policy in every format — `ID/index.html`, `ID/ID.md`,
/// `ID/ID.json`, `ID/ID.jsonld`, `ID/PrivacyInfo.xcprivacy`,
/// `ID/app_privacy_details.json`,
/// `ID/ID-data-safety.csv` — and, with HTML, the site's `index.html`
/// listing them all sorted by title, then id, whatever order the files were
/// named in. With `gpc` or `html`, the site's `.well-known/gpc.json` when a
/// policy states a Global Privacy Control stance.
pub fn render_all(policies: &[&Policy], options: &BuildOptions) -> Result<Vec<Output>, BuildError> {
    let html = if options.formats.contains(&Format::Html) {
        let renderer = match &options.templates {
            Some(dir) => HtmlRenderer::with_templates(dir),
            None => HtmlRenderer::new(),
        }
        .map(|renderer| renderer.for_site(options.site.clone()));
        Some(renderer.map_err(BuildError::Render)?)
    } else {
        None
    };
    let rendered: Result<Vec<Vec<Output>>, String> = policies
        .par_iter()
        .map(|policy| render_one(policy, html.as_ref(), options))
        .collect();
    let mut outputs: Vec<Output> = rendered
        .map_err(BuildError::Render)?
        .into_iter()
        .flatten()
        .collect();
    if let Some(renderer) = &html {
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

/// One policy's outputs, in the order of `options.formats`.
fn render_one(
    policy: &Policy,
    html: Option<&HtmlRenderer>,
    options: &BuildOptions,
) -> Result<Vec<Output>, String> {
    let id = policy.id();
    let dir = PathBuf::from(id);
    let mut outputs = Vec::new();
    for format in &options.formats {
        let (name, text) = match format {
            Format::Html => match html {
                Some(renderer) => ("index.html".to_string(), renderer.render(policy)?),
                None => continue,
            },
            Format::Markdown => (
                format!("{id}.md"),
                markdown::render(
                    policy,
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

//! The coverage matrix of every valid policy of a build, `ID/coverage.json`
//! and `ID/coverage.html`: apart from the other outputs because it names
//! the file and line of each fact that meets a rule, so it needs the
//! sources, and because audited profiles come from the command line.

use super::{BuildError, BuildOptions, Output, Unit};
use crate::export::coverage;
use crate::model::Profile;
use crate::render::html::HtmlRenderer;
use std::path::PathBuf;

/// The coverage outputs of every unit with a valid policy, for the
/// profiles each claims and those `audited`.
pub fn render_coverage(
    units: &[Unit],
    audited: &[Profile],
    options: &BuildOptions,
) -> Result<Vec<Output>, BuildError> {
    let renderer = match &options.templates {
        Some(dir) => HtmlRenderer::with_templates(dir),
        None => HtmlRenderer::new(),
    }
    .map_err(BuildError::Render)?;
    let mut outputs = Vec::new();
    for unit in units {
        let Some(policy) = &unit.compiled.policy else {
            continue;
        };
        let matrix = coverage::coverage(policy, unit, audited);
        let dir = PathBuf::from(policy.id());
        outputs.push(Output {
            path: dir.join("coverage.json"),
            text: coverage::render(&matrix).map_err(BuildError::Render)?,
        });
        outputs.push(Output {
            path: dir.join("coverage.html"),
            text: renderer
                .render_coverage(&matrix)
                .map_err(BuildError::Render)?,
        });
    }
    Ok(outputs)
}

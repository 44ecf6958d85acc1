//! What the formats being built need that the policies do not state. Each
//! exporter says what is missing for its own format as data (a pure
//! function of the model returning diagnostics: `apple::gaps`,
//! `play::gaps`, `gpc::gaps`); this file asks only the exporters of the formats selected
//! and adds what they find to each file's diagnostics, before the build
//! decides whether to write. So `check` never reports them, a format not
//! built never does, errors refuse the build and `--deny-warnings` refuses
//! warnings (docs/exports.md).

use super::{Format, Unit};
use crate::diagnostic::{Code, Diagnostic};
use crate::export::{apple, appstore, gpc, play};
use crate::model::Policy;

/// What one policy lacks for the per-policy formats among `formats`.
pub fn export_gaps(policy: &Policy, formats: &[Format]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for format in formats {
        match format {
            Format::Xcprivacy => found.extend(apple::gaps(policy)),
            Format::Appstore => found.extend(appstore::gaps(policy)),
            Format::Play => found.extend(play::gaps(policy)),
            Format::Markdown
            | Format::Html
            | Format::Json
            | Format::Dpv
            | Format::Gpc
            | Format::Coverage => {}
        }
    }
    // The manifest and the App Store label ask the same of each `collect`:
    // say it once when both are built.
    let mut seen = Vec::new();
    found.retain(|d| {
        let key = (d.span, d.help.clone());
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    found
}

/// What the site-wide files among `formats` lack, for each policy in order:
/// `gpc.json` when `gpc` is named (with `html` alone the file is a bonus,
/// written only when it is true to the facts, and nothing is reported).
pub fn site_gaps(policies: &[&Policy], formats: &[Format]) -> Vec<Vec<Diagnostic>> {
    if formats.contains(&Format::Gpc) {
        gpc::gaps(policies)
    } else {
        vec![Vec::new(); policies.len()]
    }
}

/// Adds to each valid unit what the formats being built need from it and
/// it does not state, keeping each file's diagnostics in order of place.
/// What an earlier call added is removed first, so units a rebuild reuses
/// (`watch`, `serve`) are not reported twice.
pub fn add_export_gaps(units: &mut [Unit], formats: &[Format]) {
    for unit in units.iter_mut() {
        unit.compiled
            .diagnostics
            .retain(|d| !matches!(d.code, Code::ExportNeedsFact | Code::ExportIncomplete));
    }
    let found: Vec<Vec<Diagnostic>> = {
        let policies: Vec<&Policy> = units
            .iter()
            .filter_map(|u| u.compiled.policy.as_ref())
            .collect();
        let site = site_gaps(&policies, formats);
        policies
            .iter()
            .zip(site)
            .map(|(policy, mut site)| {
                let mut own = export_gaps(policy, formats);
                own.append(&mut site);
                own
            })
            .collect()
    };
    let valid = units.iter_mut().filter(|u| u.compiled.policy.is_some());
    for (unit, found) in valid.zip(found) {
        if found.is_empty() {
            continue;
        }
        let diagnostics = &mut unit.compiled.diagnostics;
        diagnostics.extend(found);
        diagnostics.sort_by_key(|d| {
            d.span
                .map_or((u32::MAX, usize::MAX), |s| (s.file.0, s.start))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// `watch` and `serve` reuse units between rebuilds: the reports of one
    /// round must replace the last round's, not pile up beside them.
    #[test]
    fn a_reused_unit_is_reported_once() {
        let text = r#"policy privacy "P" {
  id = "p"
  org { name = "O" }
  contact { email = "a@example.com" }
  section collection "C" { text "x" collect { data = [email] } }
  section use "U" { text "x" }
  section sharing "S" { text "x" }
  section contact "K" { contact-block }
}"#;
        let file = SourceFile::new("p.policy", text);
        let compiled = crate::compile(&file);
        let mut units = vec![Unit { file, compiled }];
        let formats = [Format::Xcprivacy, Format::Gpc];
        add_export_gaps(&mut units, &formats);
        let first = units.first().map(|u| u.compiled.diagnostics.len());
        add_export_gaps(&mut units, &formats);
        let second = units.first().map(|u| u.compiled.diagnostics.len());
        assert_eq!(first, second);
        assert!(first.is_some_and(|n| n >= 3), "{first:?}");
        add_export_gaps(&mut units, &[Format::Html]);
        let html = units.first().map(|u| u.compiled.diagnostics.len());
        assert!(html < first, "reports of formats no longer built are gone");
    }
}

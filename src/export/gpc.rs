//! The Global Privacy Control export: the site's `.well-known/gpc.json`
//! (W3C GPC: `{"gpc": true, "lastUpdate": "YYYY-MM-DD"}`, no `version`
//! member since 2021), from the `signals { gpc = … }` of the policies built.
//!
//! The file speaks for the whole site, so it states only what every policy
//! of the build states (docs/exports.md, "the rule"): `true` when every
//! policy honours the signal, `false` when every policy states a stance and
//! one does not honour it, and no file at all while any policy is silent —
//! the spec makes the resource optional, and a missing one claims nothing,
//! which is all a silent policy says. [`gaps`] names the silent policies
//! when `gpc` is being built. `lastUpdate` is the latest date among the
//! policies, each its `updated` date or else its `effective` one.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::practice::Stance;
use crate::model::{Date, Policy};

/// Where the file goes, under the output folder.
pub const PATH: &str = ".well-known/gpc.json";

/// A policy's GPC stance, if it states one.
fn stance(policy: &Policy) -> Option<Stance> {
    policy
        .practices
        .signals
        .as_ref()
        .and_then(|s| s.node.gpc.as_ref())
        .map(|g| g.node)
}

/// The site's `gpc.json`, or `None` when there is no policy or any policy
/// states no GPC stance.
pub fn render(policies: &[&Policy]) -> Option<String> {
    let mut honoured = true;
    let mut last: Option<Date> = None;
    for policy in policies {
        honoured &= stance(policy)? == Stance::Honoured;
        let date = policy
            .meta
            .updated
            .as_ref()
            .or(policy.meta.effective.as_ref());
        last = last.max(date.map(|d| d.node));
    }
    if policies.is_empty() {
        return None;
    }
    Some(match last {
        Some(date) => format!("{{\n  \"gpc\": {honoured},\n  \"lastUpdate\": \"{date}\"\n}}\n"),
        None => format!("{{\n  \"gpc\": {honoured}\n}}\n"),
    })
}

/// For each policy, in order, what keeps the site's `gpc.json` from being
/// written: a warning on each policy that states no GPC stance, at its
/// title. Run by the build only when `gpc` is one of its formats.
pub fn gaps(policies: &[&Policy]) -> Vec<Vec<Diagnostic>> {
    policies
        .iter()
        .map(|policy| match stance(policy) {
            Some(_) => Vec::new(),
            None => vec![
                Diagnostic::warning(
                    Code::ExportIncomplete,
                    format!(
                        "`{PATH}` is not written: this policy does not say whether it honours \
                         Global Privacy Control, and the file speaks for every policy of the site"
                    ),
                )
                .at(policy.title.span)
                .label("no `gpc` stance in this policy")
                .help("add `signals { gpc = honoured }` (or `gpc = not-honoured`)"),
            ],
        })
        .collect()
}

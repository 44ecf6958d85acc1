//! The Global Privacy Control export: the site's `.well-known/gpc.json`
//! (W3C GPC: `{"gpc": true, "lastUpdate": "YYYY-MM-DD"}`, no `version`
//! member since 2021), from the `signals { gpc = … }` of the policies built.
//!
//! The file speaks for the whole site, so it is written when any policy of
//! the build states a GPC stance, and says `true` only when every policy
//! that states one honours the signal: a site where one policy does not
//! cannot claim to (docs/exports.md). `lastUpdate` is the latest date among
//! those policies, each its `updated` date or else its `effective` one.

use crate::model::practice::Stance;
use crate::model::{Date, Policy};

/// Where the file goes, under the output folder.
pub const PATH: &str = ".well-known/gpc.json";

/// The site's `gpc.json`, or `None` when no policy states a GPC stance.
pub fn render(policies: &[&Policy]) -> Option<String> {
    let mut honoured = true;
    let mut stated = false;
    let mut last: Option<Date> = None;
    for policy in policies {
        let Some(stance) = policy
            .practices
            .signals
            .as_ref()
            .and_then(|s| s.node.gpc.as_ref())
        else {
            continue;
        };
        stated = true;
        honoured &= stance.node == Stance::Honoured;
        let date = policy
            .meta
            .updated
            .as_ref()
            .or(policy.meta.effective.as_ref());
        last = last.max(date.map(|d| d.node));
    }
    if !stated {
        return None;
    }
    Some(match last {
        Some(date) => format!("{{\n  \"gpc\": {honoured},\n  \"lastUpdate\": \"{date}\"\n}}\n"),
        None => format!("{{\n  \"gpc\": {honoured}\n}}\n"),
    })
}

//! The App Store Connect privacy label: `app_privacy_details.json`, the
//! file fastlane's `upload_app_privacy_details_to_app_store` action reads
//! (`json_path`) and sends to App Store Connect, so the label people see
//! in the App Store comes from the same facts as the privacy manifest.
//!
//! fastlane reads an array of usages, each
//! `{"category": ID, "purposes": [ID, …], "data_protections": [ID, …]}`,
//! and for an app that collects nothing one `{"data_protections":
//! ["DATA_NOT_COLLECTED"]}`; it creates one App Store Connect data usage
//! per category, purpose and protection. The ids are App Store Connect's
//! (`appDataUsageCategories`, `appDataUsagePurposes`,
//! `appDataUsageDataProtections`, as fastlane's spaceship models list
//! them), read from the `asc_api_id` column of `vocab/apple.tsv`.
//!
//! The label is made from the manifest's entries ([`apple`]), so both say
//! the same: linked as stated or else Apple's presumption (linked),
//! `DATA_USED_TO_TRACK_YOU` only where a `collect` says `tracking = true`,
//! purposes as stated. What Apple requires and the policy does not say is
//! found by [`gaps`] (docs/exports.md).

use super::apple;
use crate::diagnostic::Diagnostic;
use crate::model::Policy;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where the file goes in the policy's folder: fastlane's default name.
pub const FILE_NAME: &str = "app_privacy_details.json";

/// The category a data type App Store Connect lacks goes under.
const OTHER_DATA: &str = "OTHER_DATA";

/// One usage, in the order fastlane writes its keys.
#[derive(Serialize)]
struct Usage {
    #[serde(skip_serializing_if = "Option::is_none")]
    category: Option<&'static str>,
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    purposes: BTreeSet<&'static str>,
    data_protections: BTreeSet<&'static str>,
}

/// The label as fastlane's JSON, sorted by category, with a trailing
/// newline; `DATA_NOT_COLLECTED` when the policy's `collect`s are all of
/// data from others (Apple's "collect" is the app's), an empty list when it
/// has none (a build refuses that first: [`gaps`]).
pub fn render(policy: &Policy) -> Result<String, String> {
    let mut usages: BTreeMap<&'static str, Usage> = BTreeMap::new();
    for (data_type, entry) in apple::entries(policy) {
        let category = crate::vocab::app_store_id(data_type).unwrap_or(OTHER_DATA);
        let usage = usages.entry(category).or_insert_with(|| Usage {
            category: Some(category),
            purposes: BTreeSet::new(),
            data_protections: BTreeSet::new(),
        });
        usage.purposes.extend(
            entry
                .purposes
                .iter()
                .filter_map(|p| crate::vocab::app_store_id(p)),
        );
        usage.data_protections.insert(if entry.linked {
            "DATA_LINKED_TO_YOU"
        } else {
            "DATA_NOT_LINKED_TO_YOU"
        });
        if entry.tracking == Some(true) {
            usage.data_protections.insert("DATA_USED_TO_TRACK_YOU");
        }
    }
    for usage in usages.values_mut() {
        // Linked and not linked merged into one category: linked, as Apple
        // presumes of data that is not de-identified.
        if usage.data_protections.contains("DATA_LINKED_TO_YOU") {
            usage.data_protections.remove("DATA_NOT_LINKED_TO_YOU");
        }
    }
    let mut list: Vec<Usage> = usages.into_values().collect();
    // No usage although the policy has `collect`s: all of data from others.
    // With no `collect` at all the list stays empty ([`gaps`] refuses it).
    if list.is_empty() && !policy.practices.collections.is_empty() {
        list.push(Usage {
            category: None,
            purposes: BTreeSet::new(),
            data_protections: BTreeSet::from(["DATA_NOT_COLLECTED"]),
        });
    }
    serde_json::to_string_pretty(&list)
        .map(|json| json + "\n")
        .map_err(|e| e.to_string())
}

/// What the label needs that the policy does not say: what the manifest
/// needs of each data type (purposes, tracking) and a `collect` at all
/// ([`apple::collect_gaps`]).
pub fn gaps(policy: &Policy) -> Vec<Diagnostic> {
    apple::collect_gaps(policy, "the App Store privacy label")
}

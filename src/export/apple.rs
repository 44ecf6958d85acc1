//! The Apple export: the privacy manifest `PrivacyInfo.xcprivacy`, an XML
//! property list of the data an app collects (`NSPrivacyCollectedDataTypes`)
//! and whether it tracks (`NSPrivacyTracking`). Only keys and values of
//! `vocab/apple.tsv` are written: a category with no Apple data type goes
//! under `NSPrivacyCollectedDataTypeOtherDataTypes` and a purpose with none
//! under `NSPrivacyCollectedDataTypePurposeOther` — the types the `other`
//! category and purpose map to (docs/exports.md).
//!
//! Written by hand (a property list of strings, booleans, arrays and
//! dictionaries needs no crate), with keys and entries sorted, tabs as
//! Xcode indents, so a rebuild gives the same bytes.

use crate::markup::escape_html;
use crate::model::Policy;
use crate::model::practice::{Category, Collection, Purpose};
use crate::vocab::{self, CategoryInfo};
use std::collections::{BTreeMap, BTreeSet};

/// What the manifest says of one Apple data type, merged over every
/// `collect` of a category of that type.
#[derive(Default)]
struct Entry {
    linked: bool,
    tracking: bool,
    purposes: BTreeSet<&'static str>,
}

/// The policy's privacy manifest, with a trailing newline.
///
/// One entry per Apple data type, sorted by key: linked or tracking when
/// any `collect` of it says so (unsaid is no, as on the page's label card),
/// its purposes the union of theirs. `NSPrivacyTracking` is true when any
/// `collect` tracks. `NSPrivacyTrackingDomains` stays empty: the policy
/// names no tracking domains, and the app's developer adds them.
pub fn render(policy: &Policy) -> String {
    let collections = &policy.practices.collections;
    let mut entries: BTreeMap<&'static str, Entry> = BTreeMap::new();
    for collection in collections {
        for data in &collection.node.data {
            for key in data_types(&data.node) {
                merge(entries.entry(key).or_default(), &collection.node);
            }
        }
    }
    let tracking = collections
        .iter()
        .any(|c| c.node.tracking.as_ref().is_some_and(|t| t.node));

    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" ",
        "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n",
        "<plist version=\"1.0\">\n<dict>\n",
    ));
    key(&mut xml, 1, "NSPrivacyCollectedDataTypes");
    if entries.is_empty() {
        line(&mut xml, 1, "<array/>");
    } else {
        line(&mut xml, 1, "<array>");
        for (data_type, entry) in &entries {
            write_entry(&mut xml, data_type, entry);
        }
        line(&mut xml, 1, "</array>");
    }
    key(&mut xml, 1, "NSPrivacyTracking");
    boolean(&mut xml, 1, tracking);
    key(&mut xml, 1, "NSPrivacyTrackingDomains");
    line(&mut xml, 1, "<array/>");
    xml.push_str("</dict>\n</plist>\n");
    xml
}

/// The Apple data types of a category: its own, or the catch-all's.
fn data_types(category: &Category) -> Vec<&'static str> {
    let own = category
        .info()
        .map(|info| info.apple.clone())
        .unwrap_or_default();
    if own.is_empty() {
        catch_all()
            .map(|info| info.apple.clone())
            .unwrap_or_default()
    } else {
        own
    }
}

/// The category everything without an Apple data type goes under.
fn catch_all() -> Option<&'static CategoryInfo> {
    vocab::other_category()
}

/// The Apple purpose of a purpose: its own, or the catch-all's.
fn apple_purpose(purpose: &Purpose) -> Option<&'static str> {
    purpose
        .info()
        .and_then(|info| info.apple)
        .or_else(|| vocab::other_purpose().and_then(|info| info.apple))
}

/// Adds what one `collect` says to an entry.
fn merge(entry: &mut Entry, collection: &Collection) {
    entry.linked |= collection.linked.as_ref().is_some_and(|l| l.node);
    entry.tracking |= collection.tracking.as_ref().is_some_and(|t| t.node);
    entry.purposes.extend(
        collection
            .purposes
            .iter()
            .filter_map(|p| apple_purpose(&p.node)),
    );
}

/// One dictionary of `NSPrivacyCollectedDataTypes`, keys sorted.
fn write_entry(xml: &mut String, data_type: &str, entry: &Entry) {
    line(xml, 2, "<dict>");
    key(xml, 3, "NSPrivacyCollectedDataType");
    string(xml, 3, data_type);
    key(xml, 3, "NSPrivacyCollectedDataTypeLinked");
    boolean(xml, 3, entry.linked);
    key(xml, 3, "NSPrivacyCollectedDataTypePurposes");
    if entry.purposes.is_empty() {
        line(xml, 3, "<array/>");
    } else {
        line(xml, 3, "<array>");
        for purpose in &entry.purposes {
            string(xml, 4, purpose);
        }
        line(xml, 3, "</array>");
    }
    key(xml, 3, "NSPrivacyCollectedDataTypeTracking");
    boolean(xml, 3, entry.tracking);
    line(xml, 2, "</dict>");
}

fn key(xml: &mut String, depth: usize, name: &str) {
    line(xml, depth, &format!("<key>{}</key>", escape_html(name)));
}

fn string(xml: &mut String, depth: usize, text: &str) {
    line(
        xml,
        depth,
        &format!("<string>{}</string>", escape_html(text)),
    );
}

fn boolean(xml: &mut String, depth: usize, value: bool) {
    line(xml, depth, if value { "<true/>" } else { "<false/>" });
}

fn line(xml: &mut String, depth: usize, text: &str) {
    for _ in 0..depth {
        xml.push('\t');
    }
    xml.push_str(text);
    xml.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catch_alls_are_apples_other_types() {
        let other = catch_all().map(|c| c.apple.clone());
        assert_eq!(
            other,
            Some(vec!["NSPrivacyCollectedDataTypeOtherDataTypes"])
        );
        let purpose = apple_purpose(&Purpose::Other("x".to_string()));
        assert_eq!(purpose, Some("NSPrivacyCollectedDataTypePurposeOther"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_html("a & <b>"), "a &amp; &lt;b&gt;");
    }
}

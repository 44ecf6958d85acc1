//! The Apple export: the privacy manifest `PrivacyInfo.xcprivacy`, an XML
//! property list of the data an app collects (`NSPrivacyCollectedDataTypes`)
//! and whether it tracks (`NSPrivacyTracking`, `NSPrivacyTrackingDomains`).
//! Only keys and values of `vocab/apple.tsv` are written: a category with no
//! Apple data type goes under `NSPrivacyCollectedDataTypeOtherDataTypes` and
//! a purpose with none under `NSPrivacyCollectedDataTypePurposeOther` — the
//! types the `other` category and purpose map to (docs/exports.md).
//!
//! The manifest states only what the policy declares (docs/exports.md, "the
//! rule"): linked is the fact or else Apple's own presumption (collected
//! data is linked to the user unless de-identified); tracking is the fact,
//! never a `false` nobody stated. What Apple requires and the policy does
//! not say is found by [`gaps`], which the build runs for this format only
//! and which refuses it before anything is written.
//!
//! Written by hand (a property list of strings, booleans, arrays and
//! dictionaries needs no crate), with keys and entries sorted, tabs as
//! Xcode indents, so a rebuild gives the same bytes.

use crate::diagnostic::{Code, Diagnostic};
use crate::markup::escape_html;
use crate::model::practice::{Category, Collection, Purpose, SourceKind};
use crate::model::{Node, Policy};
use crate::vocab::{self, CategoryInfo};
use std::collections::{BTreeMap, BTreeSet};

/// What the manifest says of one Apple data type, merged over every
/// `collect` of a category of that type.
#[derive(Default)]
pub(crate) struct Entry {
    /// Linked when any `collect` of it is linked or does not say (Apple's
    /// presumption).
    pub(crate) linked: bool,
    /// Tracking when any says so; `None` when one does not say and none
    /// tracks (then the key is left out: [`gaps`] refuses such a build).
    pub(crate) tracking: Option<bool>,
    /// Apple's purposes (`NSPrivacyCollectedDataTypePurpose…`).
    pub(crate) purposes: BTreeSet<&'static str>,
}

/// The policy's privacy manifest, with a trailing newline.
///
/// One entry per Apple data type, sorted by key, from the `collect`s Apple
/// counts as collected ([`collected_by_app`]): linked unless every one of
/// them says `linked = false`, tracking when any says so, its purposes the
/// union of theirs. `NSPrivacyTracking` is true when any tracks, with the
/// `tracking-domains` of those that do.
pub fn render(policy: &Policy) -> String {
    let collections = collected_by_app(policy);
    let entries = entries(policy);
    let tracking = collections.iter().any(|c| tracks(&c.node));
    let domains: BTreeSet<&str> = collections
        .iter()
        .filter(|c| tracks(&c.node))
        .flat_map(|c| c.node.tracking_domains.iter().map(|d| d.node.as_str()))
        .collect();

    let mut xml = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
        "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" ",
        "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n",
        "<plist version=\"1.0\">\n<dict>\n",
    ));
    write_apis(&mut xml, policy);
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
    strings(&mut xml, 1, domains);
    xml.push_str("</dict>\n</plist>\n");
    xml
}

/// `NSPrivacyAccessedAPITypes`: one entry per required-reason API category
/// the policy's `api` facts name, sorted, with the union of their reasons.
/// Left out when the policy names none: an empty list would say the app
/// uses none, which no fact states ([`gaps`] warns instead).
fn write_apis(xml: &mut String, policy: &Policy) {
    let mut apis: BTreeMap<&'static str, BTreeSet<&str>> = BTreeMap::new();
    for api in &policy.practices.apis {
        let Some(info) = vocab::api(&api.node.api.node) else {
            continue;
        };
        let reasons = apis.entry(info.apple).or_default();
        reasons.extend(api.node.reasons.iter().map(|r| r.node.as_str()));
    }
    if apis.is_empty() {
        return;
    }
    key(xml, 1, "NSPrivacyAccessedAPITypes");
    line(xml, 1, "<array>");
    for (category, reasons) in apis {
        line(xml, 2, "<dict>");
        key(xml, 3, "NSPrivacyAccessedAPIType");
        string(xml, 3, category);
        key(xml, 3, "NSPrivacyAccessedAPITypeReasons");
        strings(xml, 3, reasons);
        line(xml, 2, "</dict>");
    }
    line(xml, 1, "</array>");
}

/// What Apple's manifest requires that the policy does not say, as
/// located diagnostics naming the setting to add: a `collect` without
/// `purposes` or `tracking` (errors: no answer would be true), tracking
/// with no `tracking-domains` anywhere (an error: Apple requires at least
/// one), and `tracking-domains` on a `collect` that does not track (a
/// warning: they are left out). Run by the build for this format only.
pub fn gaps(policy: &Policy) -> Vec<Diagnostic> {
    let collections = collected_by_app(policy);
    let mut found = collect_gaps(policy, "the privacy manifest");
    for collection in &collections {
        let facts = &collection.node;
        if let (false, Some(first)) = (tracks(facts), facts.tracking_domains.first()) {
            found.push(
                Diagnostic::warning(
                    Code::ExportIncomplete,
                    "these tracking domains are left out of the privacy manifest: \
                     this `collect` does not say `tracking = true`",
                )
                .at(first.span)
                .label("left out")
                .help("add `tracking = true` if this data is used to track, or remove the domains"),
            );
        }
    }
    found.extend(api_gaps(policy));
    let trackers: Vec<_> = collections.iter().filter(|c| tracks(&c.node)).collect();
    let no_domains = trackers.iter().all(|c| c.node.tracking_domains.is_empty());
    if let (Some(first), true) = (trackers.first(), no_domains) {
        let at = first.node.tracking.as_ref().map_or(first.span, |t| t.span);
        found.push(
            Diagnostic::error(
                Code::ExportNeedsFact,
                "the privacy manifest says the app tracks but names no tracking domains",
            )
            .at(at)
            .label("tracking, but to which domains?")
            .help(
                "Apple requires at least one domain with `NSPrivacyTracking`: \
                 add `tracking-domains = [\"ads.example.com\"]` to this `collect`",
            ),
        );
    }
    found
}

/// What Apple asks of every data type the app collects, for the manifest
/// and the App Store label alike (`target` names which in the message):
/// at least one purpose, and whether it is used for tracking; and a
/// `collect` at all — with none, an empty list would say the app collects
/// nothing, a statement no fact makes.
pub(crate) fn collect_gaps(policy: &Policy, target: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if policy.practices.collections.is_empty() {
        found.push(
            Diagnostic::error(
                Code::ExportNeedsFact,
                format!(
                    "{target} needs the data the app collects: this policy declares no `collect`"
                ),
            )
            .at(policy.title.span)
            .label("no `collect` in this policy")
            .help(
                "add a `collect { data = [...] purposes = [...] tracking = false }` \
                 for each kind of data the app collects",
            ),
        );
    }
    for collection in collected_by_app(policy) {
        let facts = &collection.node;
        if facts.purposes.is_empty() {
            found.push(needs(
                collection,
                &format!("{target} needs the purposes of this `collect`"),
                "Apple lists at least one purpose for each data type: \
                 add `purposes = [service-provision]` (or the purposes that apply)",
            ));
        }
        if facts.tracking.is_none() {
            found.push(needs(
                collection,
                &format!("{target} needs to know whether this data is used for tracking"),
                "add `tracking = false`, or `tracking = true` with \
                 `tracking-domains = [\"ads.example.com\"]`",
            ));
        }
    }
    found
}

/// Required-reason APIs: an `api` with no reason is an error (Apple
/// requires one); a policy with no `api` at all gets a warning, since
/// nearly every app uses one (`UserDefaults`) and App Store Connect refuses
/// an upload that uses one undeclared.
fn api_gaps(policy: &Policy) -> Vec<Diagnostic> {
    let apis = &policy.practices.apis;
    let mut found: Vec<Diagnostic> = apis
        .iter()
        .filter(|api| api.node.reasons.is_empty())
        .map(|api| {
            Diagnostic::error(
                Code::ExportNeedsFact,
                format!("this `api {}` names no reason Apple approves", api.node.api.node),
            )
            .at(api.span)
            .label("no reason")
            .help("add `reasons = [\"…\"]` with Apple's code for why the app uses it (docs/exports.md)")
        })
        .collect();
    if apis.is_empty() {
        found.push(
            Diagnostic::warning(
                Code::ExportIncomplete,
                "the privacy manifest lists no required-reason APIs: the policy declares no `api`",
            )
            .at(policy.title.span)
            .label("no `api` in this policy")
            .help(
                "if the app uses one (most do: `UserDefaults`), add e.g. \
                 `api user-defaults { reasons = [\"CA92.1\"] }`; App Store Connect \
                 refuses uploads that use them undeclared",
            ),
        );
    }
    found
}

/// An error at a `collect` for something Apple requires of it.
fn needs(collection: &Node<Collection>, message: &str, help: &str) -> Diagnostic {
    Diagnostic::error(Code::ExportNeedsFact, message)
        .at(collection.span)
        .label("this `collect`")
        .help(help)
}

/// One entry per Apple data type the app collects, sorted by key: what
/// the manifest lists, and what the App Store label is made from.
pub(crate) fn entries(policy: &Policy) -> BTreeMap<&'static str, Entry> {
    let mut entries: BTreeMap<&'static str, Entry> = BTreeMap::new();
    for collection in collected_by_app(policy) {
        for data in &collection.node.data {
            for key in data_types(&data.node) {
                merge(
                    entries.entry(key).or_insert_with(Entry::unmerged),
                    &collection.node,
                );
            }
        }
    }
    entries
}

/// The `collect`s Apple counts as collected by the app: Apple defines
/// "collect" as transmitting data off the device, so data the policy says
/// comes only from third parties or public sources is not the app's to
/// declare. A `collect` that names no source, or the person or their
/// device, is declared.
pub fn collected_by_app(policy: &Policy) -> Vec<&Node<Collection>> {
    policy
        .practices
        .collections
        .iter()
        .filter(|c| {
            c.node.sources.is_empty()
                || c.node
                    .sources
                    .iter()
                    .any(|s| matches!(s.node.kind, SourceKind::Person | SourceKind::Device))
        })
        .collect()
}

/// Whether a `collect` says its data is used for tracking.
fn tracks(collection: &Collection) -> bool {
    collection.tracking.as_ref().is_some_and(|t| t.node)
}

/// The Apple data types of a category: its own, or the catch-all's.
fn data_types(category: &Category) -> &'static [&'static str] {
    let own = category.info().map_or(&[][..], |info| info.apple);
    if own.is_empty() {
        catch_all().map_or(&[][..], |info| info.apple)
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

impl Entry {
    /// An entry before any `collect` is merged: not linked, tracking
    /// known to be false until a `collect` says otherwise or is silent.
    fn unmerged() -> Self {
        Entry {
            linked: false,
            tracking: Some(false),
            purposes: BTreeSet::new(),
        }
    }
}

/// Adds what one `collect` says to an entry. Unsaid `linked` is Apple's
/// presumption, linked; unsaid `tracking` makes the entry's unknown unless
/// another `collect` of the type tracks.
fn merge(entry: &mut Entry, collection: &Collection) {
    entry.linked |= collection.linked.as_ref().is_none_or(|l| l.node);
    entry.tracking = match (entry.tracking, collection.tracking.as_ref().map(|t| t.node)) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    };
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
    strings(xml, 3, entry.purposes.iter().copied());
    if let Some(tracking) = entry.tracking {
        key(xml, 3, "NSPrivacyCollectedDataTypeTracking");
        boolean(xml, 3, tracking);
    }
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

/// An array of strings, `<array/>` when empty.
fn strings<'a>(xml: &mut String, depth: usize, items: impl IntoIterator<Item = &'a str>) {
    let mut items = items.into_iter().peekable();
    if items.peek().is_none() {
        line(xml, depth, "<array/>");
        return;
    }
    line(xml, depth, "<array>");
    for item in items {
        string(xml, depth + 1, item);
    }
    line(xml, depth, "</array>");
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
        let other = catch_all().map(|c| c.apple);
        assert_eq!(
            other,
            Some(&["NSPrivacyCollectedDataTypeOtherDataTypes"][..])
        );
        let purpose = apple_purpose(&Purpose::Other("x".to_string()));
        assert_eq!(purpose, Some("NSPrivacyCollectedDataTypePurposeOther"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_html("a & <b>"), "a &amp; &lt;b&gt;");
    }
}

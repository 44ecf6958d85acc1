//! What Google Play's Data safety form asks that the policy does not say:
//! the diagnostics the driver adds when `--format play` is built
//! (docs/exports.md). An answer no fact gives is an error (E0313) where
//! the form requires one and any answer would be a guess; a warning
//! (W0005) where the CSV can leave it out.

use super::accounts::{creates_accounts, logs_in_from_outside};
use super::form::FORM;
use super::usage::{Usage, usage};
use super::{deletion_url, encrypted_in_transit, erasure, play_purpose};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::practice::{AccountCreation, Collection, OutsideAccount, Recipient};
use crate::model::{Node, Policy};

/// What the policy lacks for its Data safety CSV.
pub fn gaps(policy: &Policy) -> Vec<Diagnostic> {
    let usages: Vec<Usage> = FORM
        .types
        .iter()
        .map(|t| usage(policy, t.id))
        .filter(Usage::collected)
        .collect();
    let mut found = top_gaps(policy, !usages.is_empty());
    found.extend(sharing_gap(policy, &usages));
    found.extend(account_gaps(policy));
    let mut said = Vec::new();
    for usage in &usages {
        for diagnostic in type_gaps(usage) {
            // Several Play types of one `collect` ask the same of it: once.
            let key = (diagnostic.span, diagnostic.message.clone());
            if !said.contains(&key) {
                said.push(key);
                found.push(diagnostic);
            }
        }
    }
    found
}

/// The questions of the form's first page: whether the app collects data,
/// whether all of it is encrypted in transit, how people ask for deletion.
fn top_gaps(policy: &Policy, collects: bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !collects {
        found.push(
            Diagnostic::error(
                Code::ExportNeedsFact,
                "the Data safety CSV needs the data the app collects: this policy declares no `collect`",
            )
            .at(policy.title.span)
            .label("no `collect` in this policy")
            .help("add a `collect { data = [...] purposes = [...] required = true ephemeral = false }` for each kind of data the app collects"),
        );
        return found;
    }
    if encrypted_in_transit(policy).is_none() {
        let at = policy
            .practices
            .security
            .as_ref()
            .map_or(policy.title.span, |s| s.span);
        found.push(
            Diagnostic::error(
                Code::ExportNeedsFact,
                "the Data safety CSV needs to know whether all user data is encrypted in transit",
            )
            .at(at)
            .label("which data is encrypted in transit?")
            .help("Play asks about *all* data: add `in-transit = all` to `security` if every transfer is encrypted, else `in-transit = some`"),
        );
    }
    match erasure(policy) {
        None => found.push(
            Diagnostic::warning(
                Code::ExportIncomplete,
                "the Data safety CSV leaves out whether people can ask for their data to be deleted",
            )
            .at(policy.title.span)
            .label("no `right erasure` in this policy")
            .help("add `right erasure { via = [\"https://example.com/delete\"] }` if people can ask for deletion"),
        ),
        Some(right) if deletion_url(policy).is_none() => found.push(
            Diagnostic::warning(
                Code::ExportIncomplete,
                "the Data safety CSV leaves out the delete data URL: this right names no web address for deletion",
            )
            .at(right.span)
            .label("no web address in `via`")
            .help("add the page where people ask for deletion, e.g. `via = [\"https://example.com/delete\"]`; the contact's address is not one"),
        ),
        Some(_) => {}
    }
    found
}

/// The account questions. Play's "Understanding Google Play's app account
/// deletion requirements" (support.google.com/googleplay/android-developer/
/// answer/13327111): an app that lets people create an account must give
/// "a web link resource where users can request app account deletion",
/// so a creation method without `deletion` is an error; an `other` choice
/// needs its description (the form's MAYBE_REQUIRED "Describe …" rows).
fn account_gaps(policy: &Policy) -> Vec<Diagnostic> {
    let Some(accounts) = &policy.practices.accounts else {
        return vec![
            Diagnostic::warning(
                Code::ExportIncomplete,
                "the Data safety CSV leaves out whether people can create an account",
            )
            .at(policy.title.span)
            .label("no `accounts` in this policy")
            .help("add `accounts { creation = [username-password] deletion = \"https://example.com/delete-account\" }`, or `accounts { creation = [none] }` if people cannot create one"),
        ];
    };
    let mut found = Vec::new();
    let fact = &accounts.node;
    let mut needs = |message: &str, label: &str, help: &str| {
        found.push(
            Diagnostic::error(Code::ExportNeedsFact, message)
                .at(accounts.span)
                .label(label)
                .help(help),
        );
    };
    if creates_accounts(fact) && fact.deletion.is_none() {
        needs(
            "the Data safety CSV needs the web page where people ask for their account to be deleted",
            "accounts can be created, but where are they deleted?",
            "Google Play requires it of apps that let people create an account: add `deletion = \"https://example.com/delete-account\"`",
        );
    }
    if fact
        .creation
        .iter()
        .any(|m| m.node == AccountCreation::Other)
        && fact.creation_other.is_none()
    {
        needs(
            "the Data safety CSV needs the `other` way of creating an account described",
            "`other`, but which?",
            "add `creation-other = \"…\"` saying how people create an account",
        );
    }
    if fact.outside.iter().any(|m| m.node == OutsideAccount::Other) && fact.outside_other.is_none()
    {
        needs(
            "the Data safety CSV needs the `other` way accounts outside the app are made described",
            "`other`, but which?",
            "add `outside-other = \"…\"` saying how those accounts are created",
        );
    }
    let mut incomplete = |message: &str, label: &str, help: &str| {
        found.push(
            Diagnostic::warning(Code::ExportIncomplete, message)
                .at(accounts.span)
                .label(label)
                .help(help),
        );
    };
    if fact.creation.is_empty() {
        incomplete(
            "the Data safety CSV leaves out how people create an account",
            "no `creation` in `accounts`",
            "add `creation = [username-password]` (or the ways they do), or `creation = [none]`",
        );
    }
    if logs_in_from_outside(fact).is_none() {
        incomplete(
            "the Data safety CSV leaves out whether people log in with accounts made outside the app",
            "no `outside` in `accounts`",
            "add `outside = [none]`, or the ways such accounts are made, e.g. `outside = [enterprise]`",
        );
    }
    found
}

/// "Is this data shared?" answered no for every type only because no
/// recipient that shares is named: the CSV leaves the box unticked (as the
/// Console does), which reads as "not shared", so it is said only where
/// `disclosure { third-parties = false }` says it (docs/exports.md). A
/// policy that names a sharing recipient has said what it shares.
fn sharing_gap(policy: &Policy, usages: &[Usage]) -> Option<Diagnostic> {
    let declared = policy
        .practices
        .disclosure
        .as_ref()
        .is_some_and(|d| d.node.no_third_parties());
    if usages.is_empty() || declared || usages.iter().any(Usage::shared) {
        return None;
    }
    let at = usages
        .iter()
        .find_map(|u| u.collections.first())
        .map_or(policy.title.span, |c| c.span);
    Some(
        Diagnostic::warning(
            Code::ExportIncomplete,
            "the Data safety CSV answers that no data is shared only because no recipient that shares it is named",
        )
        .at(at)
        .label("is any of this data shared with a third party?")
        .help("if no third party receives personal data (service providers and authorities are not sharing for Play), say so: `disclosure { third-parties = false }`; otherwise declare the recipient, e.g. `recipient advertiser \"Ads Co\" { data = [...] purposes = [...] }`"),
    )
}

/// What Play asks of each collected data type, at the `collect` that
/// should say it: why (never empty), whether users can turn it off,
/// whether it is processed ephemerally; and, when shared, why.
fn type_gaps(usage: &Usage) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Some(first) = usage.collections.first().copied() else {
        return found;
    };
    if usage.collection_purposes.is_empty() {
        found.push(needs(
            first,
            "the Data safety CSV needs a purpose Play knows for this data",
            "add `purposes = [...]` with a purpose Play lists, e.g. `service-provision` or \
             `analytics` (docs/vocabulary.md shows each purpose's Play purpose)",
        ));
    }
    if usage.required.is_none() {
        let at = unsaid(usage, first, |c| c.required.is_none());
        found.push(needs(
            at,
            "the Data safety CSV needs to know whether this data is required",
            "add `required = true` if people cannot use the app without giving it, else `required = false`",
        ));
    }
    if usage.ephemeral.is_none() {
        let at = unsaid(usage, first, |c| c.ephemeral.is_none());
        found.push(needs(
            at,
            "the Data safety CSV needs to know whether this data is processed ephemerally",
            "add `ephemeral = false` if the data is stored, or `ephemeral = true` if it is held \
             only in memory for the request that needs it",
        ));
    }
    // Play asks why each shared type is shared: one purpose it knows among
    // the recipients that share the type, reported at the first of them
    // that names none.
    let unknown = |r: &&&Node<Recipient>| {
        !r.node
            .purposes
            .iter()
            .any(|p| play_purpose(&p.node).is_some())
    };
    if let (true, Some(sharer)) = (
        usage.sharing_purposes.is_empty(),
        usage.sharers.iter().find(unknown),
    ) {
        found.push(
            Diagnostic::error(
                Code::ExportNeedsFact,
                "the Data safety CSV needs a purpose Play knows for what this recipient receives",
            )
            .at(sharer.span)
            .label("shared, but why?")
            .help("add `purposes = [...]` with a purpose Play lists, e.g. `service-provision` (docs/vocabulary.md shows each purpose's Play purpose)"),
        );
    }
    found
}

/// The first `collect` of the type that leaves a setting unsaid, else
/// `first`.
fn unsaid<'p>(
    usage: &Usage<'p>,
    first: &'p Node<Collection>,
    missing: fn(&Collection) -> bool,
) -> &'p Node<Collection> {
    usage
        .collections
        .iter()
        .copied()
        .find(|c| missing(&c.node))
        .unwrap_or(first)
}

/// An error at a `collect` for something Play requires of it.
fn needs(collection: &Node<Collection>, message: &str, help: &str) -> Diagnostic {
    Diagnostic::error(Code::ExportNeedsFact, message)
        .at(collection.span)
        .label("this `collect`")
        .help(help)
}

//! What the policy's facts answer for each Play data type, computed once
//! for both the CSV and its `gaps`: which `collect`s and recipients name
//! the type, whether it is shared as Play defines sharing, required or
//! optional, processed ephemerally, and why.

use super::{play_purpose, play_type};
use crate::model::practice::{Category, Collection, Recipient, RecipientKind};
use crate::model::{Node, Policy};
use std::collections::BTreeSet;

/// What the policy says of one Play data type.
pub(super) struct Usage<'p> {
    /// The `collect`s naming a category of the type, in order.
    pub collections: Vec<&'p Node<Collection>>,
    /// The recipients that receive it and count as sharing for Play.
    pub sharers: Vec<&'p Node<Recipient>>,
    /// `Some(true)` when a `collect` requires it (users cannot turn it
    /// off), `Some(false)` when every one says optional, else unknown.
    pub required: Option<bool>,
    /// `Some(true)` when every `collect` says ephemeral, `Some(false)` when
    /// one says it is not (stored data is stored), else unknown.
    pub ephemeral: Option<bool>,
    /// Play's purposes of the `collect`s' purposes.
    pub collection_purposes: BTreeSet<&'static str>,
    /// Play's purposes of the sharers' purposes.
    pub sharing_purposes: BTreeSet<&'static str>,
}

impl Usage<'_> {
    /// Whether the type is collected at all.
    pub fn collected(&self) -> bool {
        !self.collections.is_empty()
    }

    /// Whether the type is shared as Play counts it.
    pub fn shared(&self) -> bool {
        !self.sharers.is_empty()
    }
}

/// Whether a recipient's receiving data is "sharing" as Play defines it.
/// Play's Data safety help ("Provide information for Google Play's Data
/// safety section", Play Console Help) does not count transfers to a
/// service provider that processes the data on the developer's behalf, nor
/// transfers for legal purposes (to authorities, in answer to a legal
/// request). Its other exemptions — a transfer the user initiates, data
/// anonymised first — are no fact of a `recipient`, so they are never
/// presumed (docs/exports.md). The kinds are the model's third parties,
/// the very ones `disclosure { third-parties = false }` denies.
pub(super) fn is_sharing(kind: RecipientKind) -> bool {
    kind.is_third_party()
}

/// What the policy says of the Play data type `type_id`.
pub(super) fn usage<'p>(policy: &'p Policy, type_id: &str) -> Usage<'p> {
    let practices = &policy.practices;
    let is_type =
        |data: &[Node<Category>]| data.iter().any(|d| play_type(&d.node) == Some(type_id));
    let collections: Vec<&Node<Collection>> = practices
        .collections
        .iter()
        .filter(|c| is_type(&c.node.data))
        .collect();
    let collected = !collections.is_empty();
    let sharers: Vec<&Node<Recipient>> = practices
        .recipients
        .iter()
        .filter(|r| is_sharing(r.node.kind.node))
        .filter(|r| {
            // A recipient naming no data receives everything collected.
            if r.node.data.is_empty() {
                collected
            } else {
                is_type(&r.node.data)
            }
        })
        .collect();
    let flags = |read: fn(&Collection) -> Option<bool>, wins: bool| {
        let said: Vec<Option<bool>> = collections.iter().map(|c| read(&c.node)).collect();
        if said.contains(&Some(wins)) {
            Some(wins)
        } else if !said.is_empty() && said.iter().all(|s| *s == Some(!wins)) {
            Some(!wins)
        } else {
            None
        }
    };
    let required = flags(|c| c.required.as_ref().map(|r| r.node), true);
    let ephemeral = flags(|c| c.ephemeral.as_ref().map(|e| e.node), false);
    let collection_purposes = collections
        .iter()
        .flat_map(|c| c.node.purposes.iter())
        .filter_map(|p| play_purpose(&p.node))
        .collect();
    let sharing_purposes = sharers
        .iter()
        .flat_map(|r| r.node.purposes.iter())
        .filter_map(|p| play_purpose(&p.node))
        .collect();
    Usage {
        collections,
        sharers,
        required,
        ephemeral,
        collection_purposes,
        sharing_purposes,
    }
}

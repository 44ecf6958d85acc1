//! The controller of the DPV export, as DPV models a legal entity (its
//! examples E0019 and E0032): `dpv:hasName`, `dpv:hasAddress`,
//! `dpv:hasContact` with each channel of the contact point as a link
//! (`mailto:`, `tel:`, the web page), and its officers — the DPO under
//! `dpv:hasDataProtectionOfficer`, a representative under
//! `dpv:hasRepresentative`, any other officer under
//! `dpv:hasResponsibleEntity` labelled with its role.

use super::node::{any_uri, object, reference};
use crate::model::entity::{Channels, Contact, Officer};
use crate::model::practice::ChannelKind;
use crate::model::{Node, Policy};
use serde_json::Value;

/// The blank node of the controller.
pub(super) const CONTROLLER: &str = "_:controller";

/// The `dpv:DataController` the policy names, when it names an
/// organisation or a contact point: its name, website, address, contact
/// channels and officers.
pub(super) fn controller(policy: &Policy) -> Option<Value> {
    let org = policy.org.as_ref().map(|o| &o.node);
    let contact = policy.contact.as_ref().map(|c| &c.node);
    if org.is_none() && contact.is_none() {
        return None;
    }
    let name = org.and_then(|o| o.name.as_ref()).map(|n| n.node.as_str());
    let website = org
        .and_then(|o| o.website.as_ref())
        .map(|w| w.node.as_str());
    let channels = contact.map(|c| &c.channels);
    let address = org
        .and_then(|o| o.address.as_ref())
        .or_else(|| channels.and_then(|c| c.address.as_ref()))
        .map(|a| a.node.as_str());
    let mut pairs = vec![
        ("@id", CONTROLLER.into()),
        ("@type", "dpv:DataController".into()),
        ("rdfs:label", name.map_or(Value::Null, Value::from)),
        ("dpv:hasName", name.map_or(Value::Null, Value::from)),
        ("rdfs:seeAlso", website.map_or(Value::Null, reference)),
        ("dpv:hasAddress", address.map_or(Value::Null, Value::from)),
        (
            "dpv:hasContact",
            Value::Array(channels.map(links).unwrap_or_default()),
        ),
    ];
    for (property, officers) in officers(contact) {
        pairs.push((property, Value::Array(officers)));
    }
    Some(object(pairs))
}

/// The officers of the contact point, grouped under the property of their
/// role, in the order written.
fn officers(contact: Option<&Contact>) -> Vec<(&'static str, Vec<Value>)> {
    let mut groups: Vec<(&'static str, Vec<Value>)> = Vec::new();
    for officer in contact.map_or(&[][..], |c| c.officers.as_slice()) {
        let (property, node) = officer_node(&officer.node);
        match groups.iter_mut().find(|(p, _)| *p == property) {
            Some((_, list)) => list.push(node),
            None => groups.push((property, vec![node])),
        }
    }
    groups
}

/// An officer: the property and class of its role, its name, title (or,
/// for a role DPV has no class for, the role) and channels.
fn officer_node(officer: &Officer) -> (&'static str, Value) {
    let role = officer.role.node.as_str();
    let (property, class) = officer_terms(role);
    let title = officer.title.as_ref().map(|t| t.node.clone());
    let label = match (title, class) {
        (Some(title), _) => Some(title),
        (None, "dpv:Entity") => Some(format!("{role} officer")),
        (None, _) => None,
    };
    let node = object(vec![
        ("@type", class.into()),
        ("rdfs:label", label.map_or(Value::Null, Value::from)),
        (
            "dpv:hasName",
            officer
                .name
                .as_ref()
                .map_or(Value::Null, |n| n.node.as_str().into()),
        ),
        (
            "dpv:hasAddress",
            officer
                .channels
                .address
                .as_ref()
                .map_or(Value::Null, |a| a.node.as_str().into()),
        ),
        ("dpv:hasContact", Value::Array(links(&officer.channels))),
    ]);
    (property, node)
}

/// The property and DPV class of an officer's role: the DPO and a
/// representative have their own, any other role (a grievance or privacy
/// officer) is an entity responsible for the notice's processing.
pub(super) fn officer_terms(role: &str) -> (&'static str, &'static str) {
    match role {
        "dpo" => ("dpv:hasDataProtectionOfficer", "dpv:DataProtectionOfficer"),
        "representative" => ("dpv:hasRepresentative", "dpv:Representative"),
        _ => ("dpv:hasResponsibleEntity", "dpv:Entity"),
    }
}

/// The channels one reaches an entity by, as links: email, web page,
/// telephone (the postal address is `dpv:hasAddress`).
fn links(channels: &Channels) -> Vec<Value> {
    [ChannelKind::Email, ChannelKind::Url, ChannelKind::Phone]
        .into_iter()
        .filter_map(|kind| channel(channels, kind))
        .collect()
}

/// One channel of the contact point as DPV writes a place: a link as an
/// `xsd:anyURI`, the postal address as text; none when the contact lacks
/// it.
pub(super) fn channel(channels: &Channels, kind: ChannelKind) -> Option<Value> {
    match kind {
        ChannelKind::Email => channels.email.as_ref().map(|e| any_uri(&e.node.mailto())),
        ChannelKind::Url => channels.url.as_ref().map(|u| any_uri(u.node.as_str())),
        ChannelKind::Phone => channels.phone.as_ref().map(|p| any_uri(&p.node.tel())),
        ChannelKind::Address => channels
            .address
            .as_ref()
            .map(|a: &Node<String>| Value::from(a.node.as_str())),
    }
}

//! The `dpv:PrivacyNotice` of the DPV export and what it states for the
//! whole policy: the laws claimed (`dpv:hasApplicableLaw`, from DPV's
//! legal extensions), the rights with where they are exercised
//! (`dpv:isExercisedAt`, as DPV's example E0072), and the security
//! measures (`dpv:hasTechnicalMeasure`, `dpv:hasOrganisationalMeasure`,
//! `dpv:hasPhysicalMeasure`).

use super::node::{Distinct, any_uri, labelled, object, push_once, reference};
use super::party::channel;
use super::{NOTICE, controller_ref};
use crate::model::practice::*;
use crate::model::{Node, Policy, Profile};
use serde_json::Value;

/// The notice: its title, controller, processes, laws, rights and measures.
pub(super) fn notice(policy: &Policy, processes: &[Value], controller: bool) -> Value {
    let ids = processes
        .iter()
        .filter_map(|p| p.get("@id").and_then(Value::as_str))
        .map(reference)
        .collect();
    let mut laws: Vec<Value> = Vec::new();
    for profile in &policy.meta.profiles {
        match law_terms(profile.node) {
            Law::Terms(terms) => terms
                .iter()
                .for_each(|t| push_once(&mut laws, reference(t))),
            Law::Named(name) => push_once(&mut laws, labelled("dpv:Law", name)),
        }
    }
    let channels = policy.contact.as_ref().map(|c| &c.node.channels);
    let mut rights = Distinct::default();
    for right in &policy.practices.rights {
        rights.push(right_value(&right.node, channels));
    }
    let mut pairs = vec![
        ("@id", NOTICE.into()),
        ("@type", "dpv:PrivacyNotice".into()),
        ("rdfs:label", policy.title.node.as_str().into()),
        ("dpv:hasDataController", controller_ref(controller)),
        ("dpv:hasPersonalDataProcess", Value::Array(ids)),
        ("dpv:hasRight", rights.into_value()),
        ("dpv:hasApplicableLaw", Value::Array(laws)),
    ];
    pairs.extend(measures(policy.practices.security.as_ref()));
    object(pairs)
}

/// A law in DPV 2.3: the terms of its legal extension, or its name when
/// DPV has no term for it.
pub(super) enum Law {
    /// The law's terms, compact (`legal-us:law-CA-CCPA`).
    Terms(&'static [&'static str]),
    /// The law's name, for a `dpv:Law` labelled with it.
    Named(&'static str),
}

/// The law a profile claims. The terms were read in DPV 2.3's legal
/// extensions (`2.3/legal/{eu,us,gb,in}/legal-*.csv` of `w3c/dpv` @
/// `f01a55c3`): the CCPA profile is the CCPA as amended by the CPRA, the
/// UK GDPR is read with the Data Protection Act 2018 that supplements it.
/// DPV 2.3 has no COPPA, CalOPPA or SPDI Rules.
pub(super) fn law_terms(profile: Profile) -> Law {
    match profile {
        Profile::Gdpr => Law::Terms(&["legal-eu:law-GDPR"]),
        Profile::UkGdpr => Law::Terms(&["legal-gb:law-GDPR", "legal-gb:law-DPA"]),
        Profile::Ccpa => Law::Terms(&["legal-us:law-CA-CCPA", "legal-us:law-CA-CPRA"]),
        Profile::Dpdp => Law::Terms(&["legal-in:law-DPDP"]),
        Profile::Caloppa => Law::Named("California Online Privacy Protection Act (CalOPPA)"),
        Profile::Coppa => Law::Named("Children's Online Privacy Protection Act (COPPA)"),
        Profile::Spdi => Law::Named(
            "Information Technology (Reasonable Security Practices and Procedures and \
             Sensitive Personal Data or Information) Rules, 2011 (SPDI Rules)",
        ),
    }
}

/// A right: its GDPR article when it has one, else a labelled
/// `dpv:DataSubjectRight`; with `via`, a node of that class with
/// `dpv:isExercisedAt` each channel (a web address as an `xsd:anyURI`, a
/// contact channel as [`channel`] writes it).
fn right_value(right: &Right, channels: Option<&crate::model::Channels>) -> Value {
    let kind = right.kind.node;
    let class = right_article(kind).map(|a| format!("eu-gdpr:{a}"));
    let mut places: Vec<Value> = Vec::new();
    for via in &right.via {
        let place = match &via.node {
            Via::Url(url) => Some(any_uri(url.as_str())),
            Via::Contact(kind) => channels.and_then(|c| channel(c, *kind)),
        };
        places.extend(place);
    }
    match (class, places.is_empty()) {
        (Some(class), true) => reference(&class),
        (None, true) => labelled("dpv:DataSubjectRight", kind.label()),
        (class, false) => object(vec![
            (
                "@type",
                class.as_deref().unwrap_or("dpv:DataSubjectRight").into(),
            ),
            (
                "rdfs:label",
                match class {
                    Some(_) => Value::Null,
                    None => kind.label().into(),
                },
            ),
            ("dpv:isExercisedAt", Value::Array(places)),
        ]),
    }
}

/// The article of the GDPR a right is, when it is one.
pub(super) fn right_article(kind: RightKind) -> Option<&'static str> {
    Some(match kind {
        RightKind::Access => "A15",
        RightKind::Rectification => "A16",
        RightKind::Erasure => "A17",
        RightKind::Restriction => "A18",
        RightKind::Portability => "A20",
        RightKind::Objection => "A21",
        RightKind::AutomatedDecisionMaking => "A22",
        RightKind::Complaint => "A77",
        _ => return None,
    })
}

/// The measures of `security`, each under the property of its kind, in
/// the order written.
fn measures(security: Option<&Node<Security>>) -> Vec<(&'static str, Value)> {
    let mut groups: Vec<(&'static str, Distinct)> = Vec::new();
    for measure in security.map_or(&[][..], |s| s.node.measures.as_slice()) {
        let (property, value) = match &measure.node {
            Measure::Known(kind) => {
                let (property, measure) = measure_terms(*kind);
                let value = match measure {
                    MeasureTerm::Class(class) => reference(class),
                    MeasureTerm::Under(class, label) => labelled(class, label),
                };
                (property, value)
            }
            Measure::Other { other } => (
                "dpv:hasTechnicalOrganisationalMeasure",
                labelled("dpv:TechnicalOrganisationalMeasure", other),
            ),
        };
        match groups.iter_mut().find(|(p, _)| *p == property) {
            Some((_, list)) => list.push(value),
            None => {
                let mut list = Distinct::default();
                list.push(value);
                groups.push((property, list));
            }
        }
    }
    groups
        .into_iter()
        .map(|(p, list)| (p, list.into_value()))
        .collect()
}

/// A measure in DPV 2.3: a class of its own, or (where DPV has none as
/// specific) a node of the general class labelled with the measure.
pub(super) enum MeasureTerm {
    /// The measure's class.
    Class(&'static str),
    /// The general class a node of the measure belongs to, and its label.
    Under(&'static str, &'static str),
}

/// The property and DPV 2.3 term of a security measure
/// (`2.3/dpv/dpv.csv`: technical, organisational and physical measures).
/// "Pseudonymisation or anonymisation" is their common class,
/// de-identification; monitoring for attacks and physical security have no
/// class as specific, so they are labelled nodes of the general one.
pub(super) fn measure_terms(kind: MeasureKind) -> (&'static str, MeasureTerm) {
    use MeasureTerm::{Class, Under};
    const TECHNICAL: &str = "dpv:hasTechnicalMeasure";
    const ORGANISATIONAL: &str = "dpv:hasOrganisationalMeasure";
    match kind {
        MeasureKind::EncryptionInTransit => (TECHNICAL, Class("dpv:EncryptionInTransfer")),
        MeasureKind::EncryptionAtRest => (TECHNICAL, Class("dpv:EncryptionAtRest")),
        MeasureKind::AccessControl => (TECHNICAL, Class("dpv:AccessControlMethod")),
        MeasureKind::Pseudonymisation => (TECHNICAL, Class("dpv:Deidentification")),
        MeasureKind::Monitoring => (
            TECHNICAL,
            Under("dpv:SecurityMethod", "monitoring for attacks and misuse"),
        ),
        MeasureKind::Backups => (TECHNICAL, Class("dpv:DataBackupProtocols")),
        MeasureKind::Audits => (ORGANISATIONAL, Class("dpv:SecurityAudit")),
        MeasureKind::StaffTraining => (ORGANISATIONAL, Class("dpv:StaffTraining")),
        MeasureKind::PhysicalSecurity => (
            "dpv:hasPhysicalMeasure",
            Under(
                "dpv:PhysicalMeasure",
                "physical security of premises and servers",
            ),
        ),
    }
}

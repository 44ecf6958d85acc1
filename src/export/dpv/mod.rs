//! The DPV export: a policy's facts as a W3C Data Privacy Vocabulary (DPV
//! 2.3) JSON-LD document. DPV publishes no `@context`, so the document
//! declares its prefixes inline. Every `dpv:`, `pd:`, `eu-gdpr:`,
//! `legal-eu:`, `legal-gb:`, `legal-in:`, `legal-us:`, `loc:` and `tech:`
//! IRI it writes is one of `vocab/dpv.tsv`;
//! what DPV has no term for becomes a node of the nearest general DPV class
//! labelled with the words (`[a dpv:PersonalData; rdfs:label "…"]`), the one
//! fallback of this export (docs/exports.md).
//!
//! The shape follows DPV's own examples: a `dpv:PrivacyNotice` with the
//! laws, rights and security measures (`notice.rs`), the controller with its
//! contact and officers (`party.rs`), and one `dpv:PersonalDataProcess` for each
//! `collect`, `recipient`, `retain`, `transfer` and `cookie`, numbered in the
//! order written (`_:collect-1`, …), so a rebuild gives the same bytes.

mod node;
mod notice;
mod party;
mod process;

use crate::model::Policy;
use node::{object, reference, with_id};
use party::CONTROLLER;
use process::Context;
use serde_json::Value;

/// The prefixes the document declares, and their namespaces (DPV 2.x, https).
const PREFIXES: [(&str, &str); 12] = [
    ("dpv", "https://w3id.org/dpv#"),
    ("eu-gdpr", "https://w3id.org/dpv/legal/eu/gdpr#"),
    ("legal-eu", "https://w3id.org/dpv/legal/eu#"),
    ("legal-gb", "https://w3id.org/dpv/legal/gb#"),
    ("legal-in", "https://w3id.org/dpv/legal/in#"),
    ("legal-us", "https://w3id.org/dpv/legal/us#"),
    ("loc", "https://w3id.org/dpv/loc#"),
    ("pd", "https://w3id.org/dpv/pd#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("tech", "https://w3id.org/dpv/tech#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// The blank node of the notice.
const NOTICE: &str = "_:notice";

/// The policy as a DPV JSON-LD document, pretty-printed with a trailing
/// newline. Keys are sorted and blank nodes numbered in the order written,
/// whatever map type serde_json was built with.
pub fn render(policy: &Policy) -> Result<String, String> {
    let context = PREFIXES
        .iter()
        .map(|(prefix, ns)| (*prefix, Value::from(*ns)))
        .collect();
    let document = object(vec![
        ("@context", object(context)),
        ("@graph", Value::Array(graph(policy))),
    ]);
    let mut text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

/// The compact form (`pd:EmailAddress`) of a full IRI of a declared
/// namespace; the IRI itself otherwise.
pub fn compact(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(prefix, ns)| {
            iri.strip_prefix(ns)
                .filter(|local| !local.contains(['#', '/']))
                .map(|local| format!("{prefix}:{local}"))
        })
        .unwrap_or_else(|| iri.to_string())
}

/// The full IRI of a compact one (`pd:EmailAddress`), when its prefix is
/// declared.
pub fn expand(compact: &str) -> Option<String> {
    let (prefix, local) = compact.split_once(':')?;
    let (_, ns) = PREFIXES.iter().find(|(p, _)| *p == prefix)?;
    Some(format!("{ns}{local}"))
}

/// Every node of the document: the notice, the controller, then the
/// processes in the order their facts are written.
fn graph(policy: &Policy) -> Vec<Value> {
    let practices = &policy.practices;
    let controller = party::controller(policy);
    let context = Context {
        controller: controller.is_some(),
        collected: practices.collected().into_iter().map(|c| &c.node).collect(),
    };
    let mut processes: Vec<Value> = Vec::new();
    let mut add = |kind: &str, nodes: Vec<Value>| {
        for (n, node) in nodes.into_iter().enumerate() {
            processes.push(with_id(node, &format!("_:{kind}-{}", n + 1)));
        }
    };
    add(
        "collect",
        practices
            .collections
            .iter()
            .map(|c| context.collection(&c.node))
            .collect(),
    );
    add(
        "recipient",
        practices
            .recipients
            .iter()
            .map(|r| context.recipient(&r.node))
            .collect(),
    );
    add(
        "retention",
        practices
            .retention
            .iter()
            .map(|r| context.retention(&r.node))
            .collect(),
    );
    add(
        "transfer",
        practices
            .transfers
            .iter()
            .map(|t| context.transfer(&t.node))
            .collect(),
    );
    add(
        "cookie",
        practices
            .cookies
            .iter()
            .map(|c| context.cookie(&c.node))
            .collect(),
    );
    let mut nodes = vec![notice::notice(policy, &processes, context.controller)];
    nodes.extend(controller);
    nodes.extend(processes);
    nodes
}

/// A reference to the controller, when the policy names one.
pub(super) fn controller_ref(controller: bool) -> Value {
    if controller {
        reference(CONTROLLER)
    } else {
        Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::process::{cookie_purpose, recipient_terms, safeguard_term};
    use super::*;
    use crate::keyword::Keyword;
    use crate::model::Profile;
    use crate::model::practice::*;
    use crate::vocab;

    #[test]
    fn iris_are_compacted_and_expanded_through_the_declared_prefixes() {
        assert_eq!(
            compact("https://w3id.org/dpv/pd#EmailAddress"),
            "pd:EmailAddress"
        );
        assert_eq!(compact("https://w3id.org/dpv#Collect"), "dpv:Collect");
        assert_eq!(compact("https://example.com/x"), "https://example.com/x");
        assert_eq!(
            expand("eu-gdpr:A6-1-a").as_deref(),
            Some("https://w3id.org/dpv/legal/eu/gdpr#A6-1-a")
        );
        assert_eq!(expand("ex:Thing"), None);
    }

    #[test]
    fn every_constant_term_is_in_the_vocabulary() {
        let mut terms = vec![
            "dpv:DataController",
            "dpv:PrivacyNotice",
            "dpv:PersonalDataProcess",
            "dpv:Collect",
            "dpv:Observe",
            "dpv:Tracking",
            "dpv:Disclose",
            "dpv:Store",
            "dpv:SellDataToThirdParties",
            "dpv:CrossBorderTransfer",
            "dpv:StorageDuration",
            "dpv:TemporalDuration",
            "dpv:UntilEventDuration",
            "dpv:IndeterminateDuration",
            "dpv:PersonalData",
            "dpv:Purpose",
            "dpv:ThirdCountry",
            "dpv:DataSubjectRight",
            "dpv:Technology",
            "tech:Cookie",
            "tech:LocalStorage",
            "loc:EEA",
            "loc:EU",
            "legal-eu:law-GDPR",
        ];
        for (_, kind) in RecipientKind::ALL {
            let (property, class) = recipient_terms(*kind);
            terms.extend([property, class]);
        }
        let articles: Vec<String> = BasisKind::ALL
            .iter()
            .map(|(_, b)| format!("eu-gdpr:A6-1-{}", b.gdpr_point()))
            .collect();
        terms.extend(articles.iter().map(String::as_str));
        terms.extend(
            Safeguard::ALL
                .iter()
                .filter_map(|(_, s)| safeguard_term(*s)),
        );
        let mut owned: Vec<String> = Vec::new();
        for (_, profile) in Profile::ALL {
            match notice::law_terms(*profile) {
                notice::Law::Terms(laws) => terms.extend(laws.iter().copied()),
                notice::Law::Named(_) => terms.push("dpv:Law"),
            }
        }
        for (_, kind) in MeasureKind::ALL {
            let (property, measure) = notice::measure_terms(*kind);
            terms.push(property);
            match measure {
                notice::MeasureTerm::Class(class) | notice::MeasureTerm::Under(class, _) => {
                    terms.push(class)
                }
            }
        }
        for (_, kind) in RightKind::ALL {
            owned.extend(notice::right_article(*kind).map(|a| format!("eu-gdpr:{a}")));
        }
        for role in ["dpo", "representative", "grievance", "privacy"] {
            let (property, class) = party::officer_terms(role);
            terms.extend([property, class]);
        }
        terms.extend([
            "dpv:hasTechnicalOrganisationalMeasure",
            "dpv:TechnicalOrganisationalMeasure",
            "dpv:isExercisedAt",
            "dpv:hasContact",
            "dpv:hasAddress",
            "dpv:hasName",
        ]);
        terms.extend(owned.iter().map(String::as_str));
        for term in terms {
            let iri = expand(term).unwrap_or_default();
            assert!(vocab::is_dpv_term(&iri), "{term}");
        }
        for (_, purpose) in CookiePurpose::ALL {
            assert!(vocab::purpose(cookie_purpose(*purpose)).is_some());
        }
    }
}

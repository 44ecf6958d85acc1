//! The DPV export: a policy's facts as a W3C Data Privacy Vocabulary (DPV
//! 2.3) JSON-LD document. DPV publishes no `@context`, so the document
//! declares its prefixes inline. Every `dpv:`, `pd:`, `eu-gdpr:`,
//! `legal-eu:`, `loc:` and `tech:` IRI it writes is one of `vocab/dpv.tsv`;
//! what DPV has no term for becomes a node of the nearest general DPV class
//! labelled with the words (`[a dpv:PersonalData; rdfs:label "…"]`), the one
//! fallback of this export (docs/exports.md).
//!
//! The shape follows DPV's own examples: a `dpv:PrivacyNotice` with the
//! controller, the rights and one `dpv:PersonalDataProcess` for each
//! `collect`, `recipient`, `retain`, `transfer` and `cookie`, numbered in the
//! order written (`_:collect-1`, …), so a rebuild gives the same bytes.

use crate::keyword::Keyword;
use crate::model::practice::*;
use crate::model::{Policy, Profile};
use crate::vocab;
use serde_json::{Map, Value};

/// The prefixes the document declares, and their namespaces (DPV 2.x, https).
const PREFIXES: [(&str, &str); 9] = [
    ("dpv", "https://w3id.org/dpv#"),
    ("eu-gdpr", "https://w3id.org/dpv/legal/eu/gdpr#"),
    ("legal-eu", "https://w3id.org/dpv/legal/eu#"),
    ("loc", "https://w3id.org/dpv/loc#"),
    ("pd", "https://w3id.org/dpv/pd#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("tech", "https://w3id.org/dpv/tech#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
];

/// The blank node of the notice, and of the controller.
const NOTICE: &str = "_:notice";
const CONTROLLER: &str = "_:controller";

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
    let controller = policy
        .org
        .as_ref()
        .and_then(|org| org.node.name.as_ref())
        .map(|name| {
            let website = policy
                .org
                .as_ref()
                .and_then(|org| org.node.website.as_ref())
                .map(|w| w.node.as_str())
                .filter(|w| w.starts_with("https://") || w.starts_with("http://"));
            object(vec![
                ("@id", CONTROLLER.into()),
                ("@type", "dpv:DataController".into()),
                ("rdfs:label", name.node.as_str().into()),
                ("rdfs:seeAlso", website.map_or(Value::Null, reference)),
            ])
        });
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
    let mut nodes = vec![notice(policy, &processes, context.controller)];
    nodes.extend(controller);
    nodes.extend(processes);
    nodes
}

/// The `dpv:PrivacyNotice` the policy is: its title, controller, processes,
/// rights and, for a `gdpr` profile, the law.
fn notice(policy: &Policy, processes: &[Value], controller: bool) -> Value {
    let ids = processes
        .iter()
        .filter_map(|p| p.get("@id").and_then(Value::as_str))
        .map(reference)
        .collect();
    let gdpr = policy.meta.profiles.iter().any(|p| p.node == Profile::Gdpr);
    let mut rights: Vec<Value> = Vec::new();
    for right in &policy.practices.rights {
        let value = right_value(right.node.kind.node);
        if !rights.contains(&value) {
            rights.push(value);
        }
    }
    object(vec![
        ("@id", NOTICE.into()),
        ("@type", "dpv:PrivacyNotice".into()),
        ("rdfs:label", policy.title.node.as_str().into()),
        ("dpv:hasDataController", controller_ref(controller)),
        ("dpv:hasPersonalDataProcess", Value::Array(ids)),
        ("dpv:hasRight", Value::Array(rights)),
        (
            "dpv:hasApplicableLaw",
            if gdpr {
                term("legal-eu:law-GDPR")
            } else {
                Value::Null
            },
        ),
    ])
}

/// What every process shares: whether there is a controller to point to,
/// and every category collected (what a fact naming no data is about).
struct Context<'a> {
    controller: bool,
    collected: Vec<&'a Category>,
}

impl Context<'_> {
    /// `collect`: what, from where, why, on what basis; observed when it
    /// comes from a device, tracking when it is used to track.
    fn collection(&self, collection: &Collection) -> Value {
        let mut processing = vec![term("dpv:Collect")];
        if collection
            .sources
            .iter()
            .any(|s| s.node.kind == SourceKind::Device)
        {
            processing.push(term("dpv:Observe"));
        }
        if collection.tracking.as_ref().is_some_and(|t| t.node) {
            processing.push(term("dpv:Tracking"));
        }
        let mut sources: Vec<Value> = Vec::new();
        for source in &collection.sources {
            let value = source_value(&source.node);
            if !sources.contains(&value) {
                sources.push(value);
            }
        }
        object(vec![
            ("@type", "dpv:PersonalDataProcess".into()),
            ("dpv:hasDataController", controller_ref(self.controller)),
            ("dpv:hasProcessing", Value::Array(processing)),
            (
                "dpv:hasPersonalData",
                categories(collection.data.iter().map(|d| &d.node)),
            ),
            ("dpv:hasDataSource", Value::Array(sources)),
            (
                "dpv:hasPurpose",
                purposes(collection.purposes.iter().map(|p| &p.node)),
            ),
            (
                "dpv:hasLegalBasis",
                collection
                    .basis
                    .as_ref()
                    .map_or(Value::Null, |b| basis_value(&b.node)),
            ),
        ])
    }

    /// `recipient`: a disclosure to an entity of the kind's DPV class, by
    /// the kind's property; a sale adds the purpose of selling data.
    fn recipient(&self, recipient: &Recipient) -> Value {
        let kind = recipient.kind.node;
        let (property, class) = recipient_terms(kind);
        let label = recipient
            .name
            .as_ref()
            .map_or(kind.label(), |n| n.node.as_str());
        let entity = object(vec![("@type", class.into()), ("rdfs:label", label.into())]);
        let mut why = purpose_values(recipient.purposes.iter().map(|p| &p.node));
        if recipient.sale.as_ref().is_some_and(|s| s.node) {
            push_once(&mut why, term("dpv:SellDataToThirdParties"));
        }
        object(vec![
            ("@type", "dpv:PersonalDataProcess".into()),
            ("dpv:hasDataController", controller_ref(self.controller)),
            (
                "dpv:hasProcessing",
                Value::Array(vec![term("dpv:Disclose")]),
            ),
            ("dpv:hasPersonalData", self.data(&recipient.data)),
            ("dpv:hasPurpose", Value::Array(why)),
            (property, entity),
        ])
    }

    /// `retain`: storing the data, with its storage duration; the criteria
    /// in words as a comment on it.
    fn retention(&self, retention: &Retention) -> Value {
        let duration = match &retention.period.node {
            Period::Duration(d) => temporal(d),
            Period::Until(event) => until(event),
            Period::AsLongAsNecessary => {
                object(vec![("@type", "dpv:IndeterminateDuration".into())])
            }
        };
        let criteria = retention.criteria.as_ref().map(|c| c.node.as_str());
        object(vec![
            ("@type", "dpv:PersonalDataProcess".into()),
            ("dpv:hasDataController", controller_ref(self.controller)),
            ("dpv:hasProcessing", Value::Array(vec![term("dpv:Store")])),
            ("dpv:hasPersonalData", self.data(&retention.data)),
            (
                "dpv:hasPurpose",
                purposes(retention.purposes.iter().map(|p| &p.node)),
            ),
            ("dpv:hasStorageCondition", storage(duration, criteria)),
        ])
    }

    /// `transfer`: a cross-border transfer to its countries (`loc:` terms,
    /// else a labelled `dpv:ThirdCountry`) or unions (`dpv:hasLocation`),
    /// on its safeguard's article of the GDPR.
    fn transfer(&self, transfer: &Transfer) -> Value {
        let mut countries = Vec::new();
        let mut unions = Vec::new();
        for destination in &transfer.to {
            match &destination.node {
                Destination::Country(code) => countries.push(country_value(code)),
                Destination::Eea => unions.push(term("loc:EEA")),
                Destination::Eu => unions.push(term("loc:EU")),
                Destination::OutsideYourCountry => {
                    countries.push(labelled("dpv:ThirdCountry", &destination.node.label()))
                }
            }
        }
        let processing = object(vec![
            ("@type", "dpv:CrossBorderTransfer".into()),
            ("dpv:hasThirdCountry", Value::Array(countries)),
            ("dpv:hasLocation", Value::Array(unions)),
        ]);
        let basis = transfer
            .safeguard
            .as_ref()
            .and_then(|s| safeguard_term(s.node))
            .map_or(Value::Null, term);
        object(vec![
            ("@type", "dpv:PersonalDataProcess".into()),
            ("dpv:hasDataController", controller_ref(self.controller)),
            ("dpv:hasProcessing", Value::Array(vec![processing])),
            ("dpv:hasPersonalData", self.data(&transfer.data)),
            ("dpv:hasLegalBasis", basis),
        ])
    }

    /// `cookie`: a process implemented using the technology, for the
    /// cookie's purpose, stored for its lifetime; a third party's cookie has
    /// its provider as recipient.
    fn cookie(&self, cookie: &Cookie) -> Value {
        let technology = match cookie.tracker.node {
            TrackerType::Cookie => term("tech:Cookie"),
            TrackerType::LocalStorage => term("tech:LocalStorage"),
            other => labelled("dpv:Technology", other.keyword()),
        };
        let purpose = cookie
            .purpose
            .as_ref()
            .and_then(|p| vocab::purpose(cookie_purpose(p.node)))
            .map_or(Value::Null, |info| {
                purposes([&Purpose::Known(info)].into_iter())
            });
        let lifetime = cookie.duration.as_ref().map(|d| match &d.node {
            Lifetime::Duration(d) => temporal(d),
            Lifetime::Session => until("the end of the browsing session"),
        });
        let third = cookie
            .party
            .as_ref()
            .is_some_and(|p| p.node == Party::Third);
        let provider = match (&cookie.provider, third) {
            (Some(name), true) => labelled("dpv:ThirdParty", &name.node),
            (None, true) => object(vec![("@type", "dpv:ThirdParty".into())]),
            _ => Value::Null,
        };
        object(vec![
            ("@type", "dpv:PersonalDataProcess".into()),
            ("rdfs:label", cookie.name.node.as_str().into()),
            ("dpv:hasDataController", controller_ref(self.controller)),
            ("dpv:isImplementedUsingTechnology", technology),
            ("dpv:hasPurpose", purpose),
            (
                "dpv:hasStorageCondition",
                lifetime.map_or(Value::Null, |d| storage(d, None)),
            ),
            ("dpv:hasRecipientThirdParty", provider),
        ])
    }

    /// The categories a fact names, or every category collected when it
    /// names none.
    fn data(&self, data: &[crate::model::Node<Category>]) -> Value {
        if data.is_empty() {
            categories(self.collected.iter().copied())
        } else {
            categories(data.iter().map(|d| &d.node))
        }
    }
}

/// Personal data: each category's `pd:` terms, or `[a dpv:PersonalData;
/// rdfs:label "…"]` for one DPV has no term for; each once.
fn categories<'a>(data: impl Iterator<Item = &'a Category>) -> Value {
    let words = data.map(|category| match category {
        Category::Known(info) => (info.dpv.as_slice(), category.label()),
        Category::Other(words) => (&[][..], words.as_str()),
    });
    Value::Array(terms(words, "dpv:PersonalData"))
}

/// Purposes: each one's DPV purposes, or `[a dpv:Purpose; rdfs:label "…"]`.
fn purposes<'a>(why: impl Iterator<Item = &'a Purpose>) -> Value {
    Value::Array(purpose_values(why))
}

/// The values of [`purposes`].
fn purpose_values<'a>(why: impl Iterator<Item = &'a Purpose>) -> Vec<Value> {
    let words = why.map(|purpose| match purpose {
        Purpose::Known(info) => (info.dpv.as_slice(), purpose.label()),
        Purpose::Other(words) => (&[][..], words.as_str()),
    });
    terms(words, "dpv:Purpose")
}

/// Words of the vocabulary in DPV: each word's terms (full IRIs), or a node
/// of `class` labelled with the word when it has none; each value once.
fn terms<'a>(
    words: impl Iterator<Item = (&'a [&'static str], &'a str)>,
    class: &str,
) -> Vec<Value> {
    let mut seen: Vec<(bool, &str)> = Vec::new();
    let mut out = Vec::new();
    for (iris, label) in words {
        if iris.is_empty() && !seen.contains(&(false, label)) {
            seen.push((false, label));
            out.push(labelled(class, label));
        }
        for iri in iris {
            if !seen.contains(&(true, iri)) {
                seen.push((true, iri));
                out.push(iri_value(iri));
            }
        }
    }
    out
}

/// A legal basis: the point of GDPR Art. 6(1); a legitimate interest named
/// in words is a node of that class labelled with it.
fn basis_value(basis: &LegalBasis) -> Value {
    let article = format!("eu-gdpr:A6-1-{}", basis.kind.gdpr_point());
    match &basis.interest {
        Some(interest) => labelled(&article, interest),
        None => reference(&article),
    }
}

/// Where data comes from: the data subject (for the person and their
/// device), a third party (named, when the policy names it), the public.
fn source_value(source: &Source) -> Value {
    match (source.kind, &source.name) {
        (SourceKind::Person | SourceKind::Device, _) => term("dpv:DataSubjectDataSource"),
        (SourceKind::ThirdParty, Some(name)) => labelled("dpv:ThirdPartyDataSource", name),
        (SourceKind::ThirdParty, None) => term("dpv:ThirdPartyDataSource"),
        (SourceKind::Public, _) => term("dpv:PublicDataSource"),
    }
}

/// The property naming a recipient of a kind, and the DPV class of the
/// entity.
fn recipient_terms(kind: RecipientKind) -> (&'static str, &'static str) {
    match kind {
        RecipientKind::Processor => ("dpv:hasDataProcessor", "dpv:DataProcessor"),
        RecipientKind::ThirdParty | RecipientKind::Advertiser | RecipientKind::Acquirer => {
            ("dpv:hasRecipientThirdParty", "dpv:ThirdParty")
        }
        RecipientKind::Authority => ("dpv:hasRecipient", "dpv:Authority"),
        RecipientKind::Affiliate | RecipientKind::Public => ("dpv:hasRecipient", "dpv:Recipient"),
    }
}

/// The GDPR article a safeguard is, when the policy states one.
fn safeguard_term(safeguard: Safeguard) -> Option<&'static str> {
    match safeguard {
        Safeguard::Adequacy => Some("eu-gdpr:A45-3"),
        Safeguard::StandardContractualClauses => Some("eu-gdpr:A46-2-c"),
        Safeguard::BindingCorporateRules => Some("eu-gdpr:A46-2-b"),
        Safeguard::Consent => Some("eu-gdpr:A49-1-a"),
        Safeguard::NoneStated => None,
    }
}

/// A country: its `loc:` term when DPV's table has one, else a
/// `dpv:ThirdCountry` labelled with its name and code.
fn country_value(code: &str) -> Value {
    let iri = format!("https://w3id.org/dpv/loc#{code}");
    if vocab::is_dpv_term(&iri) {
        return iri_value(&iri);
    }
    let name = vocab::country(code).map_or(code, |c| c.name);
    labelled("dpv:ThirdCountry", &format!("{name} ({code})"))
}

/// A right: its GDPR article when it has one, else a labelled
/// `dpv:DataSubjectRight`.
fn right_value(kind: RightKind) -> Value {
    let article = match kind {
        RightKind::Access => "A15",
        RightKind::Rectification => "A16",
        RightKind::Erasure => "A17",
        RightKind::Restriction => "A18",
        RightKind::Portability => "A20",
        RightKind::Objection => "A21",
        RightKind::AutomatedDecisions => "A22",
        RightKind::Complaint => "A77",
        _ => return labelled("dpv:DataSubjectRight", kind.label()),
    };
    reference(&format!("eu-gdpr:{article}"))
}

/// The purpose of the vocabulary a cookie's purpose is.
fn cookie_purpose(purpose: CookiePurpose) -> &'static str {
    match purpose {
        CookiePurpose::StrictlyNecessary => "service-provision",
        CookiePurpose::Preferences => "personalisation",
        CookiePurpose::Analytics => "analytics",
        CookiePurpose::Advertising => "third-party-advertising",
    }
}

/// `[a dpv:StorageDuration; dpv:hasDuration …]`, with the criteria.
fn storage(duration: Value, criteria: Option<&str>) -> Value {
    object(vec![
        ("@type", "dpv:StorageDuration".into()),
        ("dpv:hasDuration", duration),
        ("rdfs:comment", criteria.map_or(Value::Null, Value::from)),
    ])
}

/// `[a dpv:TemporalDuration; rdf:value "P2Y"^^xsd:duration]`.
fn temporal(duration: &Duration) -> Value {
    let value = object(vec![
        ("@type", "xsd:duration".into()),
        ("@value", duration.iso.as_str().into()),
    ]);
    object(vec![
        ("@type", "dpv:TemporalDuration".into()),
        ("rdf:value", value),
    ])
}

/// `[a dpv:UntilEventDuration; rdf:value "the event"]`.
fn until(event: &str) -> Value {
    object(vec![
        ("@type", "dpv:UntilEventDuration".into()),
        ("rdf:value", event.into()),
    ])
}

/// A reference to the controller, when the policy names one.
fn controller_ref(controller: bool) -> Value {
    if controller {
        reference(CONTROLLER)
    } else {
        Value::Null
    }
}

/// `{"@id": "…"}` for a full IRI of the vocabulary, compacted.
fn iri_value(iri: &str) -> Value {
    reference(&compact(iri))
}

/// `{"@id": "…"}` for a term written compactly.
fn term(compact: &str) -> Value {
    reference(compact)
}

/// `{"@id": "…"}`.
fn reference(id: &str) -> Value {
    object(vec![("@id", id.into())])
}

/// The fallback: a new node of a general class, labelled with the words.
fn labelled(class: &str, label: &str) -> Value {
    object(vec![("@type", class.into()), ("rdfs:label", label.into())])
}

/// A node with its blank-node id.
fn with_id(node: Value, id: &str) -> Value {
    match node {
        Value::Object(mut map) => {
            map.insert("@id".to_string(), id.into());
            sorted(map)
        }
        other => other,
    }
}

/// Adds a value to a list unless it is there already.
fn push_once(list: &mut Vec<Value>, value: Value) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// A JSON object of the pairs with a value (no null, no empty list), keys
/// sorted, so the output is the same whether serde_json keeps insertion
/// order or not.
fn object(pairs: Vec<(&str, Value)>) -> Value {
    let mut pairs: Vec<(&str, Value)> = pairs
        .into_iter()
        .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// The map with its keys in sorted order.
fn sorted(map: Map<String, Value>) -> Value {
    let mut pairs: Vec<(String, Value)> = map.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Object(pairs.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for term in terms {
            let iri = expand(term).unwrap_or_default();
            assert!(vocab::is_dpv_term(&iri), "{term}");
        }
        for (_, purpose) in CookiePurpose::ALL {
            assert!(vocab::purpose(cookie_purpose(*purpose)).is_some());
        }
    }
}

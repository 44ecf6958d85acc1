//! The processes of the DPV export: one `dpv:PersonalDataProcess` for each
//! `collect`, `recipient`, `retain`, `transfer` and `cookie`, and the DPV
//! terms of their closed vocabularies (sources, recipients, safeguards,
//! countries, durations).

use super::controller_ref;
use super::node::{
    categories, iri_value, labelled, object, purpose_values, purposes, push_once, reference, term,
};
use crate::keyword::Keyword;
use crate::model::practice::*;
use crate::vocab;
use serde_json::Value;

/// What every process shares: whether there is a controller to point to,
/// and every category collected (what a fact naming no data is about).
pub(super) struct Context<'a> {
    /// Whether the policy names a controller to point to.
    pub(super) controller: bool,
    /// Every category collected.
    pub(super) collected: Vec<&'a Category>,
}

impl Context<'_> {
    /// `collect`: what, from where, why, on what basis; observed when it
    /// comes from a device, tracking when it is used to track.
    pub(super) fn collection(&self, collection: &Collection) -> Value {
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
    pub(super) fn recipient(&self, recipient: &Recipient) -> Value {
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
    pub(super) fn retention(&self, retention: &Retention) -> Value {
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
    pub(super) fn transfer(&self, transfer: &Transfer) -> Value {
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
    pub(super) fn cookie(&self, cookie: &Cookie) -> Value {
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
pub(super) fn recipient_terms(kind: RecipientKind) -> (&'static str, &'static str) {
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
pub(super) fn safeguard_term(safeguard: Safeguard) -> Option<&'static str> {
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

/// The purpose of the vocabulary a cookie's purpose is.
pub(super) fn cookie_purpose(purpose: CookiePurpose) -> &'static str {
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

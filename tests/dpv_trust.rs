//! The DPV export carries every fact DPV 2.3 can express (issue 16 item
//! 5): one test per fact the export used to drop — the laws other than the
//! GDPR, a right's channel, the contact and the DPO, the security measures —
//! each of which failed before its fix; and the acceptance on
//! `examples/privacy-gdpr-ccpa.policy`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::Code;
use policyc::export::dpv;
use policyc::model::Policy;
use policyc::source::SourceFile;
use policyc::vocab;
use serde_json::Value;

/// A valid policy with `PROFILES` claimed, `CONTACT` as its contact block's
/// fields and `FACTS` in its rights section.
const POLICY: &str = r#"policy privacy "P" {
  id = "p"
  effective = 2024-01-01
  profiles = [PROFILES]
  org { name = "O" website = "https://o.example" address = "1 Main St" }
  contact { CONTACT }
  section collection "C" {
    text "x"
    collect { data = [email] purposes = [service-provision] basis = contract }
  }
  section use "U" { text "x" }
  section rights "R" { text "x" FACTS }
  section contact "K" { contact-block }
}"#;

/// The policy compiled, without an error.
fn compile(profiles: &str, contact: &str, facts: &str) -> Policy {
    let text = POLICY
        .replace("PROFILES", profiles)
        .replace("CONTACT", contact)
        .replace("FACTS", facts);
    let compiled = policyc::compile(&SourceFile::new("p.policy", text));
    // The profiles' rule sets (E0312) want more sections than these tests
    // need; any other diagnostic is a mistake in the test.
    let others: Vec<_> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.code != Code::NoticeRequirement)
        .collect();
    assert!(others.is_empty(), "{others:?}");
    compiled.policy.or(compiled.partial).unwrap()
}

/// The DPV document of the policy, parsed back.
fn document(policy: &Policy) -> Value {
    serde_json::from_str(&dpv::render(policy).unwrap()).unwrap()
}

/// The node of the graph with this `@id`.
fn node<'a>(document: &'a Value, id: &str) -> &'a Value {
    document["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@id"] == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

/// The values of a property as a list (one value or many).
fn values<'a>(node: &'a Value, property: &str) -> Vec<&'a Value> {
    match &node[property] {
        Value::Array(list) => list.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

/// The `@id`s among the values of a property.
fn ids(node: &Value, property: &str) -> Vec<String> {
    values(node, property)
        .iter()
        .filter_map(|v| v["@id"].as_str().map(str::to_string))
        .collect()
}

/// Every compact IRI of the document (`@id`s, `@type`s and keys) with a
/// DPV prefix, expanded.
fn dpv_iris(value: &Value, out: &mut Vec<String>) {
    fn add(s: &str, out: &mut Vec<String>) {
        if let Some(iri) = dpv::expand(s)
            && iri.starts_with("https://w3id.org/dpv")
        {
            out.push(iri);
        }
    }
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                add(key, out);
                if key == "@id" || key == "@type" {
                    if let Some(s) = v.as_str() {
                        add(s, out);
                    }
                }
                if key != "@context" {
                    dpv_iris(v, out);
                }
            }
        }
        Value::Array(list) => list.iter().for_each(|v| dpv_iris(v, out)),
        _ => {}
    }
}

/// Every DPV IRI of the document is in `vocab/dpv.tsv`.
fn assert_known(document: &Value) {
    let mut iris = Vec::new();
    dpv_iris(document, &mut iris);
    for iri in iris {
        assert!(vocab::is_dpv_term(&iri), "unknown DPV IRI {iri}");
    }
}

/// Defect: only `gdpr` gave `dpv:hasApplicableLaw`; a policy claiming
/// `ccpa`, `uk-gdpr` or `dpdp` named no law, although DPV 2.3's legal
/// extensions have them (`legal-us:law-CA-CCPA`, `legal-gb:law-GDPR`,
/// `legal-in:law-DPDP`).
#[test]
fn every_claimed_law_is_named() {
    let policy = compile("gdpr, ccpa, uk-gdpr, dpdp", r#"email = "a@o.example""#, "");
    let document = document(&policy);
    let laws = ids(node(&document, "_:notice"), "dpv:hasApplicableLaw");
    for law in [
        "legal-eu:law-GDPR",
        "legal-us:law-CA-CCPA",
        "legal-us:law-CA-CPRA",
        "legal-gb:law-GDPR",
        "legal-gb:law-DPA",
        "legal-in:law-DPDP",
    ] {
        assert!(laws.iter().any(|l| l == law), "{law} missing from {laws:?}");
    }
    assert_known(&document);
}

/// Defect: a law DPV 2.3 has no term for (COPPA, CalOPPA, India's SPDI
/// Rules) was dropped; it is now a `dpv:Law` labelled with its name, the
/// export's one fallback.
#[test]
fn a_law_dpv_lacks_is_a_labelled_law() {
    let policy = compile("coppa", r#"email = "a@o.example""#, "");
    let document = document(&policy);
    let laws = values(node(&document, "_:notice"), "dpv:hasApplicableLaw");
    assert_eq!(laws.len(), 1, "{laws:?}");
    assert_eq!(laws[0]["@type"], "dpv:Law");
    assert!(
        laws[0]["rdfs:label"]
            .as_str()
            .unwrap()
            .contains("Children's Online Privacy Protection Act")
    );
    assert_known(&document);
}

/// Defect: a right's `via` was dropped; DPV says where a right is
/// exercised with `dpv:isExercisedAt` (DPV's example E0072: the right a
/// node of its class, the place an `xsd:anyURI`). A contact channel is the
/// contact's address as a link (`mailto:`, `tel:`, the web page).
#[test]
fn a_rights_channels_are_where_it_is_exercised() {
    let policy = compile(
        "gdpr",
        r#"email = "a@o.example" phone = "+1 415 555 0100" url = "https://o.example/ask""#,
        r#"right access { via = ["https://o.example/dsar", email, phone, url] }
           right withdraw-consent { via = [email] }"#,
    );
    let document = document(&policy);
    let rights = values(node(&document, "_:notice"), "dpv:hasRight");
    let access = rights
        .iter()
        .find(|r| r["@type"] == "eu-gdpr:A15")
        .unwrap_or_else(|| panic!("no access right with channels: {rights:?}"));
    let places: Vec<&str> = values(access, "dpv:isExercisedAt")
        .iter()
        .map(|v| {
            assert_eq!(v["@type"], "xsd:anyURI");
            v["@value"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        places,
        [
            "https://o.example/dsar",
            "mailto:a@o.example",
            "tel:+14155550100",
            "https://o.example/ask"
        ]
    );
    let withdraw = rights
        .iter()
        .find(|r| r["@type"] == "dpv:DataSubjectRight")
        .unwrap();
    assert_eq!(
        values(withdraw, "dpv:isExercisedAt")[0]["@value"],
        "mailto:a@o.example"
    );
    assert_known(&document);
}

/// Defect: the contact point and the controller's address were dropped;
/// DPV gives a legal entity `dpv:hasContact` and `dpv:hasAddress` (DPV's
/// examples E0019, E0032).
#[test]
fn the_contact_is_the_controllers() {
    let policy = compile(
        "gdpr",
        r#"email = "a@o.example" phone = "+1 415 555 0100" url = "https://o.example/ask""#,
        "",
    );
    let document = document(&policy);
    let controller = node(&document, "_:controller");
    let contacts: Vec<&str> = values(controller, "dpv:hasContact")
        .iter()
        .map(|v| v["@value"].as_str().unwrap())
        .collect();
    assert_eq!(
        contacts,
        [
            "mailto:a@o.example",
            "https://o.example/ask",
            "tel:+14155550100"
        ]
    );
    assert_eq!(controller["dpv:hasAddress"], "1 Main St");
    assert_eq!(controller["dpv:hasName"], "O");
    assert_known(&document);
}

/// Defect: the DPO was dropped; DPV has `dpv:hasDataProtectionOfficer`
/// and the class `dpv:DataProtectionOfficer`, with the officer's name and
/// contact as for any legal entity.
#[test]
fn the_dpo_is_the_controllers_data_protection_officer() {
    let policy = compile(
        "gdpr",
        r#"email = "a@o.example"
           officer dpo { name = "Ada" email = "dpo@o.example" }
           officer grievance { name = "Ravi" email = "g@o.example" }"#,
        "",
    );
    let document = document(&policy);
    let controller = node(&document, "_:controller");
    let dpo = values(controller, "dpv:hasDataProtectionOfficer");
    assert_eq!(dpo.len(), 1, "{controller}");
    assert_eq!(dpo[0]["@type"], "dpv:DataProtectionOfficer");
    assert_eq!(dpo[0]["dpv:hasName"], "Ada");
    assert_eq!(
        values(dpo[0], "dpv:hasContact")[0]["@value"],
        "mailto:dpo@o.example"
    );
    let other = values(controller, "dpv:hasResponsibleEntity");
    assert_eq!(other.len(), 1, "{controller}");
    assert_eq!(other[0]["dpv:hasName"], "Ravi");
    assert_known(&document);
}

/// Defect: the security measures were dropped, as `dpv:hasTechnicalMeasure`
/// was not in `vocab/dpv.tsv`; each measure is now its DPV 2.3 class under
/// the property of its kind (technical, organisational, physical), and a
/// measure DPV lacks a labelled node of the general class.
#[test]
fn security_measures_are_technical_and_organisational_measures() {
    let policy = compile(
        "gdpr",
        r#"email = "a@o.example""#,
        r#"security { measures = [encryption-in-transit, encryption-at-rest, access-control,
             pseudonymisation, monitoring, audits, staff-training, physical-security,
             backups, other "bug bounty"] }"#,
    );
    let document = document(&policy);
    let notice = node(&document, "_:notice");
    assert_eq!(
        ids(notice, "dpv:hasTechnicalMeasure"),
        [
            "dpv:EncryptionInTransfer",
            "dpv:EncryptionAtRest",
            "dpv:AccessControlMethod",
            "dpv:Deidentification",
            "dpv:DataBackupProtocols"
        ]
    );
    assert_eq!(
        ids(notice, "dpv:hasOrganisationalMeasure"),
        ["dpv:SecurityAudit", "dpv:StaffTraining"]
    );
    let technical = values(notice, "dpv:hasTechnicalMeasure");
    assert!(
        technical
            .iter()
            .any(|m| m["@type"] == "dpv:SecurityMethod" && m["rdfs:label"].is_string())
    );
    assert_eq!(
        values(notice, "dpv:hasPhysicalMeasure")[0]["@type"],
        "dpv:PhysicalMeasure"
    );
    assert_eq!(
        values(notice, "dpv:hasTechnicalOrganisationalMeasure")[0]["rdfs:label"],
        "bug bounty"
    );
    assert_known(&document);
}

/// Acceptance of issue 16 item 5: the DPV document of
/// `examples/privacy-gdpr-ccpa.policy` names both GDPR and CCPA, its rights'
/// channels and its security measures, every IRI known to DPV 2.3.
#[test]
fn the_gdpr_ccpa_example_says_all_of_it() {
    let text = std::fs::read_to_string("examples/privacy-gdpr-ccpa.policy").unwrap();
    let compiled = policyc::compile(&SourceFile::new("privacy-gdpr-ccpa.policy", text));
    let document = document(&compiled.policy.unwrap());
    let notice = node(&document, "_:notice");
    let laws = ids(notice, "dpv:hasApplicableLaw");
    assert!(laws.contains(&"legal-eu:law-GDPR".to_string()), "{laws:?}");
    assert!(
        laws.contains(&"legal-us:law-CA-CCPA".to_string()),
        "{laws:?}"
    );
    assert!(
        values(notice, "dpv:hasRight")
            .iter()
            .any(|r| !values(r, "dpv:isExercisedAt").is_empty())
    );
    assert!(!values(notice, "dpv:hasTechnicalMeasure").is_empty());
    assert!(
        !values(
            node(&document, "_:controller"),
            "dpv:hasDataProtectionOfficer"
        )
        .is_empty()
    );
    assert_known(&document);
}

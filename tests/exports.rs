//! The label exports — DPV JSON-LD, Apple's privacy manifest, Google
//! Play's Data safety CSV and the site's `gpc.json` — on every example and
//! on `tests/exports/*.policy` (a policy with every fact): snapshots in
//! `tests/snapshots/`, every identifier one of the vocabulary's (read back
//! with a real plist, CSV and JSON parser), and the same bytes twice.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::driver::{BuildOptions, Format, read_source, render_all};
use policyc::export::{apple, dpv, gpc, play};
use policyc::model::Policy;
use policyc::report::{self, MessageFormat};
use policyc::source::SourceFile;
use policyc::vocab;
use std::path::Path;

/// The valid policy a file holds, or a panic with its diagnostics.
fn compile_file(path: &Path) -> Policy {
    let file = read_source(path).expect("policy is readable");
    compile(&file)
}

fn compile(file: &SourceFile) -> Policy {
    let compiled = policyc::compile(file);
    match compiled.policy {
        Some(policy) => policy,
        None => panic!(
            "{}",
            report::format(file, &compiled.diagnostics, MessageFormat::Human, false)
        ),
    }
}

/// Every policy the export tests run on.
fn each_policy(mut test: impl FnMut(&Path, &Policy)) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for dir in ["examples", "tests/exports"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "policy"))
            .collect();
        paths.sort();
        for path in paths {
            test(&path, &compile_file(&path));
        }
    }
}

#[test]
fn exports_render_as_snapshotted() {
    let snapshot = |path: &Path| {
        let policy = compile_file(path);
        insta::assert_snapshot!("dpv", dpv::render(&policy).unwrap());
        insta::assert_snapshot!("xcprivacy", apple::render(&policy));
        insta::assert_snapshot!("play", play::render(&policy).unwrap());
        let gpc = gpc::render(&[&policy]).unwrap_or_else(|| "(no gpc.json)".to_string());
        insta::assert_snapshot!("gpc", gpc);
    };
    insta::glob!("..", "{examples,tests/exports}/*.policy", snapshot);
}

#[test]
fn exports_are_byte_identical_on_rebuild() {
    each_policy(|path, first| {
        let second = compile_file(path);
        assert_eq!(
            dpv::render(first),
            dpv::render(&second),
            "{}",
            path.display()
        );
        assert_eq!(apple::render(first), apple::render(&second));
        assert_eq!(play::render(first), play::render(&second));
        assert_eq!(gpc::render(&[first]), gpc::render(&[&second]));
    });
}

/// Every IRI of a JSON-LD value written compactly: keys, `@id` and `@type`.
fn compact_iris(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| compact_iris(v, out)),
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("@context", _) => continue,
                    ("@id" | "@type", serde_json::Value::String(iri)) => out.push(iri.clone()),
                    (key, _) if !key.starts_with('@') => out.push(key.to_string()),
                    _ => {}
                }
                compact_iris(value, out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_dpv_iri_is_in_the_vocabulary() {
    let basics = [
        "rdf:value",
        "rdfs:label",
        "rdfs:comment",
        "rdfs:seeAlso",
        "xsd:duration",
        "xsd:anyURI",
    ];
    each_policy(|path, policy| {
        let text = dpv::render(policy).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        let context = document["@context"].as_object().expect("an inline context");
        assert!(
            context
                .values()
                .all(|ns| ns.as_str().is_some_and(|s| s.starts_with("http")))
        );
        let mut iris = Vec::new();
        compact_iris(&document, &mut iris);
        assert!(!iris.is_empty());
        for iri in iris {
            if iri.starts_with("_:")
                || iri.starts_with("https://")
                || basics.contains(&iri.as_str())
            {
                continue;
            }
            let full = dpv::expand(&iri).unwrap_or_else(|| panic!("{}: `{iri}`", path.display()));
            assert!(
                vocab::is_dpv_term(&full),
                "{}: `{iri}` is not in vocab/dpv.tsv",
                path.display()
            );
            assert_ne!(iri, "dpv:PersonalDataHandling", "sunset in DPV 2.3");
        }
    });
}

#[test]
fn every_apple_key_and_value_is_apples_and_the_manifest_parses() {
    each_policy(|path, policy| {
        let text = apple::render(policy);
        let manifest = plist::Value::from_reader_xml(text.as_bytes()).expect("a property list");
        let top = manifest.as_dictionary().expect("a dictionary");
        assert!(
            top.get("NSPrivacyTracking")
                .and_then(plist::Value::as_boolean)
                .is_some()
        );
        assert!(
            top.get("NSPrivacyTrackingDomains")
                .and_then(plist::Value::as_array)
                .is_some()
        );
        let mut seen = Vec::new();
        let mut walk = vec![&manifest];
        while let Some(value) = walk.pop() {
            match value {
                plist::Value::Dictionary(dict) => {
                    for (key, value) in dict {
                        assert!(vocab::is_apple_key(key), "{}: key `{key}`", path.display());
                        match key.as_str() {
                            // Domains are the policy's, not Apple's vocabulary.
                            "NSPrivacyTrackingDomains" => {}
                            // Reason codes are Apple's, from vocab/apple-apis.tsv.
                            "NSPrivacyAccessedAPITypeReasons" => {
                                for code in value.as_array().unwrap() {
                                    let code = code.as_string().unwrap();
                                    assert!(
                                        vocab::apis().iter().any(|a| a.has_reason(code)),
                                        "{}: reason `{code}`",
                                        path.display()
                                    );
                                }
                            }
                            _ => walk.push(value),
                        }
                    }
                }
                plist::Value::Array(items) => walk.extend(items),
                plist::Value::String(s) => {
                    assert!(vocab::is_apple_key(s), "{}: value `{s}`", path.display());
                }
                plist::Value::Boolean(_) => {}
                other => panic!("{}: unexpected {other:?}", path.display()),
            }
        }
        for item in top["NSPrivacyCollectedDataTypes"].as_array().unwrap() {
            let dict = item.as_dictionary().unwrap();
            assert_eq!(dict.len(), 4, "the four keys of a collected data type");
            let data_type = dict["NSPrivacyCollectedDataType"].as_string().unwrap();
            assert!(
                !seen.contains(&data_type),
                "{data_type} twice: entries are merged"
            );
            seen.push(data_type);
        }
    });
}

#[test]
fn every_play_id_is_plays_and_the_csv_parses() {
    each_policy(|path, policy| {
        let text = play::render(policy).unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, play::HEADER);
        let mut rows = 0;
        for record in reader.records() {
            let record = record.expect("a CSV row");
            assert_eq!(record.len(), 5, "{}: {record:?}", path.display());
            assert!(
                vocab::is_play_id(&record[0]),
                "{}: `{}`",
                path.display(),
                &record[0]
            );
            assert!(
                record[1].is_empty() || vocab::is_play_id(&record[1]),
                "`{}`",
                &record[1]
            );
            rows += 1;
        }
        assert!(rows >= 60, "every top question and data type is a row");
    });
}

#[test]
fn a_policy_with_every_fact_exports_what_each_target_can_say() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/exports/every-fact.policy");
    let policy = compile_file(&path);
    let jsonld = dpv::render(&policy).unwrap();
    for expected in [
        "\"@id\": \"pd:EmailAddress\"",
        "\"rdfs:label\": \"company name, and \\\"title\\\"\"",
        "\"@id\": \"eu-gdpr:A6-1-b\"",
        "\"@type\": \"eu-gdpr:A6-1-f\"",
        "\"@value\": \"P90D\"",
        "\"@type\": \"dpv:UntilEventDuration\"",
        "\"@type\": \"dpv:IndeterminateDuration\"",
        "\"@id\": \"loc:US\"",
        "\"rdfs:label\": \"India (IN)\"",
        "\"@id\": \"eu-gdpr:A46-2-c\"",
        "\"@id\": \"tech:Cookie\"",
        "\"eu-gdpr:A17\"",
        "\"dpv:hasDataProcessor\"",
    ] {
        assert!(jsonld.contains(expected), "DPV lacks {expected}");
    }
    let manifest = apple::render(&policy);
    assert!(manifest.contains("<string>NSPrivacyCollectedDataTypeOtherDataTypes</string>"));
    assert!(manifest.contains("<string>NSPrivacyCollectedDataTypePhotosorVideos</string>"));
    assert!(manifest.contains("<string>NSPrivacyCollectedDataTypePurposeOther</string>"));
    let csv = play::render(&policy).unwrap();
    for expected in [
        "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA,,true,",
        "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT,,true,",
        "PSL_SUPPORT_DATA_DELETION_BY_USER,DATA_DELETION_YES,true,",
        "PSL_DATA_TYPES_PERSONAL,PSL_OTHER_PERSONAL,true,",
        // The email reaches an authority too, which Play counts as sharing.
        "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:PSL_DATA_USAGE_COLLECTION_AND_SHARING,PSL_DATA_USAGE_ONLY_SHARED,true,",
    ] {
        assert!(csv.contains(expected), "Play lacks {expected}");
    }
}

#[test]
fn email_given_only_to_a_processor_is_not_shared_on_play() {
    let policy = compile(&SourceFile::new(
        "p.policy",
        POLICY.replace("FACTS", "recipient processor \"Mailer\" { data = [email] }"),
    ));
    let csv = play::render(&policy).unwrap();
    assert!(csv.contains("PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:PSL_DATA_USAGE_COLLECTION_AND_SHARING,PSL_DATA_USAGE_ONLY_SHARED,,"));
    let policy = compile(&SourceFile::new(
        "p.policy",
        POLICY.replace(
            "FACTS",
            "recipient third-party \"Partner\" { data = [email] }",
        ),
    ));
    let csv = play::render(&policy).unwrap();
    assert!(csv.contains("PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:PSL_DATA_USAGE_COLLECTION_AND_SHARING,PSL_DATA_USAGE_ONLY_SHARED,true,"));
}

/// A valid policy collecting email, with `FACTS` to replace.
const POLICY: &str = r#"policy privacy "P" {
  id = "ID"
  effective = 2024-01-01
  org { name = "O" }
  contact { email = "a@example.com" }
  section collection "C" {
    text "x"
    collect { data = [email]  purposes = [service-provision] }
  }
  section use "U" { text "x" }
  section sharing "S" { text "x" FACTS }
  section contact "K" { contact-block }
}"#;

fn with_gpc(id: &str, stance: &str, dates: &str) -> Policy {
    let text = POLICY
        .replace("ID", id)
        .replace("effective = 2024-01-01", dates)
        .replace("FACTS", &format!("signals {{ gpc = {stance} }}"));
    compile(&SourceFile::new(format!("{id}.policy"), text))
}

#[test]
fn gpc_json_is_the_sites_one_stance_with_the_latest_date() {
    let a = with_gpc("a", "honoured", "effective = 2024-01-01");
    let b = with_gpc(
        "b",
        "honoured",
        "effective = 2023-01-01\n updated = 2024-05-06",
    );
    let c = with_gpc("c", "not-honoured", "effective = 2022-01-01");
    let none = compile(&SourceFile::new(
        "n.policy",
        POLICY.replace("ID", "n").replace("FACTS", ""),
    ));
    assert_eq!(
        gpc::render(&[&a, &b]).as_deref(),
        Some("{\n  \"gpc\": true,\n  \"lastUpdate\": \"2024-05-06\"\n}\n")
    );
    // A policy silent on GPC: the site makes no claim (tests/exports_trust.rs).
    assert_eq!(gpc::render(&[&a, &b, &none]), None);
    // One policy that does not honour it: the site cannot claim to.
    assert_eq!(
        gpc::render(&[&a, &c]).as_deref(),
        Some("{\n  \"gpc\": false,\n  \"lastUpdate\": \"2024-01-01\"\n}\n")
    );
    assert_eq!(gpc::render(&[&none]), None);
}

#[test]
fn every_format_is_written_where_the_docs_say() {
    let a = with_gpc("a", "honoured", "effective = 2024-01-01");
    let paths = |formats: Vec<Format>| {
        let options = BuildOptions {
            out_dir: "site".into(),
            formats,
            front_matter: false,
            templates: None,
            site: Default::default(),
        };
        let outputs = render_all(&[&a], &options).unwrap();
        outputs
            .iter()
            .map(|o| o.path.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        paths(vec![
            Format::Dpv,
            Format::Xcprivacy,
            Format::Play,
            Format::Gpc
        ]),
        [
            "a/a.jsonld",
            "a/PrivacyInfo.xcprivacy",
            "a/a-data-safety.csv",
            ".well-known/gpc.json"
        ]
    );
    assert!(paths(vec![Format::Html]).contains(&".well-known/gpc.json".to_string()));
    assert_eq!(paths(vec![Format::Json]), ["a/a.json"]);
}

#[test]
fn a_transfer_on_no_stated_safeguard_has_no_legal_basis_in_dpv() {
    let facts = "transfer { to = [JP]  safeguard = none-stated }";
    let policy = compile(&SourceFile::new(
        "t.policy",
        POLICY.replace("ID", "t").replace("FACTS", facts),
    ));
    let document: serde_json::Value = serde_json::from_str(&dpv::render(&policy).unwrap()).unwrap();
    let transfer = document["@graph"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["@id"] == "_:transfer-1")
        .expect("the transfer's process");
    assert!(transfer.get("dpv:hasLegalBasis").is_none());
    let processing = &transfer["dpv:hasProcessing"][0];
    assert_eq!(processing["@type"], "dpv:CrossBorderTransfer");
    assert_eq!(
        processing["dpv:hasThirdCountry"][0]["rdfs:label"],
        "Japan (JP)"
    );
    // A fact naming no data is about everything collected.
    assert_eq!(transfer["dpv:hasPersonalData"][0]["@id"], "pd:EmailAddress");
}

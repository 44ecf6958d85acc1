//! The JSON output's published schema: `schema/policy.schema.json` is the
//! one the compiler generates from its model, and every real and example
//! policy's JSON output validates against it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::export::json;
use std::path::Path;

#[test]
fn published_schema_is_current() {
    assert!(
        include_str!("../schema/policy.schema.json") == json::schema(),
        "schema/policy.schema.json is stale: run `cargo run -- schema > schema/policy.schema.json`"
    );
}

#[test]
fn every_policys_json_validates_against_the_schema() {
    let schema: serde_json::Value = serde_json::from_str(&json::schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for folder in ["policies", "examples"] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap().flatten() {
            let file = policyc::driver::read_source(&entry.path()).unwrap();
            let policy = policyc::compile(&file).policy.unwrap();
            let output: serde_json::Value =
                serde_json::from_str(&json::render(&policy).unwrap()).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&output)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", entry.path().display());
            checked += 1;
        }
    }
    assert!(checked >= 5);
    // The schema is strict enough to catch a wrong document.
    let wrong = serde_json::json!({ "schema_version": 1, "policy": { "kind": "banana" } });
    assert!(!validator.is_valid(&wrong));
}

//! The coverage matrix of the bundled policies, audited against the laws
//! their texts suggest. Real published policies have real gaps: the
//! snapshots record them truthfully, one line a rule, so a change to a rule,
//! a predicate or a policy's facts shows here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::driver::read_source;
use policyc::export::coverage::{Context, Coverage, RuleStatus, Standing, coverage};
use policyc::keyword::Keyword;
use policyc::model::Profile;
use std::fmt::Write as _;
use std::path::Path;

/// The profiles each bundled policy is audited against, and why.
const AUDITS: &[(&str, &[&str])] = &[
    // An Indian company (Pvt Ltd) serving users worldwide, transferring data
    // "outside of your country".
    ("socnect", &["gdpr", "dpdp", "spdi"]),
    // A US-style notice with a Do Not Track section, offered online to all.
    ("connact", &["gdpr", "ccpa", "caloppa"]),
    // A global professional network.
    ("connecwrk", &["gdpr", "uk-gdpr", "ccpa", "caloppa"]),
];

fn matrix(name: &str, profiles: &[&str]) -> Coverage {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("policies/{name}.policy"));
    let file = read_source(&path).unwrap();
    let compiled = policyc::compile(&file);
    let policy = compiled.policy.expect("the bundled policies compile");
    let audited: Vec<Profile> = profiles
        .iter()
        .map(|p| Profile::from_keyword(p).unwrap())
        .collect();
    let path = |name: &str| {
        Path::new(name)
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .map_or(name.to_string(), |p| p.display().to_string())
    };
    let cx = Context {
        audited: &audited,
        today: policyc::model::Date::parse_iso("2026-12-01"),
        signoffs: &[],
        signoff_file: None,
        path: &path,
        clause_files: &compiled.included,
    };
    coverage(&policy, &file, &cx)
}

/// A status as the JSON spells it.
fn word(status: RuleStatus) -> String {
    serde_json::to_value(status)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// One line a rule: id, status, and where it is met or what is missing.
fn compact(coverage: &Coverage) -> String {
    let mut out = String::new();
    for profile in &coverage.profiles {
        let c = &profile.counts;
        let _ = writeln!(
            out,
            "{} ({:?}): {} met, {} in part, {} not met, {} not applicable, {} not yet in force, {} by hand",
            profile.profile,
            profile.standing,
            c.met,
            c.met_in_part,
            c.not_met,
            c.not_applicable,
            c.not_yet_in_force,
            c.check_by_hand
        );
        for rule in &profile.rules {
            let detail = if rule.evidence.is_empty() {
                rule.missing_facts.join(", ")
            } else {
                rule.evidence
                    .iter()
                    .map(|p| format!("line {}", p.line))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let line = format!("  {:<26} {:<16} {detail}", rule.id, word(rule.status));
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
    out
}

#[test]
fn the_bundled_policies_coverage_is_as_snapshotted() {
    for (name, profiles) in AUDITS {
        insta::assert_snapshot!(format!("coverage_{name}"), compact(&matrix(name, profiles)));
    }
}

#[test]
fn every_audited_profile_is_in_the_matrix_and_counts_add_up() {
    for (name, profiles) in AUDITS {
        let matrix = matrix(name, profiles);
        assert_eq!(
            matrix.profiles[0].profile, "privacy",
            "{name}: the base kind first"
        );
        for profile in *profiles {
            let entry = matrix
                .profiles
                .iter()
                .find(|p| p.profile == *profile)
                .unwrap();
            assert_eq!(entry.standing, Standing::Audited);
            let c = &entry.counts;
            let total = c.met
                + c.met_in_part
                + c.not_met
                + c.not_applicable
                + c.not_yet_in_force
                + c.check_by_hand;
            assert_eq!(total, entry.rules.len(), "{name} {profile}");
        }
        assert_eq!(
            matrix.profiles[0].counts.not_met, 0,
            "{name} meets the base kind"
        );
    }
}

#[test]
fn coverage_json_and_page_are_written_by_build_for_an_audited_profile() {
    let out = tempfile::tempdir().unwrap();
    let socnect = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/socnect.policy");
    assert_cmd::Command::cargo_bin("policyc")
        .unwrap()
        .args([
            "build",
            "--format",
            "coverage",
            "--profile",
            "gdpr",
            "--out",
        ])
        .arg(out.path())
        .arg(&socnect)
        .assert()
        .code(0);
    let json = std::fs::read_to_string(out.path().join("socnect-privacy/coverage.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["profiles"][1]["profile"], "gdpr");
    let page = std::fs::read_to_string(out.path().join("socnect-privacy/coverage.html")).unwrap();
    assert!(
        page.contains("GDPR Art. 13(2)(a)") && page.contains("Not met"),
        "{page}"
    );
}

#[test]
fn published_coverage_schema_is_current_and_every_matrix_validates() {
    let published = include_str!("../schema/coverage.schema.json");
    assert!(
        published == policyc::export::coverage::schema(),
        "schema/coverage.schema.json is stale: run `cargo run -- schema coverage > schema/coverage.schema.json`"
    );
    let schema: serde_json::Value = serde_json::from_str(published).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for (name, profiles) in AUDITS {
        let text = policyc::export::coverage::render(&matrix(name, profiles)).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

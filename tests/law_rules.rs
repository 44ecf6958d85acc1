//! Issue 17: rules a lawyer would sign. A law not yet in force is reported
//! as "applies from DATE", never as an error (items 2); every in-scope row
//! of the legal checklist has a rule or a not-checkable entry (item 3);
//! JSON diagnostics carry the rule ids and citations as fields (item 6).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use policyc::check::rules::rule_sets;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// 2026-12-06 and 2027-06-01, as `SOURCE_DATE_EPOCH` gives them.
const BEFORE_DPDP: &str = "1796515200";
const AFTER_DPDP: &str = "1811808000";

/// Defect: DPDP obligations were reported as errors in 2026, although the
/// Act's notice duties and the Rules apply from 13 May 2027. Before that
/// day the gaps are warnings saying when they apply; after it, errors.
#[test]
fn dpdp_gaps_warn_before_13_may_2027_and_fail_after() {
    let check = |epoch: &str| {
        policyc()
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["check", "--profile", "dpdp"])
            .arg(repo("examples/privacy-gdpr-ccpa.policy"))
            .assert()
    };
    check(BEFORE_DPDP)
        .success()
        .stderr(predicate::str::contains("warning[E0312]: DPDP"))
        .stderr(predicate::str::contains("applies from 2027-05-13"))
        .stderr(predicate::str::contains("error[E0312]").not());
    check(AFTER_DPDP)
        .failure()
        .stderr(predicate::str::contains("error[E0312]: DPDP"))
        .stderr(predicate::str::contains("applies from").not());
}

/// Defect: the SPDI Rules were checked after DPDP s.44(2) omits IT Act
/// s.43A; a lapsed rule is not reported at all.
#[test]
fn spdi_rules_lapse_when_the_dpdp_act_commences() {
    let check = |epoch: &str| {
        policyc()
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["check", "--profile", "spdi"])
            .arg(repo("examples/minimal.policy"))
            .assert()
    };
    check(BEFORE_DPDP)
        .failure()
        .stderr(predicate::str::contains("SPDI Rules"));
    check(AFTER_DPDP)
        .success()
        .stderr(predicate::str::contains("SPDI Rules").not());
}

/// Every DPDP rule starts on 13 May 2027 and every SPDI rule ends the day
/// before (Rules r.1(4), G.S.R. 846(E), 13 Nov 2025; Act s.44(2)).
#[test]
fn india_rule_sets_carry_their_dates() {
    for set in rule_sets() {
        for rule in &set.rules {
            let (from, until) = (
                rule.in_force.map(|d| d.to_string()),
                rule.until.map(|d| d.to_string()),
            );
            match set.profile.as_str() {
                "dpdp" => assert_eq!(from.as_deref(), Some("2027-05-13"), "{}", rule.id),
                "spdi" => assert_eq!(until.as_deref(), Some("2027-05-12"), "{}", rule.id),
                _ => {}
            }
        }
    }
}

/// Defect: `--message-format json` carried the rule ids only inside the
/// label text; a tool had to parse prose to know which requirement failed.
#[test]
fn json_diagnostics_carry_rule_ids_and_citations_as_fields() {
    let example = std::fs::read_to_string(repo("examples/privacy-gdpr-ccpa.policy")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.policy");
    // Without the complaint right: its fact taken out.
    let without: String = {
        let mut out = String::new();
        let mut skipping = false;
        for line in example.lines() {
            if line.trim_start().starts_with("right complaint {") {
                skipping = true;
            }
            if !skipping {
                out.push_str(line);
                out.push('\n');
            } else if line.trim() == "}" {
                skipping = false;
            }
        }
        out
    };
    std::fs::write(&path, without).unwrap();
    let output = policyc()
        .args(["check", "--message-format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .chain(stderr.lines())
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let notice = lines
        .iter()
        .find(|d| d["code"] == "E0312")
        .unwrap_or_else(|| panic!("no E0312 in {stdout}{stderr}"));
    assert_eq!(
        notice["rules"],
        serde_json::json!(["GDPR-13-2-d"]),
        "{notice}"
    );
    assert_eq!(
        notice["citations"],
        serde_json::json!(["GDPR Art. 13(2)(d); Art. 14(2)(e)"]),
        "{notice}"
    );
    // Diagnostics that report no rule carry neither field.
    assert!(
        lines
            .iter()
            .filter(|d| d["code"] != "E0312")
            .all(|d| d.get("rules").is_none())
    );
}

/// Defect: rows of the legal checklist had no rule and no stated reason
/// (GDPR 12(1), 12(7), 13(3)/14(4), 14(3), 26(2); CalOPPA § 22575(a),
/// § 22577(b); CCPA § 1798.130(c), 11 CCR § 7011(b)-(d), § 7072(a); COPPA
/// § 312.4(a); SPDI r. 5(3)(a)-(d); DPDP s. 13). Every row of
/// `rules/checklist.tsv` (copied from the checklist, its source noted in
/// the file) names rules that exist, or says why it is out of scope.
#[test]
fn every_checklist_row_maps_to_a_rule_or_a_reason() {
    let ids: std::collections::HashSet<&str> = rule_sets()
        .into_iter()
        .flat_map(|set| set.rules.iter().map(|r| r.id.as_str()))
        .collect();
    let text = include_str!("../rules/checklist.tsv");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#'))
        .skip(1)
        .collect();
    assert_eq!(rows.len(), 181, "the checklist has 181 rows");
    for row in rows {
        let fields: Vec<&str> = row.split('\t').collect();
        assert_eq!(fields.len(), 3, "{row}");
        let covered = fields[2];
        if let Some(reason) = covered.strip_prefix("out-of-scope: ") {
            assert!(reason.len() > 20, "{row}: say why");
            continue;
        }
        for id in covered.split(' ') {
            assert!(ids.contains(id), "{}: no rule {id}", fields[0]);
        }
    }
    for listed in [
        "GDPR-12-1",
        "GDPR-12-7",
        "GDPR-13-3",
        "GDPR-14-3",
        "GDPR-26-2",
        "CALOPPA-22575-a",
        "CALOPPA-22577-b",
        "CCPA-130-c",
        "CCPA-REG-7011-b",
        "CCPA-REG-7011-c",
        "CCPA-REG-7011-d",
        "CCPA-REG-7072-a",
        "COPPA-312-4-a",
        "SPDI-5-3-a",
        "SPDI-5-3-b",
        "SPDI-5-3-c",
        "SPDI-5-3-d",
        "DPDP-13",
    ] {
        assert!(ids.contains(listed), "no rule {listed}");
    }
}

/// Defect: GDPR rules that apply equally to data not obtained from the
/// person cited only Art. 13; each names its Art. 14 counterpart too.
#[test]
fn gdpr_rules_cite_article_13_with_its_article_14_counterpart() {
    let gdpr = policyc::check::rules::rule_set("gdpr").unwrap();
    for rule in &gdpr.rules {
        let thirteen = rule.citation.starts_with("GDPR Art. 13(")
            && !rule.id.ends_with("13-2-e")
            && !rule.id.ends_with("13-3");
        if thirteen {
            assert!(
                rule.citation.contains("; Art. 14("),
                "{}: {}",
                rule.id,
                rule.citation
            );
        }
    }
}

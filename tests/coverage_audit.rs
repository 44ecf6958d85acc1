//! The coverage matrix an auditor accepts (issue 17 item 5, issue 19's
//! coverage page): statuses with their reasons, evidence quoted with paths
//! relative to the project, provenance that makes two builds of the same
//! sources on the same date byte-identical, the sign-off file of rules
//! checked by hand, audited laws marked, and the page's layout. Each test
//! names the defect it covers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::check::rules::rule;
use policyc::export::coverage::{read_signoffs, rule_sha256};
use policyc::source::SourceFile;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// 2026-12-01T00:00:00Z: the date of the check in every build here.
const EPOCH: &str = "1796083200";

/// A project with `policyc.yaml`, `policies/socnect.policy` (a bundled
/// policy) and, when given, `coverage-signoff.yaml`.
fn project(signoff: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policyc.yaml"), "policies: policies\n").unwrap();
    std::fs::create_dir(dir.path().join("policies")).unwrap();
    let socnect = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/socnect.policy");
    std::fs::copy(socnect, dir.path().join("policies/socnect.policy")).unwrap();
    if let Some(text) = signoff {
        std::fs::write(dir.path().join("coverage-signoff.yaml"), text).unwrap();
    }
    dir
}

/// `build --format coverage --profile gdpr,dpdp` in `dir`, naming the policy
/// by its absolute path; the output folder, stdout+stderr and exit code.
fn build(dir: &Path) -> (PathBuf, String, i32) {
    let out = dir.join("site");
    let output = assert_cmd::Command::cargo_bin("policyc")
        .unwrap()
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .args([
            "build",
            "--format",
            "coverage",
            "--profile",
            "gdpr,dpdp",
            "--out",
        ])
        .arg(&out)
        .arg(dir.join("policies/socnect.policy"))
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (out, text, output.status.code().unwrap_or(-1))
}

fn matrix(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("socnect-privacy/coverage.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn page(out: &Path) -> String {
    std::fs::read_to_string(out.join("socnect-privacy/coverage.html")).unwrap()
}

fn rows(matrix: &Value) -> Vec<&Value> {
    matrix["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["rules"].as_array().unwrap())
        .collect()
}

fn row<'a>(matrix: &'a Value, id: &str) -> &'a Value {
    rows(matrix).into_iter().find(|r| r["id"] == id).unwrap()
}

/// Defect: the matrix named the policy's file as given on the command line
/// (an absolute path names the checkout), so two checkouts of the same
/// sources built different matrices, and it carried no date or digests.
#[test]
fn two_builds_of_the_same_sources_on_the_same_date_are_byte_identical() {
    let (a, b) = (project(None), project(None));
    let (out_a, log_a, code_a) = build(a.path());
    let (out_b, _, code_b) = build(b.path());
    assert_eq!((code_a, code_b), (0, 0), "{log_a}");
    for file in ["coverage.json", "coverage.html"] {
        let one = std::fs::read(out_a.join("socnect-privacy").join(file)).unwrap();
        let two = std::fs::read(out_b.join("socnect-privacy").join(file)).unwrap();
        assert!(one == two, "{file} differs between two checkouts");
    }
    let matrix = matrix(&out_a);
    let provenance = &matrix["provenance"];
    assert_eq!(matrix["file"], "policies/socnect.policy");
    assert_eq!(provenance["checked_on"], "2026-12-01");
    assert_eq!(provenance["policyc_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(provenance["policy"]["id"], "socnect-privacy");
    let source = std::fs::read_to_string(a.path().join("policies/socnect.policy")).unwrap();
    let files = &provenance["policy"]["files"];
    assert_eq!(files[0]["file"], "policies/socnect.policy");
    assert_eq!(
        files[0]["sha256"].as_str().unwrap(),
        policyc::export::coverage::sha256(&source)
    );
    let sets: Vec<&str> = provenance["rule_sets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        sets,
        ["rules/privacy.yaml", "rules/gdpr.yaml", "rules/dpdp.yaml"]
    );
    let gdpr =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/gdpr.yaml"))
            .unwrap();
    assert_eq!(
        provenance["rule_sets"][1]["sha256"].as_str().unwrap(),
        policyc::export::coverage::sha256(&gdpr)
    );
}

/// Defect: "Met by" showed only `file:line`; an auditor needs the
/// declaration itself, and a path that means something in the project.
#[test]
fn evidence_quotes_the_declaration_with_its_path_in_the_project() {
    let dir = project(None);
    let (out, log, code) = build(dir.path());
    assert_eq!(code, 0, "{log}");
    let matrix = matrix(&out);
    let evidence = &row(&matrix, "PRIVACY-COLLECTION")["evidence"][0];
    assert_eq!(evidence["file"], "policies/socnect.policy");
    let line = evidence["line"].as_u64().unwrap() as usize;
    let source = std::fs::read_to_string(dir.path().join("policies/socnect.policy")).unwrap();
    let text = source.lines().nth(line - 1).unwrap().trim();
    let quote = evidence["quote"].as_str().unwrap();
    assert!(
        quote.starts_with(text),
        "{quote:?} quotes line {line}, {text:?}"
    );
    assert!(quote.chars().count() <= policyc::export::coverage::QUOTE_CHARS + 1);
    assert!(
        page(&out).contains("<q>"),
        "the page quotes the declaration"
    );
}

/// Defect: a rule that did not apply said only "Not applicable", and a
/// gap gave one field mixing what the law asks with the syntax to add.
#[test]
fn every_status_carries_its_reason() {
    let dir = project(None);
    let (out, log, code) = build(dir.path());
    assert_eq!(code, 0, "{log}");
    let matrix = matrix(&out);
    let mut seen = Vec::new();
    for row in rows(&matrix) {
        let status = row["status"].as_str().unwrap();
        seen.push(status.to_string());
        let has = |key: &str| row.get(key).is_some_and(|v| !v.is_null());
        match status {
            "met" => assert!(has("evidence") && !has("not_checked"), "{row}"),
            "met-in-part" => assert!(has("evidence") && has("not_checked"), "{row}"),
            "not-met" => assert!(has("missing") && has("how_to_fix"), "{row}"),
            "not-applicable" => assert!(has("not_applicable_because"), "{row}"),
            "not-yet-in-force" => assert!(has("in_force"), "{row}"),
            "check-by-hand" => assert!(has("how_to_fix"), "{row}"),
            other => panic!("unknown status {other}"),
        }
    }
    for status in [
        "met",
        "met-in-part",
        "not-met",
        "not-applicable",
        "check-by-hand",
    ] {
        assert!(seen.iter().any(|s| s == status), "no {status} row to check");
    }
    let dpo = row(&matrix, "GDPR-13-1-b");
    assert_eq!(dpo["status"], "not-applicable");
    assert_eq!(
        dpo["not_applicable_because"],
        "no data protection officer is declared"
    );
}

/// Defect (issue 19): the intro was laid out with `display: flex`, so the
/// file name floated and the full stop began a new line; the base kind's
/// citation read "policyc privacy kind"; an audited law was not told apart
/// from a claimed one clearly.
#[test]
fn the_page_reads_as_prose_and_marks_audited_laws() {
    let dir = project(None);
    let (out, log, code) = build(dir.path());
    assert_eq!(code, 0, "{log}");
    let page = page(&out);
    let intro = page
        .split("<p class=\"coverage-intro\">")
        .nth(1)
        .expect("the intro has its own class, not the flex `dates`")
        .split("</p>")
        .next()
        .unwrap();
    assert!(
        intro.contains("<code>policies/socnect.policy</code> that meets it."),
        "{intro}"
    );
    let css = include_str!("../templates/style.css");
    let rule = css
        .lines()
        .find(|l| l.starts_with(".coverage-intro"))
        .unwrap();
    assert!(!rule.contains("flex"), "{rule}");
    assert!(!page.contains("policyc privacy kind"));
    assert!(page.contains("policyc minimum"));
    assert_eq!(
        page.matches("Audited, not claimed").count(),
        2,
        "gdpr and dpdp"
    );
    assert!(page.contains("id=\"provenance\""));
    for fix in page.split("<p class=\"how-to-fix\">").skip(1) {
        let fix = fix.split("</p>").next().unwrap();
        assert!(!fix.contains('`'), "policyc syntax shown as code: {fix}");
    }
    assert!(page.contains("<strong>How to fix:</strong>"));
}

/// The digest of a rule's words, as a sign-off records it.
fn digest(id: &str) -> String {
    rule_sha256(rule(id).unwrap().1)
}

/// Defect: rules checked by hand had no record of who checked them, and
/// nothing said when a rule changed after it was checked.
#[test]
fn a_signoff_is_shown_and_one_of_a_changed_rule_is_stale() {
    let signoff = format!(
        "signoffs:\n\
         \x20 - rule: GDPR-12-1\n    policy: socnect-privacy\n    reviewer: \"R. Auditor\"\n    date: 2026-11-30\n    outcome: met\n    rule_sha256: \"{}\"\n    note: \"Plain language, read by counsel\"\n\
         \x20 - rule: GDPR-12-7\n    policy: socnect-privacy\n    reviewer: \"R. Auditor\"\n    date: 2026-11-30\n    outcome: not-met\n    rule_sha256: \"{}\"\n",
        digest("GDPR-12-1"),
        "0".repeat(64)
    );
    let dir = project(Some(&signoff));
    let (out, log, code) = build(dir.path());
    assert_eq!(code, 0, "{log}");
    let matrix = matrix(&out);
    let current = &row(&matrix, "GDPR-12-1")["signoff"];
    assert_eq!(current["reviewer"], "R. Auditor");
    assert_eq!(current["outcome"], "met");
    assert_eq!(current["stale"], false);
    assert_eq!(row(&matrix, "GDPR-12-7")["signoff"]["stale"], true);
    assert_eq!(
        matrix["provenance"]["signoff"]["sha256"].as_str().unwrap(),
        policyc::export::coverage::sha256(&signoff)
    );
    let page = page(&out);
    assert!(
        page.contains("Checked by hand: met"),
        "the current sign-off's outcome"
    );
    assert!(
        page.contains("<strong>Stale:</strong>"),
        "the stale one flagged"
    );
    let schema: Value =
        serde_json::from_str(include_str!("../schema/coverage.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&matrix)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// Defect: there was no sign-off file; a mistake in one must be a located
/// error that stops the build, with "did you mean".
#[test]
fn a_bad_signoff_file_is_a_located_error_and_nothing_is_written() {
    let signoff = format!(
        "signoffs:\n  - rule: DPDP-5-33\n    policy: socnect-privacy\n    reviewer: R\n    date: 2026-11-30\n    outcome: met\n    rule_sha256: \"{}\"\n",
        digest("DPDP-5-3")
    );
    let dir = project(Some(&signoff));
    let (out, log, code) = build(dir.path());
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("E0320") && log.contains("did you mean `DPDP-5-3`"),
        "{log}"
    );
    assert!(log.contains("coverage-signoff.yaml:2:11"), "{log}");
    assert!(!out.join("socnect-privacy/coverage.json").exists());
    let check = assert_cmd::Command::cargo_bin("policyc")
        .unwrap()
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("NO_COLOR", "1")
        .arg("check")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "check reads it too: {said}");
    assert!(said.contains("E0320"), "{said}");
    let unknown_key = "signoffs:\n  - rule: DPDP-5-3\n    reviwer: R\n";
    let dir = project(Some(unknown_key));
    let (_, log, code) = build(dir.path());
    assert_eq!(code, 1, "{log}");
    assert!(
        log.contains("E0203") && log.contains("coverage-signoff.yaml:3"),
        "{log}"
    );
}

/// E0320's explanation: its wrong example gives E0320, its right one
/// nothing (YAML, so tests/explain.rs cannot compile them).
#[test]
fn the_e0320_examples_are_real() {
    let text = policyc::explain::explanation(policyc::diagnostic::Code::SignOffInvalid);
    let example = |heading: &str| {
        let rest = &text[text.find(heading).unwrap()..];
        let body = &rest[rest.find("```yaml\n").unwrap() + 8..];
        body[..body.find("```").unwrap()].to_string()
    };
    let today = policyc::model::Date::parse_iso("2026-12-01");
    let wrong = read_signoffs(&SourceFile::new("s.yaml", example("## Wrong")), today);
    let codes: Vec<&str> = wrong.unwrap_err().iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"E0320"), "{codes:?}");
    let right = read_signoffs(&SourceFile::new("s.yaml", example("## Right")), today);
    assert!(right.is_ok(), "{right:?}");
}

/// Defect: the published schema admitted any `schema_version`, so a reader
/// validating a version 1 matrix against it was not told the shape changed.
#[test]
fn the_published_schema_admits_this_version_only() {
    let dir = project(None);
    let (out, log, code) = build(dir.path());
    assert_eq!(code, 0, "{log}");
    let schema: Value =
        serde_json::from_str(include_str!("../schema/coverage.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut matrix = matrix(&out);
    assert!(validator.is_valid(&matrix));
    assert_eq!(matrix["schema_version"], 2);
    matrix["schema_version"] = Value::from(1);
    assert!(!validator.is_valid(&matrix));
}

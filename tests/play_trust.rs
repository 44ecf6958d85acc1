//! Google Play's Data safety CSV says only what the policy says (issue 16,
//! item 3): one test per Play defect of the issue, each of which failed
//! before its fix, and the build's reports of what Play asks and the
//! policy does not say (E0313, W0005).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::{Code, Diagnostic};
use policyc::driver::{Format, export_gaps};
use policyc::export::play;
use policyc::model::Policy;
use policyc::source::SourceFile;

/// A valid policy whose collection section holds `COLLECT` and whose
/// sharing section holds `FACTS`.
const POLICY: &str = r#"policy privacy "P" {
  id = "p"
  effective = 2024-01-01
  org { name = "O" }
  contact { email = "a@example.com" url = "https://example.com" }
  section collection "C" {
    text "x"
    COLLECT
  }
  section use "U" { text "x" }
  section sharing "S" { text "x" FACTS }
  section contact "K" { contact-block }
}"#;

/// A `collect` that answers everything Play asks of it.
const FULL: &str =
    "collect { data = [email] purposes = [service-provision] required = true ephemeral = false }";

/// The top-level facts that answer Play's first page.
const TOP: &str = r#"security { measures = [encryption-in-transit] in-transit = all }
    right erasure { via = ["https://example.com/delete"] }
    accounts { creation = [none] outside = [none] }"#;

fn compile(collect: &str, facts: &str) -> Policy {
    let text = POLICY.replace("COLLECT", collect).replace("FACTS", facts);
    let compiled = policyc::compile(&SourceFile::new("p.policy", text));
    compiled
        .policy
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics))
}

/// The rows of the CSV, each as its five cells.
fn rows(policy: &Policy) -> Vec<Vec<String>> {
    let csv = play::render(policy).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The value of the row with this question and response id.
fn value(rows: &[Vec<String>], question: &str, response: &str) -> String {
    rows.iter()
        .find(|r| r[0] == question && r[1] == response)
        .unwrap_or_else(|| panic!("no row {question} {response}"))[2]
        .clone()
}

fn usage(rows: &[Vec<String>], data_type: &str, sub: &str, response: &str) -> String {
    value(
        rows,
        &format!("PSL_DATA_USAGE_RESPONSES:{data_type}:{sub}"),
        response,
    )
}

fn play_gaps(policy: &Policy) -> Vec<Diagnostic> {
    export_gaps(policy, &[Format::Play])
}

fn errors(found: &[Diagnostic]) -> Vec<&Diagnostic> {
    found.iter().filter(|d| d.is_error()).collect()
}

/// Defect: `PSL_DATA_USAGE_EPHEMERAL` was blank for every collected type.
/// Now it is the `collect`'s `ephemeral`, and its absence refuses the CSV.
#[test]
fn ephemeral_is_answered_from_the_fact_or_refused() {
    // Nothing shared, said so: no gap but the one under test.
    let policy = compile(
        FULL,
        &format!("{TOP}\n    disclosure {{ third-parties = false }}"),
    );
    let rows = rows(&policy);
    assert_eq!(
        usage(&rows, "PSL_EMAIL", "PSL_DATA_USAGE_EPHEMERAL", ""),
        "false"
    );
    assert!(play_gaps(&policy).is_empty(), "{:?}", play_gaps(&policy));
    let unsaid = compile(
        "collect { data = [email] purposes = [service-provision] required = true }",
        TOP,
    );
    assert_eq!(
        usage(
            &rows_of(&unsaid),
            "PSL_EMAIL",
            "PSL_DATA_USAGE_EPHEMERAL",
            ""
        ),
        ""
    );
    let found = play_gaps(&unsaid);
    let errors = errors(&found);
    assert_eq!(errors.len(), 1, "{found:?}");
    assert_eq!(errors[0].code, Code::ExportNeedsFact);
    assert!(
        errors[0]
            .help
            .as_deref()
            .unwrap_or("")
            .contains("ephemeral = false")
    );
}

fn rows_of(policy: &Policy) -> Vec<Vec<String>> {
    rows(policy)
}

/// Defect: the required/optional question was blank for types whose
/// `collect` says nothing, and no diagnostic said so.
#[test]
fn required_or_optional_is_answered_or_refused() {
    let optional = compile(
        "collect { data = [email] purposes = [service-provision] required = false ephemeral = false }",
        TOP,
    );
    let rows = rows(&optional);
    let control = |r| usage(&rows, "PSL_EMAIL", "DATA_USAGE_USER_CONTROL", r);
    assert_eq!(control("PSL_DATA_USAGE_USER_CONTROL_OPTIONAL"), "true");
    assert_eq!(control("PSL_DATA_USAGE_USER_CONTROL_REQUIRED"), "");
    let unsaid = compile(
        "collect { data = [email] purposes = [service-provision] ephemeral = false }",
        TOP,
    );
    let found = play_gaps(&unsaid);
    assert!(
        errors(&found)
            .iter()
            .any(|d| d.help.as_deref().unwrap_or("").contains("required = true")),
        "{found:?}"
    );
}

/// Defect: a collected type whose purposes have no Play purpose got an
/// empty purpose list; now the CSV is refused at the `collect`.
#[test]
fn purposes_are_never_empty() {
    let policy = compile(
        "collect { data = [email] purposes = [research] required = true ephemeral = false }",
        TOP,
    );
    let found = play_gaps(&policy);
    let errors = errors(&found);
    assert_eq!(errors.len(), 1, "{found:?}");
    assert!(errors[0].message.contains("purpose"), "{found:?}");
}

/// Defect: transfers Play exempts from "sharing" — to service providers
/// and for legal purposes (authorities) — were reported as shared (the
/// authority case); a third party still is sharing.
#[test]
fn plays_sharing_exemptions_are_applied() {
    let exempt = compile(
        FULL,
        &format!(
            "{TOP}\n    recipient processor \"Host\" {{ data = [email] purposes = [service-provision] }}\n    recipient authority {{ data = [email] purposes = [legal-compliance] }}"
        ),
    );
    let rows = rows(&exempt);
    let shared = |rows: &[Vec<String>]| {
        usage(
            rows,
            "PSL_EMAIL",
            "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
            "PSL_DATA_USAGE_ONLY_SHARED",
        )
    };
    assert_eq!(shared(&rows), "");
    let third = compile(
        FULL,
        &format!(
            "{TOP}\n    recipient third-party \"Ads\" {{ data = [email] purposes = [analytics] }}"
        ),
    );
    let rows = rows_of(&third);
    assert_eq!(shared(&rows), "true");
    assert_eq!(
        usage(
            &rows,
            "PSL_EMAIL",
            "DATA_USAGE_SHARING_PURPOSE",
            "PSL_ANALYTICS"
        ),
        "true"
    );
}

/// Defect: `ENCRYPTED_IN_TRANSIT = true` came from the measure named alone
/// ("such as HTTPS"), though Play asks about *all* data. Now only
/// `in-transit = all` answers `true`; `some` answers `false`; unsaid
/// refuses the CSV.
#[test]
fn encryption_in_transit_needs_its_scope() {
    let question = "PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT";
    let named = compile(
        FULL,
        r#"security { measures = [encryption-in-transit] }
    right erasure { via = ["https://example.com/delete"] }"#,
    );
    assert_eq!(value(&rows(&named), question, ""), "");
    let found = play_gaps(&named);
    assert!(
        errors(&found)
            .iter()
            .any(|d| d.help.as_deref().unwrap_or("").contains("in-transit = all")),
        "{found:?}"
    );
    assert_eq!(value(&rows(&compile(FULL, TOP)), question, ""), "true");
    let some = compile(FULL, &TOP.replace("in-transit = all", "in-transit = some"));
    assert_eq!(value(&rows(&some), question, ""), "false");
}

/// Defect: the delete data URL could be the contact's web address — a home
/// page. Now only a web address the erasure right declares is written;
/// `via = [url]` leaves it out with a warning.
#[test]
fn the_deletion_url_is_declared_for_erasure() {
    let home = compile(
        FULL,
        "security { in-transit = all }\n    right erasure { via = [url] }",
    );
    let rows = rows(&home);
    assert_eq!(value(&rows, "PSL_DATA_DELETION_URL", ""), "");
    assert_eq!(
        value(
            &rows,
            "PSL_SUPPORT_DATA_DELETION_BY_USER",
            "DATA_DELETION_YES"
        ),
        "true"
    );
    let found = play_gaps(&home);
    assert!(errors(&found).is_empty(), "{found:?}");
    assert!(
        found.iter().any(|d| d.code == Code::ExportIncomplete),
        "{found:?}"
    );
    let declared = compile(FULL, TOP);
    assert_eq!(
        value(&rows_of(&declared), "PSL_DATA_DELETION_URL", ""),
        "https://example.com/delete"
    );
}

/// Defect: only collected types got answer blocks, though the Console's
/// own export has a block for every data type (empty where not collected).
#[test]
fn every_data_type_has_its_block_as_the_console_writes() {
    let rows = rows(&compile(FULL, TOP));
    let types: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[0].starts_with("PSL_DATA_TYPES_"))
        .collect();
    assert_eq!(types.len(), 38);
    for data_type in &types {
        let prefix = format!("PSL_DATA_USAGE_RESPONSES:{}:", data_type[1]);
        let block = rows.iter().filter(|r| r[0].starts_with(&prefix)).count();
        assert_eq!(block, 5 + 2 * 7, "{}", data_type[1]);
    }
    // Not collected: its block is empty.
    assert_eq!(
        usage(
            &rows,
            "PSL_NAME",
            "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
            "PSL_DATA_USAGE_ONLY_COLLECTED"
        ),
        ""
    );
    // The header first, then the top-level questions, then the types, then
    // the blocks, in the form's order.
    assert_eq!(rows[0][0], "Question ID (machine readable)");
    assert_eq!(rows[1][0], "PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA");
    let first_block = rows
        .iter()
        .position(|r| r[0].starts_with("PSL_DATA_USAGE_RESPONSES:"))
        .unwrap();
    assert!(rows[first_block][0].starts_with("PSL_DATA_USAGE_RESPONSES:PSL_NAME:"));
}

/// A policy with no `collect` gets no "collects nothing" answer it does not
/// state: the CSV is refused.
#[test]
fn no_collect_is_no_answer() {
    let policy = compile("", TOP);
    let found = play_gaps(&policy);
    assert_eq!(errors(&found).len(), 1, "{found:?}");
}

/// Play's gaps appear only when `play` is built.
#[test]
fn play_gaps_only_for_play() {
    let policy = compile("collect { data = [email] }", "");
    assert!(!play_gaps(&policy).is_empty());
    assert!(export_gaps(&policy, &[Format::Html, Format::Json]).is_empty());
}

/// A type shared only for purposes Play has no word for would get an empty
/// "Why is this user data shared?": refused at the recipient, while a type
/// some other recipient shares for a Play purpose is answered.
#[test]
fn a_shared_type_has_a_sharing_purpose() {
    let unknown = compile(
        FULL,
        &format!("{TOP}\n    recipient acquirer {{ purposes = [other \"a merger\"] }}"),
    );
    let found = play_gaps(&unknown);
    let errors = errors(&found);
    assert_eq!(errors.len(), 1, "{found:?}");
    assert!(errors[0].message.contains("recipient"), "{found:?}");
    let known = compile(
        FULL,
        &format!(
            "{TOP}\n    recipient acquirer {{ purposes = [other \"a merger\"] }}\n    recipient third-party {{ data = [email] purposes = [analytics] }}"
        ),
    );
    assert!(errors_of(&known).is_empty());
}

fn errors_of(policy: &Policy) -> Vec<Diagnostic> {
    play_gaps(policy)
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}

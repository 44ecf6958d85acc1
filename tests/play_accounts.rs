//! Google Play's account questions come from the `accounts` fact (issue 16,
//! the last Play item): before it, `PSL_SUPPORTED_ACCOUNT_CREATION_METHODS`,
//! `PSL_ACCOUNT_DELETION_URL` and `PSL_HAS_OUTSIDE_APP_ACCOUNTS` were always
//! empty and nothing said so. Each test names the defect it covers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::{Code, Diagnostic};
use policyc::diff::{Class, diff};
use policyc::driver::{Format, export_gaps};
use policyc::export::play;
use policyc::model::Policy;
use policyc::source::SourceFile;

/// A policy that answers everything else Play asks; `ACCOUNTS` is the fact
/// under test.
const POLICY: &str = r#"policy privacy "P" {
  id = "p"
  effective = 2024-01-01
  org { name = "O" }
  contact { email = "a@example.com" url = "https://example.com" }
  section collection "C" {
    text "x"
    collect { data = [email] purposes = [service-provision] required = true ephemeral = false }
  }
  section use "U" { text "x" }
  section sharing "S" { text "x" disclosure { third-parties = false } }
  section rights "R" {
    text "x"
    right erasure { via = ["https://example.com/delete"] }
    ACCOUNTS
  }
  security { measures = [encryption-in-transit] in-transit = all }
  section contact "K" { contact-block }
}"#;

fn compiled(accounts: &str) -> policyc::Compiled {
    policyc::compile(&SourceFile::new(
        "p.policy",
        POLICY.replace("ACCOUNTS", accounts),
    ))
}

fn policy(accounts: &str) -> Policy {
    let compiled = compiled(accounts);
    compiled
        .policy
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics))
}

/// The value of the CSV row with this question and response id.
fn answer(policy: &Policy, question: &str, response: &str) -> String {
    let csv = play::render(policy).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    reader
        .records()
        .map(Result::unwrap)
        .find(|r| &r[0] == question && &r[1] == response)
        .unwrap_or_else(|| panic!("no row {question} {response}"))[2]
        .to_string()
}

fn gaps(policy: &Policy) -> Vec<Diagnostic> {
    export_gaps(policy, &[Format::Play])
}

/// Defect: the account creation methods were empty whatever the policy
/// said. Now each declared method is `true`, the others empty.
#[test]
fn creation_methods_are_answered_from_the_fact() {
    let p = policy(
        r#"accounts { creation = [username-password, oauth] outside = [none] deletion = "https://example.com/close" }"#,
    );
    let methods = "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS";
    assert_eq!(answer(&p, methods, "PSL_ACM_USER_ID_PASSWORD"), "true");
    assert_eq!(answer(&p, methods, "PSL_ACM_OAUTH"), "true");
    assert_eq!(answer(&p, methods, "PSL_ACM_NONE"), "");
    assert_eq!(answer(&p, methods, "PSL_ACM_OTHER"), "");
    assert_eq!(
        answer(&p, "PSL_ACCOUNT_DELETION_URL", ""),
        "https://example.com/close"
    );
    assert_eq!(answer(&p, "PSL_HAS_OUTSIDE_APP_ACCOUNTS", ""), "false");
    assert!(gaps(&p).is_empty(), "{:?}", gaps(&p));
}

/// Defect: a policy silent on accounts gave an empty answer and no word of
/// it. "My app does not allow users to create an account" is never read
/// from silence: the rows stay empty and W0005 names the fact to add.
#[test]
fn silence_on_accounts_is_reported_not_answered() {
    let p = policy("");
    let methods = "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS";
    assert_eq!(answer(&p, methods, "PSL_ACM_NONE"), "");
    assert_eq!(answer(&p, "PSL_HAS_OUTSIDE_APP_ACCOUNTS", ""), "");
    let found = gaps(&p);
    assert!(
        found
            .iter()
            .any(|d| d.code == Code::ExportIncomplete && d.message.contains("create an account")),
        "{found:?}"
    );
    assert!(found.iter().all(|d| !d.is_error()), "{found:?}");
}

/// `creation = [none]` is Play's "does not allow users to create an
/// account", and asks for no deletion page.
#[test]
fn no_account_creation_is_a_statement() {
    let p = policy("accounts { creation = [none] outside = [none] }");
    let methods = "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS";
    assert_eq!(answer(&p, methods, "PSL_ACM_NONE"), "true");
    assert_eq!(answer(&p, "PSL_ACCOUNT_DELETION_URL", ""), "");
    assert!(gaps(&p).is_empty(), "{:?}", gaps(&p));
}

/// Google Play requires a web link for account deletion of every app that
/// lets people create an account: E0313 at the fact.
#[test]
fn account_creation_without_a_deletion_page_is_refused() {
    let p = policy("accounts { creation = [oauth] outside = [none] }");
    let found = gaps(&p);
    let error = found
        .iter()
        .find(|d| d.code == Code::ExportNeedsFact)
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(error.message.contains("account to be deleted"), "{error:?}");
    assert!(
        error
            .help
            .as_deref()
            .is_some_and(|h| h.contains("deletion = ")),
        "{error:?}"
    );
}

/// Play's "Describe …" rows are required when `other` is chosen.
#[test]
fn other_needs_its_description() {
    let p = policy(
        r#"accounts { creation = [other] outside = [other] deletion = "https://example.com/close" }"#,
    );
    let found = gaps(&p);
    let errors: Vec<_> = found.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 2, "{found:?}");
    let described = policy(
        r#"accounts {
      creation = [other] creation-other = "A code by text message"
      outside = [other] outside-other = "A library card"
      deletion = "https://example.com/close"
    }"#,
    );
    assert!(gaps(&described).is_empty(), "{:?}", gaps(&described));
    assert_eq!(
        answer(&described, "PSL_ACM_SPECIFY", ""),
        "A code by text message"
    );
    assert_eq!(
        answer(&described, "PSL_OUTSIDE_APP_ACCOUNT_TYPE_SPECIFY", ""),
        "A library card"
    );
}

/// `none` beside another choice says two opposite things: refused where
/// written.
#[test]
fn none_beside_another_choice_is_an_error() {
    let compiled = compiled("accounts { creation = [none, oauth] }");
    let error = compiled
        .diagnostics
        .iter()
        .find(|d| d.is_error())
        .unwrap_or_else(|| panic!("{:?}", compiled.diagnostics));
    assert!(
        error.message.contains("`none` beside other choices"),
        "{error:?}"
    );
    let written = POLICY.replace("ACCOUNTS", "accounts { creation = [none, oauth] }");
    let at = error.span.unwrap();
    assert_eq!(&written[at.start..at.end], "none");
}

/// The deletion page is a web address, checked when lowered.
#[test]
fn the_deletion_page_is_a_web_address() {
    let compiled = compiled(r#"accounts { creation = [oauth] deletion = "delete-me" }"#);
    assert!(
        compiled
            .diagnostics
            .iter()
            .any(|d| d.code == Code::InvalidValue),
        "{:?}",
        compiled.diagnostics
    );
}

/// Taking the deletion page away is a material change; adding a way to
/// create an account is not (its data is compared as `collect` facts).
#[test]
fn removing_the_deletion_page_is_material() {
    let with = policy(
        r#"accounts { creation = [oauth] outside = [none] deletion = "https://example.com/close" }"#,
    );
    let without = policy("accounts { creation = [oauth, username-password] outside = [none] }");
    let changes = diff(&with, &without);
    let class = |path: &str| {
        changes
            .iter()
            .find(|c| c.path == path)
            .map(|c| c.class)
            .unwrap_or_else(|| panic!("no {path} in {changes:?}"))
    };
    assert_eq!(class("accounts.deletion"), Class::Material);
    assert_eq!(class("accounts.creation"), Class::Minor);
}

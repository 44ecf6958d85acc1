//! Issue 17's "No one else.": the negative fact about recipients,
//! `disclosure { third-parties = false processors = false }`. Before it, a
//! policy that truly discloses to no one could not meet GDPR Art. 13(1)(e)
//! ("the recipients … if any"), the CCPA's "categories of third parties",
//! or say "not shared" to Google Play except by silence. Each test below
//! failed before the fact existed (`disclosure` was no keyword, so every
//! policy using it was a syntax error), or, for the Play warning, because
//! silence was exported as "not shared" without a word.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::check::rules::{Status, evaluate, rule_set};
use policyc::diagnostic::{Code, Diagnostic, Severity};
use policyc::diff::{Action, Class};
use policyc::model::Policy;
use policyc::source::SourceFile;

const MINIMAL: &str = include_str!("../examples/minimal.policy");

/// A policy that collects an email address, with `sharing` as the body of
/// its sharing section.
fn policy_with(sharing: &str) -> String {
    format!(
        r#"policy privacy "Privacy Policy" {{
  id = "nobody"
  org {{ name = "Tiny Co" }}
  contact {{ email = "hi@tiny.example" }}
  section collection "What we collect" {{
    text "Your email address, when you write to us."
    collect {{ data = [email] purposes = [service-provision] required = true ephemeral = false }}
    data-table
  }}
  section use "Why" {{ text "To answer you." }}
  section sharing "Who sees it" {{
    text "No one else."
{sharing}
  }}
  section contact "Contact" {{ contact-block }}
}}
"#
    )
}

/// The file and what compiling it gives.
fn compile(text: &str) -> (SourceFile, Option<Policy>, Vec<Diagnostic>) {
    let file = SourceFile::new("nobody.policy", text);
    let compiled = policyc::compile(&file);
    (file, compiled.policy, compiled.diagnostics)
}

/// The valid policy of `text`, which must compile without an error.
fn valid(text: &str) -> Policy {
    let (_, policy, diagnostics) = compile(text);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    policy.expect("valid")
}

/// The status of rule `id` of `profile` for `policy`.
fn status(policy: &Policy, profile: &str, id: &str) -> Status {
    evaluate(policy, rule_set(profile).unwrap())
        .into_iter()
        .find(|o| o.rule.id == id)
        .unwrap_or_else(|| panic!("no rule {id} in {profile}"))
        .status
}

/// Whether `status` is met at the `disclosure` fact of `file`.
fn met_by_disclosure(file: &SourceFile, status: &Status) -> bool {
    let Status::Met(places) = status else {
        return false;
    };
    places
        .iter()
        .any(|span| file.slice(*span).starts_with("disclosure"))
}

/// GDPR and UK GDPR Art. 13(1)(e) flagged a policy that discloses to no
/// one: "if any" had no fact. `third-parties = false processors = false`
/// meets it, with the fact as the evidence; the bundled minimal example
/// says so.
#[test]
fn no_one_meets_art_13_1_e_in_the_minimal_example() {
    let (file, policy, _) = compile(MINIMAL);
    let policy = policy.expect("the minimal example is valid");
    for (profile, id) in [("gdpr", "GDPR-13-1-e"), ("uk-gdpr", "UKGDPR-13-1-e")] {
        let status = status(&policy, profile, id);
        assert!(met_by_disclosure(&file, &status), "{id}: {status:?}");
    }
    let silent = MINIMAL.replace(" processors = false", "");
    let (_, policy, _) = compile(&silent);
    let status = status(&policy.unwrap(), "gdpr", "GDPR-13-1-e");
    assert!(
        matches!(status, Status::NotMet(_)),
        "no third party but processors unsaid is not 'no recipients': {status:?}"
    );
}

/// The CCPA counts differently: service providers are not third parties
/// (§ 1798.140(ai)), so `third-parties = false` alone meets "categories of
/// third parties" but not "none disclosed for a business purpose", nor the
/// GDPR, for which a processor is a recipient.
#[test]
fn third_parties_false_alone_meets_the_ccpa_third_party_rule_only() {
    let text = policy_with("    disclosure { third-parties = false }");
    let (file, policy, _) = compile(&text);
    let policy = policy.unwrap();
    let third = status(&policy, "ccpa", "CCPA-130-a-5-B-iv");
    assert!(met_by_disclosure(&file, &third), "{third:?}");
    for (profile, id) in [
        ("ccpa", "CCPA-130-a-5-C-ii"),
        ("ccpa", "CCPA-REG-7011-e-1-H"),
        ("gdpr", "GDPR-13-1-e"),
        ("caloppa", "CALOPPA-22575-b-1"),
    ] {
        let status = status(&policy, profile, id);
        assert!(matches!(status, Status::NotMet(_)), "{id}: {status:?}");
    }
    let both = policy_with("    disclosure { third-parties = false processors = false }");
    let (file, policy, _) = compile(&both);
    let policy = policy.unwrap();
    for (profile, id) in [
        ("ccpa", "CCPA-130-a-5-C-ii"),
        ("ccpa", "CCPA-REG-7011-e-1-H"),
        ("ccpa", "CCPA-REG-7011-e-1-I"),
        ("gdpr", "GDPR-13-1-e"),
        ("caloppa", "CALOPPA-22575-b-1"),
    ] {
        let status = status(&policy, profile, id);
        assert!(met_by_disclosure(&file, &status), "{id}: {status:?}");
    }
}

/// A policy with processors and no third party: the processors meet Art.
/// 13(1)(e), and `third-parties = false` stands beside them.
#[test]
fn processors_declared_beside_no_third_parties() {
    let text = policy_with(
        "    disclosure { third-parties = false }\n    recipient processor \"Host Co\" { purposes = [service-provision] }",
    );
    let policy = valid(&text);
    assert!(matches!(
        status(&policy, "gdpr", "GDPR-13-1-e"),
        Status::Met(_)
    ));
}

/// The rules the fact now meets exactly no longer carry the model gap
/// that made them "met in part".
#[test]
fn the_model_gaps_are_gone() {
    for (profile, id) in [
        ("gdpr", "GDPR-13-1-e"),
        ("uk-gdpr", "UKGDPR-13-1-e"),
        ("ccpa", "CCPA-130-a-5-B-iv"),
        ("ccpa", "CCPA-130-a-5-C-ii"),
        ("ccpa", "CCPA-REG-7011-e-1-H"),
        ("caloppa", "CALOPPA-22575-b-1"),
    ] {
        let rule = rule_set(profile)
            .unwrap()
            .rules
            .iter()
            .find(|r| r.id == id)
            .unwrap();
        assert_eq!(rule.model_gap, None, "{id}");
        assert!(
            rule.help.contains("disclosure {"),
            "{id}: the help names the fact"
        );
    }
}

/// The E0310 errors of `text`, each with its located text and that of its
/// related label.
fn contradictions(text: &str) -> Vec<(String, String)> {
    let (file, _, diagnostics) = compile(text);
    diagnostics
        .iter()
        .filter(|d| d.code == Code::Contradiction)
        .map(|d| {
            let related = d.related.first().expect("the statement is related");
            (
                file.slice(d.span.unwrap()).to_string(),
                file.slice(related.span).to_string(),
            )
        })
        .collect()
}

/// `third-parties = false` beside a third-party recipient, or a sale, and
/// `processors = false` beside a processor, are errors located on the
/// recipient (or the flag) with the statement related.
#[test]
fn the_fact_contradicts_the_recipients_it_excludes() {
    let both = "    disclosure { third-parties = false processors = false }\n";
    for kind in [
        "affiliate",
        "third-party",
        "advertiser",
        "acquirer",
        "public",
    ] {
        let text = policy_with(&format!("{both}    recipient {kind} {{ data = [email] }}"));
        assert_eq!(
            contradictions(&text),
            [(kind.to_string(), "false".to_string())],
            "{kind}"
        );
    }
    let text = policy_with(&format!("{both}    recipient processor \"Host\""));
    assert_eq!(
        contradictions(&text),
        [("processor".to_string(), "false".to_string())]
    );
    let (_, _, diagnostics) = compile(&text);
    let error = diagnostics
        .iter()
        .find(|d| d.code == Code::Contradiction)
        .unwrap();
    let related = error.related.first().unwrap();
    let processors = text.find("processors = false").unwrap() + "processors = ".len();
    assert_eq!(
        related.span.start, processors,
        "the related label is on `processors = false`, not `third-parties`"
    );
    let text = policy_with(&format!("{both}    sale {{ sells = true shares = false }}"));
    assert_eq!(
        contradictions(&text),
        [("true".to_string(), "false".to_string())]
    );
}

/// A disclosure the law compels is not a recipient (GDPR Art. 4(9)) nor
/// sharing for Play: `recipient authority` may stand beside the fact, and
/// processors beside `third-parties = false`.
#[test]
fn authorities_and_processors_are_not_third_parties() {
    let text = policy_with(
        "    disclosure { third-parties = false }\n    recipient authority { purposes = [legal-compliance] }\n    recipient processor \"Host\" { purposes = [service-provision] }",
    );
    assert_eq!(contradictions(&text), []);
    valid(&text);
}

/// `disclosure` is lowered like the other single facts: once, its keys
/// checked with "did you mean", at least one said.
#[test]
fn the_fact_is_declared_once_with_known_settings() {
    let (_, _, diagnostics) = compile(&policy_with("    disclosure { third-party = false }"));
    assert!(
        diagnostics.iter().any(|d| d.severity == Severity::Error
            && d.help.as_deref().unwrap_or("").contains("third-parties")),
        "{diagnostics:#?}"
    );
    let (_, _, diagnostics) = compile(&policy_with(
        "    disclosure { third-parties = false }\n    disclosure { processors = false }",
    ));
    assert!(
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("`disclosure`")),
        "{diagnostics:#?}"
    );
    let (_, _, diagnostics) = compile(&policy_with("    disclosure"));
    assert!(
        diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("third-parties")),
        "{diagnostics:#?}"
    );
}

/// The fact is in the JSON model, under the schema's `Disclosure`, and
/// the JSON validates against the published schema.
#[test]
fn the_json_model_and_schema_carry_it() {
    let policy = valid(MINIMAL);
    let json = policyc::export::json::render(&policy).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        value["policy"]["practices"]["disclosure"],
        serde_json::json!({ "third_parties": false, "processors": false }),
        "{json}"
    );
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schema/policy.schema.json")).unwrap();
    assert!(schema["$defs"]["Disclosure"].is_object());
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(validator.is_valid(&value));
}

/// `diff` compares the fact: "no third party receives it" reversed is a
/// material change, and so is the statement withdrawn.
#[test]
fn diff_compares_the_fact() {
    let old = valid(&policy_with("    disclosure { third-parties = false }"));
    let new = valid(&policy_with("    disclosure { third-parties = true }"));
    let changes = policyc::diff::diff(&old, &new);
    let change = changes
        .iter()
        .find(|c| c.path == "disclosure.third-parties")
        .expect("compared");
    assert_eq!(change.change, Action::Changed);
    assert_eq!(change.class, Class::Material);
    let gone = valid(&policy_with(""));
    let changes = policyc::diff::diff(&old, &gone);
    assert!(
        changes
            .iter()
            .any(|c| c.path.starts_with("disclosure") && c.class == Class::Material),
        "{changes:#?}"
    );
}

/// The data table said "None named" for a category no recipient receives
/// even when the policy says no one does; it now says so.
#[test]
fn the_data_table_says_no_one() {
    let cases = [
        (
            "    disclosure { third-parties = false processors = false }",
            "No one",
        ),
        ("    disclosure { third-parties = false }", "No third party"),
        ("", "None named"),
    ];
    for (sharing, said) in cases {
        let out = tempfile::tempdir().unwrap();
        let source = out.path().join("nobody.policy");
        std::fs::write(&source, policy_with(sharing)).unwrap();
        assert_cmd::Command::cargo_bin("policyc")
            .unwrap()
            .args(["build", "--format", "html,md", "--out"])
            .arg(out.path().join("site"))
            .arg(&source)
            .assert()
            .code(0);
        for page in ["nobody/index.html", "nobody/nobody.md"] {
            let text = std::fs::read_to_string(out.path().join("site").join(page)).unwrap();
            assert!(text.contains(said), "{page} for {sharing:?}:\n{text}");
        }
    }
}

/// Play's "shared" box left unticked is read as "not shared": said only
/// when the policy says no third party receives data, else a warning.
#[test]
fn play_not_shared_only_when_declared() {
    let warned = |sharing: &str| {
        let policy = valid(&policy_with(&format!(
            "{sharing}\n    security {{ in-transit = all measures = [encryption-in-transit] }}"
        )));
        policyc::export::play::gaps(&policy)
            .into_iter()
            .any(|d| d.severity == Severity::Warning && d.message.contains("no data is shared"))
    };
    assert!(warned(""), "silence is not 'not shared'");
    assert!(!warned("    disclosure { third-parties = false }"));
    assert!(!warned(
        "    recipient advertiser \"Ads\" { purposes = [third-party-advertising] }"
    ));
}

/// The coverage matrix shows Art. 13(1)(e) met, with the fact quoted as
/// its evidence.
#[test]
fn coverage_quotes_the_fact() {
    let out = tempfile::tempdir().unwrap();
    let minimal = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal.policy");
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
        .arg(&minimal)
        .assert()
        .code(0);
    let json = std::fs::read_to_string(out.path().join("minimal-privacy/coverage.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rule = value["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["rules"].as_array().unwrap())
        .find(|r| r["id"] == "GDPR-13-1-e")
        .unwrap();
    assert_eq!(rule["status"], "met", "{rule}");
    assert!(
        rule["evidence"][0]["quote"]
            .as_str()
            .unwrap()
            .starts_with("disclosure {"),
        "{rule}"
    );
}

/// `third-parties = true` (or `processors = true`) says someone of that
/// kind receives data: a processor alone then no longer stands for the
/// recipients, and the error points at the `disclosure` that says so.
#[test]
fn a_kind_said_to_receive_data_must_be_declared() {
    let processor = "    recipient processor \"Host\" { purposes = [service-provision] }";
    let text = policy_with(&format!(
        "    disclosure {{ third-parties = true processors = true }}\n{processor}"
    ));
    let (_, policy, _) = compile(&text);
    let policy = policy.unwrap();
    for (profile, id) in [("gdpr", "GDPR-13-1-e"), ("ccpa", "CCPA-130-a-5-B-iv")] {
        let status = status(&policy, profile, id);
        assert!(matches!(status, Status::NotMet(_)), "{id}: {status:?}");
    }
    let claimed = text.replace("id = \"nobody\"", "id = \"nobody\"\n  profiles = [gdpr]");
    let (file, _, diagnostics) = compile(&claimed);
    let error = diagnostics
        .iter()
        .find(|d| d.code == Code::NoticeRequirement && d.message.contains("13(1)(e)"))
        .expect("reported");
    assert!(
        file.slice(error.span.unwrap()).starts_with("disclosure"),
        "at the fact: {error:?}"
    );
    let named = text.replace(
        processor,
        &format!("{processor}\n    recipient advertiser \"Ads\" {{ purposes = [third-party-advertising] }}"),
    );
    let policy = valid(&named);
    for (profile, id) in [("gdpr", "GDPR-13-1-e"), ("ccpa", "CCPA-130-a-5-B-iv")] {
        let status = status(&policy, profile, id);
        assert!(matches!(status, Status::Met(_)), "{id}: {status:?}");
    }
    let processors_only = policy_with("    disclosure { third-parties = false processors = true }");
    let policy = valid(&processors_only);
    assert!(matches!(
        status(&policy, "gdpr", "GDPR-13-1-e"),
        Status::NotMet(_)
    ));
    assert!(matches!(
        status(&policy, "ccpa", "CCPA-130-a-5-B-iv"),
        Status::Met(_)
    ));
}

//! The acceptance tests of compliance profiles (issue 9): the example that
//! claims `gdpr` and `ccpa` meets every rule of both; taking out one fact
//! the laws ask for fails it with an error at the claim, citing the
//! article; `check --profile` and `build --profile` audit a policy that
//! claims nothing; every rule `policyc rules` lists is complete and
//! explained.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use assert_cmd::Command;
use policyc::check::rules::{Status, evaluate, explanation, rule_set, rule_sets};
use policyc::diagnostic::{Code, Diagnostic, Severity};
use policyc::source::SourceFile;
use predicates::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

const EXAMPLE: &str = include_str!("../examples/privacy-gdpr-ccpa.policy");
const EXAMPLE_PATH: &str = "examples/privacy-gdpr-ccpa.policy";

fn policyc() -> Command {
    let mut command = Command::cargo_bin("policyc").expect("binary is built");
    command.env("NO_COLOR", "1");
    command
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The file and what compiling it reports.
fn compile(text: &str) -> (SourceFile, Vec<Diagnostic>) {
    let file = SourceFile::new(EXAMPLE_PATH, text);
    let diagnostics = policyc::compile(&file).diagnostics;
    (file, diagnostics)
}

/// `text` without the fact that starts with `head` on a line of its own
/// (`retain`, `right complaint`), every occurrence: from that line to the
/// line of its closing brace.
fn without_facts(text: &str, head: &str) -> String {
    let opens = |line: &str| line.matches('{').count();
    let closes = |line: &str| line.matches('}').count();
    let mut out = String::new();
    let mut depth = 0;
    let mut removed = 0;
    for line in text.lines() {
        let starts = line
            .trim_start()
            .strip_prefix(head)
            .is_some_and(|rest| rest.starts_with([' ', '{']));
        if depth > 0 || starts {
            removed += usize::from(depth == 0);
            depth = depth + opens(line) - closes(line);
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    assert!(removed > 0, "the example has no `{head}` fact");
    out
}

/// The E0312 diagnostics, each checked to be an error located at the
/// `gdpr` claim in the example's header.
fn notice_errors<'a>(file: &SourceFile, diagnostics: &'a [Diagnostic]) -> Vec<&'a Diagnostic> {
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.code == Code::NoticeRequirement)
        .collect();
    for error in &errors {
        assert_eq!(error.severity, Severity::Error, "{error:?}");
        let span = error.span.expect("located");
        assert_eq!(span.file, file.id, "{error:?}");
        assert_eq!(file.slice(span), "gdpr", "at the claim: {error:?}");
        let line = file.line_col(span.start).line;
        let text = file.text.lines().nth(line - 1).unwrap();
        assert!(text.trim_start().starts_with("profiles"), "{text}");
    }
    errors
}

/// The ids a diagnostic's label names: "… requires this (A, B)".
fn rule_ids(diagnostic: &Diagnostic) -> Vec<String> {
    let label = diagnostic.label.as_deref().unwrap_or("");
    let inside = label
        .rsplit_once('(')
        .and_then(|(_, ids)| ids.strip_suffix(')'))
        .unwrap_or("");
    inside.split(", ").map(str::to_string).collect()
}

#[test]
fn the_example_claims_gdpr_and_ccpa_and_has_no_diagnostic() {
    assert!(EXAMPLE.contains("profiles      = [gdpr, ccpa]"));
    let (file, diagnostics) = compile(EXAMPLE);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let policy = policyc::compile(&file)
        .policy
        .expect("the example is valid");
    // Every rule of both laws and of the base kind is met, not applicable
    // or left to a person; none is unmet, warnings included.
    for profile in ["privacy", "gdpr", "ccpa"] {
        for outcome in evaluate(&policy, rule_set(profile).unwrap()) {
            assert!(
                !matches!(outcome.status, Status::NotMet(_)),
                "{} is not met: {:?}",
                outcome.rule.id,
                outcome.status
            );
        }
    }
    // And it meets the conditional rules rather than escaping them: it has
    // a DPO, legitimate interests, consent, transfers and data from others.
    let gdpr = evaluate(&policy, rule_set("gdpr").unwrap());
    for id in [
        "GDPR-13-1-b",
        "GDPR-13-1-d",
        "GDPR-13-1-f-transfer",
        "GDPR-13-1-f-safeguards",
        "GDPR-13-2-c",
        "GDPR-13-2-f",
        "GDPR-14-1-d",
        "GDPR-14-2-f",
    ] {
        let outcome = gdpr.iter().find(|o| o.rule.id == id).unwrap();
        assert!(
            matches!(outcome.status, Status::Met(_)),
            "{id}: {:?}",
            outcome.status
        );
    }
}

#[test]
fn the_binary_checks_the_example_clean_even_denying_warnings() {
    policyc()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--deny-warnings", EXAMPLE_PATH])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").not())
        .stderr(predicate::str::contains("no errors"));
}

#[test]
fn without_its_retention_facts_the_example_fails_gdpr_13_2_a_and_ccpa_100_a_3() {
    // The prose's `${retention.ID}` would name nothing once the facts are
    // gone (E0304); say the periods in words instead.
    let mut text = without_facts(EXAMPLE, "retain");
    for id in ["billing", "support", "logs", "crashes", "analytics"] {
        text = text.replace(&format!("${{retention.{id}}}"), "a set time");
    }
    assert!(!text.contains("retain {") && !text.contains("${retention."));
    let (file, diagnostics) = compile(&text);
    let errors = notice_errors(&file, &diagnostics);
    assert_eq!(diagnostics.len(), errors.len(), "{diagnostics:#?}");
    // Both laws ask for the same fact: one error, citing both articles.
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors[0];
    assert_eq!(rule_ids(error), ["GDPR-13-2-a", "CCPA-100-a-3"]);
    assert!(
        error.message.contains("GDPR Art. 13(2)(a)")
            && error.message.contains("Cal. Civ. Code § 1798.100(a)(3)"),
        "{}",
        error.message
    );
    assert!(error.help.as_deref().unwrap().contains("retain {"));
    assert!(
        error
            .related
            .iter()
            .any(|r| r.message.contains("`ccpa` claimed here") && file.slice(r.span) == "ccpa"),
        "{:?}",
        error.related
    );
}

#[test]
fn without_its_dpos_channels_the_example_fails_gdpr_13_1_b() {
    // The officer stays (the rule applies to a declared DPO) but loses its
    // email and address; the prose that inserted them says it in words.
    let text = EXAMPLE
        .replacen("      email   = \"dpo@tidewell.example\"\n", "", 1)
        .replacen(
            "      address = \"Data Protection Officer, Tidewell Software Limited, Unit 4, Harbour Yard, Grand Canal Quay, Dublin 2, D02 F872, Ireland\"\n",
            "",
            1,
        )
        .replace("${contact.officer.dpo.email}", "our office")
        .replace("${contact.officer.dpo.address}", "our office");
    assert!(text.contains("officer dpo {"), "the officer stays");
    assert!(!text.contains("dpo@tidewell.example"), "its channels go");
    let (file, diagnostics) = compile(&text);
    let errors = notice_errors(&file, &diagnostics);
    assert_eq!(diagnostics.len(), errors.len(), "{diagnostics:#?}");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(rule_ids(errors[0]), ["GDPR-13-1-b"]);
    assert!(
        errors[0]
            .message
            .starts_with("GDPR Art. 13(1)(b); Art. 14(1)(b) is not met"),
        "{}",
        errors[0].message
    );
}

#[test]
fn without_its_complaint_right_the_example_fails_gdpr_13_2_d() {
    let text = without_facts(EXAMPLE, "right complaint");
    assert!(!text.contains("right complaint"));
    let (file, diagnostics) = compile(&text);
    let errors = notice_errors(&file, &diagnostics);
    assert_eq!(diagnostics.len(), errors.len(), "{diagnostics:#?}");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(rule_ids(errors[0]), ["GDPR-13-2-d"]);
    assert!(
        errors[0]
            .message
            .starts_with("GDPR Art. 13(2)(d); Art. 14(2)(e) is not met"),
        "{}",
        errors[0].message
    );
}

#[test]
fn the_binary_reports_a_removed_fact_at_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("privacy-gdpr-ccpa.policy");
    std::fs::write(&copy, without_facts(EXAMPLE, "right complaint")).unwrap();
    let line = EXAMPLE
        .lines()
        .position(|l| l.trim_start().starts_with("profiles"))
        .unwrap()
        + 1;
    policyc()
        .arg("check")
        .arg(&copy)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error[E0312]: GDPR Art. 13(2)(d); Art. 14(2)(e) is not met",
        ))
        .stderr(predicate::str::contains(format!(
            "privacy-gdpr-ccpa.policy:{line}:"
        )))
        .stderr(predicate::str::contains("policyc explain GDPR-13-2-d"));
}

#[test]
fn check_profile_gdpr_on_socnect_exits_1_naming_gdpr_articles() {
    let assert = policyc()
        .args(["check", "--profile", "gdpr"])
        .arg(repo("policies/socnect.policy"))
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for article in [
        "GDPR Art. 13(1)(c)",
        "GDPR Art. 13(2)(a)",
        "GDPR Art. 13(2)(b)",
        "GDPR Art. 13(2)(d)",
    ] {
        assert!(
            stderr.contains(&format!("error[E0312]: {article}")),
            "{article} not named:\n{stderr}"
        );
    }
    assert!(stderr.contains("socnect.policy:"), "{stderr}");
}

#[test]
fn build_profile_gdpr_on_socnect_writes_with_warnings_where_check_fails() {
    let out = tempfile::tempdir().unwrap();
    let assert = policyc()
        .args(["build", "--profile", "gdpr"])
        .arg(repo("policies/socnect.policy"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("warning[E0312]: GDPR Art. 13("), "{stderr}");
    assert!(!stderr.contains("error["), "{stderr}");
    for name in ["index.html", "socnect-privacy.md", "socnect-privacy.json"] {
        assert!(
            out.path().join("socnect-privacy").join(name).is_file(),
            "{name} not written"
        );
    }
    policyc()
        .args(["check", "--profile", "gdpr"])
        .arg(repo("policies/socnect.policy"))
        .assert()
        .code(1);
}

/// A listing has no file to annotate: `rules` refuses the diagnostic
/// formats github and gitlab, naming the formats it has, instead of
/// printing its human list under another name.
#[test]
fn rules_refuse_a_diagnostic_format() {
    for format in ["github", "gitlab"] {
        policyc()
            .args(["rules", "--message-format", format])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(format!(
                "invalid value '{format}'"
            )))
            .stderr(predicate::str::contains("human"))
            .stderr(predicate::str::contains("json"));
    }
}

#[test]
fn every_rule_listed_has_an_id_profile_citation_and_summary() {
    let assert = policyc()
        .args(["rules", "--message-format", "json"])
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let profiles: HashSet<&str> = rule_sets()
        .into_iter()
        .map(|s| s.profile.as_str())
        .collect();
    let mut ids = HashSet::new();
    for line in stdout.lines() {
        let rule: serde_json::Value = serde_json::from_str(line).expect(line);
        for key in ["id", "profile", "citation", "summary"] {
            let value = rule[key].as_str().unwrap_or("");
            assert!(!value.trim().is_empty(), "no {key}: {line}");
        }
        assert!(
            profiles.contains(rule["profile"].as_str().unwrap()),
            "{line}"
        );
        assert!(
            ids.insert(rule["id"].as_str().unwrap().to_string()),
            "twice: {line}"
        );
    }
    let total: usize = rule_sets().into_iter().map(|s| s.rules.len()).sum();
    assert_eq!(ids.len(), total, "every rule is listed once");
    for set in rule_sets() {
        assert!(
            set.rules.iter().all(|r| ids.contains(&r.id)),
            "{}",
            set.profile
        );
    }
}

#[test]
fn every_rule_is_explained() {
    for set in rule_sets() {
        for rule in &set.rules {
            let text = explanation(set, rule);
            let heading = format!("# {}: {}\n", rule.id, rule.citation);
            assert!(text.starts_with(&heading), "{}:\n{text}", rule.id);
            for part in [
                rule.summary.as_str(),
                "## Wrong\n\n```policy\n",
                "## Right\n\n```policy\n",
            ] {
                assert!(text.contains(part), "{}: no {part:?}", rule.id);
            }
        }
    }
}

#[test]
fn policyc_explain_exits_0_for_rules_of_every_profile() {
    // The first and the last rule of every set, and one id written in
    // lower case.
    let mut sample: Vec<(String, String)> = Vec::new();
    for set in rule_sets() {
        for rule in [set.rules.first(), set.rules.last()].into_iter().flatten() {
            sample.push((rule.id.clone(), rule.citation.clone()));
        }
    }
    sample.dedup();
    assert!(sample.len() >= 10, "{sample:?}");
    for (id, citation) in &sample {
        policyc()
            .args(["explain", id])
            .assert()
            .success()
            .stdout(predicate::str::starts_with(format!("# {id}: {citation}")));
    }
    policyc()
        .args(["explain", "gdpr-13-2-d"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "# GDPR-13-2-d: GDPR Art. 13(2)(d)",
        ));
}

// --- Issue 17: each repro is the example with one edit, `gdpr` and `ccpa`
// claimed. Each test failed before its fix (stated in its doc comment).

/// The ids of the rules reported for `text`, and the codes of every
/// diagnostic, compiled on `today` when given.
fn reported(text: &str, today: Option<&str>) -> (Vec<String>, Vec<Code>) {
    let file = SourceFile::new(EXAMPLE_PATH, text);
    let options = policyc::Options {
        today: today.and_then(policyc::model::Date::parse_iso),
        ..policyc::Options::default()
    };
    let diagnostics = policyc::compile_with(&file, &options).diagnostics;
    let rules = diagnostics
        .iter()
        .flat_map(|d| d.rules.iter().map(|r| r.id.clone()))
        .collect();
    (rules, diagnostics.iter().map(|d| d.code).collect())
}

/// `EXAMPLE` with `from` replaced by `to`, which must occur.
fn edited(from: &str, to: &str) -> String {
    assert!(EXAMPLE.contains(from), "the example has no {from:?}");
    EXAMPLE.replacen(from, to, 1)
}

/// Missed: a policy last updated more than 12 months before the build
/// passed § 1798.130(a)(5) (only a date was asked). Failed before: no rule
/// was reported.
#[test]
fn a_policy_updated_over_12_months_ago_fails_ccpa_130_a_5() {
    let stale = edited(
        "effective     = 2026-10-01\n  updated       = 2026-10-01",
        "effective     = 2025-06-01\n  updated       = 2025-06-01",
    );
    let (rules, _) = reported(&stale, Some("2026-12-06"));
    assert!(rules.contains(&"CCPA-130-a-5".to_string()), "{rules:?}");
    let (rules, _) = reported(&stale, Some("2026-05-31"));
    assert!(!rules.contains(&"CCPA-130-a-5".to_string()), "{rules:?}");
}

/// Missed: a `password` collected with a log-in was not sensitive personal
/// information (§ 1798.140(ae)(1)(B)). Failed before: § 1798.100(a)(2) was
/// not applicable.
#[test]
fn a_password_is_sensitive_personal_information() {
    let text = edited(
        "data      = [name, email]\n        from      = person",
        "data      = [name, email, password]\n        from      = person",
    );
    let compiled = policyc::compile(&SourceFile::new(EXAMPLE_PATH, &text));
    let policy = compiled.policy.or(compiled.partial).unwrap();
    let outcome = evaluate(&policy, rule_set("ccpa").unwrap())
        .into_iter()
        .find(|o| o.rule.id == "CCPA-100-a-2")
        .unwrap();
    assert_ne!(outcome.status, Status::NotApplicable);
}

/// Missed: an `advertiser` recipient for `targeted-advertising` passed
/// while `sale { shares = false }` said the opposite. Failed before: no
/// diagnostic.
#[test]
fn an_advertiser_for_targeted_advertising_contradicts_shares_false() {
    let text = edited(
        "    sale {\n",
        "    recipient advertiser \"AdCo\" {\n      data     = [device-id]\n      purposes = [targeted-advertising]\n    }\n    sale {\n",
    );
    let (_, codes) = reported(&text, None);
    assert!(codes.contains(&Code::Contradiction), "{codes:?}");
}

/// Missed: a business that shares and does not honour opt-out preference
/// signals passed (11 CCR § 7025(b)). Failed before: the rule did not exist.
#[test]
fn sharing_without_honouring_gpc_fails_7025_b() {
    let text = edited("gpc          = honoured", "gpc          = not-honoured")
        .replacen("shares                     = false", "shares = true", 1)
        .replacen(
            "    sale {\n",
            "    recipient advertiser \"AdCo\" {\n      data     = [device-id]\n      purposes = [targeted-advertising]\n    }\n    sale {\n",
            1,
        );
    let (rules, _) = reported(&text, None);
    assert!(rules.contains(&"CCPA-REG-7025-b".to_string()), "{rules:?}");
    let honoured = text.replacen("gpc          = not-honoured", "gpc          = honoured", 1);
    let (rules, _) = reported(&honoured, None);
    assert!(!rules.contains(&"CCPA-REG-7025-b".to_string()), "{rules:?}");
}

/// Missed: "two or more methods, including a toll-free number" was met by
/// any single channel. Failed before: `rights-have-channels` held.
#[test]
fn one_request_method_fails_the_two_methods_rule() {
    let text = edited(
        "right rectification { via = [url, email, phone] }",
        "right rectification { via = email }",
    );
    let (rules, _) = reported(&text, None);
    assert!(
        rules.contains(&"CCPA-130-a-5-A-methods".to_string()),
        "{rules:?}"
    );
    let no_phone = edited(
        "right rectification { via = [url, email, phone] }",
        "right rectification { via = [url, email] }",
    );
    let (rules, _) = reported(&no_phone, None);
    assert!(
        rules.contains(&"CCPA-130-a-5-A-methods".to_string()),
        "{rules:?}"
    );
}

/// Missed: any `children` fact met § 7011(e)(1)(G), even for a business
/// that sells and admits children under 16. Failed before: the rule held.
#[test]
fn a_seller_admitting_under_16s_does_not_meet_7011_e_1_g() {
    let text = edited("minimum-age      = 16", "minimum-age      = 13")
        .replacen("sells                      = false", "sells = true", 1)
        .replacen(
            "    recipient acquirer {",
            "    recipient third-party \"Data Broker Inc\" {\n      purposes = [other \"resale\"]\n      sale     = true\n    }\n    recipient acquirer {",
            1,
        );
    let (rules, _) = reported(&text, None);
    assert!(
        rules.contains(&"CCPA-REG-7011-e-1-G".to_string()),
        "{rules:?}"
    );
    let adults = text.replacen("minimum-age      = 13", "minimum-age      = 18", 1);
    let (rules, _) = reported(&adults, None);
    assert!(
        !rules.contains(&"CCPA-REG-7011-e-1-G".to_string()),
        "{rules:?}"
    );
}

/// False error: GDPR Art. 13(2)(e) fired on data obtained from a third
/// party (Art. 14 has no counterpart). Failed before: GDPR-13-2-e reported.
#[test]
fn art_13_2_e_ignores_data_from_third_parties() {
    let text = edited(
        "from      = [third-party \"Google\", third-party \"Microsoft\"]\n        purposes  = [authentication, account-management]\n        basis     = contract\n        required  = false\n",
        "from      = [third-party \"Google\", third-party \"Microsoft\"]\n        purposes  = [authentication, account-management]\n        basis     = contract\n",
    );
    let (rules, _) = reported(&text, None);
    assert!(!rules.iter().any(|r| r.contains("13-2-e")), "{rules:?}");
}

/// False error: Art. 14(2)(f) fired on a direct `collect` lacking `from`
/// when the third-party sources were named elsewhere. Failed before:
/// GDPR-14-2-f reported.
#[test]
fn art_14_2_f_ignores_direct_collections() {
    let text = edited(
        "data      = [calendar, user-content, files-docs]\n        from      = person\n",
        "data      = [calendar, user-content, files-docs]\n",
    );
    let (rules, _) = reported(&text, None);
    assert!(!rules.iter().any(|r| r.contains("14-2-f")), "{rules:?}");
}

/// False error: a basis-only `collect` failed Art. 13(1)(c) although the
/// purposes of its data are stated in the same policy. Failed before:
/// GDPR-13-1-c-purpose reported.
#[test]
fn a_basis_only_collect_of_purposed_data_meets_art_13_1_c() {
    let text = edited(
        "        purposes  = [legal-compliance]\n        basis     = legal-obligation\n",
        "        basis     = legal-obligation\n",
    );
    let (rules, _) = reported(&text, None);
    assert!(!rules.iter().any(|r| r.contains("13-1-c")), "{rules:?}");
}

/// False error: Art. 13(2)(f) warned every policy that makes no automated
/// decisions, with no way to say so. `automated-decision-making { used =
/// false }` meets it; without the fact it is an error citing Art. 13(2)(f)
/// and 14(2)(g) together. Failed before: the fact did not parse.
#[test]
fn automated_decision_making_used_false_meets_art_13_2_f() {
    let (rules, codes) = reported(EXAMPLE, None);
    assert!(rules.is_empty() && codes.is_empty(), "{rules:?} {codes:?}");
    let without = edited("    automated-decision-making { used = false }\n", "");
    let file = SourceFile::new(EXAMPLE_PATH, &without);
    let diagnostics = policyc::compile(&file).diagnostics;
    let error = diagnostics
        .iter()
        .find(|d| d.rules.iter().any(|r| r.id == "GDPR-13-2-f"))
        .expect("GDPR-13-2-f reported");
    assert_eq!(error.severity, Severity::Error);
    assert!(
        error.message.contains("Art. 13(2)(f); Art. 14(2)(g)"),
        "{}",
        error.message
    );
    let used = edited(
        "automated-decision-making { used = false }",
        "automated-decision-making { used = true }",
    );
    let (rules, _) = reported(&used, None);
    assert!(rules.contains(&"GDPR-13-2-f".to_string()), "{rules:?}");
}

/// False error: `right limit-sensitive` was demanded even where it cannot
/// apply, so `--deny-warnings` could never pass for a policy collecting
/// sensitive personal information used only for § 7027(m) purposes.
/// Failed before: CCPA-121-a and its kin warned.
#[test]
fn sensitive_data_used_only_for_permitted_purposes_needs_no_right_to_limit() {
    let sensitive = edited(
        "data      = [calendar, user-content, files-docs]",
        "data      = [calendar, user-content, files-docs, health]",
    );
    let (rules, _) = reported(&sensitive, None);
    assert!(!rules.iter().any(|r| r == "CCPA-121-a"), "{rules:?}");
    let beyond = sensitive.replacen(
        "sensitive-beyond-permitted = false",
        "sensitive-beyond-permitted = true",
        1,
    );
    let (rules, _) = reported(&beyond, None);
    assert!(rules.iter().any(|r| r == "CCPA-121-a"), "{rules:?}");
}

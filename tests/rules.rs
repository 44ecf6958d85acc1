//! Compliance rules are data (`rules/*.yaml`): every file parses, every rule
//! has an id, a citation, a summary and help, names only predicates the
//! compiler knows, and has a wrong and a right example that compile as
//! `policyc explain` shows them — the wrong one reported under the rule's
//! id, the right one not.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::check::rules::{Predicate, Status, evaluate, rule_examples, rule_files, rule_sets};
use policyc::diagnostic::Code;
use policyc::source::SourceFile;
use std::collections::HashSet;

#[test]
fn every_rule_file_parses_and_every_rule_is_complete() {
    assert_eq!(
        rule_sets().len(),
        rule_files().len(),
        "a rule file does not parse"
    );
    for (name, text) in rule_files() {
        if let Err(e) = serde_yaml::from_str::<policyc::check::rules::RuleSet>(text) {
            panic!("{name}: {e}");
        }
    }
    let mut ids = HashSet::new();
    for set in rule_sets() {
        assert!(
            !set.title.is_empty() && !set.source.is_empty(),
            "{}",
            set.profile
        );
        for rule in &set.rules {
            assert!(ids.insert(rule.id.to_lowercase()), "{} twice", rule.id);
            assert!(!rule.citation.is_empty(), "{} has no citation", rule.id);
            assert!(!rule.summary.is_empty(), "{} has no summary", rule.id);
            assert!(!rule.help.is_empty(), "{} has no help", rule.id);
            assert!(!rule.requires.is_empty(), "{} requires nothing", rule.id);
        }
    }
}

#[test]
fn every_profile_has_its_rule_set() {
    use policyc::keyword::Keyword;
    for (word, _) in policyc::model::Profile::ALL {
        assert!(
            rule_sets().into_iter().any(|s| s.profile == *word),
            "no rules/{word}.yaml"
        );
    }
}

#[test]
fn every_predicate_a_rule_names_exists() {
    for set in rule_sets() {
        for rule in &set.rules {
            let names = std::iter::once(&rule.applies).chain(&rule.requires);
            for name in names.flat_map(|n| n.split('|')) {
                assert!(
                    Predicate::parse(name.trim()).is_some(),
                    "{}: unknown predicate `{name}`",
                    rule.id
                );
            }
        }
    }
}

/// Whether compiling `text` reports the rule `id` (labels end with the ids
/// of the rules a diagnostic stands for: `(GDPR-13-2-a, CCPA-100-a-3)`).
fn reports(text: &str, id: &str) -> bool {
    let compiled = policyc::compile(&SourceFile::new("example.policy", text));
    compiled.diagnostics.iter().any(|d| {
        let ids = d
            .label
            .as_deref()
            .and_then(|l| l.rsplit_once('('))
            .map(|(_, ids)| ids.trim_end_matches(')'));
        d.code == Code::NoticeRequirement && ids.is_some_and(|ids| ids.split(", ").any(|i| i == id))
    })
}

#[test]
fn every_rule_has_a_wrong_and_a_right_example_that_compile() {
    let mut failures = Vec::new();
    for set in rule_sets() {
        for rule in &set.rules {
            let (wrong, right) = rule_examples(set, rule);
            let checked_by_hand = rule.requires.iter().any(|r| r == "not-checkable");
            // A rule no fact can meet is listed for review, never reported.
            if checked_by_hand {
                assert!(!reports(&wrong, &rule.id), "{} is reported", rule.id);
                continue;
            }
            // What the language enforces cannot be missing where it applies.
            let enforced = rule.requires.iter().all(|r| {
                r.split('|')
                    .any(|one| Predicate::parse(one.trim()).is_some_and(Predicate::enforced))
            });
            if !enforced && !reports(&wrong, &rule.id) {
                failures.push(format!(
                    "{}: the wrong example is not reported\n{wrong}",
                    rule.id
                ));
            }
            if reports(&right, &rule.id) {
                failures.push(format!(
                    "{}: the right example is reported\n{right}",
                    rule.id
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_rule_that_does_not_apply_is_not_applicable() {
    let text = "policy privacy \"P\" {\n  id = \"p\"\n  org { name = \"A\" }\n  contact { email = \"a@example.com\" }\n  collect { data = [email] purposes = [service-provision] basis = contract }\n}\n";
    let compiled = policyc::compile(&SourceFile::new("p.policy", text));
    let policy = compiled.policy.or(compiled.partial).unwrap();
    let gdpr = rule_sets()
        .into_iter()
        .find(|s| s.profile == "gdpr")
        .unwrap();
    let outcomes = evaluate(&policy, gdpr);
    let transfer = outcomes
        .iter()
        .find(|o| o.rule.id == "GDPR-13-1-f-transfer")
        .unwrap();
    assert_eq!(transfer.status, Status::NotApplicable);
    let controller = outcomes
        .iter()
        .find(|o| o.rule.id == "GDPR-13-1-a")
        .unwrap();
    assert!(matches!(controller.status, Status::Met(_)));
}

#[test]
fn docs_rules_md_is_generated_from_the_rule_files() {
    let on_disk = include_str!("../docs/rules.md");
    assert!(
        on_disk == policyc::check::rules::rules_markdown(),
        "docs/rules.md is stale: run `cargo run -- rules --doc > docs/rules.md`"
    );
}

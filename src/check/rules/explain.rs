//! `policyc explain RULE-ID`: a rule's citation, summary and help, with a
//! wrong and a right example made from its predicates' snippets — a small
//! valid base policy, the snippets that make the rule apply, and (right
//! only) those that meet it. The tests compile both for every rule.

use super::{Predicate, Rule, RuleSet, Strength};
use std::fmt::Write as _;

/// The base policy's snippets, by slot: a controller, a contact point and
/// one collection, so that only what the rule is about is missing.
const BASE: [(&str, &str); 3] = [
    ("org", "org { name = \"Example Ltd\" }"),
    ("contact", "contact { email = \"privacy@example.com\" }"),
    (
        "collect",
        "collect {\n  data     = [email]\n  purposes = [service-provision]\n  basis    = contract\n}",
    ),
];

/// A snippet and the slot it fills.
type Snippet = (Option<&'static str>, String);

fn snippet(name: &str) -> Option<Snippet> {
    // Of alternatives (`fact|section-kind:…`), the first, the fact, is shown.
    let first = name.split('|').next().unwrap_or(name).trim();
    let predicate = Predicate::parse(first)?;
    Some((predicate.slot(), predicate.example()))
}

/// The wrong and the right example of a rule, as whole `.policy` files.
pub fn rule_examples(set: &RuleSet, rule: &Rule) -> (String, String) {
    let condition: Vec<Snippet> = snippet(&rule.applies).into_iter().collect();
    let required: Vec<Snippet> = rule.requires.iter().filter_map(|n| snippet(n)).collect();
    let required_slots: Vec<&str> = required.iter().filter_map(|(slot, _)| *slot).collect();
    // Wrong: the base without what the requirements fill, and the condition.
    let mut wrong: Vec<Snippet> = BASE
        .iter()
        .filter(|(slot, _)| !required_slots.contains(slot))
        .map(|(slot, text)| (Some(*slot), (*text).to_string()))
        .collect();
    merge(&mut wrong, &condition);
    let broken: Vec<Snippet> = rule
        .requires
        .iter()
        .filter_map(|n| Predicate::parse(n.split('|').next().unwrap_or(n).trim())?.broken())
        .collect();
    merge(&mut wrong, &broken);
    // Right: the base, the condition, then the requirements over both.
    let mut right: Vec<Snippet> = BASE
        .iter()
        .map(|(slot, text)| (Some(*slot), (*text).to_string()))
        .collect();
    merge(&mut right, &condition);
    merge(&mut right, &required);
    (policy(set, &wrong), policy(set, &right))
}

/// Adds `snippets` to `into`: one in a slot already filled replaces it
/// (the longer of two requirements for one slot wins, as it says more).
fn merge(into: &mut Vec<Snippet>, snippets: &[Snippet]) {
    for (slot, text) in snippets {
        if text.is_empty() || into.iter().any(|(_, t)| t == text) {
            continue;
        }
        match slot.and_then(|s| into.iter().position(|(other, _)| *other == Some(s))) {
            Some(i) => {
                if let Some(entry) = into.get_mut(i) {
                    entry.1 = text.clone();
                }
            }
            None => into.push((*slot, text.clone())),
        }
    }
}

fn policy(set: &RuleSet, snippets: &[Snippet]) -> String {
    let mut out = String::from("policy privacy \"Privacy Policy\" {\n  id = \"example\"\n");
    if set.profile != "privacy" {
        let _ = writeln!(out, "  profiles = [{}]", set.profile);
    }
    for (_, text) in snippets {
        for line in text.lines() {
            let _ = writeln!(out, "  {line}");
        }
    }
    out.push_str("}\n");
    out
}

/// The explanation of a rule, as Markdown.
pub fn explanation(set: &RuleSet, rule: &Rule) -> String {
    let (wrong, right) = rule_examples(set, rule);
    let mut out = format!("# {}: {}\n\n{}\n\n", rule.id, rule.citation, rule.summary);
    let _ = writeln!(out, "Profile: `{}` ({}).", set.profile, set.title);
    if rule.applies != "always" {
        let _ = writeln!(out, "Applies when: `{}`.", rule.applies);
    }
    let _ = writeln!(
        out,
        "Met by: {}.",
        rule.requires
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if rule.severity == Strength::Warning {
        out.push_str("\nReported as a warning, never failing a build: either the law's text could not be verified, or the model cannot tell for certain when it applies or what meets it (see below).\n");
    }
    let _ = write!(
        out,
        "\n## Wrong\n\n```policy\n{wrong}```\n\n## Right\n\n```policy\n{right}```\n\n## What to do\n\n{}.\n",
        crate::keyword::capitalise_first(rule.help.trim_end_matches('.'))
    );
    if let Some(gap) = &rule.model_gap {
        let _ = write!(out, "\n## What the model cannot check\n\n{gap}\n");
    }
    if let Some(verified) = &rule.verified {
        let _ = write!(out, "\n## Source\n\n{verified}\n");
    }
    out
}

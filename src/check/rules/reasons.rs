//! Why a rule does not apply, in words: for each predicate a rule may name
//! as its trigger (`applies:`), the sentence that is true of a policy when
//! the predicate does not hold ("no data is obtained from third parties").
//! The coverage matrix shows it beside every "not applicable" row, so an
//! auditor reads the reason instead of a predicate name. One table, data
//! beside the predicate names; a test keeps every trigger of every rule set
//! in it.

/// A trigger's name (`collects-from-third-parties`, or `right:` and
/// `has-officer:` with any argument) and what holds when it does not.
/// `{}` stands for the argument, said in words.
const WHEN_FALSE: &[(&str, &str)] = &[
    ("always", "the requirement always applies"),
    ("collects-data", "the policy declares no data collected"),
    (
        "collects-from-third-parties",
        "no data is obtained from third parties or public sources: every `collect` is from the person",
    ),
    ("relies-on-consent", "no processing relies on consent"),
    (
        "relies-on-legitimate-interests",
        "no processing relies on legitimate interests",
    ),
    ("relies-on-contract", "no processing relies on a contract"),
    ("has-recipients", "no recipient is declared"),
    (
        "uses-sensitive-beyond-permitted",
        "no sensitive personal information is collected, or it is used only for the purposes of 11 CCR § 7027(m)",
    ),
    ("transfers-abroad", "no data is transferred abroad"),
    (
        "sells-or-shares",
        "the policy neither sells nor shares personal information",
    ),
    (
        "collects-sensitive",
        "no special-category (sensitive) data is collected",
    ),
    (
        "collects-sensitive-pi",
        "no sensitive personal information (Cal. Civ. Code § 1798.140(ae)) is collected",
    ),
    (
        "directed-at-children",
        "the service is not directed at children under 13 and collects no data from them",
    ),
    (
        "tracks-across-sites",
        "no data is used to track people across other companies' apps and sites",
    ),
    ("right", "the policy declares no `right {}`"),
    ("has-officer", "no {} is declared"),
];

/// What an officer role is called in a sentence.
const ROLES: &[(&str, &str)] = &[
    ("dpo", "data protection officer"),
    ("representative", "representative"),
    ("grievance", "grievance officer"),
    ("privacy", "privacy officer"),
];

/// The sentence saying why a rule whose trigger is `applies` does not
/// apply, or `None` for a trigger the table lacks (a test keeps every
/// trigger of the embedded rule sets in it). An alternative (`a|b`) is
/// said as both failing.
pub fn not_applicable_because(applies: &str) -> Option<String> {
    let parts: Option<Vec<String>> = applies.split('|').map(|p| one(p.trim())).collect();
    let parts = parts?;
    Some(parts.join(", and "))
}

fn one(name: &str) -> Option<String> {
    let (word, argument) = name.split_once(':').unwrap_or((name, ""));
    let sentence = WHEN_FALSE
        .iter()
        .find(|(trigger, _)| *trigger == word)
        .map(|(_, sentence)| *sentence)?;
    if argument.is_empty() {
        return (!sentence.contains("{}")).then(|| sentence.to_string());
    }
    let words = ROLES
        .iter()
        .find(|(role, _)| *role == argument)
        .map_or(argument, |(_, said)| *said);
    sentence
        .contains("{}")
        .then(|| sentence.replace("{}", words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_of_every_rule_set_has_a_reason() {
        for set in super::super::rule_sets() {
            for rule in &set.rules {
                assert!(
                    not_applicable_because(&rule.applies).is_some(),
                    "{}: no reason for `{}` in reasons.rs",
                    rule.id,
                    rule.applies
                );
            }
        }
    }

    #[test]
    fn arguments_are_said_in_words() {
        assert_eq!(
            not_applicable_because("has-officer:dpo").as_deref(),
            Some("no data protection officer is declared")
        );
        assert_eq!(
            not_applicable_because("right:withdraw-consent").as_deref(),
            Some("the policy declares no `right withdraw-consent`")
        );
        assert_eq!(not_applicable_because("no-such-trigger"), None);
        assert_eq!(not_applicable_because("right"), None);
    }
}

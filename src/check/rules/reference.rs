//! docs/rules.md: every rule of every profile, generated from the rule
//! files (`policyc rules --doc > docs/rules.md`; a test keeps it current).

use super::{Strength, rule_sets};
use std::fmt::Write as _;

/// The rule reference, as Markdown.
pub fn rules_markdown() -> String {
    let mut out = String::from(
        "# Compliance rules\n\n\
         Every notice requirement policyc checks, by profile, generated from `rules/*.yaml` by\n\
         `policyc rules --doc` (a test keeps this page current). `policyc explain RULE-ID` shows\n\
         a rule with a wrong and a right example; `docs/compliance.md` says how rules are met,\n\
         claimed and audited, and how to add one; `docs/rules-sources.md` where each law's text\n\
         was read. A rule marked *warning* is reported but never fails a build.\n",
    );
    for set in rule_sets() {
        let _ = write!(
            out,
            "\n## `{}`: {}\n\n{} rules. Source: {}\n\n| id | citation | requirement | applies | met by |\n| --- | --- | --- | --- | --- |\n",
            set.profile,
            set.title,
            set.rules.len(),
            set.source
        );
        for rule in &set.rules {
            let warning = if rule.severity == Strength::Warning {
                " *(warning)*"
            } else {
                ""
            };
            let requires: Vec<String> = rule
                .requires
                .iter()
                .map(|r| format!("`{}`", r.replace('|', "\\|")))
                .collect();
            let _ = writeln!(
                out,
                "| `{}` | {} | {}{warning} | `{}` | {} |",
                rule.id,
                rule.citation,
                rule.summary.replace('|', "\\|"),
                rule.applies,
                requires.join(", ")
            );
        }
    }
    out
}

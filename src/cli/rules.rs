//! `policyc rules [PROFILE]`: the compliance rules, each with its id,
//! citation and summary — a list for people, or one JSON object per line.

use super::output::usage_error;
use super::{ListFormat, RulesArgs};
use policyc::check::rules::{RuleSet, Strength, rule_sets};
use std::process::ExitCode;

pub(super) fn run(args: &RulesArgs) -> ExitCode {
    if args.doc {
        print!("{}", policyc::check::rules::rules_markdown());
        return ExitCode::SUCCESS;
    }
    let sets: Vec<&RuleSet> = match &args.profile {
        None => rule_sets(),
        Some(name) => match rule_sets().into_iter().find(|s| s.profile == name.trim()) {
            Some(set) => vec![set],
            None => {
                let names = rule_sets().into_iter().map(|s| s.profile.as_str());
                let hint = match policyc::diagnostic::did_you_mean(name, names) {
                    Some(s) => format!(" (did you mean `{s}`?)"),
                    None => String::new(),
                };
                return usage_error(&format!(
                    "no profile is called `{name}`{hint}; `policyc rules` lists every profile's rules"
                ));
            }
        },
    };
    let mut out = String::new();
    for set in sets {
        if args.message_format == ListFormat::Json {
            for rule in &set.rules {
                let line = serde_json::json!({
                    "id": rule.id,
                    "profile": set.profile,
                    "citation": rule.citation,
                    "summary": rule.summary,
                    "severity": rule.severity,
                });
                out.push_str(&line.to_string());
                out.push('\n');
            }
            continue;
        }
        out.push_str(&format!(
            "{} — {} ({} rules)\n",
            set.profile,
            set.title,
            set.rules.len()
        ));
        // Two lines a rule, id and citation then the summary indented,
        // so nothing needs aligning: ids, citations and summaries of any
        // length read the same (as `cargo tree` and ruff's lists do).
        for rule in &set.rules {
            let mark = if rule.severity == Strength::Warning {
                " (warning)"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {}  {}\n      {}{mark}\n",
                rule.id, rule.citation, rule.summary
            ));
        }
        out.push('\n');
    }
    print!("{out}");
    ExitCode::SUCCESS
}

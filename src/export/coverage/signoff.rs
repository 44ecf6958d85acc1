//! The sign-off file, `coverage-signoff.yaml` beside `policyc.yaml`: the
//! record, under version control, of the rules no fact can show met and a
//! reviewer checked by hand — who, when, with what outcome, and the digest
//! of the rule's words they checked against. The coverage matrix shows each
//! sign-off on its row and flags one whose rule has changed since (stale).
//!
//! Reading is pure: the driver reads the file through the World and hands
//! its text here. Every problem is a located diagnostic: YAML syntax, keys
//! and values through [`crate::yaml`] (E0101, E0203, E0205), the entries'
//! meaning here (E0320, E0204).

use super::provenance::rule_sha256;
use crate::check::rules::{Rule, rule_sets};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::Date;
use crate::source::{SafeSlice, SourceFile, Span};
use serde::{Deserialize, Serialize};

/// The sign-off file's name, in the project's folder.
pub const SIGNOFF_FILE: &str = "coverage-signoff.yaml";

/// The file: a list of sign-offs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignOffFile {
    /// Every sign-off, one entry per rule and policy.
    #[serde(default)]
    signoffs: Vec<SignOff>,
}

/// One rule checked by hand for one policy.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// The rule's id, e.g. `DPDP-5-3`.
    pub rule: String,
    /// The policy's id.
    pub policy: String,
    /// Who checked it.
    pub reviewer: String,
    /// When.
    pub date: Date,
    /// What they found.
    pub outcome: Outcome,
    /// The rule's digest when they checked it (`rule_sha256` in
    /// `coverage.json`): a rule whose words changed since is stale.
    pub rule_sha256: String,
    /// What they looked at, or why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A reviewer's finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The notice meets the requirement.
    Met,
    /// It does not.
    NotMet,
    /// The requirement does not apply to this controller.
    NotApplicable,
}

/// The sign-offs of `file`, checked: every rule id names a rule checked by
/// hand, every digest is SHA-256 hex, no date lies after `today`, no rule
/// is signed off twice for one policy. Every problem, located.
pub fn read_signoffs(
    file: &SourceFile,
    today: Option<Date>,
) -> Result<Vec<SignOff>, Vec<Diagnostic>> {
    let parsed: SignOffFile = crate::yaml::from_yaml(file).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut from = 0;
    for (i, entry) in parsed.signoffs.iter().enumerate() {
        let at = locate(file, from, &entry.rule);
        from = at.map_or(from, |s| s.end);
        problems.extend(check_entry(file, entry, at, from, today));
        let earlier = parsed.signoffs.iter().take(i);
        if earlier
            .into_iter()
            .any(|e| e.rule == entry.rule && e.policy == entry.policy)
        {
            problems.push(place(
                Diagnostic::error(
                    Code::Duplicate,
                    format!(
                        "rule `{}` is signed off twice for policy `{}`",
                        entry.rule, entry.policy
                    ),
                )
                .help("keep the latest sign-off and delete the other (version control keeps the history)"),
                at,
            ));
        }
    }
    if problems.is_empty() {
        Ok(parsed.signoffs)
    } else {
        Err(problems)
    }
}

fn check_entry(
    file: &SourceFile,
    entry: &SignOff,
    at: Option<Span>,
    from: usize,
    today: Option<Date>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    match find_rule(&entry.rule) {
        None => {
            let ids: Vec<&str> = rule_sets()
                .into_iter()
                .flat_map(|s| s.rules.iter().map(|r| r.id.as_str()))
                .collect();
            let hint = did_you_mean(&entry.rule, ids)
                .map_or_else(|| "see `policyc rules` for the ids".to_string(), |id| format!("did you mean `{id}`?"));
            problems.push(place(
                Diagnostic::error(Code::SignOffInvalid, format!("no rule has the id `{}`", entry.rule))
                    .label("unknown rule")
                    .help(hint),
                at,
            ));
        }
        Some(rule) if !by_hand(rule) => problems.push(place(
            Diagnostic::error(
                Code::SignOffInvalid,
                format!("rule `{}` is checked by policyc from the facts, not by hand", entry.rule),
            )
            .label("checked from the facts")
            .help("remove this entry: only rules the matrix lists as \"check by hand\" are signed off"),
            at,
        )),
        Some(_) => {}
    }
    let hex = entry.rule_sha256.len() == 64
        && entry
            .rule_sha256
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c));
    if !hex {
        problems.push(place(
            Diagnostic::error(
                Code::SignOffInvalid,
                format!("`rule_sha256` of `{}` is not a SHA-256 digest in lower-case hex", entry.rule),
            )
            .label("64 hex digits expected")
            .help("copy the rule's `rule_sha256` from `coverage.json` as it was when you checked the rule"),
            locate(file, from, &entry.rule_sha256).or(at),
        ));
    }
    if today.is_some_and(|today| entry.date > today) {
        problems.push(place(
            Diagnostic::error(
                Code::SignOffInvalid,
                format!(
                    "the sign-off of `{}` is dated {}, after the date of the check",
                    entry.rule, entry.date
                ),
            )
            .label("a date in the future")
            .help("write the day the rule was checked (YYYY-MM-DD)"),
            locate(file, from, &entry.date.to_string()).or(at),
        ));
    }
    problems
}

/// Whether no fact can meet the rule: only such rules are signed off.
pub fn by_hand(rule: &Rule) -> bool {
    rule.requires.iter().any(|r| r == "not-checkable")
}

fn find_rule(id: &str) -> Option<&'static Rule> {
    rule_sets()
        .into_iter()
        .flat_map(|s| s.rules.iter())
        .find(|r| r.id == id)
}

/// The first place of `needle` in the file at or after byte `from`.
fn locate(file: &SourceFile, from: usize, needle: &str) -> Option<Span> {
    if needle.is_empty() {
        return None;
    }
    let start = from + file.text.slice_from(from).find(needle)?;
    Some(file.span(start, start + needle.len()))
}

fn place(diagnostic: Diagnostic, at: Option<Span>) -> Diagnostic {
    match at {
        Some(span) => diagnostic.at(span),
        None => diagnostic,
    }
}

/// The sign-off of `rule` for `policy`, and whether it is stale.
pub fn signoff_for<'a>(
    signoffs: &'a [SignOff],
    policy: &str,
    rule: &Rule,
) -> Option<(&'a SignOff, bool)> {
    signoffs
        .iter()
        .find(|s| s.policy == policy && s.rule == rule.id)
        .map(|s| (s, s.rule_sha256 != rule_sha256(rule)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(Code, String, usize)> {
        let file = SourceFile::new("coverage-signoff.yaml", text);
        match read_signoffs(&file, Date::parse_iso("2026-12-01")) {
            Ok(_) => Vec::new(),
            Err(found) => found
                .into_iter()
                .map(|d| {
                    let line = file.line_col(d.span.map_or(0, |s| s.start)).line;
                    (d.code, d.message, line)
                })
                .collect(),
        }
    }

    fn entry(rule: &str, date: &str, digest: &str) -> String {
        format!(
            "  - rule: {rule}\n    policy: p\n    reviewer: R\n    date: {date}\n    outcome: met\n    rule_sha256: \"{digest}\"\n"
        )
    }

    #[test]
    fn a_bad_digest_a_future_date_and_a_repeat_are_located() {
        let good = "a".repeat(64);
        let text = format!(
            "signoffs:\n{}{}{}",
            entry("DPDP-5-3", "2026-12-02", &good),
            entry("DPDP-5-2", "2026-11-01", "ABC"),
            entry("DPDP-5-3", "2026-11-01", &good)
        );
        let found = problems(&text);
        let codes: Vec<(Code, usize)> = found.iter().map(|(c, _, l)| (*c, *l)).collect();
        assert_eq!(
            codes,
            [
                (Code::SignOffInvalid, 5),
                (Code::SignOffInvalid, 13),
                (Code::Duplicate, 14)
            ],
            "{found:?}"
        );
    }

    #[test]
    fn an_empty_file_has_no_signoffs() {
        assert!(problems("").is_empty());
        assert!(problems("signoffs: []\n").is_empty());
    }
}

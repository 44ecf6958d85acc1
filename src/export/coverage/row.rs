//! One rule's row of the matrix: its status for the policy on the date of
//! the check, and what an auditor needs beside it — the evidence (path,
//! line and the quoted declaration), what was not checked, what is missing
//! and how to fix it, why it does not apply, from when it applies, and the
//! reviewer's sign-off.

use super::provenance::rule_sha256;
use super::signoff::{SignOff, by_hand, signoff_for};
use super::{Evidence, RuleCoverage, RuleStatus, SignOffView};
use crate::check::rules::{Outcome, Predicate, Status, not_applicable_because};
use crate::model::{Date, Policy};
use crate::source::{SafeSlice, Sources, Span};

/// The longest quote of a declaration, in characters.
pub const QUOTE_CHARS: usize = 120;

/// What a row is built from besides the rule's outcome.
pub struct RowContext<'a> {
    /// The policy checked.
    pub policy: &'a Policy,
    /// Its sources, for the evidence.
    pub sources: &'a dyn Sources,
    /// A source file's name as the project sees it.
    pub path: &'a dyn Fn(&str) -> String,
    /// The date of the check.
    pub today: Option<Date>,
    /// The project's sign-offs.
    pub signoffs: &'a [SignOff],
}

/// The row of one evaluated rule.
pub fn row(cx: &RowContext<'_>, outcome: Outcome) -> RuleCoverage {
    let rule = outcome.rule;
    let mut row = RuleCoverage {
        id: rule.id.clone(),
        citation: rule.citation.clone(),
        summary: rule.summary.clone(),
        status: RuleStatus::Met,
        severity: rule.severity,
        rule_sha256: rule_sha256(rule),
        evidence: Vec::new(),
        not_checked: None,
        missing: None,
        missing_facts: Vec::new(),
        how_to_fix: None,
        not_applicable_because: None,
        in_force: rule.in_force,
        until: rule.until,
        signoff: None,
    };
    let lapsed = matches!((rule.until, cx.today), (Some(until), Some(today)) if today > until);
    let pending = matches!((rule.in_force, cx.today), (Some(from), Some(today)) if today < from);
    match outcome.status {
        _ if lapsed => {
            row.status = RuleStatus::NotApplicable;
            row.not_applicable_because = rule
                .until
                .map(|d| format!("the provision ceased to apply after {d}"));
        }
        Status::NotApplicable => {
            row.status = RuleStatus::NotApplicable;
            row.not_applicable_because = not_applicable_because(&rule.applies);
        }
        Status::Met(places) => {
            row.evidence = evidence(cx, &places);
            row.status = match &rule.model_gap {
                Some(gap) => {
                    row.not_checked = Some(gap.clone());
                    RuleStatus::MetInPart
                }
                None => RuleStatus::Met,
            };
        }
        Status::NotMet(missing) => {
            row.status = RuleStatus::NotMet;
            row.missing = Some(rule.summary.clone());
            row.missing_facts = missing
                .iter()
                .filter_map(|m| Predicate::parse(m.split('|').next().unwrap_or(m).trim()))
                .map(|p| p.missing_words())
                .collect();
            row.how_to_fix = Some(rule.help.clone());
        }
        Status::CheckByHand => {
            row.status = RuleStatus::CheckByHand;
            row.how_to_fix = Some(rule.help.clone());
            row.not_checked = rule.model_gap.clone();
        }
    }
    if pending && row.status != RuleStatus::NotApplicable {
        row.status = RuleStatus::NotYetInForce;
    }
    if by_hand(rule) {
        row.signoff =
            signoff_for(cx.signoffs, cx.policy.id(), rule).map(|(s, stale)| SignOffView {
                reviewer: s.reviewer.clone(),
                date: s.date,
                outcome: s.outcome,
                stale,
                note: s.note.clone(),
            });
    }
    row
}

/// The places that meet a rule as evidence, each once, in order.
fn evidence(cx: &RowContext<'_>, places: &[Span]) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    for span in places {
        let Some(file) = cx.sources.file(span.file) else {
            continue;
        };
        let at = file.line_col(span.start);
        let item = Evidence {
            file: (cx.path)(&file.name),
            line: at.line,
            column: at.column,
            quote: quote(file.text.slice_between(span.start, span.end)),
        };
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The first line of a declaration's source text, trimmed, at most
/// [`QUOTE_CHARS`] characters (an ellipsis where it was cut).
pub fn quote(text: &str) -> String {
    let first = text.lines().next().unwrap_or("").trim();
    let mut chars = first.chars();
    let kept: String = chars.by_ref().take(QUOTE_CHARS).collect();
    if chars.next().is_some() {
        format!("{}…", kept.trim_end())
    } else {
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_is_the_first_line_trimmed_and_bounded() {
        assert_eq!(quote("  collect {\n  data = [email]\n}"), "collect {");
        let long = "é".repeat(QUOTE_CHARS + 5);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS + 1);
        assert!(quoted.ends_with('…'));
        assert_eq!(quote(""), "");
    }
}

//! One rule's row of the matrix: its status for the policy on the date of
//! the check, and what an auditor needs beside it — the evidence (path,
//! line and the quoted declaration), what was not checked, what is missing
//! and how to fix it, why it does not apply, from when it applies, and the
//! reviewer's sign-off.

use super::provenance::rule_sha256;
use super::signoff::{SignOff, by_hand, signoff_for};
use super::{Evidence, RuleCoverage, RuleStatus, SignOffView};
use crate::check::rules::{InForce, Outcome, Predicate, Status, not_applicable_because};
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
    let in_force = rule.in_force_on(cx.today);
    let pending = matches!(in_force, InForce::From(_));
    match outcome.status {
        _ if matches!(in_force, InForce::Lapsed(_)) => {
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
            quote: quote(declaration(&file.text, *span)),
        };
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The source text of a declaration, from the start of its first line (so
/// a value is quoted with its key: `name = "Acme Ltd"`) to its end.
fn declaration(text: &str, span: Span) -> &str {
    let line_start = text
        .slice_to(span.start)
        .rfind('\n')
        .map_or(0, |newline| newline + 1);
    text.slice_between(line_start, span.end)
}

/// A declaration as quoted evidence: on one line, runs of white space
/// made one space, trimmed, at most [`QUOTE_CHARS`] characters (an
/// ellipsis where it was cut). A `collect { … }` quoted by its first line
/// alone would say only `collect {`.
pub fn quote(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut chars = one_line.chars();
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
    use crate::check::rules::Rule;
    use crate::source::SourceFile;

    /// A rule read as the rule files are, with these extra lines.
    fn rule(extra: &str) -> &'static Rule {
        let yaml = format!(
            "id: TEST-1\ncitation: \"Test Act s. 1\"\nsummary: \"Say how long data is kept.\"\n\
             requires: [retention-stated]\nhelp: \"add `retain`\"\nseverity: error\n{extra}"
        );
        Box::leak(Box::new(serde_yaml::from_str(&yaml).unwrap()))
    }

    fn status_of(rule: &'static Rule, status: Status, today: &str) -> RuleCoverage {
        let file = SourceFile::new("p.policy", "policy privacy \"P\" { id = \"p\" }");
        let compiled = crate::compile(&file);
        let policy = compiled.policy.or(compiled.partial).unwrap();
        let cx = RowContext {
            policy: &policy,
            sources: &file,
            path: &|name: &str| name.to_string(),
            today: Date::parse_iso(today),
            signoffs: &[],
        };
        let outcome = Outcome {
            profile: "test",
            rule,
            status,
        };
        row(&cx, outcome)
    }

    /// Defect: a provision not yet in force was reported "not met" (an
    /// error under a claimed profile) before the day it applies.
    #[test]
    fn a_gap_before_the_rule_is_in_force_is_not_yet_in_force_with_the_date() {
        let pending = rule("in_force: \"2027-05-13\"\n");
        let gap = Status::NotMet(vec!["retention-stated"]);
        let before = status_of(pending, gap.clone(), "2027-05-12");
        assert_eq!(before.status, RuleStatus::NotYetInForce);
        assert_eq!(before.in_force, Date::parse_iso("2027-05-13"));
        assert_eq!(before.how_to_fix.as_deref(), Some("add `retain`"));
        let on = status_of(pending, gap, "2027-05-13");
        assert_eq!(on.status, RuleStatus::NotMet);
        assert_eq!(on.missing.as_deref(), Some("Say how long data is kept."));
    }

    #[test]
    fn a_lapsed_provision_does_not_apply_and_says_since_when() {
        let lapsed = rule("until: \"2026-01-31\"\n");
        let row = status_of(
            lapsed,
            Status::NotMet(vec!["retention-stated"]),
            "2026-02-01",
        );
        assert_eq!(row.status, RuleStatus::NotApplicable);
        assert_eq!(
            row.not_applicable_because.as_deref(),
            Some("the provision ceased to apply after 2026-01-31")
        );
    }

    /// Defect: a rule met only in the part the model can express showed
    /// "Met" although the model gap left part of it unchecked.
    #[test]
    fn met_with_a_model_gap_is_met_in_part_naming_what_was_not_checked() {
        let partial = rule("model_gap: \"The form of the notice is not checked.\"\n");
        let row = status_of(partial, Status::Met(Vec::new()), "2026-12-01");
        assert_eq!(row.status, RuleStatus::MetInPart);
        assert_eq!(
            row.not_checked.as_deref(),
            Some("The form of the notice is not checked.")
        );
    }

    #[test]
    fn a_quote_is_the_declaration_on_one_line_bounded() {
        assert_eq!(
            quote("  collect {\n    data = [email]\n  }"),
            "collect { data = [email] }"
        );
        let text = "org {\n  name = \"Acme\"\n}";
        let start = text.find('"').unwrap();
        let span = Span {
            file: crate::source::FileId(0),
            start,
            end: start + 6,
        };
        assert_eq!(quote(declaration(text, span)), "name = \"Acme\"");
        let long = "é".repeat(QUOTE_CHARS + 5);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS + 1);
        assert!(quoted.ends_with('…'));
        assert_eq!(quote(""), "");
    }
}

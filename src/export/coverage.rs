//! The coverage matrix: for each profile a policy claims or is audited
//! against, each rule met (by which fact or section, with file:line), not
//! met (and what is missing), not applicable, or to be checked by hand. The
//! cross-walk compliance leads build by hand in spreadsheets, as JSON
//! (`coverage.json`) and, through the HTML renderer, a page to forward.

use crate::check::rules::{RuleSet, Status, Strength, evaluate, rule_set};
use crate::keyword::Keyword;
use crate::model::{Policy, PolicyKind, Profile};
use crate::source::{Sources, Span};
use serde::Serialize;

/// The version of the coverage document's shape.
pub const COVERAGE_VERSION: u32 = 1;

/// A policy's coverage of its profiles.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[schemars(title = "policyc coverage matrix")]
pub struct Coverage {
    /// The version of this document's shape.
    pub schema_version: u32,
    /// The policy's id.
    pub policy: String,
    /// The policy's title.
    pub title: String,
    /// The file the policy was read from.
    pub file: String,
    /// One entry per rule set: the base kind's, claimed, then audited.
    pub profiles: Vec<ProfileCoverage>,
}

/// One rule set's coverage.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ProfileCoverage {
    /// The profile's keyword, or `privacy` for the base kind.
    pub profile: String,
    /// The law's name.
    pub title: String,
    /// Where the law's text was read.
    pub source: String,
    /// `claimed` (unmet rules are errors), `audited` or `base`.
    pub standing: &'static str,
    /// How many rules are met.
    pub met: usize,
    /// How many apply and are not met.
    pub not_met: usize,
    /// How many do not apply.
    pub not_applicable: usize,
    /// How many no fact can show met.
    pub check_by_hand: usize,
    /// Every rule, in the order of the law.
    pub rules: Vec<RuleCoverage>,
}

/// One rule's standing.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RuleCoverage {
    /// The rule's id.
    pub id: String,
    /// Its citation.
    pub citation: String,
    /// What the notice must say.
    pub summary: String,
    /// `met`, `not-met`, `not-applicable` or `check-by-hand`.
    pub status: &'static str,
    /// `error` or `warning`.
    pub severity: Strength,
    /// Where the facts or sections that meet it are.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub met_by: Vec<Place>,
    /// The predicates that do not hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// What to add.
    pub help: String,
}

/// A place in a source file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Place {
    /// The file's name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// The coverage of `policy` (read from `sources`) for its base kind, the
/// profiles it claims, and `audited`.
pub fn coverage(policy: &Policy, sources: &dyn Sources, audited: &[Profile]) -> Coverage {
    let mut sets: Vec<(&'static RuleSet, &'static str)> = Vec::new();
    if policy.kind.node == PolicyKind::Privacy {
        sets.extend(rule_set("privacy").map(|s| (s, "base")));
    }
    for claim in &policy.meta.profiles {
        sets.extend(rule_set(claim.node.keyword()).map(|s| (s, "claimed")));
    }
    for profile in audited {
        let set = rule_set(profile.keyword());
        if let Some(set) = set.filter(|s| !sets.iter().any(|(other, _)| other.profile == s.profile))
        {
            sets.push((set, "audited"));
        }
    }
    let file = sources
        .file(policy.title.span.file)
        .map_or_else(String::new, |f| f.name.clone());
    Coverage {
        schema_version: COVERAGE_VERSION,
        policy: policy.id().to_string(),
        title: policy.title.node.clone(),
        file,
        profiles: sets
            .into_iter()
            .map(|(set, standing)| profile_coverage(policy, sources, set, standing))
            .collect(),
    }
}

fn profile_coverage(
    policy: &Policy,
    sources: &dyn Sources,
    set: &'static RuleSet,
    standing: &'static str,
) -> ProfileCoverage {
    let rules: Vec<RuleCoverage> = evaluate(policy, set)
        .into_iter()
        .map(|outcome| {
            let rule = outcome.rule;
            let (status, met_by, missing) = match outcome.status {
                Status::Met(places) => (
                    "met",
                    places.iter().filter_map(|s| place(sources, *s)).collect(),
                    Vec::new(),
                ),
                Status::NotMet(missing) => (
                    "not-met",
                    Vec::new(),
                    missing.iter().map(|m| m.to_string()).collect(),
                ),
                Status::NotApplicable => ("not-applicable", Vec::new(), Vec::new()),
                Status::CheckByHand => ("check-by-hand", Vec::new(), Vec::new()),
            };
            RuleCoverage {
                id: rule.id.clone(),
                citation: rule.citation.clone(),
                summary: rule.summary.clone(),
                status,
                severity: rule.severity,
                met_by: dedup(met_by),
                missing,
                help: rule.help.clone(),
            }
        })
        .collect();
    let count = |status: &str| rules.iter().filter(|r| r.status == status).count();
    ProfileCoverage {
        profile: set.profile.clone(),
        title: set.title.clone(),
        source: set.source.clone(),
        standing,
        met: count("met"),
        not_met: count("not-met"),
        not_applicable: count("not-applicable"),
        check_by_hand: count("check-by-hand"),
        rules,
    }
}

fn place(sources: &dyn Sources, span: Span) -> Option<Place> {
    let file = sources.file(span.file)?;
    let at = file.line_col(span.start);
    Some(Place {
        file: file.name.clone(),
        line: at.line,
        column: at.column,
    })
}

fn dedup(mut places: Vec<Place>) -> Vec<Place> {
    let mut seen = Vec::new();
    places.retain(|p| {
        let new = !seen.contains(p);
        if new {
            seen.push(p.clone());
        }
        new
    });
    places
}

/// The JSON Schema of `coverage.json`, pretty-printed
/// (`schema/coverage.schema.json`).
pub fn schema() -> String {
    let schema = schemars::schema_for!(Coverage);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The coverage as pretty-printed JSON with a trailing newline.
pub fn render(coverage: &Coverage) -> Result<String, String> {
    let mut text = serde_json::to_string_pretty(coverage).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

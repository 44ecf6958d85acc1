//! The coverage matrix, for an auditor: for each law a policy claims or is
//! audited against (and the base kind's minimum), every requirement —
//! those policyc checks and those it cannot — with its status on the date
//! of the check: met (with the evidence: path, line and the declaration
//! quoted), met in part (and what was not checked), not met (what is
//! missing, and apart, how to fix it), not applicable (and why), not yet in
//! force (and from when), check by hand (and the reviewer's sign-off).
//! With it, the provenance: which policyc, which rule sets (digests), which
//! policy text (digests), which day. As JSON (`coverage.json`, its schema
//! published) and, through the HTML renderer, a page to forward.

mod provenance;
mod row;
mod signoff;

pub use provenance::{
    FileDigest, PolicySource, Provenance, RuleSetSource, policy_source, rule_set_source,
    rule_sha256, sha256,
};
pub use row::{QUOTE_CHARS, quote};
pub use signoff::{Outcome, SIGNOFF_FILE, SignOff, read_signoffs};

use crate::check::rules::{RuleSet, Strength, evaluate_on, rule_set};
use crate::keyword::Keyword;
use crate::model::{Date, Policy, PolicyKind, Profile};
use crate::source::Sources;
use row::{RowContext, row};
use serde::Serialize;

/// The version of the coverage document's shape: 2 added the provenance,
/// the statuses met in part, not yet in force and sign-offs, evidence with
/// quotes, and the reasons beside each status.
pub const COVERAGE_VERSION: u32 = 2;

/// A policy's coverage of its profiles.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[schemars(title = "policyc coverage matrix")]
pub struct Coverage {
    /// The version of this document's shape: a reader checks it before
    /// anything else (the schema admits this version only).
    #[schemars(extend("const" = COVERAGE_VERSION))]
    pub schema_version: u32,
    /// The policy's id.
    pub policy: String,
    /// The policy's title.
    pub title: String,
    /// The policy's file, relative to the project's folder.
    pub file: String,
    /// What the matrix was built from, and when.
    pub provenance: Provenance,
    /// One entry per rule set: the base kind's, claimed, then audited.
    pub profiles: Vec<ProfileCoverage>,
}

/// Why a rule set is in the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// The base kind's minimum, for every privacy policy.
    Base,
    /// The policy claims the law (`profiles = [...]`): an unmet rule is an error.
    Claimed,
    /// Audited with `--profile` (or the project's `profiles`): the policy
    /// does not claim the law.
    Audited,
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
    /// Claimed, audited without a claim, or the base kind.
    pub standing: Standing,
    /// How many rules have each status, in the order of [`RuleStatus`].
    pub counts: Counts,
    /// Every rule, in the order of the law.
    pub rules: Vec<RuleCoverage>,
}

/// How many rules of a set have each status.
#[derive(Debug, Default, Serialize, schemars::JsonSchema)]
pub struct Counts {
    /// Met.
    pub met: usize,
    /// Met in part.
    pub met_in_part: usize,
    /// Not met.
    pub not_met: usize,
    /// Not applicable.
    pub not_applicable: usize,
    /// Not yet in force.
    pub not_yet_in_force: usize,
    /// To check by hand.
    pub check_by_hand: usize,
}

/// A rule's status for the policy on the date of the check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleStatus {
    /// The facts meet every part policyc can check, and nothing is left.
    Met,
    /// The facts meet what policyc checks; `not_checked` says what it cannot.
    MetInPart,
    /// The rule applies and is not met: `missing`, `how_to_fix`.
    NotMet,
    /// The rule's trigger does not hold: `not_applicable_because`.
    NotApplicable,
    /// The provision applies from `in_force`, after the date of the check.
    NotYetInForce,
    /// No fact can show it: a reviewer checks it (`signoff`).
    CheckByHand,
}

/// One rule's standing.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct RuleCoverage {
    /// The rule's id.
    pub id: String,
    /// Its citation, as a lawyer writes it.
    pub citation: String,
    /// What the notice must say.
    pub summary: String,
    /// Its status.
    pub status: RuleStatus,
    /// `error` or `warning`: how a gap is reported by `check`.
    pub severity: Strength,
    /// The digest of the rule's words (citation and summary) that a
    /// sign-off records.
    pub rule_sha256: String,
    /// The declarations that meet it (met, met in part, or met before it is
    /// in force).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// What policyc did not check of it (the model's gap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_checked: Option<String>,
    /// What is missing, in the law's terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
    /// The facts that do not hold, in words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing_facts: Vec<String>,
    /// What to add, in policyc's syntax.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub how_to_fix: Option<String>,
    /// Why it does not apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_applicable_because: Option<String>,
    /// The day the provision starts to apply, where it is not yet in force
    /// or was not always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<Date>,
    /// The last day it applies, where it lapses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
    /// The reviewer's sign-off of a rule checked by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signoff: Option<SignOffView>,
}

/// A declaration that meets a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Evidence {
    /// The file, relative to the project's folder.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The declaration from the start of its line, on one line, at most
    /// 120 characters.
    pub quote: String,
}

/// A sign-off as the matrix shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SignOffView {
    /// Who checked the rule.
    pub reviewer: String,
    /// When.
    pub date: Date,
    /// What they found.
    pub outcome: Outcome,
    /// Whether the rule's words changed since: the sign-off must be redone.
    pub stale: bool,
    /// What they noted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a matrix is built with besides the policy and its sources.
pub struct Context<'a> {
    /// The profiles audited (`--profile`), claimed or not.
    pub audited: &'a [Profile],
    /// The date of the check.
    pub today: Option<Date>,
    /// The project's sign-offs.
    pub signoffs: &'a [SignOff],
    /// The sign-off file's digest, when one was read.
    pub signoff_file: Option<FileDigest>,
    /// A source file's name relative to the project's folder.
    pub path: &'a dyn Fn(&str) -> String,
    /// The clause files the policy included, for the digest of its sources.
    pub clause_files: &'a [crate::source::SourceFile],
}

/// The coverage of `policy` (read from `sources`) for its base kind, the
/// profiles it claims, and those audited.
pub fn coverage(policy: &Policy, sources: &dyn Sources, cx: &Context<'_>) -> Coverage {
    let sets = rule_sets_of(policy, cx.audited);
    let file = sources
        .file(policy.title.span.file)
        .map_or_else(String::new, |f| (cx.path)(&f.name));
    let mut files: Vec<(String, &str)> = Vec::new();
    if let Some(f) = sources.file(policy.title.span.file) {
        files.push(((cx.path)(&f.name), f.text.as_str()));
    }
    let mut clauses: Vec<(String, &str)> = cx
        .clause_files
        .iter()
        .map(|f| ((cx.path)(&f.name), f.text.as_str()))
        .collect();
    clauses.sort();
    files.extend(clauses);
    let rows = RowContext {
        policy,
        sources,
        path: cx.path,
        today: cx.today,
        signoffs: cx.signoffs,
    };
    Coverage {
        schema_version: COVERAGE_VERSION,
        policy: policy.id().to_string(),
        title: policy.title.node.clone(),
        file,
        provenance: Provenance {
            policyc_version: env!("CARGO_PKG_VERSION").to_string(),
            checked_on: cx.today,
            policy: policy_source(policy, &files),
            rule_sets: sets.iter().map(|(set, _)| rule_set_source(set)).collect(),
            signoff: cx.signoff_file.clone(),
        },
        profiles: sets
            .into_iter()
            .map(|(set, standing)| profile_coverage(&rows, set, standing))
            .collect(),
    }
}

/// The rule sets of the matrix: the base kind's, the claimed, the audited.
fn rule_sets_of(policy: &Policy, audited: &[Profile]) -> Vec<(&'static RuleSet, Standing)> {
    let mut sets: Vec<(&'static RuleSet, Standing)> = Vec::new();
    if policy.kind.node == PolicyKind::Privacy {
        sets.extend(rule_set("privacy").map(|s| (s, Standing::Base)));
    }
    for claim in &policy.meta.profiles {
        sets.extend(rule_set(claim.node.keyword()).map(|s| (s, Standing::Claimed)));
    }
    for profile in audited {
        let set = rule_set(profile.keyword());
        if let Some(set) = set.filter(|s| !sets.iter().any(|(other, _)| other.profile == s.profile))
        {
            sets.push((set, Standing::Audited));
        }
    }
    sets
}

fn profile_coverage(
    rows: &RowContext<'_>,
    set: &'static RuleSet,
    standing: Standing,
) -> ProfileCoverage {
    let rules: Vec<RuleCoverage> = evaluate_on(rows.policy, set, rows.today)
        .into_iter()
        .map(|outcome| row(rows, outcome))
        .collect();
    let count = |status: RuleStatus| rules.iter().filter(|r| r.status == status).count();
    ProfileCoverage {
        profile: set.profile.clone(),
        title: set.title.clone(),
        source: set.source.clone(),
        standing,
        counts: Counts {
            met: count(RuleStatus::Met),
            met_in_part: count(RuleStatus::MetInPart),
            not_met: count(RuleStatus::NotMet),
            not_applicable: count(RuleStatus::NotApplicable),
            not_yet_in_force: count(RuleStatus::NotYetInForce),
            check_by_hand: count(RuleStatus::CheckByHand),
        },
        rules,
    }
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

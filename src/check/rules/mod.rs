//! Compliance rule sets: each law's notice requirements as data
//! (`rules/*.yaml`, read at compile time by `build.rs`), checked against
//! the typed facts. A rule has a stable id, a citation, a summary, when it
//! applies and what meets it, both as predicate names ([`predicate`]). A
//! policy's claimed profiles (`profiles = [...]`) make unmet rules errors;
//! audited profiles (`check --profile`) report them the same way, and the
//! coverage matrix shows every rule met, not met or not applicable.

mod explain;
mod predicate;
mod reasons;
mod reference;
mod scan;
mod set;
mod snippet;

pub use explain::{explanation, rule_examples};
pub use predicate::Predicate;
pub use reasons::not_applicable_because;
pub use reference::rules_markdown;
pub use scan::shares;
pub use set::{Rule, RuleSet, Strength};

use crate::diagnostic::{Code, Diagnostic};
use crate::keyword::Keyword;
use crate::model::{Date, Policy, PolicyKind, Profile};
use crate::source::Span;
use std::sync::OnceLock;

// `RULE_FILES`, each rule file's name and text, and `RULE_SETS_BUILT`, a
// function per set that builds it as the build script read it into
// `set::RuleSet` (see `build.rs`).
include!(concat!(env!("OUT_DIR"), "/rules.rs"));

/// Each rule set, built on first use and once from the literals the build
/// script wrote of it (the YAML is read at compile time, where a malformed
/// file fails the build): a policy that claims no profile pays for the
/// small base set only.
static RULE_SETS: [OnceLock<Option<RuleSet>>; RULE_FILES.len()] =
    [const { OnceLock::new() }; RULE_FILES.len()];

/// The rule set of the `i`th file, read the first time it is asked for.
fn read(i: usize) -> Option<&'static RuleSet> {
    RULE_SETS.get(i)?.get_or_init(|| parse(i)).as_ref()
}

fn parse(i: usize) -> Option<RuleSet> {
    RULE_SETS_BUILT.get(i).map(|build| build())
}

/// Every rule set, the base `privacy` kind first.
pub fn rule_sets() -> Vec<&'static RuleSet> {
    (0..RULE_FILES.len()).filter_map(read).collect()
}

/// The embedded rule files as written, for the test that they parse.
pub fn rule_files() -> &'static [(&'static str, &'static str)] {
    RULE_FILES
}

/// The rule set of a profile keyword (or `privacy`), reading only its file.
pub fn rule_set(profile: &str) -> Option<&'static RuleSet> {
    let file = format!("rules/{profile}.yaml");
    let i = RULE_FILES.iter().position(|(name, _)| *name == file)?;
    read(i)
}

/// The section kinds a rule set accepts in place of a fact (`fact|section-kind:use`).
pub fn section_fallbacks(profile: &str) -> Vec<crate::model::SectionKind> {
    let Some(set) = rule_set(profile) else {
        return Vec::new();
    };
    set.rules
        .iter()
        .flat_map(|r| &r.requires)
        .flat_map(|r| r.split('|'))
        .filter_map(|name| match Predicate::parse(name.trim()) {
            Some(Predicate::SectionKind(kind)) => Some(kind),
            _ => None,
        })
        .collect()
}

/// The rule with this id (any case), with its set.
pub fn rule(id: &str) -> Option<(&'static RuleSet, &'static Rule)> {
    rule_sets().into_iter().find_map(|set| {
        set.rules
            .iter()
            .find(|r| r.id.eq_ignore_ascii_case(id.trim()))
            .map(|r| (set, r))
    })
}

/// A `.policy` snippet that would meet a predicate a policy falls short
/// of, and the slot it fills (`org`, `contact`; `None` for a new item).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The entity block it replaces or completes, if any.
    pub slot: Option<&'static str>,
    /// The text, as `policyc explain RULE-ID` shows it.
    pub text: String,
}

/// What would meet rule `id` where `policy` falls short: a snippet for
/// each predicate that does not hold (the first of alternatives), for an
/// editor's "add the missing fact"; empty when the rule is met or unknown.
pub fn missing_snippets(policy: &Policy, id: &str) -> Vec<Snippet> {
    let Some((_, rule)) = rule(id) else {
        return Vec::new();
    };
    rule.requires
        .iter()
        .filter_map(|written| Predicate::parse(written.split('|').next().unwrap_or("").trim()))
        .filter(|predicate| predicate.place(policy).is_none())
        .map(|predicate| Snippet {
            slot: predicate.slot(),
            text: predicate.example(),
        })
        .collect()
}

/// Where a rule stands for one policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Met, by the facts or sections at these places.
    Met(Vec<Span>),
    /// Applies, and these predicates do not hold.
    NotMet(Vec<&'static str>),
    /// Applies, and no fact can show it met: to be checked by hand.
    CheckByHand,
    /// Does not apply to this policy.
    NotApplicable,
}

/// One rule, evaluated.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The rule set's profile keyword.
    pub profile: &'static str,
    /// The rule.
    pub rule: &'static Rule,
    /// Where it stands.
    pub status: Status,
}

/// Every rule of a rule set, evaluated against a policy, with no day: a
/// rule about time counts a date as given as met.
pub fn evaluate(policy: &Policy, set: &'static RuleSet) -> Vec<Outcome> {
    evaluate_on(policy, set, None)
}

/// Every rule of a rule set, evaluated against a policy on `today` (the
/// policy updated within 12 months of it).
pub fn evaluate_on(policy: &Policy, set: &'static RuleSet, today: Option<Date>) -> Vec<Outcome> {
    set.rules
        .iter()
        .map(|rule| Outcome {
            profile: &set.profile,
            rule,
            status: status(policy, rule, today),
        })
        .collect()
}

fn status(policy: &Policy, rule: &'static Rule, today: Option<Date>) -> Status {
    // `a|b`: either predicate meets it (a fact, or the section fallback).
    let holds = |name: &str| {
        name.split('|')
            .find_map(|one| Predicate::parse(one.trim()).and_then(|p| p.place_on(policy, today)))
    };
    if holds(&rule.applies).is_none() {
        return Status::NotApplicable;
    }
    if rule.requires.iter().any(|r| r == "not-checkable") {
        return Status::CheckByHand;
    }
    let mut places = Vec::new();
    let mut missing = Vec::new();
    for name in &rule.requires {
        match holds(name) {
            Some(place) => places.push(place),
            None => missing.push(name.as_str()),
        }
    }
    if missing.is_empty() {
        Status::Met(places)
    } else {
        Status::NotMet(missing)
    }
}

/// How the findings of an audited profile are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audit {
    /// As errors, like a claimed profile (`check --profile`).
    #[default]
    Strict,
    /// As warnings, so a build still writes (`build --profile`).
    Report,
}

/// When a rule stands on a given day: a law not yet in force is reported
/// as "applies from", never as an error; one that lapsed is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InForce {
    /// In force today (or today is unknown and the law has not lapsed).
    Yes,
    /// Starts to apply on this day, after today.
    From(Date),
    /// Lapsed after this day, before today.
    Lapsed(Date),
}

impl Rule {
    /// Whether the rule is in force on `today`. An unknown today (a
    /// library caller that gave none) counts as in force: the date of a
    /// build always comes from the World (`SOURCE_DATE_EPOCH` when set).
    pub fn in_force_on(&self, today: Option<Date>) -> InForce {
        let Some(today) = today else {
            return InForce::Yes;
        };
        match (self.in_force, self.until) {
            (Some(from), _) if today < from => InForce::From(from),
            (_, Some(until)) if today > until => InForce::Lapsed(until),
            _ => InForce::Yes,
        }
    }
}

/// What the rules are checked against beyond the policy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// Profiles audited as if claimed (`--profile`).
    pub audited: &'a [Profile],
    /// How the audited profiles' findings are reported.
    pub audit: Audit,
    /// The day of the check: rules not yet in force only warn.
    pub today: Option<Date>,
}

/// The diagnostics of the base kind's rules, the claimed profiles' rules
/// and the audited profiles' rules.
pub fn check(policy: &Policy, context: Context, out: &mut Vec<Diagnostic>) {
    let Context {
        audited,
        audit,
        today,
    } = context;
    let mut findings: Vec<Finding> = Vec::new();
    if policy.kind.node == PolicyKind::Privacy {
        if let Some(set) = rule_set("privacy") {
            findings.extend(unmet(policy, set, None, Audit::Strict, today));
        }
    }
    for claim in &policy.meta.profiles {
        if let Some(set) = rule_set(claim.node.keyword()) {
            findings.extend(unmet(policy, set, Some(claim.span), Audit::Strict, today));
        }
    }
    for profile in audited {
        if policy.meta.profiles.iter().any(|p| p.node == *profile) {
            continue;
        }
        if let Some(set) = rule_set(profile.keyword()) {
            findings.extend(unmet(policy, set, None, audit, today));
        }
    }
    // One diagnostic for one missing fact, however many laws ask for it:
    // removing the retention fact of a policy that claims GDPR and the
    // CCPA is one error citing both articles.
    let mut groups: Vec<Vec<Finding>> = Vec::new();
    for finding in findings {
        match groups
            .iter_mut()
            .find(|g| g.first().is_some_and(|f| f.same_gap(&finding)))
        {
            Some(group) => group.push(finding),
            None => groups.push(vec![finding]),
        }
    }
    out.extend(groups.iter().map(|group| diagnostic(policy, group)));
}

/// An unmet rule, with where it was claimed and whether it breaks the build.
struct Finding {
    set: &'static RuleSet,
    rule: &'static Rule,
    missing: Vec<&'static str>,
    claim: Option<Span>,
    error: bool,
    /// The day the rule starts to apply, when that is after today.
    from: Option<Date>,
}

impl Finding {
    /// Whether two findings are the same missing facts, reported alike.
    fn same_gap(&self, other: &Finding) -> bool {
        self.missing == other.missing
            && self.error == other.error
            && self.from == other.from
            && self.claim.is_some() == other.claim.is_some()
            && (self.set.profile == "privacy") == (other.set.profile == "privacy")
    }
}

fn unmet(
    policy: &Policy,
    set: &'static RuleSet,
    claim: Option<Span>,
    audit: Audit,
    today: Option<Date>,
) -> Vec<Finding> {
    evaluate_on(policy, set, today)
        .into_iter()
        .filter_map(|outcome| {
            let from = match outcome.rule.in_force_on(today) {
                InForce::Yes => None,
                InForce::From(day) => Some(day),
                InForce::Lapsed(_) => return None,
            };
            match outcome.status {
                Status::NotMet(missing) => Some(Finding {
                    set,
                    rule: outcome.rule,
                    missing,
                    claim,
                    error: outcome.rule.severity == Strength::Error
                        && audit == Audit::Strict
                        && from.is_none(),
                    from,
                }),
                _ => None,
            }
        })
        .collect()
}

/// The diagnostic of findings of one gap: the rule's summary when it
/// stands for one rule that lacks everything it asks, else what is missing;
/// every rule's citation and id; at the fact that falls short, or else at
/// the claim.
fn diagnostic(policy: &Policy, group: &[Finding]) -> Diagnostic {
    let Some(first) = group.first() else {
        return Diagnostic::error(Code::NoticeRequirement, "a notice requirement is not met");
    };
    let predicates: Vec<Predicate> = first
        .missing
        .iter()
        .filter_map(|m| Predicate::parse(m.split('|').next().unwrap_or(m).trim()))
        .collect();
    let whole_rule = group.len() == 1 && first.missing.len() == first.rule.requires.len();
    let summary = if whole_rule {
        crate::keyword::lowercase_first(first.rule.summary.trim_end_matches('.'))
    } else {
        crate::keyword::list(predicates.iter().map(|p| p.missing_words()))
    };
    let ids: Vec<&str> = group.iter().map(|f| f.rule.id.as_str()).collect();
    let (message, whose) = if first.set.profile == "privacy" {
        (
            format!("a privacy policy must {summary}"),
            "a privacy policy requires".to_string(),
        )
    } else {
        let mut citations: Vec<&str> = group.iter().map(|f| f.rule.citation.as_str()).collect();
        citations.dedup();
        let mut profiles: Vec<String> = group
            .iter()
            .map(|f| format!("`{}`", f.set.profile))
            .collect();
        profiles.dedup();
        let verb = if citations.len() == 1 { "is" } else { "are" };
        let whose = if profiles.len() == 1 {
            format!("the {} profile requires", crate::keyword::list(profiles))
        } else {
            format!("the {} profiles require", crate::keyword::list(profiles))
        };
        (
            format!(
                "{} {verb} not met: {summary}",
                crate::keyword::list(citations.iter().map(|c| c.to_string()))
            ),
            whose,
        )
    };
    let message = match first.from {
        Some(day) => format!("{message} (applies from {day}, not yet in force)"),
        None => message,
    };
    let diagnostic = if first.error {
        Diagnostic::error(Code::NoticeRequirement, message)
    } else {
        Diagnostic::warning(Code::NoticeRequirement, message)
    };
    let culprit = predicates.iter().find_map(|p| p.culprit(policy));
    let at = culprit.or(first.claim).unwrap_or(policy.title.span);
    let mut diagnostic = diagnostic
        .at(at)
        .label(format!("{whose} this ({})", ids.join(", ")))
        .help(format!(
            "{} (see `policyc explain {}`)",
            first.rule.help, first.rule.id
        ));
    let mut claims: Vec<(Span, &str)> = group
        .iter()
        .filter_map(|f| f.claim.map(|c| (c, f.set.profile.as_str())))
        .filter(|(c, _)| *c != at)
        .collect();
    claims.dedup();
    for finding in group {
        diagnostic = diagnostic.rule(&finding.rule.id, &finding.rule.citation);
    }
    for (claim, profile) in claims {
        diagnostic = diagnostic.related(claim, format!("`{profile}` claimed here"));
    }
    if at != policy.title.span {
        diagnostic = diagnostic.related(policy.title.span, "in this policy");
    }
    diagnostic
}

//! Stage 3, resolved model → problems. Checks that need the whole policy,
//! one file per concern: [`structure`] (required sections and entities,
//! unique and reserved ids, empty sections), [`references`], [`dates`],
//! [`links`], the data-practice facts among themselves ([`practices`]),
//! the prose against the facts ([`drift`]),
//! and the compliance rule sets of the base kind and of each claimed or
//! audited law ([`rules`]), once every setting was read. Every problem is reported, not only the first.

mod dates;
mod drift;
mod drift_flows;
mod drift_terms;
mod links;
mod practices;
mod references;
pub mod rules;
mod structure;

pub use drift::lint_of;
pub use structure::required_by_kind;

/// The section kinds that let a policy of this kind compile when it
/// declares no facts: those its kind requires, and for a privacy policy the
/// section fallbacks of the base rules (`collection`, `use`). `import`
/// gives these kinds to the sections that say so.
pub fn sections_without_facts(kind: crate::model::PolicyKind) -> Vec<crate::model::SectionKind> {
    let mut kinds = required_by_kind(kind).to_vec();
    if kind == crate::model::PolicyKind::Privacy {
        kinds.extend(rules::section_fallbacks("privacy"));
    }
    kinds
}

use crate::diagnostic::Diagnostic;
use crate::model::{Date, Policy, Profile};

/// What the checks may depend on beyond the policy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks<'a> {
    /// Today, for warnings about dates in the future.
    pub today: Option<Date>,
    /// Profiles audited as if claimed.
    pub audit: &'a [Profile],
    /// How the audited profiles' unmet rules are reported.
    pub audit_mode: rules::Audit,
}

/// Whether `code` is one of the drift lint's (W0010–W0012).
pub fn is_drift(code: crate::diagnostic::Code) -> bool {
    use crate::diagnostic::Code;
    matches!(
        code,
        Code::DriftUndeclared | Code::DriftUnstated | Code::DriftContradicted
    )
}

/// Every problem in a resolved `policy`.
pub fn check(policy: &Policy, checks: Checks) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    structure::check(policy, &mut out);
    dates::check(policy, checks.today, &mut out);
    references::check(policy, &mut out);
    links::check(policy, &mut out);
    practices::check(policy, &mut out);
    // The rule sets judge the facts as a whole: with a setting written but
    // not read (its error reported), they would report what is only
    // mistyped, before the mistake itself. They run once it is fixed.
    if policy.invalid.is_empty() {
        let context = rules::Context {
            audited: checks.audit,
            audit: checks.audit_mode,
            today: checks.today,
        };
        rules::check(policy, context, &mut out);
    }
    // The drift lint reads a policy whose facts stand: beside an error its
    // warnings would only restate it (a refused fact reads as undeclared).
    if policy.invalid.is_empty() && !out.iter().any(Diagnostic::is_error) {
        drift::check(policy, &mut out);
    }
    out
}

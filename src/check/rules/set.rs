//! The shape of a rule file (`rules/*.yaml`): a rule set and its rules,
//! as serde reads them. Two compilations share this file so that the shape
//! has one definition: `build.rs` includes it by path, reads every rule
//! file into these types (a malformed file fails the build with its line)
//! and writes each set as Rust literals of them, which the crate builds on
//! first use: no YAML is read at run time. The derives stay for the tests
//! (which read the files again) and `policyc rules --json`.

use super::Date;
use serde::{Deserialize, Serialize};

/// How strictly a rule is enforced: errors are verified against the law's
/// text and checkable by the facts; warnings are rules whose text could not
/// be verified, or whose trigger or fulfilment the facts cannot fully show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    /// Verified: an unmet rule of a claimed profile fails the build.
    Error,
    /// Not verified, or not fully checkable: reported, never failing.
    Warning,
}

/// One notice requirement.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, e.g. `GDPR-13-2-a`.
    pub id: String,
    /// As a lawyer writes it, e.g. `GDPR Art. 13(2)(a)`.
    pub citation: String,
    /// What the notice must say, in one line.
    pub summary: String,
    /// The predicate that makes it apply.
    #[serde(default = "always")]
    pub applies: String,
    /// The predicates that meet it, all needed.
    pub requires: Vec<String>,
    /// What to add, in the language's syntax.
    pub help: String,
    /// Error (verified) or warning (not verified).
    pub severity: Strength,
    /// Where and when the law's text was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<String>,
    /// What the model cannot express of this requirement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model_gap: Option<String>,
    /// The day the provision starts to apply; none means already in force.
    /// Before it a gap is reported as "applies from", never as an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<Date>,
    /// The last day the provision applies, where it is known to lapse.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Date>,
}

fn always() -> String {
    "always".to_string()
}

/// The rules of one profile, or of the base privacy kind.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// The profile's keyword (`gdpr`), or `privacy` for the base kind.
    pub profile: String,
    /// The law's name.
    pub title: String,
    /// Where the law's text was read.
    pub source: String,
    /// The rules, in the order of the law.
    pub rules: Vec<Rule>,
}

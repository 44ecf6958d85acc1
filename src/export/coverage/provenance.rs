//! Where a coverage matrix comes from, so an auditor can tell which
//! policy text was checked against which rules, when, and by which
//! policyc: versions, the date of the check, and SHA-256 digests of the
//! policy's source files and of each embedded rule file. Digests are of
//! the bytes as read, so two builds of the same sources on the same date
//! agree byte for byte, and any edit shows.

use crate::check::rules::{Rule, RuleSet, rule_files};
use crate::model::{Date, Policy};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// What the matrix was built from.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Provenance {
    /// The version of policyc that checked the policy.
    pub policyc_version: String,
    /// The date of the check: the build's today (`SOURCE_DATE_EPOCH` when
    /// set), which decides what is in force; null when the clock is unknown.
    pub checked_on: Option<Date>,
    /// The policy checked.
    pub policy: PolicySource,
    /// Each rule set used, in the order of the matrix.
    pub rule_sets: Vec<RuleSetSource>,
    /// The sign-off file read, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signoff: Option<FileDigest>,
}

/// The policy as checked: its identity and the digest of its sources.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PolicySource {
    /// The policy's id.
    pub id: String,
    /// The author's version label, when the policy has one.
    pub version: Option<String>,
    /// When the policy takes effect, when it says.
    pub effective: Option<Date>,
    /// When the policy was last changed, when it says.
    pub updated: Option<Date>,
    /// The SHA-256 of the listing of `files` (`sha256sum`'s format: the
    /// digest, two spaces, the path, a line each), in hex: one value that
    /// changes when any source file does.
    pub sha256: String,
    /// The policy file, then the clause files it includes, by path.
    pub files: Vec<FileDigest>,
}

/// A file and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FileDigest {
    /// The path relative to the project's folder.
    pub file: String,
    /// The SHA-256 of its text, in lower-case hex.
    pub sha256: String,
}

/// A rule set as embedded in this policyc.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct RuleSetSource {
    /// The profile's keyword, or `privacy`.
    pub profile: String,
    /// The rule set's version: rule sets are embedded, so the version of
    /// the policyc that carries them.
    pub version: String,
    /// The embedded file, e.g. `rules/gdpr.yaml`.
    pub file: String,
    /// The SHA-256 of the embedded file's text.
    pub sha256: String,
}

/// The SHA-256 of `text` in lower-case hex.
pub fn sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The digest a sign-off records of a rule: of the words a reviewer
/// checks the notice against, its citation and summary, a line each. A
/// change to the help, the sources read or the predicates does not make a
/// sign-off stale; a change to what the law is said to require does.
pub fn rule_sha256(rule: &Rule) -> String {
    sha256(&format!("{}\n{}\n", rule.citation, rule.summary))
}

/// The provenance of one rule set: its embedded file and digest.
pub fn rule_set_source(set: &RuleSet) -> RuleSetSource {
    let file = format!("rules/{}.yaml", set.profile);
    let text = rule_files()
        .iter()
        .find(|(name, _)| *name == file)
        .map_or("", |(_, text)| *text);
    RuleSetSource {
        profile: set.profile.clone(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        sha256: sha256(text),
        file,
    }
}

/// The policy's identity and the digests of `files` (path and text, the
/// policy file first).
pub fn policy_source(policy: &Policy, files: &[(String, &str)]) -> PolicySource {
    let files: Vec<FileDigest> = files
        .iter()
        .map(|(file, text)| FileDigest {
            file: file.clone(),
            sha256: sha256(text),
        })
        .collect();
    let listing: String = files
        .iter()
        .map(|f| format!("{}  {}\n", f.sha256, f.file))
        .collect();
    PolicySource {
        id: policy.id().to_string(),
        version: policy.meta.version.as_ref().map(|v| v.node.clone()),
        effective: policy.meta.effective.as_ref().map(|d| d.node),
        updated: policy.meta.updated.as_ref().map(|d| d.node),
        sha256: sha256(&listing),
        files,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_the_standard_digest() {
        // FIPS 180-2 test vector.
        assert_eq!(
            sha256("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}

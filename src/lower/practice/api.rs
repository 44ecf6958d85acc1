//! `api KIND { reasons = ["CODE", …] }`: a category of Apple's
//! required-reason APIs the app uses and Apple's approved reason codes for
//! it, both checked against `vocab/apple-apis.tsv` with "did you mean"
//! (E0213), so the privacy manifest lists only what Apple accepts.

use super::super::Lowerer;
use super::{Fact, Head};
use crate::keywords;
use crate::model::practice::ApiUse;
use crate::model::*;
use crate::vocab::{self, ApiInfo};

keywords! {
    /// The settings of `api`.
    pub enum ApiKey: "`api` setting" {
        /// Apple's reason codes.
        Reasons = "reasons",
    }
}

impl Lowerer<'_> {
    pub(super) fn lower_api(&mut self, mut fact: Fact) -> Option<Node<ApiUse>> {
        self.check_head(&fact, Head::Kind("user-defaults"));
        let kind = fact.kind.clone()?;
        let info = self.api_category(&kind);
        let mut reasons = Vec::new();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            if let Some(ApiKey::Reasons) = self.check_key::<ApiKey>(&setting, "`api`", &mut seen) {
                reasons = self.expect_text_list(setting);
            }
        }
        if seen.is_empty() {
            let example = info
                .and_then(|i| i.reasons.first())
                .map_or("[\"CA92.1\"]".to_string(), |(code, _)| {
                    format!("[\"{code}\"]")
                });
            self.missing_setting(&fact, "reasons", &example);
        }
        let info = info?;
        let known: Vec<Node<String>> = reasons
            .into_iter()
            .filter(|reason| self.api_reason(info, reason))
            .collect();
        Some(Node::new(
            ApiUse {
                api: kind,
                reasons: known,
            },
            fact.span,
        ))
    }

    /// The category named after `api`, or an unknown-word error.
    fn api_category(&mut self, kind: &Node<String>) -> Option<&'static ApiInfo> {
        let found = vocab::api(&kind.node);
        if found.is_none() {
            let names: Vec<String> = vocab::apis()
                .iter()
                .map(|a| format!("`{}`", a.name))
                .collect();
            self.unknown_word(
                kind.span,
                "required-reason API",
                &kind.node,
                vocab::api_suggestion(&kind.node).map(|s| format!("`{s}`")),
                &format!("Apple's required-reason APIs are {}", names.join(", ")),
            );
        }
        found
    }

    /// Whether `reason` is one Apple approves for `info`; an error if not.
    fn api_reason(&mut self, info: &ApiInfo, reason: &Node<String>) -> bool {
        if info.has_reason(&reason.node) {
            return true;
        }
        let codes: Vec<String> = info.reasons.iter().map(|(c, _)| format!("`{c}`")).collect();
        self.unknown_word(
            reason.span,
            &format!("`{}` reason", info.name),
            &reason.node,
            info.reason_suggestion(&reason.node)
                .map(|s| format!("`\"{s}\"`")),
            &format!(
                "Apple's reasons for `{}` are {} (docs/exports.md)",
                info.name,
                codes.join(", ")
            ),
        );
        false
    }
}

//! `key = value` settings of a policy, a section and a generated block: the
//! keys each place allows (one keyword table each) and where each value
//! goes. Unknown and repeated keys are reported here, with "did you mean".

use super::Lowerer;
use super::value::Setting;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::keyword::Keyword;
use crate::keywords;
use crate::model::*;
use crate::source::Span;

keywords! {
    /// The metadata keys of a policy.
    pub enum MetaKey: "metadata key" {
        /// Stable identifier.
        Id = "id",
        /// The author's version label.
        Version = "version",
        /// When the policy takes effect.
        Effective = "effective",
        /// When it was last changed.
        Updated = "updated",
        /// BCP 47 language tag.
        Language = "language",
        /// Jurisdictions addressed.
        Jurisdictions = "jurisdictions",
        /// Compliance profiles claimed.
        Profiles = "profiles",
        /// How top-level sections are numbered.
        Numbering = "numbering",
        /// Lints silenced in the whole policy.
        Allow = "allow",
    }
}

keywords! {
    /// The settings of a section.
    pub enum SectionKey: "section setting" {
        /// The anchor.
        Id = "id",
        /// The title in tables of contents.
        TocTitle = "toc-title",
        /// Its own number.
        Number = "number",
        /// How its child sections are numbered.
        Numbering = "numbering",
        /// Lints silenced in this section.
        Allow = "allow",
    }
}

keywords! {
    /// The settings of a table of contents.
    pub enum TocKey: "table of contents setting" {
        /// How many levels to list.
        Depth = "depth",
    }
}

impl Lowerer<'_> {
    pub(super) fn apply_policy_setting(
        &mut self,
        meta: &mut Metadata,
        setting: Setting,
        seen: &mut Vec<Node<String>>,
    ) {
        let Some(key) = self.check_key::<MetaKey>(&setting, "policy", seen) else {
            return;
        };
        match key {
            MetaKey::Id => meta.id = self.expect_id(setting),
            MetaKey::Version => meta.version = self.expect_text(setting),
            MetaKey::Effective => meta.effective = self.expect_date(setting),
            MetaKey::Updated => meta.updated = self.expect_date(setting),
            MetaKey::Language => {
                if let Some(language) = self.expect_typed(setting) {
                    meta.language = language;
                }
            }
            MetaKey::Jurisdictions => meta.jurisdictions = self.expect_text_list(setting),
            MetaKey::Profiles => {
                meta.profiles = self.expect_keywords::<Profile>(setting, "compliance profile")
            }
            MetaKey::Numbering => meta.numbering = self.expect_numbering(setting),
            MetaKey::Allow => meta.allow = self.expect_keywords::<Lint>(setting, "lint"),
        }
    }

    pub(super) fn apply_section_setting(
        &mut self,
        section: &mut Section,
        setting: Setting,
        seen: &mut Vec<Node<String>>,
    ) {
        let Some(key) = self.check_key::<SectionKey>(&setting, "section", seen) else {
            return;
        };
        match key {
            SectionKey::Id => section.explicit_id = self.expect_id(setting),
            SectionKey::TocTitle => {
                section.toc_title = self.expect_text(setting);
                if let Some(title) = section.toc_title.clone() {
                    self.check_heading(&title, "table-of-contents");
                }
            }
            SectionKey::Number => {
                if let Some(rule) = self.expect_number_rule(setting) {
                    section.number_rule = rule;
                }
            }
            SectionKey::Numbering => section.numbering = self.expect_numbering(setting),
            SectionKey::Allow => section.allow = self.expect_keywords::<Lint>(setting, "lint"),
        }
    }

    /// The depth of a table of contents, from its settings.
    pub(super) fn toc_settings(&mut self, settings: Vec<Setting>) -> Option<Node<u32>> {
        let mut seen = Vec::new();
        let mut depth = None;
        for setting in settings {
            match self.check_key::<TocKey>(&setting, "`toc`", &mut seen) {
                Some(TocKey::Depth) => depth = self.expect_count(setting),
                None => {}
            }
        }
        depth
    }

    /// Reports every setting of a generated block that takes none.
    pub(super) fn no_settings(&mut self, settings: Vec<Setting>, block: &str) {
        let mut seen = Vec::new();
        for setting in settings {
            self.check_key_in(&setting, &[], &format!("`{block}`"), &mut seen);
        }
    }

    /// The key of `setting` when `K` allows it and it is not yet seen;
    /// reports otherwise.
    pub(super) fn check_key<K: Keyword>(
        &mut self,
        setting: &Setting,
        place: &str,
        seen: &mut Vec<Node<String>>,
    ) -> Option<K> {
        let allowed: Vec<&str> = K::ALL.iter().map(|(w, _)| *w).collect();
        if !self.check_key_in(setting, &allowed, place, seen) {
            return None;
        }
        K::from_keyword(&setting.key.node)
    }

    /// Whether `setting.key` is one of `allowed` and not yet seen; reports
    /// otherwise.
    pub(super) fn check_key_in(
        &mut self,
        setting: &Setting,
        allowed: &[&str],
        place: &str,
        seen: &mut Vec<Node<String>>,
    ) -> bool {
        let key = &setting.key;
        let name = place.trim_matches('`');
        let whole = Span::new(
            key.span.file,
            key.span.start,
            setting.value.span.end.max(key.span.end),
        );
        self.accepted = None;
        if !allowed.contains(&key.node.as_str()) {
            let meant = did_you_mean(&key.node, allowed.iter().copied());
            let written = meant.unwrap_or(key.node.as_str());
            self.invalid
                .push(Node::new(format!("{name}.{written}"), whole));
            let help = match meant {
                Some(s) => format!("did you mean `{s}`?"),
                None if allowed.is_empty() => format!("{place} takes no settings"),
                None => format!(
                    "the keys allowed here are {}",
                    allowed
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.report(
                Diagnostic::error(
                    Code::UnknownKey,
                    format!("unknown key `{}` in {place}", key.node),
                )
                .at(key.span)
                .label("not a setting here")
                .help(help),
            );
            return false;
        }
        if let Some(first) = seen.iter().find(|k| k.node == key.node) {
            let first_span = first.span;
            self.report(
                Diagnostic::error(Code::Duplicate, format!("`{}` is set twice", key.node))
                    .at(key.span)
                    .label("set again here")
                    .related(first_span, "first set here")
                    .help("keep one of the two"),
            );
            return false;
        }
        seen.push(key.clone());
        self.accepted_name.clear();
        self.accepted_name.push_str(name);
        self.accepted_name.push('.');
        self.accepted_name.push_str(&key.node);
        self.accepted = Some(whole);
        true
    }
}

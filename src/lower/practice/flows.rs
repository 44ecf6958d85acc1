//! The facts of data flows: `collect` (what, from where, why, on what
//! basis), `recipient` (who receives it), `retain` (for how long) and
//! `transfer` (to which countries, with what safeguard). Each has one table
//! of its settings.

use super::super::Lowerer;
use super::super::value::Value;
use super::{Fact, Head};
use crate::diagnostic::{Code, Diagnostic};
use crate::keywords;
use crate::model::practice::*;
use crate::model::*;

keywords! {
    /// The settings of `collect`.
    pub enum CollectKey: "`collect` setting" {
        /// The categories.
        Data = "data",
        /// The sources.
        From = "from",
        /// The purposes.
        Purposes = "purposes",
        /// The legal basis.
        Basis = "basis",
        /// Required or optional.
        Required = "required",
        /// Linked to the person.
        Linked = "linked",
        /// Used for tracking.
        Tracking = "tracking",
        /// The domains that track.
        TrackingDomains = "tracking-domains",
        /// Processed only in memory (Play's "ephemeral").
        Ephemeral = "ephemeral",
    }
}

keywords! {
    /// The settings of `recipient`.
    pub enum RecipientKey: "`recipient` setting" {
        /// The categories received.
        Data = "data",
        /// Why.
        Purposes = "purposes",
        /// A CCPA sale.
        Sale = "sale",
        /// A CCPA sharing.
        Sharing = "sharing",
    }
}

keywords! {
    /// The settings of `retain`.
    pub enum RetainKey: "`retain` setting" {
        /// The name prose refers to.
        Id = "id",
        /// The categories kept.
        Data = "data",
        /// For how long.
        Period = "period",
        /// For which purposes.
        Purposes = "purposes",
        /// The criteria, in words.
        Criteria = "criteria",
    }
}

keywords! {
    /// The settings of `transfer`.
    pub enum TransferKey: "`transfer` setting" {
        /// The destinations.
        To = "to",
        /// The safeguard.
        Safeguard = "safeguard",
        /// The categories sent.
        Data = "data",
    }
}

impl Lowerer<'_> {
    pub(super) fn lower_collect(&mut self, mut fact: Fact) -> Node<Collection> {
        self.check_head(&fact, Head::Bare);
        let mut collection = Collection::default();
        let mut seen = Vec::new();
        let mut has_data = false;
        for setting in std::mem::take(&mut fact.settings) {
            let Some(key) = self.check_key::<CollectKey>(&setting, "`collect`", &mut seen) else {
                continue;
            };
            match key {
                CollectKey::Data => {
                    has_data = true;
                    collection.data = self.expect_categories(setting);
                }
                CollectKey::From => collection.sources = self.expect_sources(setting),
                CollectKey::Purposes => collection.purposes = self.expect_purposes(setting),
                CollectKey::Basis => collection.basis = self.expect_basis(setting),
                CollectKey::Required => collection.required = self.expect_bool(setting),
                CollectKey::Linked => collection.linked = self.expect_bool(setting),
                CollectKey::Tracking => collection.tracking = self.expect_bool(setting),
                CollectKey::TrackingDomains => {
                    collection.tracking_domains = self.expect_typed_list(setting);
                }
                CollectKey::Ephemeral => collection.ephemeral = self.expect_bool(setting),
            }
        }
        if !has_data {
            self.missing_setting(&fact, "data", "[email, name]");
        }
        Node::new(collection, fact.span)
    }

    pub(super) fn lower_recipient(&mut self, mut fact: Fact) -> Option<Node<Recipient>> {
        self.check_head(&fact, Head::KindAndName("processor"));
        let kind = fact
            .kind
            .as_ref()
            .and_then(|k| self.vocabulary_word::<RecipientKind>(k));
        let mut recipient = Recipient {
            kind: kind
                .clone()
                .unwrap_or(Node::new(RecipientKind::ThirdParty, fact.span)),
            name: fact.name.clone(),
            data: Vec::new(),
            purposes: Vec::new(),
            sale: None,
            sharing: None,
        };
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<RecipientKey>(&setting, "`recipient`", &mut seen) {
                Some(RecipientKey::Data) => recipient.data = self.expect_categories(setting),
                Some(RecipientKey::Purposes) => recipient.purposes = self.expect_purposes(setting),
                Some(RecipientKey::Sale) => recipient.sale = self.expect_bool(setting),
                Some(RecipientKey::Sharing) => recipient.sharing = self.expect_bool(setting),
                None => {}
            }
        }
        kind.map(|_| Node::new(recipient, fact.span))
    }

    pub(super) fn lower_retain(&mut self, mut fact: Fact) -> Option<Node<Retention>> {
        self.check_head(&fact, Head::Bare);
        let mut id = None;
        let mut data = Vec::new();
        let mut period = None;
        let mut purposes = Vec::new();
        let mut criteria = None;
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<RetainKey>(&setting, "`retain`", &mut seen) {
                Some(RetainKey::Id) => id = self.expect_id(setting),
                Some(RetainKey::Data) => data = self.expect_categories(setting),
                Some(RetainKey::Period) => period = self.expect_period(setting),
                Some(RetainKey::Purposes) => purposes = self.expect_purposes(setting),
                Some(RetainKey::Criteria) => criteria = self.expect_text(setting),
                None => {}
            }
        }
        if period.is_none() && !seen.iter().any(|k| k.node == "period") {
            self.missing_setting(&fact, "period", "P2Y");
        }
        let retention = Retention {
            id,
            data,
            period: period?,
            purposes,
            criteria,
        };
        Some(Node::new(retention, fact.span))
    }

    /// `period = P2Y`, `period = until "…"`, `period = as-long-as-necessary`.
    fn expect_period(&mut self, setting: super::super::value::Setting) -> Option<Node<Period>> {
        let span = setting.value.span;
        match &setting.value.node {
            Value::Word(w) if w == "as-long-as-necessary" => {
                Some(Node::new(Period::AsLongAsNecessary, span))
            }
            Value::Tagged(w, event) if w == "until" => {
                Some(Node::new(Period::Until(event.clone()), span))
            }
            Value::Word(w) if w == "until" => {
                self.report(
                    Diagnostic::error(Code::MissingSetting, "`until` needs the event, in words")
                        .at(span)
                        .label("until what?")
                        .help("write e.g. `period = until \"you close your account\"`"),
                );
                None
            }
            Value::Word(_) => {
                let duration = self.expect_duration(&setting)?;
                Some(Node::new(Period::Duration(duration.node), span))
            }
            _ => {
                self.report(
                    Diagnostic::error(Code::WrongValue, "`period` takes a duration, `until \"…\"` or `as-long-as-necessary`")
                        .at(span)
                        .label("not a retention period")
                        .help("write e.g. `period = P2Y`, `period = until \"you close your account\"` or `period = as-long-as-necessary`"),
                );
                None
            }
        }
    }

    pub(super) fn lower_transfer(&mut self, mut fact: Fact) -> Node<Transfer> {
        self.check_head(&fact, Head::Bare);
        let mut transfer = Transfer::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<TransferKey>(&setting, "`transfer`", &mut seen) {
                Some(TransferKey::To) => transfer.to = self.expect_destinations(setting),
                Some(TransferKey::Safeguard) => transfer.safeguard = self.expect_word(setting),
                Some(TransferKey::Data) => transfer.data = self.expect_categories(setting),
                None => {}
            }
        }
        if !seen.iter().any(|k| k.node == "to") {
            self.missing_setting(&fact, "to", "[US]");
        }
        Node::new(transfer, fact.span)
    }
}

//! The other facts: `children`, `cookie`, `right`, `security`, `changes`,
//! `signals`, `sale`, `automated-decision-making`, `accounts` and
//! `disclosure`. Each has
//! one table of its settings.

use super::super::Lowerer;
use super::super::value::Value;
use super::{Fact, Head};
use crate::keywords;
use crate::model::practice::*;
use crate::model::*;

keywords! {
    /// The settings of `children`.
    pub enum ChildrenKey: "`children` setting" {
        /// The minimum age.
        MinimumAge = "minimum-age",
        /// Parental consent for younger children.
        ParentalConsent = "parental-consent",
    }
}

keywords! {
    /// The settings of `cookie`.
    pub enum CookieKey: "`cookie` setting" {
        /// The technology.
        Type = "type",
        /// Who provides it.
        Provider = "provider",
        /// First or third party.
        Party = "party",
        /// Why.
        Purpose = "purpose",
        /// How long it lasts.
        Duration = "duration",
    }
}

keywords! {
    /// The settings of `right`.
    pub enum RightKey: "`right` setting" {
        /// How to exercise it.
        Via = "via",
        /// The longest time to answer.
        ResponseTime = "response-time",
    }
}

keywords! {
    /// The settings of `security`.
    pub enum SecurityKey: "`security` setting" {
        /// The measures.
        Measures = "measures",
        /// How much data is encrypted in transit.
        InTransit = "in-transit",
    }
}

keywords! {
    /// The settings of `changes`.
    pub enum ChangesKey: "`changes` setting" {
        /// The announcement channels.
        Announced = "announced",
    }
}

keywords! {
    /// The settings of `signals`.
    pub enum SignalsKey: "`signals` setting" {
        /// Do Not Track.
        DoNotTrack = "do-not-track",
        /// Global Privacy Control.
        Gpc = "gpc",
    }
}

keywords! {
    /// The settings of `accounts`.
    pub enum AccountsKey: "`accounts` setting" {
        /// How people create an account in the app.
        Creation = "creation",
        /// The `other` creation method, in words.
        CreationOther = "creation-other",
        /// How accounts made outside the app are created.
        Outside = "outside",
        /// The `other` outside account type, in words.
        OutsideOther = "outside-other",
        /// Where people ask for their account to be deleted.
        Deletion = "deletion",
    }
}

keywords! {
    /// The settings of `sale`.
    pub enum SaleKey: "`sale` setting" {
        /// Whether data is sold.
        Sells = "sells",
        /// Whether it is shared for advertising.
        Shares = "shares",
        /// Whether sensitive data is used beyond 11 CCR § 7027(m).
        SensitiveBeyondPermitted = "sensitive-beyond-permitted",
    }
}

keywords! {
    /// The settings of `automated-decision-making`.
    pub enum AutomatedKey: "`automated-decision-making` setting" {
        /// Whether decisions are made by automated means alone.
        Used = "used",
        /// The logic involved.
        Logic = "logic",
        /// The significance and consequences.
        Consequences = "consequences",
    }
}

keywords! {
    /// The settings of `disclosure`.
    pub enum DisclosureKey: "`disclosure` setting" {
        /// Whether any third party receives personal data.
        ThirdParties = "third-parties",
        /// Whether processors receive it on the organisation's behalf.
        Processors = "processors",
    }
}

impl Lowerer<'_> {
    pub(super) fn lower_children(&mut self, mut fact: Fact) -> Node<Children> {
        self.check_head(&fact, Head::Bare);
        let mut children = Children::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<ChildrenKey>(&setting, "`children`", &mut seen) {
                Some(ChildrenKey::MinimumAge) => children.minimum_age = self.expect_age(setting),
                Some(ChildrenKey::ParentalConsent) => {
                    children.parental_consent = self.expect_bool(setting);
                }
                None => {}
            }
        }
        if seen.is_empty() {
            self.missing_setting(&fact, "minimum-age", "13");
        }
        Node::new(children, fact.span)
    }

    pub(super) fn lower_cookie(&mut self, mut fact: Fact) -> Option<Node<Cookie>> {
        self.check_head(&fact, Head::Name("\"_session\""));
        let mut cookie = Cookie {
            name: fact.name.clone()?,
            tracker: Node::new(TrackerType::Cookie, fact.keyword.span),
            provider: None,
            party: None,
            purpose: None,
            duration: None,
        };
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<CookieKey>(&setting, "`cookie`", &mut seen) {
                Some(CookieKey::Type) => {
                    if let Some(tracker) = self.expect_word(setting) {
                        cookie.tracker = tracker;
                    }
                }
                Some(CookieKey::Provider) => cookie.provider = self.expect_text(setting),
                Some(CookieKey::Party) => cookie.party = self.expect_word(setting),
                Some(CookieKey::Purpose) => cookie.purpose = self.expect_word(setting),
                Some(CookieKey::Duration) => {
                    cookie.duration = match &setting.value.node {
                        Value::Word(w) if w == "session" => {
                            Some(Node::new(Lifetime::Session, setting.value.span))
                        }
                        _ => self
                            .expect_duration(&setting)
                            .map(|d| Node::new(Lifetime::Duration(d.node), d.span)),
                    };
                }
                None => {}
            }
        }
        Some(Node::new(cookie, fact.span))
    }

    pub(super) fn lower_right(&mut self, mut fact: Fact) -> Option<Node<Right>> {
        self.check_head(&fact, Head::Kind("access"));
        let kind = self.vocabulary_word::<RightKind>(fact.kind.as_ref()?)?;
        let mut right = Right {
            kind,
            via: Vec::new(),
            response_time: None,
        };
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<RightKey>(&setting, "`right`", &mut seen) {
                Some(RightKey::Via) => right.via = self.expect_via(setting),
                Some(RightKey::ResponseTime) => {
                    right.response_time = self.expect_duration(&setting)
                }
                None => {}
            }
        }
        Some(Node::new(right, fact.span))
    }

    pub(super) fn lower_security(&mut self, mut fact: Fact) -> Node<Security> {
        self.check_head(&fact, Head::Bare);
        let mut security = Security::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<SecurityKey>(&setting, "`security`", &mut seen) {
                Some(SecurityKey::Measures) => security.measures = self.expect_measures(setting),
                Some(SecurityKey::InTransit) => security.in_transit = self.expect_word(setting),
                None => {}
            }
        }
        if seen.is_empty() {
            self.missing_setting(&fact, "measures", "[encryption-in-transit]");
        }
        Node::new(security, fact.span)
    }

    pub(super) fn lower_changes(&mut self, mut fact: Fact) -> Node<Changes> {
        self.check_head(&fact, Head::Bare);
        let mut changes = Changes::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            if let Some(ChangesKey::Announced) =
                self.check_key::<ChangesKey>(&setting, "`changes`", &mut seen)
            {
                changes.announced = self.expect_words(setting);
            }
        }
        if seen.is_empty() {
            self.missing_setting(&fact, "announced", "[policy-page, email]");
        }
        Node::new(changes, fact.span)
    }

    pub(super) fn lower_signals(&mut self, mut fact: Fact) -> Node<Signals> {
        self.check_head(&fact, Head::Bare);
        let mut signals = Signals::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<SignalsKey>(&setting, "`signals`", &mut seen) {
                Some(SignalsKey::DoNotTrack) => signals.do_not_track = self.expect_word(setting),
                Some(SignalsKey::Gpc) => signals.gpc = self.expect_word(setting),
                None => {}
            }
        }
        if seen.is_empty() {
            self.missing_setting(&fact, "gpc", "honoured");
        }
        Node::new(signals, fact.span)
    }

    pub(super) fn lower_sale(&mut self, mut fact: Fact) -> Node<Sale> {
        self.check_head(&fact, Head::Bare);
        let mut sale = Sale::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<SaleKey>(&setting, "`sale`", &mut seen) {
                Some(SaleKey::Sells) => sale.sells = self.expect_bool(setting),
                Some(SaleKey::Shares) => sale.shares = self.expect_bool(setting),
                Some(SaleKey::SensitiveBeyondPermitted) => {
                    sale.sensitive_beyond_permitted = self.expect_bool(setting);
                }
                None => {}
            }
        }
        if seen.is_empty() {
            self.missing_setting(&fact, "sells", "false");
        }
        Node::new(sale, fact.span)
    }

    pub(super) fn lower_accounts(&mut self, mut fact: Fact) -> Node<Accounts> {
        self.check_head(&fact, Head::Bare);
        let mut accounts = Accounts::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<AccountsKey>(&setting, "`accounts`", &mut seen) {
                Some(AccountsKey::Creation) => {
                    accounts.creation = self.expect_choices(setting, AccountCreation::None)
                }
                Some(AccountsKey::CreationOther) => {
                    accounts.creation_other = self.expect_text(setting)
                }
                Some(AccountsKey::Outside) => {
                    accounts.outside = self.expect_choices(setting, OutsideAccount::None)
                }
                Some(AccountsKey::OutsideOther) => {
                    accounts.outside_other = self.expect_text(setting)
                }
                Some(AccountsKey::Deletion) => accounts.deletion = self.expect_typed(setting),
                None => {}
            }
        }
        if seen.is_empty() {
            self.missing_setting(&fact, "creation", "[username-password]");
        }
        Node::new(accounts, fact.span)
    }

    pub(super) fn lower_automated(&mut self, mut fact: Fact) -> Node<AutomatedDecisionMaking> {
        self.check_head(&fact, Head::Bare);
        let mut automated = AutomatedDecisionMaking::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<AutomatedKey>(&setting, "`automated-decision-making`", &mut seen)
            {
                Some(AutomatedKey::Used) => automated.used = self.expect_bool(setting),
                Some(AutomatedKey::Logic) => automated.logic = self.expect_text(setting),
                Some(AutomatedKey::Consequences) => {
                    automated.consequences = self.expect_text(setting);
                }
                None => {}
            }
        }
        if !seen.iter().any(|key| key.node == "used") {
            self.missing_setting(&fact, "used", "false");
        }
        Node::new(automated, fact.span)
    }

    pub(super) fn lower_disclosure(&mut self, mut fact: Fact) -> Node<Disclosure> {
        self.check_head(&fact, Head::Bare);
        let mut disclosure = Disclosure::default();
        let mut seen = Vec::new();
        for setting in std::mem::take(&mut fact.settings) {
            match self.check_key::<DisclosureKey>(&setting, "`disclosure`", &mut seen) {
                Some(DisclosureKey::ThirdParties) => {
                    disclosure.third_parties = self.expect_bool(setting);
                }
                Some(DisclosureKey::Processors) => {
                    disclosure.processors = self.expect_bool(setting);
                }
                None => {}
            }
        }
        if seen.is_empty() {
            self.missing_setting(&fact, "third-parties", "false");
        }
        Node::new(disclosure, fact.span)
    }
}

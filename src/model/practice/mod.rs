//! Data practices: the facts a privacy policy is about — what is collected,
//! from where, why and on what basis, who receives it, how long it is kept,
//! where it goes, children, cookies, rights, security, changes and browser
//! signals. Declared anywhere in a policy (beside the sentence that states
//! them), gathered here in the order written; the views, the checks, the
//! JSON and every label exporter read them from this one place.

mod duration;
mod term;
mod words;

pub use duration::Duration;
pub use term::{Category, Purpose};
pub use words::*;

use super::Node;
use super::value::WebUrl;
use schemars::JsonSchema;
use serde::Serialize;

/// Every data-practice fact of a policy.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Practices {
    /// What is collected (`collect`), in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<Node<Collection>>,
    /// Who receives data (`recipient`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<Node<Recipient>>,
    /// How long data is kept (`retain`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retention: Vec<Node<Retention>>,
    /// Where data goes abroad (`transfer`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub transfers: Vec<Node<Transfer>>,
    /// Children's data (`children`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub children: Option<Node<Children>>,
    /// Cookies and similar technologies (`cookie`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cookies: Vec<Node<Cookie>>,
    /// The rights people have (`right`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rights: Vec<Node<Right>>,
    /// How data is protected (`security`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security: Option<Node<Security>>,
    /// How changes to the policy are announced (`changes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Node<Changes>>,
    /// Whether Do Not Track and Global Privacy Control are honoured (`signals`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signals: Option<Node<Signals>>,
    /// Whether data is sold or shared under the CCPA (`sale`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale: Option<Node<Sale>>,
    /// Whether decisions are made by automated means alone, and how
    /// (`automated-decision-making`): GDPR Art. 13(2)(f) and 14(2)(g).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub automated_decision_making: Option<Node<AutomatedDecisionMaking>>,
    /// Whether anyone outside the organisation receives personal data
    /// (`disclosure`): the "if any" of GDPR Art. 13(1)(e) and 14(1)(e), and
    /// the CCPA's "none" for third parties.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<Node<Disclosure>>,
    /// The required-reason APIs an app uses, and why (`api`): what Apple's
    /// privacy manifest lists under `NSPrivacyAccessedAPITypes`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub apis: Vec<Node<ApiUse>>,
    /// How people get an account and where they ask for it to be deleted
    /// (`accounts`): what Google Play's Data safety form asks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accounts: Option<Node<Accounts>>,
}

/// `accounts { … }`: how people get an account to use the app, and the
/// web page where they ask for it and its data to be deleted. Google
/// Play's Data safety form asks each; no other fact says them (a `collect`
/// of `username` does not say how an account is made, and `right erasure`
/// is about data, not the account).
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Accounts {
    /// How people create an account in the app; `[none]` when they cannot.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub creation: Vec<Node<AccountCreation>>,
    /// The `other` way of creating an account, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creation_other: Option<Node<String>>,
    /// How accounts made outside the app, that people log in with, are
    /// created; `[none]` when people cannot log in with one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside: Vec<Node<OutsideAccount>>,
    /// The `other` way accounts outside the app are made, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outside_other: Option<Node<String>>,
    /// The web page where people ask for their account and its data to be
    /// deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deletion: Option<Node<WebUrl>>,
}

/// `api KIND { reasons = ["CODE", …] }`: a category of Apple's
/// required-reason APIs the app uses, with Apple's approved reason codes
/// (both checked against `vocab/apple-apis.tsv` when lowered).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ApiUse {
    /// The category's short name, e.g. `user-defaults`.
    pub api: Node<String>,
    /// The reason codes, e.g. `CA92.1`.
    pub reasons: Vec<Node<String>>,
}

impl Practices {
    /// Whether the policy declares no fact at all.
    pub fn is_empty(&self) -> bool {
        *self == Practices::default()
    }

    /// Every category collected, first mention first, each once.
    pub fn collected(&self) -> Vec<&Node<Category>> {
        // A set beside the list: linear in the facts however many
        // categories there are.
        let mut seen = std::collections::HashSet::new();
        self.collections
            .iter()
            .flat_map(|c| &c.node.data)
            .filter(|data| seen.insert(&data.node))
            .collect()
    }

    /// The data of every fact that says what is done with data (each
    /// `collect`, `recipient` and `retain`), in order, repeats kept: what
    /// the prose may state, for the drift lint and the lexicon's bench.
    pub fn data_named(&self) -> impl Iterator<Item = &Node<Category>> {
        self.collections
            .iter()
            .flat_map(|c| &c.node.data)
            .chain(self.recipients.iter().flat_map(|r| &r.node.data))
            .chain(self.retention.iter().flat_map(|r| &r.node.data))
    }

    /// The purposes of every `collect` and `recipient`, in order, repeats
    /// kept (as [`Practices::data_named`]).
    pub fn purposes_named(&self) -> impl Iterator<Item = &Node<Purpose>> {
        self.collections
            .iter()
            .flat_map(|c| &c.node.purposes)
            .chain(self.recipients.iter().flat_map(|r| &r.node.purposes))
    }

    /// Whether `category` is collected by some `collect`.
    pub fn collects(&self, category: &Category) -> bool {
        self.collections
            .iter()
            .any(|c| c.node.data.iter().any(|d| d.node == *category))
    }

    /// The retention whose `id` is `id`.
    pub fn retention_by_id(&self, id: &str) -> Option<&Node<Retention>> {
        self.retention
            .iter()
            .find(|r| r.node.id.as_ref().is_some_and(|i| i.node == id))
    }
}

/// `collect { … }`: data the organisation collects itself, why, and on what
/// legal basis. Where the basis differs per purpose, one `collect` a basis.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Collection {
    /// The categories of data.
    pub data: Vec<Node<Category>>,
    /// Where the data comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Node<Source>>,
    /// Why it is collected.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Node<Purpose>>,
    /// The legal basis (GDPR Art. 6(1)) for these purposes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<Node<LegalBasis>>,
    /// Whether people must provide it to use the service (false: optional).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Node<bool>>,
    /// Whether it is linked to the person's identity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub linked: Option<Node<bool>>,
    /// Whether it is used to track the person across other companies' apps
    /// and sites.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracking: Option<Node<bool>>,
    /// The internet domains the app contacts that engage in tracking: what
    /// Apple's manifest requires beside `NSPrivacyTracking = true`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tracking_domains: Vec<Node<crate::model::value::HostName>>,
    /// Whether the data is processed only in memory, kept no longer than
    /// the request that needs it: what Play's Data safety form asks of
    /// every data type (`PSL_DATA_USAGE_EPHEMERAL`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral: Option<Node<bool>>,
}

/// Where data comes from.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Source {
    /// The kind of source.
    pub kind: SourceKind,
    /// The third party's name, for `third-party "Name"`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A legal basis, with the interest named for legitimate interests.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LegalBasis {
    /// Which basis of GDPR Art. 6(1).
    pub kind: BasisKind,
    /// The legitimate interest pursued, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interest: Option<String>,
}

/// `recipient KIND ["Name"] { … }`: who receives data, and whether that is a
/// sale or a sharing under the CCPA.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Recipient {
    /// What sort of recipient.
    pub kind: Node<RecipientKind>,
    /// Its name, when the policy names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Node<String>>,
    /// The categories it receives (all collected data when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<Node<Category>>,
    /// Why it receives them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Node<Purpose>>,
    /// Whether the disclosure is a sale (CCPA §1798.140(ad)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale: Option<Node<bool>>,
    /// Whether it is a sharing for cross-context behavioural advertising
    /// (CCPA §1798.140(ah)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sharing: Option<Node<bool>>,
}

/// `retain { … }`: how long data is kept.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Retention {
    /// The name prose refers to it by: `${retention.ID}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<Node<String>>,
    /// The categories kept so (all collected data when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<Node<Category>>,
    /// For how long.
    pub period: Node<Period>,
    /// The purposes the data is kept for, for `as-long-as-necessary`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purposes: Vec<Node<Purpose>>,
    /// The criteria that decide the period, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Node<String>>,
}

/// A retention period.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Period {
    /// A fixed duration, e.g. `P2Y`.
    Duration(Duration),
    /// Until an event, in words: `until "you close your account"`.
    Until(String),
    /// As long as necessary for the purposes, by the stated criteria.
    AsLongAsNecessary,
}

impl Period {
    /// The period in words: "2 years", "until you close your account",
    /// "as long as necessary".
    pub fn words(&self) -> String {
        match self {
            Period::Duration(d) => d.words(),
            Period::Until(event) => format!("until {event}"),
            Period::AsLongAsNecessary => "as long as necessary".to_string(),
        }
    }
}

/// `transfer { … }`: data sent to other countries, and the safeguard.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Transfer {
    /// Where it goes.
    pub to: Vec<Node<Destination>>,
    /// What makes it lawful.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safeguard: Option<Node<Safeguard>>,
    /// The categories sent (all collected data when empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<Node<Category>>,
}

/// A transfer's destination.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Destination {
    /// A country, by its ISO 3166-1 alpha-2 code.
    Country(String),
    /// The European Economic Area.
    Eea,
    /// The European Union.
    Eu,
    /// Any country other than the reader's own.
    OutsideYourCountry,
}

impl Destination {
    /// How readers see it.
    pub fn label(&self) -> String {
        match self {
            Destination::Country(code) => {
                crate::vocab::country(code).map_or_else(|| code.clone(), |c| c.name.to_string())
            }
            Destination::Eea => "the European Economic Area".to_string(),
            Destination::Eu => "the European Union".to_string(),
            Destination::OutsideYourCountry => "countries outside your own".to_string(),
        }
    }
}

/// `children { … }`: the minimum age, and whether parents consent for
/// younger children. A minimum age also states that data of younger
/// children is not knowingly collected.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Children {
    /// The age under which the service does not knowingly collect data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<Node<u32>>,
    /// Whether data of younger children is collected with a parent's consent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parental_consent: Option<Node<bool>>,
}

/// `cookie "name" { … }`: a cookie or similar technology.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Cookie {
    /// Its name, or the kind of cookies it stands for ("Session cookies").
    pub name: Node<String>,
    /// What technology it is.
    #[serde(rename = "type")]
    pub tracker: Node<TrackerType>,
    /// Who provides it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider: Option<Node<String>>,
    /// First or third party.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub party: Option<Node<Party>>,
    /// Why it is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<Node<CookiePurpose>>,
    /// How long it lasts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<Node<Lifetime>>,
}

/// How long a cookie lasts.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Lifetime {
    /// Until the browser is closed.
    Session,
    /// A fixed duration.
    Duration(Duration),
}

impl Lifetime {
    /// In words: "session", "2 years".
    pub fn words(&self) -> String {
        match self {
            Lifetime::Session => "Session".to_string(),
            Lifetime::Duration(d) => d.words(),
        }
    }
}

/// `right KIND { … }`: a right people have, and how to exercise it.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Right {
    /// Which right.
    pub kind: Node<RightKind>,
    /// How to exercise it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub via: Vec<Node<Via>>,
    /// How long an answer takes at most.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_time: Option<Node<Duration>>,
}

/// A way to exercise a right.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Via {
    /// A channel of the policy's contact point.
    Contact(ChannelKind),
    /// A web address (a form, a settings page).
    Url(WebUrl),
}

/// `security { … }`: how data is protected.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Security {
    /// The measures taken.
    pub measures: Vec<Node<Measure>>,
    /// How much of the data is encrypted on the network: what Google
    /// Play's "Is all of the user data collected by your app encrypted in
    /// transit?" needs, beyond the measure being named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_transit: Option<Node<Scope>>,
}

/// A security measure: a known one, or one in words.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Measure {
    /// A measure of the vocabulary.
    Known(MeasureKind),
    /// Another measure, in words.
    Other {
        /// The measure.
        other: String,
    },
}

/// `changes { … }`: how changes to the policy are announced.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Changes {
    /// The channels used.
    pub announced: Vec<Node<Announcement>>,
}

/// `signals { … }`: browser privacy signals.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Signals {
    /// Whether Do Not Track is honoured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub do_not_track: Option<Node<Stance>>,
    /// Whether Global Privacy Control is honoured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpc: Option<Node<Stance>>,
}

/// `sale { … }`: the CCPA statements "we do not sell" and "we do not share".
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Sale {
    /// Whether personal information is sold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sells: Option<Node<bool>>,
    /// Whether it is shared for cross-context behavioural advertising.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shares: Option<Node<bool>>,
    /// Whether sensitive personal information is used or disclosed beyond
    /// the purposes of 11 CCR § 7027(m): `false` makes the right to limit
    /// its use not apply (Civ. Code § 1798.121(d)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sensitive_beyond_permitted: Option<Node<bool>>,
}

/// `automated-decision-making { … }`: whether decisions with legal or similarly
/// significant effects are made by automated means alone (GDPR Art. 22(1)
/// and (4)), and if so the logic involved and its consequences, which
/// GDPR Art. 13(2)(f) and 14(2)(g) ask the notice to give. `used = false`
/// states that the items do not apply.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct AutomatedDecisionMaking {
    /// Whether such decisions are made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub used: Option<Node<bool>>,
    /// Meaningful information about the logic involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logic: Option<Node<String>>,
    /// The significance and envisaged consequences for the person.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consequences: Option<Node<String>>,
}

/// `disclosure { … }`: the negative facts about recipients, which no list
/// of `recipient`s can state — that no third party receives personal
/// data, and that no processor does either. A notice must name the
/// recipients "if any" (GDPR Art. 13(1)(e), 14(1)(e)) and the categories
/// of third parties, or that there are none (Civ. Code § 1798.110(c)(4));
/// silence is not "none", so the statement is a fact of its own, in the
/// style of `sale { sells = false }`.
///
/// The two are apart because the laws count differently: a processor
/// acting on the organisation's behalf is a recipient under the GDPR
/// (Art. 4(9)) but not a third party under the CCPA (§ 1798.140(ai)) nor
/// sharing for Google Play. Neither denies disclosures the law compels to
/// a public authority, which the GDPR does not count as recipients (Art.
/// 4(9)) and Play does not count as sharing; `recipient authority` stays
/// allowed beside them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
pub struct Disclosure {
    /// Whether personal data is disclosed to a third party: anyone but the
    /// organisation, its processors and (compelled by law) authorities.
    /// `false` contradicts an `affiliate`, `third-party`, `advertiser`,
    /// `acquirer` or `public` recipient, and a sale or sharing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub third_parties: Option<Node<bool>>,
    /// Whether processors (service providers, contractors) receive
    /// personal data on the organisation's behalf. `false` contradicts a
    /// `recipient processor`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub processors: Option<Node<bool>>,
}

impl Disclosure {
    /// Whether the policy says no third party receives personal data.
    pub fn no_third_parties(&self) -> bool {
        self.third_parties.as_ref().is_some_and(|t| !t.node)
    }

    /// Whether the policy says no one at all receives personal data: no
    /// third party and no processor.
    pub fn no_one(&self) -> bool {
        self.no_third_parties() && self.processors.as_ref().is_some_and(|p| !p.node)
    }
}

impl RecipientKind {
    /// Whether a recipient of this kind is a third party, which
    /// `disclosure { third-parties = false }` denies: every kind but a
    /// processor (acting on the organisation's behalf) and an authority
    /// (a disclosure the law compels).
    pub fn is_third_party(self) -> bool {
        !matches!(self, RecipientKind::Processor | RecipientKind::Authority)
    }
}

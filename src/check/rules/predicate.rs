//! The predicates rules name: what makes a rule apply (`applies:`) and what
//! meets it (`requires:`). A name is a word, or a word and an argument
//! (`right:erasure`, `officer-contact:dpo`, `section-kind:retention`); each
//! is one small function over the model, which returns the place that
//! meets it (for the coverage matrix) or nothing. Adding a rule is one YAML
//! entry; adding a predicate is one arm here and one example snippet.

use super::scan::*;
use crate::keyword::Keyword;
use crate::model::practice::*;
use crate::model::*;
use crate::source::Span;

/// A predicate, parsed from its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Predicate {
    /// A fact or condition without an argument, by name.
    Simple(Simple),
    /// A right of this kind is declared.
    Right(RightKind),
    /// An officer with this role is declared.
    HasOfficer(&'static str),
    /// The officer with this role has a name.
    OfficerNamed(&'static str),
    /// The officer with this role (or the contact point) can be reached.
    OfficerContact(&'static str),
    /// A section of this kind exists: the fallback where a fact cannot be typed.
    SectionKind(SectionKind),
    /// The right of this kind states a response time no longer than this
    /// many days.
    ResponseWithin(RightKind, u32),
}

/// The officer roles rules may name.
const ROLES: [&str; 4] = ["dpo", "representative", "grievance", "privacy"];

crate::keywords! {
    /// The predicates without an argument.
    pub enum Simple: "predicate" {
        /// Always holds.
        Always = "always",
        /// Some `collect` is declared.
        CollectsData = "collects-data",
        /// Some data comes from a third party or public sources.
        CollectsFromThirdParties = "collects-from-third-parties",
        /// Some `collect` relies on consent.
        ReliesOnConsent = "relies-on-consent",
        /// Some `collect` relies on legitimate interests.
        ReliesOnLegitimateInterests = "relies-on-legitimate-interests",
        /// Some `collect` relies on a contract.
        ReliesOnContract = "relies-on-contract",
        /// Some recipient is declared.
        HasRecipients = "has-recipients",
        /// Some transfer is declared.
        TransfersAbroad = "transfers-abroad",
        /// Some recipient is a sale or a sharing, or the policy says it sells or shares.
        SellsOrShares = "sells-or-shares",
        /// Some special-category data is collected.
        CollectsSensitive = "collects-sensitive",
        /// Children under 13 may use the service, or parents consent for them.
        DirectedAtChildren = "directed-at-children",
        /// The organisation is named.
        ControllerNamed = "controller-named",
        /// The contact point has a channel.
        ControllerContact = "controller-contact",
        /// The organisation's postal address is given.
        ControllerAddress = "controller-address",
        /// Every `collect` states purposes.
        PurposesStated = "purposes-stated",
        /// Every `collect` states a legal basis.
        BasisPerPurpose = "basis-per-purpose",
        /// Every legitimate interest is named (the lowering enforces it).
        LegitimateInterestsNamed = "legitimate-interests-named",
        /// Some `collect` lists data categories.
        CategoriesStated = "categories-stated",
        /// Every `collect` states its sources.
        SourcesStated = "sources-stated",
        /// Every third-party source is named.
        ThirdPartySourcesNamed = "third-party-sources-named",
        /// Recipients are stated, or `disclosure` says no one receives data
        /// (no third party and no processor): GDPR Art. 13(1)(e)'s "if any".
        RecipientsStated = "recipients-stated",
        /// Recipients are stated, or `disclosure` says no third party
        /// receives data (processors are not third parties under the CCPA,
        /// § 1798.140(ai)).
        ThirdPartiesStated = "third-parties-stated",
        /// Every transfer states its safeguard.
        TransferSafeguardsStated = "transfer-safeguards-stated",
        /// Some retention is declared.
        RetentionStated = "retention-stated",
        /// Some `collect` says whether the data is required.
        RequirementStated = "requirement-stated",
        /// The policy says whether it sells.
        SaleStatement = "sale-statement",
        /// The policy says whether it shares for advertising.
        SharingStatement = "sharing-statement",
        /// The policy states its Do Not Track stance.
        DoNotTrackStated = "do-not-track-stated",
        /// The policy states its Global Privacy Control stance.
        GpcStated = "gpc-stated",
        /// The policy has an effective date.
        EffectiveDateStated = "effective-date-stated",
        /// The policy has a last-updated date.
        UpdatedDateStated = "updated-date-stated",
        /// The policy says how changes are announced.
        ChangesAnnounced = "changes-announced",
        /// The policy declares a `children` fact.
        ChildrenStatement = "children-statement",
        /// Parental consent is declared.
        ParentalConsentStated = "parental-consent-stated",
        /// Every right says how to exercise it.
        RightsHaveChannels = "rights-have-channels",
        /// Some right states a response time.
        ResponseTimeStated = "response-time-stated",
        /// The policy declares security measures.
        SecurityStated = "security-stated",
        /// Cookies are declared.
        CookiesStated = "cookies-stated",
        /// Some category of CCPA sensitive personal information is collected.
        CollectsSensitivePi = "collects-sensitive-pi",
        /// Some data is used to track people across other companies' apps and sites.
        TracksAcrossSites = "tracks-across-sites",
        /// The organisation's name, email, phone and postal address (COPPA).
        ContactComplete = "contact-complete",
        /// The organisation's website, or the contact's web page.
        WebsiteStated = "website-stated",
        /// Every recipient states its purposes.
        RecipientPurposesStated = "recipient-purposes-stated",
        /// A sale or sharing the policy admits names its recipients.
        SaleRecipientsStated = "sale-recipients-stated",
        /// Every retention period is bounded: a duration or until an event.
        RetentionBounded = "retention-bounded",
        /// A web address, or Global Privacy Control, to opt out of sale.
        OptOutOfSaleLink = "opt-out-of-sale-link",
        /// A web address, or Global Privacy Control, to limit sensitive data.
        LimitSensitiveLink = "limit-sensitive-link",
        /// Global Privacy Control is honoured (11 CCR § 7025(b)).
        GpcHonoured = "gpc-honoured",
        /// The rights to know, delete and correct each offer two or more
        /// methods, one of them a telephone number (§ 1798.130(a)(1)).
        RequestMethods = "request-methods",
        /// The last update is at most 12 months before the day of the check
        /// (§ 1798.130(a)(5)); without a day, an `updated` date.
        UpdatedWithinYear = "updated-within-12-months",
        /// Whether the business knowingly sells or shares the data of
        /// consumers under 16 is said: it sells and shares nothing, or it
        /// knowingly collects no data of anyone under 16.
        MinorsSaleStated = "minors-sale-stated",
        /// Sensitive personal information is collected and not stated to be
        /// used only for the purposes of 11 CCR § 7027(m).
        UsesSensitiveBeyondPermitted = "uses-sensitive-beyond-permitted",
        /// `sale { sensitive-beyond-permitted = … }` says whether sensitive
        /// personal information is used beyond § 7027(m).
        SensitiveUseStated = "sensitive-use-stated",
        /// `automated-decision-making` says none are made, or gives their logic
        /// and consequences (GDPR Art. 13(2)(f), 14(2)(g)).
        AutomatedDecisionsStated = "automated-decisions-stated",
        /// Never met by a fact: checked by hand.
        NotCheckable = "not-checkable",
    }
}

/// CCPA sensitive personal information (Civ. Code §1798.140(ae)).
/// Account log-ins, card and bank numbers count with the password or code
/// that opens them (§1798.140(ae)(1)(B)): a `password` is that credential,
/// collected with the log-in it opens. Card and bank numbers without their
/// code are not, and no category says the code: left out.
const SENSITIVE_PI: [&str; 13] = [
    "password",
    "government-id",
    "precise-location",
    "race-ethnicity",
    "religious-belief",
    "philosophical-belief",
    "trade-union",
    "email-content",
    "text-messages",
    "genetic",
    "biometric",
    "health",
    "sexual-orientation",
];

/// Special categories of personal data (GDPR Art. 9, CCPA sensitive PI).
const SENSITIVE: [&str; 13] = [
    "health",
    "race-ethnicity",
    "political-opinion",
    "religious-belief",
    "philosophical-belief",
    "sexual-orientation",
    "trade-union",
    "biometric",
    "genetic",
    "precise-location",
    "government-id",
    "criminal-record",
    "disability",
];

impl Predicate {
    /// The predicate a name names, if any.
    pub fn parse(name: &str) -> Option<Predicate> {
        if let Some((word, argument)) = name.split_once(':') {
            let role = || ROLES.iter().copied().find(|r| *r == argument);
            if word == "right-response-within" {
                let (kind, duration) = argument.split_once(':')?;
                let days = Duration::parse(duration)?.approx_seconds() / 86_400;
                return Some(Predicate::ResponseWithin(
                    RightKind::from_keyword(kind)?,
                    u32::try_from(days).ok()?,
                ));
            }
            return match word {
                "right" => RightKind::from_keyword(argument).map(Predicate::Right),
                "has-officer" => role().map(Predicate::HasOfficer),
                "officer-named" => role().map(Predicate::OfficerNamed),
                "officer-contact" => role().map(Predicate::OfficerContact),
                "section-kind" => SectionKind::from_keyword(argument).map(Predicate::SectionKind),
                _ => None,
            };
        }
        Simple::from_keyword(name).map(Predicate::Simple)
    }

    /// Whether the policy meets it, with the place that does (the policy's
    /// title for predicates that hold without a fact).
    pub fn place(self, policy: &Policy) -> Option<Span> {
        match self {
            Predicate::Simple(named) => named.place(policy),
            Predicate::Right(kind) => policy
                .practices
                .rights
                .iter()
                .find(|r| r.node.kind.node == kind)
                .map(|r| r.span),
            Predicate::HasOfficer(role) => officer(policy, role).map(|o| o.span),
            Predicate::OfficerNamed(role) => {
                officer(policy, role)?.node.name.as_ref().map(|n| n.span)
            }
            Predicate::OfficerContact(role) => {
                let officer = officer(policy, role)?;
                (!officer.node.channels.is_empty()).then_some(officer.span)
            }
            Predicate::SectionKind(kind) => policy
                .sections()
                .into_iter()
                .find(|(_, s)| s.kind.as_ref().is_some_and(|k| k.node == kind))
                .map(|(_, s)| s.title.span),
            Predicate::ResponseWithin(kind, days) => {
                let right = policy
                    .practices
                    .rights
                    .iter()
                    .find(|r| r.node.kind.node == kind)?;
                let time = right.node.response_time.as_ref()?;
                (time.node.approx_seconds() <= u64::from(days) * 86_400).then_some(right.span)
            }
        }
    }

    /// Like [`Predicate::place`], on a given day: the predicates about time
    /// (`updated-within-12-months`) judge against it.
    pub fn place_on(self, policy: &Policy, today: Option<Date>) -> Option<Span> {
        match (self, today) {
            (Predicate::Simple(Simple::UpdatedWithinYear), Some(today)) => {
                let updated = policy.meta.updated.as_ref()?;
                let due = Date {
                    year: updated.node.year.saturating_add(1),
                    ..updated.node
                };
                (today <= due).then_some(updated.span)
            }
            _ => self.place(policy),
        }
    }

    /// The fact that keeps an "every X" predicate from holding — the
    /// `collect` without purposes, the right without a channel — so that
    /// a diagnostic points at it rather than at the policy's header.
    pub fn culprit(self, policy: &Policy) -> Option<Span> {
        let Predicate::Simple(named) = self else {
            return None;
        };
        let practices = &policy.practices;
        let collection =
            |test: fn(&Collection) -> bool| first_failing(&practices.collections, test);
        match named {
            Simple::BasisPerPurpose => collection(|c| c.basis.is_some()),
            Simple::SourcesStated => collection(|c| !c.sources.is_empty()),
            Simple::RequirementStated => {
                collection(|c| !from_the_person(c) || c.required.is_some())
            }
            Simple::PurposesStated => {
                let purposed = purposed(practices);
                first_failing(&practices.collections, |c| {
                    !c.purposes.is_empty() || c.data.iter().all(|d| purposed.contains(&d.node))
                })
            }
            Simple::RequestMethods => {
                first_failing(&practices.rights, |r| !is_request(r) || request_methods(r))
            }
            Simple::ThirdPartySourcesNamed => collection(|c| {
                c.sources
                    .iter()
                    .all(|s| s.node.kind != SourceKind::ThirdParty || s.node.name.is_some())
            }),
            Simple::RightsHaveChannels => first_failing(&practices.rights, exercised),
            // What `disclosure` says, or leaves unsaid, is why recipients
            // are not stated when it is there.
            Simple::RecipientsStated | Simple::ThirdPartiesStated => {
                practices.disclosure.as_ref().map(|d| d.span)
            }
            Simple::RecipientPurposesStated => {
                first_failing(&practices.recipients, |r| !r.purposes.is_empty())
            }
            Simple::TransferSafeguardsStated => first_failing(&practices.transfers, |t| {
                t.safeguard
                    .as_ref()
                    .is_some_and(|s| s.node != Safeguard::NoneStated)
            }),
            Simple::RetentionBounded => first_failing(&practices.retention, |r| {
                !matches!(r.period.node, Period::AsLongAsNecessary)
            }),
            Simple::RetentionStated => {
                let retention = &practices.retention;
                let kept = kept(retention);
                let uncovered = practices
                    .collections
                    .iter()
                    .find(|c| c.node.data.iter().any(|d| !kept(&d.node)));
                let open = first_failing(retention, |r| {
                    !matches!(r.period.node, Period::AsLongAsNecessary) || r.criteria.is_some()
                });
                uncovered
                    .map(|c| c.span)
                    .or(open)
                    .filter(|_| !retention.is_empty())
            }
            _ => None,
        }
    }
}

impl Simple {
    fn place(self, policy: &Policy) -> Option<Span> {
        let practices = &policy.practices;
        let title = policy.title.span;
        match self {
            Simple::Always => Some(title),
            Simple::CollectsData | Simple::CategoriesStated => {
                some_collection(policy, |c| !c.data.is_empty())
            }
            Simple::CollectsFromThirdParties => some_collection(policy, |c| {
                c.sources
                    .iter()
                    .any(|s| matches!(s.node.kind, SourceKind::ThirdParty | SourceKind::Public))
            }),
            Simple::ReliesOnConsent => relies_on(policy, BasisKind::Consent),
            Simple::ReliesOnLegitimateInterests => {
                relies_on(policy, BasisKind::LegitimateInterests)
            }
            Simple::ReliesOnContract => relies_on(policy, BasisKind::Contract),
            Simple::HasRecipients => practices.recipients.first().map(|r| r.span),
            Simple::RecipientsStated => recipients_stated(practices, true),
            Simple::ThirdPartiesStated => recipients_stated(practices, false),
            Simple::TransfersAbroad => practices.transfers.first().map(|t| t.span),
            Simple::SellsOrShares => {
                let flagged = practices
                    .recipients
                    .iter()
                    .find(|r| r.node.sale.as_ref().is_some_and(|s| s.node) || shares(&r.node));
                let said = practices.sale.as_ref().filter(|s| {
                    s.node.sells.as_ref().is_some_and(|b| b.node)
                        || s.node.shares.as_ref().is_some_and(|b| b.node)
                });
                flagged.map(|r| r.span).or(said.map(|s| s.span))
            }
            Simple::CollectsSensitive => some_collection(policy, |c| {
                c.data.iter().any(|d| SENSITIVE.contains(&d.node.name()))
            }),
            Simple::DirectedAtChildren => {
                let children = practices.children.as_ref()?;
                let young = children
                    .node
                    .minimum_age
                    .as_ref()
                    .is_some_and(|a| a.node < 13);
                let consent = children
                    .node
                    .parental_consent
                    .as_ref()
                    .is_some_and(|c| c.node);
                (young || consent).then_some(children.span)
            }
            Simple::ControllerNamed => policy.org.as_ref()?.node.name.as_ref().map(|n| n.span),
            Simple::ControllerContact => {
                let contact = policy.contact.as_ref()?;
                (!contact.node.channels.is_empty()).then_some(contact.span)
            }
            Simple::ControllerAddress => {
                let org_address = policy.org.as_ref().and_then(|o| o.node.address.as_ref());
                let contact_address = policy
                    .contact
                    .as_ref()
                    .and_then(|c| c.node.channels.address.as_ref());
                org_address.or(contact_address).map(|a| a.span)
            }
            Simple::PurposesStated => {
                let purposed = purposed(practices);
                every_collection(policy, |c| {
                    !c.purposes.is_empty() || c.data.iter().all(|d| purposed.contains(&d.node))
                })
            }
            Simple::BasisPerPurpose => every_collection(policy, |c| c.basis.is_some()),
            Simple::LegitimateInterestsNamed => every_collection(policy, |c| {
                c.basis.as_ref().is_none_or(|b| {
                    b.node.kind != BasisKind::LegitimateInterests || b.node.interest.is_some()
                })
            }),
            Simple::SourcesStated => every_collection(policy, |c| !c.sources.is_empty()),
            Simple::ThirdPartySourcesNamed => every_collection(policy, |c| {
                c.sources
                    .iter()
                    .all(|s| s.node.kind != SourceKind::ThirdParty || s.node.name.is_some())
            }),
            Simple::TransferSafeguardsStated => every(&practices.transfers, title, |t| {
                t.safeguard
                    .as_ref()
                    .is_some_and(|s| s.node != Safeguard::NoneStated)
            }),
            Simple::RetentionStated => retention_stated(practices),
            Simple::RetentionBounded => every(&practices.retention, title, |r| {
                !matches!(r.period.node, Period::AsLongAsNecessary)
            }),
            Simple::RequirementStated => {
                every_collection(policy, |c| !from_the_person(c) || c.required.is_some())
            }
            Simple::GpcHonoured => {
                let gpc = practices.signals.as_ref()?.node.gpc.as_ref()?;
                (gpc.node == Stance::Honoured).then_some(gpc.span)
            }
            Simple::RequestMethods => {
                let requests: Vec<_> = practices
                    .rights
                    .iter()
                    .filter(|r| is_request(&r.node))
                    .collect();
                let first = requests.first()?;
                requests
                    .iter()
                    .all(|r| request_methods(&r.node))
                    .then_some(first.span)
            }
            Simple::UpdatedWithinYear => policy.meta.updated.as_ref().map(|d| d.span),
            Simple::MinorsSaleStated => minors_sale_stated(policy),
            Simple::UsesSensitiveBeyondPermitted => {
                let stated = practices
                    .sale
                    .as_ref()
                    .and_then(|s| s.node.sensitive_beyond_permitted.as_ref());
                if stated.is_some_and(|s| !s.node) {
                    return None;
                }
                Simple::CollectsSensitivePi.place(policy)
            }
            Simple::SensitiveUseStated => practices
                .sale
                .as_ref()?
                .node
                .sensitive_beyond_permitted
                .as_ref()
                .map(|s| s.span),
            Simple::AutomatedDecisionsStated => automated_decision_making_stated(practices),
            Simple::SaleStatement => {
                let sale = practices.sale.as_ref()?;
                sale.node.sells.as_ref().map(|_| sale.span)
            }
            Simple::SharingStatement => {
                let sale = practices.sale.as_ref()?;
                sale.node.shares.as_ref().map(|_| sale.span)
            }
            Simple::DoNotTrackStated => practices
                .signals
                .as_ref()?
                .node
                .do_not_track
                .as_ref()
                .map(|s| s.span),
            Simple::GpcStated => practices
                .signals
                .as_ref()?
                .node
                .gpc
                .as_ref()
                .map(|s| s.span),
            Simple::EffectiveDateStated => policy.meta.effective.as_ref().map(|d| d.span),
            Simple::UpdatedDateStated => policy.meta.updated.as_ref().map(|d| d.span),
            Simple::ChangesAnnounced => practices.changes.as_ref().map(|c| c.span),
            Simple::ChildrenStatement => practices.children.as_ref().map(|c| c.span),
            Simple::ParentalConsentStated => practices
                .children
                .as_ref()?
                .node
                .parental_consent
                .as_ref()
                .map(|c| c.span),
            Simple::RightsHaveChannels => every(&practices.rights, title, exercised),
            Simple::CollectsSensitivePi => some_collection(policy, |c| {
                c.data.iter().any(|d| SENSITIVE_PI.contains(&d.node.name()))
            }),
            Simple::TracksAcrossSites => {
                some_collection(policy, |c| c.tracking.as_ref().is_some_and(|t| t.node))
            }
            Simple::ContactComplete => {
                let org = &policy.org.as_ref()?.node;
                let contact = policy.contact.as_ref()?;
                let channels = &contact.node.channels;
                let address = channels.address.is_some() || org.address.is_some();
                (org.name.is_some()
                    && channels.email.is_some()
                    && channels.phone.is_some()
                    && address)
                    .then_some(contact.span)
            }
            Simple::WebsiteStated => {
                let website = policy.org.as_ref().and_then(|o| o.node.website.as_ref());
                let url = policy
                    .contact
                    .as_ref()
                    .and_then(|c| c.node.channels.url.as_ref());
                website.or(url).map(|w| w.span)
            }
            Simple::RecipientPurposesStated => {
                every(&practices.recipients, title, |r| !r.purposes.is_empty())
            }
            Simple::SaleRecipientsStated => {
                let Some(sale) = &practices.sale else {
                    return Some(title);
                };
                let says = |flag: &Option<Node<bool>>| flag.as_ref().is_some_and(|f| f.node);
                let named = |flag: fn(&Recipient) -> &Option<Node<bool>>| {
                    practices.recipients.iter().any(|r| says(flag(&r.node)))
                };
                let sells_ok = !says(&sale.node.sells) || named(|r| &r.sale);
                let shares_ok = !says(&sale.node.shares) || named(|r| &r.sharing);
                (sells_ok && shares_ok).then_some(sale.span)
            }
            Simple::OptOutOfSaleLink => link_or_gpc(policy, RightKind::OptOutOfSale),
            Simple::LimitSensitiveLink => link_or_gpc(policy, RightKind::LimitSensitive),
            Simple::NotCheckable => None,
            Simple::ResponseTimeStated => practices
                .rights
                .iter()
                .find(|r| r.node.response_time.is_some())
                .map(|r| r.span),
            Simple::SecurityStated => practices.security.as_ref().map(|s| s.span),
            Simple::CookiesStated => practices.cookies.first().map(|c| c.span),
        }
    }
}

//! What rules say in words and examples: for each predicate, what is
//! missing when it fails (messages), a `.policy` snippet that meets it and
//! one that breaks it, and the slot a snippet fills (explanations build
//! their wrong and right examples from these).

use super::predicate::{Predicate, Simple};
use crate::keyword::{Keyword, lowercase_first};
use crate::model::practice::RightKind;

impl Predicate {
    /// What an example of this predicate replaces: two snippets with the
    /// same slot cannot stand in one policy (one `org`, one `contact`), and
    /// a requirement's snippet replaces the base policy's in its slot.
    pub fn slot(self) -> Option<&'static str> {
        match self {
            Predicate::HasOfficer(_)
            | Predicate::OfficerNamed(_)
            | Predicate::OfficerContact(_) => Some("contact"),
            Predicate::Simple(named) => named.slot(),
            Predicate::Right(_) | Predicate::SectionKind(_) | Predicate::ResponseWithin(..) => None,
        }
    }

    /// What is missing when the predicate does not hold, in words: where a
    /// diagnostic stands for several rules, or for a part of one, it says
    /// this rather than a rule's summary.
    pub fn missing_words(self) -> String {
        match self {
            Predicate::Simple(named) => named.missing_words().to_string(),
            Predicate::Right(kind) => format!("the right to {}", lowercase_first(kind.label())),
            Predicate::HasOfficer(role) => format!("no `officer {role}` is declared"),
            Predicate::OfficerNamed(role) => format!("the `officer {role}` has no name"),
            Predicate::OfficerContact(role) => {
                format!("the `officer {role}` has no way to be reached")
            }
            Predicate::SectionKind(kind) => format!("no section of kind `{}`", kind.keyword()),
            Predicate::ResponseWithin(kind, days) => format!(
                "the right to {} states no response time within {days} days",
                lowercase_first(kind.label())
            ),
        }
    }

    /// A snippet in which the predicate fails where the rule applies, when
    /// its absence alone does not make it fail.
    pub fn broken(self) -> Option<(Option<&'static str>, String)> {
        match self {
            Predicate::Simple(named) => named.broken().map(|(slot, text)| (slot, text.to_string())),
            _ => None,
        }
    }

    /// Whether the language itself makes the predicate hold wherever a rule
    /// can ask for it: a legitimate interest must be named, and a `collect`
    /// must list its data (E0215).
    pub fn enforced(self) -> bool {
        matches!(
            self,
            Predicate::Simple(Simple::LegitimateInterestsNamed | Simple::CategoriesStated)
        )
    }

    /// A `.policy` snippet that meets the predicate, for explanations.
    pub fn example(self) -> String {
        match self {
            Predicate::Simple(named) => named.example().to_string(),
            // A complaint is lodged with the supervisory authority, not the
            // organisation: its `via` is the authority's complaint page.
            Predicate::Right(RightKind::Complaint) => {
                "right complaint { via = [\"https://authority.example/complaints\"] }".to_string()
            }
            Predicate::Right(kind) => format!("right {} {{ via = email }}", kind.keyword()),
            Predicate::HasOfficer(role) => {
                format!(
                    "contact {{\n  email = \"privacy@example.com\"\n  officer {role} {{ title = \"Officer\" }}\n}}"
                )
            }
            Predicate::OfficerNamed(role) | Predicate::OfficerContact(role) => {
                format!(
                    "contact {{\n  email = \"privacy@example.com\"\n  officer {role} {{\n    name  = \"Dana Smith\"\n    email = \"{role}@example.com\"\n  }}\n}}"
                )
            }
            Predicate::SectionKind(kind) => {
                format!("section {} \"…\" {{ text \"…\" }}", kind.keyword())
            }
            Predicate::ResponseWithin(kind, days) => format!(
                "right {} {{\n  via           = email\n  response-time = P{days}D\n}}",
                kind.keyword()
            ),
        }
    }
}

impl Simple {
    pub(super) fn missing_words(self) -> &'static str {
        match self {
            Simple::Always => "nothing",
            Simple::CollectsData | Simple::CategoriesStated => {
                "no `collect` says what data is collected"
            }
            Simple::CollectsFromThirdParties => "no data comes from a third party",
            Simple::ReliesOnConsent => "no processing relies on consent",
            Simple::ReliesOnLegitimateInterests => "no processing relies on legitimate interests",
            Simple::ReliesOnContract => "no processing relies on a contract",
            Simple::HasRecipients => "no `recipient` is declared",
            Simple::RecipientsStated => {
                "no `recipient` is declared (one of each kind `disclosure` says receives data), and the policy does not say that no one (neither a third party nor a processor) receives personal data"
            }
            Simple::ThirdPartiesStated => {
                "no `recipient` is declared (a third party, where `disclosure` says one receives data), and the policy does not say that no third party receives personal data"
            }
            Simple::TransfersAbroad => "no `transfer` is declared",
            Simple::SellsOrShares => "nothing is sold or shared",
            Simple::CollectsSensitive | Simple::CollectsSensitivePi => {
                "no sensitive data is collected"
            }
            Simple::DirectedAtChildren => "the service is not directed at children",
            Simple::ControllerNamed => "the organisation is not named",
            Simple::ControllerContact => "the contact point has no email, url, phone or address",
            Simple::ControllerAddress => "no postal address is given",
            Simple::PurposesStated => "a `collect` states no purposes",
            Simple::BasisPerPurpose => "a `collect` states no legal basis",
            Simple::LegitimateInterestsNamed => "a legitimate interest is not named",
            Simple::SourcesStated => "a `collect` does not say where the data comes from",
            Simple::ThirdPartySourcesNamed => "a third-party source is not named",
            Simple::TransferSafeguardsStated => "a `transfer` states no safeguard",
            Simple::RetentionStated => {
                "some collected data has no retention period, or an open-ended one no criteria"
            }
            Simple::RequirementStated => "a `collect` does not say whether the data is required",
            Simple::SaleStatement => {
                "the policy does not say whether it sells personal information"
            }
            Simple::SharingStatement => {
                "the policy does not say whether it shares personal information"
            }
            Simple::DoNotTrackStated => "the policy does not say how it answers Do Not Track",
            Simple::GpcStated => "the policy does not say how it answers Global Privacy Control",
            Simple::EffectiveDateStated => "the policy has no `effective` date",
            Simple::UpdatedDateStated => "the policy has no `updated` date",
            Simple::ChangesAnnounced => "the policy does not say how changes are announced",
            Simple::ChildrenStatement => "the policy says nothing about children",
            Simple::ParentalConsentStated => "the policy does not say whether parents consent",
            Simple::RightsHaveChannels => "a right does not say how to exercise it",
            Simple::ResponseTimeStated => "no right states a response time",
            Simple::SecurityStated => "the policy says nothing about security",
            Simple::CookiesStated => "no cookie is declared",
            Simple::TracksAcrossSites => "nothing is used for tracking",
            Simple::ContactComplete => {
                "the name, email, phone and postal address are not all given"
            }
            Simple::WebsiteStated => "no website is given",
            Simple::RecipientPurposesStated => "a `recipient` states no purposes",
            Simple::SaleRecipientsStated => "a sale or sharing names no recipient",
            Simple::RetentionBounded => "a retention period is open-ended",
            Simple::OptOutOfSaleLink => {
                "no web address or Global Privacy Control to opt out of sale or sharing"
            }
            Simple::LimitSensitiveLink => {
                "no web address or Global Privacy Control to limit the use of sensitive data"
            }
            Simple::GpcHonoured => "Global Privacy Control is not honoured",
            Simple::RequestMethods => {
                "the rights to know, delete and correct do not each offer two or more methods, one of them a telephone number"
            }
            Simple::UpdatedWithinYear => "the policy was not updated in the 12 months before today",
            Simple::MinorsSaleStated => {
                "the policy does not say whether it knowingly sells or shares personal information of consumers under 16"
            }
            Simple::UsesSensitiveBeyondPermitted => {
                "no sensitive personal information is used beyond the purposes of 11 CCR § 7027(m)"
            }
            Simple::SensitiveUseStated => {
                "the policy does not say whether sensitive personal information is used beyond the purposes of 11 CCR § 7027(m)"
            }
            Simple::AutomatedDecisionsStated => {
                "the policy does not say whether it makes decisions by automated means alone, or what their logic and consequences are"
            }
            Simple::NotCheckable => "to be checked by hand",
        }
    }

    pub(super) fn slot(self) -> Option<&'static str> {
        match self {
            Simple::ControllerNamed | Simple::ControllerAddress | Simple::WebsiteStated => {
                Some("org")
            }
            Simple::ControllerContact | Simple::ContactComplete => Some("contact"),
            Simple::CategoriesStated
            | Simple::PurposesStated
            | Simple::BasisPerPurpose
            | Simple::SourcesStated
            | Simple::ThirdPartySourcesNamed
            | Simple::RequirementStated => Some("collect"),
            Simple::SaleStatement
            | Simple::SharingStatement
            | Simple::SellsOrShares
            | Simple::MinorsSaleStated
            | Simple::SensitiveUseStated => Some("sale"),
            Simple::DoNotTrackStated | Simple::GpcStated | Simple::GpcHonoured => Some("signals"),
            Simple::DirectedAtChildren
            | Simple::ParentalConsentStated
            | Simple::ChildrenStatement => Some("children"),
            Simple::EffectiveDateStated => Some("effective"),
            Simple::UpdatedDateStated | Simple::UpdatedWithinYear => Some("updated"),
            _ => None,
        }
    }

    /// A snippet in which this requirement fails though the conditions of
    /// the rules that ask for it hold: "every X" predicates hold of nothing,
    /// so the wrong example needs an X without what they ask.
    pub(super) fn broken(self) -> Option<(Option<&'static str>, &'static str)> {
        let snippet = match self {
            // A category no other `collect` states purposes for: a basis-only
            // `collect` of data purposed elsewhere meets `purposes-stated`.
            Simple::PurposesStated | Simple::BasisPerPurpose => {
                (Some("collect"), "collect { data = [name] }")
            }
            Simple::SourcesStated | Simple::RequirementStated => (
                Some("collect"),
                "collect {\n  data     = [email]\n  purposes = [service-provision]\n  basis    = contract\n}",
            ),
            Simple::ThirdPartySourcesNamed => (
                Some("collect"),
                "collect {\n  data = [email]\n  from = third-party\n}",
            ),
            Simple::RightsHaveChannels => (None, "right access"),
            Simple::RecipientPurposesStated => (None, "recipient processor \"Mailer Inc\""),
            Simple::TransferSafeguardsStated => (None, "transfer { to = [US] }"),
            Simple::GpcHonoured => (
                Some("signals"),
                "signals {\n  do-not-track = not-honoured\n  gpc          = not-honoured\n}",
            ),
            Simple::RequestMethods => (None, "right access { via = email }"),
            Simple::RetentionBounded => (
                None,
                "retain { period = as-long-as-necessary  criteria = \"while you use the service\" }",
            ),
            _ => return None,
        };
        Some(snippet)
    }

    pub(super) fn example(self) -> &'static str {
        match self {
            Simple::Always => "",
            // Collections say everything "every collect" predicates ask,
            // so that one added for a condition breaks no requirement.
            Simple::CollectsData
            | Simple::CategoriesStated
            | Simple::SourcesStated
            | Simple::ReliesOnContract
            | Simple::PurposesStated
            | Simple::BasisPerPurpose
            | Simple::RequirementStated => {
                "collect {\n  data     = [email]\n  from     = person\n  purposes = [service-provision]\n  basis    = contract\n  required = true\n}"
            }
            Simple::CollectsFromThirdParties | Simple::ThirdPartySourcesNamed => {
                "collect {\n  data     = [email]\n  from     = third-party \"LinkedIn\"\n  purposes = [service-provision]\n  basis    = contract\n  required = false\n}"
            }
            Simple::ReliesOnConsent => {
                "collect {\n  data     = [email]\n  from     = person\n  purposes = [first-party-marketing]\n  basis    = consent\n  required = false\n}"
            }
            Simple::ReliesOnLegitimateInterests | Simple::LegitimateInterestsNamed => {
                "collect {\n  data     = [ip-address]\n  from     = device\n  purposes = [security]\n  basis    = legitimate-interests \"keeping the service secure\"\n  required = true\n}"
            }
            Simple::HasRecipients | Simple::RecipientsStated | Simple::ThirdPartiesStated => {
                "recipient processor \"Mailer Inc\" { purposes = [developer-communications] }"
            }
            Simple::TransfersAbroad | Simple::TransferSafeguardsStated => {
                "transfer {\n  to        = [US]\n  safeguard = standard-contractual-clauses\n}"
            }
            Simple::SellsOrShares => "sale { sells = true }",
            Simple::CollectsSensitive => {
                "collect {\n  data     = [health]\n  from     = person\n  purposes = [service-provision]\n  basis    = consent\n  required = false\n}"
            }
            Simple::DirectedAtChildren | Simple::ParentalConsentStated => {
                "children {\n  minimum-age      = 8\n  parental-consent = true\n}"
            }
            Simple::ControllerNamed => "org { name = \"Example Ltd\" }",
            Simple::ControllerContact => "contact { email = \"privacy@example.com\" }",
            Simple::ControllerAddress => {
                "org {\n  name    = \"Example Ltd\"\n  address = \"1 Example Street, London\"\n}"
            }
            Simple::RetentionStated => "retain { period = P2Y }",
            Simple::SaleStatement | Simple::SharingStatement => {
                "sale {\n  sells  = false\n  shares = false\n}"
            }
            Simple::DoNotTrackStated | Simple::GpcStated | Simple::GpcHonoured => {
                "signals {\n  do-not-track = not-honoured\n  gpc          = honoured\n}"
            }
            Simple::EffectiveDateStated => "effective = 2024-01-01",
            Simple::UpdatedDateStated | Simple::UpdatedWithinYear => "updated = 2024-01-01",
            Simple::RequestMethods => {
                "right access { via = [email, phone] }\nright erasure { via = [email, phone] }\nright rectification { via = [email, phone] }"
            }
            Simple::MinorsSaleStated => "sale {\n  sells  = false\n  shares = false\n}",
            Simple::ChangesAnnounced => "changes { announced = [policy-page, email] }",
            Simple::ChildrenStatement => "children { minimum-age = 13 }",
            Simple::RightsHaveChannels | Simple::ResponseTimeStated => {
                "right access {\n  via           = email\n  response-time = P30D\n}"
            }
            Simple::SecurityStated => "security { measures = [encryption-in-transit] }",
            Simple::CookiesStated => "cookie \"_session\" { purpose = strictly-necessary }",
            Simple::CollectsSensitivePi => {
                "collect {\n  data     = [precise-location]\n  from     = device\n  purposes = [service-provision]\n  basis    = consent\n  required = false\n}"
            }
            Simple::TracksAcrossSites => {
                "collect {\n  data     = [device-id]\n  from     = device\n  purposes = [third-party-advertising]\n  basis    = consent\n  required = false\n  tracking = true\n}"
            }
            Simple::ContactComplete => {
                "contact {\n  email   = \"privacy@example.com\"\n  phone   = \"+1 555 0100\"\n  address = \"1 Example Street, Springfield\"\n}"
            }
            Simple::WebsiteStated => {
                "org {\n  name    = \"Example Ltd\"\n  website = \"https://example.com\"\n}"
            }
            Simple::RecipientPurposesStated | Simple::SaleRecipientsStated => {
                "recipient advertiser \"Ads Co\" {\n  purposes = [third-party-advertising]\n  sale     = true\n}"
            }
            Simple::RetentionBounded => "retain { period = until \"you close your account\" }",
            Simple::OptOutOfSaleLink => {
                "right opt-out-of-sale { via = \"https://example.com/do-not-sell\" }"
            }
            Simple::LimitSensitiveLink => {
                "right limit-sensitive { via = \"https://example.com/limit\" }"
            }
            Simple::UsesSensitiveBeyondPermitted => {
                "collect {\n  data     = [precise-location]\n  from     = device\n  purposes = [targeted-advertising]\n  basis    = consent\n  required = false\n}"
            }
            Simple::SensitiveUseStated => {
                "sale {\n  sells                      = false\n  shares                     = false\n  sensitive-beyond-permitted = false\n}"
            }
            Simple::AutomatedDecisionsStated => "automated-decision-making { used = false }",
            Simple::NotCheckable => "",
        }
    }
}

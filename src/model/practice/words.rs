//! The closed vocabularies of data practices: each one
//! [`keywords!`](crate::keywords) table, so lowering, "did you mean", help
//! texts, the views and the exporters all read the same words.

use crate::keywords;

keywords! {
    /// Where collected data comes from.
    pub enum SourceKind: "source" {
        /// The person gives it (a form, a message).
        Person = "person",
        /// Automatically, from the person's device or browser.
        Device = "device",
        /// Another organisation (named with `third-party "Name"`).
        ThirdParty = "third-party",
        /// Publicly available sources.
        Public = "public",
    }
}

keywords! {
    /// A legal basis of GDPR Art. 6(1).
    pub enum BasisKind: "legal basis" {
        /// Art. 6(1)(a): the person's consent.
        Consent = "consent",
        /// Art. 6(1)(b): a contract with the person, or steps before one.
        Contract = "contract",
        /// Art. 6(1)(c): a legal obligation of the controller.
        LegalObligation = "legal-obligation",
        /// Art. 6(1)(d): someone's vital interests.
        VitalInterests = "vital-interests",
        /// Art. 6(1)(e): a task in the public interest or official authority.
        PublicTask = "public-task",
        /// Art. 6(1)(f): legitimate interests, named with
        /// `legitimate-interests "…"`.
        LegitimateInterests = "legitimate-interests",
    }
}

impl BasisKind {
    /// The point of GDPR Art. 6(1) it is, e.g. `a`.
    pub fn gdpr_point(self) -> &'static str {
        match self {
            BasisKind::Consent => "a",
            BasisKind::Contract => "b",
            BasisKind::LegalObligation => "c",
            BasisKind::VitalInterests => "d",
            BasisKind::PublicTask => "e",
            BasisKind::LegitimateInterests => "f",
        }
    }

    /// How readers see it.
    pub fn label(self) -> &'static str {
        match self {
            BasisKind::Consent => "Consent",
            BasisKind::Contract => "Contract",
            BasisKind::LegalObligation => "Legal obligation",
            BasisKind::VitalInterests => "Vital interests",
            BasisKind::PublicTask => "Public task",
            BasisKind::LegitimateInterests => "Legitimate interests",
        }
    }
}

keywords! {
    /// Who receives data from the organisation.
    pub enum RecipientKind: "recipient kind" {
        /// Processes data on the organisation's behalf (a CCPA service provider).
        Processor = "processor",
        /// A company of the same group.
        Affiliate = "affiliate",
        /// An independent organisation that decides its own use.
        ThirdParty = "third-party",
        /// An advertising partner.
        Advertiser = "advertiser",
        /// A public authority, court or regulator.
        Authority = "authority",
        /// A buyer or successor in a merger, sale or reorganisation.
        Acquirer = "acquirer",
        /// Other users of the service, or the public.
        Public = "public",
    }
}

impl RecipientKind {
    /// How readers see the kind.
    pub fn label(self) -> &'static str {
        match self {
            RecipientKind::Processor => "Service providers",
            RecipientKind::Affiliate => "Affiliates",
            RecipientKind::ThirdParty => "Third parties",
            RecipientKind::Advertiser => "Advertising partners",
            RecipientKind::Authority => "Authorities",
            RecipientKind::Acquirer => "Acquirers in a business transfer",
            RecipientKind::Public => "Other users and the public",
        }
    }
}

keywords! {
    /// What makes an international transfer lawful.
    pub enum Safeguard: "safeguard" {
        /// An adequacy decision (GDPR Art. 45).
        Adequacy = "adequacy",
        /// Standard contractual clauses (GDPR Art. 46(2)(c)).
        StandardContractualClauses = "standard-contractual-clauses",
        /// Binding corporate rules (GDPR Art. 47).
        BindingCorporateRules = "binding-corporate-rules",
        /// The person's explicit consent (GDPR Art. 49(1)(a)).
        Consent = "consent",
        /// The policy names no safeguard.
        NoneStated = "none-stated",
    }
}

impl Safeguard {
    /// How readers see it.
    pub fn label(self) -> &'static str {
        match self {
            Safeguard::Adequacy => "Adequacy decision",
            Safeguard::StandardContractualClauses => "Standard contractual clauses",
            Safeguard::BindingCorporateRules => "Binding corporate rules",
            Safeguard::Consent => "Your consent",
            Safeguard::NoneStated => "None stated",
        }
    }
}

keywords! {
    /// What a cookie or similar technology is.
    pub enum TrackerType: "tracker type" {
        /// An HTTP cookie.
        Cookie = "cookie",
        /// Local or session storage in the browser.
        LocalStorage = "local-storage",
        /// A pixel, beacon or tag.
        Pixel = "pixel",
        /// A software development kit in an app.
        Sdk = "sdk",
    }
}

keywords! {
    /// Whose cookie it is.
    pub enum Party: "party" {
        /// Set by the organisation's own site.
        First = "first",
        /// Set by another organisation.
        Third = "third",
    }
}

keywords! {
    /// Why a cookie is set, in the usual four classes of consent banners.
    pub enum CookiePurpose: "cookie purpose" {
        /// Needed for the service to work.
        StrictlyNecessary = "strictly-necessary",
        /// Remembers choices.
        Preferences = "preferences",
        /// Measures use.
        Analytics = "analytics",
        /// Advertising and cross-site tracking.
        Advertising = "advertising",
    }
}

impl CookiePurpose {
    /// How readers see it.
    pub fn label(self) -> &'static str {
        match self {
            CookiePurpose::StrictlyNecessary => "Strictly necessary",
            CookiePurpose::Preferences => "Preferences",
            CookiePurpose::Analytics => "Analytics",
            CookiePurpose::Advertising => "Advertising",
        }
    }
}

keywords! {
    /// A right people have over their data.
    pub enum RightKind: "right" {
        /// To access, or know, what is held (GDPR Art. 15, CCPA §1798.110).
        Access = "access",
        /// To have it corrected (GDPR Art. 16, CCPA §1798.106).
        Rectification = "rectification",
        /// To have it deleted (GDPR Art. 17, CCPA §1798.105).
        Erasure = "erasure",
        /// To restrict processing (GDPR Art. 18).
        Restriction = "restriction",
        /// To receive it in a portable format (GDPR Art. 20).
        Portability = "portability",
        /// To object to processing (GDPR Art. 21).
        Objection = "objection",
        /// Not to be subject to solely automated decisions (GDPR Art. 22).
        AutomatedDecisionMaking = "automated-decisions",
        /// To withdraw consent at any time (GDPR Art. 7(3)).
        WithdrawConsent = "withdraw-consent",
        /// To opt out of the sale or sharing of data (CCPA §1798.120).
        OptOutOfSale = "opt-out-of-sale",
        /// To limit the use of sensitive data (CCPA §1798.121).
        LimitSensitive = "limit-sensitive",
        /// To opt out of direct marketing.
        OptOutOfMarketing = "opt-out-of-marketing",
        /// To complain to a supervisory authority (GDPR Art. 77).
        Complaint = "complaint",
        /// Not to be discriminated against for exercising a right (CCPA §1798.125).
        NonDiscrimination = "non-discrimination",
        /// To have grievances redressed (DPDP Act s.13).
        Grievance = "grievance",
        /// To nominate someone to act on one's behalf (DPDP Act s.14).
        Nomination = "nomination",
    }
}

impl RightKind {
    /// How readers see it.
    pub fn label(self) -> &'static str {
        match self {
            RightKind::Access => "Access your data",
            RightKind::Rectification => "Correct your data",
            RightKind::Erasure => "Delete your data",
            RightKind::Restriction => "Restrict processing",
            RightKind::Portability => "Take your data elsewhere",
            RightKind::Objection => "Object to processing",
            RightKind::AutomatedDecisionMaking => "Not be subject to automated decisions",
            RightKind::WithdrawConsent => "Withdraw your consent",
            RightKind::OptOutOfSale => "Opt out of sale or sharing",
            RightKind::LimitSensitive => "Limit the use of sensitive data",
            RightKind::OptOutOfMarketing => "Opt out of marketing",
            RightKind::Complaint => "Complain to a supervisory authority",
            RightKind::NonDiscrimination => "Not be discriminated against",
            RightKind::Grievance => "Have a grievance redressed",
            RightKind::Nomination => "Nominate someone to act for you",
        }
    }
}

keywords! {
    /// A measure that protects data.
    pub enum MeasureKind: "security measure" {
        /// Encryption of data on the network.
        EncryptionInTransit = "encryption-in-transit",
        /// Encryption of stored data.
        EncryptionAtRest = "encryption-at-rest",
        /// Access limited to those who need it.
        AccessControl = "access-control",
        /// Pseudonymisation or anonymisation.
        Pseudonymisation = "pseudonymisation",
        /// Monitoring for attacks and misuse.
        Monitoring = "monitoring",
        /// Regular security reviews and audits.
        Audits = "audits",
        /// Training of staff.
        StaffTraining = "staff-training",
        /// Physical security of premises and servers.
        PhysicalSecurity = "physical-security",
        /// Backups and recovery.
        Backups = "backups",
    }
}

keywords! {
    /// How changes to the policy are announced.
    pub enum Announcement: "announcement channel" {
        /// A new date and text on the policy page.
        PolicyPage = "policy-page",
        /// A notice on the website.
        Website = "website",
        /// An email to users.
        Email = "email",
        /// A notice in the app.
        InApp = "in-app",
    }
}

keywords! {
    /// How much of the data a measure covers: Play's form asks whether
    /// *all* user data is encrypted in transit, which "such as HTTPS" does
    /// not say.
    pub enum Scope: "scope" {
        /// Every piece of user data the service handles.
        All = "all",
        /// Only part of it.
        Some = "some",
    }
}

keywords! {
    /// How people create an account in the app, in Google Play's choices
    /// (its Data safety form's "account creation" question).
    pub enum AccountCreation: "account creation method" {
        /// A username (or email address) and a password.
        UsernamePassword = "username-password",
        /// A username and another authentication, such as a one-time code.
        UsernameOtherAuth = "username-other-auth",
        /// A username, a password and another authentication.
        UsernamePasswordOtherAuth = "username-password-other-auth",
        /// An account of another service, through OAuth.
        Oauth = "oauth",
        /// Another way, described in `creation-other`.
        Other = "other",
        /// People cannot create an account in the app.
        None = "none",
    }
}

keywords! {
    /// How accounts made outside the app, that people log in with, are
    /// created, in Google Play's choices.
    pub enum OutsideAccount: "outside account type" {
        /// Identification outside the app: SIM binding, a subscription.
        OutOfAppId = "out-of-app-id",
        /// An employer's or an enterprise's account.
        Enterprise = "enterprise",
        /// Another way, described in `outside-other`.
        Other = "other",
        /// People cannot log in with an account made outside the app.
        None = "none",
    }
}

keywords! {
    /// Whether a browser privacy signal is acted upon.
    pub enum Stance: "stance" {
        /// The signal is honoured.
        Honoured = "honoured",
        /// The signal is not acted upon.
        NotHonoured = "not-honoured",
    }
}

keywords! {
    /// A way to reach the organisation named in a `via` list: the matching
    /// channel of the policy's `contact`.
    pub enum ChannelKind: "contact channel" {
        /// The contact's email address.
        Email = "email",
        /// The contact's web page.
        Url = "url",
        /// The contact's telephone number.
        Phone = "phone",
        /// The contact's postal address.
        Address = "address",
    }
}

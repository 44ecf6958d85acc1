//! The closed vocabularies of the document's structure: policy kinds,
//! section kinds, compliance profiles and numbering styles. Each is one
//! [`keywords!`](crate::keywords) table.

use crate::keyword::Keyword;
use crate::keywords;

keywords! {
    /// The kinds of policy the language knows.
    pub enum PolicyKind: "policy kind" {
        /// A privacy policy: requires collection, use, sharing and contact sections.
        Privacy = "privacy",
        /// A cookie policy.
        Cookies = "cookies",
        /// Terms of use or service.
        Terms = "terms",
    }
}

keywords! {
    /// The kinds of section the validator knows.
    pub enum SectionKind: "section kind" {
        /// Opening words.
        Introduction = "introduction",
        /// Defined words.
        Definitions = "definitions",
        /// What is collected.
        Collection = "collection",
        /// What it is used for.
        Use = "use",
        /// The legal grounds for processing.
        LegalBasis = "legal-basis",
        /// Who receives it.
        Sharing = "sharing",
        /// How long it is kept.
        Retention = "retention",
        /// How it is protected.
        Security = "security",
        /// What readers may ask for.
        Rights = "rights",
        /// Children's data.
        Children = "children",
        /// Cookies.
        Cookies = "cookies",
        /// Tracking and analytics.
        Tracking = "tracking",
        /// International transfers.
        Transfers = "transfers",
        /// Direct marketing.
        Marketing = "marketing",
        /// Links to other sites.
        Links = "links",
        /// How the policy changes.
        Changes = "changes",
        /// Acceptance of the policy.
        Acceptance = "acceptance",
        /// Whom to contact.
        Contact = "contact",
    }
}

keywords! {
    /// A compliance profile a policy may claim: a law whose notice
    /// requirements it meets (the rule sets in `rules/`).
    pub enum Profile: "profile" {
        /// EU General Data Protection Regulation.
        Gdpr = "gdpr",
        /// The UK GDPR, as amended by the Data (Use and Access) Act 2025.
        UkGdpr = "uk-gdpr",
        /// California Consumer Privacy Act, as amended by the CPRA.
        Ccpa = "ccpa",
        /// California Online Privacy Protection Act.
        Caloppa = "caloppa",
        /// US Children's Online Privacy Protection Act.
        Coppa = "coppa",
        /// India's Digital Personal Data Protection Act 2023.
        Dpdp = "dpdp",
        /// India's IT (Reasonable Security Practices … Sensitive Personal Data) Rules 2011.
        Spdi = "spdi",
    }
}

keywords! {
    /// How a container numbers its child sections.
    pub enum Numbering: "numbering style" {
        /// No numbers.
        None = "none",
        /// `1.`, `2.`: the ordinal and a dot.
        Dotted = "1.",
        /// `1`, `2`: the ordinal alone.
        Plain = "1",
        /// `2.1`, `2.2`: the parent's number, a dot, the ordinal; inherited.
        Hierarchical = "1.1",
    }
}

impl Numbering {
    /// Every style as written in a policy: `none` bare, the others quoted.
    pub fn written_styles() -> String {
        let styles = Self::ALL.iter().map(|(w, _)| {
            if *w == "none" {
                format!("`{w}`")
            } else {
                format!("`\"{w}\"`")
            }
        });
        crate::keyword::list_with(styles, "or")
    }
}

keywords! {
    /// The lints a person may silence where they decided (`allow = [...]`
    /// on a section or the policy): the drift between prose and facts.
    pub enum Lint: "lint" {
        /// All three drift lints.
        Drift = "drift",
        /// A sentence states a practice no fact declares (W0010).
        UndeclaredPractice = "undeclared-practice",
        /// A fact declares a practice no sentence states (W0011).
        UnstatedFact = "unstated-fact",
        /// A fact contradicts a sentence (W0012).
        ContradictedFact = "contradicted-fact",
    }
}

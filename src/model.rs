//! The typed model of a policy: what every renderer reads and what the JSON
//! output serialises. Nothing here knows about the parse tree.

use crate::source::Span;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// A value with the place it was written. Equality and serialisation ignore
/// the span, so two policies that say the same thing are equal.
#[derive(Debug, Clone)]
pub struct Node<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Node<T> {
    /// Wraps a value with its span.
    pub fn new(node: T, span: Span) -> Self {
        Node { node, span }
    }
}

impl<T: PartialEq> PartialEq for Node<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T: JsonSchema> JsonSchema for Node<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

impl<T: Serialize> Serialize for Node<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.node.serialize(serializer)
    }
}

/// A whole policy.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Policy {
    /// What sort of policy this is; decides the required sections.
    pub kind: Node<PolicyKind>,
    /// The title, rendered as the page's main heading.
    pub title: Node<String>,
    /// Dates, id, language and claimed profiles.
    pub meta: Metadata,
    /// Who is responsible for the policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org: Option<Node<Organisation>>,
    /// Whom readers contact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<Node<Contact>>,
    /// Defined terms, in the order written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<Node<Term>>,
    /// Term name → position in `terms`, so a reference resolves in constant
    /// time however many terms there are.
    #[serde(skip)]
    pub term_index: HashMap<String, usize>,
    /// The document itself.
    pub body: Vec<Node<Block>>,
}

/// The kinds of policy the language knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PolicyKind {
    /// A privacy policy: requires collection, use, sharing and contact sections.
    Privacy,
    /// A cookie policy.
    Cookies,
    /// Terms of use or service.
    Terms,
}

impl PolicyKind {
    /// Every kind with its keyword.
    pub const ALL: &[(&str, PolicyKind)] = &[
        ("privacy", PolicyKind::Privacy),
        ("cookies", PolicyKind::Cookies),
        ("terms", PolicyKind::Terms),
    ];
}

/// Facts about the document itself.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Metadata {
    /// Stable identifier: folder of the page, JSON id.
    pub id: Option<Node<String>>,
    /// The author's version label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Node<String>>,
    /// When the policy takes effect.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective: Option<Node<Date>>,
    /// When the policy was last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<Node<Date>>,
    /// BCP 47 language tag of the text.
    pub language: Node<String>,
    /// Jurisdictions the policy addresses, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<Node<String>>,
    /// Compliance profiles claimed; each adds required sections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Node<Profile>>,
    /// How the top-level sections are numbered.
    #[serde(skip)]
    pub numbering: Option<Node<Numbering>>,
}

/// A compliance profile a policy may claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Profile {
    /// EU General Data Protection Regulation.
    Gdpr,
    /// California Consumer Privacy Act.
    Ccpa,
    /// US Children's Online Privacy Protection Act.
    Coppa,
    /// India's Digital Personal Data Protection Act.
    Dpdp,
}

impl Profile {
    /// Every profile with its keyword.
    pub const ALL: &[(&str, Profile)] = &[
        ("gdpr", Profile::Gdpr),
        ("ccpa", Profile::Ccpa),
        ("coppa", Profile::Coppa),
        ("dpdp", Profile::Dpdp),
    ];
}

/// A calendar date, checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (2023-02-29).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0);
        let days = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (date.day >= 1 && date.day <= days).then_some(date)
    }

    /// The calendar date `days` days after 1970-01-01 (proleptic Gregorian).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Date {
            year: u16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// The date written out for readers: `November 1, 2023` in English, the
    /// ISO form for languages whose month names the compiler does not know.
    pub fn long(&self, language: &str) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let english = language == "en" || language.starts_with("en-");
        match MONTHS.get(usize::from(self.month).wrapping_sub(1)) {
            Some(month) if english => format!("{month} {}, {}", self.day, self.year),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "description": "An ISO 8601 calendar date, YYYY-MM-DD." })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The organisation responsible for the policy (the controller).
#[derive(Debug, Clone, PartialEq, Serialize, Default, JsonSchema)]
pub struct Organisation {
    /// Legal name.
    pub name: Option<Node<String>>,
    /// Other names the organisation trades under.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trading_names: Vec<Node<String>>,
    /// Company registration number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration: Option<Node<String>>,
    /// Registered postal address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Node<String>>,
    /// Main website.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<Node<String>>,
}

/// Channels through which readers reach the organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Default, JsonSchema)]
pub struct Contact {
    /// The channels: email, url, phone, address.
    #[serde(flatten)]
    pub channels: Channels,
    /// Named officers (DPO, grievance officer, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub officers: Vec<Node<Officer>>,
}

/// The ways to reach a person or an organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Default, JsonSchema)]
pub struct Channels {
    /// Email address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<Node<String>>,
    /// Web page (a contact form, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Node<String>>,
    /// Telephone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Node<String>>,
    /// Postal address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<Node<String>>,
}

impl Channels {
    /// Whether no channel is given.
    pub fn is_empty(&self) -> bool {
        self.email.is_none() && self.url.is_none() && self.phone.is_none() && self.address.is_none()
    }
}

/// A named officer such as a data protection officer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Officer {
    /// The role keyword, e.g. `dpo` or `grievance`.
    pub role: Node<String>,
    /// The officer's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Node<String>>,
    /// The officer's title as printed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Node<String>>,
    /// How to reach the officer.
    #[serde(flatten)]
    pub channels: Channels,
}

/// A defined term, referenced in prose as `${name}`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Term {
    /// The name used in references.
    pub name: Node<String>,
    /// What it stands for.
    pub value: Node<String>,
}

/// One piece of a document body.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    /// CommonMark prose.
    Prose(Prose),
    /// A titled section, with its own blocks.
    Section(Section),
    /// A table of contents placed by the author.
    Toc(Toc),
    /// The organisation's and contact point's details.
    ContactBlock(ContactBlock),
    /// The "last updated" line.
    LastUpdated(LastUpdated),
}

/// CommonMark text with `${…}` references, indentation already stripped.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Prose {
    /// The text and references in order.
    #[serde(rename = "markdown", serialize_with = "serialize_segments")]
    #[schemars(with = "String")]
    pub segments: Vec<Segment>,
}

/// A run of prose text or a reference inside it.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// Literal CommonMark, kept exactly.
    Text(String),
    /// `${path}`: resolved when rendering.
    Ref(Node<Reference>),
}

/// The dotted name inside `${…}`, e.g. `org.name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference(pub String);

impl Prose {
    /// The source form, references written as `${…}` and a literal `${`
    /// written `$${`: how prose appears in JSON.
    pub fn source(&self) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Text(text) => out.push_str(&text.replace("${", "$${")),
                Segment::Ref(r) => {
                    out.push_str("${");
                    out.push_str(&r.node.0);
                    out.push('}');
                }
            }
        }
        out
    }

    /// The references in this prose.
    pub fn references(&self) -> impl Iterator<Item = &Node<Reference>> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Ref(r) => Some(r),
            Segment::Text(_) => None,
        })
    }
}

fn serialize_segments<S: Serializer>(
    segments: &[Segment],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    Prose {
        segments: segments.to_vec(),
    }
    .source()
    .serialize(serializer)
}

/// A section of the document.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Section {
    /// What the section is about; the validator checks required kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Node<SectionKind>>,
    /// The heading text.
    pub title: Node<String>,
    /// Title for tables of contents, when it differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc_title: Option<Node<String>>,
    /// The id the author gave, if any.
    #[serde(skip)]
    pub explicit_id: Option<Node<String>>,
    /// The anchor used in HTML and JSON: the explicit id, or one made from
    /// the title, unique in the policy.
    pub id: String,
    /// The printed number, e.g. `1.` or `2.3`, after numbering is applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// What the author asked for this section's own number.
    #[serde(skip)]
    pub number_rule: NumberRule,
    /// How this section's child sections are numbered.
    #[serde(skip)]
    pub numbering: Option<Node<Numbering>>,
    /// The section's content.
    pub body: Vec<Node<Block>>,
}

impl Section {
    /// The title shown in tables of contents.
    pub fn toc_title(&self) -> &str {
        self.toc_title.as_ref().unwrap_or(&self.title).node.as_str()
    }
}

/// The kinds of section the validator knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Opening words.
    Introduction,
    /// Defined words.
    Definitions,
    /// What is collected.
    Collection,
    /// What it is used for.
    Use,
    /// The legal grounds for processing.
    LegalBasis,
    /// Who receives it.
    Sharing,
    /// How long it is kept.
    Retention,
    /// How it is protected.
    Security,
    /// What readers may ask for.
    Rights,
    /// Children's data.
    Children,
    /// Cookies.
    Cookies,
    /// Tracking and analytics.
    Tracking,
    /// International transfers.
    Transfers,
    /// Direct marketing.
    Marketing,
    /// Links to other sites.
    Links,
    /// How the policy changes.
    Changes,
    /// Acceptance of the policy.
    Acceptance,
    /// Whom to contact.
    Contact,
}

impl SectionKind {
    /// Every kind with its keyword.
    pub const ALL: &[(&str, SectionKind)] = &[
        ("introduction", SectionKind::Introduction),
        ("definitions", SectionKind::Definitions),
        ("collection", SectionKind::Collection),
        ("use", SectionKind::Use),
        ("legal-basis", SectionKind::LegalBasis),
        ("sharing", SectionKind::Sharing),
        ("retention", SectionKind::Retention),
        ("security", SectionKind::Security),
        ("rights", SectionKind::Rights),
        ("children", SectionKind::Children),
        ("cookies", SectionKind::Cookies),
        ("tracking", SectionKind::Tracking),
        ("transfers", SectionKind::Transfers),
        ("marketing", SectionKind::Marketing),
        ("links", SectionKind::Links),
        ("changes", SectionKind::Changes),
        ("acceptance", SectionKind::Acceptance),
        ("contact", SectionKind::Contact),
    ];

    /// The keyword for this kind.
    pub fn keyword(self) -> &'static str {
        SectionKind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(w, _)| w)
    }
}

/// How a container numbers its child sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numbering {
    /// No numbers.
    #[default]
    None,
    /// `1.`, `2.`: the ordinal and a dot.
    Dotted,
    /// `1`, `2`: the ordinal alone.
    Plain,
    /// `2.1`, `2.2`: the parent's number, a dot, the ordinal; inherited.
    Hierarchical,
}

impl Numbering {
    /// Every style with how it is written.
    pub const ALL: &[(&str, Numbering)] = &[
        ("none", Numbering::None),
        ("1.", Numbering::Dotted),
        ("1", Numbering::Plain),
        ("1.1", Numbering::Hierarchical),
    ];
}

/// What a section says about its own number.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum NumberRule {
    /// Numbered by its container's style.
    #[default]
    Auto,
    /// Not numbered, and not counted.
    Skip,
    /// This exact label; still counted.
    Label(String),
}

/// A table of contents the author placed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Toc {
    /// Heading above the list, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Node<String>>,
    /// How many levels of sections to list; all when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth: Option<Node<u32>>,
}

/// The organisation's and contact point's details, laid out by the renderer.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ContactBlock {
    /// Heading above the details, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Node<String>>,
}

/// The "last updated" line.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct LastUpdated {
    /// The sentence with references; `Last updated: ${policy.updated}` when
    /// the author gives none.
    pub text: Prose,
}

impl Policy {
    /// Every section, depth first, with its depth (1 for top level).
    pub fn sections(&self) -> Vec<(usize, &Section)> {
        fn walk<'a>(blocks: &'a [Node<Block>], depth: usize, out: &mut Vec<(usize, &'a Section)>) {
            for block in blocks {
                if let Block::Section(section) = &block.node {
                    out.push((depth, section));
                    walk(&section.body, depth + 1, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.body, 1, &mut out);
        out
    }

    /// The policy's id, or "" when it has none (an invalid policy).
    pub fn id(&self) -> &str {
        self.meta.id.as_ref().map_or("", |id| id.node.as_str())
    }

    /// The value a `${…}` reference stands for, written for readers.
    pub fn resolve(&self, reference: &str) -> Option<String> {
        let some = |v: &Option<Node<String>>| v.as_ref().map(|n| n.node.clone());
        let language = self.meta.language.node.as_str();
        let parts: Vec<&str> = reference.split('.').collect();
        match parts.as_slice() {
            [name] => {
                let term = self.terms.get(*self.term_index.get(*name)?)?;
                Some(term.node.value.node.clone())
            }
            ["policy", "title"] => Some(self.title.node.clone()),
            ["policy", "id"] => some(&self.meta.id),
            ["policy", "version"] => some(&self.meta.version),
            ["policy", "language"] => Some(self.meta.language.node.clone()),
            ["policy", "effective"] => self.meta.effective.as_ref().map(|d| d.node.long(language)),
            ["policy", "updated"] => self.meta.updated.as_ref().map(|d| d.node.long(language)),
            ["org", field] => {
                let org = &self.org.as_ref()?.node;
                match *field {
                    "name" => some(&org.name),
                    "registration" => some(&org.registration),
                    "address" => some(&org.address),
                    "website" => some(&org.website),
                    "trading-names" if !org.trading_names.is_empty() => Some(
                        org.trading_names
                            .iter()
                            .map(|n| n.node.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                    _ => None,
                }
            }
            ["contact", "officer", role, field] => {
                let contact = &self.contact.as_ref()?.node;
                let officer = &contact
                    .officers
                    .iter()
                    .find(|o| o.node.role.node == *role)?
                    .node;
                match *field {
                    "name" => some(&officer.name),
                    "title" => some(&officer.title),
                    _ => officer.channels.get(field),
                }
            }
            ["contact", field] => self.contact.as_ref()?.node.channels.get(field),
            _ => None,
        }
    }

    /// Every name a reference could use, for "did you mean".
    pub fn reference_names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .terms
            .iter()
            .map(|t| t.node.name.node.clone())
            .collect();
        for fixed in [
            "policy.title",
            "policy.id",
            "policy.version",
            "policy.language",
            "policy.effective",
            "policy.updated",
            "org.name",
            "org.registration",
            "org.address",
            "org.website",
            "org.trading-names",
            "contact.email",
            "contact.url",
            "contact.phone",
            "contact.address",
        ] {
            names.push(fixed.to_string());
        }
        if let Some(contact) = &self.contact {
            for officer in &contact.node.officers {
                for field in ["name", "title", "email", "url", "phone", "address"] {
                    names.push(format!(
                        "contact.officer.{}.{field}",
                        officer.node.role.node
                    ));
                }
            }
        }
        names
    }
}

impl Channels {
    fn get(&self, field: &str) -> Option<String> {
        let value = match field {
            "email" => &self.email,
            "url" => &self.url,
            "phone" => &self.phone,
            "address" => &self.address,
            _ => return None,
        };
        value.as_ref().map(|n| n.node.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert!(Date::parse_iso("2023-02-29").is_none());
        assert!(Date::parse_iso("2023-13-01").is_none());
        assert!(Date::parse_iso("2023-04-31").is_none());
        assert!(Date::parse_iso("1900-02-29").is_none());
    }

    #[test]
    fn days_since_epoch_become_calendar_dates() {
        assert_eq!(
            Date::from_days_since_epoch(0),
            Date::parse_iso("1970-01-01")
        );
        assert_eq!(
            Date::from_days_since_epoch(19_782),
            Date::parse_iso("2024-02-29")
        );
        assert_eq!(
            Date::from_days_since_epoch(20_778),
            Date::parse_iso("2026-11-21")
        );
    }

    #[test]
    fn dates_are_written_out_in_english() {
        let date = Date::parse_iso("2023-11-01");
        assert_eq!(
            date.map(|d| d.long("en")),
            Some("November 1, 2023".to_string())
        );
        assert_eq!(date.map(|d| d.long("de")), Some("2023-11-01".to_string()));
    }

    #[test]
    fn node_equality_ignores_spans() {
        assert_eq!(Node::new(1, Span::new(0, 1)), Node::new(1, Span::new(5, 9)));
    }

    #[test]
    fn prose_source_escapes_literal_reference_openers() {
        let prose = Prose {
            segments: vec![
                Segment::Text("costs $5, literal ${ here, ".into()),
                Segment::Ref(Node::new(Reference("org.name".into()), Span::default())),
            ],
        };
        assert_eq!(prose.source(), "costs $5, literal $${ here, ${org.name}");
    }
}

//! The typed model of a policy: what every check, renderer and exporter
//! reads, and what the JSON output serialises. Nothing here knows about the
//! parse tree. Lowering builds it, the resolution pass fills in anchors,
//! numbers and reference values, and from then on it is only read.

mod date;
pub mod entity;
mod kinds;
pub mod practice;
mod prose;
pub mod value;

pub use date::Date;
pub use entity::{Channels, Contact, Entity, Officer, Organisation};
pub use kinds::{Lint, Numbering, PolicyKind, Profile, SectionKind};
pub use practice::Practices;
pub use prose::{Link, Prose, Reference, Resolved, Segment};
pub use value::{Email, LanguageTag, Phone, TypedValue, WebUrl};

use crate::source::Span;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::collections::HashMap;

/// A value with the place it was written. Equality and serialisation ignore
/// the span, so two policies that say the same thing are equal.
#[derive(Debug, Clone, Default)]
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
    /// Defined phrases and what they mean, in the order written; the
    /// `glossary` block lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub definitions: Vec<Node<Definition>>,
    /// The data practices the policy declares, wherever they stand.
    #[serde(default, skip_serializing_if = "Practices::is_empty")]
    pub practices: Practices,
    /// The document itself.
    pub body: Vec<Node<Block>>,
    /// Whether some section's kind could not be read (an error already
    /// reported): checks that need every kind then stay silent rather
    /// than repeat it.
    #[serde(skip)]
    pub unknown_section_kinds: bool,
    /// The settings written but not read — a value that failed to lower,
    /// or a misspelt key — each named as a reference would name it
    /// (`policy.id`, `children.minimum-age`, `collect.basis`; a misspelt
    /// key by the key it most likely meant), at the setting. Its error is
    /// already reported: checks that would say the value is missing, or
    /// judge facts it belongs to, consult this and stay silent, so that
    /// the one problem is said once, where it is.
    #[serde(skip)]
    pub invalid: Vec<Node<String>>,
    /// Where the literal text of each `text` block is in the source, so
    /// that a check of the resolved text (a script link) can point at the
    /// characters written rather than at the whole block.
    #[serde(skip)]
    pub prose_origins: HashMap<Span, ProseOrigins>,
}

/// Where a `text` block's literal text (keyed by the block's span in
/// `Policy::prose_origins`) (its `Segment::Text` runs, one
/// after another) comes from: (offset in that text, source offset) at the
/// start of each run and line. Absent when escapes moved the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProseOrigins {
    /// The anchors, in order.
    pub origins: Vec<(usize, usize)>,
}

impl ProseOrigins {
    /// The source offset of byte `at` of the block's literal text.
    pub fn source_offset(&self, at: usize) -> Option<usize> {
        let index = self.origins.partition_point(|&(lit, _)| lit <= at);
        let &(lit, source) = self.origins.get(index.checked_sub(1)?)?;
        Some(source + (at - lit))
    }
}

impl Policy {
    /// Whether the setting `name` (e.g. `policy.id`) was written with a
    /// value that could not be read (its error already reported).
    pub fn written_but_invalid(&self, name: &str) -> bool {
        self.invalid.iter().any(|n| n.node == name)
    }
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
    pub language: Node<LanguageTag>,
    /// Jurisdictions the policy addresses, as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub jurisdictions: Vec<Node<String>>,
    /// Compliance profiles claimed; each adds required sections.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<Node<Profile>>,
    /// How the top-level sections are numbered.
    #[serde(skip)]
    pub numbering: Option<Node<Numbering>>,
    /// The lints silenced in the whole policy (`allow = [drift]`): a
    /// person decided the prose and the facts are right as they are.
    #[serde(skip)]
    pub allow: Vec<Node<Lint>>,
}

/// A defined term, referenced in prose as `${name}`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Term {
    /// The name used in references.
    pub name: Node<String>,
    /// What it stands for.
    pub value: Node<String>,
    /// The value split into text and references to facts (`${org.name}`),
    /// which the resolution pass fills in.
    #[serde(skip)]
    pub parts: Prose,
}

/// A phrase the policy defines ("Personal data" means …).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Definition {
    /// The phrase, as readers see it.
    pub phrase: Node<String>,
    /// What it means: CommonMark, references allowed.
    pub meaning: Prose,
}

/// One piece of a document body.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    /// CommonMark prose.
    Prose(Prose),
    /// A titled section, with its own blocks.
    // Boxed: a section is many times the size of the other blocks.
    Section(Box<Section>),
    /// A table of contents placed by the author.
    Toc(Toc),
    /// The organisation's and contact point's details.
    ContactBlock(ContactBlock),
    /// The "last updated" line.
    LastUpdated(LastUpdated),
    /// The list of defined phrases and their meanings.
    Glossary(Glossary),
    /// A table of the data collected: purposes, basis, retention, recipients.
    DataTable(FactBlock),
    /// A table of the cookies and similar technologies.
    CookieTable(FactBlock),
    /// The list of people's rights and how to exercise them.
    RightsList(FactBlock),
    /// The privacy label card: data linked to you, used to track you, not
    /// collected.
    PrivacyLabel(FactBlock),
}

/// A block the compiler writes from the data practices, with an optional
/// heading.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct FactBlock {
    /// Heading above the block, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Node<String>>,
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
    /// The lints silenced inside this section (`allow = [drift]`): a
    /// person decided its prose and facts are right as they are.
    #[serde(skip)]
    pub allow: Vec<Node<Lint>>,
    /// The section's content.
    pub body: Vec<Node<Block>>,
}

impl Section {
    /// The title shown in tables of contents.
    pub fn toc_title(&self) -> &str {
        self.toc_title.as_ref().unwrap_or(&self.title).node.as_str()
    }
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

/// The glossary: every `define` of the policy, listed where it is placed.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Glossary {
    /// Heading above the list, if any.
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

    /// Every block at any depth, in document order (a section before its
    /// contents): the one walk that checks and views share.
    pub fn blocks(&self) -> Blocks<'_> {
        Blocks {
            stack: vec![self.body.iter()],
        }
    }

    /// The policy's id, or "" when it has none (an invalid policy).
    pub fn id(&self) -> &str {
        self.meta.id.as_ref().map_or("", |id| id.node.as_str())
    }
}

/// The iterator of [`Policy::blocks`].
pub struct Blocks<'a> {
    stack: Vec<std::slice::Iter<'a, Node<Block>>>,
}

impl<'a> Iterator for Blocks<'a> {
    type Item = &'a Node<Block>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let top = self.stack.last_mut()?;
            match top.next() {
                Some(block) => {
                    if let Block::Section(section) = &block.node {
                        self.stack.push(section.body.iter());
                    }
                    return Some(block);
                }
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_equality_ignores_spans() {
        let other_file = Span::new(crate::source::FileId(3), 5, 9);
        assert_eq!(Node::new(1, Span::default()), Node::new(1, other_file));
    }
}

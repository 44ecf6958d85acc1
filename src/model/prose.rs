//! Prose: CommonMark text with `${…}` references, which the resolution pass
//! fills with the values they stand for.

use super::{Date, Node};
use crate::source::SafeSlice;
use schemars::JsonSchema;
use serde::{Serialize, Serializer};

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
    /// `${path}`: resolved by the resolution pass.
    Ref(Node<Reference>),
}

/// A `${…}` reference: the dotted name written, e.g. `org.name`, and once
/// resolved, the value it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The name inside `${…}`.
    pub name: String,
    /// The value, filled by the resolution pass; `None` when the name
    /// resolves to nothing (an error the checks report).
    pub value: Option<Resolved>,
}

impl Reference {
    /// An unresolved reference to `name`.
    pub fn to(name: impl Into<String>) -> Self {
        Reference {
            name: name.into(),
            value: None,
        }
    }
}

/// What a reference stands for: text for readers, the date when the value
/// is one (so HTML can mark it up as `<time>`), and the link a typed
/// value makes (so pages can make an email, phone or web address a link).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The value as readers see it: plain text, never markup.
    pub text: String,
    /// The date, when the value is a date.
    pub date: Option<Date>,
    /// The link target built from a typed value (`https:`, `mailto:`,
    /// `tel:`), never from text; `None` for plain texts and dates.
    pub link: Option<Link>,
}

/// A link target built from a typed value, with what kind it is: pages
/// link all three; Markdown leaves a phone number as text, as the contact
/// block does (`tel:` links are dropped or shown raw by many viewers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The target, e.g. `mailto:privacy@example.com`.
    pub target: String,
    /// Whether it dials a number (`tel:`).
    pub is_phone: bool,
}

impl Prose {
    /// The source form, references written as `${…}` and a literal `${`
    /// written `$${`: how prose appears in JSON.
    pub fn source(&self) -> String {
        source_of(&self.segments)
    }

    /// The references in this prose.
    pub fn references(&self) -> impl Iterator<Item = &Node<Reference>> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Ref(r) => Some(r),
            Segment::Text(_) => None,
        })
    }

    /// The references in this prose, to fill in.
    pub fn references_mut(&mut self) -> impl Iterator<Item = &mut Node<Reference>> {
        self.segments.iter_mut().filter_map(|s| match s {
            Segment::Ref(r) => Some(r),
            Segment::Text(_) => None,
        })
    }
}

/// The source form of `segments` (see [`Prose::source`]), written in one
/// string sized for it.
fn source_of(segments: &[Segment]) -> String {
    let length = segments
        .iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.len(),
            Segment::Ref(r) => r.node.name.len() + 3,
        })
        .sum();
    let mut out = String::with_capacity(length);
    for segment in segments {
        match segment {
            Segment::Text(text) => push_escaping_openers(text, &mut out),
            Segment::Ref(r) => {
                out.push_str("${");
                out.push_str(&r.node.name);
                out.push('}');
            }
        }
    }
    out
}

/// `text` with each literal `${` written `$${`, as
/// `text.replace("${", "$${")` writes it, but found from the text's `$`s
/// (a byte search) rather than by a substring search over all of it.
fn push_escaping_openers(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        if from.as_bytes().get(1) == Some(&b'{') {
            out.push('$');
        }
        out.push('$');
        rest = from.slice_from(1);
    }
    out.push_str(rest);
}

fn serialize_segments<S: Serializer>(
    segments: &[Segment],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    source_of(segments).serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn prose_source_escapes_literal_reference_openers() {
        let prose = Prose {
            segments: vec![
                Segment::Text("costs $5, literal ${ here, ".into()),
                Segment::Ref(Node::new(Reference::to("org.name"), Span::default())),
            ],
        };
        assert_eq!(prose.source(), "costs $5, literal $${ here, ${org.name}");
    }

    proptest::proptest! {
        /// The defect this guards against: a `${` left unescaped, or a `$`
        /// doubled, by the byte search that replaced `str::replace`.
        #[test]
        fn openers_are_escaped_as_replace_did(text in "[${}a$é]{0,30}") {
            let mut out = String::new();
            push_escaping_openers(&text, &mut out);
            proptest::prop_assert_eq!(out, text.replace("${", "$${"));
        }
    }
}

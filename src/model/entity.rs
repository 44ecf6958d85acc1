//! The entities a policy names — the organisation, its contact point and
//! named officers — and, for each, **one table of its fields**: the key
//! written in the `.policy` file, what it holds, how the contact block shows
//! it, and where it lives in the typed struct. Lowering, reference
//! resolution, "did you mean", help texts and both renderers read these
//! tables; a new field is one line here and one struct field.

use super::Node;
use super::value::{Email, Phone, TypedValue, WebUrl};
use schemars::JsonSchema;
use serde::Serialize;

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
    pub website: Option<Node<WebUrl>>,
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
    pub email: Option<Node<Email>>,
    /// Web page (a contact form, say).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<Node<WebUrl>>,
    /// Telephone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<Node<Phone>>,
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
#[derive(Debug, Clone, PartialEq, Serialize, Default, JsonSchema)]
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

/// Where a field's value lives in its struct: one text, a list, or a typed
/// value (validated when lowered; links are built from it).
pub enum Slot<'a> {
    /// A single text, absent until written.
    One(&'a Option<Node<String>>),
    /// A list of texts, empty until written.
    Many(&'a [Node<String>]),
    /// A web address.
    Web(&'a Option<Node<WebUrl>>),
    /// An email address.
    Email(&'a Option<Node<Email>>),
    /// A telephone number.
    Phone(&'a Option<Node<Phone>>),
}

/// The same place, to write into while lowering.
pub enum SlotMut<'a> {
    /// A single text.
    One(&'a mut Option<Node<String>>),
    /// A list of texts.
    Many(&'a mut Vec<Node<String>>),
    /// A web address.
    Web(&'a mut Option<Node<WebUrl>>),
    /// An email address.
    Email(&'a mut Option<Node<Email>>),
    /// A telephone number.
    Phone(&'a mut Option<Node<Phone>>),
}

impl Slot<'_> {
    /// The single value as text with its place, whatever its type; `None`
    /// for lists and for values not given.
    pub fn one(&self) -> Option<Node<&str>> {
        fn text<T: TypedValue>(value: &Option<Node<T>>) -> Option<Node<&str>> {
            value.as_ref().map(|n| Node::new(n.node.as_str(), n.span))
        }
        match self {
            Slot::One(value) => value.as_ref().map(|n| Node::new(n.node.as_str(), n.span)),
            Slot::Many(_) => None,
            Slot::Web(value) => text(value),
            Slot::Email(value) => text(value),
            Slot::Phone(value) => text(value),
        }
    }

    /// The link target the value makes, built from the typed value:
    /// the address itself, `mailto:` or `tel:`; `None` for plain texts.
    pub fn link(&self) -> Option<String> {
        match self {
            Slot::Web(value) => value.as_ref().map(|n| n.node.as_str().to_string()),
            Slot::Email(value) => value.as_ref().map(|n| n.node.mailto()),
            Slot::Phone(value) => value.as_ref().map(|n| n.node.tel()),
            Slot::One(_) | Slot::Many(_) => None,
        }
    }
}

/// What a link to a channel's value looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// The value is itself a web address.
    Web,
    /// An email address: `mailto:`.
    Mail,
    /// A telephone number: `tel:` on the page, plain text in Markdown.
    Tel,
    /// Not linked.
    None,
}

/// How the contact block shows a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// Part of the entity's heading; headings join their parts in rank order.
    Heading(u8),
    /// A line of its own, after an optional label.
    Line(Option<&'static str>),
    /// A labelled way to reach someone.
    Channel(&'static str, LinkKind),
    /// Not shown in the contact block.
    Hidden,
}

/// One field of an entity.
pub struct Field<E: 'static> {
    /// The key written in the `.policy` file and in `${entity.key}`.
    pub key: &'static str,
    /// What the field holds, for documentation and help texts.
    pub doc: &'static str,
    /// How the contact block shows it.
    pub shown: Shown,
    /// Where its value is.
    pub slot: for<'a> fn(&'a E) -> Slot<'a>,
    /// Where its value is written.
    pub slot_mut: for<'a> fn(&'a mut E) -> SlotMut<'a>,
}

impl<E> Field<E> {
    /// The field's value for readers: the text, or a list's items joined by
    /// commas; `None` when not given.
    pub fn value(&self, entity: &E) -> Option<String> {
        match (self.slot)(entity) {
            Slot::Many([]) => None,
            Slot::Many(items) => Some(
                items
                    .iter()
                    .map(|n| n.node.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            one => one.one().map(|n| n.node.to_string()),
        }
    }

    /// The link target the field's value makes (see [`Slot::link`]).
    pub fn link(&self, entity: &E) -> Option<String> {
        (self.slot)(entity).link()
    }
}

/// An entity declared by a block of `key = value` fields.
pub trait Entity: Default + 'static {
    /// The keyword that opens its block, e.g. `org`.
    const KEYWORD: &'static str;
    /// Its fields, in the order help texts list them and the contact block
    /// shows them.
    const FIELDS: &'static [Field<Self>];

    /// The field with this key.
    fn field(key: &str) -> Option<&'static Field<Self>> {
        Self::FIELDS.iter().find(|f| f.key == key)
    }

    /// Every key, in table order.
    fn keys() -> impl Iterator<Item = &'static str> {
        Self::FIELDS.iter().map(|f| f.key)
    }
}

/// A field row: key, doc, how it is shown, and the struct field holding it
/// (`One` text, `Many` texts, or a typed `Web`, `Email` or `Phone`).
macro_rules! field {
    ($key:literal, $doc:literal, $shown:expr, $kind:ident $($path:ident).+) => {
        Field {
            key: $key,
            doc: $doc,
            shown: $shown,
            slot: |e| Slot::$kind(&e.$($path).+),
            slot_mut: |e| SlotMut::$kind(&mut e.$($path).+),
        }
    };
}

impl Entity for Organisation {
    const KEYWORD: &'static str = "org";
    const FIELDS: &'static [Field<Self>] = &[
        field!("name", "the legal name", Shown::Heading(0), One name),
        field!("trading-names", "other names it trades under, a list", Shown::Hidden, Many trading_names),
        field!("address", "the registered postal address", Shown::Line(None), One address),
        field!("registration", "the company registration number", Shown::Line(Some("Registration")), One registration),
        field!("website", "the main website", Shown::Channel("Website", LinkKind::Web), Web website),
    ];
}

/// The channel fields, shared by the contact point and each officer.
macro_rules! channel_fields {
    () => {
        [
            field!("email", "an email address", Shown::Channel("Email", LinkKind::Mail), Email channels.email),
            field!("url", "a web page, such as a contact form", Shown::Channel("Contact page", LinkKind::Web), Web channels.url),
            field!("phone", "a telephone number", Shown::Channel("Phone", LinkKind::Tel), Phone channels.phone),
            field!("address", "a postal address", Shown::Channel("Address", LinkKind::None), One channels.address),
        ]
    };
}

impl Entity for Contact {
    const KEYWORD: &'static str = "contact";
    const FIELDS: &'static [Field<Self>] = &channel_fields!();
}

impl Entity for Officer {
    const KEYWORD: &'static str = "officer";
    const FIELDS: &'static [Field<Self>] = &{
        let [email, url, phone, address]: [Field<Officer>; 4] = channel_fields!();
        [
            field!("name", "the officer's name", Shown::Heading(1), One name),
            field!("title", "the officer's title as printed", Shown::Heading(0), One title),
            email,
            url,
            phone,
            address,
        ]
    };
}

/// Where a reference's field is declared, for help texts: "`email = "…"`
/// inside `contact { }`".
pub fn where_declared<E: Entity>(key: &str) -> String {
    let block = match E::KEYWORD {
        "officer" => "officer ROLE",
        other => other,
    };
    format!("`{key} = \"…\"` inside `{block} {{ }}`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    #[test]
    fn every_table_reads_and_writes_its_own_field() {
        fn typed<T: TypedValue>(text: &str) -> Node<T> {
            Node::new(T::parse(text).ok().expect(text), Span::default())
        }
        fn round_trip<E: Entity>() {
            for field in E::FIELDS {
                let mut entity = E::default();
                let node = |text: &str| Node::new(text.to_string(), Span::default());
                let written = match (field.slot_mut)(&mut entity) {
                    SlotMut::One(slot) => slot.insert(node(field.key)).node.clone(),
                    SlotMut::Many(slot) => {
                        slot.push(node(field.key));
                        field.key.to_string()
                    }
                    SlotMut::Web(slot) => {
                        slot.insert(typed("https://example.com/")).node.to_string()
                    }
                    SlotMut::Email(slot) => slot.insert(typed("a@example.com")).node.to_string(),
                    SlotMut::Phone(slot) => slot.insert(typed("+1 800 555 0100")).node.to_string(),
                };
                for other in E::FIELDS {
                    let expected = (other.key == field.key).then(|| written.clone());
                    assert_eq!(
                        other.value(&entity),
                        expected,
                        "{}.{}",
                        E::KEYWORD,
                        other.key
                    );
                }
            }
        }
        round_trip::<Organisation>();
        round_trip::<Contact>();
        round_trip::<Officer>();
    }

    #[test]
    fn keys_are_unique_within_each_entity() {
        fn unique<E: Entity>() {
            let mut keys: Vec<_> = E::keys().collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), E::FIELDS.len(), "{}", E::KEYWORD);
        }
        unique::<Organisation>();
        unique::<Contact>();
        unique::<Officer>();
    }
}

//! `policyc diff`: what changed between two versions of a policy, read
//! from their compiled typed models (never the parse tree). The facts are
//! compared fact by fact ([`facts`]), the prose section by section, word by
//! word ([`text`]); each change is then classified material or minor by the
//! one table in [`classify`], and [`render`] writes the result for people,
//! as JSON lines, or as a Markdown changelog entry. `docs/diff.md` is the
//! user's guide.

mod changelog;
pub mod classify;
mod facet;
mod facts;
pub mod render;
mod text;

pub use text::{Hunk, Marks, Op, Piece, WordDiff};

use crate::model::practice::{
    Cookie, CookiePurpose, Duration, LegalBasis, Lifetime, Party, Period, Safeguard, Stance,
};
use crate::model::{Block, Policy};
use crate::source::Span;
use serde::{Serialize, Serializer};
use std::collections::HashMap;

/// What a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A data-practice fact, an entity's field or the policy's metadata.
    Fact,
    /// The prose or the structure of a section.
    Text,
    /// A section that stands elsewhere among its siblings.
    Moved,
}

/// Whether people must be told of a change before it takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Class {
    /// Changes what is done with people's data, or what they can do about
    /// it: the rows of `classify::RULES` say which.
    Material,
    /// Anything else.
    Minor,
}

/// What happened to the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Only the new version has it.
    Added,
    /// Only the old version has it.
    Removed,
    /// Both have it, with other values.
    Changed,
}

/// One change between two versions of a policy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Fact, text or moved section.
    pub kind: Kind,
    /// Material or minor, by `classify::RULES`.
    pub class: Class,
    /// What changed, as a dotted path: `collection.data`,
    /// `retention.period`, `contact.email`, `section.text`.
    pub path: String,
    /// Added, removed or changed.
    pub change: Action,
    /// Which fact of several, when the path has several: a recipient
    /// (`processor "Stripe"`), a category, a retention's id, a cookie's
    /// name, a right, an officer's role, a destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The old value, absent for an addition.
    pub old: Option<Value>,
    /// The new value, absent for a removal.
    pub new: Option<Value>,
    /// The section the change is in: the new version's, else the old's;
    /// absent at the top level of the policy.
    pub section: Option<String>,
    /// For changed prose: the words removed and added, with a little
    /// context (serialised `… a [-b-]{+c+} d …`).
    #[serde(rename = "diff", skip_serializing_if = "Option::is_none")]
    pub words: Option<WordDiff>,
    /// Where it is in the new version, when it is there.
    #[serde(skip)]
    pub at: Option<Span>,
    /// Where it was in the old version, when it was there.
    #[serde(skip)]
    pub was_at: Option<Span>,
}

impl Change {
    /// A change of `kind` at `path`; its class and section are filled in
    /// by [`diff`].
    fn new(kind: Kind, path: impl Into<String>, change: Action) -> Change {
        Change {
            kind,
            class: Class::Minor,
            path: path.into(),
            change,
            item: None,
            old: None,
            new: None,
            section: None,
            words: None,
            at: None,
            was_at: None,
        }
    }

    /// The same change, about `item`.
    fn item(mut self, item: Option<&str>) -> Change {
        self.item = item.map(str::to_string);
        self
    }

    /// The same change, with the old value and where it was.
    fn old(mut self, value: Value, at: Option<Span>) -> Change {
        self.old = Some(value);
        self.was_at = at;
        self
    }

    /// The same change, with the new value and where it is.
    fn new_value(mut self, value: Value, at: Option<Span>) -> Change {
        self.new = Some(value);
        self.at = at;
        self
    }
}

/// A value that changed, typed where the classification compares values
/// (periods, ages, flags, safeguards, …); written in `.policy` notation.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Anything compared only for equality, already in notation: a word
    /// (`email`, `consent`), a name, an address, a date, `other "…"`.
    Text(String),
    /// Yes or no.
    Flag(bool),
    /// A number (an age).
    Number(u32),
    /// A retention period.
    Period(Period),
    /// A cookie's lifetime.
    Lifetime(Lifetime),
    /// A duration (a response time).
    Duration(Duration),
    /// A legal basis.
    Basis(LegalBasis),
    /// A transfer safeguard.
    Safeguard(Safeguard),
    /// Why a cookie is set.
    CookiePurpose(CookiePurpose),
    /// Whose cookie it is.
    Party(Party),
    /// Whether a browser signal is honoured.
    Stance(Stance),
    /// A whole cookie, added or removed (written as its name).
    Cookie(Box<Cookie>),
}

impl Value {
    /// The value as a `.policy` file writes it: `email`, `P90D`,
    /// `until "you close your account"`, `legitimate-interests "…"`.
    pub fn notation(&self) -> String {
        use crate::keyword::Keyword as _;
        match self {
            Value::Text(text) => text.clone(),
            Value::Flag(flag) => flag.to_string(),
            Value::Number(n) => n.to_string(),
            Value::Period(Period::Duration(d)) | Value::Lifetime(Lifetime::Duration(d)) => {
                d.iso.clone()
            }
            Value::Duration(d) => d.iso.clone(),
            Value::Period(Period::Until(event)) => format!("until {}", quoted(event)),
            Value::Period(Period::AsLongAsNecessary) => "as-long-as-necessary".to_string(),
            Value::Lifetime(Lifetime::Session) => "session".to_string(),
            Value::Basis(basis) => match &basis.interest {
                Some(interest) => format!("{} {}", basis.kind.keyword(), quoted(interest)),
                None => basis.kind.keyword().to_string(),
            },
            Value::Safeguard(s) => s.keyword().to_string(),
            Value::CookiePurpose(p) => p.keyword().to_string(),
            Value::Party(p) => p.keyword().to_string(),
            Value::Stance(s) => s.keyword().to_string(),
            Value::Cookie(cookie) => cookie.name.node.clone(),
        }
    }
}

/// Text written as a `.policy` string.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Flags as JSON booleans, numbers as numbers, the rest in notation.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Flag(flag) => serializer.serialize_bool(*flag),
            Value::Number(n) => serializer.serialize_u32(*n),
            other => serializer.serialize_str(&other.notation()),
        }
    }
}

/// Every change from `old` to `new`: the facts first, in the order of
/// `docs/diff.md`, then the sections in the new version's order, each
/// classified. Two policies that say the same thing give none.
pub fn diff(old: &Policy, new: &Policy) -> Vec<Change> {
    let mut changes = facts::compare(old, new);
    for change in &mut changes {
        change.section = change
            .at
            .and_then(|at| section_at(new, at))
            .or_else(|| change.was_at.and_then(|at| section_at(old, at)));
    }
    changes.extend(text::compare(old, new));
    for change in &mut changes {
        change.class = classify::class(change);
    }
    changes
}

/// How many changes are material and how many minor.
pub fn counts(changes: &[Change]) -> (usize, usize) {
    let material = changes
        .iter()
        .filter(|c| c.class == Class::Material)
        .count();
    (material, changes.len() - material)
}

/// The title of the innermost section whose text holds `span`.
fn section_at(policy: &Policy, span: Span) -> Option<String> {
    policy
        .blocks()
        .filter(|b| {
            b.span.file == span.file && b.span.start <= span.start && span.end <= b.span.end
        })
        .filter_map(|b| match &b.node {
            Block::Section(section) => Some(section.title.node.clone()),
            _ => None,
        })
        .last()
}

/// How to pair items of two versions: a key an item may have, tried in
/// turn (an explicit id, then a title, say).
pub(crate) type Key<'a, T> = &'a dyn Fn(&T) -> Option<String>;

/// Pairs the items of two lists: for each key in turn, each unpaired new
/// item takes the first unpaired old item with the same key. For each new
/// item, the index of its old one.
pub(crate) fn pair_up<T>(old: &[T], new: &[T], keys: &[Key<'_, T>]) -> Vec<Option<usize>> {
    let mut pairs: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    for key in keys {
        let mut waiting: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, item) in old.iter().enumerate().rev() {
            if taken.get(i) == Some(&false) {
                if let Some(k) = key(item) {
                    waiting.entry(k).or_default().push(i);
                }
            }
        }
        for (pair, item) in pairs.iter_mut().zip(new) {
            if pair.is_some() {
                continue;
            }
            let found = key(item).and_then(|k| waiting.get_mut(&k)?.pop());
            if let Some(i) = found {
                if let Some(t) = taken.get_mut(i) {
                    *t = true;
                }
                *pair = Some(i);
            }
        }
    }
    pairs
}

/// The old items no new item took.
pub(crate) fn unpaired(old_len: usize, pairs: &[Option<usize>]) -> Vec<usize> {
    let mut taken = vec![false; old_len];
    for i in pairs.iter().flatten() {
        if let Some(t) = taken.get_mut(*i) {
            *t = true;
        }
    }
    (0..old_len)
        .filter(|i| taken.get(*i) == Some(&false))
        .collect()
}

//! How the facts are compared: each field of a fact is read into a
//! [`Facet`] — one value, a set, or a choice — with where each value is
//! written, and every facet is compared the same way; lists of facts are
//! paired by what identifies them ([`keyed`]), the rest added or removed
//! whole. The readers at the end write each model value in `.policy`
//! notation. `facts.rs` says which fields each fact kind has.

use super::{Action, Change, Key, Kind, Value, pair_up, unpaired};
use crate::keyword::Keyword;
use crate::model::Node;
use crate::model::practice::*;
use crate::source::Span;
use std::collections::HashSet;

/// A value and where it is written.
pub(super) type Located = (Value, Span);

/// Compares two versions of one fact, named by the item given.
pub(super) type Compare<'a, T> = &'a dyn Fn(&mut Vec<Change>, &str, &Node<T>, &Node<T>);

/// A field's value in one version, with where each value is written.
pub(super) enum Facet {
    /// At most one value.
    One(Option<Located>),
    /// Any number of values, each compared on its own.
    Set(Vec<Located>),
    /// Usually one value of several possible (a legal basis, a safeguard):
    /// one swapped for another reads as a change, not two.
    Choice(Vec<Located>),
}

impl Facet {
    /// The same shape, with nothing in it.
    pub(super) fn emptied(&self) -> Facet {
        match self {
            Facet::One(_) => Facet::One(None),
            Facet::Set(_) => Facet::Set(Vec::new()),
            Facet::Choice(_) => Facet::Choice(Vec::new()),
        }
    }
}

/// A fact kind's fields: each a name (the last part of its path) and how
/// to read it.
pub(super) type Facets<T> = &'static [(&'static str, fn(&Node<T>) -> Facet)];

/// Compares one field's two facets, pushing what was added, removed or
/// changed.
pub(super) fn facet(out: &mut Vec<Change>, path: &str, item: Option<&str>, old: Facet, new: Facet) {
    let fact = |action| Change::new(Kind::Fact, path, action).item(item);
    match (old, new) {
        (Facet::One(old), Facet::One(new)) => match (old, new) {
            (None, Some((n, at))) => out.push(fact(Action::Added).new_value(n, Some(at))),
            (Some((o, was)), None) => out.push(fact(Action::Removed).old(o, Some(was))),
            (Some((o, was)), Some((n, at))) if o != n => out.push(
                fact(Action::Changed)
                    .old(o, Some(was))
                    .new_value(n, Some(at)),
            ),
            _ => {}
        },
        (Facet::Choice(old), Facet::Choice(new)) => {
            let (removed, added) = set_difference(old, new);
            if let ([(o, was)], [(n, at)]) = (&removed[..], &added[..]) {
                out.push(
                    fact(Action::Changed)
                        .old(o.clone(), Some(*was))
                        .new_value(n.clone(), Some(*at)),
                );
            } else {
                push_set(out, &fact, removed, added);
            }
        }
        (Facet::Set(old), Facet::Set(new)) => {
            let (removed, added) = set_difference(old, new);
            push_set(out, &fact, removed, added);
        }
        _ => {}
    }
}

/// A change for each value added, then each removed.
pub(super) fn push_set(
    out: &mut Vec<Change>,
    fact: &dyn Fn(Action) -> Change,
    removed: Vec<Located>,
    added: Vec<Located>,
) {
    for (value, at) in added {
        out.push(fact(Action::Added).new_value(value, Some(at)));
    }
    for (value, was) in removed {
        out.push(fact(Action::Removed).old(value, Some(was)));
    }
}

/// The values only `old` has, and those only `new` has, each once;
/// values are the same when they are written the same.
fn set_difference(old: Vec<Located>, new: Vec<Located>) -> (Vec<Located>, Vec<Located>) {
    let written = |list: Vec<Located>| -> Vec<(String, Located)> {
        list.into_iter().map(|v| (v.0.notation(), v)).collect()
    };
    let (old, new) = (written(old), written(new));
    let only = |these: Vec<(String, Located)>, others: &[(String, Located)]| {
        let others: HashSet<&str> = others.iter().map(|(name, _)| name.as_str()).collect();
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (name, value) in these {
            if !others.contains(name.as_str()) && seen.insert(name) {
                out.push(value);
            }
        }
        out
    };
    let removed = only(old.clone(), &new);
    (removed, only(new, &old))
}

/// Compares two versions of a fact by its table of fields; an absent fact
/// has every field empty.
pub(super) fn fields<T>(
    out: &mut Vec<Change>,
    prefix: &str,
    item: Option<&str>,
    table: Facets<T>,
    old: Option<&Node<T>>,
    new: Option<&Node<T>>,
) {
    for (name, read) in table {
        if let Some((o, n)) = both(old.map(read), new.map(read)) {
            facet(out, &format!("{prefix}.{name}"), item, o, n);
        }
    }
}

/// A field's facets in both versions, an empty one standing in for a
/// fact one version lacks.
pub(super) fn both(old: Option<Facet>, new: Option<Facet>) -> Option<(Facet, Facet)> {
    match (old, new) {
        (Some(o), Some(n)) => Some((o, n)),
        (None, Some(n)) => Some((n.emptied(), n)),
        (Some(o), None) => {
            let n = o.emptied();
            Some((o, n))
        }
        (None, None) => None,
    }
}

/// A kind of fact a policy may declare many of.
pub(super) struct List<'a, T: 'static> {
    /// Its path, for a fact added or removed whole; its fields' paths are
    /// under the path's first part (`transfer.to`: `transfer.safeguard`).
    pub path: &'a str,
    /// What pairs two versions of one fact, tried in turn; the first names
    /// it (the change's `item`).
    pub keys: &'a [Key<'a, Node<T>>],
    /// The value of a fact added or removed whole; its name when `None`.
    pub whole: Option<Whole<'a, T>>,
    /// How two versions of one fact are compared.
    pub fields: Fields<'a, T>,
}

/// The value of a fact added or removed whole.
pub(super) type Whole<'a, T> = &'a dyn Fn(&Node<T>) -> Value;

/// How two versions of one fact are compared.
pub(super) enum Fields<'a, T: 'static> {
    /// By a table of fields, under the list's path.
    Table(Facets<T>),
    /// By a function.
    By(Compare<'a, T>),
}

/// Facts of one kind: paired by the list's keys, each pair compared by its
/// fields, the rest added or removed whole.
pub(super) fn keyed<T>(
    out: &mut Vec<Change>,
    list: &List<'_, T>,
    old: &[Node<T>],
    new: &[Node<T>],
) {
    let name = |n: &Node<T>| list.keys.first().and_then(|k| k(n)).unwrap_or_default();
    let whole = |n: &Node<T>| list.whole.map_or_else(|| Value::Text(name(n)), |w| w(n));
    let whole_change = |action, n: &Node<T>| {
        let change = Change::new(Kind::Fact, list.path, action).item(Some(&name(n)));
        match action {
            Action::Removed => change.old(whole(n), Some(n.span)),
            _ => change.new_value(whole(n), Some(n.span)),
        }
    };
    let pairs = pair_up(old, new, list.keys);
    for (n, pair) in new.iter().zip(&pairs) {
        match (pair.and_then(|i| old.get(i)), &list.fields) {
            (Some(o), Fields::Table(table)) => {
                let prefix = list.path.split('.').next().unwrap_or_default();
                fields(out, prefix, Some(&name(n)), table, Some(o), Some(n));
            }
            (Some(o), Fields::By(compare)) => compare(out, &name(n), o, n),
            (None, _) => out.push(whole_change(Action::Added, n)),
        }
    }
    let gone = unpaired(old.len(), &pairs);
    for o in gone.into_iter().filter_map(|i| old.get(i)) {
        out.push(whole_change(Action::Removed, o));
    }
}

/// At most one value, made by `value`.
pub(super) fn one<T>(n: &Option<Node<T>>, value: impl Fn(&T) -> Value) -> Facet {
    Facet::One(n.as_ref().map(|n| (value(&n.node), n.span)))
}

/// Each value of a list, made by `value`.
pub(super) fn each<T>(list: &[Node<T>], value: impl Fn(&T) -> Value) -> Vec<Located> {
    list.iter().map(|n| (value(&n.node), n.span)).collect()
}

/// A set of values, made by `value`.
pub(super) fn set<T>(list: &[Node<T>], value: impl Fn(&T) -> Value) -> Facet {
    Facet::Set(each(list, value))
}

/// A text in notation.
pub(super) fn text<S: AsRef<str>>(t: &S) -> Value {
    Value::Text(t.as_ref().to_string())
}

/// A yes or no.
pub(super) fn flag(n: &Option<Node<bool>>) -> Facet {
    one(n, |f| Value::Flag(*f))
}

/// Keywords, as a set.
pub(super) fn words<K: Keyword>(list: &[Node<K>]) -> Facet {
    set(list, |k| Value::Text(k.keyword().to_string()))
}

pub(super) fn categories(list: &[Node<Category>]) -> Vec<Located> {
    each(list, |c| Value::Text(category(c)))
}

/// What a recipient, retention or transfer without `data` covers.
const ALL_DATA: &str = "all collected data";

/// The categories, or [`ALL_DATA`] when none is named.
pub(super) fn all_or(list: &[Node<Category>], whole: Span) -> Facet {
    if list.is_empty() {
        return Facet::Set(vec![(Value::Text(ALL_DATA.to_string()), whole)]);
    }
    Facet::Set(categories(list))
}

/// The categories as one key, whatever their order.
pub(super) fn data_key(list: &[Node<Category>]) -> String {
    let mut names: Vec<String> = list.iter().map(|c| category(&c.node)).collect();
    if names.is_empty() {
        return ALL_DATA.to_string();
    }
    names.sort();
    names.dedup();
    format!("[{}]", names.join(", "))
}

pub(super) fn purposes(list: &[Node<Purpose>]) -> Vec<Located> {
    each(list, |p| Value::Text(purpose(p)))
}

pub(super) fn sources(list: &[Node<Source>]) -> Vec<Located> {
    each(list, |s| Value::Text(source(s)))
}

pub(super) fn category(c: &Category) -> String {
    match c {
        Category::Known(info) => info.name.to_string(),
        Category::Other(words) => format!("other {}", super::quoted(words)),
    }
}

pub(super) fn purpose(p: &Purpose) -> String {
    match p {
        Purpose::Known(info) => info.name.to_string(),
        Purpose::Other(words) => format!("other {}", super::quoted(words)),
    }
}

pub(super) fn source(s: &Source) -> String {
    match &s.name {
        Some(name) => format!("{} {}", s.kind.keyword(), super::quoted(name)),
        None => s.kind.keyword().to_string(),
    }
}

pub(super) fn destination(d: &Destination) -> String {
    match d {
        Destination::Country(code) => code.clone(),
        Destination::Eea => "EEA".to_string(),
        Destination::Eu => "EU".to_string(),
        Destination::OutsideYourCountry => "outside-your-country".to_string(),
    }
}

pub(super) fn via(v: &Via) -> String {
    match v {
        Via::Contact(channel) => channel.keyword().to_string(),
        Via::Url(url) => super::quoted(url),
    }
}

pub(super) fn measure(m: &Measure) -> String {
    match m {
        Measure::Known(kind) => kind.keyword().to_string(),
        Measure::Other { other } => format!("other {}", super::quoted(other)),
    }
}

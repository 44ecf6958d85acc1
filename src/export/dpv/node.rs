//! The JSON-LD building blocks of the DPV export: references, labelled
//! fallback nodes, vocabulary words as terms, and objects with sorted keys
//! and no empty values, so the bytes are the same on every build.

use super::compact;
use crate::model::practice::{Category, Purpose};
use serde_json::{Map, Value};

/// Personal data: each category's `pd:` terms, or `[a dpv:PersonalData;
/// rdfs:label "…"]` for one DPV has no term for; each once.
pub(super) fn categories<'a>(data: impl Iterator<Item = &'a Category>) -> Value {
    let words = data.map(|category| match category {
        Category::Known(info) => (info.dpv, category.label()),
        Category::Other(words) => (&[][..], words.as_str()),
    });
    Value::Array(terms(words, "dpv:PersonalData"))
}

/// Purposes: each one's DPV purposes, or `[a dpv:Purpose; rdfs:label "…"]`.
pub(super) fn purposes<'a>(why: impl Iterator<Item = &'a Purpose>) -> Value {
    Value::Array(purpose_values(why))
}

/// The values of [`purposes`].
pub(super) fn purpose_values<'a>(why: impl Iterator<Item = &'a Purpose>) -> Vec<Value> {
    let words = why.map(|purpose| match purpose {
        Purpose::Known(info) => (info.dpv, purpose.label()),
        Purpose::Other(words) => (&[][..], words.as_str()),
    });
    terms(words, "dpv:Purpose")
}

/// Words of the vocabulary in DPV: each word's terms (full IRIs), or a node
/// of `class` labelled with the word when it has none; each value once.
pub(super) fn terms<'a>(
    words: impl Iterator<Item = (&'a [&'static str], &'a str)>,
    class: &str,
) -> Vec<Value> {
    let mut seen: Vec<(bool, &str)> = Vec::new();
    let mut out = Vec::new();
    for (iris, label) in words {
        if iris.is_empty() && !seen.contains(&(false, label)) {
            seen.push((false, label));
            out.push(labelled(class, label));
        }
        for iri in iris {
            if !seen.contains(&(true, iri)) {
                seen.push((true, iri));
                out.push(iri_value(iri));
            }
        }
    }
    out
}

/// `{"@id": "…"}` for a full IRI of the vocabulary, compacted.
pub(super) fn iri_value(iri: &str) -> Value {
    reference(&compact(iri))
}

/// `{"@id": "…"}` for a term written compactly.
pub(super) fn term(compact: &str) -> Value {
    reference(compact)
}

/// `{"@id": "…"}`.
pub(super) fn reference(id: &str) -> Value {
    object(vec![("@id", id.into())])
}

/// The fallback: a new node of a general class, labelled with the words.
pub(super) fn labelled(class: &str, label: &str) -> Value {
    object(vec![("@type", class.into()), ("rdfs:label", label.into())])
}

/// A node with its blank-node id.
pub(super) fn with_id(node: Value, id: &str) -> Value {
    match node {
        Value::Object(mut map) => {
            map.insert("@id".to_string(), id.into());
            sorted(map)
        }
        other => other,
    }
}

/// Adds a value to a list unless it is there already.
pub(super) fn push_once(list: &mut Vec<Value>, value: Value) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// A JSON object of the pairs with a value (no null, no empty list), keys
/// sorted, so the output is the same whether serde_json keeps insertion
/// order or not.
pub(super) fn object(pairs: Vec<(&str, Value)>) -> Value {
    let mut pairs: Vec<(&str, Value)> = pairs
        .into_iter()
        .filter(|(_, v)| !v.is_null() && v.as_array().is_none_or(|a| !a.is_empty()))
        .collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// The map with its keys in sorted order.
pub(super) fn sorted(map: Map<String, Value>) -> Value {
    let mut pairs: Vec<(String, Value)> = map.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    Value::Object(pairs.into_iter().collect())
}

/// `"…"^^xsd:anyURI`: a link as DPV's examples write a place (E0072's
/// `dpv:isExercisedAt`), a literal rather than a node, so a `mailto:` or
/// `tel:` link is not taken for a resource of the graph.
pub(super) fn any_uri(link: &str) -> Value {
    object(vec![
        ("@type", "xsd:anyURI".into()),
        ("@value", link.into()),
    ])
}

/// A list of values, each once, in the order first given; membership is a
/// set of their JSON text, so a policy with thousands of rights or
/// measures stays linear.
#[derive(Default)]
pub(super) struct Distinct {
    /// The values, in order.
    values: Vec<Value>,
    /// The JSON text of each value given so far.
    seen: std::collections::HashSet<String>,
}

impl Distinct {
    /// Adds the value unless it is there already.
    pub(super) fn push(&mut self, value: Value) {
        if self.seen.insert(value.to_string()) {
            self.values.push(value);
        }
    }

    /// The values, as a JSON list.
    pub(super) fn into_value(self) -> Value {
        Value::Array(self.values)
    }
}

//! Data categories and purposes as the model holds them: a word of the
//! vocabulary (`vocab/categories.tsv`, `vocab/purposes.tsv`), or `other
//! "…"` for what the vocabulary lacks, which every target reports under its
//! catch-all.

use crate::vocab::{self, CategoryInfo, PurposeInfo};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};
use std::borrow::Cow;

/// A data category. Two are equal when they name the same entry (by its
/// short name, not by comparing whole table rows) or the same words.
#[derive(Debug, Clone, Eq)]
pub enum Category {
    /// A category of the vocabulary.
    Known(&'static CategoryInfo),
    /// Another category, in words.
    Other(String),
}

/// A purpose of processing; equal as categories are.
#[derive(Debug, Clone, Eq)]
pub enum Purpose {
    /// A purpose of the vocabulary.
    Known(&'static PurposeInfo),
    /// Another purpose, in words.
    Other(String),
}

impl PartialEq for Category {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Category::Known(a), Category::Known(b)) => a.name == b.name,
            (Category::Other(a), Category::Other(b)) => a == b,
            _ => false,
        }
    }
}

/// Hashed as compared: by short name, or by the words of `other "…"`, so a
/// set of categories finds one in constant time (the views and checks meet
/// thousands of facts).
impl std::hash::Hash for Category {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Category::Known(info) => (0u8, info.name).hash(state),
            Category::Other(words) => (1u8, words.as_str()).hash(state),
        }
    }
}

impl PartialEq for Purpose {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Purpose::Known(a), Purpose::Known(b)) => a.name == b.name,
            (Purpose::Other(a), Purpose::Other(b)) => a == b,
            _ => false,
        }
    }
}

impl Category {
    /// How readers see it.
    pub fn label(&self) -> &str {
        match self {
            Category::Known(info) => info.label,
            Category::Other(words) => words,
        }
    }

    /// The vocabulary entry whose mappings the exporters use: its own, or
    /// the catch-all `other` for a category in words.
    pub fn info(&self) -> Option<&'static CategoryInfo> {
        match self {
            Category::Known(info) => Some(info),
            Category::Other(_) => vocab::other_category(),
        }
    }

    /// The short name, or `other` for a category in words.
    pub fn name(&self) -> &str {
        match self {
            Category::Known(info) => info.name,
            Category::Other(_) => "other",
        }
    }
}

impl Purpose {
    /// How readers see it.
    pub fn label(&self) -> &str {
        match self {
            Purpose::Known(info) => info.label,
            Purpose::Other(words) => words,
        }
    }

    /// The vocabulary entry whose mappings the exporters use.
    pub fn info(&self) -> Option<&'static PurposeInfo> {
        match self {
            Purpose::Known(info) => Some(info),
            Purpose::Other(_) => vocab::other_purpose(),
        }
    }

    /// The short name, or `other` for a purpose in words.
    pub fn name(&self) -> &str {
        match self {
            Purpose::Known(info) => info.name,
            Purpose::Other(_) => "other",
        }
    }
}

/// `"email"`, or `{"other": "…"}`.
fn serialize_term<S: Serializer>(
    known: Option<&str>,
    other: &str,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    match known {
        Some(name) => serializer.serialize_str(name),
        None => {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("other", other)?;
            map.end()
        }
    }
}

impl Serialize for Category {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Category::Known(info) => serialize_term(Some(info.name), "", serializer),
            Category::Other(words) => serialize_term(None, words, serializer),
        }
    }
}

impl Serialize for Purpose {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Purpose::Known(info) => serialize_term(Some(info.name), "", serializer),
            Purpose::Other(words) => serialize_term(None, words, serializer),
        }
    }
}

/// A vocabulary word, or `{"other": "…"}`.
fn term_schema<'a>(names: impl Iterator<Item = &'a str>, what: &str) -> Schema {
    let names: Vec<&str> = names.collect();
    json_schema!({
        "description": format!("A {what} of the vocabulary, or another one in words."),
        "oneOf": [
            { "type": "string", "enum": names },
            {
                "type": "object",
                "properties": { "other": { "type": "string" } },
                "required": ["other"],
                "additionalProperties": false
            }
        ]
    })
}

impl JsonSchema for Category {
    fn schema_name() -> Cow<'static, str> {
        "Category".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        term_schema(vocab::categories().iter().map(|c| c.name), "data category")
    }
}

impl JsonSchema for Purpose {
    fn schema_name() -> Cow<'static, str> {
        "Purpose".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        term_schema(vocab::purposes().iter().map(|p| p.name), "purpose")
    }
}

//! The project file as written: every key `policyc.yaml` may hold, and how
//! each value is read. Unknown keys are refused (`deny_unknown_fields`), so
//! a misspelt key is an error with "did you mean", never silently ignored.
//! Keys are written in kebab-case, as the flags they mirror.

use crate::driver::Format;
use crate::keyword::Keyword;
use crate::model::value::{Invalid, LanguageTag, TypedValue, WebUrl, article};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::path::PathBuf;

/// `policyc.yaml`, key by key; a key left out is `None`. Paths are as
/// written, relative to the file's folder.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a mapping of settings (`key: value` lines)"
)]
pub(super) struct ProjectFile {
    /// The folder of `.policy` files.
    pub policies: Option<PathBuf>,
    /// The output folder.
    pub out: Option<PathBuf>,
    /// The formats `build` writes.
    pub formats: Option<Formats>,
    /// Whether Markdown output starts with YAML front matter.
    pub front_matter: Option<bool>,
    /// The templates folder.
    pub templates: Option<PathBuf>,
    /// The profiles to audit (reserved for `check --profile`).
    #[serde(default)]
    pub profiles: Vec<Word<crate::model::Profile>>,
    /// The language of policies that set none.
    pub language: Option<Language>,
    /// The site as a whole.
    pub site: Option<SiteFile>,
}

/// The `site:` mapping.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a mapping of `title` and `base-url`"
)]
pub(super) struct SiteFile {
    /// The title of the site's index page.
    pub title: Option<String>,
    /// Where the site is published.
    pub base_url: Option<BaseUrl>,
}

/// A keyword of a [`Keyword`] vocabulary, read with "did you mean" at its
/// place in the file.
#[derive(Debug, Clone, Copy)]
pub(super) struct Word<K>(pub K);

impl<'de, K: Keyword> Deserialize<'de> for Word<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(WordVisitor(PhantomData))
    }
}

struct WordVisitor<K>(PhantomData<K>);

impl<K: Keyword> Visitor<'_> for WordVisitor<K> {
    type Value = Word<K>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {}", K::WHAT)
    }

    // Errors are made inside the visitor so that serde_yaml gives them the
    // value's place.
    fn visit_str<E: de::Error>(self, word: &str) -> Result<Self::Value, E> {
        K::from_keyword(word).map(Word).ok_or_else(|| {
            E::custom(format!(
                "unknown {} `{word}`: {}",
                K::WHAT,
                K::help_for(word)
            ))
        })
    }
}

/// The output formats: a list (`[html, json]`) or a comma-separated text
/// (`html, json`), as `--format` takes them; never empty.
#[derive(Debug, Clone, Default)]
pub(super) struct Formats(pub Vec<Format>);

impl<'de> Deserialize<'de> for Formats {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FormatsVisitor)
    }
}

struct FormatsVisitor;

impl<'de> Visitor<'de> for FormatsVisitor {
    type Value = Formats;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a list of formats: {}", Format::names(", "))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        let formats = text
            .split(',')
            .map(str::parse::<Format>)
            .collect::<Result<Vec<_>, _>>()
            .map_err(E::custom)?;
        non_empty(formats)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut formats = Vec::new();
        while let Some(FormatName(format)) = seq.next_element()? {
            formats.push(format);
        }
        non_empty(formats)
    }
}

fn non_empty<E: de::Error>(formats: Vec<Format>) -> Result<Formats, E> {
    if formats.is_empty() {
        return Err(E::custom(format!(
            "no formats: name at least one of {}",
            Format::names(", ")
        )));
    }
    Ok(Formats(formats))
}

/// One format of a list.
struct FormatName(Format);

impl<'de> Deserialize<'de> for FormatName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(FormatNameVisitor)
    }
}

struct FormatNameVisitor;

impl Visitor<'_> for FormatNameVisitor {
    type Value = FormatName;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a format: {}", Format::names(" or "))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        text.parse().map(FormatName).map_err(E::custom)
    }
}

/// The address the site is published at: an `http://` or `https://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct BaseUrl(pub String);

impl<'de> Deserialize<'de> for BaseUrl {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(BaseUrlVisitor)
    }
}

struct BaseUrlVisitor;

impl Visitor<'_> for BaseUrlVisitor {
    type Value = BaseUrl;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an http:// or https:// URL")
    }

    fn visit_str<E: de::Error>(self, url: &str) -> Result<Self::Value, E> {
        WebUrl::parse(url)
            .map(|u| BaseUrl(u.as_str().to_string()))
            .map_err(|invalid| refused::<WebUrl, E>(url, &invalid))
    }
}

/// A language tag (BCP 47), checked where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Language(pub LanguageTag);

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(LanguageVisitor)
    }
}

struct LanguageVisitor;

impl Visitor<'_> for LanguageVisitor {
    type Value = Language;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a language tag such as `en` or `en-GB`")
    }

    fn visit_str<E: de::Error>(self, tag: &str) -> Result<Self::Value, E> {
        LanguageTag::parse(tag)
            .map(Language)
            .map_err(|invalid| refused::<LanguageTag, E>(tag, &invalid))
    }
}

/// A typed value's refusal as a serde error (made inside the visitor, so
/// it keeps the value's place): what is wrong, then "did you mean".
fn refused<T: TypedValue, E: de::Error>(text: &str, invalid: &Invalid<T::Error>) -> E {
    let help = match &invalid.suggestion {
        Some(meant) => format!("did you mean `{meant}`?"),
        None => T::EXAMPLE.to_string(),
    };
    E::custom(format!(
        "`{text}` is not {} {}: {}; {help}",
        article(T::WHAT),
        T::WHAT,
        invalid.error
    ))
}

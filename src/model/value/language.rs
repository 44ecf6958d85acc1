//! `LanguageTag`: a BCP 47 language tag, well formed per RFC 5646 § 2.1 —
//! language (with extended subtags), script, region, variants, extensions
//! and private use, or one of the irregular grandfathered tags — compared
//! without case and kept in the case RFC 5646 § 2.1.1 recommends (`en-GB`,
//! `zh-Hant-TW`). It is well-formedness, not the IANA registry: `en-UK` is
//! accepted. Primary language subtags of 4 to 8 letters, which the syntax
//! reserves but the registry has never used, are refused, so `english` is
//! an error that suggests `en`.

use super::{Invalid, TypedValue, shown, string_value, trimmed};
use crate::diagnostic::did_you_mean;
use std::fmt;

/// A well-formed language tag in its recommended case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageTag(String);

/// Why a text is not a language tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LanguageError {
    /// No text.
    Empty,
    /// A character other than ASCII letters, digits and `-`.
    BadCharacter(char),
    /// Two hyphens together, or one at either end.
    EmptySubtag,
    /// A primary language subtag that is not 2 or 3 letters.
    BadLanguage(String),
    /// A subtag that fits nowhere it stands.
    Unexpected(String),
    /// An extension or private-use singleton with nothing after it.
    Unfinished(String),
}

impl fmt::Display for LanguageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LanguageError::Empty => write!(f, "it is empty"),
            LanguageError::BadCharacter(c) => write!(
                f,
                "it holds {}; a tag is letters and digits joined by `-`",
                shown(*c)
            ),
            LanguageError::EmptySubtag => write!(f, "it has an empty part between hyphens"),
            LanguageError::BadLanguage(l) => write!(
                f,
                "the language `{l}` is not a code of two or three letters, such as `en` or `fil`"
            ),
            LanguageError::Unexpected(s) => write!(
                f,
                "`{s}` is not a script, region, variant or extension where it stands"
            ),
            LanguageError::Unfinished(s) => write!(f, "`{s}` must be followed by a subtag"),
        }
    }
}

/// The irregular grandfathered tags of RFC 5646 § 2.2.8 (the regular ones
/// are well formed anyway).
const IRREGULAR: &[&str] = &[
    "en-GB-oed",
    "i-ami",
    "i-bnn",
    "i-default",
    "i-enochian",
    "i-hak",
    "i-klingon",
    "i-lux",
    "i-mingo",
    "i-navajo",
    "i-pwn",
    "i-tao",
    "i-tay",
    "i-tsu",
    "sgn-BE-FR",
    "sgn-BE-NL",
    "sgn-CH-DE",
];

/// Language names people write instead of their code.
const NAMES: &[(&str, &str)] = &[
    ("arabic", "ar"),
    ("bengali", "bn"),
    ("chinese", "zh"),
    ("czech", "cs"),
    ("danish", "da"),
    ("dutch", "nl"),
    ("english", "en"),
    ("finnish", "fi"),
    ("french", "fr"),
    ("german", "de"),
    ("greek", "el"),
    ("hebrew", "he"),
    ("hindi", "hi"),
    ("hungarian", "hu"),
    ("indonesian", "id"),
    ("italian", "it"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("malay", "ms"),
    ("norwegian", "no"),
    ("polish", "pl"),
    ("portuguese", "pt"),
    ("romanian", "ro"),
    ("russian", "ru"),
    ("spanish", "es"),
    ("swedish", "sv"),
    ("tamil", "ta"),
    ("thai", "th"),
    ("turkish", "tr"),
    ("ukrainian", "uk"),
    ("urdu", "ur"),
    ("vietnamese", "vi"),
    ("welsh", "cy"),
];

impl TypedValue for LanguageTag {
    const WHAT: &'static str = "language tag";
    const EXAMPLE: &'static str = "write a BCP 47 tag such as `en`, `en-GB` or `zh-Hant-TW`";
    type Error = LanguageError;

    fn parse(text: &str) -> Result<Self, Invalid<LanguageError>> {
        parse(text).map_err(|error| Invalid::suggest(error, suggestion(text), |s| parse(s).ok()))
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

string_value!(
    LanguageTag,
    "Parses a language tag; see [`TypedValue::parse`]."
);

impl Default for LanguageTag {
    /// English, the language of a policy that names none.
    fn default() -> Self {
        LanguageTag("en".to_string())
    }
}

impl LanguageTag {
    /// The primary language subtag, lowercase (`en` of `en-GB`).
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or_default()
    }
}

/// Where a subtag may stand, in the order RFC 5646's ABNF allows them.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    ExtLang,
    Script,
    Region,
    Variant,
    Extension,
}

/// The checks, without suggestions; the tag in its recommended case.
fn parse(text: &str) -> Result<LanguageTag, LanguageError> {
    if text.is_empty() {
        return Err(LanguageError::Empty);
    }
    if let Some(c) = text
        .chars()
        .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
    {
        return Err(LanguageError::BadCharacter(c));
    }
    if let Some(tag) = IRREGULAR.iter().find(|t| t.eq_ignore_ascii_case(text)) {
        return Ok(LanguageTag((*tag).to_string()));
    }
    let subtags: Vec<String> = text.split('-').map(str::to_ascii_lowercase).collect();
    if subtags.iter().any(|s| s.is_empty() || s.len() > 8) {
        return match subtags.iter().find(|s| s.len() > 8) {
            Some(long) => Err(LanguageError::Unexpected(long.clone())),
            None => Err(LanguageError::EmptySubtag),
        };
    }
    let mut out = Vec::new();
    let mut rest = subtags.iter();
    let first = rest.next().ok_or(LanguageError::Empty)?;
    if first == "x" {
        private_use(first, &mut rest, &mut out)?;
        return Ok(LanguageTag(out.join("-")));
    }
    if !(2..=3).contains(&first.len()) || !is_alpha(first) {
        return Err(LanguageError::BadLanguage(first.clone()));
    }
    out.push(first.clone());
    let mut place = Place::ExtLang;
    let mut extlangs = 0;
    while let Some(subtag) = rest.next() {
        let len = subtag.len();
        if subtag == "x" {
            return private_use(subtag, &mut rest, &mut out).map(|()| LanguageTag(out.join("-")));
        }
        if len == 1 {
            let mut extension = vec![subtag.clone()];
            extension.extend(rest.clone().take_while(|s| s.len() >= 2).cloned());
            if extension.len() == 1 {
                return Err(LanguageError::Unfinished(subtag.clone()));
            }
            for _ in 1..extension.len() {
                rest.next();
            }
            out.push(extension.join("-"));
            place = Place::Extension;
            continue;
        }
        let (next, shown) =
            if place == Place::ExtLang && extlangs < 3 && len == 3 && is_alpha(subtag) {
                extlangs += 1;
                (Place::ExtLang, subtag.clone())
            } else if place <= Place::Script && len == 4 && is_alpha(subtag) {
                (Place::Region, title_case(subtag))
            } else if place <= Place::Region
                && (len == 2 && is_alpha(subtag) || len == 3 && is_digits(subtag))
            {
                (Place::Variant, subtag.to_ascii_uppercase())
            } else if place <= Place::Variant
                && (len >= 5 || len == 4 && subtag.starts_with(|c: char| c.is_ascii_digit()))
            {
                (Place::Variant, subtag.clone())
            } else {
                return Err(LanguageError::Unexpected(subtag.clone()));
            };
        place = next;
        out.push(shown);
    }
    Ok(LanguageTag(out.join("-")))
}

/// `x-…`: one or more subtags of 1 to 8 characters, to the end.
fn private_use<'a>(
    x: &str,
    rest: &mut impl Iterator<Item = &'a String>,
    out: &mut Vec<String>,
) -> Result<(), LanguageError> {
    let subtags: Vec<&String> = rest.collect();
    if subtags.is_empty() {
        return Err(LanguageError::Unfinished(x.to_string()));
    }
    out.push(x.to_string());
    out.extend(subtags.into_iter().cloned());
    Ok(())
}

fn is_digits(subtag: &str) -> bool {
    subtag.chars().all(|c| c.is_ascii_digit())
}

fn is_alpha(subtag: &str) -> bool {
    subtag.chars().all(|c| c.is_ascii_alphabetic())
}

/// `Latn` from `latn`.
fn title_case(subtag: &str) -> String {
    let mut chars = subtag.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
        .collect()
}

/// The tag most likely meant: `-` for `_` (`en_US`), the code of a
/// language written by name (`English`, `englsh`), the trimmed text.
fn suggestion(text: &str) -> Option<String> {
    if let Some(trimmed) = trimmed(text) {
        return Some(trimmed);
    }
    if text.contains('_') {
        return parse(&text.replace('_', "-")).ok().map(|t| t.0);
    }
    let lower = text.to_ascii_lowercase();
    let name = did_you_mean(&lower, NAMES.iter().map(|(name, _)| *name)).unwrap_or(&lower);
    NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, code)| (*code).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_well_formed_tags_in_their_recommended_case() {
        for (written, shown) in [
            ("en", "en"),
            ("EN-us", "en-US"),
            ("zh-hant-tw", "zh-Hant-TW"),
            ("sr-Latn-RS", "sr-Latn-RS"),
            ("es-419", "es-419"),
            ("zh-yue-HK", "zh-yue-HK"),
            ("de-CH-1996", "de-CH-1996"),
            ("sl-rozaj-biske", "sl-rozaj-biske"),
            ("en-US-u-ca-gregory-x-acme", "en-US-u-ca-gregory-x-acme"),
            ("x-whatever", "x-whatever"),
            ("i-klingon", "i-klingon"),
            ("EN-gb-OED", "en-GB-oed"),
            ("en-UK", "en-UK"),
        ] {
            assert_eq!(
                LanguageTag::parse(written).map(|t| t.0),
                Ok(shown.to_string()),
                "{written}"
            );
        }
    }

    #[test]
    fn refuses_malformed_tags_and_suggests_the_one_meant() {
        let refused = |text: &str| LanguageTag::parse(text).expect_err(text);
        assert_eq!(
            refused("en\"><script>").error,
            LanguageError::BadCharacter('"')
        );
        assert_eq!(refused("en_US").suggestion.as_deref(), Some("en-US"));
        assert_eq!(refused("english").suggestion.as_deref(), Some("en"));
        assert_eq!(
            refused("English").error,
            LanguageError::BadLanguage("english".into())
        );
        assert_eq!(refused("Frnech").suggestion.as_deref(), Some("fr"));
        assert_eq!(refused("en-").error, LanguageError::EmptySubtag);
        assert_eq!(refused("").error, LanguageError::Empty);
        assert_eq!(refused("e").error, LanguageError::BadLanguage("e".into()));
        assert_eq!(
            refused("en-US-GB").error,
            LanguageError::Unexpected("gb".into())
        );
        assert_eq!(
            refused("en-Latn-Cyrl").error,
            LanguageError::Unexpected("cyrl".into())
        );
        assert_eq!(refused("en-u").error, LanguageError::Unfinished("u".into()));
        assert_eq!(refused("en-x").error, LanguageError::Unfinished("x".into()));
        assert_eq!(
            refused("en-abcdefghi").error,
            LanguageError::Unexpected("abcdefghi".into())
        );
        assert_eq!(
            refused("de-1996-CH").error,
            LanguageError::Unexpected("ch".into())
        );
    }
}

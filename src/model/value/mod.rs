//! Typed values: the web addresses, email addresses, telephone numbers,
//! domain names and language tags a policy declares as facts. Each is validated once, when
//! the file is lowered, so every stage after it — checks, views, renderers,
//! exporters — holds a value that is known to be well formed and builds its
//! links (`https:`, `mailto:`, `tel:`) from it instead of from raw text.
//! A refused value comes back as a typed error and, where the text is a
//! near miss, the value the author most likely meant.

mod email;
mod host;
mod language;
mod phone;
mod url;

pub use email::{Email, EmailError};
pub use host::{HostError, HostName};
pub use language::{LanguageError, LanguageTag};
pub use phone::{Phone, PhoneError};
pub use url::{UrlError, WebUrl};

use std::fmt;

/// A value refused by its constructor: why, and the value most likely meant
/// when the text is a near miss (`htps://…` → `https://…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid<E> {
    /// What is wrong.
    pub error: E,
    /// A valid value close to the text, for "did you mean".
    pub suggestion: Option<String>,
}

impl<E> Invalid<E> {
    /// An error with no suggestion.
    pub fn new(error: E) -> Self {
        Invalid {
            error,
            suggestion: None,
        }
    }

    /// An error with a suggestion, kept only when `parse` accepts it (so a
    /// "did you mean" never proposes another invalid value).
    pub(crate) fn suggest<T>(
        error: E,
        suggestion: Option<String>,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Self {
        Invalid {
            error,
            suggestion: suggestion.filter(|s| parse(s).is_some()),
        }
    }
}

/// What every typed value shares, so lowering validates them all alike.
pub trait TypedValue: Sized {
    /// What the value is, in words: "web address".
    const WHAT: &'static str;
    /// What to write instead when no suggestion fits.
    const EXAMPLE: &'static str;
    /// Why a text is refused.
    type Error: fmt::Display;

    /// Validates `text`: the value, or why not with a suggestion.
    fn parse(text: &str) -> Result<Self, Invalid<Self::Error>>;

    /// The value as written in the policy (and in every export).
    fn as_str(&self) -> &str;

    /// Whether the refused text would have run script in a browser (those
    /// get the unsafe-link code, E0307).
    fn runs_script(_error: &Self::Error) -> bool {
        false
    }
}

/// Serialises a typed value as the string it holds, and describes it as a
/// string in the JSON Schema: the JSON export keeps its shape. Readers see
/// it as `&str` (`Deref`); only its constructor makes one.
macro_rules! string_value {
    ($type:ident, $doc:literal) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl schemars::JsonSchema for $type {
            fn inline_schema() -> bool {
                true
            }
            fn schema_name() -> std::borrow::Cow<'static, str> {
                std::borrow::Cow::Borrowed(stringify!($type))
            }
            fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
                String::json_schema(generator)
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $type {
            /// The value as written (a language tag in its recommended case).
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $type {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::ops::Deref for $type {
            type Target = str;
            fn deref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::str::FromStr for $type {
            type Err = Invalid<<$type as TypedValue>::Error>;
            #[doc = $doc]
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                <$type as TypedValue>::parse(text)
            }
        }
    };
}
pub(crate) use string_value;

/// A character named in a message: in backticks, or in words when it
/// would not show (`a space`, `U+0009`).
fn shown(c: char) -> String {
    match c {
        ' ' => "a space".to_string(),
        c if c.is_whitespace() || c.is_control() => format!("U+{:04X}", u32::from(c)),
        '`' => "a backtick".to_string(),
        c => format!("`{c}`"),
    }
}

/// "a" or "an" before what a value is: "an email address".
pub fn article(what: &str) -> &'static str {
    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A suggestion for text with white space around it: the trimmed text.
fn trimmed(text: &str) -> Option<String> {
    (text.trim() != text).then(|| text.trim().to_string())
}

//! Keyword enums: the closed vocabularies of the language (policy kinds,
//! section kinds, profiles, numbering styles, and the data-practice
//! vocabularies to come). Each is declared once with [`keywords!`]; the
//! [`Keyword`] trait gives every one the same lookup, "did you mean" and
//! listing for help texts, so no message lists values by hand.

use crate::diagnostic::did_you_mean;

/// A closed set of values written as keywords in `.policy` files.
pub trait Keyword: Copy + Eq + 'static {
    /// What a value is called in messages, e.g. `section kind`.
    const WHAT: &'static str;
    /// Every value with its keyword, in the order documentation lists them.
    const ALL: &'static [(&'static str, Self)];

    /// The keyword of this value.
    fn keyword(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(w, _)| w)
    }

    /// The value a keyword names, if any.
    fn from_keyword(word: &str) -> Option<Self> {
        Self::ALL.iter().find(|(w, _)| *w == word).map(|(_, v)| *v)
    }

    /// The closest keyword to a misspelt `word`, if one is close enough.
    fn suggest(word: &str) -> Option<&'static str> {
        did_you_mean(word, Self::ALL.iter().map(|(w, _)| *w))
    }

    /// Every keyword, spelt and joined for a help text.
    fn listing() -> String {
        list(Self::ALL.iter().map(|(w, _)| format!("`{w}`")))
    }

    /// The help for an unknown keyword: "did you mean", or the full list.
    fn help_for(word: &str) -> String {
        match Self::suggest(word) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the {}s are {}", Self::WHAT, Self::listing()),
        }
    }
}

/// Items joined for a sentence: a short list reads as one (`a`, `b` and
/// `c`); a long one (over five) is a list, joined by commas only.
pub fn list(items: impl IntoIterator<Item = String>) -> String {
    list_with(items, "and")
}

/// As [`list`], with another last conjunction (`or` for alternatives).
pub fn list_with(items: impl IntoIterator<Item = String>, conjunction: &str) -> String {
    let items: Vec<String> = items.into_iter().collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if items.len() <= 5 => {
            format!("{} {conjunction} {last}", init.join(", "))
        }
        _ => items.join(", "),
    }
}

/// The text with its first letter in capitals, for a value that starts a
/// sentence or a table cell ("until …" → "Until …").
pub fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text with its first letter in lower case, for a summary placed
/// inside a message.
pub fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Declares a keyword enum: the enum, its serde names (the keywords), and
/// its [`Keyword`] table, from one list of `Variant = "keyword"` lines.
#[macro_export]
macro_rules! keywords {
    (
        $(#[$meta:meta])*
        pub enum $name:ident: $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $word:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $word)] $variant, )*
        }

        impl $crate::keyword::Keyword for $name {
            const WHAT: &'static str = $what;
            const ALL: &'static [(&'static str, Self)] = &[$(($word, $name::$variant),)*];
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    keywords! {
        /// A test vocabulary.
        pub enum Fruit: "fruit" {
            /// An apple.
            Apple = "apple",
            /// A blood orange.
            BloodOrange = "blood-orange",
        }
    }

    #[test]
    fn a_keyword_enum_knows_its_words_and_suggests_close_ones() {
        assert_eq!(
            Fruit::from_keyword("blood-orange"),
            Some(Fruit::BloodOrange)
        );
        assert_eq!(Fruit::Apple.keyword(), "apple");
        assert_eq!(Fruit::suggest("aple"), Some("apple"));
        assert_eq!(Fruit::help_for("aple"), "did you mean `apple`?");
        assert_eq!(
            Fruit::help_for("kiwi"),
            "the fruits are `apple` and `blood-orange`"
        );
    }

    #[test]
    fn short_lists_read_as_a_sentence_and_long_ones_as_a_list() {
        let words = |n: usize| (1..=n).map(|i| i.to_string());
        assert_eq!(list(words(3)), "1, 2 and 3");
        assert_eq!(list(words(6)), "1, 2, 3, 4, 5, 6");
    }
}

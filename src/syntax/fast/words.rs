//! The grammar's words, each once, for the fast reader: which word begins
//! which item, which are keywords (never a value), which begin facts and
//! generated blocks, and the units of time. A test compares them with
//! `grammar/policy.pest`.

/// The words the grammar gives a meaning of its own, each once, with what it
/// begins: the literals of `keyword`, `kw_*`, `fact_keyword` and
/// `generated_name` in `grammar/policy.pest` (a test compares them). A
/// literal is only ever matched as a whole run of identifier characters
/// (each is followed by `!ident_char` in the grammar).
macro_rules! words {
    ($($word:literal => $class:ident,)*) => {
        /// Every word of the grammar and its class, in one table (what the
        /// tests compare with the grammar).
        #[cfg(test)]
        const WORDS: &[(&[u8], Word)] = &[$(($word, Word::$class),)*];

        /// The class of a whole identifier.
        pub(super) fn classify(word: &[u8]) -> Word {
            match word {
                $($word => Word::$class,)*
                _ => Word::Plain,
            }
        }
    };
}

/// What a word is to the grammar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Word {
    /// No keyword: a key, a value, a kind.
    Plain,
    /// `policy`, which begins the file.
    Policy,
    /// The keyword of an item with a rule of its own.
    Org,
    /// `contact`.
    Contact,
    /// `officer`, inside `contact`.
    Officer,
    /// `term`.
    Term,
    /// `define`.
    Define,
    /// `include`.
    Include,
    /// `text`.
    Text,
    /// `section`.
    Section,
    /// The name of a generated block (`generated_name`, also a `keyword`).
    Generated,
    /// A `fact_keyword` (not a `keyword`).
    Fact,
}

impl Word {
    /// Whether the grammar's `keyword` lists it.
    pub(super) fn is_keyword(self) -> bool {
        !matches!(self, Word::Plain | Word::Fact)
    }
}

words! {
    b"policy" => Policy,
    b"org" => Org,
    b"contact" => Contact,
    b"officer" => Officer,
    b"term" => Term,
    b"define" => Define,
    b"include" => Include,
    b"text" => Text,
    b"section" => Section,
    b"toc" => Generated,
    b"contact-block" => Generated,
    b"last-updated" => Generated,
    b"glossary" => Generated,
    b"data-table" => Generated,
    b"cookie-table" => Generated,
    b"rights-list" => Generated,
    b"privacy-label" => Generated,
    b"collect" => Fact,
    b"recipient" => Fact,
    b"right" => Fact,
    b"cookie" => Fact,
    b"retain" => Fact,
    b"security" => Fact,
    b"transfer" => Fact,
    b"sale" => Fact,
    b"children" => Fact,
    b"changes" => Fact,
    b"api" => Fact,
    b"signals" => Fact,
    b"accounts" => Fact,
    b"automated-decision-making" => Fact,
    b"disclosure" => Fact,
}

/// The grammar's `unit_name`: units of time after a number (`26 months`).
pub(super) const UNIT_NAMES: [&[u8]; 14] = [
    b"years", b"year", b"months", b"month", b"weeks", b"week", b"days", b"day", b"hours", b"hour",
    b"minutes", b"minute", b"seconds", b"second",
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The literals of one rule of the grammar, in order.
    fn literals(rule: &str) -> Vec<String> {
        let grammar = include_str!("../../../grammar/policy.pest");
        let start = grammar
            .find(&format!("\n{rule} "))
            .unwrap_or_else(|| panic!("no rule {rule}"));
        let body = grammar.get(start..).unwrap_or("");
        let end = body.find("}\n").unwrap_or(body.len());
        body.get(..end)
            .unwrap_or("")
            .split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    /// The words of one class in [`WORDS`], in order.
    fn class(of: impl Fn(Word) -> bool) -> Vec<String> {
        WORDS
            .iter()
            .filter(|(_, w)| of(*w))
            .map(|(name, _)| String::from_utf8_lossy(name).into_owned())
            .collect()
    }

    /// The table of words is the grammar's: a keyword added to the grammar
    /// and not here would be read as a plain word.
    #[test]
    fn the_words_are_the_grammars() {
        let mut keywords = literals("keyword");
        let mut ours = class(Word::is_keyword);
        keywords.sort();
        ours.sort();
        assert_eq!(ours, keywords);
        assert_eq!(class(|w| w == Word::Fact), literals("fact_keyword"));
        assert_eq!(class(|w| w == Word::Generated), literals("generated_name"));
        let units: Vec<String> = UNIT_NAMES
            .iter()
            .map(|u| String::from_utf8_lossy(u).into_owned())
            .collect();
        assert_eq!(units, literals("unit_name"));
        for (word, class) in [
            ("policy", Word::Policy),
            ("org", Word::Org),
            ("contact", Word::Contact),
            ("officer", Word::Officer),
            ("term", Word::Term),
            ("define", Word::Define),
            ("include", Word::Include),
            ("text", Word::Text),
            ("section", Word::Section),
        ] {
            assert_eq!(literals(&format!("kw_{word}")), [word]);
            assert_eq!(classify(word.as_bytes()), class);
        }
    }

    /// No literal of `keyword` is a longer one's prefix listed after it, so
    /// matching a whole run of identifier characters is matching the
    /// grammar's ordered choice.
    #[test]
    fn no_word_is_shadowed_by_an_earlier_prefix() {
        for rule in ["keyword", "fact_keyword", "generated_name", "unit_name"] {
            let words = literals(rule);
            for (i, earlier) in words.iter().enumerate() {
                for later in words.iter().skip(i + 1) {
                    assert!(
                        !later.starts_with(earlier.as_str()),
                        "{rule}: {earlier} before {later}"
                    );
                }
            }
        }
    }
}

//! The categories and purposes a policy's facts declare, as the drift
//! lint compares them with what its prose states (`drift.rs`): sets of
//! vocabulary rows, one bit a row, filled from the facts' terms by their
//! address and from the lexicon's words by the row `build.rs` writes
//! beside each id; the `other "…"` facts' words read with the lexicon.

use crate::lexicon::{self, Kind, Mention};
use crate::model::Policy;
use crate::model::practice::{Category, Purpose};
use crate::vocab;

/// The categories and purposes the facts declare, as sets of vocabulary
/// rows: each fact's term is put in by its address, each word of the
/// lexicon by the row `build.rs` wrote beside it.
#[derive(Clone)]
pub(super) struct Declared {
    pub(super) categories: Rows,
    pub(super) purposes: Rows,
}

impl Declared {
    /// The vocabulary's categories and purposes the facts name.
    pub(super) fn known(policy: &Policy) -> Declared {
        let p = &policy.practices;
        let mut categories = Rows::default();
        let known = p
            .data_named()
            .chain(p.transfers.iter().flat_map(|t| &t.node.data));
        for (row, _) in known.filter_map(|c| known_category(&c.node)) {
            categories.insert(row);
        }
        let mut declared_purposes = Rows::default();
        let known = p
            .purposes_named()
            .chain(p.retention.iter().flat_map(|r| &r.node.purposes));
        for (row, _) in known.filter_map(|c| known_purpose(&c.node)) {
            declared_purposes.insert(row);
        }
        Declared {
            categories,
            purposes: declared_purposes,
        }
    }

    /// These and what the `other "…"` facts' words read as: read only
    /// when a sentence states what no known term declares, since reading
    /// them costs as much as a block of prose.
    pub(super) fn with_others(mut self, policy: &Policy) -> Declared {
        let p = &policy.practices;
        let other_data = p.data_named().filter_map(|c| match &c.node {
            Category::Other(words) => Some(words.as_str()),
            _ => None,
        });
        read_others(other_data, Kind::Category, &mut self.categories);
        let other_purposes = p.purposes_named().filter_map(|c| match &c.node {
            Purpose::Other(words) => Some(words.as_str()),
            _ => None,
        });
        read_others(other_purposes, Kind::Purpose, &mut self.purposes);
        self
    }

    /// No category and no purpose.
    pub(super) fn empty() -> Declared {
        Declared {
            categories: Rows::default(),
            purposes: Rows::default(),
        }
    }

    /// Whether a fact declares one of what a mention names (a mention of
    /// another kind is not weighed here: as good as declared).
    pub(super) fn has_any(&self, mention: &Mention) -> bool {
        let rows = match mention.kind {
            Kind::Category => &self.categories,
            Kind::Purpose => &self.purposes,
            _ => return true,
        };
        mention
            .rows
            .iter()
            .any(|&row| rows.contains(usize::from(row)))
    }
}

/// A set of rows of a vocabulary (`vocab::categories()` or
/// `vocab::purposes()`), one bit a row: a fact's term goes in by its
/// address, no name sorted or hashed.
#[derive(Clone, Default)]
pub(super) struct Rows(Vec<u64>);

impl Rows {
    /// Puts `row` in; whether it was not in before.
    pub(super) fn insert(&mut self, row: usize) -> bool {
        let (word, bit) = (row / 64, 1_u64 << (row % 64));
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        let Some(bits) = self.0.get_mut(word) else {
            return false;
        };
        let new = *bits & bit == 0;
        *bits |= bit;
        new
    }

    /// Whether `row` is in.
    pub(super) fn contains(&self, row: usize) -> bool {
        self.0
            .get(row / 64)
            .is_some_and(|bits| bits & (1 << (row % 64)) != 0)
    }

    /// Puts in the rows of a mention's ids.
    pub(super) fn extend(&mut self, rows: &[u16]) {
        for &row in rows {
            self.insert(usize::from(row));
        }
    }

    /// Whether no row is in.
    pub(super) fn is_empty(&self) -> bool {
        self.0.iter().all(|&bits| bits == 0)
    }
}

/// What the `other "…"` facts' words separate the words of two facts by
/// when they are read as one text: a mark no phrase of the lexicon has (a
/// phrase stops at it), on a line of its own between blank lines (a
/// sentence and a clause end there, and no address runs across it).
const OTHERS_APART: &str = "\n\n\u{b6}\n\n";

/// The ids `other "…"` facts' words read as: `other "location data"`
/// declares what "location data" states. All the words of one kind are
/// read as one text, each fact's apart ([`OTHERS_APART`]), so each reads
/// as it would alone, in one reading rather than one a fact; words
/// repeated by several facts are read once (the ids are a set).
fn read_others<'a>(words: impl Iterator<Item = &'a str>, kind: Kind, into: &mut Rows) {
    // Sorted by length first, so that most comparisons are of integers;
    // the order does not matter, only that repeats stand together.
    let mut distinct: Vec<&str> = words.collect();
    distinct.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    distinct.dedup();
    let mut text = String::new();
    for (i, words) in distinct.into_iter().enumerate() {
        if i > 0 {
            text.push_str(OTHERS_APART);
        }
        text.push_str(words);
    }
    if text.is_empty() {
        return;
    }
    for mention in lexicon::read(lexicon::english(), &text).stated(kind) {
        into.extend(mention.rows);
    }
}

/// The vocabulary row and name of a category a fact declares (none for
/// `other`).
pub(super) fn known_category(category: &Category) -> Option<(usize, &'static str)> {
    match category {
        Category::Known(info) if info.name != "other" => {
            vocab::category_row(info).map(|row| (row, info.name))
        }
        _ => None,
    }
}

/// The vocabulary row and name of a purpose a fact declares (none for
/// `other`).
pub(super) fn known_purpose(purpose: &Purpose) -> Option<(usize, &'static str)> {
    match purpose {
        Purpose::Known(info) if info.name != "other" => {
            vocab::purpose_row(info).map(|row| (row, info.name))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Kind, Rows, lexicon, read_others};
    use proptest::prelude::*;

    proptest! {
        /// A set of rows holds exactly the rows put in, and says whether
        /// each was new, as a `BTreeSet` does.
        #[test]
        fn rows_hold_what_was_put_in(put in proptest::collection::vec(0_usize..300, 0..60)) {
            let mut rows = Rows::default();
            let mut set = std::collections::BTreeSet::new();
            for &row in &put {
                prop_assert_eq!(rows.insert(row), set.insert(row));
            }
            for row in 0..320 {
                prop_assert_eq!(rows.contains(row), set.contains(&row));
            }
            prop_assert_eq!(rows.is_empty(), set.is_empty());
        }
    }

    /// The vocabulary rows each `other "…"` states read alone (as the lint
    /// read them before it read them as one text), in order.
    fn alone(words: &[&str], kind: Kind) -> Vec<usize> {
        let mut rows: Vec<usize> = words
            .iter()
            .flat_map(|w| {
                lexicon::read(lexicon::english(), w)
                    .stated(kind)
                    .flat_map(|m| m.rows.iter().map(|&r| usize::from(r)))
                    .collect::<Vec<_>>()
            })
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// The vocabulary rows `read_others` puts in for `words`, in order.
    fn together(words: &[&str], kind: Kind) -> Vec<usize> {
        let mut rows = Rows::default();
        read_others(words.iter().copied(), kind, &mut rows);
        (0..usize::from(u16::MAX))
            .filter(|&row| rows.contains(row))
            .collect()
    }

    /// The `other "…"` facts' words read as one text state what each read
    /// alone states: no phrase ("location" then "data"), negation ("we do
    /// not" then "email") or address runs from one fact's words into the
    /// next. Every pair in both orders, and all at once.
    #[test]
    fn others_read_together_read_as_alone() {
        let words = [
            "company name",
            "name of regulator for companies",
            "information about the form of identification used to send or receive messages",
            "domain and host from which you access the Internet",
            "location",
            "data",
            "we do not",
            "email",
            "unique device",
            "identifiers",
            "privacy@",
            "example.com",
            "www.",
            "third parties may",
            "collect your contacts",
            "e.g.",
            "marketing",
            "analytics; not",
            "advertising",
            "",
        ];
        for kind in [Kind::Category, Kind::Purpose] {
            for a in words {
                for b in words {
                    let pair = [a, b];
                    assert_eq!(together(&pair, kind), alone(&pair, kind), "{pair:?}");
                }
            }
            assert_eq!(together(&words, kind), alone(&words, kind));
        }
    }
}

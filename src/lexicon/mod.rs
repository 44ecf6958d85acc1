//! The phrase lexicon: how English policies word each data practice, read
//! from `vocab/lexicon.en.tsv` (written as static tables by `build.rs` at
//! compile time). The compiler reads its prose with it — the drift lint (`check/drift.rs`) and `policyc
//! import`'s facts (`import/facts_read.rs`) share one reading, so what
//! import proposes is what the lint expects. Data, not a model: every
//! reading can be traced to a row.

pub mod format;
mod scan;
mod sense;
mod trie;

pub use format::expand;
pub use scan::{Mention, Reading, read};
pub use sense::{one_spaced, period_in, period_in_text};

use std::ops::Deref;
use trie::Trie;

/// The English lexicon, as written (its tests read it again with
/// [`format`] to compare it with the tables built from it).
#[cfg(test)]
const ENGLISH_TSV: &str = include_str!("../../vocab/lexicon.en.tsv");

/// What a row of the lexicon is about: which vocabulary its ids name, or
/// which rule of reading it feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A data category (`vocab/categories.tsv`).
    Category,
    /// A purpose (`vocab/purposes.tsv`).
    Purpose,
    /// A recipient kind (`recipient KIND`).
    Recipient,
    /// A right (`right KIND`).
    Right,
    /// A tracker type or cookie purpose.
    Cookie,
    /// A security measure.
    Measure,
    /// A source of data (`collect { from = … }`).
    Source,
    /// A practice a negative statement denies: sale, sharing, children, …
    Practice,
    /// A word that negates what follows it in its clause.
    Negation,
    /// A word that ends a clause: a negation reaches back no further.
    Boundary,
    /// Whose act a clause states: `first-party` or `third-party`.
    Scope,
    /// Words that look like a practice or a negation and are neither
    /// ("not limited to", "advertising settings"): matched, then dropped.
    Ignore,
}

impl Kind {
    /// Every kind with its name in the table's first column.
    pub const ALL: &'static [(&'static str, Kind)] = &[
        ("category", Kind::Category),
        ("purpose", Kind::Purpose),
        ("recipient", Kind::Recipient),
        ("right", Kind::Right),
        ("cookie", Kind::Cookie),
        ("measure", Kind::Measure),
        ("source", Kind::Source),
        ("practice", Kind::Practice),
        ("negation", Kind::Negation),
        ("boundary", Kind::Boundary),
        ("scope", Kind::Scope),
        ("ignore", Kind::Ignore),
    ];

    /// The kind a table names.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
    }

    /// Its name in the table and in reports.
    pub fn name(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("", |(n, _)| n)
    }

    /// Whether mentions of this kind state a practice (rather than steer
    /// the reading).
    pub fn is_content(self) -> bool {
        !matches!(
            self,
            Kind::Negation | Kind::Boundary | Kind::Scope | Kind::Ignore
        )
    }
}

/// One row of the lexicon: a kind, the ids a phrase names (any of them:
/// "location" is precise or approximate), and the phrases as written.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The kind.
    pub kind: Kind,
    /// The ids, the one import proposes first.
    pub ids: List<&'static str>,
    /// Each id's row in its vocabulary (`vocab::categories()` for a
    /// category, `vocab::purposes()` for a purpose; none for other kinds),
    /// written by `build.rs`: the lint keeps sets of rows, and looks no
    /// name up to fill them.
    pub rows: List<u16>,
    /// The phrases as written, inflection groups unexpanded.
    pub written: List<&'static str>,
    /// The line of `vocab/lexicon.en.tsv` (1-based), for reports.
    pub line: usize,
}

/// A list of the lexicon's static tables: a `&'static` slice that reads
/// like the `Vec` the lexicon once built at run time (`for id in
/// &entry.ids`, `.iter()`, `.first()`), so code written against either
/// compiles.
#[derive(Debug, Clone, Copy)]
pub struct List<T: 'static>(pub &'static [T]);

impl<T> List<T> {
    /// The items, for as long as the program runs.
    pub fn as_slice(&self) -> &'static [T] {
        self.0
    }
}

impl<T> Deref for List<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.0
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// The lexicon: its rows, and one trie of every phrase's words.
#[derive(Debug)]
pub struct Lexicon {
    /// The rows, in the table's order.
    pub entries: List<Entry>,
    trie: Trie<'static>,
}

// `ENGLISH`, the English lexicon: `build.rs` writes `vocab/lexicon.en.tsv`
// as static tables with `format`'s parser and builder, each row's kind
// checked by `kind` as the crate compiles.
include!(concat!(env!("OUT_DIR"), "/lexicon_en.rs"));

/// The English lexicon: static tables, nothing to build or read at run
/// time (`check` reads prose with it on every run).
pub fn english() -> &'static Lexicon {
    &ENGLISH
}

/// The kind a generated row names, at compile time: an unknown name stops
/// the build with `message` (the table's line and the name).
const fn kind(name: &str, message: &str) -> Kind {
    let mut rest = Kind::ALL;
    while let [(written, kind), tail @ ..] = rest {
        if same(written.as_bytes(), name.as_bytes()) {
            return *kind;
        }
        rest = tail;
    }
    panic!("{}", message)
}

/// Whether two byte strings are equal, at compile time.
const fn same(mut a: &[u8], mut b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    while let ([x, a_tail @ ..], [y, b_tail @ ..]) = (a, b) {
        if *x != *y {
            return false;
        }
        a = a_tail;
        b = b_tail;
    }
    true
}

/// Whether `text` holds a `boundary` word of the English lexicon ("but",
/// "unless", "except", "other than", "if" …): a denial said with one may
/// hold under a condition, so the drift lint does not call a fact beside
/// it a contradiction.
pub fn has_boundary(text: &str) -> bool {
    scan::holds(english(), text, Kind::Boundary)
}

#[cfg(test)]
mod fast_tests;
#[cfg(test)]
mod tests;

//! The phrase lexicon: how English policies word each data practice, read
//! from `vocab/lexicon.en.tsv` (embedded, parsed once). The compiler reads
//! its own prose with it — the drift lint (`check/drift.rs`) and `policyc
//! import`'s facts (`import/facts_read.rs`) share one reading, so what
//! import proposes is what the lint expects. Data, not a model: every
//! reading can be traced to a row.

mod scan;
mod sense;
mod trie;

pub use scan::{Mention, Reading, read};
pub use sense::period_in;

use std::borrow::Cow;
use std::sync::OnceLock;
use trie::Trie;

/// The English lexicon, as written.
const ENGLISH: &str = include_str!("../../vocab/lexicon.en.tsv");

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
    pub ids: Vec<&'static str>,
    /// The phrases as written, inflection groups unexpanded.
    pub written: Vec<&'static str>,
    /// The line of `vocab/lexicon.en.tsv` (1-based), for reports.
    pub line: usize,
}

/// The lexicon: its rows, and one trie of every phrase's words.
#[derive(Debug)]
pub struct Lexicon {
    /// The rows, in the table's order.
    pub entries: Vec<Entry>,
    /// The rows the table could not read (kind unknown, cells missing);
    /// a unit test keeps this empty.
    pub rejected: Vec<usize>,
    trie: Trie,
}

/// The English lexicon, read on first use.
pub fn english() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| parse(ENGLISH))
}

/// Reads a lexicon table: a header line, `#` comments, then rows of kind,
/// ids (`a | b`), phrases (`p | q`) and a note.
pub fn parse(text: &'static str) -> Lexicon {
    let mut entries = Vec::new();
    let mut rejected = Vec::new();
    let mut trie = Trie::default();
    for (number, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cells = line.split('\t');
        let (Some(kind), Some(ids), Some(phrases)) = (cells.next(), cells.next(), cells.next())
        else {
            rejected.push(number + 1);
            continue;
        };
        let Some(kind) = Kind::from_name(kind.trim()) else {
            rejected.push(number + 1);
            continue;
        };
        let entry = Entry {
            kind,
            ids: split(ids),
            written: split(phrases),
            line: number + 1,
        };
        for written in &entry.written {
            trie.insert(written, entries.len());
        }
        entries.push(entry);
    }
    Lexicon {
        entries,
        rejected,
        trie,
    }
}

impl Lexicon {
    /// Every phrase in `text`, leftmost-longest, with the rows it belongs
    /// to.
    pub(crate) fn find(&self, text: &str) -> Vec<(std::ops::Range<usize>, Vec<&Entry>)> {
        self.trie
            .find(text)
            .into_iter()
            .map(|(range, rows)| {
                let rows = rows.iter().filter_map(|&r| self.entries.get(r)).collect();
                (range, rows)
            })
            .collect()
    }
}

/// Whether `text` holds a `boundary` word of the English lexicon ("but",
/// "unless", "except", "other than", "if" …): a denial said with one may
/// hold under a condition, so the drift lint does not call a fact beside
/// it a contradiction.
pub fn has_boundary(text: &str) -> bool {
    english()
        .find(text)
        .iter()
        .any(|(_, rows)| rows.iter().any(|e| e.kind == Kind::Boundary))
}

/// A cell's alternatives, `a | b`, trimmed.
fn split(cell: &'static str) -> Vec<&'static str> {
    cell.split(" | ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every spelling a written phrase stands for. Words are separated by
/// spaces; a word may end in one group `stem(a|b)`, which stands for
/// `stema` and `stemb`, and `stem(a)` for `stem` and `stema`; an empty
/// alternative (`(the|our|)`) drops the word. Lower case, as matched.
pub fn expand(written: &str) -> Vec<String> {
    let mut spellings = vec![String::new()];
    for word in written.split_whitespace() {
        let forms = word_forms(word);
        let mut next = Vec::with_capacity(spellings.len() * forms.len());
        for base in &spellings {
            for form in &forms {
                next.push(match (base.is_empty(), form.is_empty()) {
                    (_, true) => base.clone(),
                    (true, false) => form.to_string(),
                    (false, false) => format!("{base} {form}"),
                });
            }
        }
        spellings = next;
    }
    spellings.retain(|s| !s.is_empty());
    spellings.sort();
    spellings.dedup();
    spellings
}

/// The forms of one word with its group, lower case. A plain lower-case
/// word, most of the table, is borrowed as it is: the lexicon is read on
/// every `check`.
pub(crate) fn word_forms(word: &str) -> Vec<Cow<'_, str>> {
    if !word.contains('(') && !word.chars().any(char::is_uppercase) {
        return vec![Cow::Borrowed(word)];
    }
    let word = word.to_lowercase();
    let Some((stem, rest)) = word.split_once('(') else {
        return vec![Cow::Owned(word)];
    };
    let Some((group, tail)) = rest.split_once(')') else {
        return vec![Cow::Owned(word.clone())];
    };
    let mut alternatives: Vec<&str> = group.split('|').collect();
    if alternatives.len() == 1 {
        alternatives.insert(0, "");
    }
    alternatives
        .into_iter()
        .map(|a| Cow::Owned(format!("{stem}{a}{tail}")))
        .collect()
}

#[cfg(test)]
mod tests;

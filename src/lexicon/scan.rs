//! Reading a text with the lexicon, by rules one can read:
//!
//! 1. **Phrases**: every phrase of the lexicon found, ignoring ASCII case,
//!    whole words only, word by word (blanks and line breaks between words
//!    ignored, see [`super::trie`]); where phrases overlap the longest from
//!    the leftmost start wins ("unique device identifiers" over
//!    "identifiers"); none inside a web or email address.
//! 2. **Sentences** end at `.`, `!` or `?` followed by a space and then not
//!    a lower-case letter (so "e.g. your name" runs on), at a blank line,
//!    and at a line that begins a list item, heading or table row.
//! 3. **Clauses** also end at `;` and at a `boundary` word ("but",
//!    "except", "unless", …).
//! 4. **Negation**: a mention is negated when a `negation` word ("not",
//!    "never", "don't", …) comes before it in its clause: "we do not sell
//!    your data", "we do not knowingly collect … from children under 13".
//! 5. **Scope**: a mention is a third party's act when the last `scope`
//!    word before it in its clause names a third party ("third parties may
//!    collect your location"): a third-party source, not our collection.
//!
//! One pass of the trie, then a pass over the mentions with sorted
//! sentence and clause starts: linear in the text (times the longest
//! phrase, a constant).

use super::trie::Scan;
use super::{Entry, Kind, Lexicon};
use std::ops::Range;

/// A practice the text states: a phrase of the lexicon where it stands.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The row's kind.
    pub kind: Kind,
    /// The ids the phrase names (any of them).
    pub ids: &'static [&'static str],
    /// Their rows in their vocabulary ([`Entry::rows`]).
    pub rows: &'static [u16],
    /// The words, as byte offsets into the text read.
    pub range: Range<usize>,
    /// The sentence around them.
    pub sentence: Range<usize>,
    /// Whether a negation comes before them in their clause.
    pub negated: bool,
    /// Whether their clause is a third party's act.
    pub third_party: bool,
}

/// What a text states, in the order written.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    /// Every mention of a practice (negation, boundary and scope words
    /// left out).
    pub mentions: Vec<Mention>,
}

impl Reading {
    /// The mentions of `kind` that state a practice (not negated).
    pub fn stated(&self, kind: Kind) -> impl Iterator<Item = &Mention> {
        self.mentions
            .iter()
            .filter(move |m| m.kind == kind && !m.negated)
    }
}

/// Reads `text` with `lexicon`. The text is tokenized once (each word
/// looked up as it is read); sentences, clauses and phrases are found
/// among the tokens, so no pass copies the text or allocates a sentence.
pub fn read(lexicon: &'static Lexicon, text: &str) -> Reading {
    // Sized for prose (a word in six bytes, a mark in sixteen, a line in
    // thirty-two), so that the buffers rarely grow.
    let mut scan = Scan {
        words: Vec::with_capacity(text.len() / 6 + 1),
        marks: Vec::with_capacity(text.len() / 16 + 1),
        breaks: Vec::with_capacity(text.len() / 32 + 1),
    };
    lexicon.trie.scan(text, &mut scan);
    let found = phrases(lexicon, text, &scan);
    let marks = scan.marks;
    let sentences = sentence_starts(text, &marks, &scan.breaks);
    let mut clauses = Vec::with_capacity(sentences.len() + marks.len() + found.len());
    clauses.extend_from_slice(&sentences);
    clauses.extend(
        marks
            .iter()
            .filter(|&&(_, b)| b == b';')
            .map(|&(at, _)| at + 1),
    );
    clauses.extend(
        found
            .iter()
            .filter(|(_, e)| e.kind == Kind::Boundary)
            .map(|(r, _)| r.start),
    );
    clauses.sort_unstable();
    let negations: Vec<usize> = found
        .iter()
        .filter(|(_, e)| e.kind == Kind::Negation)
        .map(|(r, _)| r.start)
        .collect();
    let scopes: Vec<(usize, bool)> = found
        .iter()
        .filter(|(_, e)| e.kind == Kind::Scope)
        .map(|(r, e)| (r.start, e.ids.first() == Some(&"third-party")))
        .collect();
    // The mentions come in the order of the text, so each list is walked
    // forward once, not searched a mention.
    let mut sentence_walk = Walk::new(&sentences);
    let mut clause_walk = Walk::new(&clauses);
    let mut negation_walk = Walk::new(&negations);
    let mut scope_walk = Walk::new(&scopes);
    let mut mentions = Vec::with_capacity(found.len());
    for (range, entry) in found.iter().filter(|(_, e)| e.kind.is_content()) {
        let at = range.start;
        let start = sentence_walk.last(|&s| s <= at).unwrap_or(0);
        let sentence = start..sentence_walk.next().unwrap_or(text.len());
        let clause = clause_walk.last(|&s| s <= at).unwrap_or(0);
        let negated = negation_walk.last(|&n| n < at).is_some_and(|n| n >= clause);
        let third_party = scope_walk
            .last(|&(s, _)| s < at)
            .is_some_and(|(s, third)| s >= clause && third);
        mentions.push(Mention {
            kind: entry.kind,
            ids: entry.ids.as_slice(),
            rows: entry.rows.as_slice(),
            range: range.clone(),
            sentence,
            negated,
            third_party,
        });
    }
    Reading { mentions }
}

/// Whether `text` holds a phrase of a row of `kind` (outside web and
/// email addresses), such as a boundary word.
pub(crate) fn holds(lexicon: &'static Lexicon, text: &str, kind: Kind) -> bool {
    let mut scan = Scan::default();
    lexicon.trie.scan(text, &mut scan);
    phrases(lexicon, text, &scan)
        .iter()
        .any(|(_, entry)| entry.kind == kind)
}

/// Every phrase found, whole words only, with the rows it belongs to (one
/// item a row); none inside a web or email address (looked for only when
/// the text has some sign of one, [`may_hold_address`]).
fn phrases(
    lexicon: &'static Lexicon,
    text: &str,
    scan: &Scan,
) -> Vec<(Range<usize>, &'static Entry)> {
    let bytes = text.as_bytes();
    let addresses = may_hold_address(bytes, &scan.marks);
    let mut found = Vec::with_capacity(scan.words.len() / 2 + 1);
    lexicon.trie.find(&scan.words, |range, rows| {
        if addresses && in_address(bytes, range.start, range.end) {
            return;
        }
        for &row in rows {
            if let Some(entry) = lexicon.entries.get(row as usize) {
                found.push((range.clone(), entry));
            }
        }
    });
    found
}

/// Whether some run of `bytes` could be an address by [`in_address`]'s
/// test: the text has an `@`, a `://`, or a `.` (among `marks`, the
/// text's `.`) after `www` in any case. When it has none, no phrase lies
/// inside an address and none need be looked at (two `memchr` passes,
/// not a look around each phrase).
fn may_hold_address(bytes: &[u8], marks: &[(usize, u8)]) -> bool {
    memchr::memchr(b'@', bytes).is_some()
        || memchr::memmem::find(bytes, b"://").is_some()
        || marks.iter().any(|&(at, mark)| {
            mark == b'.'
                && at
                    .checked_sub(3)
                    .and_then(|from| bytes.get(from..at))
                    .is_some_and(|www| www.eq_ignore_ascii_case(b"www"))
        })
}

/// The run of non-blank bytes around `start..end` (blanks: white space,
/// brackets, angle brackets, quotes), at most 256 bytes either side.
fn run_around(bytes: &[u8], start: usize, end: usize) -> &[u8] {
    let blank = |b: &u8| b.is_ascii_whitespace() || matches!(b, b'(' | b')' | b'<' | b'>' | b'"');
    let from = start.saturating_sub(256);
    let to = (end + 256).min(bytes.len());
    let head = bytes.get(from..start).unwrap_or(&[]);
    let tail = bytes.get(end..to).unwrap_or(&[]);
    let token_start = head.iter().rposition(blank).map_or(from, |p| from + p + 1);
    let token_end = tail.iter().position(blank).map_or(to, |p| end + p);
    bytes.get(token_start..token_end).unwrap_or(&[])
}

/// Whether `start..end` lies inside a web or email address
/// (`https://acme-analytics.example`, `privacy@health.example`): the
/// run of non-blank bytes around it holds `://`, `www.` or `@`. At most
/// 256 bytes either side are looked at, so each match costs a constant.
fn in_address(bytes: &[u8], start: usize, end: usize) -> bool {
    let token = run_around(bytes, start, end);
    // One pass: only `@`, `:` and `.` can tell, so only they look around.
    token.iter().enumerate().any(|(i, &b)| match b {
        b'@' => true,
        b':' => token.get(i + 1..i + 3) == Some(b"//"),
        b'.' => i
            .checked_sub(3)
            .and_then(|from| token.get(from..i))
            .is_some_and(|www| www.eq_ignore_ascii_case(b"www")),
        _ => false,
    })
}

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g", "i.e", "cf", "inc", "ltd", "co", "no", "nos", "vs", "u.s", "mr", "ms", "dr", "st",
    "art", "arts", "para", "sec", "s", "ss", "p", "pp",
];

/// The start of every sentence, 0 first, in order: after each `.`, `!`
/// or `?` of `marks` that ends one, and each line break of `breaks` that
/// opens one (both found by the scan), merged in the order of the text.
fn sentence_starts(text: &str, marks: &[(usize, u8)], breaks: &[usize]) -> Vec<usize> {
    // At most one start a mark or line break, so the list never grows.
    let mut starts = Vec::with_capacity(marks.len() + breaks.len() + 1);
    starts.push(0);
    let mut breaks = breaks.iter().copied().peekable();
    for &(at, mark) in marks.iter().filter(|&&(_, b)| b != b';') {
        while let Some(i) = breaks.next_if(|&i| i < at) {
            line_break(text, i, &mut starts);
        }
        if ends_sentence(text, at, mark) {
            starts.push(at + 1);
        }
    }
    for i in breaks {
        line_break(text, i, &mut starts);
    }
    starts
}

/// Whether the `.`, `!` or `?` at `i` ends a sentence: a blank follows, the
/// word before is no abbreviation ("e.g."), the next word no lower-case one.
fn ends_sentence(text: &str, i: usize, mark: u8) -> bool {
    let bytes = text.as_bytes();
    if !matches!(bytes.get(i + 1), Some(b' ' | b'\n' | b'\t')) {
        return false;
    }
    if mark == b'.' && after_abbreviation(bytes, i) {
        return false;
    }
    let after = text.get(i + 1..).unwrap_or("").trim_start();
    !after.chars().next().is_some_and(char::is_lowercase)
}

/// The longest of [`ABBREVIATIONS`], in bytes.
const LONGEST_ABBREVIATION: usize = 4;

/// Whether the word before the `.` at `i` (back to a blank or `(`, or the
/// text's start) is one of [`ABBREVIATIONS`], ASCII case ignored. Only the
/// last [`LONGEST_ABBREVIATION`]` + 1` bytes are looked at: a word that
/// runs further back is longer than any abbreviation.
fn after_abbreviation(bytes: &[u8], i: usize) -> bool {
    let from = i.saturating_sub(LONGEST_ABBREVIATION + 1);
    let tail = bytes.get(from..i).unwrap_or(&[]);
    let word = match tail
        .iter()
        .rposition(|c| c.is_ascii_whitespace() || *c == b'(')
    {
        Some(p) => tail.get(p + 1..).unwrap_or(&[]),
        None if from == 0 => tail,
        None => return false,
    };
    ABBREVIATIONS
        .iter()
        .any(|a| a.as_bytes().eq_ignore_ascii_case(word))
}

/// The line break at `i` opens a sentence when a blank line, a list item,
/// heading, table row or quote follows.
fn line_break(text: &str, i: usize, starts: &mut Vec<usize>) {
    let line = text.as_bytes().get(i + 1..).unwrap_or(&[]);
    let indent = line
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    let trimmed = line.get(indent..).unwrap_or(&[]);
    let opens = matches!(
        trimmed.first(),
        Some(b'\n' | b'*' | b'-' | b'+' | b'#' | b'|' | b'>')
    ) || numbered_item(trimmed);
    if opens {
        starts.push(i + 1);
    }
}

/// Whether a line opens with a list number (`1.`, `iv)`, `a.`): at
/// most three letters or digits, then `.` or `)` — only the line's first
/// bytes are looked at, so each line costs a constant.
fn numbered_item(line: &[u8]) -> bool {
    let marker = line.iter().position(|c| !c.is_ascii_alphanumeric());
    matches!(marker, Some(1..=3))
        && marker
            .and_then(|m| line.get(m))
            .is_some_and(|c| matches!(c, b'.' | b')'))
}

/// A forward walk over a sorted list, for questions asked in its order:
/// each item is passed once however many questions are asked, so the
/// mentions of a text cost a pass of each list, not a search each.
struct Walk<'s, T> {
    sorted: &'s [T],
    /// How many items are passed (all that came before the last question's
    /// place).
    passed: usize,
}

impl<'s, T: Copy> Walk<'s, T> {
    /// A walk from the list's start.
    fn new(sorted: &'s [T]) -> Self {
        Walk { sorted, passed: 0 }
    }

    /// The last item `before` holds for (it holds for a prefix of the
    /// list, which only grows from one question to the next).
    fn last(&mut self, before: impl Fn(&T) -> bool) -> Option<T> {
        while self.sorted.get(self.passed).is_some_and(&before) {
            self.passed += 1;
        }
        self.passed
            .checked_sub(1)
            .and_then(|i| self.sorted.get(i))
            .copied()
    }

    /// The first item not yet passed.
    fn next(&self) -> Option<T> {
        self.sorted.get(self.passed).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{ABBREVIATIONS, LONGEST_ABBREVIATION, after_abbreviation, in_address};
    use super::{Scan, may_hold_address, run_around};
    use crate::lexicon::english;
    use proptest::prelude::*;

    /// The word before a `.` as `ends_sentence` read it before it looked
    /// back a few bytes only: back to the last blank or `(`, however far.
    fn after_abbreviation_before(text: &str, i: usize) -> bool {
        let bytes = text.as_bytes();
        let word_start = bytes
            .get(..i)
            .and_then(|head| {
                head.iter()
                    .rposition(|c| c.is_ascii_whitespace() || *c == b'(')
            })
            .map_or(0, |p| p + 1);
        let word = text.get(word_start..i).unwrap_or("");
        ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
    }

    /// Whether some phrase range of `text` lies in an address.
    fn any_phrase_in_address(text: &str) -> bool {
        let mut scan = Scan::default();
        english().trie.scan(text, &mut scan);
        let mut inside = false;
        english().trie.find(&scan.words, |range, _| {
            inside |= in_address(text.as_bytes(), range.start, range.end);
        });
        inside
    }

    /// No abbreviation is longer than the bytes looked back at.
    #[test]
    fn the_look_back_covers_every_abbreviation() {
        assert!(
            ABBREVIATIONS
                .iter()
                .all(|a| a.len() <= LONGEST_ABBREVIATION)
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// At every `.` of a text of words, abbreviations and marks, the
        /// few bytes looked back at answer as the whole look back did.
        #[test]
        fn abbreviations_are_found_as_before(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "e.g", "E.G", "i.e", "cf", "Inc", "ltd", "no", "vs", "U.S", "Dr", "st",
                "arts", "para", "pp", "s", "p", "paras", "eg", "x", "(", ".", " ", "\n",
                "\t", "word", "é", "(dr", "abbreviation",
            ]),
            0..40,
        )) {
            let text = words.concat();
            for (i, _) in text.match_indices('.') {
                prop_assert_eq!(
                    after_abbreviation(text.as_bytes(), i),
                    after_abbreviation_before(&text, i),
                    "{:?} at {}", text, i
                );
            }
        }

        /// A text with no sign of an address has no phrase in one: the
        /// look around each phrase is skipped only where it finds none.
        #[test]
        fn no_sign_of_an_address_no_phrase_in_one(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "your", "email", "address", "www", "WWW", ".", "@", ":", "/", "//",
                "example", "com", " ", "\n", "(", "<", "\"", "privacy", "data",
            ]),
            0..60,
        )) {
            let text = words.concat();
            let mut scan = Scan::default();
            english().trie.scan(&text, &mut scan);
            if !may_hold_address(text.as_bytes(), &scan.marks) {
                prop_assert!(!any_phrase_in_address(&text), "{:?}", text);
            }
        }
    }

    /// `in_address` as it was written before its one pass: three scans of
    /// the run around the words.
    fn in_address_before(bytes: &[u8], start: usize, end: usize) -> bool {
        let token = run_around(bytes, start, end);
        token.windows(3).any(|w| w == b"://")
            || token.windows(4).any(|w| w.eq_ignore_ascii_case(b"www."))
            || token.contains(&b'@')
    }

    /// The one pass finds an address exactly where the three scans did,
    /// for every range of every text here (addresses at either end, in
    /// brackets, `WWW.` in capitals, `:/` short of `://`, `@` alone).
    #[test]
    fn one_pass_finds_the_addresses_three_scans_found() {
        let texts = [
            "see https://acme-analytics.example/path or privacy@health.example now",
            "WWW.Example.com (www.x.org) <a@b> \"http://q\" ww.no w.w.w.",
            "ftp:/x a:// :// @ www. .www www",
            "plain text with no address at all, e.g. this one.",
            "",
        ];
        for text in texts {
            let bytes = text.as_bytes();
            for start in 0..=bytes.len() {
                for end in start..=bytes.len() {
                    assert_eq!(
                        in_address(bytes, start, end),
                        in_address_before(bytes, start, end),
                        "{text:?} {start}..{end}"
                    );
                }
            }
        }
    }
}

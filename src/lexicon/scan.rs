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

use super::trie::Token;
use super::{Entry, Kind, Lexicon};
use std::ops::Range;

/// A practice the text states: a phrase of the lexicon where it stands.
#[derive(Debug, Clone)]
pub struct Mention {
    /// The row's kind.
    pub kind: Kind,
    /// The ids the phrase names (any of them).
    pub ids: &'static [&'static str],
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
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    lexicon.trie.tokens(text, &mut tokens);
    let found = phrases(lexicon, text, &tokens);
    // The marks that end sentences and clauses, in one pass.
    let marks: Vec<(usize, u8)> = tokens
        .iter()
        .filter(|t| t.end == t.start + 1)
        .filter_map(|t| match text.as_bytes().get(t.start) {
            Some(&b @ (b'.' | b'!' | b'?' | b';')) => Some((t.start, b)),
            _ => None,
        })
        .collect();
    let sentences = sentence_starts(text, &marks);
    let mut clauses = sentences.clone();
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
    let mut mentions = Vec::with_capacity(found.len());
    for (range, entry) in found.iter().filter(|(_, e)| e.kind.is_content()) {
        let sentence = around(&sentences, range.start, text.len());
        let clause = last_at_or_before(&clauses, range.start).unwrap_or(0);
        let negated = any_in(&negations, clause, range.start);
        let third_party = scopes
            .get(..scopes.partition_point(|&(at, _)| at < range.start))
            .and_then(|before| before.last())
            .is_some_and(|&(at, third)| at >= clause && third);
        mentions.push(Mention {
            kind: entry.kind,
            ids: entry.ids.as_slice(),
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
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    lexicon.trie.tokens(text, &mut tokens);
    phrases(lexicon, text, &tokens)
        .iter()
        .any(|(_, entry)| entry.kind == kind)
}

/// Every phrase found, whole words only, with the rows it belongs to (one
/// item a row); none inside a web or email address.
fn phrases(
    lexicon: &'static Lexicon,
    text: &str,
    tokens: &[Token],
) -> Vec<(Range<usize>, &'static Entry)> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    lexicon.trie.find(tokens, |range, rows| {
        if in_address(bytes, range.start, range.end) {
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

/// Whether `start..end` lies inside a web or email address
/// (`https://acme-analytics.example`, `privacy@health.example`): the
/// run of non-blank bytes around it holds `://`, `www.` or `@`. At most
/// 256 bytes either side are looked at, so each match costs a constant.
fn in_address(bytes: &[u8], start: usize, end: usize) -> bool {
    let blank = |b: &u8| b.is_ascii_whitespace() || matches!(b, b'(' | b')' | b'<' | b'>' | b'"');
    let from = start.saturating_sub(256);
    let to = (end + 256).min(bytes.len());
    let head = bytes.get(from..start).unwrap_or(&[]);
    let tail = bytes.get(end..to).unwrap_or(&[]);
    let token_start = head.iter().rposition(blank).map_or(from, |p| from + p + 1);
    let token_end = tail.iter().position(blank).map_or(to, |p| end + p);
    let token = bytes.get(token_start..token_end).unwrap_or(&[]);
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
/// or `?` of `marks` that ends one, and each line break that opens one (found
/// by `memchr`), merged in the order of the text.
fn sentence_starts(text: &str, marks: &[(usize, u8)]) -> Vec<usize> {
    let mut starts = vec![0];
    let mut breaks = text.match_indices('\n').map(|(i, _)| i).peekable();
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
    let word_start = bytes
        .get(..i)
        .and_then(|head| {
            head.iter()
                .rposition(|c| c.is_ascii_whitespace() || *c == b'(')
        })
        .map_or(0, |p| p + 1);
    let word = text.get(word_start..i).unwrap_or("");
    if mark == b'.' && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word)) {
        return false;
    }
    let after = text.get(i + 1..).unwrap_or("").trim_start();
    !after.chars().next().is_some_and(char::is_lowercase)
}

/// The line break at `i` opens a sentence when a blank line, a list item,
/// heading, table row or quote follows.
fn line_break(text: &str, i: usize, starts: &mut Vec<usize>) {
    let line = text.get(i + 1..).unwrap_or("");
    let trimmed = line.trim_start_matches([' ', '\t']);
    let opens = trimmed.starts_with('\n')
        || trimmed.starts_with(['*', '-', '+', '#', '|', '>'])
        || numbered_item(trimmed.as_bytes());
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

/// The sentence holding `at`: from its start to the next start.
fn around(starts: &[usize], at: usize, len: usize) -> Range<usize> {
    let index = starts.partition_point(|&s| s <= at);
    let start = index
        .checked_sub(1)
        .and_then(|i| starts.get(i))
        .copied()
        .unwrap_or(0);
    let end = starts.get(index).copied().unwrap_or(len);
    start..end
}

/// The last of the sorted `starts` at or before `at`.
fn last_at_or_before(starts: &[usize], at: usize) -> Option<usize> {
    let index = starts.partition_point(|&s| s <= at);
    index.checked_sub(1).and_then(|i| starts.get(i)).copied()
}

/// Whether some sorted offset lies in `from..to`.
fn any_in(sorted: &[usize], from: usize, to: usize) -> bool {
    let index = sorted.partition_point(|&s| s < from);
    sorted.get(index).is_some_and(|&s| s < to)
}

#[cfg(test)]
mod tests {
    use super::in_address;

    /// `in_address` as it was written before its one pass: three scans of
    /// the run around the words.
    fn in_address_before(bytes: &[u8], start: usize, end: usize) -> bool {
        let blank =
            |b: &u8| b.is_ascii_whitespace() || matches!(b, b'(' | b')' | b'<' | b'>' | b'"');
        let from = start.saturating_sub(256);
        let to = (end + 256).min(bytes.len());
        let head = bytes.get(from..start).unwrap_or(&[]);
        let tail = bytes.get(end..to).unwrap_or(&[]);
        let token_start = head.iter().rposition(blank).map_or(from, |p| from + p + 1);
        let token_end = tail.iter().position(blank).map_or(to, |p| end + p);
        let token = bytes.get(token_start..token_end).unwrap_or(&[]);
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

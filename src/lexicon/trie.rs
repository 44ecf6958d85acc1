//! The lexicon's phrases as a trie of words, and the scan that finds them:
//! the text split into tokens (a run of letters and digits, or one
//! punctuation mark; blanks between tokens ignored), each token's word
//! looked up once, then at each token the longest phrase that starts there.
//!
//! The trie is a view of flat tables (`format::Tables`) that `build.rs`
//! wrote as statics: no process builds it. A byte's class is one load of a
//! 256-entry table; a word's end is found by it, then the word is hashed
//! eight bytes at a time (one load, its ASCII case folded by one `|`, no
//! lower-case copy of the text, no `char` decoded unless a byte is beyond
//! ASCII) and found by a perfect hash and one comparison of its first eight
//! bytes; an edge by the root's table or a node's few sorted edges.
//!
//! A word's end is found eight bytes at a time ([`word_run`]: which of
//! eight bytes are ASCII letters or digits, by arithmetic on one `u64`),
//! and that same load is the word's first chunk. The scan the lint reads
//! with ([`Trie::scan`]) hands on only what the reading needs: the words
//! the lexicon has (a run of others kept as one token, since a phrase
//! stops at any of them), the marks that end sentences and clauses, and
//! the line breaks.

#[cfg(test)]
use super::format::Tables;
use super::format::{self, HASH_START, NONE};
use std::ops::Range;

/// A token of a text: its bytes, and the lexicon word it is ([`NONE`] when
/// no phrase has it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Its first byte.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Its word id, or [`NONE`].
    pub word: u32,
}

/// What a byte is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Blank: space, tab, line break, vertical tab, form feed, return.
    Blank,
    /// An ASCII letter or digit.
    Word,
    /// Any other ASCII character: a token of its own.
    Mark,
    /// A byte of a character beyond ASCII: decoded.
    Wide,
}

/// Each byte's class, one load a byte.
static CLASSES: [Class; 256] = classes();

/// The table of [`CLASSES`], made as the crate compiles.
#[allow(clippy::indexing_slicing)] // `b` < 128 < 256, the table's length
const fn classes() -> [Class; 256] {
    let mut table = [Class::Wide; 256];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_alphanumeric() {
            Class::Word
        } else if matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            Class::Blank
        } else {
            Class::Mark
        };
        b += 1;
    }
    table
}

/// The class of `b`.
#[inline]
fn class(b: u8) -> Class {
    CLASSES.get(usize::from(b)).copied().unwrap_or(Class::Wide)
}

/// The block of general punctuation (`’`, `“`, `—`, `…`, the typographic
/// spaces): no character in it is a letter or digit.
const PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206f}';

/// Whether `c` (beyond ASCII) is a letter or digit, as
/// `char::is_alphanumeric` says: the typographic quotes and dashes of
/// prose are answered by their block, without Unicode's tables (which
/// cost hundreds of instructions a character).
#[inline]
pub fn letter_or_digit(c: char) -> bool {
    !PUNCTUATION.contains(&c) && c.is_alphanumeric()
}

/// Eight copies of a byte, one in each byte of a `u64`.
const fn each(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// The top bit of each byte of a `u64`.
const TOPS: u64 = each(0x80);

/// For each byte of `low` (each below 128), its top bit set when the byte
/// is at least `bound`: no byte's sum carries into the next, since a
/// byte below 128 plus at most 128 stays below 256.
#[inline]
fn at_least(low: u64, bound: u8) -> u64 {
    low.wrapping_add(each(0x80_u8.wrapping_sub(bound))) & TOPS
}

/// How many of the eight bytes of `chunk` (little-endian: its first byte
/// lowest) are ASCII letters or digits before the first that is not: 8
/// when all are. The byte-class table answers the same a byte at a time
/// (tested on every byte at every place); this answers for eight with a
/// dozen operations. A byte of 128 or more (beyond ASCII) is no letter
/// here: [`Trie::word`] then reads on by characters.
#[cfg(test)]
pub fn word_run(chunk: u64) -> usize {
    (others_in(chunk).trailing_zeros() / 8) as usize
}

/// The top bit of each byte of `chunk` that is not an ASCII letter or
/// digit ([`word_run`] counts the bytes before the first).
#[inline]
pub fn others_in(chunk: u64) -> u64 {
    let low = chunk & !TOPS;
    let digit = at_least(low, b'0') & !at_least(low, b'9' + 1);
    // Bit 5 set makes `A`..`Z` into `a`..`z` and leaves no other byte
    // there.
    let folded = low | each(0x20);
    let letter = at_least(folded, b'a') & !at_least(folded, b'z' + 1);
    let word = (digit | letter) & !(chunk & TOPS);
    !word & TOPS
}

/// The mask of the bytes before the first of `others` ([`others_in`]):
/// [`format::chunk_mask`] of the run, without a branch (the lowest top
/// bit, moved to the bottom of its byte, less one; all bytes when there
/// is none).
#[inline]
pub fn run_mask(others: u64) -> u64 {
    ((others & others.wrapping_neg()) >> 7).wrapping_sub(1)
}

/// The eight bytes of `bytes` from `at` as a little-endian `u64`: one load,
/// or near the text's end the bytes there and zeros (a zero byte is no
/// letter, so a word's run stops at the text's end).
#[inline]
fn load(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
        Some(&eight) => u64::from_le_bytes(eight),
        None => {
            let rest = bytes.get(at..).unwrap_or(&[]);
            rest.iter()
                .rev()
                .fold(0, |chunk, &b| (chunk << 8) | u64::from(b))
        }
    }
}

/// Where the tokens of a text go as they are found ([`Trie::scan`] keeps
/// only what a reading needs, [`Trie::tokens`] every token).
trait Sink {
    /// A token, in the order of the text.
    fn token(&mut self, token: Token);
    /// A `.`, `!`, `?` or `;` at a byte offset (it is a token too).
    fn mark(&mut self, at: usize, mark: u8);
    /// A line break (`\n`) at a byte offset.
    fn line_break(&mut self, at: usize);
}

/// Not yet looked up: a value no word id takes (ids are below [`NONE`]).
const UNKNOWN: u32 = NONE - 1;

/// The word ids of the ASCII marks met so far in one text (`,` and `-`
/// come back on every line): each looked up once a text, not once a
/// mark.
struct MarkIds([u32; 128]);

impl Default for MarkIds {
    fn default() -> Self {
        MarkIds([UNKNOWN; 128])
    }
}

impl MarkIds {
    /// The word id of the mark `b`, looked up by `look_up` the first time.
    #[inline]
    fn get(&mut self, b: u8, look_up: impl FnOnce(u8) -> u32) -> u32 {
        match self.0.get_mut(usize::from(b)) {
            Some(id) if *id == UNKNOWN => {
                *id = look_up(b);
                *id
            }
            Some(id) => *id,
            None => look_up(b),
        }
    }
}

/// Every token, for [`Trie::tokens`] (the tests' view of the tokenizer).
#[cfg(test)]
struct Every<'v>(&'v mut Vec<Token>);

#[cfg(test)]
impl Sink for Every<'_> {
    #[inline]
    fn token(&mut self, token: Token) {
        self.0.push(token);
    }

    #[inline]
    fn mark(&mut self, _: usize, _: u8) {}

    #[inline]
    fn line_break(&mut self, _: usize) {}
}

/// What a reading needs of a text's tokens, in one pass
/// ([`Trie::scan`]).
#[derive(Debug, Default)]
pub struct Scan {
    /// The tokens that are lexicon words, in order; each run of other
    /// tokens between them kept as its first (its word [`NONE`]), since a
    /// phrase stops at any of them: [`Trie::find`] finds in these what it
    /// finds in every token.
    pub words: Vec<Token>,
    /// Each `.`, `!`, `?` and `;` with its byte offset, in order.
    pub marks: Vec<(usize, u8)>,
    /// The byte offset of each line break (`\n`), in order.
    pub breaks: Vec<usize>,
}

impl Sink for Scan {
    #[inline]
    fn token(&mut self, token: Token) {
        let repeats_none =
            token.word == NONE && self.words.last().is_some_and(|last| last.word == NONE);
        if !repeats_none {
            self.words.push(token);
        }
    }

    #[inline]
    fn mark(&mut self, at: usize, mark: u8) {
        self.marks.push((at, mark));
    }

    #[inline]
    fn line_break(&mut self, at: usize) {
        self.breaks.push(at);
    }
}

/// The phrases of a lexicon, word by word, as flat tables (see
/// `format::Tables` for their layout).
#[derive(Debug, Clone, Copy)]
pub struct Trie<'a> {
    pub(super) words: &'a [&'a str],
    pub(super) heads: &'a [u64],
    pub(super) seeds: &'a [u32],
    pub(super) slots: &'a [u32],
    pub(super) root: &'a [u32],
    pub(super) edge_start: &'a [u32],
    pub(super) edge_word: &'a [u32],
    pub(super) edge_node: &'a [u32],
    pub(super) row_start: &'a [u32],
    pub(super) rows: &'a [u32],
}

impl<'a> Trie<'a> {
    /// A view of tables built at run time (tests), its words borrowed as
    /// `words`.
    #[cfg(test)]
    pub fn of(tables: &'a Tables, words: &'a [&'a str]) -> Trie<'a> {
        Trie {
            words,
            heads: &tables.heads,
            seeds: &tables.seeds,
            slots: &tables.slots,
            root: &tables.root,
            edge_start: &tables.edge_start,
            edge_word: &tables.edge_word,
            edge_node: &tables.edge_node,
            row_start: &tables.row_start,
            rows: &tables.rows,
        }
    }

    /// Whether this view holds exactly `tables` (the statics are what the
    /// format's builder makes of the table today).
    #[cfg(test)]
    pub fn is(&self, tables: &Tables) -> bool {
        self.words.iter().eq(tables.words.iter())
            && self.heads == tables.heads
            && self.seeds == tables.seeds
            && self.slots == tables.slots
            && self.root == tables.root
            && self.edge_start == tables.edge_start
            && self.edge_word == tables.edge_word
            && self.edge_node == tables.edge_node
            && self.row_start == tables.row_start
            && self.rows == tables.rows
    }

    /// The one word a hash may be ([`NONE`] when its slot is empty): a
    /// bucket's seed, then its slot of the perfect hash.
    #[inline]
    fn candidate(&self, hash: u64) -> u32 {
        let seed = self
            .seeds
            .get(format::bucket(hash, self.seeds.len()))
            .copied()
            .unwrap_or(0);
        self.slots
            .get(format::slot(hash, seed, self.slots.len()))
            .copied()
            .unwrap_or(NONE)
    }

    /// The word id of a token of under eight bytes with its hash and its
    /// chunk (`first`, [`format::hash_word`]), or [`NONE`]: its candidate,
    /// if that word's head is the chunk. That is enough: a word of eight
    /// bytes or more has no zero byte where the chunk has, and a word
    /// shorter than the token has one where the token has none.
    #[inline]
    fn short_id(&self, hash: u64, first: u64) -> u32 {
        let id = self.candidate(hash);
        match self.heads.get(id as usize) {
            Some(&head) if head == first => id,
            _ => NONE,
        }
    }

    /// The word id of a token's bytes with their hash and first chunk
    /// ([`format::hash_word`]), or [`NONE`]: one slot of the perfect hash,
    /// then its word compared by its head chunk and length (and, past
    /// eight bytes, the rest).
    #[inline]
    fn word_id(&self, hash: u64, first: u64, bytes: &[u8]) -> u32 {
        if bytes.len() < 8 {
            return self.short_id(hash, first);
        }
        let id = self.candidate(hash);
        match self.heads.get(id as usize) {
            Some(&head) if head == first => {}
            _ => return NONE,
        }
        let Some(word) = self.words.get(id as usize) else {
            return NONE;
        };
        if word.len() != bytes.len() {
            return NONE;
        }
        // Past eight bytes, the rest compared: the lexicon's words are in
        // lower case already, only the token's bytes need folding.
        if bytes.len() > 8 {
            let rest = word.as_bytes().get(8..).unwrap_or(&[]);
            let token = bytes.get(8..).unwrap_or(&[]);
            if !rest
                .iter()
                .zip(token)
                .all(|(w, b)| *w == b.to_ascii_lowercase())
            {
                return NONE;
            }
        }
        id
    }

    /// The tokens of `text` (as `format::tokens` defines them), each with
    /// its word, appended to `out`: what [`Trie::scan`] reads, every
    /// token kept, for the tests to compare with the definition.
    #[cfg(test)]
    pub fn tokens(&self, text: &str, out: &mut Vec<Token>) {
        self.tokens_into(text, &mut Every(out));
    }

    /// The scan of `text` a reading needs ([`Scan`]): one pass, the same
    /// tokenizer as [`Trie::tokens`].
    pub fn scan(&self, text: &str, out: &mut Scan) {
        self.tokens_into(text, out);
    }

    /// The tokens of `text`, each with its word, handed to `sink` with the
    /// marks and line breaks. A byte's class is one load of a table; a
    /// word of ASCII letters and digits is found eight bytes at a time
    /// ([`Trie::word`]); only a character beyond ASCII is decoded.
    #[inline]
    fn tokens_into(&self, text: &str, sink: &mut impl Sink) {
        let bytes = text.as_bytes();
        let mut marks = MarkIds::default();
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            // The space between two words, the commonest byte after a
            // letter, without the table.
            if b == b' ' {
                at += 1;
                continue;
            }
            match class(b) {
                Class::Blank => {
                    if b == b'\n' {
                        sink.line_break(at);
                    }
                    at += 1;
                }
                Class::Word => at = self.word(text, at, sink),
                Class::Mark => {
                    if matches!(b, b'.' | b'!' | b'?' | b';') {
                        sink.mark(at, b);
                    }
                    sink.token(Token {
                        start: at,
                        end: at + 1,
                        word: marks.get(b, |b| self.mark_id(b)),
                    });
                    at += 1;
                }
                Class::Wide => {
                    let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                        break;
                    };
                    if letter_or_digit(c) {
                        at = self.wide_word(text, at, at, sink);
                        continue;
                    }
                    let end = at + c.len_utf8();
                    if !c.is_whitespace() {
                        let mark = bytes.get(at..end).unwrap_or(&[]);
                        let (hash, first) = format::hash_word(mark);
                        sink.token(Token {
                            start: at,
                            end,
                            word: self.word_id(hash, first, mark),
                        });
                    }
                    at = end;
                }
            }
        }
    }

    /// The word id of an ASCII mark (`,`, `-`, `.` …): no ASCII mark is a
    /// letter, so its chunk is the byte.
    #[inline]
    fn mark_id(&self, b: u8) -> u32 {
        let first = u64::from(b);
        self.short_id(format::hash_chunk(HASH_START, first), first)
    }

    /// The word token starting at `start` (an ASCII letter or digit);
    /// returns where it ends. Each load of eight bytes finds how far the
    /// word runs in it ([`word_run`]) and is, folded, the chunk hashed; a
    /// letter beyond ASCII after the run hands the word to
    /// [`Trie::wide_word`].
    #[inline]
    fn word(&self, text: &str, start: usize, sink: &mut impl Sink) -> usize {
        let bytes = text.as_bytes();
        let chunk = load(bytes, start);
        let others = others_in(chunk);
        let first = (chunk | format::FOLD) & run_mask(others);
        let mut hash = format::hash_chunk(HASH_START, first);
        let mut end = start + (others.trailing_zeros() / 8) as usize;
        if others == 0 {
            loop {
                let chunk = load(bytes, end);
                let others = others_in(chunk);
                let run = (others.trailing_zeros() / 8) as usize;
                if run > 0 {
                    hash = format::hash_chunk(hash, (chunk | format::FOLD) & run_mask(others));
                }
                end += run;
                if others != 0 {
                    break;
                }
            }
        }
        if bytes.get(end).is_some_and(|&b| class(b) == Class::Wide) {
            return self.wide_word(text, start, end, sink);
        }
        let word = if end - start < 8 {
            self.short_id(hash, first)
        } else {
            self.word_id(hash, first, bytes.get(start..end).unwrap_or(&[]))
        };
        sink.token(Token { start, end, word });
        end
    }

    /// The word token starting at `start` whose letters and digits go on
    /// beyond ASCII (`at` is where to go on reading: the first byte not
    /// yet known to be in the word); returns where it ends.
    fn wide_word(&self, text: &str, start: usize, mut at: usize, sink: &mut impl Sink) -> usize {
        let bytes = text.as_bytes();
        loop {
            let ascii = bytes.get(at..).unwrap_or(&[]);
            at += ascii
                .iter()
                .position(|&b| class(b) != Class::Word)
                .unwrap_or(ascii.len());
            // A letter or digit beyond ASCII goes on the word.
            let wide = bytes.get(at).is_some_and(|&b| class(b) == Class::Wide);
            let letter = wide
                .then(|| text.get(at..).and_then(|rest| rest.chars().next()))
                .flatten()
                .filter(|&c| letter_or_digit(c));
            let Some(c) = letter else { break };
            at += c.len_utf8();
        }
        let word = bytes.get(start..at).unwrap_or(&[]);
        let (hash, first) = format::hash_word(word);
        sink.token(Token {
            start,
            end: at,
            word: self.word_id(hash, first, word),
        });
        at
    }

    /// The node a phrase starting with `word` is at after it: one load of
    /// the root's table (a word no phrase has, [`NONE`], is past its end).
    #[inline]
    fn start(&self, word: u32) -> Option<u32> {
        self.root
            .get(word as usize)
            .copied()
            .filter(|&next| next != NONE)
    }

    /// The node `word` leads to from `node` (not the root), if a phrase
    /// goes on so: the node's edges are sorted by word, so a binary search
    /// ("your" has dozens).
    #[inline]
    fn step(&self, node: u32, word: u32) -> Option<u32> {
        if word == NONE {
            return None;
        }
        let from = *self.edge_start.get(node as usize)? as usize;
        let to = *self.edge_start.get(node as usize + 1)? as usize;
        let k = self.edge_word.get(from..to)?.binary_search(&word).ok()?;
        let next = *self.edge_node.get(from + k)?;
        (next != NONE).then_some(next)
    }

    /// Whether a phrase ends at `node` ([`Trie::rows_at`] is not empty),
    /// without making the slice: two loads and a comparison.
    #[inline]
    pub(super) fn has_rows(&self, node: u32) -> bool {
        let node = node as usize;
        match (self.row_start.get(node), self.row_start.get(node + 1)) {
            (Some(&from), Some(&to)) => from < to && to as usize <= self.rows.len(),
            _ => false,
        }
    }

    /// The lexicon rows a phrase ending at `node` belongs to.
    pub(super) fn rows_at(&self, node: u32) -> &'a [u32] {
        let at = |n: usize| self.row_start.get(n).map_or(0, |&s| s as usize);
        let node = node as usize;
        self.rows.get(at(node)..at(node + 1)).unwrap_or(&[])
    }

    /// Every phrase among `tokens`, leftmost-longest, with its rows, handed
    /// to `found` in order. A token no phrase starts with costs one load
    /// of the root's table.
    pub fn find(&self, tokens: &[Token], mut found: impl FnMut(Range<usize>, &'a [u32])) {
        let mut i = 0;
        while let Some(first) = tokens.get(i) {
            let Some(mut node) = self.start(first.word) else {
                i += 1;
                continue;
            };
            // The longest phrase so far: where it ends and its node (its
            // rows are looked up once, when it is found).
            let mut best: Option<(usize, u32)> = None;
            let mut j = i + 1;
            loop {
                if self.has_rows(node) {
                    best = Some((j, node));
                }
                let Some(next) = tokens.get(j).and_then(|t| self.step(node, t.word)) else {
                    break;
                };
                node = next;
                j += 1;
            }
            match best {
                Some((end, node)) => {
                    let stop = tokens.get(end - 1).map_or(first.start, |t| t.end);
                    found(first.start..stop, self.rows_at(node));
                    i = end;
                }
                None => i += 1,
            }
        }
    }
}

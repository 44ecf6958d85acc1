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

/// [`format::hash_word`] of `bytes[start..end]`, all ASCII letters and
/// digits: each chunk is one eight-byte load (bytes past the word masked
/// off) folded to lower case by one `|`; only near the text's end are the
/// bytes gathered one by one.
#[inline]
fn ascii_hash(bytes: &[u8], start: usize, end: usize) -> (u64, u64) {
    let chunk = |at: usize| {
        let mask = format::chunk_mask(end - at);
        let eight = bytes.get(at..).and_then(<[u8]>::first_chunk::<8>);
        let raw = match eight {
            Some(&eight) => u64::from_le_bytes(eight) & mask,
            None => format::chunk_of(bytes.get(at..end).unwrap_or(&[])),
        };
        raw | (format::FOLD & mask)
    };
    let first = chunk(start);
    let mut hash = format::hash_chunk(HASH_START, first);
    let mut at = start + 8;
    while at < end {
        hash = format::hash_chunk(hash, chunk(at));
        at += 8;
    }
    (hash, first)
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

    /// The word id of a token's bytes with their hash and first chunk
    /// ([`format::hash_word`]), or [`NONE`]: one slot of the perfect hash,
    /// then its word compared by its head chunk and length (and, past
    /// eight bytes, the rest).
    #[inline]
    fn word_id(&self, hash: u64, first: u64, bytes: &[u8]) -> u32 {
        let seed = self
            .seeds
            .get(format::bucket(hash, self.seeds.len()))
            .copied()
            .unwrap_or(0);
        let id = self
            .slots
            .get(format::slot(hash, seed, self.slots.len()))
            .copied()
            .unwrap_or(NONE);
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
    /// its word, appended to `out`. A byte's class is one load of a table;
    /// a word of ASCII letters and digits is found first, then hashed
    /// eight bytes at a time; only a character beyond ASCII is decoded.
    pub fn tokens(&self, text: &str, out: &mut Vec<Token>) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            match class(b) {
                Class::Blank => at += 1,
                Class::Word => at = self.word(text, at, out),
                Class::Mark => {
                    // No ASCII mark is a letter: its chunk is the byte.
                    let first = u64::from(b);
                    let hash = format::hash_chunk(HASH_START, first);
                    out.push(Token {
                        start: at,
                        end: at + 1,
                        word: self.word_id(hash, first, &[b]),
                    });
                    at += 1;
                }
                Class::Wide => {
                    let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
                        break;
                    };
                    if c.is_alphanumeric() {
                        at = self.wide_word(text, at, at, out);
                        continue;
                    }
                    let end = at + c.len_utf8();
                    if !c.is_whitespace() {
                        let mark = bytes.get(at..end).unwrap_or(&[]);
                        let (hash, first) = format::hash_word(mark);
                        out.push(Token {
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

    /// The word token starting at `start` (an ASCII letter or digit);
    /// returns where it ends. Its ASCII run is found by the class table,
    /// then hashed a chunk at a time; a letter beyond ASCII after it
    /// hands the word to [`Trie::wide_word`].
    #[inline]
    fn word(&self, text: &str, start: usize, out: &mut Vec<Token>) -> usize {
        let bytes = text.as_bytes();
        let rest = bytes.get(start..).unwrap_or(&[]);
        let len = rest
            .iter()
            .position(|&b| class(b) != Class::Word)
            .unwrap_or(rest.len());
        let end = start + len;
        if bytes.get(end).is_some_and(|&b| class(b) == Class::Wide) {
            return self.wide_word(text, start, end, out);
        }
        let (hash, first) = ascii_hash(bytes, start, end);
        out.push(Token {
            start,
            end,
            word: self.word_id(hash, first, bytes.get(start..end).unwrap_or(&[])),
        });
        end
    }

    /// The word token starting at `start` whose letters and digits go on
    /// beyond ASCII (`at` is where to go on reading: the first byte not
    /// yet known to be in the word); returns where it ends.
    fn wide_word(&self, text: &str, start: usize, mut at: usize, out: &mut Vec<Token>) -> usize {
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
                .filter(|c| c.is_alphanumeric());
            let Some(c) = letter else { break };
            at += c.len_utf8();
        }
        let word = bytes.get(start..at).unwrap_or(&[]);
        let (hash, first) = format::hash_word(word);
        out.push(Token {
            start,
            end: at,
            word: self.word_id(hash, first, word),
        });
        at
    }

    /// The node `word` leads to from `node`, if a phrase goes on so.
    fn step(&self, node: u32, word: u32) -> Option<u32> {
        if word == NONE {
            return None;
        }
        let next = if node == 0 {
            *self.root.get(word as usize)?
        } else {
            let from = *self.edge_start.get(node as usize)? as usize;
            let to = *self.edge_start.get(node as usize + 1)? as usize;
            let k = self
                .edge_word
                .get(from..to)?
                .iter()
                .position(|&w| w == word)?;
            *self.edge_node.get(from + k)?
        };
        (next != NONE).then_some(next)
    }

    /// The lexicon rows a phrase ending at `node` belongs to.
    fn rows_at(&self, node: u32) -> &'a [u32] {
        let at = |n: usize| self.row_start.get(n).map_or(0, |&s| s as usize);
        let node = node as usize;
        self.rows.get(at(node)..at(node + 1)).unwrap_or(&[])
    }

    /// Every phrase among `tokens`, leftmost-longest, with its rows, handed
    /// to `found` in order.
    pub fn find(&self, tokens: &[Token], mut found: impl FnMut(Range<usize>, &'a [u32])) {
        let mut i = 0;
        while let Some(first) = tokens.get(i) {
            let mut node = 0;
            let mut best: Option<(usize, &'a [u32])> = None;
            let mut j = i;
            while let Some(token) = tokens.get(j) {
                let Some(next) = self.step(node, token.word) else {
                    break;
                };
                node = next;
                j += 1;
                let rows = self.rows_at(node);
                if !rows.is_empty() {
                    best = Some((j, rows));
                }
            }
            match best {
                Some((end, rows)) => {
                    let stop = tokens.get(end - 1).map_or(first.start, |t| t.end);
                    found(first.start..stop, rows);
                    i = end;
                }
                None => i += 1,
            }
        }
    }
}

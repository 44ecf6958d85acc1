//! The lexicon's phrases as a trie of words, and the scan that finds them:
//! the text split into tokens (a run of letters and digits, or one
//! punctuation mark; blanks between tokens ignored), then at each token the longest phrase that starts
//! there. Building it is a hash insert a word (the lexicon is read on every
//! `check`: an automaton's construction cost more than the reading); the
//! scan is a lookup a token, and a walk no longer than the longest phrase.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// FNV-1a: the trie's keys are short words it made itself, so a fast
/// hash is enough (std's SipHash guards against chosen keys, which the
/// lexicon's own words are not; a text's words are only looked up).
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

type Fast = BuildHasherDefault<Fnv>;

/// The phrases of the lexicon, word by word: every word once (an id), and
/// every edge of every node in one map, so building it allocates a few
/// tables rather than a map a node and a string an edge (it is built on
/// every `check`).
#[derive(Debug)]
pub struct Trie {
    /// Each word of a phrase, with its id.
    words: HashMap<Box<str>, u32, Fast>,
    /// (node, word id) → the node it leads to; node 0 is the root.
    edges: HashMap<(u32, u32), u32, Fast>,
    /// For each node, the lexicon rows a phrase ending there belongs to.
    rows: Vec<Vec<usize>>,
}

impl Default for Trie {
    fn default() -> Self {
        // Sized above the English table (about 800 words and 1,700 edges),
        // so building it never rehashes.
        let mut rows = Vec::with_capacity(2048);
        rows.push(Vec::new()); // the root, node 0
        Trie {
            words: HashMap::with_capacity_and_hasher(1024, Fast::default()),
            edges: HashMap::with_capacity_and_hasher(2048, Fast::default()),
            rows,
        }
    }
}

/// The tokens of `text`: byte ranges. A token is a run of letters and
/// digits (any script), or one other character that is not blank
/// (punctuation: `-`, `,`, `’`, `“` …), so "e-mail" and "don’t" are read
/// the same way in a phrase and in a text.
pub fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut word: Option<usize> = None;
    for (at, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word.get_or_insert(at);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(start..at);
        }
        if !c.is_whitespace() {
            out.push(at..at + c.len_utf8());
        }
    }
    if let Some(start) = word {
        out.push(start..text.len());
    }
    out
}

impl Trie {
    /// Adds every spelling of a written phrase (each word's forms, see
    /// [`super::word_forms`]) for `row`.
    pub fn insert(&mut self, written: &str, row: usize) {
        let mut frontier = vec![0usize];
        let mut next = Vec::new();
        for word in written.split_whitespace() {
            next.clear();
            for form in super::word_forms(word) {
                for &node in &frontier {
                    next.push(self.walk(node, &form));
                }
            }
            next.sort_unstable();
            next.dedup();
            std::mem::swap(&mut frontier, &mut next);
        }
        for node in frontier.into_iter().filter(|&n| n != 0) {
            if let Some(rows) = self.rows.get_mut(node) {
                if !rows.contains(&row) {
                    rows.push(row);
                }
            }
        }
    }

    /// The node a form leads to from `node`, made as needed: one word, or
    /// the tokens of a form with punctuation ("e-mail"); an empty form
    /// (a dropped word) stays where it is.
    fn walk(&mut self, node: usize, form: &str) -> usize {
        if form.chars().all(char::is_alphanumeric) {
            return if form.is_empty() {
                node
            } else {
                self.child(node, form)
            };
        }
        let mut at = node;
        for token in tokens(form) {
            at = self.child(at, form.get(token).unwrap_or(""));
        }
        at
    }

    fn child(&mut self, at: usize, word: &str) -> usize {
        let next_word = u32::try_from(self.words.len()).unwrap_or(u32::MAX);
        let word = match self.words.get(word) {
            Some(&id) => id,
            None => {
                self.words.insert(word.into(), next_word);
                next_word
            }
        };
        let at = u32::try_from(at).unwrap_or(u32::MAX);
        let fresh = u32::try_from(self.rows.len()).unwrap_or(u32::MAX);
        let next = *self.edges.entry((at, word)).or_insert(fresh);
        if next == fresh {
            self.rows.push(Vec::new());
        }
        next as usize
    }

    /// The node `word` leads to from `node`, if a phrase goes on so.
    fn step(&self, node: usize, word: &str) -> Option<usize> {
        let id = *self.words.get(word)?;
        let node = u32::try_from(node).ok()?;
        self.edges.get(&(node, id)).map(|&n| n as usize)
    }

    /// Every phrase found in `text`, leftmost-longest, with its rows.
    pub fn find<'a>(&'a self, text: &str) -> Vec<(Range<usize>, &'a [usize])> {
        let tokens = tokens(text);
        // ASCII lower case keeps every byte where it was.
        let lower = text.to_ascii_lowercase();
        let word = |i: usize| -> Option<&str> { lower.get(tokens.get(i)?.clone()) };
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut node = 0;
            let mut best: Option<(usize, &'a [usize])> = None;
            let mut j = i;
            while let Some(w) = word(j) {
                let Some(next) = self.step(node, w) else {
                    break;
                };
                node = next;
                j += 1;
                if let Some(rows) = self.rows.get(node).filter(|r| !r.is_empty()) {
                    best = Some((j, rows.as_slice()));
                }
            }
            match best {
                Some((end, rows)) => {
                    let start = tokens.get(i).map_or(0, |r| r.start);
                    let stop = tokens.get(end - 1).map_or(start, |r| r.end);
                    found.push((start..stop, rows));
                    i = end;
                }
                None => i += 1,
            }
        }
        found
    }
}

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

type Map = HashMap<Box<str>, usize, BuildHasherDefault<Fnv>>;

/// A node: the words that continue a phrase, and the lexicon rows a phrase
/// ending here belongs to.
#[derive(Debug, Default)]
struct Node {
    next: Map,
    rows: Vec<usize>,
}

/// The phrases of the lexicon, word by word.
#[derive(Debug)]
pub struct Trie {
    nodes: Vec<Node>,
}

impl Default for Trie {
    fn default() -> Self {
        Trie {
            nodes: vec![Node::default()],
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
    /// Adds every spelling of a phrase (each word's forms) for `row`.
    pub fn insert(&mut self, words: &[Vec<String>], row: usize) {
        let mut frontier = vec![0usize];
        for forms in words {
            let mut next = Vec::new();
            for &node in &frontier {
                for form in forms {
                    if form.is_empty() {
                        next.push(node);
                        continue;
                    }
                    let mut at = node;
                    if form.chars().all(char::is_alphanumeric) {
                        at = self.child(at, form);
                    } else {
                        for token in tokens(form) {
                            let word = form.get(token).unwrap_or("");
                            at = self.child(at, word);
                        }
                    }
                    next.push(at);
                }
            }
            next.sort_unstable();
            next.dedup();
            frontier = next;
        }
        for node in frontier.into_iter().filter(|&n| n != 0) {
            if let Some(n) = self.nodes.get_mut(node) {
                if !n.rows.contains(&row) {
                    n.rows.push(row);
                }
            }
        }
    }

    fn child(&mut self, at: usize, word: &str) -> usize {
        if let Some(&next) = self.nodes.get(at).and_then(|n| n.next.get(word)) {
            return next;
        }
        let next = self.nodes.len();
        self.nodes.push(Node::default());
        if let Some(n) = self.nodes.get_mut(at) {
            n.next.insert(word.into(), next);
        }
        next
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
                let Some(&next) = self.nodes.get(node).and_then(|n| n.next.get(w)) else {
                    break;
                };
                node = next;
                j += 1;
                if let Some(n) = self.nodes.get(node).filter(|n| !n.rows.is_empty()) {
                    best = Some((j, n.rows.as_slice()));
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

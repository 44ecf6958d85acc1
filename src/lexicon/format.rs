//! The lexicon table's format and the one parser of it: rows of kind, ids
//! (`a | b`) and phrases (`p | q`) with inflection groups (`address(es)`),
//! each phrase split into the tokens a text is read by, and the trie of
//! those tokens as flat tables with a perfect hash of its words.
//!
//! Two compilations share this file so that the format has one reader:
//! `build.rs` includes it by path and writes `vocab/lexicon.en.tsv` as
//! static tables (no process builds the lexicon at run time), and the crate
//! compiles it as `lexicon::format` to look words up the way they were
//! hashed, to expand phrases and to build small tries in tests. So it uses
//! `std` alone, and each side leaves some of it unused.
#![allow(dead_code)]

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// The first line every lexicon table starts with.
pub const HEADER: &str = "kind\tids\tphrases";

/// No word, no node: an empty slot of the tables.
pub const NONE: u32 = u32::MAX;

/// One row as written: the kind's name (checked against `Kind::ALL` by the
/// crate), the ids and the phrases, inflection groups unexpanded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// The line of the table (1-based), for messages.
    pub line: usize,
    /// The kind's name, trimmed.
    pub kind: &'a str,
    /// The ids, the one import proposes first.
    pub ids: Vec<&'a str>,
    /// The phrases as written.
    pub written: Vec<&'a str>,
}

/// What makes a table unreadable, with the line it is on: a build fails on
/// it (`build.rs` prints it), it is never skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormatError {
    /// The first line is not `kind<TAB>ids<TAB>phrases…`.
    Header,
    /// A row has fewer than three tab-separated cells.
    Cells { line: usize },
    /// A row names no id, or no phrase.
    Empty { line: usize, cell: &'static str },
    /// A word's inflection group is not one `stem(a|b)tail`.
    Group { line: usize, word: String },
    /// The tables outgrow their `u32` numbers, or two words share a hash.
    Tables(String),
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Header => {
                write!(f, "line 1: the header must begin `kind\\tids\\tphrases`")
            }
            FormatError::Cells { line } => write!(
                f,
                "line {line}: a row needs three tab-separated cells: kind, ids, phrases"
            ),
            FormatError::Empty { line, cell } => write!(f, "line {line}: the {cell} cell is empty"),
            FormatError::Group { line, word } => write!(
                f,
                "line {line}: `{word}` is no word with one inflection group, such as `address(es)` or `(the|our|)`"
            ),
            FormatError::Tables(why) => write!(f, "the tables cannot be built: {why}"),
        }
    }
}

/// Reads a table: the header line, then rows; blank lines and `#` comments
/// are skipped. The first malformed row is the error.
pub fn rows(text: &str) -> Result<Vec<Row<'_>>, FormatError> {
    let mut lines = text.lines().enumerate();
    if !lines.next().is_some_and(|(_, h)| h.starts_with(HEADER)) {
        return Err(FormatError::Header);
    }
    let mut out = Vec::new();
    for (number, line) in lines {
        let line_number = number + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cells = line.split('\t');
        let (Some(kind), Some(ids), Some(phrases)) = (cells.next(), cells.next(), cells.next())
        else {
            return Err(FormatError::Cells { line: line_number });
        };
        let row = Row {
            line: line_number,
            kind: kind.trim(),
            ids: split(ids),
            written: split(phrases),
        };
        if row.ids.is_empty() {
            return Err(FormatError::Empty {
                line: line_number,
                cell: "ids",
            });
        }
        if row.written.is_empty() {
            return Err(FormatError::Empty {
                line: line_number,
                cell: "phrases",
            });
        }
        for word in row.written.iter().flat_map(|w| w.split_whitespace()) {
            if !well_grouped(word) {
                let word = word.to_string();
                return Err(FormatError::Group {
                    line: line_number,
                    word,
                });
            }
        }
        out.push(row);
    }
    Ok(out)
}

/// A cell's alternatives, `a | b`, trimmed.
fn split(cell: &str) -> Vec<&str> {
    cell.split(" | ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Whether a word has no parenthesis, or exactly one `(`…`)` group.
fn well_grouped(word: &str) -> bool {
    let open = word.matches('(').count();
    let close = word.matches(')').count();
    match (open, close) {
        (0, 0) => true,
        (1, 1) => word.find('(') < word.find(')'),
        _ => false,
    }
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

/// The forms of one word with its group, lower case.
pub fn word_forms(word: &str) -> Vec<Cow<'_, str>> {
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

/// The tokens of `text`: byte ranges. A token is a run of letters and
/// digits (any script), or one other character that is not blank
/// (punctuation: `-`, `,`, `’`, `“` …), so "e-mail" and "don’t" are read
/// the same way in a phrase and in a text. The definition; the scan's fast
/// tokenizer (`trie.rs`) is tested against it.
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

/// A word's hash before its first chunk.
pub const HASH_START: u64 = 0xcbf2_9ce4_8422_2325;

/// Bit 5 of every byte: an ASCII letter or digit with it set is in lower
/// case (digits have it already), so a chunk of them is folded by one `|`.
pub const FOLD: u64 = 0x2020_2020_2020_2020;

/// One chunk more of a word's hash: up to eight bytes, folded to lower
/// case, little-endian, zero-padded. A word is hashed eight bytes at a
/// time, not a byte at a time, so the scan hashes a word in one or two
/// steps after finding its end.
#[inline]
pub fn hash_chunk(hash: u64, chunk: u64) -> u64 {
    let mixed = (hash ^ chunk).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    mixed ^ (mixed >> 29)
}

/// The low `len` bytes of a chunk (all eight from eight on).
#[inline]
pub fn chunk_mask(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

/// Up to eight bytes as a chunk, each in ASCII lower case (a text's words
/// are matched ignoring ASCII case, as the lexicon's are written).
#[inline]
pub fn chunk_of(bytes: &[u8]) -> u64 {
    bytes.iter().take(8).rev().fold(0, |chunk, &b| {
        (chunk << 8) | u64::from(b.to_ascii_lowercase())
    })
}

/// The hash of a word's bytes (ASCII case ignored), and its first chunk:
/// the definition the scan's fast path keeps to.
pub fn hash_word(word: &[u8]) -> (u64, u64) {
    let first = chunk_of(word);
    let hash = word
        .chunks(8)
        .fold(HASH_START, |hash, chunk| hash_chunk(hash, chunk_of(chunk)));
    (hash, first)
}

/// The bucket of a hash among `buckets` (a power of two).
#[inline]
pub fn bucket(hash: u64, buckets: usize) -> usize {
    ((hash >> 32) as usize) & buckets.wrapping_sub(1)
}

/// The slot of a hash with its bucket's seed among `slots` (a power of two).
#[inline]
pub fn slot(hash: u64, seed: u32, slots: usize) -> usize {
    (((hash ^ u64::from(seed)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize)
        & slots.wrapping_sub(1)
}

/// The trie of every phrase's tokens as flat tables, and a perfect hash of
/// its words (hash and displace: a seed a bucket, every word its own slot).
/// Nodes are numbered from the root, 0; the edges and rows of node `n` are
/// `edge_start[n]..edge_start[n + 1]` and `row_start[n]..row_start[n + 1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tables {
    /// Each word (token) of a phrase, lower case, by id.
    pub words: Vec<String>,
    /// Each word's first eight bytes as a chunk ([`chunk_of`]): a token of
    /// at most eight bytes is its word when its chunk equals this.
    pub heads: Vec<u64>,
    /// A seed per bucket of the perfect hash.
    pub seeds: Vec<u32>,
    /// Each slot's word id, or [`NONE`].
    pub slots: Vec<u32>,
    /// The root's child for each word id, or [`NONE`].
    pub root: Vec<u32>,
    /// Where each node's edges start, and one past the last node.
    pub edge_start: Vec<u32>,
    /// The edges' words, sorted within a node.
    pub edge_word: Vec<u32>,
    /// The edges' target nodes.
    pub edge_node: Vec<u32>,
    /// Where each node's rows start, and one past the last node.
    pub row_start: Vec<u32>,
    /// The rows a phrase ending at a node belongs to, in the table's order.
    pub rows: Vec<u32>,
}

/// Builds [`Tables`]: every spelling of each row's phrases inserted.
#[derive(Debug, Default)]
pub struct Builder {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    edges: HashMap<(u32, u32), u32>,
    rows: Vec<Vec<u32>>,
}

impl Builder {
    /// Adds every spelling of a written phrase (each word's forms, see
    /// [`word_forms`]) for `row`.
    pub fn insert(&mut self, written: &str, row: u32) {
        if self.rows.is_empty() {
            self.rows.push(Vec::new()); // the root, node 0
        }
        let mut frontier = vec![0u32];
        let mut next = Vec::new();
        for word in written.split_whitespace() {
            next.clear();
            for form in word_forms(word) {
                for &node in &frontier {
                    next.push(self.walk(node, &form));
                }
            }
            next.sort_unstable();
            next.dedup();
            std::mem::swap(&mut frontier, &mut next);
        }
        for node in frontier.into_iter().filter(|&n| n != 0) {
            if let Some(rows) = self.rows.get_mut(node as usize) {
                if !rows.contains(&row) {
                    rows.push(row);
                }
            }
        }
    }

    /// The node a form leads to from `node`, made as needed: one word, or
    /// the tokens of a form with punctuation ("e-mail"); an empty form (a
    /// dropped word) stays where it is.
    fn walk(&mut self, node: u32, form: &str) -> u32 {
        let mut at = node;
        for token in tokens(form) {
            at = self.child(at, form.get(token).unwrap_or(""));
        }
        at
    }

    fn child(&mut self, at: u32, word: &str) -> u32 {
        let fresh_word = u32::try_from(self.words.len()).unwrap_or(NONE);
        let id = *self.ids.entry(word.to_string()).or_insert(fresh_word);
        if id == fresh_word {
            self.words.push(word.to_string());
        }
        let fresh = u32::try_from(self.rows.len()).unwrap_or(NONE);
        let next = *self.edges.entry((at, id)).or_insert(fresh);
        if next == fresh {
            self.rows.push(Vec::new());
        }
        next
    }

    /// The flat tables, or why they cannot be made.
    pub fn finish(self) -> Result<Tables, FormatError> {
        let too_big = || FormatError::Tables("more than 2^32 - 2 words, nodes or rows".into());
        let nodes = self.rows.len().max(1);
        let number = |n: usize| {
            u32::try_from(n)
                .ok()
                .filter(|&n| n != NONE)
                .ok_or_else(too_big)
        };
        let mut root = vec![NONE; self.words.len()];
        let mut edges: Vec<((u32, u32), u32)> = self.edges.into_iter().collect();
        edges.sort_unstable();
        let mut tables = Tables {
            edge_start: Vec::with_capacity(nodes + 1),
            row_start: Vec::with_capacity(nodes + 1),
            ..Tables::default()
        };
        let mut edge = edges.iter().peekable();
        for node in 0..nodes {
            let node = number(node)?;
            tables.edge_start.push(number(tables.edge_word.len())?);
            while let Some(&&((from, word), to)) = edge.peek().filter(|e| e.0.0 == node) {
                if from == 0 {
                    if let Some(cell) = root.get_mut(word as usize) {
                        *cell = to;
                    }
                }
                tables.edge_word.push(word);
                tables.edge_node.push(to);
                edge.next();
            }
            tables.row_start.push(number(tables.rows.len())?);
            if let Some(rows) = self.rows.get(node as usize) {
                tables.rows.extend(rows);
            }
        }
        tables.edge_start.push(number(tables.edge_word.len())?);
        tables.row_start.push(number(tables.rows.len())?);
        tables.root = root;
        let (seeds, slots) = perfect_hash(&self.words)?;
        tables.seeds = seeds;
        tables.slots = slots;
        tables.heads = self.words.iter().map(|w| chunk_of(w.as_bytes())).collect();
        tables.words = self.words;
        Ok(tables)
    }
}

/// A seed a bucket so that every word has a slot of its own: buckets
/// largest first, each given the first seed that puts all its words in
/// free slots. About four words a bucket and twice as many slots as words,
/// so a seed is found in a few tries.
fn perfect_hash(words: &[String]) -> Result<(Vec<u32>, Vec<u32>), FormatError> {
    let buckets = (words.len() / 4).max(1).next_power_of_two();
    let slots = (words.len() * 2).max(1).next_power_of_two();
    let mut members: Vec<Vec<(u64, u32)>> = vec![Vec::new(); buckets];
    for (id, word) in words.iter().enumerate() {
        let (hash, _) = hash_word(word.as_bytes());
        let id = u32::try_from(id).map_err(|_| FormatError::Tables("too many words".into()))?;
        if let Some(list) = members.get_mut(bucket(hash, buckets)) {
            list.push((hash, id));
        }
    }
    for list in &members {
        for (i, &(hash, _)) in list.iter().enumerate() {
            if list.iter().skip(i + 1).any(|&(other, _)| other == hash) {
                return Err(FormatError::Tables("two words have one hash".into()));
            }
        }
    }
    let mut order: Vec<usize> = (0..buckets).collect();
    order.sort_by_key(|&b| std::cmp::Reverse(members.get(b).map_or(0, Vec::len)));
    let mut seeds = vec![0u32; buckets];
    let mut table = vec![NONE; slots];
    for b in order {
        let list = members.get(b).map_or(&[][..], Vec::as_slice);
        let seed = (0..1u32 << 24)
            .find(|&seed| fits(list, seed, &table))
            .ok_or_else(|| FormatError::Tables(format!("no seed separates bucket {b}")))?;
        for &(hash, id) in list {
            if let Some(cell) = table.get_mut(slot(hash, seed, slots)) {
                *cell = id;
            }
        }
        if let Some(cell) = seeds.get_mut(b) {
            *cell = seed;
        }
    }
    Ok((seeds, table))
}

/// Whether `seed` puts each word of a bucket in a free slot of its own.
fn fits(list: &[(u64, u32)], seed: u32, table: &[u32]) -> bool {
    let mut taken: Vec<usize> = Vec::with_capacity(list.len());
    for &(hash, _) in list {
        let at = slot(hash, seed, table.len());
        if table.get(at) != Some(&NONE) || taken.contains(&at) {
            return false;
        }
        taken.push(at);
    }
    true
}

/// The tables of a whole lexicon: every phrase of every row, rows numbered
/// in the table's order.
pub fn build(rows: &[Row<'_>]) -> Result<Tables, FormatError> {
    let mut builder = Builder::default();
    for (index, row) in rows.iter().enumerate() {
        let index =
            u32::try_from(index).map_err(|_| FormatError::Tables("too many rows".into()))?;
        for written in &row.written {
            builder.insert(written, index);
        }
    }
    builder.finish()
}

//! The prose of two versions compared section by section. Sections are
//! paired by explicit id, else by their titles from the top (so a
//! "Personal Data" under "Collection" pairs with its namesake there
//! first), else by title alone (a section moved under another parent),
//! else — for those still unpaired — by similar text (a section retitled
//! without an id). Each pair reports a new title, a new kind, a new place
//! among its siblings and its words changed; the rest were added or
//! removed. A section's text is its own prose, references as written
//! (`${org.name}`: a changed value is a fact change, said once), words
//! compared with runs of white space as one space (CommonMark reads them
//! so).

use super::{Action, Change, Key, Kind, Value, pair_up, unpaired};
use crate::keyword::Keyword as _;
use crate::model::{Block, Node, Policy, Section};
use crate::source::Span;
use serde::{Serialize, Serializer};
use similar::{Algorithm, DiffTag, capture_diff_slices};
use std::collections::HashMap;

/// Words of context either side of a change, when it is shown.
pub const CONTEXT: usize = 6;

/// Two versions of a text, word by word.
#[derive(Debug, Clone, PartialEq)]
pub struct WordDiff {
    /// The runs of words kept, removed and added, in order.
    pub pieces: Vec<Piece>,
}

/// A run of words the two versions share, or that one of them alone has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Kept, removed or added.
    pub op: Op,
    /// The words, as written but for runs of white space, which are one
    /// space.
    pub text: String,
    /// Whether white space stood before it (not before `,` in `word,`).
    pub spaced: bool,
}

/// What happened to a run of words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// In both versions.
    Same,
    /// Only in the old.
    Removed,
    /// Only in the new.
    Added,
}

/// One place that changed, with a little context: what people read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// Whether words before it were left out.
    pub elided_before: bool,
    /// The pieces shown.
    pub pieces: Vec<Piece>,
    /// Whether words after it were left out.
    pub elided_after: bool,
}

/// How a hunk marks what was removed and added: the brackets of
/// `git diff --word-diff`, colours, or Markdown.
pub struct Marks {
    /// Written before and after removed words.
    pub removed: (&'static str, &'static str),
    /// Written before and after added words.
    pub added: (&'static str, &'static str),
    /// Applied to every run of words (Markdown escapes them).
    pub escape: fn(&str) -> String,
}

/// `[-removed-]{+added+}`, as `git diff --word-diff=plain` writes them.
pub const PLAIN: Marks = Marks {
    removed: ("[-", "-]"),
    added: ("{+", "+}"),
    escape: str::to_string,
};

impl WordDiff {
    /// The two texts compared word by word, punctuation apart (so `it`
    /// becoming `it,` adds a comma).
    pub fn of(old: &str, new: &str) -> WordDiff {
        let (old, new) = (tokens(old), tokens(new));
        let old_words: Vec<&str> = old.iter().map(|t| t.0).collect();
        let new_words: Vec<&str> = new.iter().map(|t| t.0).collect();
        let mut pieces = Vec::new();
        let mut push = |op, list: &[(&str, bool)], range: std::ops::Range<usize>| {
            if let Some(piece) = list.get(range).and_then(|run| joined(op, run)) {
                pieces.push(piece);
            }
        };
        for op in capture_diff_slices(Algorithm::Myers, &old_words, &new_words) {
            let (tag, before, after) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => push(Op::Same, &old, before),
                DiffTag::Delete => push(Op::Removed, &old, before),
                DiffTag::Insert => push(Op::Added, &new, after),
                DiffTag::Replace => {
                    push(Op::Removed, &old, before);
                    push(Op::Added, &new, after);
                }
            }
        }
        WordDiff { pieces }
    }

    /// Whether the two texts have the same words.
    pub fn is_same(&self) -> bool {
        self.pieces.iter().all(|p| p.op == Op::Same)
    }

    /// The places that changed, each with up to `context` words either
    /// side; places closer than twice that share a hunk.
    pub fn hunks(&self, context: usize) -> Vec<Hunk> {
        let mut hunks = Vec::new();
        let mut current = Hunk {
            elided_before: false,
            pieces: Vec::new(),
            elided_after: false,
        };
        let last = self.pieces.len().saturating_sub(1);
        for (i, piece) in self.pieces.iter().enumerate() {
            if piece.op != Op::Same {
                current.pieces.push(piece.clone());
                continue;
            }
            let words: Vec<&str> = piece.text.split(' ').collect();
            let n = words.len();
            let head = words.get(..context.min(n)).unwrap_or_default().join(" ");
            let tail = words
                .get(n.saturating_sub(context)..)
                .unwrap_or_default()
                .join(" ");
            let same = |text, spaced| Piece {
                op: Op::Same,
                text,
                spaced,
            };
            if i == 0 {
                current.elided_before = n > context;
                current.pieces.push(same(tail, piece.spaced || n > context));
            } else if i == last {
                current.elided_after = n > context;
                current.pieces.push(same(head, piece.spaced));
            } else if n > 2 * context {
                current.pieces.push(same(head, piece.spaced));
                current.elided_after = true;
                hunks.push(std::mem::replace(
                    &mut current,
                    Hunk {
                        elided_before: true,
                        pieces: vec![same(tail, true)],
                        elided_after: false,
                    },
                ));
            } else {
                current.pieces.push(piece.clone());
            }
        }
        hunks.push(current);
        hunks.retain(|h| h.pieces.iter().any(|p| p.op != Op::Same));
        hunks
    }
}

impl Hunk {
    /// The hunk as one line, marked with `marks`: `… a [-b-]{+c+} d …`.
    pub fn marked(&self, marks: &Marks) -> String {
        let mut out = String::new();
        if self.elided_before {
            out.push('…');
        }
        let mut after_removed = false;
        for piece in &self.pieces {
            let replaces = after_removed && piece.op == Op::Added;
            if piece.spaced && !out.is_empty() && !replaces {
                out.push(' ');
            }
            let text = (marks.escape)(&piece.text);
            out.push_str(&match piece.op {
                Op::Same => text,
                Op::Removed => format!("{}{text}{}", marks.removed.0, marks.removed.1),
                Op::Added => format!("{}{text}{}", marks.added.0, marks.added.1),
            });
            after_removed = piece.op == Op::Removed;
        }
        if self.elided_after {
            out.push_str(" …");
        }
        out
    }
}

/// The words of a text — runs of letters and digits, and each other
/// character on its own — with whether white space stands before each.
fn tokens(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut chars = word.char_indices().peekable();
        let mut spaced = true;
        while let Some((start, c)) = chars.next() {
            let mut end = start + c.len_utf8();
            if c.is_alphanumeric() {
                while let Some((i, d)) = chars.next_if(|(_, d)| d.is_alphanumeric()) {
                    end = i + d.len_utf8();
                }
            }
            out.push((word.get(start..end).unwrap_or_default(), spaced));
            spaced = false;
        }
    }
    out
}

/// A run of tokens as one piece, or `None` for no tokens.
fn joined(op: Op, run: &[(&str, bool)]) -> Option<Piece> {
    let (first, _) = run.first()?;
    let mut text = (*first).to_string();
    for (token, spaced) in run.iter().skip(1) {
        if *spaced {
            text.push(' ');
        }
        text.push_str(token);
    }
    Some(Piece {
        op,
        text,
        spaced: run.first().is_some_and(|t| t.1),
    })
}

/// As `git diff --word-diff=plain` shows it, hunks joined.
impl Serialize for WordDiff {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let hunks: Vec<String> = self
            .hunks(CONTEXT)
            .iter()
            .map(|h| h.marked(&PLAIN))
            .collect();
        serializer.serialize_str(&hunks.join(" "))
    }
}

/// A section (or the policy's opening text, first) as compared.
struct Entry<'a> {
    /// The section; `None` for the prose before the first section.
    section: Option<&'a Section>,
    /// Where it is written.
    span: Option<Span>,
    /// Its parent's index in the list; `None` at the top level.
    parent: Option<usize>,
    /// Its place among its parent's sections, from 0.
    sibling: usize,
    /// Its place in the document, `2.3` for the third of the second's.
    position: String,
    /// Its title and its parents', normalised, from the top.
    title_path: String,
    /// Its own prose.
    text: String,
}

impl Entry<'_> {
    fn title(&self) -> Option<String> {
        self.section.map(|s| s.title.node.clone())
    }
}

/// Every section of `policy`, depth first, after the opening text.
fn entries(policy: &Policy) -> Vec<Entry<'_>> {
    let mut out = vec![Entry {
        section: None,
        span: None,
        parent: None,
        sibling: 0,
        position: String::new(),
        title_path: String::new(),
        text: own_text(&policy.body),
    }];
    walk(&policy.body, None, &mut out);
    out
}

fn walk<'a>(blocks: &'a [Node<Block>], parent: Option<usize>, out: &mut Vec<Entry<'a>>) {
    let mut sibling = 0;
    for block in blocks {
        let Block::Section(section) = &block.node else {
            continue;
        };
        let above = parent.and_then(|p| out.get(p));
        let (position, path) = match above {
            Some(p) => (
                format!("{}.{}", p.position, sibling + 1),
                p.title_path.clone() + "/",
            ),
            None => ((sibling + 1).to_string(), String::new()),
        };
        out.push(Entry {
            section: Some(section),
            span: Some(block.span),
            parent,
            sibling,
            position,
            title_path: path + &normal(&section.title.node),
            text: own_text(&section.body),
        });
        let me = out.len() - 1;
        walk(&section.body, Some(me), out);
        sibling += 1;
    }
}

/// A section's own prose (not its subsections'), blocks a blank line apart.
fn own_text(blocks: &[Node<Block>]) -> String {
    let texts: Vec<String> = blocks
        .iter()
        .filter_map(|b| match &b.node {
            Block::Prose(prose) => Some(prose.source()),
            Block::LastUpdated(line) => Some(line.text.source()),
            _ => None,
        })
        .collect();
    texts.join("\n\n")
}

/// A title as compared: case and runs of white space ignored.
fn normal(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Every text, title, kind and place change from `old` to `new`, in the
/// new version's order, removed sections last.
pub(super) fn compare(old: &Policy, new: &Policy) -> Vec<Change> {
    let (old, new) = (entries(old), entries(new));
    let pairs = pair_sections(&old, &new);
    let moved = moved(&old, &new, &pairs);
    let mut out = Vec::new();
    for (i, (n, pair)) in new.iter().zip(&pairs).enumerate() {
        match pair.and_then(|p| old.get(p)) {
            Some(o) => paired(&mut out, o, n, moved.get(i) == Some(&true)),
            None if n
                .parent
                .is_none_or(|p| pairs.get(p).is_some_and(Option::is_some)) =>
            {
                let value = Value::Text(n.title().unwrap_or_default());
                out.push(section(n, Action::Added).new_value(value, n.span));
            }
            None => {}
        }
    }
    let gone = unpaired(old.len(), &pairs);
    for o in gone.iter().filter_map(|&i| old.get(i)) {
        if o.parent.is_none_or(|p| !gone.contains(&p)) {
            let value = Value::Text(o.title().unwrap_or_default());
            out.push(section(o, Action::Removed).old(value, o.span));
        }
    }
    out
}

/// A change about the section `entry`.
fn section(entry: &Entry<'_>, action: Action) -> Change {
    let mut change = Change::new(Kind::Text, "section", action);
    change.section = entry.title();
    change
}

/// What changed in a section both versions have.
fn paired(out: &mut Vec<Change>, o: &Entry<'_>, n: &Entry<'_>, moved: bool) {
    let text_of = |e: &Entry<'_>| Value::Text(e.title().unwrap_or_default());
    let changed = |path: &str, old: Value, new: Value| {
        let mut change = section(n, Action::Changed)
            .old(old, o.span)
            .new_value(new, n.span);
        change.path = path.to_string();
        change
    };
    let mut found = Vec::new();
    if let (Some(os), Some(ns)) = (o.section, n.section) {
        if os.title.node != ns.title.node {
            found.push(changed("section.title", text_of(o), text_of(n)));
        }
        let kind =
            |s: &Section| Value::Text(s.kind.as_ref().map_or("", |k| k.node.keyword()).to_string());
        if kind(os) != kind(ns) {
            found.push(changed("section.kind", kind(os), kind(ns)));
        }
        if moved {
            let mut change = changed(
                "section",
                Value::Text(o.position.clone()),
                Value::Text(n.position.clone()),
            );
            change.kind = Kind::Moved;
            found.push(change);
        }
    }
    let words = (o.text != n.text).then(|| WordDiff::of(&o.text, &n.text));
    if let Some(words) = words.filter(|w| !w.is_same()) {
        let mut change = changed(
            "section.text",
            Value::Text(o.text.clone()),
            Value::Text(n.text.clone()),
        );
        change.words = Some(words);
        found.push(change);
    }
    out.extend(found);
}

/// For each new section, the index of its old one: by explicit id, by
/// titles from the top, by title, then by similar text.
fn pair_sections(old: &[Entry<'_>], new: &[Entry<'_>]) -> Vec<Option<usize>> {
    let root = |e: &Entry<'_>| e.section.is_none().then(String::new);
    let id = |e: &Entry<'_>| e.section?.explicit_id.as_ref().map(|i| i.node.clone());
    let path = |e: &Entry<'_>| e.section.map(|_| e.title_path.clone());
    let title = |e: &Entry<'_>| e.section.map(|s| normal(&s.title.node));
    let keys: [Key<'_, Entry<'_>>; 4] = [&root, &id, &path, &title];
    let mut pairs = pair_up(old, new, &keys);
    let mut free = unpaired(old.len(), &pairs);
    if free.len() > MOST_COMPARED {
        return pairs;
    }
    for (n, pair) in new.iter().zip(pairs.iter_mut()) {
        if pair.is_some() || n.text.is_empty() {
            continue;
        }
        if let Some(best) = most_alike(old, &free, n) {
            free.retain(|&f| f != best);
            *pair = Some(best);
        }
    }
    pairs
}

/// How many unpaired old sections are compared by text at most, so that
/// a rewrite of a long policy stays quick.
const MOST_COMPARED: usize = 64;

/// Of the old sections `free`, the one whose text is most like `n`'s, if
/// at least half its words are shared.
fn most_alike(old: &[Entry<'_>], free: &[usize], n: &Entry<'_>) -> Option<usize> {
    let words: Vec<&str> = n.text.split_whitespace().collect();
    let mut best: Option<(usize, f64)> = None;
    for &i in free {
        let Some(o) = old
            .get(i)
            .filter(|o| o.section.is_some() && !o.text.is_empty())
        else {
            continue;
        };
        let theirs: Vec<&str> = o.text.split_whitespace().collect();
        let shared: usize = capture_diff_slices(Algorithm::Myers, &theirs, &words)
            .iter()
            .filter(|op| op.tag() == DiffTag::Equal)
            .map(|op| op.old_range().len())
            .sum();
        #[allow(clippy::cast_precision_loss)] // word counts are far below 2^52
        let likeness = 2.0 * shared as f64 / (theirs.len() + words.len()) as f64;
        if likeness >= 0.5 && best.is_none_or(|(_, b)| likeness > b) {
            best = Some((i, likeness));
        }
    }
    best.map(|(i, _)| i)
}

/// For each new section, whether it moved: to another parent, or out of
/// the longest run of its siblings that kept their order.
fn moved(old: &[Entry<'_>], new: &[Entry<'_>], pairs: &[Option<usize>]) -> Vec<bool> {
    let mut moved = vec![false; new.len()];
    // For each new parent, its children still under the old parent it is
    // paired with: (index, old place among siblings), in new order.
    let mut stayed: HashMap<Option<usize>, Vec<(usize, usize)>> = HashMap::new();
    for (i, n) in new.iter().enumerate().filter(|(_, n)| n.section.is_some()) {
        let Some(o) = pairs.get(i).copied().flatten().and_then(|o| old.get(o)) else {
            continue;
        };
        let same_parent = match n.parent {
            None => o.parent.is_none(),
            Some(p) => o.parent.is_some() && pairs.get(p).copied().flatten() == o.parent,
        };
        if same_parent {
            stayed.entry(n.parent).or_default().push((i, o.sibling));
        } else if let Some(m) = moved.get_mut(i) {
            *m = true;
        }
    }
    for siblings in stayed.values() {
        for i in out_of_order(siblings) {
            if let Some(m) = moved.get_mut(i) {
                *m = true;
            }
        }
    }
    moved
}

/// Of `(index, old place)` pairs in new order, the indices outside a
/// longest run whose old places increase: the fewest sections that, moved,
/// explain the new order.
fn out_of_order(siblings: &[(usize, usize)]) -> Vec<usize> {
    // longest[i]: the longest increasing run ending at i; from[i]: the one
    // before i in it, the latest of equals (so of two swapped neighbours,
    // the one that moved up is said to have moved).
    let mut longest = vec![1usize; siblings.len()];
    let mut from: Vec<Option<usize>> = vec![None; siblings.len()];
    for (i, (_, place)) in siblings.iter().enumerate() {
        for (j, (_, before)) in siblings.iter().enumerate().take(i) {
            let through = longest.get(j).map_or(0, |l| l + 1);
            if before < place && through >= longest.get(i).copied().unwrap_or(0) {
                if let (Some(l), Some(f)) = (longest.get_mut(i), from.get_mut(i)) {
                    *l = through;
                    *f = Some(j);
                }
            }
        }
    }
    let end = (0..siblings.len()).max_by_key(|&i| (longest.get(i).copied(), std::cmp::Reverse(i)));
    let mut in_run = vec![false; siblings.len()];
    let mut at = end;
    while let Some(i) = at {
        if let Some(r) = in_run.get_mut(i) {
            *r = true;
        }
        at = from.get(i).copied().flatten();
    }
    siblings
        .iter()
        .zip(in_run)
        .filter(|(_, kept)| !kept)
        .map(|((i, _), _)| *i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fewest_siblings_that_explain_a_new_order_moved() {
        let places = |old: &[usize]| -> Vec<usize> {
            let siblings: Vec<(usize, usize)> = old.iter().copied().enumerate().collect();
            out_of_order(&siblings)
        };
        assert_eq!(places(&[0, 1, 2, 3]), Vec::<usize>::new());
        assert_eq!(places(&[3, 0, 1, 2]), [0], "the last moved first");
        assert_eq!(places(&[1, 2, 3, 0]), [3], "the first moved last");
        assert_eq!(
            places(&[0, 2, 1, 3]),
            [1],
            "of two swapped, the one moved up"
        );
    }

    #[test]
    fn hunks_keep_context_and_elide_the_rest() {
        let words = WordDiff::of(
            "one two three four five six seven eight nine ten",
            "one two three four five SIX seven eight nine ten",
        );
        let hunks: Vec<String> = words.hunks(2).iter().map(|h| h.marked(&PLAIN)).collect();
        assert_eq!(hunks, ["… four five [-six-]{+SIX+} seven eight …"]);
        let far = WordDiff::of("a b c d e f g h i j", "A b c d e f g h i J");
        let hunks: Vec<String> = far.hunks(2).iter().map(|h| h.marked(&PLAIN)).collect();
        assert_eq!(hunks, ["[-a-]{+A+} b c …", "… h i [-j-]{+J+}"]);
    }
}

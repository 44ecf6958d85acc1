//! The concrete syntax tree that lowering, the formatter and the editor
//! read: every rule that matched, with its place in the text, as one flat
//! array in preorder. Two readers fill it — pest, the grammar's reference
//! parser ([`Cst::from_pest`]), and the fast reader of well-formed files
//! — so that nothing after the parse depends on which one read the file.
//! A flat array is cheap to build and to walk: no reference counting, no
//! line index, one allocation.

use super::Rule;
use crate::source::{FileId, Span};
use pest::iterators::Pair as PestPair;
use pest::iterators::Pairs as PestPairs;

/// One matched rule: what it is, the bytes it covers and where its
/// subtree ends, so that its next sibling is one step away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The grammar rule that matched.
    pub rule: Rule,
    /// The byte offset where the match starts.
    pub start: u32,
    /// The byte offset where the match ends (exclusive).
    pub end: u32,
    /// The index of the first entry after this one's descendants: its next
    /// sibling, or its parent's next sibling, or the array's length.
    pub next: u32,
}

/// A parsed file: its text and its matched rules in preorder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cst<'i> {
    input: &'i str,
    entries: Vec<Entry>,
}

impl<'i> Cst<'i> {
    /// A tree from entries already in preorder with their `next` indices
    /// set (the fast reader builds them so).
    pub fn new(input: &'i str, entries: Vec<Entry>) -> Cst<'i> {
        Cst { input, entries }
    }

    /// The tree of pest's pairs, as pest's token queue lists them.
    pub fn from_pest(input: &'i str, pairs: PestPairs<'i, Rule>) -> Cst<'i> {
        Cst::from_tokens(input, pairs.tokens())
    }

    /// The tree of one pest pair and its descendants.
    pub fn from_pest_pair(input: &'i str, pair: PestPair<'i, Rule>) -> Cst<'i> {
        Cst::from_tokens(input, pair.tokens())
    }

    /// The entries of a token queue: a start token opens an entry, its end
    /// token closes it. The queue's length is known, so the array is
    /// allocated once; `open` is as deep as the rules nest.
    fn from_tokens(
        input: &'i str,
        tokens: impl ExactSizeIterator<Item = pest::Token<'i, Rule>>,
    ) -> Cst<'i> {
        let mut entries = Vec::with_capacity(tokens.len() / 2);
        let mut open: Vec<usize> = Vec::with_capacity(64);
        for token in tokens {
            match token {
                pest::Token::Start { rule, pos } => {
                    open.push(entries.len());
                    entries.push(Entry {
                        rule,
                        start: offset(pos.pos()),
                        end: 0,
                        next: 0,
                    });
                }
                pest::Token::End { pos, .. } => {
                    let next = offset(entries.len());
                    if let Some(entry) = open.pop().and_then(|i| entries.get_mut(i)) {
                        entry.end = offset(pos.pos());
                        entry.next = next;
                    }
                }
            }
        }
        Cst { input, entries }
    }

    /// The entries, in preorder.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The text the tree was read from.
    pub fn input(&self) -> &'i str {
        self.input
    }

    /// The first top-level node (the whole file's, when the tree is a
    /// file's), if any.
    pub fn root(&self) -> Option<Pair<'_>> {
        self.at(0)
    }

    /// The node of entry `index`, if there is one: a place in the tree
    /// kept as a number (as [`super::Parsed`] keeps its policy's).
    pub fn at(&self, index: usize) -> Option<Pair<'_>> {
        let index = u32::try_from(index).ok()?;
        ((index as usize) < self.entries.len()).then_some(Pair { cst: self, index })
    }
}

/// Offsets are kept in 32 bits: the reader refuses files of 4 GiB or
/// more long before (a source file is read whole into memory).
fn offset(at: usize) -> u32 {
    u32::try_from(at).unwrap_or(u32::MAX)
}

/// One node of a [`Cst`]: a matched rule and a way to its children. Cheap
/// to copy; named after pest's pair, whose methods it keeps.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    cst: &'a Cst<'a>,
    index: u32,
}

impl<'a> Pair<'a> {
    /// Its entry. A pair is only made for an index of its tree; the
    /// empty fallback keeps that an invariant rather than a panic.
    fn entry(&self) -> Entry {
        const NONE: Entry = Entry {
            rule: Rule::EOI,
            start: 0,
            end: 0,
            next: 0,
        };
        self.cst
            .entries
            .get(self.index as usize)
            .copied()
            .unwrap_or(NONE)
    }

    /// The rule that matched.
    pub fn as_rule(&self) -> Rule {
        self.entry().rule
    }

    /// The byte offset where the match starts.
    pub fn start(&self) -> usize {
        self.entry().start as usize
    }

    /// The byte offset where the match ends (exclusive).
    pub fn end(&self) -> usize {
        self.entry().end as usize
    }

    /// The text the rule matched.
    pub fn as_str(&self) -> &'a str {
        let entry = self.entry();
        self.cst
            .input
            .get(entry.start as usize..entry.end as usize)
            .unwrap_or("")
    }

    /// The whole text the tree was read from.
    pub fn input(&self) -> &'a str {
        self.cst.input
    }

    /// What it covers, as a span of `file` (the file the tree was read
    /// from, or a clause file's id when lowering one).
    pub fn span(&self, file: FileId) -> Span {
        let entry = self.entry();
        Span::new(file, entry.start as usize, entry.end as usize)
    }

    /// Its index among the tree's entries, for [`Cst::at`].
    pub fn index(&self) -> usize {
        self.index as usize
    }

    /// Whether it has children: a leaf is a token (a keyword, a name, a
    /// comment), found without walking anything.
    pub fn has_children(&self) -> bool {
        self.entry().next > self.index + 1
    }

    /// Its descendants in preorder (itself excluded), as pest's
    /// `into_inner().flatten()` gives them: one slice of the array.
    pub fn descendants(self) -> impl Iterator<Item = Pair<'a>> {
        let cst = self.cst;
        (self.index + 1..self.entry().next).map(move |index| Pair { cst, index })
    }

    /// The node's children, in order.
    pub fn into_inner(self) -> Children<'a> {
        let entry = self.entry();
        Children {
            cst: self.cst,
            at: self.index + 1,
            end: entry.next,
        }
    }
}

/// The children of a [`Pair`], in order.
#[derive(Debug, Clone)]
pub struct Children<'a> {
    cst: &'a Cst<'a>,
    at: u32,
    end: u32,
}

impl<'a> Iterator for Children<'a> {
    type Item = Pair<'a>;

    fn next(&mut self) -> Option<Pair<'a>> {
        if self.at >= self.end {
            return None;
        }
        let pair = Pair {
            cst: self.cst,
            index: self.at,
        };
        self.at = self.cst.entries.get(self.at as usize)?.next;
        Some(pair)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::PolicyParser;
    use pest::Parser as _;

    fn tree(text: &str) -> Cst<'_> {
        match PolicyParser::parse(Rule::file, text) {
            Ok(pairs) => Cst::from_pest(text, pairs),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn children_are_the_pairs_children_in_order() {
        let text = "policy terms \"T\" { id = \"t\" text \"x\" }";
        let cst = tree(text);
        let Some(file) = cst.root() else {
            panic!("no root")
        };
        assert_eq!(file.as_rule(), Rule::file);
        let Some(policy) = file.into_inner().next() else {
            panic!("no policy")
        };
        let rules: Vec<Rule> = policy.into_inner().map(|p| p.as_rule()).collect();
        assert_eq!(
            rules,
            [
                Rule::kw_policy,
                Rule::policy_kind,
                Rule::string,
                Rule::block_open,
                Rule::assignment,
                Rule::text,
                Rule::block_close
            ]
        );
        let texts: Vec<&str> = policy.into_inner().map(|p| p.as_str()).collect();
        assert_eq!(texts[5], "text \"x\"");
    }

    #[test]
    fn every_entry_matches_pests_pair() {
        let text = "policy terms \"T\" {\n  // c\n  collect email { from = user }\n}\n";
        let cst = tree(text);
        let Ok(mut pairs) = PolicyParser::parse(Rule::file, text) else {
            panic!("parse")
        };
        let Some(pest_root) = pairs.next() else {
            panic!("no root")
        };
        fn same(ours: Pair<'_>, theirs: PestPair<'_, Rule>) {
            assert_eq!(ours.as_rule(), theirs.as_rule());
            assert_eq!(ours.as_str(), theirs.as_str());
            let a: Vec<_> = ours.into_inner().collect();
            let b: Vec<_> = theirs.into_inner().collect();
            assert_eq!(a.len(), b.len());
            for (x, y) in a.into_iter().zip(b) {
                same(x, y);
            }
        }
        let Some(root) = cst.root() else {
            panic!("no root")
        };
        same(root, pest_root);
    }
}

//! The first step of formatting: the syntax tree as one flat list of
//! tokens, each marked with what it is to the layout — an opening or
//! closing delimiter, a separator, a comment, a piece of a string that no
//! white space may enter, or a plain token — and whether it starts a
//! *member* of the group it is in (an item of a `{ }` block, a value of a
//! `[ ]` list, a top-level item). Nothing here knows the language's items:
//! groups are found from the delimiter tokens, members from the tree's
//! nesting, so an item the grammar gains later is laid out like the others.

use crate::source::SafeSlice;
use crate::syntax::Rule;
use crate::syntax::tree::{Element, Node, SyntaxTree, Token};

/// What a token is to the layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `{` or `[`: opens a group.
    Open,
    /// `}` or `]`: closes the group.
    Close,
    /// `,` between list values: never after a line break or a space.
    Separator,
    /// A `//` or `/* */` comment.
    Comment,
    /// A token inside a string or a prose block after its first: the
    /// grammar allows no white space there.
    Glued,
    /// Anything else: keywords, names, values, `=`.
    Plain,
}

/// One token of the tree and what the layout needs to know of it.
#[derive(Debug)]
pub(super) struct Tok<'t> {
    /// The token itself.
    pub token: &'t Token,
    /// What it is to the layout.
    pub kind: Kind,
    /// It starts a member of its group: an item, a list value, or a
    /// comment between them. Members of a group that spans lines each
    /// start a line, and only before a member may a blank line stand.
    pub member: bool,
    /// The group it is in; for an opening delimiter, the group it opens,
    /// for a closing one, the group it closes.
    pub group: usize,
    /// Line breaks in the source between the previous token and this one.
    pub breaks: usize,
    /// For a comment: its column in the source, in characters from the
    /// start of its line (a block comment's later lines move with it).
    pub source_column: usize,
}

/// A `{ … }` or `[ … ]` group, or the file's top level (group 0).
#[derive(Debug, Clone, Copy)]
pub(super) struct Group {
    /// Whether the group spans lines in the source: then each member and
    /// the closing delimiter start a line; otherwise it stays on one line.
    pub exploded: bool,
}

/// A member of a group that is a node (an item such as `key = value`):
/// the tokens it covers and its `=`, for aligning runs of such lines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Member {
    /// Its grammar rule: only lines of the same rule are aligned together.
    pub kind: Rule,
    /// The group it is a member of.
    pub group: usize,
    /// Its first token.
    pub first: usize,
    /// Its last token.
    pub last: usize,
    /// Its own `=` token (a direct child), if it has one.
    pub equals: Option<usize>,
}

/// The flattened tree.
#[derive(Debug, Default)]
pub(super) struct Flat<'t> {
    /// Every token, in source order (zero-width tokens outside strings left out).
    pub toks: Vec<Tok<'t>>,
    /// Every group; group 0 is the top level.
    pub groups: Vec<Group>,
    /// Every member that is a node.
    pub members: Vec<Member>,
}

/// Flattens a tree; `source` is the text it was built from (for the
/// columns of comments).
pub(super) fn flatten<'t>(tree: &'t SyntaxTree, source: &str) -> Flat<'t> {
    let mut walker = Walker {
        flat: Flat {
            groups: vec![Group { exploded: true }],
            ..Flat::default()
        },
        source,
        opened_at: vec![None],
    };
    walker.node(tree.root(), false, 0, true);
    walker.flat
}

/// Rules whose text the grammar reads without skipping white space
/// (compound-atomic rules, `${ … }` in `grammar/policy.pest`).
pub(super) fn is_glued(rule: Rule) -> bool {
    matches!(rule, Rule::string | Rule::prose_block)
}

fn kind_of(rule: Rule) -> Kind {
    match rule {
        Rule::block_open | Rule::list_open => Kind::Open,
        Rule::block_close | Rule::list_close => Kind::Close,
        Rule::comma => Kind::Separator,
        Rule::COMMENT => Kind::Comment,
        _ => Kind::Plain,
    }
}

/// A node made only of nodes (and comments), such as a clause file's list
/// of items: its children stand in its place.
fn is_transparent(node: &Node) -> bool {
    !is_glued(node.kind)
        && node.children.iter().all(|child| match child {
            Element::Node(_) => true,
            Element::Token(token) => token.kind == Rule::COMMENT,
        })
}

/// Line breaks in white space: `\n`, `\r\n` and a lone `\r` each count one.
pub(super) fn line_breaks(space: &str) -> usize {
    let bytes = space.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

struct Walker<'t, 's> {
    flat: Flat<'t>,
    source: &'s str,
    /// For each group, the index of its opening token (none for the top level).
    opened_at: Vec<Option<usize>>,
}

impl<'t> Walker<'t, '_> {
    /// Walks `node`. `lead`: its first token starts a member of `group`.
    /// `region`: its children are themselves members of `group` (the top
    /// level, a node of nodes, the inside of a group).
    fn node(&mut self, node: &'t Node, lead: bool, group: usize, region: bool) {
        if is_glued(node.kind) {
            for (i, child) in node.children.iter().enumerate() {
                match child {
                    Element::Token(token) if i == 0 => self.push(token, Kind::Plain, lead, group),
                    Element::Token(token) => self.push(token, Kind::Glued, false, group),
                    Element::Node(inner) => self.node(inner, false, group, false),
                }
            }
            return;
        }
        let (mut lead, mut group, mut region) = (lead, group, region);
        let mut outer: Vec<(usize, bool)> = Vec::new();
        for child in &node.children {
            match child {
                Element::Node(inner) => {
                    self.child_node(inner, lead, group, region);
                    lead = false;
                }
                Element::Token(token) => match kind_of(token.kind) {
                    Kind::Open => {
                        outer.push((group, region));
                        group = self.open(token, lead);
                        region = true;
                        lead = false;
                    }
                    Kind::Close => {
                        self.close(token, group);
                        (group, region) = outer.pop().unwrap_or((group, false));
                    }
                    Kind::Comment => self.push(token, Kind::Comment, region, group),
                    kind => {
                        self.push(token, kind, (lead || region) && kind == Kind::Plain, group);
                        lead = false;
                    }
                },
            }
        }
    }

    /// A child node: a member of `group` when it stands in a region.
    fn child_node(&mut self, inner: &'t Node, lead: bool, group: usize, region: bool) {
        if region && is_transparent(inner) {
            self.node(inner, false, group, true);
            return;
        }
        let first = self.flat.toks.len();
        self.node(inner, lead || region, group, false);
        let Some(last) = self.flat.toks.len().checked_sub(1) else {
            return;
        };
        if region && last >= first {
            let own_equals = inner.children.iter().find_map(|child| match child {
                Element::Token(token) if token.kind == Rule::equals => Some(token),
                _ => None,
            });
            let equals = own_equals.and_then(|equals| {
                (first..=last).find(|&i| {
                    self.flat
                        .toks
                        .get(i)
                        .is_some_and(|tok| std::ptr::eq(tok.token, equals))
                })
            });
            self.flat.members.push(Member {
                kind: inner.kind,
                group,
                first,
                last,
                equals,
            });
        }
    }

    /// An opening delimiter: a new group, returned.
    fn open(&mut self, token: &'t Token, lead: bool) -> usize {
        let group = self.flat.groups.len();
        self.flat.groups.push(Group { exploded: false });
        self.opened_at.push(Some(self.flat.toks.len()));
        self.push(token, Kind::Open, lead, group);
        group
    }

    /// A closing delimiter: whether its group spans lines is now known.
    fn close(&mut self, token: &'t Token, group: usize) {
        self.push(token, Kind::Close, false, group);
        let Some(Some(open)) = self.opened_at.get(group).copied() else {
            return;
        };
        let spans_lines = self
            .flat
            .toks
            .iter()
            .skip(open + 1)
            .any(|tok| tok.breaks > 0 || tok.token.text.contains(['\n', '\r']));
        if let Some(entry) = self.flat.groups.get_mut(group) {
            entry.exploded = spans_lines;
        }
    }

    fn push(&mut self, token: &'t Token, kind: Kind, member: bool, group: usize) {
        // A rule that matched nothing is no token of the output.
        if token.text.is_empty() && kind != Kind::Glued {
            return;
        }
        let breaks = line_breaks(&token.leading);
        let source_column = if kind == Kind::Comment {
            self.source_column(token)
        } else {
            0
        };
        self.flat.toks.push(Tok {
            token,
            kind,
            member,
            group,
            breaks,
            source_column,
        });
    }

    /// A token's column in characters from the start of its source line.
    fn source_column(&self, token: &Token) -> usize {
        let before = self.source.slice_to(token.span.start);
        let line_start = before.rfind(['\n', '\r']).map_or(0, |at| at + 1);
        before.slice_from(line_start).chars().count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rules the grammar reads without skipping white space are the
    /// ones no white space may enter: a rule added as `${ … }` must be
    /// added to `is_glued` (the model check would refuse its files).
    #[test]
    fn every_compound_atomic_rule_is_glued() {
        let grammar = include_str!("../../grammar/policy.pest");
        let compound: Vec<&str> = grammar
            .lines()
            .filter(|line| line.contains("= ${"))
            .filter_map(|line| line.split_whitespace().next())
            .collect();
        assert_eq!(compound, ["string", "prose_block"]);
        assert!(is_glued(Rule::string) && is_glued(Rule::prose_block));
    }

    #[test]
    fn line_breaks_count_every_convention() {
        assert_eq!(line_breaks(" \n\r\n\r  "), 3);
        assert_eq!(line_breaks("  "), 0);
    }
}

//! The drift lint: the prose and the facts beside it must say the same
//! thing. The policy's prose is read with the phrase lexicon
//! ([`crate::lexicon`]); then
//!
//! - W0010: a sentence states a data category or purpose no fact declares
//!   (on the words; the help shows the fact to add);
//! - W0011: a fact declares a category or purpose no sentence states (on
//!   the fact); a data table generated from the facts states them all;
//! - W0012: a fact contradicts a sentence (`sale { sells = true }` beside
//!   "we do not sell").
//!
//! Recipients, rights, transfers and retention periods are weighed by
//! [`super::drift_flows`], with the same codes. Which mentions state a
//! practice of the organisation's own is the lexicon's reading
//! ([`lexicon::Reading::ours_mask`]), shared with `import`.
//!
//! `other "…"` and the lexicon's `other` rows are never linted: they need a
//! person's words. `allow = [drift]` (or one lint's name) on a section or
//! on the policy silences them where a person decided.

use super::drift_terms::{Declared, Rows, known_category, known_purpose};
use crate::diagnostic::{Code, Diagnostic};
use crate::lexicon::{self, Kind, Mention};
use crate::model::{Block, Lint, Node, Policy, ProseOrigins, Segment};
use crate::source::Span;
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

/// A set of the lexicon's and the vocabularies' own ids (static names,
/// never a user's words), hashed a word of eight bytes at a time: SipHash,
/// which guards against keys chosen to collide, cost a tenth of the lint.
pub(super) type IdSet<T> = HashSet<T, BuildHasherDefault<IdHasher>>;

/// The hasher of [`IdSet`]: each eight bytes rotated, mixed in and
/// multiplied (as rustc's own `FxHasher`).
#[derive(Default)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
            self.add(word);
        }
        let rest = chunks
            .remainder()
            .iter()
            .rev()
            .fold(0u64, |word, &b| (word << 8) | u64::from(b));
        self.add(rest);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A mention read from the prose, and the block it stands in.
pub(super) struct Read<'p> {
    pub(super) mention: Mention,
    /// The block's text (shared by the block's mentions), for
    /// [`Read::sentence`] and [`Read::span`].
    block: Rc<BlockText<'p>>,
    /// Whether it states a practice of the organisation's own
    /// ([`lexicon::Reading::ours_mask`]).
    pub(super) ours: bool,
    /// Whether it is a recipient kind the sentence discloses data to
    /// ([`lexicon::Reading::disclosed_to`]).
    pub(super) disclosed: bool,
}

/// A prose block's text as the lint reads it (its literal runs, each
/// reference one space) and the way back from it to the source: only
/// the few mentions a diagnostic names are ever located.
struct BlockText<'p> {
    text: String,
    /// Each literal run's offset in `text` and in the block's literal
    /// text, in order.
    starts: Vec<(usize, usize)>,
    /// Where the block's literal text stands in the source.
    origins: Option<&'p ProseOrigins>,
    /// The block, where a mention that cannot be located is put.
    span: Span,
}

impl BlockText<'_> {
    /// The source offset of byte `at` of the text.
    fn locate(&self, at: usize) -> Option<usize> {
        let index = self.starts.partition_point(|&(t, _)| t <= at);
        let &(t, l) = self.starts.get(index.checked_sub(1)?)?;
        self.origins?.source_offset(l + (at - t))
    }
}

/// The drift between the prose and the facts of `policy`.
pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    // A policy that declares no fact has not begun to type them (prose
    // only, as `import --no-facts` writes it): there is nothing to compare.
    // One that silences drift everywhere is not read at all.
    let everywhere = policy.meta.allow.iter().any(|l| l.node == Lint::Drift);
    if policy.practices.is_empty() || everywhere {
        return;
    }
    let read = read_policy(policy);
    let mut found = Vec::new();
    undeclared(policy, &read, &mut found);
    unstated(policy, &read, &mut found);
    contradicted(policy, &read, &mut found);
    super::drift_flows::check(policy, &read, &mut found);
    let silenced = Silenced::of(policy);
    out.extend(
        found
            .into_iter()
            .filter(|(lint, d)| !silenced.covers(*lint, d))
            .map(|(_, d)| d),
    );
}

impl Read<'_> {
    /// The words in the source (the block, if they cannot be located).
    pub(super) fn span(&self) -> Span {
        let block = &self.block;
        let range = &self.mention.range;
        match (block.locate(range.start), block.locate(range.end)) {
            (Some(start), Some(end)) if start <= end => Span::new(block.span.file, start, end),
            _ => block.span,
        }
    }

    /// The sentence, as written (its white space runs made one space), for
    /// a denial's message or a retention period: only those are ever
    /// asked for, so it is built when asked, not for every mention (else
    /// empty).
    pub(super) fn sentence(&self) -> String {
        let m = &self.mention;
        let retention = m.kind == Kind::Practice && m.ids.contains(&"retention");
        if (m.negated && m.kind != Kind::Category) || retention {
            lexicon::one_spaced(self.words())
        } else {
            String::new()
        }
    }

    /// The retention period its sentence states ([`lexicon::period_in`] of
    /// [`Read::sentence`]), read from the text as written: no sentence is
    /// put together for it.
    pub(super) fn period(&self) -> Option<String> {
        lexicon::period_in_text(self.words())
    }

    /// Its sentence as the block's text writes it.
    fn words(&self) -> &str {
        self.block
            .text
            .get(self.mention.sentence.clone())
            .unwrap_or("")
    }
}

impl Read<'_> {
    /// Whether two mentions stand in one sentence of one block (so
    /// [`Read::sentence`] is the same text for both).
    pub(super) fn same_sentence(&self, other: &Read<'_>) -> bool {
        Rc::ptr_eq(&self.block, &other.block) && self.mention.sentence == other.mention.sentence
    }
}

/// Every mention of every prose block, with its block.
fn read_policy(policy: &Policy) -> Vec<Read<'_>> {
    let mut read = Vec::new();
    for block in policy.blocks() {
        let Block::Prose(prose) = &block.node else {
            continue;
        };
        let mut text = BlockText {
            text: String::new(),
            starts: Vec::new(),
            origins: policy.prose_origins.get(&block.span),
            span: block.span,
        };
        let mut literal = 0;
        for segment in &prose.segments {
            match segment {
                Segment::Text(run) => {
                    text.starts.push((text.text.len(), literal));
                    text.text.push_str(run);
                    literal += run.len();
                }
                Segment::Ref(_) => text.text.push(' '),
            }
        }
        let reading = lexicon::read(lexicon::english(), &text.text);
        let mask = reading.ours_mask();
        let disclosed: Vec<usize> = reading
            .disclosed_to_masked(&text.text, &mask)
            .iter()
            .map(|m| m.range.start)
            .collect();
        let block = Rc::new(text);
        for (mention, ours) in reading.mentions.into_iter().zip(mask) {
            let disclosed = mention.kind == Kind::Recipient
                && disclosed.binary_search(&mention.range.start).is_ok();
            read.push(Read {
                mention,
                block: Rc::clone(&block),
                ours,
                disclosed,
            });
        }
    }
    read
}

/// Whether a mention is one the lint weighs: a category or purpose the
/// text states as the organisation's own (not negated, not a third
/// party's purpose, …: [`lexicon::Reading::ours_mask`]; not `other`).
pub(super) fn weighed(read: &Read<'_>) -> bool {
    matches!(read.mention.kind, Kind::Category | Kind::Purpose)
        && read.ours
        && !read.mention.ids.contains(&"other")
}

/// W0010: what a sentence states and no fact declares, once an id. A
/// policy that declares no `collect` has not begun to type its data facts
/// (as `import` leaves a text that names no data): its categories and
/// purposes are not compared.
fn undeclared(policy: &Policy, read: &[Read<'_>], out: &mut Vec<(Lint, Diagnostic)>) {
    if policy.practices.collections.is_empty() {
        return;
    }
    let known = Declared::known(policy);
    // The `other "…"` facts' words too, read the first time a sentence
    // states what no known term declares.
    let mut with_others: Option<Declared> = None;
    // Each id list once: few are said and not declared, so a list.
    let mut said: Vec<&[&str]> = Vec::new();
    for r in read.iter().filter(|r| weighed(r)) {
        let m = &r.mention;
        if known.has_any(m) || said.contains(&m.ids) {
            continue;
        }
        let all = with_others.get_or_insert_with(|| known.clone().with_others(policy));
        if all.has_any(m) {
            continue;
        }
        said.push(m.ids);
        let ids = crate::keyword::list_with(m.ids.iter().map(|id| format!("`{id}`")), "or");
        let (what, setting) = match m.kind {
            Kind::Category => ("data category", "data"),
            _ => ("purpose", "purposes"),
        };
        let first = m.ids.first().copied().unwrap_or("");
        let fact = if m.kind == Kind::Category {
            format!("collect {{ data = [{first}] }}")
        } else {
            format!("collect {{ data = [...] purposes = [{first}] }}")
        };
        out.push((
            Lint::UndeclaredPractice,
            Diagnostic::warning(
                Code::DriftUndeclared,
                format!("the text states the {what} {ids}, but no fact declares it"),
            )
            .at(r.span())
            .label(format!("read as {what} {ids}"))
            .help(format!(
                "add `{fact}` beside this sentence (or `{first}` to the `{setting}` of a fact there); if the text is right without it, add `allow = [undeclared-practice]` to the section"
            )),
        ));
    }
}

/// W0011: what a fact declares and no sentence states (a data table
/// generated from the facts states them all).
fn unstated(policy: &Policy, read: &[Read<'_>], out: &mut Vec<(Lint, Diagnostic)>) {
    if policy
        .blocks()
        .any(|b| matches!(b.node, Block::DataTable(_)))
    {
        return;
    }
    let mut stated = Declared::empty();
    for r in read.iter().filter(|r| weighed(r)) {
        let rows = match r.mention.kind {
            Kind::Category => &mut stated.categories,
            _ => &mut stated.purposes,
        };
        rows.extend(r.mention.rows);
    }
    // Prose that states no category or purpose at all is a placeholder
    // ("x", a title), not a text to compare the facts with.
    if stated.categories.is_empty() && stated.purposes.is_empty() {
        return;
    }
    let mut seen = Rows::default();
    let p = &policy.practices;
    for node in p.collections.iter().flat_map(|c| &c.node.data) {
        let Some((row, name)) = known_category(&node.node) else {
            continue;
        };
        if !stated.categories.contains(row) && seen.insert(row) {
            out.push((Lint::UnstatedFact, unstated_at(node, "data category", name)));
        }
    }
    let mut seen = Rows::default();
    for node in p.collections.iter().flat_map(|c| &c.node.purposes) {
        let Some((row, name)) = known_purpose(&node.node) else {
            continue;
        };
        if !stated.purposes.contains(row) && seen.insert(row) {
            out.push((Lint::UnstatedFact, unstated_at(node, "purpose", name)));
        }
    }
}

fn unstated_at<T>(node: &Node<T>, what: &str, name: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::DriftUnstated,
        format!("the {what} `{name}` is declared, but no sentence of the policy states it"),
    )
    .at(node.span)
    .label("no sentence says this")
    .help(format!(
        "say it in the prose beside this fact, in words the lexicon reads as `{name}` (`vocab/lexicon.en.tsv`; docs/drift.md says how to add a phrasing), or remove it; if the facts are right without it, add `allow = [unstated-fact]` to the section"
    ))
}

/// W0012: a fact that says what a sentence denies: a sale.
fn contradicted(policy: &Policy, read: &[Read<'_>], out: &mut Vec<(Lint, Diagnostic)>) {
    let denial = read.iter().find(|r| {
        r.mention.negated
            && !r.mention.third_party
            && (r.mention.kind == Kind::Practice && r.mention.ids.contains(&"sale")
                || r.mention.kind == Kind::Purpose && r.mention.ids.contains(&"sell-data"))
    });
    let Some(denial) = denial else { return };
    let p = &policy.practices;
    let sells = p
        .sale
        .as_ref()
        .and_then(|s| s.node.sells.as_ref())
        .filter(|s| s.node)
        .map(|s| s.span)
        .or_else(|| {
            p.recipients
                .iter()
                .filter_map(|r| r.node.sale.as_ref())
                .find(|s| s.node)
                .map(|s| s.span)
        });
    if let Some(span) = sells {
        out.push((
            Lint::ContradictedFact,
            Diagnostic::warning(
                Code::DriftContradicted,
                format!(
                    "this fact says personal information is sold, but the text says \"{}\"",
                    shorten(&denial.sentence(), 120)
                ),
            )
            .at(span)
            .label("declares a sale")
            .related(denial.span(), "the text denies a sale here")
            .help("correct the fact or the sentence so that they agree; if both are right (the sentence speaks of something else), add `allow = [contradicted-fact]` to the section"),
        ));
    }
}

/// Where a person silenced drift lints.
struct Silenced {
    everywhere: Vec<Lint>,
    sections: Vec<(Span, Vec<Lint>)>,
}

impl Silenced {
    fn of(policy: &Policy) -> Silenced {
        let lints = |allow: &[Node<Lint>]| allow.iter().map(|l| l.node).collect::<Vec<_>>();
        Silenced {
            everywhere: lints(&policy.meta.allow),
            sections: policy
                .blocks()
                .filter_map(|b| match &b.node {
                    Block::Section(s) if !s.allow.is_empty() => Some((b.span, lints(&s.allow))),
                    _ => None,
                })
                .collect(),
        }
    }

    fn covers(&self, lint: Lint, diagnostic: &Diagnostic) -> bool {
        let named = |lints: &[Lint]| lints.iter().any(|&l| l == lint || l == Lint::Drift);
        if named(&self.everywhere) {
            return true;
        }
        let Some(at) = diagnostic.span else {
            return false;
        };
        self.sections.iter().any(|(span, lints)| {
            span.file == at.file && span.start <= at.start && at.end <= span.end && named(lints)
        })
    }
}

/// At most `max` characters of `text`, with `…` when cut.
pub(super) fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(text)),
        None => text.to_string(),
    }
}

/// The lint a drift warning belongs to: what `allow = [...]` names to
/// silence it (the editor's quick fix writes it).
pub fn lint_of(code: Code) -> Option<Lint> {
    match code {
        Code::DriftUndeclared => Some(Lint::UndeclaredPractice),
        Code::DriftUnstated => Some(Lint::UnstatedFact),
        Code::DriftContradicted => Some(Lint::ContradictedFact),
        _ => None,
    }
}

//! The document as every output lays it out, built once from the resolved
//! model: blocks with their heading levels and prose as CommonMark with its
//! values kept apart (each renderer puts them in as text for its format), the table of contents, the contact card (from
//! the entity tables), and the last-updated line. The HTML and Markdown
//! renderers, and exporters that need the document rather than the facts,
//! read this view instead of walking the model themselves.

mod contact;
mod facts;

pub use contact::{ChannelView, ContactCard, OfficerCard};
pub use facts::{
    COOKIE_COLUMNS, CookieRow, DATA_COLUMNS, DataRow, FactView, LABEL_GROUPS, LabelCard,
    NOT_STATED, NOTHING_COLLECTED, RightItem,
};

use crate::markup::ProseText;
use crate::model::*;

/// The laid-out document.
pub struct Document<'a> {
    /// The policy, for its title and metadata.
    pub policy: &'a Policy,
    /// The body, top-level blocks at heading level 2.
    pub blocks: Vec<BlockView<'a>>,
    /// Every section, nested: the table of contents.
    pub toc: Vec<TocEntry<'a>>,
    /// Whether the author placed a table of contents in the text.
    pub placed_toc: bool,
    /// Whether the author placed a last-updated line in the text.
    pub placed_updated: bool,
    /// The organisation's and contact point's details, when a contact block
    /// shows them.
    pub contact: Option<ContactCard>,
}

/// One block, ready to lay out.
pub enum BlockView<'a> {
    /// Prose: CommonMark, and the values of its references apart.
    Prose(ProseText),
    /// A section and its blocks.
    Section {
        /// The section (title, id, number, kind).
        section: &'a Section,
        /// Its heading level, 2 to 6.
        level: usize,
        /// Its content.
        blocks: Vec<BlockView<'a>>,
    },
    /// A table of contents placed by the author.
    Toc {
        /// The heading above it.
        title: Option<&'a str>,
        /// Its heading level.
        level: usize,
        /// The entries, cut at the author's depth.
        entries: Vec<TocEntry<'a>>,
    },
    /// The contact block: `Document::contact` laid out here.
    Contact {
        /// The heading above it.
        title: Option<&'a str>,
        /// Its heading level.
        level: usize,
    },
    /// The last-updated line (its dates are values, marked up as dates
    /// where the format can).
    LastUpdated(ProseText),
    /// The glossary: every defined phrase and its meaning.
    Glossary {
        /// The heading above it.
        title: Option<&'a str>,
        /// Its heading level.
        level: usize,
        /// The definitions, in the order written.
        entries: Vec<GlossaryEntry<'a>>,
    },
    /// A block generated from the data practices.
    Facts {
        /// The heading above it.
        title: Option<&'a str>,
        /// Its heading level.
        level: usize,
        /// What it shows.
        facts: FactView,
    },
}

/// One defined phrase of a glossary.
pub struct GlossaryEntry<'a> {
    /// The phrase.
    pub phrase: &'a str,
    /// What it means: CommonMark, and its values apart.
    pub meaning: ProseText,
}

/// An entry of a table of contents.
pub struct TocEntry<'a> {
    /// The section.
    pub section: &'a Section,
    /// Its subsections.
    pub children: Vec<TocEntry<'a>>,
}

/// Headings stop at `<h6>`.
const DEEPEST_HEADING: usize = 6;

impl<'a> Document<'a> {
    /// The view of a resolved policy.
    pub fn of(policy: &'a Policy) -> Self {
        let mut document = Document {
            policy,
            blocks: Vec::new(),
            toc: toc_entries(&policy.body, usize::MAX),
            placed_toc: false,
            placed_updated: false,
            contact: None,
        };
        document.blocks = document.blocks_of(&policy.body, 2);
        document
    }

    fn blocks_of(&mut self, body: &'a [Node<Block>], level: usize) -> Vec<BlockView<'a>> {
        let level_shown = level.min(DEEPEST_HEADING);
        body.iter()
            .map(|block| match &block.node {
                Block::Prose(prose) => BlockView::Prose(ProseText::of(&prose.segments)),
                Block::Section(section) => BlockView::Section {
                    section,
                    level: level_shown,
                    blocks: self.blocks_of(&section.body, level + 1),
                },
                Block::Toc(toc) => {
                    self.placed_toc = true;
                    let depth = toc.depth.as_ref().map_or(usize::MAX, |d| d.node as usize);
                    BlockView::Toc {
                        title: toc.title.as_ref().map(|t| t.node.as_str()),
                        level: level_shown,
                        entries: toc_entries(&self.policy.body, depth),
                    }
                }
                Block::ContactBlock(contact) => {
                    if self.contact.is_none() {
                        self.contact = Some(ContactCard::of(self.policy));
                    }
                    BlockView::Contact {
                        title: contact.title.as_ref().map(|t| t.node.as_str()),
                        level: level_shown,
                    }
                }
                Block::LastUpdated(line) => {
                    self.placed_updated = true;
                    BlockView::LastUpdated(ProseText::of(&line.text.segments))
                }
                Block::Glossary(glossary) => BlockView::Glossary {
                    title: glossary.title.as_ref().map(|t| t.node.as_str()),
                    level: level_shown,
                    entries: self
                        .policy
                        .definitions
                        .iter()
                        .map(|d| GlossaryEntry {
                            phrase: &d.node.phrase.node,
                            meaning: ProseText::of(&d.node.meaning.segments),
                        })
                        .collect(),
                },
                Block::DataTable(block) => self.facts(block, level_shown, |p| {
                    FactView::DataTable(facts::data_rows(&p.practices))
                }),
                Block::CookieTable(block) => self.facts(block, level_shown, |p| {
                    FactView::CookieTable(facts::cookie_rows(&p.practices))
                }),
                Block::RightsList(block) => self.facts(block, level_shown, |p| {
                    FactView::Rights(facts::right_items(p))
                }),
                Block::PrivacyLabel(block) => self.facts(block, level_shown, |p| {
                    FactView::Label(facts::label_card(&p.practices))
                }),
            })
            .collect()
    }

    fn facts(
        &self,
        block: &'a FactBlock,
        level: usize,
        view: fn(&Policy) -> FactView,
    ) -> BlockView<'a> {
        BlockView::Facts {
            title: block.title.as_ref().map(|t| t.node.as_str()),
            level,
            facts: view(self.policy),
        }
    }
}

fn toc_entries(body: &[Node<Block>], depth: usize) -> Vec<TocEntry<'_>> {
    if depth == 0 {
        return Vec::new();
    }
    body.iter()
        .filter_map(|b| match &b.node {
            Block::Section(section) => Some(TocEntry {
                section,
                children: toc_entries(&section.body, depth - 1),
            }),
            _ => None,
        })
        .collect()
}

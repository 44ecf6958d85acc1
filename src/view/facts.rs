//! The generated blocks of data practices, laid out once for every
//! renderer: the data summary table (category × purposes × basis ×
//! retention × recipients), the cookie table, the rights list and the
//! privacy label card. Every text here is plain (renderers escape it).

use crate::model::practice::*;
use crate::model::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// The column headings of the data summary table, in order.
pub const DATA_COLUMNS: [&str; 5] = ["Data", "Purposes", "Legal basis", "Kept for", "Shared with"];

/// The column headings of the cookie table, in order.
pub const COOKIE_COLUMNS: [&str; 4] = ["Name", "Provider", "Purpose", "Duration"];

/// What an empty cell of a table says: that the policy names nothing
/// there, which claims neither that there is nothing ("None" would: a
/// category with no recipient named may still be shared) nor that the
/// organisation withholds it ("Not stated" read so in a published notice).
pub const NOT_STATED: &str = "None named";

/// What the "Shared with" cell says of a category no recipient receives
/// when `disclosure` says no one does: no third party and no processor.
pub const SHARED_WITH_NO_ONE: &str = "No one";

/// What it says when `disclosure` says no third party receives data and
/// the policy names no processor for the category.
pub const SHARED_WITH_NO_THIRD_PARTY: &str = "No third party";

/// The headings of the privacy label card's groups, in order.
pub const LABEL_GROUPS: [&str; 3] = [
    "Data used to track you",
    "Data linked to you",
    "Data not linked to you",
];

/// What the card says when nothing is collected.
pub const NOTHING_COLLECTED: &str = "Data not collected";

/// One generated block of facts.
#[derive(Clone, Serialize)]
#[serde(tag = "kind", content = "rows", rename_all = "snake_case")]
pub enum FactView {
    /// The data summary table.
    DataTable(Vec<DataRow>),
    /// The cookie table.
    CookieTable(Vec<CookieRow>),
    /// The rights list.
    Rights(Vec<RightItem>),
    /// The privacy label card.
    Label(LabelCard),
}

/// One collected category and what happens to it.
#[derive(Clone, Serialize)]
pub struct DataRow {
    /// The category, as readers see it.
    pub category: String,
    /// Why it is collected.
    pub purposes: Vec<String>,
    /// On what legal basis.
    pub bases: Vec<String>,
    /// How long it is kept.
    pub retention: Vec<String>,
    /// Who receives it.
    pub recipients: Vec<String>,
}

/// One cookie or similar technology.
#[derive(Clone, Serialize)]
pub struct CookieRow {
    /// Its name.
    pub name: String,
    /// Who provides it ("First party" when the organisation does).
    pub provider: String,
    /// Why it is set.
    pub purpose: String,
    /// How long it lasts.
    pub duration: String,
}

/// One right and how to exercise it.
#[derive(Clone, Serialize)]
pub struct RightItem {
    /// The right, as readers see it.
    pub label: &'static str,
    /// Ways to exercise it: the text shown and the link target.
    pub via: Vec<(String, String)>,
    /// The longest time an answer takes, in words.
    pub response_time: Option<String>,
}

/// The privacy label card, in the spirit of the App Store's.
#[derive(Clone, Serialize)]
pub struct LabelCard {
    /// Data used to track the person across other companies' apps and sites.
    pub tracking: Vec<String>,
    /// Data linked to the person's identity.
    pub linked: Vec<String>,
    /// Data collected but not linked to the person.
    pub not_linked: Vec<String>,
    /// Whether no data is collected at all.
    pub none_collected: bool,
}

impl FactView {
    /// The table this block shows, when it is one: its column headings and
    /// its rows of plain-text cells (an empty cell says "None named").
    pub fn table(&self) -> Option<(&'static [&'static str], Vec<Vec<String>>)> {
        match self {
            FactView::DataTable(rows) => {
                let cells = rows
                    .iter()
                    .map(|row| {
                        vec![
                            row.category.clone(),
                            cell(&row.purposes),
                            cell(&row.bases),
                            cell(&row.retention),
                            cell(&row.recipients),
                        ]
                    })
                    .collect();
                Some((&DATA_COLUMNS, cells))
            }
            FactView::CookieTable(rows) => {
                let cells = rows
                    .iter()
                    .map(|row| {
                        vec![
                            row.name.clone(),
                            row.provider.clone(),
                            or_not_stated(&row.purpose),
                            or_not_stated(&row.duration),
                        ]
                    })
                    .collect();
                Some((&COOKIE_COLUMNS, cells))
            }
            FactView::Rights(_) | FactView::Label(_) => None,
        }
    }
}

impl LabelCard {
    /// The card's groups with their categories, empty groups left out.
    pub fn groups(&self) -> Vec<(&'static str, &[String])> {
        let lists = [&self.tracking, &self.linked, &self.not_linked];
        LABEL_GROUPS
            .iter()
            .zip(lists)
            .filter(|(_, items)| !items.is_empty())
            .map(|(heading, items)| (*heading, items.as_slice()))
            .collect()
    }
}

/// A list of values as one cell; "None named" when empty.
fn cell(items: &[String]) -> String {
    if items.is_empty() {
        return NOT_STATED.to_string();
    }
    items.join("; ")
}

/// A value as one cell; "None named" when empty.
fn or_not_stated(text: &str) -> String {
    if text.is_empty() {
        NOT_STATED.to_string()
    } else {
        text.to_string()
    }
}

/// The values of one cell, each once, in the order first met: a set beside
/// the list, so a cell of thousands of values is built in linear time.
#[derive(Default)]
struct Distinct {
    items: Vec<String>,
    seen: HashSet<String>,
}

impl Distinct {
    /// Adds `item` unless it is there.
    fn push(&mut self, item: String) {
        if !self.seen.contains(&item) {
            self.seen.insert(item.clone());
            self.items.push(item);
        }
    }
}

/// A data row being built: its four lists of values.
#[derive(Default)]
struct RowCells {
    purposes: Distinct,
    bases: Distinct,
    retention: Distinct,
    recipients: Distinct,
}

/// The rows of the data summary table, one per collected category.
///
/// One pass over each kind of fact, every category found by a map, so the
/// table takes time linear in the facts and the cells it shows (a fact
/// without `data` covers, and is shown in, every row).
pub fn data_rows(practices: &Practices) -> Vec<DataRow> {
    let categories = practices.collected();
    let index: HashMap<&Category, usize> = categories
        .iter()
        .enumerate()
        .map(|(i, c)| (&c.node, i))
        .collect();
    let mut rows: Vec<RowCells> = categories.iter().map(|_| RowCells::default()).collect();
    for collection in practices.collections.iter().map(|c| &c.node) {
        let basis = collection
            .basis
            .as_ref()
            .map(|basis| match &basis.node.interest {
                Some(interest) => format!("{} ({interest})", basis.node.kind.label()),
                None => basis.node.kind.label().to_string(),
            });
        for i in rows_of(&index, &collection.data, rows.len(), false) {
            let Some(row) = rows.get_mut(i) else { continue };
            for purpose in &collection.purposes {
                row.purposes.push(purpose.node.label().to_string());
            }
            if let Some(label) = &basis {
                row.bases.push(label.clone());
            }
        }
    }
    for retention in practices.retention.iter().map(|r| &r.node) {
        let words = match (&retention.period.node, &retention.criteria) {
            (Period::AsLongAsNecessary, Some(criteria)) => criteria.node.clone(),
            (period, _) => crate::keyword::capitalise_first(&period.words()),
        };
        for i in rows_of(&index, &retention.data, rows.len(), true) {
            let Some(row) = rows.get_mut(i) else { continue };
            row.retention.push(words.clone());
        }
    }
    for recipient in practices.recipients.iter().map(|r| &r.node) {
        let label = match &recipient.name {
            Some(name) => name.node.clone(),
            None => recipient.kind.node.label().to_string(),
        };
        for i in rows_of(&index, &recipient.data, rows.len(), true) {
            let Some(row) = rows.get_mut(i) else { continue };
            row.recipients.push(label.clone());
        }
    }
    // A row no recipient fills says what `disclosure` denies, rather than
    // "None named", which claims nothing.
    if let Some(nobody) = practices.disclosure.as_ref().and_then(|d| nobody(&d.node)) {
        for row in rows.iter_mut().filter(|r| r.recipients.items.is_empty()) {
            row.recipients.push(nobody.to_string());
        }
    }
    categories
        .iter()
        .zip(rows)
        .map(|(category, cells)| DataRow {
            category: category.node.label().to_string(),
            purposes: cells.purposes.items,
            bases: cells.bases.items,
            retention: cells.retention.items,
            recipients: cells.recipients.items,
        })
        .collect()
}

/// What a category that no recipient receives is shared with, by the
/// `disclosure` statement: no one, or no third party.
fn nobody(disclosure: &Disclosure) -> Option<&'static str> {
    if disclosure.no_one() {
        Some(SHARED_WITH_NO_ONE)
    } else if disclosure.no_third_parties() {
        Some(SHARED_WITH_NO_THIRD_PARTY)
    } else {
        None
    }
}

/// The rows a fact listing `data` fills, by number: those of its
/// categories, each once; every row when it lists none and `empty_is_all`
/// (retention and recipients: no `data` means all of it).
fn rows_of(
    index: &HashMap<&Category, usize>,
    data: &[Node<Category>],
    count: usize,
    empty_is_all: bool,
) -> Vec<usize> {
    if data.is_empty() && empty_is_all {
        return (0..count).collect();
    }
    let mut wanted: Vec<usize> = data
        .iter()
        .filter_map(|d| index.get(&d.node).copied())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
}

/// The rows of the cookie table, in the order written.
pub fn cookie_rows(practices: &Practices) -> Vec<CookieRow> {
    practices
        .cookies
        .iter()
        .map(|cookie| {
            let cookie = &cookie.node;
            let provider = match (&cookie.provider, cookie.party.as_ref().map(|p| p.node)) {
                (Some(provider), _) => provider.node.clone(),
                (None, Some(Party::Third)) => "Third party".to_string(),
                (None, _) => "First party".to_string(),
            };
            CookieRow {
                name: cookie.name.node.clone(),
                provider,
                purpose: cookie
                    .purpose
                    .as_ref()
                    .map_or_else(String::new, |p| p.node.label().to_string()),
                duration: cookie.duration.as_ref().map_or_else(String::new, |d| {
                    crate::keyword::capitalise_first(&d.node.words())
                }),
            }
        })
        .collect()
}

/// The rights list, in the order written; channels of the contact point
/// filled in from the policy's `contact`.
pub fn right_items(policy: &Policy) -> Vec<RightItem> {
    policy
        .practices
        .rights
        .iter()
        .map(|right| RightItem {
            label: right.node.kind.node.label(),
            via: right
                .node
                .via
                .iter()
                .filter_map(|via| channel(policy, &via.node))
                .collect(),
            response_time: right.node.response_time.as_ref().map(|d| d.node.words()),
        })
        .collect()
}

/// A way to exercise a right as (text, link target); a contact channel the
/// policy does not declare (an error the checks report) is left out.
fn channel(policy: &Policy, via: &Via) -> Option<(String, String)> {
    let contact = &policy.contact.as_ref()?.node.channels;
    match via {
        Via::Url(url) => Some((url.to_string(), url.to_string())),
        Via::Contact(kind) => match kind {
            ChannelKind::Email => contact
                .email
                .as_ref()
                .map(|e| (e.node.to_string(), e.node.mailto())),
            ChannelKind::Phone => contact
                .phone
                .as_ref()
                .map(|p| (p.node.to_string(), p.node.tel())),
            ChannelKind::Url => contact
                .url
                .as_ref()
                .map(|u| (u.node.to_string(), u.node.to_string())),
            ChannelKind::Address => contact
                .address
                .as_ref()
                .map(|a| (a.node.clone(), String::new())),
        },
    }
}

/// The privacy label card: every collected category under the headings of
/// the App Store label. A category counts as linked, or as tracking, when
/// any `collect` of it says so.
pub fn label_card(practices: &Practices) -> LabelCard {
    let mut card = LabelCard {
        tracking: Vec::new(),
        linked: Vec::new(),
        not_linked: Vec::new(),
        none_collected: practices.collections.is_empty(),
    };
    // Whether any `collect` of a category tracks, or links: one pass over
    // the facts, then one over the categories.
    let mut flags: HashMap<&Category, (bool, bool)> = HashMap::new();
    for collection in practices.collections.iter().map(|c| &c.node) {
        let is = |flag: &Option<Node<bool>>| flag.as_ref().is_some_and(|f| f.node);
        for data in &collection.data {
            let entry = flags.entry(&data.node).or_default();
            entry.0 |= is(&collection.tracking);
            entry.1 |= is(&collection.linked);
        }
    }
    for category in practices.collected() {
        let (tracking, linked) = flags.get(&category.node).copied().unwrap_or_default();
        let label = category.node.label().to_string();
        if tracking {
            card.tracking.push(label.clone());
        }
        if linked {
            card.linked.push(label);
        } else {
            card.not_linked.push(label);
        }
    }
    card
}

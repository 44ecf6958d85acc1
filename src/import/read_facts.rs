//! The facts the text states, read with the phrase lexicon
//! ([`crate::lexicon`], the same reading as the drift lint): each prose
//! block's data categories and purposes become a `collect` placed right
//! after it, the rights it names a `right`, "we do not sell" a `sale {
//! sells = false }`; each with a `// read from: "…"` comment quoting the
//! sentences, for a person to check. A block that states purposes but no
//! data gets the data the whole text states (what "we use the data we
//! collect to …" means). The recipient kinds a sentence discloses to
//! become `recipient KIND`, an international transfer `transfer { to =
//! [outside-your-country] }`, a retention period it states plainly
//! (a duration, or "as long as necessary") a `retain`. Which mentions
//! count is [`crate::lexicon`]'s reading ([`Reading::ours_mask`]), the
//! lint's. Only facts that compile alone are proposed.

use super::Note;
use super::outline::Item;
use crate::lexicon::{self, Kind, Mention, Reading};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

/// What was proposed, by kind, for the report.
#[derive(Debug, Default)]
struct Counts {
    categories: usize,
    purposes: usize,
    rights: usize,
    sale: usize,
    collects: usize,
    recipients: usize,
    transfers: usize,
    retention: usize,
}

/// The state of one pass over the policy.
struct Reader {
    /// The organisation's name, never read as a practice ("Acme
    /// Analytics Ltd" is no analytics).
    mask: Option<String>,
    /// Every category the whole text states, for purpose-only blocks.
    all_categories: Vec<&'static str>,
    rights: HashSet<&'static str>,
    recipients: HashSet<&'static str>,
    sale: bool,
    transfer: bool,
    retention: bool,
    counts: Counts,
}

/// Adds the facts the text states beside the prose they came from, and
/// reports them with counts per kind.
pub fn propose(items: &mut Vec<Item>, org_name: Option<&str>, report: &mut Vec<Note>) {
    let mut all = Vec::new();
    let mask = org_name
        .filter(|n| !n.trim().is_empty())
        .map(str::to_string);
    gather(items, mask.as_deref(), &mut all);
    let mut reader = Reader {
        mask,
        all_categories: all,
        rights: HashSet::new(),
        recipients: HashSet::new(),
        sale: false,
        transfer: false,
        retention: false,
        counts: Counts::default(),
    };
    reader.visit(items);
    let c = &reader.counts;
    report.push(Note::info(format!(
        "facts read from the text: {} `collect` with {} data categories and {} purposes, {} recipients, {} rights, {} transfer, {} retention period, {} sale statement; each is beside its sentence with a `// read from:` comment — check them against the text",
        c.collects, c.categories, c.purposes, c.recipients, c.rights, c.transfers, c.retention, c.sale
    )));
}

/// Removes what [`propose`] added.
pub fn withdraw(items: &mut Vec<Item>) {
    items.retain(|i| !matches!(i, Item::Facts(_)));
    for item in items {
        if let Item::Section(section) = item {
            withdraw(&mut section.items);
        }
    }
}

/// Every category stated anywhere, first mention first.
fn gather(items: &[Item], mask: Option<&str>, out: &mut Vec<&'static str>) {
    for item in items {
        match item {
            Item::Prose { plain, .. } => {
                for id in categories(&read(plain, mask)) {
                    if !out.contains(&id) {
                        out.push(id);
                    }
                }
            }
            Item::Section(section) => gather(&section.items, mask, out),
            _ => {}
        }
    }
}

/// The text read, the organisation's name blanked out (the same length,
/// so offsets stay the text's).
fn read(text: &str, mask: Option<&str>) -> Reading {
    // Found with line breaks read as spaces (the same length), so a
    // wrapped name is found; blanked in the text itself, whose line breaks
    // still end list items.
    let Some(name) = mask else {
        return lexicon::read(lexicon::english(), text);
    };
    let flat = text.replace('\n', " ");
    let mut masked = text.to_string();
    for (at, _) in flat.match_indices(name) {
        let blank: String = text
            .get(at..at + name.len())
            .unwrap_or("")
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        if blank.len() == name.len() {
            masked.replace_range(at..at + name.len(), &blank);
        }
    }
    lexicon::read(lexicon::english(), &masked)
}

/// The first id of each stated mention of `kind`, once each, `other` left
/// out (it needs a person's words).
fn firsts(reading: &Reading, kind: Kind) -> Vec<&'static str> {
    let mut out = Vec::new();
    for mention in reading.ours(kind) {
        if let Some(&id) = mention.ids.first() {
            if id != "other" && !out.contains(&id) {
                out.push(id);
            }
        }
    }
    out
}

fn categories(reading: &Reading) -> Vec<&'static str> {
    firsts(reading, Kind::Category)
}

impl Reader {
    fn visit(&mut self, items: &mut Vec<Item>) {
        let mut at = 0;
        while at < items.len() {
            let facts = match items.get_mut(at) {
                Some(Item::Prose { plain, .. }) => self.facts_of(plain),
                Some(Item::Section(section)) => {
                    self.visit(&mut section.items);
                    None
                }
                _ => None,
            };
            at += 1;
            if let Some(facts) = facts {
                items.insert(at, Item::Facts(facts));
                at += 1;
            }
        }
    }

    /// The facts one prose block states, written out, if any.
    fn facts_of(&mut self, plain: &str) -> Option<String> {
        let reading = read(plain, self.mask.as_deref());
        let mut out = String::new();
        let mut quoted = BTreeMap::new();
        let mut data = categories(&reading);
        let purposes = firsts(&reading, Kind::Purpose);
        let mut used: Vec<&Mention> = reading
            .mentions
            .iter()
            .zip(reading.ours_mask())
            .filter(|(m, ours)| {
                *ours
                    && matches!(m.kind, Kind::Category | Kind::Purpose)
                    && !m.ids.contains(&"other")
            })
            .map(|(m, _)| m)
            .collect();
        if data.is_empty() && !purposes.is_empty() {
            data = self.all_categories.clone();
        }
        if !data.is_empty() {
            self.counts.collects += 1;
            self.counts.categories += categories(&reading).len();
            let _ = writeln!(out, "collect {{\n  data = [{}]", data.join(", "));
            if !purposes.is_empty() {
                self.counts.purposes += purposes.len();
                let _ = writeln!(out, "  purposes = [{}]", purposes.join(", "));
            }
            out.push_str("}\n");
        } else {
            used.clear();
        }
        for mention in reading.ours(Kind::Right) {
            let Some(&id) = mention.ids.first() else {
                continue;
            };
            if self.rights.insert(id) {
                self.counts.rights += 1;
                let _ = writeln!(out, "right {id} {{ }}");
                used.push(mention);
            }
        }
        let denial = reading.mentions.iter().find(|m| {
            m.kind == Kind::Practice && m.negated && !m.third_party && m.ids.contains(&"sale")
        });
        if let (Some(denial), false) = (denial, self.sale) {
            self.sale = true;
            self.counts.sale += 1;
            out.push_str("sale { sells = false }\n");
            used.push(denial);
        }
        self.flows(plain, &reading, &mut out, &mut used);
        if out.is_empty() {
            return None;
        }
        for mention in used {
            let sentence = plain.get(mention.sentence.clone()).unwrap_or("");
            let words = sentence.split_whitespace().collect::<Vec<_>>().join(" ");
            quoted.entry(mention.sentence.start).or_insert(words);
        }
        let mut comment = String::new();
        for words in quoted.values().take(4) {
            let _ = writeln!(comment, "// read from: \"{}\"", shorten(words, 110));
        }
        Some(comment + &out)
    }
}

impl Reader {
    /// The recipients, transfer and retention period a block states, each
    /// once a policy.
    fn flows<'r>(
        &mut self,
        plain: &str,
        reading: &'r Reading,
        out: &mut String,
        used: &mut Vec<&'r Mention>,
    ) {
        for mention in reading.disclosed_to(plain) {
            let Some(&kind) = mention.ids.first() else {
                continue;
            };
            if self.recipients.insert(kind) {
                self.counts.recipients += 1;
                let _ = writeln!(out, "recipient {kind}");
                used.push(mention);
            }
        }
        if let (Some(mention), false) = (reading.practice("transfer").next(), self.transfer) {
            self.transfer = true;
            self.counts.transfers += 1;
            out.push_str("transfer { to = [outside-your-country] }\n");
            used.push(mention);
        }
        if self.retention {
            return;
        }
        for mention in reading.practice("retention") {
            let sentence = plain.get(mention.sentence.clone()).unwrap_or("");
            if let Some(period) = lexicon::period_in(sentence) {
                self.retention = true;
                self.counts.retention += 1;
                let _ = writeln!(out, "retain {{ period = {period} }}");
                used.push(mention);
                return;
            }
        }
    }
}

/// At most `max` characters, `…` when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or(text)),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The organisation's name is no practice: "Acme Analytics Ltd" read
    /// as analytics proposed a purpose the text never states.
    #[test]
    fn the_organisations_name_is_not_read() {
        let text = "This notice explains how Acme Analytics Ltd (\"Acme\", \"we\")\ncollects, uses and shares personal data.";
        assert!(!firsts(&read(text, None), Kind::Purpose).is_empty());
        let masked = read(text, Some("Acme Analytics Ltd"));
        assert_eq!(firsts(&masked, Kind::Purpose), Vec::<&str>::new());
    }
}

//! How well `policyc import` reads the facts a text states: recall and
//! precision of what it proposes, against facts typed by hand, for each
//! kind — data categories and purposes (the acceptance), recipient
//! kinds, rights, an international transfer (`yes`), a retention period
//! (`yes`) and a sale statement (`false` for "we do not sell"). Run with
//! `cargo bench --bench lexicon`; see `docs/drift.md` for the figures and
//! how they were taken.
//!
//! The **dev set**, on which the lexicon may be tuned: the three bundled
//! policies as published (`tests/fixtures/reference/`), their hand-typed
//! facts (`policies/*.policy`) the reference. A **held-out set** is read
//! from the folder `LEXICON_HELDOUT` names, when set: `CASE.txt` policies
//! and an `expected.tsv` (`case`, `url`, `kind`, space-separated ids; the
//! format of `benches/lexicon-heldout.tsv`) typed before the importer ever
//! ran on them; never tune phrases on it. A case without its text in the
//! folder is skipped.
//!
//! A proposed id counts once a policy; `other` is left out of both sides
//! (it needs a person's words). Nothing here is asserted.

use policyc::import::{Format, import};
use policyc::model::Policy;
use policyc::model::practice::{Category, Purpose};
use policyc::source::SourceFile;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Ids = BTreeSet<String>;

/// The kinds scored, in the order printed: data categories and purposes
/// (the acceptance), then the other practices the lint and import
/// read: recipient kinds, rights, an international transfer (`yes`), a
/// retention period (`yes`), a sale statement (`false` for "we do not
/// sell", `true` for a sale).
const KINDS: &[&str] = &[
    "category",
    "purpose",
    "recipient",
    "right",
    "transfer",
    "retention",
    "sale",
];

/// The facts of a compiled policy, by kind (`other` left out).
type Facts = BTreeMap<&'static str, Ids>;

fn facts(policy: &Policy) -> Facts {
    let p = &policy.practices;
    let mut out = Facts::new();
    for c in p.data_named() {
        if let Category::Known(info) = &c.node {
            if info.name != "other" {
                out.entry("category")
                    .or_default()
                    .insert(info.name.to_string());
            }
        }
    }
    for c in p.purposes_named() {
        if let Purpose::Known(info) = &c.node {
            if info.name != "other" {
                out.entry("purpose")
                    .or_default()
                    .insert(info.name.to_string());
            }
        }
    }
    for r in &p.recipients {
        let kind = policyc::keyword::Keyword::keyword(r.node.kind.node);
        out.entry("recipient").or_default().insert(kind.to_string());
    }
    for r in &p.rights {
        let kind = policyc::keyword::Keyword::keyword(r.node.kind.node);
        out.entry("right").or_default().insert(kind.to_string());
    }
    if !p.transfers.is_empty() {
        out.entry("transfer").or_default().insert("yes".to_string());
    }
    if !p.retention.is_empty() {
        out.entry("retention")
            .or_default()
            .insert("yes".to_string());
    }
    if let Some(sells) = p.sale.as_ref().and_then(|s| s.node.sells.as_ref()) {
        out.entry("sale")
            .or_default()
            .insert(sells.node.to_string());
    }
    out
}

fn compiled(name: &str, text: &str) -> Option<Policy> {
    policyc::compile(&SourceFile::new(name, text)).policy
}

/// What import proposes for a text.
fn proposed(name: &str, text: &str, format: Format) -> Facts {
    let Ok(imported) = import(text, format, name) else {
        return Facts::new();
    };
    compiled(name, &imported.policy_text)
        .map(|p| facts(&p))
        .unwrap_or_default()
}

#[derive(Default)]
struct Score {
    expected: usize,
    proposed: usize,
    right: usize,
}

impl Score {
    fn add(&mut self, expected: &Ids, proposed: &Ids) {
        self.expected += expected.len();
        self.proposed += proposed.len();
        self.right += expected.intersection(proposed).count();
    }

    fn line(&self) -> String {
        let pct = |a: usize, b: usize| {
            if b == 0 {
                "  –  ".to_string()
            } else {
                format!("{:5.1}", 100.0 * a as f64 / b as f64)
            }
        };
        format!(
            "recall {} % ({}/{})  precision {} % ({}/{})",
            pct(self.right, self.expected),
            self.right,
            self.expected,
            pct(self.right, self.proposed),
            self.right,
            self.proposed
        )
    }
}

struct Case {
    name: String,
    text: String,
    format: Format,
    expected: Facts,
}

fn dev_set(root: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for (reference, policy) in [
        ("socnect.md", "socnect.policy"),
        ("connact.txt", "connact.policy"),
        ("connecwrk.txt", "connecwrk.policy"),
    ] {
        let text = std::fs::read_to_string(root.join("tests/fixtures/reference").join(reference))
            .unwrap_or_default();
        let source =
            std::fs::read_to_string(root.join("policies").join(policy)).unwrap_or_default();
        let Some(policy) = compiled(policy, &source) else {
            continue;
        };
        let expected = facts(&policy);
        let format = if reference.ends_with(".md") {
            Format::Markdown
        } else {
            Format::Text
        };
        cases.push(Case {
            name: reference.to_string(),
            text,
            format,
            expected,
        });
    }
    cases
}

fn held_out(folder: &Path) -> Vec<Case> {
    let expected = std::fs::read_to_string(folder.join("expected.tsv")).unwrap_or_default();
    let mut by_case: BTreeMap<String, Facts> = BTreeMap::new();
    for line in expected.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(case), Some(kind), Some(ids)) = (cells.first(), cells.get(2), cells.get(3))
        else {
            continue;
        };
        let Some(kind) = KINDS.iter().find(|k| *k == kind) else {
            continue;
        };
        let set = by_case
            .entry(case.to_string())
            .or_default()
            .entry(kind)
            .or_default();
        set.extend(ids.split_whitespace().map(str::to_string));
    }
    // A case whose text is not saved in the folder is left out (and said
    // so), not scored as read wrongly.
    by_case
        .into_iter()
        .filter_map(|(name, expected)| {
            let Ok(text) = std::fs::read_to_string(folder.join(format!("{name}.txt"))) else {
                println!("  {name:<16} skipped: no {name}.txt in the folder");
                return None;
            };
            Some(Case {
                text,
                name,
                format: Format::Text,
                expected,
            })
        })
        .collect()
}

fn score(title: &str, cases: &[Case]) {
    println!("{title}");
    let mut all: BTreeMap<&str, Score> = BTreeMap::new();
    let empty = Ids::new();
    for case in cases {
        let proposed = proposed(&case.name, &case.text, case.format);
        for kind in KINDS {
            let expected = case.expected.get(kind).unwrap_or(&empty);
            let got = proposed.get(kind).unwrap_or(&empty);
            if expected.is_empty() && got.is_empty() {
                continue;
            }
            let mut one = Score::default();
            one.add(expected, got);
            all.entry(kind).or_default().add(expected, got);
            let wrong: Vec<_> = got.difference(expected).collect();
            let missed: Vec<_> = expected.difference(got).collect();
            println!(
                "  {:<16} {kind:<10} {}  wrong: {wrong:?}; missed: {missed:?}",
                case.name,
                one.line()
            );
        }
    }
    for kind in KINDS {
        if let Some(score) = all.get(kind) {
            println!("  {:<16} {kind:<10} {}", "ALL", score.line());
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    score("dev set (bundled policies; tuned on)", &dev_set(root));
    if let Some(folder) = std::env::var_os("LEXICON_HELDOUT") {
        score(
            "held-out set (never tuned on)",
            &held_out(Path::new(&folder)),
        );
    }
}

//! How well `policyc import` reads the facts a text states: recall and
//! precision of the data categories and purposes it proposes, against facts
//! typed by hand. Run with `cargo bench --bench lexicon`; see
//! `docs/drift.md` for the figures and how they were taken.
//!
//! The **dev set**, on which the lexicon may be tuned: the three bundled
//! policies as published (`tests/fixtures/reference/`), their hand-typed
//! facts (`policies/*.policy`) the reference. A **held-out set** is read
//! from the folder `LEXICON_HELDOUT` names, when set: `*.txt` policies and
//! an `expected.tsv` (`case`, `url`, `kind`, space-separated ids) typed
//! before the importer ever ran on them; never tune phrases on it.
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

/// The known categories and purposes of a compiled policy.
fn facts(policy: &Policy) -> (Ids, Ids) {
    let p = &policy.practices;
    let mut categories = Ids::new();
    let mut purposes = Ids::new();
    let data = p
        .collections
        .iter()
        .flat_map(|c| &c.node.data)
        .chain(p.recipients.iter().flat_map(|r| &r.node.data))
        .chain(p.retention.iter().flat_map(|r| &r.node.data));
    for c in data {
        if let Category::Known(info) = &c.node {
            if info.name != "other" {
                categories.insert(info.name.to_string());
            }
        }
    }
    let why = p
        .collections
        .iter()
        .flat_map(|c| &c.node.purposes)
        .chain(p.recipients.iter().flat_map(|r| &r.node.purposes));
    for c in why {
        if let Purpose::Known(info) = &c.node {
            if info.name != "other" {
                purposes.insert(info.name.to_string());
            }
        }
    }
    (categories, purposes)
}

fn compiled(name: &str, text: &str) -> Option<Policy> {
    policyc::compile(&SourceFile::new(name, text)).policy
}

/// What import proposes for a text.
fn proposed(name: &str, text: &str, format: Format) -> (Ids, Ids) {
    let Ok(imported) = import(text, format, name) else {
        return (Ids::new(), Ids::new());
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
    categories: Ids,
    purposes: Ids,
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
        let (categories, purposes) = facts(&policy);
        let format = if reference.ends_with(".md") {
            Format::Markdown
        } else {
            Format::Text
        };
        cases.push(Case {
            name: reference.to_string(),
            text,
            format,
            categories,
            purposes,
        });
    }
    cases
}

fn held_out(folder: &Path) -> Vec<Case> {
    let expected = std::fs::read_to_string(folder.join("expected.tsv")).unwrap_or_default();
    let mut by_case: BTreeMap<String, (Ids, Ids)> = BTreeMap::new();
    for line in expected.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let cells: Vec<&str> = line.split('\t').collect();
        let (Some(case), Some(kind), Some(ids)) = (cells.first(), cells.get(2), cells.get(3))
        else {
            continue;
        };
        let entry = by_case.entry(case.to_string()).or_default();
        let set = if *kind == "category" {
            &mut entry.0
        } else {
            &mut entry.1
        };
        set.extend(ids.split_whitespace().map(str::to_string));
    }
    by_case
        .into_iter()
        .map(|(name, (categories, purposes))| Case {
            text: std::fs::read_to_string(folder.join(format!("{name}.txt"))).unwrap_or_default(),
            name,
            format: Format::Text,
            categories,
            purposes,
        })
        .collect()
}

fn score(title: &str, cases: &[Case]) {
    println!("{title}");
    let (mut all_c, mut all_p) = (Score::default(), Score::default());
    for case in cases {
        let (categories, purposes) = proposed(&case.name, &case.text, case.format);
        let (mut c, mut p) = (Score::default(), Score::default());
        c.add(&case.categories, &categories);
        p.add(&case.purposes, &purposes);
        all_c.add(&case.categories, &categories);
        all_p.add(&case.purposes, &purposes);
        println!("  {:<16} categories {}", case.name, c.line());
        println!("  {:<16} purposes   {}", "", p.line());
        let wrong: Vec<_> = categories.difference(&case.categories).collect();
        let missed: Vec<_> = case.categories.difference(&categories).collect();
        println!(
            "  {:<16} categories proposed, not expected: {wrong:?}; missed: {missed:?}",
            ""
        );
        let wrong: Vec<_> = purposes.difference(&case.purposes).collect();
        let missed: Vec<_> = case.purposes.difference(&purposes).collect();
        println!(
            "  {:<16} purposes proposed, not expected: {wrong:?}; missed: {missed:?}",
            ""
        );
    }
    println!("  {:<16} categories {}", "ALL", all_c.line());
    println!("  {:<16} purposes   {}", "", all_p.line());
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

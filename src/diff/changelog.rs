//! The Markdown changelog entry (`diff --format md`), written for the
//! people a policy is about: the fact changes grouped by what changed for
//! them (the data collected, who receives it, how long it is kept, their
//! rights, …), material ones first in each group and marked so; values in
//! the vocabulary's words ("Phone number", "14 months"), not ids or ISO
//! durations; then the wording, section by section.

use super::classify::rule;
use super::render::{MARKDOWN, by_section, code, grouped, subject, summary};
use super::{Action, Change, Class, Value};
use crate::keyword::{Keyword, capitalise_first};
use crate::markup::escape_markdown;
use crate::model::practice::{Lifetime, Period, RightKind};

/// The groups of fact changes, in the order a reader asks about them: each
/// heading and the path prefixes it takes (the first group that matches a
/// path takes it; the last takes the rest).
const TOPICS: &[(&str, &[&str])] = &[
    (
        "Cookies and tracking",
        &["cookie", "signals.", "collection.tracking"],
    ),
    ("The data collected", &["collection."]),
    ("Who receives it", &["recipient", "sale.", "transfer."]),
    ("How long it is kept", &["retention"]),
    ("Your rights", &["right"]),
    ("How to reach us", &["contact.", "officer", "org."]),
    ("Children", &["children."]),
    ("Security", &["security."]),
    ("What the app uses", &["api"]),
    ("About this policy", &[""]),
];

/// The changelog entry under `heading`, as written (the caller escapes
/// control characters).
pub(super) fn changelog(changes: &[Change], heading: &str) -> String {
    let mut out = format!("## {}\n\n", escape_markdown(heading));
    if changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str(&format!("{}.\n", capitalise_first(&summary(changes))));
    let (facts, texts) = grouped(changes);
    let mut taken = vec![false; facts.len()];
    for (title, prefixes) in TOPICS {
        let mut these: Vec<&Change> = Vec::new();
        for (change, done) in facts.iter().zip(taken.iter_mut()) {
            if !*done && prefixes.iter().any(|p| change.path.starts_with(p)) {
                *done = true;
                these.push(change);
            }
        }
        if these.is_empty() {
            continue;
        }
        // Material first, each group keeping the order of the facts.
        these.sort_by_key(|c| c.class);
        out.push_str(&format!("\n### {title}\n\n"));
        for change in these {
            out.push_str(&line(change));
        }
    }
    if !texts.is_empty() {
        out.push_str("\n### Wording\n");
        let show = |v: &Value| code(&v.notation());
        for (section, lines) in by_section(&texts, &MARKDOWN, &show) {
            let title = section.unwrap_or("Before the first section");
            out.push_str(&format!("\n#### {}\n\n", escape_markdown(title)));
            for line in lines {
                out.push_str(&format!("- {}\n", capitalise_first(&line)));
            }
        }
    }
    out
}

/// One fact change as a list item: what, which, the values in words,
/// where, and "(material)" for a material one.
fn line(change: &Change) -> String {
    let what = rule(&change.path).map_or(change.path.as_str(), |r| r.what);
    let item = subject(change, |item| format!(" ({})", code(item)));
    // Words and names in quotation marks, so a label reads as one
    // ("removed “Complain to a supervisory authority”"); durations, dates
    // and yes or no as they are.
    let shown = |v: &Option<Value>| match v {
        Some(v @ Value::Text(_)) if !is_date(&change.path) => {
            format!("“{}”", escape_markdown(&words(&change.path, v)))
        }
        Some(v) => escape_markdown(&words(&change.path, v)),
        None => String::new(),
    };
    let value = match change.change {
        Action::Added => format!("added {}", shown(&change.new)),
        Action::Removed => format!("removed {}", shown(&change.old)),
        Action::Changed => format!("{} → {}", shown(&change.old), shown(&change.new)),
    };
    let place = change
        .section
        .as_ref()
        .map(|s| format!(", in “{}”", escape_markdown(s)))
        .unwrap_or_default();
    let material = match change.class {
        Class::Material => " (material)",
        Class::Minor => "",
    };
    format!(
        "- **{}**{item}: {value}{place}{material}.\n",
        escape_markdown(what)
    )
}

/// A value as a reader says it: a category, purpose, right or country by
/// its label in the vocabulary, durations and periods in words, yes or
/// no, other keywords with spaces for hyphens; names and texts as written.
pub(super) fn words(path: &str, value: &Value) -> String {
    match value {
        Value::Text(text) => text_words(path, text),
        Value::Flag(true) => "yes".to_string(),
        Value::Flag(false) => "no".to_string(),
        Value::Number(n) => n.to_string(),
        Value::Period(period) => period_words(period),
        Value::Lifetime(Lifetime::Duration(d)) | Value::Duration(d) => d.words(),
        Value::Lifetime(Lifetime::Session) => "until the browser is closed".to_string(),
        Value::Basis(basis) => match &basis.interest {
            Some(interest) => format!("{} ({interest})", basis.kind.label()),
            None => basis.kind.label().to_string(),
        },
        Value::Safeguard(s) => s.label().to_string(),
        Value::CookiePurpose(p) => p.label().to_string(),
        Value::Party(p) => format!("{} party", p.keyword()),
        Value::Stance(s) => spaced(s.keyword()),
        Value::Cookie(cookie) => cookie.name.node.clone(),
    }
}

fn period_words(period: &Period) -> String {
    match period {
        Period::Duration(d) => d.words(),
        other => other.words(),
    }
}

/// A text value by what its path holds.
fn text_words(path: &str, text: &str) -> String {
    // `other "…"`: the words the policy gave.
    if let Some(words) = text
        .strip_prefix("other \"")
        .and_then(|t| t.strip_suffix('"'))
    {
        return words.replace("\\\"", "\"").replace("\\\\", "\\");
    }
    if is_date(path) {
        if let Some(date) = crate::model::Date::parse_iso(text) {
            return date.long("en");
        }
    }
    let field = path.rsplit('.').next().unwrap_or(path);
    let label = match (path, field) {
        (_, "data") => crate::vocab::category(text).map(|c| c.label.to_string()),
        (_, "purposes") => crate::vocab::purpose(text).map(|p| p.label.to_string()),
        ("right", _) => RightKind::from_keyword(text).map(|r| r.label().to_string()),
        ("transfer.to", _) => crate::vocab::country(text).map(|c| c.name.to_string()),
        _ => None,
    };
    match label {
        Some(label) => label,
        None if is_keyword(text) => spaced(text),
        None => text.to_string(),
    }
}

/// Whether the path holds a date, written out ("1 June 2024").
fn is_date(path: &str) -> bool {
    matches!(path, "policy.effective" | "policy.updated")
}

/// Whether a text is a keyword of the language (lower case, digits and
/// hyphens), which reads better with spaces.
fn is_keyword(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && text.chars().any(|c| c.is_ascii_lowercase())
}

/// `encryption-at-rest` → "encryption at rest".
fn spaced(keyword: &str) -> String {
    keyword.replace('-', " ")
}

//! The facts of a policy that the text states once and plainly: its title
//! and kind, its `id` (from the file's name), and its effective and
//! last-updated dates. The organisation and its addresses are found in
//! [`super::entities`], once sections are known.

use super::Note;
use super::blocks::{Block, Document, TitleSource};
use super::dates::{self, Found};
use crate::model::{Date, PolicyKind};

/// Which date a line states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// "Effective date: …".
    Effective,
    /// "Last updated: …".
    Updated,
}

/// A prose block that states a date the policy now carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateLine {
    /// Its index in the document's blocks.
    pub block: usize,
    /// Which date.
    pub which: Which,
    /// The date.
    pub date: Date,
}

/// What the policy declares, as found.
#[derive(Debug, Clone)]
pub struct Facts {
    /// The title.
    pub title: String,
    /// The kind of policy.
    pub kind: PolicyKind,
    /// The `id`.
    pub id: String,
    /// The effective date.
    pub effective: Option<Date>,
    /// The last-updated date.
    pub updated: Option<Date>,
    /// The prose blocks the dates were read from.
    pub date_lines: Vec<DateLine>,
    /// The organisation's legal name.
    pub org_name: Option<String>,
    /// Its website (an origin: `https://example.com`).
    pub website: Option<String>,
    /// The contact email address.
    pub email: Option<String>,
    /// A contact web address, when there is no email address.
    pub contact_url: Option<String>,
    /// The name of the file imported, for the comment at the top.
    pub source: String,
}

/// Lifts the title, kind, id and dates.
pub fn lift(document: &Document, name: &str, report: &mut Vec<Note>) -> Facts {
    let title = title(document, report);
    let kind = kind_of(&title);
    report.push(Note::info(format!(
        "kind `{}` (from the title)",
        crate::keyword::Keyword::keyword(kind)
    )));
    let id = id_of(name, &title);
    report.push(Note::info(format!(
        "id \"{id}\" (from the {})",
        if is_stdin(name) { "title" } else { "file name" }
    )));
    let mut facts = Facts {
        title,
        kind,
        id,
        effective: None,
        updated: None,
        date_lines: Vec::new(),
        org_name: None,
        website: None,
        email: None,
        contact_url: None,
        source: if is_stdin(name) {
            "standard input".to_string()
        } else {
            file_name(name).to_string()
        },
    };
    lift_dates(document, &mut facts, report);
    facts
}

fn is_stdin(name: &str) -> bool {
    name == "-" || name.is_empty()
}

fn file_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

fn title(document: &Document, report: &mut Vec<Note>) -> String {
    let front = document
        .front_matter
        .iter()
        .find(|(k, v)| k.eq_ignore_ascii_case("title") && !v.trim().is_empty())
        .map(|(_, v)| (v.trim().to_string(), TitleSource::FrontMatter));
    let found = document.title.clone().or(front);
    match found {
        Some((title, source)) if !title.trim().is_empty() => {
            let from = match source {
                TitleSource::FirstLine => "the top of the text",
                TitleSource::Heading => "the first heading",
                TitleSource::FrontMatter => "the front matter",
                TitleSource::TitleElement => "the page's <title>",
            };
            report.push(Note::info(format!(
                "title \"{}\" (from {from})",
                title.trim()
            )));
            title.trim().to_string()
        }
        _ => {
            report.push(Note::warning(
                "no title found: \"Privacy Policy\" used; change it to the policy's own",
            ));
            "Privacy Policy".to_string()
        }
    }
}

/// Privacy unless the title names cookies or terms (and not privacy).
fn kind_of(title: &str) -> PolicyKind {
    let lower = title.to_lowercase();
    if lower.contains("privacy") {
        PolicyKind::Privacy
    } else if lower.contains("cookie") {
        PolicyKind::Cookies
    } else if ["terms", "conditions", "user agreement", "eula"]
        .iter()
        .any(|w| lower.contains(w))
    {
        PolicyKind::Terms
    } else {
        PolicyKind::Privacy
    }
}

/// The file's stem as an id (lower case; letters, digits and `-`), or the
/// title's for standard input.
fn id_of(name: &str, title: &str) -> String {
    let stem = if is_stdin(name) {
        title
    } else {
        let file = file_name(name);
        file.rsplit_once('.').map_or(file, |(stem, _)| stem)
    };
    let mut id = String::new();
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '_' {
            id.push(c);
        } else if !id.is_empty() && !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches(['-', '_']).to_string();
    if id.is_empty() {
        "policy".to_string()
    } else {
        id
    }
}

/// Words that announce an effective or last-updated date.
const EFFECTIVE: &[&str] = &["effective"];
const UPDATED: &[&str] = &[
    "last updated",
    "last modified",
    "last revised",
    "last amended",
    "updated",
    "revised",
    "date of last",
];

/// Finds "Effective date: …" and "Last updated: …" lines (and front
/// matter fields), and lifts the dates they state when they read surely.
fn lift_dates(document: &Document, facts: &mut Facts, report: &mut Vec<Note>) {
    for (index, block) in document.blocks.iter().enumerate() {
        let Block::Prose(prose) = block else { continue };
        for line in prose.plain.lines() {
            let lower = line.to_lowercase();
            if line.split_whitespace().count() > 25 {
                continue;
            }
            let which = if EFFECTIVE.iter().any(|w| lower.contains(w)) {
                Which::Effective
            } else if UPDATED.iter().any(|w| lower.contains(w)) {
                Which::Updated
            } else {
                continue;
            };
            let slot = match which {
                Which::Effective => facts.effective,
                Which::Updated => facts.updated,
            };
            if slot.is_some() {
                continue;
            }
            match dates::find(line) {
                Some(Found::Date(date)) => {
                    set(facts, which, date);
                    facts.date_lines.push(DateLine { block: index, which, date });
                    report.push(Note::info(format!("{} = {date}, from \"{}\"{}", name(which), line.trim(), super::at_line(prose.line))));
                }
                Some(Found::Unclear(printed)) => report.push(Note::warning(format!(
                    "\"{printed}\"{} is not a date that reads one way only: set `{} = YYYY-MM-DD` by hand",
                    super::at_line(prose.line),
                    name(which)
                ))),
                None => {}
            }
        }
    }
    front_matter_dates(document, facts, report);
    if let (Some(effective), Some(updated)) = (facts.effective, facts.updated) {
        if effective > updated {
            facts.updated = None;
            facts.date_lines.retain(|l| l.which != Which::Updated);
            report.push(Note::warning(format!(
                "the policy takes effect on {effective}, after its last update on {updated}: only `effective` is set"
            )));
        }
    }
    if facts.effective.is_none() && facts.updated.is_none() {
        report.push(Note::warning("no effective or last-updated date found: add `effective = YYYY-MM-DD` if the policy states one"));
    }
}

fn front_matter_dates(document: &Document, facts: &mut Facts, report: &mut Vec<Note>) {
    for (key, value) in &document.front_matter {
        let key = key.to_ascii_lowercase().replace('-', "_");
        let which = match key.as_str() {
            "effective" | "effective_date" => Which::Effective,
            "updated" | "last_updated" | "last_modified" | "last_modified_at" | "lastmod"
            | "modified" => Which::Updated,
            _ => continue,
        };
        let present = match which {
            Which::Effective => facts.effective.is_some(),
            Which::Updated => facts.updated.is_some(),
        };
        if present {
            continue;
        }
        if let Some(Found::Date(date)) = dates::find(value) {
            set(facts, which, date);
            report.push(Note::info(format!(
                "{} = {date}, from the front matter's `{key}`",
                name(which)
            )));
        }
    }
}

fn set(facts: &mut Facts, which: Which, date: Date) {
    match which {
        Which::Effective => facts.effective = Some(date),
        Which::Updated => facts.updated = Some(date),
    }
}

/// The setting's name.
pub fn name(which: Which) -> &'static str {
    match which {
        Which::Effective => "effective",
        Which::Updated => "updated",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_file_names() {
        assert_eq!(
            id_of("policies/Acme Privacy Policy.html", "x"),
            "acme-privacy-policy"
        );
        assert_eq!(id_of("socnect.md", "x"), "socnect");
        assert_eq!(id_of("-", "Privacy Policy"), "privacy-policy");
        assert_eq!(id_of("---.txt", "x"), "policy");
        assert_eq!(id_of("Zoë’s_terms.txt", "x"), "zo-s_terms");
    }

    #[test]
    fn kinds_come_from_titles() {
        assert_eq!(kind_of("Privacy and Cookie Policy"), PolicyKind::Privacy);
        assert_eq!(kind_of("Cookie Policy"), PolicyKind::Cookies);
        assert_eq!(kind_of("Terms of Service"), PolicyKind::Terms);
        assert_eq!(kind_of("Data Notice"), PolicyKind::Privacy);
    }
}

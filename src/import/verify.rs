//! The last step: the imported policy must compile. A privacy policy needs
//! an organisation, a contact point, and — since an import declares no
//! data-practice facts — sections of kinds `collection` and `use` (a cookie
//! policy `cookies` and `contact`). A kind no title named is looked for in what the sections
//! say; what still cannot be found makes the import a `terms` policy, which
//! requires nothing, with a warning saying what to add. Then the text is
//! compiled; should it still have errors (a bug of the importer), they are
//! reported rather than hidden.

use super::facts::Facts;
use super::outline::{Item, Piece, Section, each_section, sections};
use super::{Note, kinds, write};
use crate::check::sections_without_facts;
use crate::diagnostic::Code;
use crate::keyword::Keyword;
use crate::model::{PolicyKind, SectionKind};
use crate::source::SourceFile;

/// The policy's text, compiled without errors wherever the importer can
/// make it so.
pub fn verified(facts: &mut Facts, items: &mut [Item], report: &mut Vec<Note>) -> String {
    for kind in sections_without_facts(facts.kind) {
        if !sections(items).iter().any(|s| s.kind == Some(kind)) {
            guess_from_text(items, kind, facts.email.as_deref(), report);
        }
    }
    let missing = missing(facts, items);
    if !missing.is_empty() {
        report.push(Note::warning(format!(
            "imported as a `terms` policy: a {} policy must have {}, which the text does not show; add {} and change the kind to `{}`",
            facts.kind.keyword(),
            missing.join(", "),
            if missing.len() == 1 { "it" } else { "them" },
            facts.kind.keyword()
        )));
        facts.kind = PolicyKind::Terms;
    }
    let mut text = write::write(facts, items);
    let mut compiled = compile(facts, &text);
    if compiled
        .diagnostics
        .iter()
        .any(|d| d.code == Code::UnsafeLink)
    {
        // Text that reads like a script link (`<a href="javascript:…">`
        // quoted in prose) is refused even as text: its colon is escaped,
        // which CommonMark shows as the same colon.
        defuse(items);
        report.push(Note::warning(
            "the text quotes links that could run script (`javascript:`, `vbscript:`, `data:`); they are kept as text, never as links",
        ));
        text = write::write(facts, items);
        compiled = compile(facts, &text);
    }
    let errors: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect();
    if !errors.is_empty() {
        report.push(Note::warning(format!(
            "internal error: the imported policy does not compile ({}); please report this with the file",
            errors.join("; ")
        )));
    }
    text
}

/// What the policy's kind requires that the import lacks.
fn missing(facts: &Facts, items: &[Item]) -> Vec<String> {
    let mut missing = Vec::new();
    if facts.kind == PolicyKind::Privacy {
        if facts.org_name.is_none() {
            missing.push("an organisation's name".to_string());
        }
        if facts.email.is_none() && facts.contact_url.is_none() {
            missing.push("a contact point (an email or web address)".to_string());
        }
    }
    let all = sections(items);
    for kind in sections_without_facts(facts.kind) {
        if !all.iter().any(|s| s.kind == Some(kind)) {
            missing.push(format!("a `{}` section", kind.keyword()));
        }
    }
    missing
}

/// Gives `kind` to the section whose text suggests it most, among those
/// without a kind; for `contact`, the one that prints the contact email.
fn guess_from_text(
    items: &mut [Item],
    kind: SectionKind,
    email: Option<&str>,
    report: &mut Vec<Note>,
) {
    let mut best: Option<(usize, String)> = None;
    {
        let all = sections(items);
        for section in all.iter().filter(|s| s.kind.is_none()) {
            let text = own_text(section);
            let mut score = kinds::text_score(kind, &text);
            if kind == SectionKind::Contact && email.is_some_and(|e| text.contains(e)) {
                score += 1000;
            }
            if score > 0 && best.as_ref().is_none_or(|(b, _)| score > *b) {
                best = Some((score, section.title.clone()));
            }
        }
    }
    let Some((_, title)) = best else { return };
    let mut done = false;
    each_section(items, &mut |s: &mut Section| {
        if !done && s.kind.is_none() && s.title == title {
            s.kind = Some(kind);
            done = true;
        }
    });
    report.push(Note::warning(format!(
        "no title names a `{}` section, which a policy of this kind needs: \"{title}\" is tagged `{}` from what it says; check it",
        kind.keyword(),
        kind.keyword()
    )));
}

/// The words of a section's own prose.
fn own_text(section: &Section) -> String {
    section
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Prose { plain, .. } => Some(plain.as_str()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn compile(facts: &Facts, text: &str) -> crate::Compiled {
    crate::compile(&SourceFile::new(format!("{}.policy", facts.id), text))
}

/// Escapes the colon of every `javascript:`, `vbscript:` and `data:` in
/// the prose.
fn defuse(items: &mut [Item]) {
    for item in items {
        match item {
            Item::Prose { pieces, .. } => {
                for piece in pieces {
                    if let Piece::Text(text) = piece {
                        *text = defused(text);
                    }
                }
            }
            Item::LastUpdated(text) => *text = defused(text),
            Item::Section(section) => defuse(&mut section.items),
            Item::Toc { .. } | Item::Facts(_) => {}
        }
    }
}

fn defused(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let mut colons: Vec<usize> = ["javascript:", "vbscript:", "data:"]
        .iter()
        .flat_map(|scheme| {
            lower
                .match_indices(scheme)
                .map(|(at, _)| at + scheme.len() - 1)
        })
        .collect();
    colons.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for colon in colons {
        out.push_str(text.get(last..colon).unwrap_or_default());
        out.push_str("\\:");
        last = colon + 1;
    }
    out.push_str(text.get(last..).unwrap_or_default());
    out
}

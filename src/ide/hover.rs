//! Hover: what the word under the cursor means — a vocabulary word with
//! its DPV, Apple and Play equivalents, a `${reference}` with the value it
//! resolves to, a rule id or diagnostic code with its citation or
//! summary, a keyword with its short doc.

use super::cursor::{list_key, reference_at, word_at};
use super::{Hover, keyword_doc, source};
use crate::check::rules;
use crate::driver::Unit;
use crate::model::Entity as _;
use crate::model::{Contact, Organisation};
use crate::source::{FileId, SafeSlice, Span};
use crate::vocab::{self, CategoryInfo, PurposeInfo};

/// The hover card at byte `offset` of `file` (the policy or one of its
/// clause files), if the cursor is on something with a meaning.
pub fn hover(unit: &Unit, file: FileId, offset: usize) -> Option<Hover> {
    let text = &source(unit, file)?.text;
    if let Some((start, end)) = reference_at(text, offset) {
        let name = text.slice_between(start, end);
        return Some(Hover {
            span: Span::new(file, start, end),
            markdown: reference(unit, name),
        });
    }
    let (start, end) = word_at(text, offset)?;
    let word = text.slice_between(start, end);
    let list = list_key(text, start);
    // A key (`name = …`) before the vocabulary: `name` is a category too.
    let markdown = code(word)
        .or_else(|| rule(word))
        .or_else(|| entity_key(word, text, end))
        .or_else(|| vocabulary(word, list))
        .or_else(|| keyword_doc(word).map(str::to_string))?;
    Some(Hover {
        span: Span::new(file, start, end),
        markdown,
    })
}

/// A `${…}` name and its value, or why it has none.
fn reference(unit: &Unit, name: &str) -> String {
    let value = unit
        .compiled
        .model()
        .and_then(|policy| crate::resolve::value_of(policy, name));
    match value {
        Some(value) => format!("`${{{name}}}` → {}", value.text),
        None => format!(
            "`${{{name}}}` names nothing this policy declares: declare it as {}",
            crate::resolve::where_declared(name)
        ),
    }
}

fn code(word: &str) -> Option<String> {
    let code = crate::explain::parse_code(word)?;
    Some(format!(
        "**{}**: {}\n\n{}",
        code.as_str(),
        code.summary(),
        crate::explain::explanation(code)
    ))
}

fn rule(word: &str) -> Option<String> {
    // Rule ids have a profile and a number: `GDPR-13-1-a`, `CCPA-…`.
    if !word.contains('-') || !word.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let (set, rule) = rules::rule(word)?;
    Some(format!(
        "**{}** ({}): {}\n\n{}\n\n{}",
        rule.id, set.title, rule.citation, rule.summary, rule.help
    ))
}

/// A word of the open vocabularies: the list it stands in decides which
/// (`to = [` countries, `purposes = [` purposes), else any that has it.
fn vocabulary(word: &str, list: Option<&str>) -> Option<String> {
    match list {
        Some("to") => {
            vocab::country(word).map(|c| format!("**{}** (`{}`): country", c.name, c.code))
        }
        Some("purposes") => vocab::purpose(word).map(purpose),
        _ => vocab::category(word)
            .map(category)
            .or_else(|| vocab::purpose(word).map(purpose)),
    }
}

fn category(info: &CategoryInfo) -> String {
    let mut out = format!("**{}** (`{}`): data category\n", info.label, info.name);
    out.push_str(&targets(info.dpv, info.apple));
    match &info.play {
        Some(play) => out.push_str(&format!("\n- Play: {} (`{}`)", play.label, play.id)),
        None => out.push_str("\n- Play: no data type"),
    }
    out
}

fn purpose(info: &PurposeInfo) -> String {
    let mut out = format!("**{}** (`{}`): purpose\n", info.label, info.name);
    let apple: Vec<&str> = info.apple.into_iter().collect();
    out.push_str(&targets(info.dpv, &apple));
    match info.play {
        Some(play) => out.push_str(&format!("\n- Play: `{play}`")),
        None => out.push_str("\n- Play: no purpose"),
    }
    out
}

fn targets(dpv: &[&str], apple: &[&str]) -> String {
    let joined = |items: &[&str]| {
        items
            .iter()
            .map(|i| format!("`{i}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let dpv = if dpv.is_empty() {
        "no term".to_string()
    } else {
        joined(dpv)
    };
    let apple = if apple.is_empty() {
        "no data type".to_string()
    } else {
        joined(apple)
    };
    format!("\n- DPV: {dpv}\n- Apple: {apple}")
}

/// The doc of an `org` or `contact` field, where a key is written
/// (`name = …`).
fn entity_key(word: &str, text: &str, end: usize) -> Option<String> {
    if !text.slice_from(end).trim_start().starts_with('=') {
        return None;
    }
    let doc = Organisation::field(word)
        .map(|f| f.doc)
        .or_else(|| Contact::field(word).map(|f| f.doc))?;
    Some(format!("`{word}`: {doc}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    const TEXT: &str = "policy terms \"T\" {\n  id = \"t\"\n  org { name = \"Acme\" }\n  // E0304 and GDPR-13-1-a\n  section \"S\" { text \"by ${org.name}\" }\n}\n";

    fn shown(needle: &str, plus: usize) -> String {
        let file = SourceFile::new("t.policy", TEXT);
        let compiled = crate::compile(&file);
        let unit = Unit { file, compiled };
        let at = TEXT.find(needle).unwrap_or(0) + plus;
        hover(&unit, unit.file.id, at)
            .map(|h| h.markdown)
            .unwrap_or_default()
    }

    #[test]
    fn references_codes_rules_keywords_and_keys_are_explained() {
        assert_eq!(shown("org.name}", 2), "`${org.name}` → Acme");
        assert!(shown("E0304", 1).starts_with("**E0304**: a reference names nothing"));
        let rule = shown("GDPR-13-1-a", 3);
        assert!(
            rule.starts_with("**GDPR-13-1-a**") && rule.contains("13(1)"),
            "{rule}"
        );
        assert!(shown("section", 2).starts_with("`section [KIND]"));
        assert!(shown("name =", 1).starts_with("`name`: "));
    }

    #[test]
    fn a_category_shows_its_equivalents() {
        let shown = vocabulary("email", Some("data")).unwrap_or_default();
        assert!(shown.contains("data category"), "{shown}");
        assert!(shown.contains("DPV:") && shown.contains("Apple:") && shown.contains("Play:"));
    }
}

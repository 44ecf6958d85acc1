//! Completion: what may be written at the cursor — `${…}` names inside a
//! reference, vocabulary words in `data = [`, `purposes = [` and `to = [`,
//! section and policy kinds after their keyword, and at the start of a
//! line the keywords and settings the enclosing block takes.

use super::cursor::{enclosing_block, head_keyword, line_start, list_key, word_at};
use super::{keyword_doc, source};
use crate::driver::Unit;
use crate::keyword::Keyword;
use crate::model::{PolicyKind, SectionKind};
use crate::source::{FileId, SafeSlice};
use crate::vocab;

/// What a completion is, for the editor's icon and sorting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionKind {
    /// A keyword that begins an item.
    Keyword,
    /// A setting's key.
    Setting,
    /// A word of a vocabulary (category, purpose, country).
    Value,
    /// A `${…}` name.
    Reference,
    /// A section or policy kind.
    Kind,
}

/// One thing that may be written at the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// What is inserted.
    pub label: String,
    /// What it is.
    pub kind: CompletionKind,
    /// A short description (a label or doc).
    pub detail: Option<String>,
}

impl Completion {
    fn new(label: &str, kind: CompletionKind, detail: Option<&str>) -> Self {
        Completion {
            label: label.to_string(),
            kind,
            detail: detail.map(str::to_string),
        }
    }
}

/// Every completion at byte `offset` of `file`.
pub fn completions(unit: &Unit, file: FileId, offset: usize) -> Vec<Completion> {
    let Some(text) = source(unit, file).map(|f| f.text.as_str()) else {
        return Vec::new();
    };
    let line = text.slice_between(line_start(text, offset), offset);
    if let Some(open) = line.rfind("${")
        && !line.slice_from(open).contains('}')
    {
        return references(unit);
    }
    if let Some(key) = list_key(text, offset) {
        return list_words(key);
    }
    let word_start = word_at(text, offset).map_or(offset, |(start, _)| start.min(offset));
    let before = text.slice_between(line_start(text, offset), word_start);
    match before.split_whitespace().collect::<Vec<_>>().as_slice() {
        [] => item_starts(text, offset),
        ["section"] => kinds::<SectionKind>(),
        ["policy"] => kinds::<PolicyKind>(),
        _ => Vec::new(),
    }
}

fn references(unit: &Unit) -> Vec<Completion> {
    let Some(policy) = unit.compiled.model() else {
        return Vec::new();
    };
    crate::resolve::reference_names(policy)
        .into_iter()
        .map(|name| {
            let value = crate::resolve::value_of(policy, &name).map(|v| v.text);
            Completion {
                label: name,
                kind: CompletionKind::Reference,
                detail: value,
            }
        })
        .collect()
}

fn list_words(key: &str) -> Vec<Completion> {
    let value = CompletionKind::Value;
    match key {
        "data" => vocab::categories()
            .iter()
            .map(|c| Completion::new(c.name, value, Some(c.label)))
            .collect(),
        "purposes" => vocab::purposes()
            .iter()
            .map(|p| Completion::new(p.name, value, Some(p.label)))
            .collect(),
        "to" => vocab::countries()
            .iter()
            .map(|c| Completion::new(c.code, value, Some(c.name)))
            .collect(),
        _ => Vec::new(),
    }
}

fn kinds<K: Keyword>() -> Vec<Completion> {
    K::ALL
        .iter()
        .map(|(word, _)| Completion::new(word, CompletionKind::Kind, None))
        .collect()
}

/// At the start of a line: the settings of the enclosing block, and the
/// items it may hold when it holds items (a policy, a section, the top of
/// a clause file).
fn item_starts(text: &str, offset: usize) -> Vec<Completion> {
    let block = enclosing_block(text, offset).map_or("", |(head, _)| head_keyword(head));
    let mut out: Vec<Completion> = crate::lower::setting_keys(block)
        .into_iter()
        .map(|key| Completion::new(key, CompletionKind::Setting, None))
        .collect();
    if matches!(block, "" | "policy" | "section") {
        out.extend(
            crate::syntax::ITEM_KEYWORDS
                .iter()
                .map(|k| Completion::new(k, CompletionKind::Keyword, keyword_doc(k))),
        );
    }
    if block == "contact" {
        out.push(Completion::new(
            "officer",
            CompletionKind::Keyword,
            keyword_doc("officer"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn labels(text: &str, cursor: &str) -> Vec<String> {
        let at = text.find(cursor).unwrap_or(0);
        let text = text.replacen(cursor, "", 1);
        let file = SourceFile::new("t.policy", text);
        let compiled = crate::compile(&file);
        let unit = Unit { file, compiled };
        completions(&unit, unit.file.id, at)
            .into_iter()
            .map(|c| c.label)
            .collect()
    }

    #[test]
    fn each_place_offers_what_may_be_written_there() {
        // `@` marks the cursor; the other places are written out.
        let policy = |a: &str, b: &str, c: &str, d: &str, e: &str| {
            format!(
                "policy privacy \"T\" {{\n  id = \"t\"\n  {a}\n  section {b}\n  collect {{\n    {c}\n    purposes = [{d}]\n  }}\n  transfer {{ to = [U{e}] }}\n}}\n"
            )
        };
        let at = |n: usize| {
            let mut marks = ["", "", "", "", ""];
            if let Some(mark) = marks.get_mut(n) {
                *mark = "@";
            }
            let [a, b, c, d, e] = marks;
            labels(&policy(a, b, c, d, e), "@")
        };
        let has = |n: usize, word: &str| at(n).iter().any(|l| l == word);
        assert!(has(0, "section") && has(0, "collect") && has(0, "effective"));
        assert!(has(1, "collection") && !has(1, "collect"), "section kinds");
        assert!(
            has(2, "data") && has(2, "purposes") && !has(2, "section"),
            "collect's settings"
        );
        assert!(has(3, "analytics") && !has(3, "email"), "purposes");
        assert!(has(4, "US"), "countries");
    }
}

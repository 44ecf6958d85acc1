//! Go to definition, find references and rename, for the names a policy
//! declares and prose refers to: terms (`term Name` / `${Name}`),
//! retention ids (`retain { id = "x" }` / `${retention.x}`), defined
//! phrases (`define "Phrase"` / the phrase in prose), the facts of
//! `org` and `contact` (`${org.name}`), and `include` paths (the clause
//! file). References are found in the policy and every clause file it
//! includes.

use super::cursor::{line_start, reference_at, references_in};
use super::{Edit, source};
use crate::driver::{Unit, normal};
use crate::model::Policy;
use crate::source::{FileId, SafeSlice, SourceFile, Span};
use std::path::Path;

/// A name the policy declares.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    /// `term NAME = "…"`.
    Term(String),
    /// `retain { id = "ID" }`, referred to as `retention.ID`.
    Retention(String),
    /// `define "Phrase" = …`, used as the phrase itself in prose (any
    /// ASCII case, as whole words).
    Phrase(String),
}

impl Name {
    /// How prose refers to it.
    fn reference(&self) -> String {
        match self {
            Name::Term(name) => name.clone(),
            Name::Retention(id) => format!("retention.{id}"),
            Name::Phrase(phrase) => phrase.clone(),
        }
    }

    /// Where it is declared: the name itself, quotes excluded.
    fn declaration(&self, unit: &Unit, policy: &Policy) -> Option<Span> {
        let span = match self {
            Name::Term(name) => {
                policy
                    .terms
                    .get(*policy.term_index.get(name)?)?
                    .node
                    .name
                    .span
            }
            Name::Retention(id) => policy.practices.retention_by_id(id)?.node.id.as_ref()?.span,
            Name::Phrase(phrase) => {
                policy
                    .definitions
                    .iter()
                    .find(|d| d.node.phrase.node.eq_ignore_ascii_case(phrase))?
                    .node
                    .phrase
                    .span
            }
        };
        Some(unquoted(unit, span))
    }

    /// Each place a reference names it: the name's span (for a retention
    /// id, the id after `retention.`).
    fn uses(&self, unit: &Unit, policy: &Policy) -> Vec<Span> {
        if let Name::Phrase(phrase) = self {
            let declared = self.declaration(unit, policy);
            return files(unit)
                .flat_map(|file| phrase_in(file, phrase))
                .filter(|span| Some(*span) != declared)
                .collect();
        }
        let wanted = self.reference();
        let skip = wanted.len() - self.short().len();
        files(unit)
            .flat_map(|file| {
                references_in(&file.text)
                    .into_iter()
                    .filter(|(s, e)| file.text.slice_between(*s, *e) == wanted)
                    .map(move |(s, e)| Span::new(file.id, s + skip, e))
            })
            .collect()
    }

    /// The part a rename replaces.
    fn short(&self) -> &str {
        match self {
            Name::Term(name) | Name::Retention(name) | Name::Phrase(name) => name,
        }
    }
}

/// Each whole-word occurrence of a phrase in a file, in any ASCII case.
fn phrase_in(file: &SourceFile, phrase: &str) -> Vec<Span> {
    let lower = file.text.to_ascii_lowercase();
    let wanted = phrase.to_ascii_lowercase();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
    if wanted.is_empty() {
        return Vec::new();
    }
    lower
        .match_indices(&wanted)
        .filter(|(at, _)| {
            !word(lower.slice_to(*at).chars().next_back())
                && !word(lower.slice_from(at + wanted.len()).chars().next())
        })
        .map(|(at, _)| Span::new(file.id, at, at + wanted.len()))
        .collect()
}

/// The policy and its clause files.
fn files(unit: &Unit) -> impl Iterator<Item = &SourceFile> {
    std::iter::once(&unit.file).chain(unit.compiled.included.iter())
}

/// A span without the quotes around it, when it has them.
fn unquoted(unit: &Unit, span: Span) -> Span {
    let text = source(unit, span.file).map_or("", |f| f.slice(span));
    if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') {
        Span::new(span.file, span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// The declared name at the cursor: in a reference, or on a declaration.
fn name_at(unit: &Unit, policy: &Policy, file: FileId, offset: usize) -> Option<Name> {
    let text = &source(unit, file)?.text;
    if let Some((start, end)) = reference_at(text, offset) {
        let written = text.slice_between(start, end);
        return match written.strip_prefix("retention.") {
            Some(id) => Some(Name::Retention(id.to_string())),
            None if policy.term_index.contains_key(written) => {
                Some(Name::Term(written.to_string()))
            }
            // `${org.name}` and other facts' fields: no declared name.
            None => None,
        };
    }
    let inside = |span: Span| span.file == file && span.start <= offset && offset <= span.end;
    let term = policy.terms.iter().find(|t| inside(t.node.name.span));
    if let Some(term) = term {
        return Some(Name::Term(term.node.name.node.clone()));
    }
    let retention = policy
        .practices
        .retention
        .iter()
        .filter_map(|r| r.node.id.as_ref())
        .find(|id| inside(id.span))
        .map(|id| Name::Retention(id.node.clone()));
    retention.or_else(|| {
        policy
            .definitions
            .iter()
            .find(|d| inside(d.node.phrase.span))
            .map(|d| Name::Phrase(d.node.phrase.node.clone()))
    })
}

/// Where the thing at the cursor is declared: a term, a retention id, an
/// `org` or `contact` fact, or the clause file an `include` names.
pub fn definition(unit: &Unit, file: FileId, offset: usize) -> Option<Span> {
    if let Some(clause) = included_at(unit, file, offset) {
        return Some(Span::new(clause, 0, 0));
    }
    let policy = unit.compiled.model()?;
    if let Some(name) = name_at(unit, policy, file, offset) {
        return name.declaration(unit, policy);
    }
    let text = &source(unit, file)?.text;
    let (start, end) = reference_at(text, offset)?;
    let written = text.slice_between(start, end);
    let (entity, key) = written.split_once('.')?;
    let block = match entity {
        "org" => policy.org.as_ref()?.span,
        "contact" => policy.contact.as_ref()?.span,
        _ => return None,
    };
    Some(key_in(unit, block, key).unwrap_or(block))
}

/// Where `key = …` is written inside `block`.
fn key_in(unit: &Unit, block: Span, key: &str) -> Option<Span> {
    let text = source(unit, block.file)?.slice(block);
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(key)
        .find(|(at, _)| {
            let before = text.slice_to(*at).chars().next_back();
            let after = text.slice_from(at + key.len());
            !before.is_some_and(word) && after.trim_start().starts_with('=')
        })
        .map(|(at, _)| Span::new(block.file, block.start + at, block.start + at + key.len()))
}

/// The clause file of the `include "path"` at the cursor.
fn included_at(unit: &Unit, file: FileId, offset: usize) -> Option<FileId> {
    let here = source(unit, file)?;
    let line = here.text.slice_from(line_start(&here.text, offset));
    let line = line.split('\n').next().unwrap_or("");
    let written = line.trim().strip_prefix("include")?.trim();
    let written = written.strip_prefix('"')?.split('"').next()?;
    let folder = Path::new(&here.name).parent().unwrap_or(Path::new(""));
    let path = normal(&folder.join(written));
    unit.compiled
        .included
        .iter()
        .find(|f| normal(Path::new(&f.name)) == path)
        .map(|f| f.id)
}

/// Every place the name at the cursor is used, and its declaration when
/// `declaration` is asked for.
pub fn references(unit: &Unit, file: FileId, offset: usize, declaration: bool) -> Vec<Span> {
    let Some(policy) = unit.compiled.model() else {
        return Vec::new();
    };
    let Some(name) = name_at(unit, policy, file, offset) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if declaration {
        found.extend(name.declaration(unit, policy));
    }
    found.extend(name.uses(unit, policy));
    found
}

/// Why a rename cannot be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    /// Nothing renameable is at the cursor.
    NothingHere,
    /// The new name is not a name the language accepts.
    InvalidName(String),
}

impl std::fmt::Display for RenameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenameError::NothingHere => write!(
                f,
                "only terms, retention ids and defined phrases can be renamed: put the cursor on one, or on a `${{…}}` that names one"
            ),
            RenameError::InvalidName(name) => write!(
                f,
                "`{name}` cannot be a name: use letters, digits, `_` and `-`, starting with a letter"
            ),
        }
    }
}

impl std::error::Error for RenameError {}

/// The edits that rename the term or retention id at the cursor, at its
/// declaration and at every reference.
pub fn rename(
    unit: &Unit,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<Edit>, RenameError> {
    let policy = unit.compiled.model().ok_or(RenameError::NothingHere)?;
    let name = name_at(unit, policy, file, offset).ok_or(RenameError::NothingHere)?;
    let valid = match name {
        // A phrase is words; a line break or quote would end its string.
        Name::Phrase(_) => {
            !new_name.trim().is_empty() && !new_name.contains(['"', '\\', '\n', '\r'])
        }
        _ => {
            new_name.starts_with(|c: char| c.is_ascii_alphabetic())
                && new_name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        }
    };
    if !valid {
        return Err(RenameError::InvalidName(new_name.to_string()));
    }
    let declaration = name.declaration(unit, policy);
    Ok(declaration
        .into_iter()
        .chain(name.uses(unit, policy))
        .map(|span| Edit {
            span,
            new_text: new_name.to_string(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "policy terms \"T\" {\n  id = \"t\"\n  org { name = \"Acme\" }\n  term App = \"the app\"\n  retain { id = \"account\" period = P2Y }\n  text \"${App} keeps data ${retention.account}; ${ App } by ${org.name}.\"\n}\n";

    fn unit() -> Unit {
        let file = SourceFile::new("t.policy", TEXT);
        let compiled = crate::compile(&file);
        Unit { file, compiled }
    }

    fn at(needle: &str, plus: usize) -> usize {
        TEXT.find(needle).unwrap_or(0) + plus
    }

    #[test]
    fn a_term_is_found_declared_and_used_and_renamed() {
        let unit = unit();
        let file = unit.file.id;
        let declared = definition(&unit, file, at("${App}", 3));
        assert_eq!(
            declared,
            Some(Span::new(file, at("App =", 0), at("App =", 3)))
        );
        let found = references(&unit, file, at("term App", 6), true);
        assert_eq!(found.len(), 3, "declaration and two uses: {found:?}");
        let edits = rename(&unit, file, at("${ App }", 4), "Service").unwrap_or_default();
        assert_eq!(edits.len(), 3);
        assert!(edits.iter().all(|e| e.new_text == "Service"));
        assert_eq!(
            rename(&unit, file, at("${App}", 3), "not ok"),
            Err(RenameError::InvalidName("not ok".to_string()))
        );
    }

    #[test]
    fn a_defined_phrase_is_found_in_prose() {
        let text = "policy terms \"T\" {\n  id = \"t\"\n  define \"Personal data\" = \"data about you\"\n  text \"We keep personal data safe; personal database is another word.\"\n}\n";
        let file = SourceFile::new("t.policy", text);
        let compiled = crate::compile(&file);
        let unit = Unit { file, compiled };
        let on = text.find("Personal data").unwrap_or(0) + 2;
        let found = references(&unit, unit.file.id, on, false);
        let words: Vec<&str> = found
            .iter()
            .map(|s| text.slice_between(s.start, s.end))
            .collect();
        assert_eq!(words, ["personal data"], "a whole-word use, in any case");
        let edits = rename(&unit, unit.file.id, on, "Your data").unwrap_or_default();
        assert_eq!(edits.len(), 2);
    }

    #[test]
    fn a_retention_id_and_an_org_field_are_found() {
        let unit = unit();
        let file = unit.file.id;
        let id = definition(&unit, file, at("retention.account", 12));
        assert_eq!(
            id,
            Some(Span::new(file, at("account\"", 0), at("account\"", 7)))
        );
        let edits = rename(&unit, file, at("retention.account", 12), "login").unwrap_or_default();
        let spans: Vec<&str> = edits
            .iter()
            .map(|e| TEXT.slice_between(e.span.start, e.span.end))
            .collect();
        assert_eq!(
            spans,
            ["account", "account"],
            "the id, and the id after `retention.`"
        );
        let name = definition(&unit, file, at("org.name", 5));
        assert_eq!(
            name,
            Some(Span::new(file, at("name =", 0), at("name =", 4)))
        );
    }
}

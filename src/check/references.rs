//! `${…}` references that resolved to nothing: a name the policy could
//! declare but does not, or no name at all (with "did you mean").

use crate::diagnostic::{Code, Diagnostic, MAX_PER_FILE, did_you_mean};
use crate::model::*;
use crate::resolve::{reference_names, value_of, where_declared};
use crate::source::Span;

pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    // Every name a reference could use, computed only when one fails.
    let mut known: Option<Vec<String>> = None;
    for term in &policy.terms {
        for reference in term.node.parts.references() {
            if reference.node.value.is_some() || unread(policy, &reference.node.name) {
                continue;
            }
            if policy.term_index.contains_key(&reference.node.name) {
                out.push(term_in_term(reference, &term.node.name.node));
            } else {
                let known = known.get_or_insert_with(|| reference_names(policy));
                let suggest = out.len() < MAX_PER_FILE;
                out.push(unresolved(policy, reference, known, suggest));
            }
        }
    }
    for (prose, _) in prose_of(policy) {
        // A reference to a setting written but not read: its error says it.
        let unresolved_here = prose
            .references()
            .filter(|r| r.node.value.is_none())
            .filter(|r| !unread(policy, &r.node.name));
        for reference in unresolved_here {
            let known = known.get_or_insert_with(|| reference_names(policy));
            let suggest = out.len() < MAX_PER_FILE;
            out.push(unresolved(policy, reference, known, suggest));
        }
    }
}

/// Whether the setting a reference names was written but not read (its
/// error already said): an officer's fields are lowered as `officer.KEY`.
fn unread(policy: &Policy, name: &str) -> bool {
    let officer_field = match name.split('.').collect::<Vec<_>>().as_slice() {
        ["contact", "officer", _, field] => Some(format!("officer.{field}")),
        _ => None,
    };
    policy.written_but_invalid(name)
        || officer_field.is_some_and(|f| policy.written_but_invalid(&f))
}

/// The prose whose references are shown: every prose block, the
/// last-updated lines when the policy has the date they need (without it,
/// the missing date is the one problem reported), and what each defined
/// phrase means.
pub(super) fn prose_of(policy: &Policy) -> impl Iterator<Item = (&Prose, Span)> {
    let dated = policy.meta.updated.is_some();
    let blocks = policy.blocks().filter_map(move |block| match &block.node {
        Block::Prose(prose) => Some((prose, block.span)),
        Block::LastUpdated(line) if dated => Some((&line.text, block.span)),
        _ => None,
    });
    let meanings = policy
        .definitions
        .iter()
        .map(|d| (&d.node.meaning, d.node.phrase.span));
    blocks.chain(meanings)
}

/// A term's value names another term: terms stand for words and facts, so
/// that no chain of terms can loop.
fn term_in_term(reference: &Node<Reference>, term: &str) -> Diagnostic {
    let name = &reference.node.name;
    Diagnostic::error(
        Code::UnknownReference,
        format!("the term `{term}` refers to the term `{name}`"),
    )
    .at(reference.span)
    .label("a term's value may refer to facts, not to other terms")
    .help(format!(
        "write the words of `{name}` here, or refer to a fact such as `${{org.name}}`"
    ))
}

/// The names of another entity (or place) with the field `name` asks for:
/// `${org.email}` → `${contact.email}`. Edit distance cannot find these.
fn same_field<'a>(name: &str, known: &'a [String]) -> impl Iterator<Item = &'a str> {
    let split = name.rsplit_once('.');
    known.iter().map(String::as_str).filter(move |k| {
        let Some((place, field)) = split else {
            return false;
        };
        k.rsplit_once('.')
            .is_some_and(|(p, f)| f == field && p != place)
    })
}

/// Of the names with the same field elsewhere, one this policy declares.
fn same_field_declared<'a>(policy: &Policy, name: &str, known: &'a [String]) -> Option<&'a str> {
    same_field(name, known).find(|k| value_of(policy, k).is_some())
}

fn unresolved(
    policy: &Policy,
    reference: &Node<Reference>,
    known: &[String],
    suggest: bool,
) -> Diagnostic {
    let name = reference.node.name.as_str();
    if known.iter().any(|k| k == name) {
        return Diagnostic::error(
            Code::UnknownReference,
            format!("`${{{name}}}` refers to a value this policy does not declare"),
        )
        .at(reference.span)
        .label("declared nowhere in this policy")
        .help(format!(
            "declare it ({}), or remove the reference",
            where_declared(name)
        ));
    }
    let d = Diagnostic::error(
        Code::UnknownReference,
        format!("unknown reference `${{{name}}}`"),
    )
    .at(reference.span)
    .label("nothing has this name");
    // Past the number of problems shown, a suggestion is wasted work.
    let suggestion = if suggest {
        same_field_declared(policy, name, known)
            .or_else(|| did_you_mean(name, known.iter().map(String::as_str)))
            .or_else(|| same_field(name, known).next())
    } else {
        None
    };
    match suggestion {
        Some(s) => d.help(format!("did you mean `${{{s}}}`?")),
        None => d.help(format!(
            "define it with `term {name} = \"…\"`, or write `$${{` for a literal `${{`"
        )),
    }
}

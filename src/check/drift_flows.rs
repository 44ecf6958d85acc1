//! The drift lint for the practices beyond data categories and purposes:
//! recipients, rights, international transfers and retention periods.
//! The same three lints as [`super::drift`], with rules chosen so that a
//! warning is rarely false (a false warning teaches people to ignore the
//! tool):
//!
//! | practice | W0010 (stated, not declared) | W0011 (declared, not stated) | W0012 |
//! | --- | --- | --- | --- |
//! | recipient | a recipient kind in a sentence that discloses data ("we share … with our service providers") | a `recipient KIND` whose kind no sentence names, disclosed or not | — |
//! | right | a right stated (not denied) | a `right KIND` no sentence names (a rights list states them all) | — |
//! | transfer | "we transfer your data outside …" | a `transfer` no sentence speaks of | a `transfer` beside "we do not transfer … outside", said without condition |
//! | retention | a sentence on keeping data that states a period ("for 90 days", "as long as necessary") | a `retain` no sentence speaks of, and no `${retention.…}` puts in the prose | — |
//!
//! A data table generated from the facts states them all (no W0011), as
//! does a placeholder text that states no practice at all.

use super::drift::{IdSet, Read, shorten, weighed};
use crate::diagnostic::{Code, Diagnostic};
use crate::keyword::Keyword;
use crate::lexicon::{self, Kind};
use crate::model::practice::RecipientKind;
use crate::model::{Block, Lint, Policy};
use crate::source::Span;

type Found = Vec<(Lint, Diagnostic)>;

/// The drift of recipients, rights, transfers and retention periods.
pub(super) fn check(policy: &Policy, read: &[Read<'_>], out: &mut Found) {
    recipients(policy, read, out);
    rights(policy, read, out);
    transfers(policy, read, out);
    retention(policy, read, out);
}

/// Whether W0011 may be reported: no data table states the facts, and the
/// prose states some practice (it is not a placeholder).
fn compares(policy: &Policy, read: &[Read<'_>]) -> bool {
    let table = policy
        .blocks()
        .any(|b| matches!(b.node, Block::DataTable(_)));
    !table && read.iter().any(weighed)
}

fn undeclared(r: &Read<'_>, message: String, label: &str, fact: &str) -> (Lint, Diagnostic) {
    (
        Lint::UndeclaredPractice,
        Diagnostic::warning(Code::DriftUndeclared, message)
            .at(r.span())
            .label(label.to_string())
            .help(format!(
                "add `{fact}` beside this sentence; if the text is right without it, add `allow = [undeclared-practice]` to the section"
            )),
    )
}

fn unstated(span: Span, message: String, words: &str) -> (Lint, Diagnostic) {
    (
        Lint::UnstatedFact,
        Diagnostic::warning(Code::DriftUnstated, message)
            .at(span)
            .label("no sentence says this")
            .help(format!(
                "say it in the prose beside this fact ({words}; `vocab/lexicon.en.tsv` lists the phrasings read), or remove it; if the facts are right without it, add `allow = [unstated-fact]` to the section"
            )),
    )
}

/// W0010 for a recipient kind a sentence discloses to; W0011 for a
/// declared kind no sentence names.
fn recipients(policy: &Policy, read: &[Read<'_>], out: &mut Found) {
    let declared: IdSet<RecipientKind> = policy
        .practices
        .recipients
        .iter()
        .map(|r| r.node.kind.node)
        .collect();
    let named = |kind: &str| declared.iter().any(|d| d.keyword() == kind);
    let mut said = IdSet::default();
    for r in read.iter().filter(|r| r.disclosed) {
        let ids = r.mention.ids;
        if ids.iter().any(|id| named(id)) || !said.insert(ids) {
            continue;
        }
        let first = ids.first().copied().unwrap_or("third-party");
        let kinds = crate::keyword::list_with(ids.iter().map(|id| format!("`{id}`")), "or");
        out.push(undeclared(
            r,
            format!("the text says data is disclosed to a recipient of kind {kinds}, but no `recipient` declares one"),
            &format!("read as a disclosure to {kinds}"),
            &format!("recipient {first}"),
        ));
    }
    if !compares(policy, read) {
        return;
    }
    let mentioned: IdSet<&str> = read
        .iter()
        .filter(|r| r.mention.kind == Kind::Recipient)
        .flat_map(|r| r.mention.ids.iter().copied())
        .collect();
    let mut seen = IdSet::default();
    for recipient in &policy.practices.recipients {
        let kind = recipient.node.kind.node;
        if !mentioned.contains(kind.keyword()) && seen.insert(kind) {
            out.push(unstated(
                recipient.node.kind.span,
                format!(
                    "the recipient `{}` is declared, but no sentence of the policy names such a recipient",
                    kind.keyword()
                ),
                &format!("e.g. \"{}\"", kind.label().to_lowercase()),
            ));
        }
    }
}

/// W0010 for a right stated and not declared; W0011 for a declared right
/// no sentence names (a rights list generated from the facts names them).
fn rights(policy: &Policy, read: &[Read<'_>], out: &mut Found) {
    let declared: IdSet<&str> = policy
        .practices
        .rights
        .iter()
        .map(|r| r.node.kind.node.keyword())
        .collect();
    let mut said = IdSet::default();
    let stated = read
        .iter()
        .filter(|r| r.mention.kind == Kind::Right && r.ours);
    for r in stated {
        let ids = r.mention.ids;
        if ids.iter().any(|id| declared.contains(id)) || !said.insert(ids) {
            continue;
        }
        let first = ids.first().copied().unwrap_or("");
        let rights = crate::keyword::list_with(ids.iter().map(|id| format!("`{id}`")), "or");
        out.push(undeclared(
            r,
            format!("the text states the right {rights}, but no `right` declares it"),
            &format!("read as the right {rights}"),
            &format!("right {first} {{ via = [...] }}"),
        ));
    }
    let listed = policy
        .blocks()
        .any(|b| matches!(b.node, Block::RightsList(_)));
    if listed || !compares(policy, read) {
        return;
    }
    let named: IdSet<&str> = read
        .iter()
        .filter(|r| r.mention.kind == Kind::Right)
        .flat_map(|r| r.mention.ids.iter().copied())
        .collect();
    for right in &policy.practices.rights {
        let kind = right.node.kind.node;
        if !named.contains(kind.keyword()) {
            out.push(unstated(
                right.node.kind.span,
                format!(
                    "the right `{}` is declared, but no sentence of the policy states it",
                    kind.keyword()
                ),
                &format!("e.g. \"{}\"", kind.label().to_lowercase()),
            ));
        }
    }
}

fn is_practice(r: &Read<'_>, id: &str) -> bool {
    r.mention.kind == Kind::Practice && r.mention.ids.contains(&id) && !r.mention.third_party
}

/// W0010 for a transfer stated and not declared, W0011 for a declared one
/// no sentence speaks of, W0012 for one a sentence denies outright.
fn transfers(policy: &Policy, read: &[Read<'_>], out: &mut Found) {
    let declared = policy.practices.transfers.first();
    let stated = read.iter().find(|r| is_practice(r, "transfer") && r.ours);
    match (stated, declared) {
        (Some(r), None) => out.push(undeclared(
            r,
            "the text states an international transfer, but no `transfer` declares it".to_string(),
            "read as an international transfer",
            "transfer { to = [outside-your-country] safeguard = ... }",
        )),
        (None, Some(fact)) => {
            let denial = read.iter().find(|r| {
                is_practice(r, "transfer") && r.mention.negated && unconditional(&r.sentence())
            });
            if let Some(denial) = denial {
                out.push((
                    Lint::ContradictedFact,
                    Diagnostic::warning(
                        Code::DriftContradicted,
                        format!(
                            "this fact says data is transferred abroad, but the text says \"{}\"",
                            shorten(&denial.sentence(), 120)
                        ),
                    )
                    .at(fact.span)
                    .label("declares a transfer")
                    .related(denial.span(), "the text denies a transfer here")
                    .help("correct the fact or the sentence so that they agree; if both are right (the sentence speaks of other data), add `allow = [contradicted-fact]` to the section"),
                ));
            } else if compares(policy, read) && !read.iter().any(|r| is_practice(r, "transfer")) {
                out.push(unstated(
                    fact.span,
                    "a `transfer` is declared, but no sentence of the policy speaks of data sent abroad".to_string(),
                    "e.g. \"we transfer your data outside your country\"",
                ));
            }
        }
        _ => {}
    }
}

/// Whether a denial is said without condition: no "unless", "except",
/// "other than", "if", "without" … after which the practice may happen.
fn unconditional(sentence: &str) -> bool {
    !sentence.is_empty()
        && !lexicon::has_boundary(sentence)
        && !sentence
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("without") || w.eq_ignore_ascii_case("only"))
}

/// W0010 for a retention period stated and not declared, W0011 for a
/// declared one no sentence speaks of.
fn retention(policy: &Policy, read: &[Read<'_>], out: &mut Found) {
    let declared = policy.practices.retention.first();
    // With a `retain` declared, whether a sentence states a period does not
    // matter (one that does speaks of keeping data, so W0011 is not due
    // either way): the periods are read only when none is declared.
    // A sentence read already (by the mention before, in it too) stated
    // no period: it is not read again.
    let stated = || {
        let mut last: Option<&Read<'_>> = None;
        read.iter()
            .filter(|r| is_practice(r, "retention") && r.ours)
            .find_map(|r| {
                if last.replace(r).is_some_and(|l| l.same_sentence(r)) {
                    return None;
                }
                r.period().map(|period| (r, period))
            })
    };
    match declared {
        None => {
            if let Some((r, period)) = stated() {
                out.push(undeclared(
                    r,
                    "the text states how long data is kept, but no `retain` declares it"
                        .to_string(),
                    "read as a retention period",
                    &format!("retain {{ data = [...] period = {period} }}"),
                ));
            }
        }
        Some(fact) => {
            let referred = policy.blocks().any(|b| match &b.node {
                Block::Prose(prose) => prose
                    .references()
                    .any(|r| r.node.name.starts_with("retention.")),
                _ => false,
            });
            let spoken = read.iter().any(|r| is_practice(r, "retention"));
            if !referred && !spoken && compares(policy, read) {
                out.push(unstated(
                    fact.span,
                    "a `retain` is declared, but no sentence of the policy says how long data is kept".to_string(),
                    "e.g. \"we keep your data for 2 years\", or `${retention.ID}` in the prose",
                ));
            }
        }
    }
}

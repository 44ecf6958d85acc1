//! The shape of a policy: the entities and sections its kind and profiles
//! require, section ids that are unique and not the page's own, and
//! sections with nothing in them.

use crate::diagnostic::{Code, Diagnostic};
use crate::keyword::Keyword;
use crate::model::*;
use crate::resolve::RESERVED_IDS;
use crate::source::Span;
use std::collections::HashMap;

pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    check_entities(policy, out);
    if !policy.unknown_section_kinds {
        check_required_sections(policy, out);
    }
    check_section_ids(policy, out);
    check_empty_sections(policy, out);
}

/// The section kinds a policy of this kind must have.
pub fn required_by_kind(kind: PolicyKind) -> &'static [SectionKind] {
    use SectionKind::*;
    match kind {
        // A privacy policy's content is asked of its facts: rules/privacy.yaml.
        PolicyKind::Privacy => &[],
        PolicyKind::Cookies => &[Cookies, Contact],
        PolicyKind::Terms => &[],
    }
}

fn check_entities(policy: &Policy, out: &mut Vec<Diagnostic>) {
    // A setting written but not read has its own error already.
    if policy.meta.id.is_none() && !policy.written_but_invalid("policy.id") {
        out.push(
            Diagnostic::error(Code::MissingEntity, "the policy has no `id`")
                .at(policy.title.span)
                .label("this policy needs an id")
                .help("add a line such as `id = \"acme-privacy\"`: it names the output folder and the JSON document"),
        );
    }
    if let Some(org) = &policy.org {
        if org.node.name.is_none() && !policy.written_but_invalid("org.name") {
            out.push(
                Diagnostic::error(Code::MissingEntity, "the organisation has no `name`")
                    .at(org.span.sub(0, 3))
                    .label("this `org` needs a name")
                    .help("add `name = \"…\"` with the organisation's legal name"),
            );
        }
    }
    if policy.kind.node == PolicyKind::Privacy {
        check_privacy_entities(policy, out);
    }
}

fn check_privacy_entities(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let header = policy.kind.span;
    if policy.org.is_none() {
        out.push(
            Diagnostic::error(
                Code::MissingEntity,
                "a privacy policy must name its organisation",
            )
            .at(header)
            .label("no `org { … }` in this policy")
            .help("add `org { name = \"…\" }` with the controller's legal name"),
        );
    }
    let has_channel = policy.contact.as_ref().is_some_and(|c| {
        !c.node.channels.is_empty() || c.node.officers.iter().any(|o| !o.node.channels.is_empty())
    });
    let channel_unread = policy
        .invalid
        .iter()
        .any(|n| n.node.starts_with("contact.") || n.node.starts_with("officer."));
    if !has_channel && !channel_unread {
        out.push(
            Diagnostic::error(
                Code::MissingEntity,
                "a privacy policy must give a contact point",
            )
            .at(policy.contact.as_ref().map_or(header, |c| c.span))
            .label("no email, url, phone or address to contact")
            .help("add `contact { email = \"…\" }` (or `url`, `phone`, `address`)"),
        );
    }
}

fn check_required_sections(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let present: Vec<SectionKind> = policy
        .sections()
        .iter()
        .filter_map(|(_, s)| s.kind.as_ref().map(|k| k.node))
        .collect();
    let mut report = |kind: SectionKind, why: String, span: Span| {
        let word = kind.keyword();
        out.push(
            Diagnostic::error(Code::MissingSection, format!("{why} has no section of kind `{word}`"))
                .at(span)
                .label(format!("requires a `{word}` section"))
                .help(format!("add a section such as `section {word} \"…\" {{ … }}`, or tag an existing one with `{word}`")),
        );
    };
    let by_kind = required_by_kind(policy.kind.node);
    for &kind in by_kind {
        if !present.contains(&kind) {
            let why = format!("this {} policy", policy.kind.node.keyword());
            report(kind, why, policy.kind.span);
        }
    }
}

fn check_section_ids(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, Span> = HashMap::new();
    for (_, section) in policy.sections() {
        let Some(id) = &section.explicit_id else {
            continue;
        };
        if RESERVED_IDS.contains(&id.node.as_str()) {
            out.push(
                Diagnostic::error(
                    Code::ReservedId,
                    format!("the section id `{}` is the page's own", id.node),
                )
                .at(id.span)
                .label("the page template already uses this id")
                .help(format!(
                    "choose another id: {} are taken by the page itself",
                    crate::keyword::list(RESERVED_IDS.iter().map(|r| format!("`{r}`")))
                )),
            );
            continue;
        }
        match first.get(id.node.as_str()) {
            Some(&earlier) => out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("the section id `{}` is used twice", id.node),
                )
                .at(id.span)
                .label("used again here")
                .related(earlier, "first used here")
                .help("give each section its own id: ids are the anchors of links to the section"),
            ),
            None => {
                first.insert(&id.node, id.span);
            }
        }
    }
}

fn check_empty_sections(policy: &Policy, out: &mut Vec<Diagnostic>) {
    for block in policy.blocks() {
        if matches!(block.node, Block::Glossary(_)) && policy.definitions.is_empty() {
            out.push(
                Diagnostic::warning(Code::EmptyGlossary, "this glossary has nothing to list")
                    .at(block.span.sub(0, "glossary".len()))
                    .label("no `define` in this policy")
                    .help("define the phrases it lists with `define \"Phrase\" = \"…\"`, or remove the block"),
            );
        }
        let Block::Section(section) = &block.node else {
            continue;
        };
        if section.body.is_empty() {
            out.push(
                Diagnostic::warning(
                    Code::EmptySection,
                    format!("the section `{}` has no content", section.title.node),
                )
                .at(section.title.span)
                .label("nothing inside this section")
                .help("write its text, or remove the section"),
            );
        }
    }
}

//! The resolution pass, between lowering and the checks: gives every
//! section its anchor and number and every `${…}` reference its value, so
//! that checks and outputs read a finished model and never compute these
//! themselves. It never fails: a reference that resolves to nothing keeps
//! no value, and the checks report it.

mod anchors;
mod names;
mod numbers;

pub use anchors::{RESERVED_IDS, slug};
pub use names::{reference_names, resolve as value_of, where_declared};

use crate::model::{Block, Node, Numbering, Policy, Prose};

/// Fills in anchors, numbers and reference values.
pub fn resolve(policy: &mut Policy) {
    anchors::assign_ids(&mut policy.body);
    let numbering = policy
        .meta
        .numbering
        .as_ref()
        .map_or(Numbering::None, |n| n.node);
    numbers::assign_numbers(&mut policy.body, numbering, None);
    // References read the policy's facts, never its body: take the body out
    // while filling it in. Terms refer to facts only, never to other terms,
    // so they are filled first, out of the policy, and cannot loop.
    let mut terms = std::mem::take(&mut policy.terms);
    for term in &mut terms {
        fill_prose(policy, &mut term.node.parts);
    }
    policy.terms = terms;
    let mut definitions = std::mem::take(&mut policy.definitions);
    for definition in &mut definitions {
        fill_prose(policy, &mut definition.node.meaning);
    }
    policy.definitions = definitions;
    let mut body = std::mem::take(&mut policy.body);
    fill_references(policy, &mut body);
    policy.body = body;
}

fn fill_references(policy: &Policy, blocks: &mut [Node<Block>]) {
    for block in blocks {
        match &mut block.node {
            Block::Prose(prose) => fill_prose(policy, prose),
            Block::LastUpdated(line) => fill_prose(policy, &mut line.text),
            Block::Section(section) => fill_references(policy, &mut section.body),
            Block::Toc(_)
            | Block::ContactBlock(_)
            | Block::Glossary(_)
            | Block::DataTable(_)
            | Block::CookieTable(_)
            | Block::RightsList(_)
            | Block::PrivacyLabel(_) => {}
        }
    }
}

fn fill_prose(policy: &Policy, prose: &mut Prose) {
    for reference in prose.references_mut() {
        reference.node.value = names::resolve(policy, &reference.node.name);
    }
}

//! Section numbers: each container's numbering style numbers its child
//! sections; the hierarchical style carries on to deeper levels.

use crate::model::{Block, Node, NumberRule, Numbering};

/// Applies numbering styles: each container's style numbers its child
/// sections; the hierarchical style carries on to deeper levels.
pub(super) fn assign_numbers(body: &mut [Node<Block>], style: Numbering, parent: Option<&str>) {
    let mut ordinal = 0;
    for block in body {
        let Block::Section(section) = &mut block.node else {
            continue;
        };
        section.number = match &section.number_rule {
            NumberRule::Skip => None,
            NumberRule::Label(label) => {
                ordinal += 1;
                Some(label.clone())
            }
            NumberRule::Auto => {
                ordinal += 1;
                match (style, parent) {
                    (Numbering::None, _) => None,
                    (Numbering::Dotted, _) | (Numbering::Hierarchical, None) => {
                        Some(format!("{ordinal}."))
                    }
                    (Numbering::Plain, _) => Some(ordinal.to_string()),
                    (Numbering::Hierarchical, Some(p)) => {
                        Some(format!("{}.{ordinal}", p.trim_end_matches('.')))
                    }
                }
            }
        };
        let inherited = if style == Numbering::Hierarchical && section.number.is_some() {
            Numbering::Hierarchical
        } else {
            Numbering::None
        };
        let child_style = section.numbering.as_ref().map_or(inherited, |n| n.node);
        let number = section.number.clone();
        assign_numbers(&mut section.body, child_style, number.as_deref());
    }
}

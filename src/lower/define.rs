//! `define "Phrase" = "meaning"`: defined phrases, which the `glossary`
//! block lists and the JSON carries. A phrase is defined once, whatever its
//! case.

use super::{Lowerer, children};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::syntax::Rule;
use crate::syntax::cst::Pair;

impl Lowerer<'_> {
    pub(super) fn lower_define(&mut self, pair: Pair<'_>) -> Node<Definition> {
        let span = self.span(&pair);
        let mut phrase = None;
        let mut meaning = Prose {
            segments: Vec::new(),
        };
        for item in children(pair) {
            match item.as_rule() {
                Rule::string if phrase.is_none() => {
                    phrase = Some(self.lower_title(item, "definition"))
                }
                Rule::string => meaning = self.lower_string_prose(item),
                Rule::prose_block => meaning = self.lower_prose_block(item),
                _ => {}
            }
        }
        let phrase = phrase.unwrap_or_else(|| Node::new(String::new(), span));
        Node::new(Definition { phrase, meaning }, span)
    }

    pub(super) fn add_definition(&mut self, policy: &mut Policy, definition: Node<Definition>) {
        let phrase = &definition.node.phrase;
        let key = phrase.node.trim().to_lowercase();
        let first = policy
            .definitions
            .iter()
            .find(|d| d.node.phrase.node.trim().to_lowercase() == key);
        if let Some(first) = first {
            let first_span = first.node.phrase.span;
            self.report(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("the phrase `{}` is defined twice", phrase.node),
                )
                .at(phrase.span)
                .label("defined again here")
                .related(first_span, "first defined here")
                .help("keep one definition of each phrase"),
            );
            return;
        }
        policy.definitions.push(definition);
    }
}

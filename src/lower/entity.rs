//! Entity blocks — `org { }`, `contact { }`, `officer ROLE { }` — lowered
//! through their field tables (`model::entity`): the keys allowed, the type
//! of each value and where it goes all come from the one table; web
//! addresses, email addresses and telephone numbers are validated here.

use super::value::Setting;
use super::{Lowerer, children};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::entity::{Entity, SlotMut};
use crate::model::*;
use crate::syntax::Rule;
use crate::syntax::cst::Pair;

impl Lowerer<'_> {
    pub(super) fn lower_org(&mut self, pair: Pair<'_>) -> Node<Organisation> {
        let span = self.span(&pair);
        let mut org = Organisation::default();
        let mut seen = Vec::new();
        for item in children(pair).filter(|p| p.as_rule() == Rule::assignment) {
            let setting = self.lower_assignment(item);
            self.set_field(&mut org, setting, &mut seen);
        }
        Node::new(org, span)
    }

    pub(super) fn lower_contact(&mut self, pair: Pair<'_>) -> Node<Contact> {
        let span = self.span(&pair);
        let mut contact = Contact::default();
        let mut seen = Vec::new();
        for item in children(pair) {
            match item.as_rule() {
                Rule::officer => {
                    let officer = self.lower_officer(item);
                    self.add_officer(&mut contact, officer);
                }
                Rule::assignment => {
                    let setting = self.lower_assignment(item);
                    self.set_field(&mut contact, setting, &mut seen);
                }
                _ => {}
            }
        }
        Node::new(contact, span)
    }

    fn add_officer(&mut self, contact: &mut Contact, officer: Node<Officer>) {
        let role = &officer.node.role;
        if let Some(first) = contact
            .officers
            .iter()
            .find(|o| o.node.role.node == role.node)
        {
            let first_span = first.node.role.span;
            self.report(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("the officer `{}` is declared twice", role.node),
                )
                .at(role.span)
                .label("declared again here")
                .related(first_span, "first declared here")
                .help("give each officer role once"),
            );
        } else {
            contact.officers.push(officer);
        }
    }

    fn lower_officer(&mut self, pair: Pair<'_>) -> Node<Officer> {
        let span = self.span(&pair);
        let mut officer = Officer {
            role: Node::new(String::new(), span),
            ..Officer::default()
        };
        let mut seen = Vec::new();
        for item in children(pair) {
            match item.as_rule() {
                Rule::identifier => {
                    officer.role = Node::new(item.as_str().to_string(), self.span(&item));
                }
                Rule::assignment => {
                    let setting = self.lower_assignment(item);
                    self.set_field(&mut officer, setting, &mut seen);
                }
                _ => {}
            }
        }
        Node::new(officer, span)
    }

    /// Writes one `key = value` into the entity's field, as its table says.
    fn set_field<E: Entity>(
        &mut self,
        entity: &mut E,
        setting: Setting,
        seen: &mut Vec<Node<String>>,
    ) {
        let keys: Vec<&str> = E::keys().collect();
        let place = format!("`{}`", E::KEYWORD);
        if !self.check_key_in(&setting, &keys, &place, seen) {
            return;
        }
        let Some(field) = E::field(&setting.key.node) else {
            return;
        };
        match (field.slot_mut)(entity) {
            SlotMut::One(slot) => *slot = self.expect_text(setting),
            SlotMut::Many(slot) => *slot = self.expect_text_list(setting),
            SlotMut::Web(slot) => *slot = self.expect_typed(setting),
            SlotMut::Email(slot) => *slot = self.expect_typed(setting),
            SlotMut::Phone(slot) => *slot = self.expect_typed(setting),
        }
    }
}

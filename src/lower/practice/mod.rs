//! Data-practice facts — `collect`, `recipient`, `retain`, `transfer`,
//! `children`, `cookie`, `right`, `security`, `changes`, `signals`, `sale`,
//! `api` —
//! lowered into `Policy::practices` wherever they stand. This file reads the
//! common head (`KEYWORD [kind] ["name"] { settings }`) and hands each fact
//! to its own `lower_*`: data flows in [`flows`], the other statements in
//! [`statements`], their values in [`values`].

mod api;
mod flows;
mod statements;
mod values;

use super::value::Setting;
use super::{Lowerer, children};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::Span;
use crate::syntax::Rule;
use pest::iterators::Pair;

/// A fact as written, before its settings are checked.
struct Fact {
    /// The keyword, e.g. `recipient`.
    keyword: Node<String>,
    /// The kind after the keyword, e.g. `processor`.
    kind: Option<Node<String>>,
    /// The text after the keyword or kind, e.g. the recipient's name.
    name: Option<Node<String>>,
    /// The settings of its block.
    settings: Vec<Setting>,
    /// The whole declaration.
    span: Span,
}

/// What a fact's head may hold besides the keyword.
#[derive(Clone, Copy)]
enum Head {
    /// Nothing: `collect { … }`.
    Bare,
    /// A kind, required: `right access`.
    Kind(&'static str),
    /// A kind, required, and an optional name: `recipient processor "Stripe"`.
    KindAndName(&'static str),
    /// A name, required: `cookie "_ga"`.
    Name(&'static str),
}

impl Lowerer<'_> {
    /// A fact anywhere in a policy, added to `policy.practices`.
    pub(super) fn lower_fact(&mut self, pair: Pair<'_, Rule>, policy: &mut Policy) {
        let fact = self.read_fact(pair);
        let practices = &mut policy.practices;
        match fact.keyword.node.as_str() {
            "collect" => {
                let collection = self.lower_collect(fact);
                practices.collections.push(collection);
            }
            "recipient" => {
                if let Some(recipient) = self.lower_recipient(fact) {
                    practices.recipients.push(recipient);
                }
            }
            "retain" => {
                if let Some(retention) = self.lower_retain(fact) {
                    practices.retention.push(retention);
                }
            }
            "transfer" => {
                let transfer = self.lower_transfer(fact);
                practices.transfers.push(transfer);
            }
            "cookie" => {
                if let Some(cookie) = self.lower_cookie(fact) {
                    practices.cookies.push(cookie);
                }
            }
            "right" => {
                if let Some(right) = self.lower_right(fact) {
                    practices.rights.push(right);
                }
            }
            "children" => {
                let children = self.lower_children(fact);
                self.set_once(&mut practices.children, children, "`children`");
            }
            "security" => {
                let security = self.lower_security(fact);
                self.set_once(&mut practices.security, security, "`security`");
            }
            "changes" => {
                let changes = self.lower_changes(fact);
                self.set_once(&mut practices.changes, changes, "`changes`");
            }
            "signals" => {
                let signals = self.lower_signals(fact);
                self.set_once(&mut practices.signals, signals, "`signals`");
            }
            "api" => {
                if let Some(api) = self.lower_api(fact) {
                    practices.apis.push(api);
                }
            }
            _ => {
                let sale = self.lower_sale(fact);
                self.set_once(&mut practices.sale, sale, "`sale`");
            }
        }
    }

    fn read_fact(&mut self, pair: Pair<'_, Rule>) -> Fact {
        let span = self.span(&pair);
        let mut fact = Fact {
            keyword: Node::new(String::new(), span),
            kind: None,
            name: None,
            settings: Vec::new(),
            span,
        };
        for item in children(pair) {
            match item.as_rule() {
                Rule::fact_keyword => {
                    fact.keyword = Node::new(item.as_str().to_string(), self.span(&item));
                }
                Rule::fact_kind => {
                    // The kind's own name: the rule also holds the blanks
                    // and comments its look-ahead skipped.
                    let name = children(item).find(|p| p.as_rule() == Rule::identifier);
                    fact.kind = name.map(|n| Node::new(n.as_str().to_string(), self.span(&n)));
                }
                Rule::string => fact.name = Some(self.lower_string(item)),
                Rule::assignment => fact.settings.push(self.lower_assignment(item)),
                _ => {}
            }
        }
        fact
    }

    /// Checks the head of `fact` against what its keyword takes: reports a
    /// kind or name where none belongs, or one missing.
    fn check_head(&mut self, fact: &Fact, head: Head) {
        let keyword = &fact.keyword.node;
        let (kind_example, name_example, name_required) = match head {
            Head::Bare => (None, None, false),
            Head::Kind(example) => (Some(example), None, false),
            Head::KindAndName(example) => (Some(example), Some("\"Name\""), false),
            Head::Name(example) => (None, Some(example), true),
        };
        match (&fact.kind, kind_example) {
            (Some(kind), None) => self.report(
                Diagnostic::error(Code::Syntax, format!("`{keyword}` takes no kind"))
                    .at(kind.span)
                    .label("not expected here")
                    .help(format!("remove `{}`", kind.node)),
            ),
            (None, Some(example)) => self.report(
                Diagnostic::error(
                    Code::MissingSetting,
                    format!("this `{keyword}` names no kind"),
                )
                .at(fact.keyword.span)
                .label("a kind must follow")
                .help(format!("write e.g. `{keyword} {example}`")),
            ),
            _ => {}
        }
        match (&fact.name, name_example) {
            (Some(name), None) => self.report(
                Diagnostic::error(Code::Syntax, format!("`{keyword}` takes no name"))
                    .at(name.span)
                    .label("not expected here")
                    .help("remove the text, or say it in a `text` block"),
            ),
            (None, Some(example)) if name_required => self.report(
                Diagnostic::error(
                    Code::MissingSetting,
                    format!("this `{keyword}` has no name"),
                )
                .at(fact.keyword.span)
                .label("a name in quotes must follow")
                .help(format!("write e.g. `{keyword} {example} {{ … }}`")),
            ),
            _ => {}
        }
    }

    /// Reports a setting a fact needs and lacks.
    fn missing_setting(&mut self, fact: &Fact, key: &str, example: &str) {
        self.report(
            Diagnostic::error(
                Code::MissingSetting,
                format!("this `{}` does not say `{key}`", fact.keyword.node),
            )
            .at(fact.keyword.span)
            .label(format!("`{key}` is needed"))
            .help(format!("add `{key} = {example}` inside its braces")),
        );
    }
}

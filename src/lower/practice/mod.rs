//! Data-practice facts — `collect`, `recipient`, `retain`, `transfer`,
//! `children`, `cookie`, `right`, `security`, `changes`, `signals`, `sale`,
//! `accounts`, `automated-decision-making`, `disclosure`,
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
use crate::syntax::cst::Pair;

/// The setting keys of a fact, by its keyword (`collect` → `data`,
/// `purposes`, …): the very tables lowering checks settings against, so an
/// editor's completion never offers a key lowering refuses.
pub(crate) fn setting_keys(keyword: &str) -> Vec<&'static str> {
    use crate::keyword::Keyword;
    fn words<K: Keyword>() -> Vec<&'static str> {
        K::ALL.iter().map(|(word, _)| *word).collect()
    }
    match keyword {
        "collect" => words::<flows::CollectKey>(),
        "recipient" => words::<flows::RecipientKey>(),
        "retain" => words::<flows::RetainKey>(),
        "transfer" => words::<flows::TransferKey>(),
        "children" => words::<statements::ChildrenKey>(),
        "cookie" => words::<statements::CookieKey>(),
        "right" => words::<statements::RightKey>(),
        "security" => words::<statements::SecurityKey>(),
        "changes" => words::<statements::ChangesKey>(),
        "signals" => words::<statements::SignalsKey>(),
        "sale" => words::<statements::SaleKey>(),
        "api" => words::<api::ApiKey>(),
        "accounts" => words::<statements::AccountsKey>(),
        "automated-decision-making" => words::<statements::AutomatedKey>(),
        "disclosure" => words::<statements::DisclosureKey>(),
        _ => Vec::new(),
    }
}

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
    /// Whether its `{ … }` follows but did not parse (a syntax error,
    /// reported): what the block says is unknown, so nothing is missing.
    block_skipped: bool,
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
    pub(super) fn lower_fact(&mut self, pair: Pair<'_>, policy: &mut Policy) {
        let fact = self.read_fact(pair);
        let (keyword, span) = (fact.keyword.node.clone(), fact.span);
        let practices = &mut policy.practices;
        // A fact that could not be read at all (a misspelt kind, no name)
        // is written but invalid, as a setting would be: no rule reports
        // it missing.
        let mut dropped = false;
        match keyword.as_str() {
            "collect" => {
                let collection = self.lower_collect(fact);
                practices.collections.push(collection);
            }
            "recipient" => match self.lower_recipient(fact) {
                Some(recipient) => practices.recipients.push(recipient),
                None => dropped = true,
            },
            "retain" => match self.lower_retain(fact) {
                Some(retention) => practices.retention.push(retention),
                None => dropped = true,
            },
            "transfer" => {
                let transfer = self.lower_transfer(fact);
                practices.transfers.push(transfer);
            }
            "cookie" => match self.lower_cookie(fact) {
                Some(cookie) => practices.cookies.push(cookie),
                None => dropped = true,
            },
            "right" => match self.lower_right(fact) {
                Some(right) => practices.rights.push(right),
                None => dropped = true,
            },
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
            "accounts" => {
                let accounts = self.lower_accounts(fact);
                self.set_once(&mut practices.accounts, accounts, "`accounts`");
            }
            "automated-decision-making" => {
                let automated = self.lower_automated(fact);
                let what = "`automated-decision-making`";
                self.set_once(&mut practices.automated_decision_making, automated, what);
            }
            "disclosure" => {
                let disclosure = self.lower_disclosure(fact);
                self.set_once(&mut practices.disclosure, disclosure, "`disclosure`");
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
        if dropped {
            self.invalid.push(Node::new(keyword, span));
        }
    }

    fn read_fact(&mut self, pair: Pair<'_>) -> Fact {
        let span = self.span(&pair);
        let after = pair.input().get(pair.end()..);
        let block_follows = after.is_some_and(|rest| rest.trim_start().starts_with('{'));
        let mut fact = Fact {
            keyword: Node::new(String::new(), span),
            kind: None,
            name: None,
            settings: Vec::new(),
            span,
            block_skipped: block_follows,
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

    /// Reports a setting a fact needs and lacks — unless it was written
    /// but could not be read (a misspelt key, a bad value), which is
    /// reported already.
    fn missing_setting(&mut self, fact: &Fact, key: &str, example: &str) {
        if fact.block_skipped
            || self.written_but_invalid(&format!("{}.{key}", fact.keyword.node), fact.span)
        {
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::setting_keys;

    /// Every fact keyword the grammar accepts has its settings listed, so
    /// an editor completes them (a new fact once went without).
    #[test]
    fn every_fact_keyword_has_its_settings() {
        let grammar = include_str!("../../../grammar/policy.pest");
        let rule = grammar
            .split("fact_keyword = @{")
            .nth(1)
            .and_then(|rest| rest.split("~ !ident_char").next())
            .unwrap_or_default();
        let keywords: Vec<&str> = rule.split('"').skip(1).step_by(2).collect();
        assert!(keywords.len() > 10, "{rule}");
        for keyword in keywords {
            assert!(
                !setting_keys(keyword).is_empty(),
                "`{keyword}` has no settings listed"
            );
        }
    }
}

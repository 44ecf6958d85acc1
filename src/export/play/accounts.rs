//! The Data safety form's account questions, answered from the policy's
//! `accounts` fact: how people create an account, whether they log in with
//! accounts made outside the app, and where they ask for an account to be
//! deleted. With no `accounts` fact every answer stays empty (and `gaps`
//! says so): Play's "My app does not allow users to create an account" is a
//! statement, never the reading of silence.

use super::form::Question;
use crate::keyword::Keyword;
use crate::model::Node;
use crate::model::practice::{AccountCreation, Accounts, OutsideAccount};

/// The Play response id of each account creation method.
const CREATION: &[(AccountCreation, &str)] = &[
    (
        AccountCreation::UsernamePassword,
        "PSL_ACM_USER_ID_PASSWORD",
    ),
    (
        AccountCreation::UsernameOtherAuth,
        "PSL_ACM_USER_ID_OTHER_AUTH",
    ),
    (
        AccountCreation::UsernamePasswordOtherAuth,
        "PSL_ACM_USER_ID_PASSWORD_OTHER_AUTH",
    ),
    (AccountCreation::Oauth, "PSL_ACM_OAUTH"),
    (AccountCreation::Other, "PSL_ACM_OTHER"),
    (AccountCreation::None, "PSL_ACM_NONE"),
];

/// The Play response id of each way accounts outside the app are made.
const OUTSIDE: &[(OutsideAccount, &str)] = &[
    (OutsideAccount::OutOfAppId, "PSL_LOGIN_WITH_OUTSIDE_APP_ID"),
    (
        OutsideAccount::Enterprise,
        "PSL_LOGIN_THROUGH_EMPLOYMENT_OR_ENTERPRISE_ACCOUNT",
    ),
    (OutsideAccount::Other, "PSL_OUTSIDE_APP_ACCOUNT_TYPE_OTHER"),
];

/// The answer to one of the account questions; empty for any other
/// question, and wherever the policy does not say.
pub(super) fn answer(accounts: Option<&Node<Accounts>>, question: &Question) -> String {
    let Some(accounts) = accounts.map(|a| &a.node) else {
        return String::new();
    };
    match question.id {
        "PSL_SUPPORTED_ACCOUNT_CREATION_METHODS" => {
            chosen(&accounts.creation, CREATION, question.response)
        }
        "PSL_ACM_SPECIFY" => text(&accounts.creation_other),
        "PSL_ACCOUNT_DELETION_URL" => accounts
            .deletion
            .as_ref()
            .map(|url| url.node.to_string())
            .unwrap_or_default(),
        "PSL_HAS_OUTSIDE_APP_ACCOUNTS" => match logs_in_from_outside(accounts) {
            Some(true) => "true".to_string(),
            Some(false) => "false".to_string(),
            None => String::new(),
        },
        "PSL_OUTSIDE_APP_ACCOUNT_TYPES" => chosen(&accounts.outside, OUTSIDE, question.response),
        "PSL_OUTSIDE_APP_ACCOUNT_TYPE_SPECIFY" => text(&accounts.outside_other),
        _ => String::new(),
    }
}

/// Whether people can create an account in the app: a method other than
/// `none` is declared.
pub(super) fn creates_accounts(accounts: &Accounts) -> bool {
    accounts
        .creation
        .iter()
        .any(|m| m.node != AccountCreation::None)
}

/// Whether people log in with accounts made outside the app: `true` for a
/// listed way, `false` for `[none]`, unknown when `outside` is not written.
pub(super) fn logs_in_from_outside(accounts: &Accounts) -> Option<bool> {
    match accounts.outside.first()?.node {
        OutsideAccount::None => Some(false),
        _ => Some(true),
    }
}

/// `true` when the policy lists the word whose Play response is `response`.
fn chosen<K: Keyword>(listed: &[Node<K>], table: &[(K, &str)], response: &str) -> String {
    let picked = table
        .iter()
        .any(|(word, id)| *id == response && listed.iter().any(|l| l.node == *word));
    if picked { "true" } else { "" }.to_string()
}

/// A text answer, or empty.
fn text(value: &Option<Node<String>>) -> String {
    value.as_ref().map(|t| t.node.clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::play::form::FORM;

    /// Every response id this file writes is one of the form's.
    #[test]
    fn every_response_is_the_forms() {
        let ids = CREATION.iter().map(|(_, id)| id);
        for id in ids.chain(OUTSIDE.iter().map(|(_, id)| id)) {
            assert!(FORM.top.iter().any(|q| q.response == *id), "{id}");
        }
    }
}

//! The data-practice facts checked among themselves: data shared, kept or
//! sent abroad that no `collect` declares; a recipient marked as a sale
//! while the policy says it does not sell; a minimum age under 13 while the
//! policy claims COPPA; a recipient, sale or sharing that `disclosure`
//! says does not happen; a right exercised through a contact channel the
//! policy does not declare; a right, retention id or cookie declared twice.
//! Checking the facts against each law's notice requirements is the rule
//! sets' job, not this file's.

use crate::diagnostic::{Code, Diagnostic};
use crate::keyword::Keyword;
use crate::model::practice::*;
use crate::model::*;
use crate::source::Span;
use std::collections::{HashMap, HashSet};

pub(super) fn check(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let practices = &policy.practices;
    // A `collect` whose data could not be read may collect anything.
    if !policy.written_but_invalid("collect.data") {
        uncollected(practices, out);
    }
    contradictions(practices, out);
    disclosure_denied(practices, out);
    under_age(policy, out);
    undeclared_channels(policy, out);
    duplicates(practices, out);
}

/// Categories named by recipients, retention and transfers must be collected.
fn uncollected(practices: &Practices, out: &mut Vec<Diagnostic>) {
    let named = practices
        .recipients
        .iter()
        .flat_map(|r| r.node.data.iter().map(|d| ("shared", d)))
        .chain(
            practices
                .retention
                .iter()
                .flat_map(|r| r.node.data.iter().map(|d| ("kept", d))),
        )
        .chain(
            practices
                .transfers
                .iter()
                .flat_map(|t| t.node.data.iter().map(|d| ("sent abroad", d))),
        );
    // A set of what is collected: linear in the facts, however many.
    let collected: HashSet<&Category> =
        practices.collected().into_iter().map(|c| &c.node).collect();
    for (verb, data) in named {
        if collected.contains(&data.node) {
            continue;
        }
        out.push(
            Diagnostic::error(
                Code::UncollectedData,
                format!("`{}` is {verb} but never collected", written(&data.node)),
            )
            .at(data.span)
            .label("no `collect` declares this category")
            .help(format!(
                "add `{}` to the `data` of a `collect`, or remove it here",
                written(&data.node)
            )),
        );
    }
}

/// How a category is written in a `.policy` file.
fn written(category: &Category) -> String {
    match category {
        Category::Known(info) => info.name.to_string(),
        Category::Other(words) => format!("other \"{words}\""),
    }
}

/// `sale { sells = false }` against a recipient `sale = true`, and
/// `shares = false` against `sharing = true`.
fn contradictions(practices: &Practices, out: &mut Vec<Diagnostic>) {
    let Some(sale) = &practices.sale else {
        return;
    };
    type Flag = fn(&Recipient) -> Option<&Node<bool>>;
    let statements: [(Option<&Node<bool>>, &str, &str, Flag); 2] = [
        (sale.node.sells.as_ref(), "sell", "sale", |r| {
            r.sale.as_ref()
        }),
        (sale.node.shares.as_ref(), "share", "sharing", |r| {
            r.sharing.as_ref()
        }),
    ];
    for (statement, verb, key, flag) in statements {
        let Some(statement) = statement.filter(|s| !s.node) else {
            continue;
        };
        for recipient in &practices.recipients {
            let Some(flag) = flag(&recipient.node).filter(|f| f.node) else {
                continue;
            };
            out.push(
                Diagnostic::error(
                    Code::Contradiction,
                    format!("this recipient is marked `{key} = true`, but the policy says it does not {verb}"),
                )
                .at(flag.span)
                .label(format!("a {key} here"))
                .related(statement.span, format!("`{verb}s = false` here"))
                .help("decide which is true and correct the other"),
            );
        }
    }
    advertising_denied(practices, sale, out);
}

/// `shares = false` against an `advertiser` for `targeted-advertising`:
/// giving a third party data for cross-context behavioural advertising is
/// sharing (Civ. Code § 1798.140(ah)), whatever the policy calls it.
fn advertising_denied(practices: &Practices, sale: &Node<Sale>, out: &mut Vec<Diagnostic>) {
    let Some(statement) = sale.node.shares.as_ref().filter(|s| !s.node) else {
        return;
    };
    let implied = practices
        .recipients
        .iter()
        .filter(|r| r.node.sharing.is_none() && crate::check::rules::shares(&r.node));
    for recipient in implied {
        out.push(
            Diagnostic::error(
                Code::Contradiction,
                "this advertiser receives data for targeted advertising, which the CCPA calls sharing, but the policy says it does not share",
            )
            .at(recipient.node.kind.span)
            .label("sharing for cross-context behavioural advertising")
            .related(statement.span, "`shares = false` here")
            .help("if the advertiser does not use the data across other businesses' services, say so with `sharing = false` on the recipient; otherwise set `shares = true` in `sale` and offer the opt-out"),
        );
    }
}

/// `disclosure { third-parties = false }` against a third-party recipient
/// or a sale or sharing (each is a disclosure to a third party: Civ. Code
/// § 1798.140(ad), (ah)), and `processors = false` against a `recipient
/// processor`: an error on the recipient, the statement related.
fn disclosure_denied(practices: &Practices, out: &mut Vec<Diagnostic>) {
    let Some(disclosure) = &practices.disclosure else {
        return;
    };
    let third = disclosure.node.third_parties.as_ref().filter(|t| !t.node);
    let processors = disclosure.node.processors.as_ref().filter(|p| !p.node);
    for recipient in &practices.recipients {
        let kind = recipient.node.kind.node;
        let (statement, key, noun) = match (third, processors) {
            (Some(statement), _) if kind.is_third_party() => {
                (statement, "third-parties", "third party")
            }
            (_, Some(statement)) if kind == RecipientKind::Processor => {
                (statement, "processors", "processor")
            }
            _ => continue,
        };
        out.push(
            Diagnostic::error(
                Code::Contradiction,
                format!("this recipient is a {noun}, but `disclosure` says no {noun} receives personal data"),
            )
            .at(recipient.node.kind.span)
            .label(format!("a {noun} receives data here"))
            .related(statement.span, format!("`{key} = false` here"))
            .help(format!("if it receives personal data, set `{key} = true` (or remove it from `disclosure`); otherwise remove this `recipient`")),
        );
    }
    let Some(statement) = third else { return };
    let Some(sale) = &practices.sale else { return };
    for (flag, verb) in [(&sale.node.sells, "sells"), (&sale.node.shares, "shares")] {
        let Some(flag) = flag.as_ref().filter(|f| f.node) else {
            continue;
        };
        out.push(
            Diagnostic::error(
                Code::Contradiction,
                format!("the policy says it {verb} personal information, but `disclosure` says no third party receives any"),
            )
            .at(flag.span)
            .label(format!("`{verb} = true` here"))
            .related(statement.span, "`third-parties = false` here")
            .help("a sale or sharing discloses data to a third party: decide which is true and correct the other"),
        );
    }
}

/// A minimum age under 13 in a policy that claims COPPA, without parental
/// consent.
fn under_age(policy: &Policy, out: &mut Vec<Diagnostic>) {
    if !policy
        .meta
        .profiles
        .iter()
        .any(|p| p.node == Profile::Coppa)
    {
        return;
    }
    let Some(children) = &policy.practices.children else {
        return;
    };
    let Some(age) = children.node.minimum_age.as_ref().filter(|a| a.node < 13) else {
        return;
    };
    if children
        .node
        .parental_consent
        .as_ref()
        .is_some_and(|c| c.node)
    {
        return;
    }
    let mut diagnostic = Diagnostic::error(
        Code::UnderAge,
        format!("the minimum age is {}, under the 13 of COPPA, which this policy claims", age.node),
    )
    .at(age.span)
    .label("children under 13 could use the service")
    .help("raise it to 13, or declare `parental-consent = true` if parents consent for younger children");
    if let Some(claim) = policy
        .meta
        .profiles
        .iter()
        .find(|p| p.node == Profile::Coppa)
    {
        diagnostic = diagnostic.related(claim.span, "COPPA claimed here");
    }
    out.push(diagnostic);
}

/// `via = email` needs an email in the policy's `contact`.
fn undeclared_channels(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let channels = policy.contact.as_ref().map(|c| &c.node.channels);
    for via in policy.practices.rights.iter().flat_map(|r| &r.node.via) {
        let Via::Contact(kind) = via.node else {
            continue;
        };
        let declared = channels.is_some_and(|c| match kind {
            ChannelKind::Email => c.email.is_some(),
            ChannelKind::Url => c.url.is_some(),
            ChannelKind::Phone => c.phone.is_some(),
            ChannelKind::Address => c.address.is_some(),
        });
        let key = kind.keyword();
        // A channel written with a refused value has its error already.
        if !declared && !policy.written_but_invalid(&format!("contact.{key}")) {
            out.push(
                Diagnostic::error(
                    Code::UnknownReference,
                    format!(
                        "`via = {key}` names the contact's {key}, which the policy does not declare"
                    ),
                )
                .at(via.span)
                .label("no such contact channel")
                .help(format!(
                    "add `{key} = \"…\"` to the policy's `contact`, or give a web address"
                )),
            );
        }
    }
}

/// A right, a retention id or a cookie declared twice.
fn duplicates(practices: &Practices, out: &mut Vec<Diagnostic>) {
    let rights = practices
        .rights
        .iter()
        .map(|r| (r.node.kind.node.keyword().to_string(), r.node.kind.span));
    report_duplicates("the right", rights, out);
    let ids = practices
        .retention
        .iter()
        .filter_map(|r| r.node.id.as_ref())
        .map(|id| (id.node.clone(), id.span));
    report_duplicates("the retention id", ids, out);
    let cookies = practices
        .cookies
        .iter()
        .map(|c| (c.node.name.node.clone(), c.node.name.span));
    report_duplicates("the cookie", cookies, out);
}

fn report_duplicates(
    what: &str,
    items: impl Iterator<Item = (String, Span)>,
    out: &mut Vec<Diagnostic>,
) {
    // Each name's first place, found by a map (thousands of cookies).
    let mut seen: HashMap<String, Span> = HashMap::new();
    for (name, span) in items {
        match seen.get(&name) {
            Some(first) => out.push(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("{what} `{name}` is declared twice"),
                )
                .at(span)
                .label("declared again here")
                .related(*first, "first declared here")
                .help("keep one declaration, with every setting in it"),
            ),
            None => {
                seen.insert(name, span);
            }
        }
    }
}

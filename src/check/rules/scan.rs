//! The walks over facts that predicates share: which collections hold a
//! test, which retention covers a category, how a right is exercised. Kept
//! apart from the predicate table so each stays short; the CCPA's own
//! walks (sharing for advertising, request methods) are here too.

use crate::model::practice::*;
use crate::model::*;
use crate::source::Span;
use std::collections::HashSet;

/// Whether some `retain` covers a category (one without `data` covers
/// all): a set built once, so asking for every collected category is linear
/// in the facts.
pub(super) fn kept(retention: &[Node<Retention>]) -> impl Fn(&Category) -> bool + '_ {
    let all = retention.iter().any(|r| r.node.data.is_empty());
    let named: HashSet<&Category> = retention
        .iter()
        .flat_map(|r| &r.node.data)
        .map(|d| &d.node)
        .collect();
    move |category| all || named.contains(category)
}

pub(super) fn officer<'a>(policy: &'a Policy, role: &str) -> Option<&'a Node<Officer>> {
    policy
        .contact
        .as_ref()?
        .node
        .officers
        .iter()
        .find(|o| o.node.role.node == role)
}

/// The first collection for which `test` holds.
pub(super) fn some_collection(policy: &Policy, test: impl Fn(&Collection) -> bool) -> Option<Span> {
    policy
        .practices
        .collections
        .iter()
        .find(|c| test(&c.node))
        .map(|c| c.span)
}

/// The first collection, when `test` holds for every one of them.
pub(super) fn every_collection(
    policy: &Policy,
    test: impl Fn(&Collection) -> bool,
) -> Option<Span> {
    let collections = &policy.practices.collections;
    if collections.iter().all(|c| test(&c.node)) {
        collections.first().map(|c| c.span)
    } else {
        None
    }
}

/// Whether a right says how to exercise it; not-discrimination and a
/// complaint to an authority are not requests to the organisation.
pub(super) fn exercised(right: &Right) -> bool {
    matches!(
        right.kind.node,
        RightKind::NonDiscrimination | RightKind::Complaint
    ) || !right.via.is_empty()
}

/// The place of the first item for which `test` fails.
pub(super) fn first_failing<T>(items: &[Node<T>], test: impl Fn(&T) -> bool) -> Option<Span> {
    items.iter().find(|i| !test(&i.node)).map(|i| i.span)
}

/// The first item's place when `test` holds for every item, `fallback`'s
/// when there is none (an "every" holds of nothing).
pub(super) fn every<T>(
    items: &[Node<T>],
    fallback: Span,
    test: impl Fn(&T) -> bool,
) -> Option<Span> {
    if items.iter().all(|i| test(&i.node)) {
        Some(items.first().map_or(fallback, |i| i.span))
    } else {
        None
    }
}

/// Every collected category is kept for a stated period (a `retain`
/// without `data` covers all), and every open-ended period gives criteria.
pub(super) fn retention_stated(practices: &Practices) -> Option<Span> {
    let retention = &practices.retention;
    let first = retention.first()?;
    let kept = kept(retention);
    let covered = practices
        .collected()
        .into_iter()
        .all(|category| kept(&category.node));
    let criteria = retention.iter().all(|r| {
        !matches!(r.node.period.node, Period::AsLongAsNecessary) || r.node.criteria.is_some()
    });
    (covered && criteria).then_some(first.span)
}

/// A right of `kind` exercised through a web address, or GPC honoured.
pub(super) fn link_or_gpc(policy: &Policy, kind: RightKind) -> Option<Span> {
    let practices = &policy.practices;
    let right = practices.rights.iter().find(|r| {
        r.node.kind.node == kind && r.node.via.iter().any(|v| matches!(v.node, Via::Url(_)))
    });
    let gpc = practices
        .signals
        .as_ref()
        .and_then(|s| s.node.gpc.as_ref())
        .filter(|g| g.node == Stance::Honoured);
    right.map(|r| r.span).or(gpc.map(|g| g.span))
}

pub(super) fn relies_on(policy: &Policy, kind: BasisKind) -> Option<Span> {
    some_collection(policy, |c| {
        c.basis.as_ref().is_some_and(|b| b.node.kind == kind)
    })
}

/// Whether a `collect` obtains data from the person (Art. 13), not only
/// from third parties or public sources (Art. 14): no `from` counts as the
/// person, as the lowering's default reading does.
pub(super) fn from_the_person(collection: &Collection) -> bool {
    collection.sources.is_empty()
        || collection
            .sources
            .iter()
            .any(|s| !matches!(s.node.kind, SourceKind::ThirdParty | SourceKind::Public))
}

/// The categories some `collect` states purposes for: a `collect` that
/// gives only a basis for data whose purposes are stated elsewhere in the
/// policy leaves no purpose unsaid.
pub(super) fn purposed(practices: &Practices) -> HashSet<&Category> {
    practices
        .collections
        .iter()
        .filter(|c| !c.node.purposes.is_empty())
        .flat_map(|c| &c.node.data)
        .map(|d| &d.node)
        .collect()
}

/// Whether a recipient receives data for cross-context behavioural
/// advertising: marked `sharing = true`, or an `advertiser` for
/// `targeted-advertising` not marked `sharing = false` (Civ. Code
/// § 1798.140(ah): making data available to a third party for that
/// advertising is sharing, whatever the policy calls it).
pub fn shares(recipient: &Recipient) -> bool {
    match recipient.sharing.as_ref() {
        Some(flag) => flag.node,
        None => {
            recipient.kind.node == RecipientKind::Advertiser
                && recipient
                    .purposes
                    .iter()
                    .any(|p| p.node.name() == "targeted-advertising")
        }
    }
}

/// The rights that are requests to the business under § 1798.130(a)(1):
/// to know, to delete, to correct.
pub(super) fn is_request(right: &Right) -> bool {
    matches!(
        right.kind.node,
        RightKind::Access | RightKind::Erasure | RightKind::Rectification
    )
}

/// Two or more designated methods, one of them a telephone number (toll
/// free: not typed, the number is).
pub(super) fn request_methods(right: &Right) -> bool {
    let phone = right
        .via
        .iter()
        .any(|v| matches!(v.node, Via::Contact(ChannelKind::Phone)));
    right.via.len() >= 2 && phone
}

/// The policy says it neither sells nor shares (so it knowingly sells no
/// minor's data), or that it knowingly collects no data of anyone under 16.
pub(super) fn minors_sale_stated(policy: &Policy) -> Option<Span> {
    let practices = &policy.practices;
    let denied = |flag: &Option<Node<bool>>| flag.as_ref().is_some_and(|f| !f.node);
    let none_sold = practices
        .sale
        .as_ref()
        .filter(|s| denied(&s.node.sells) && denied(&s.node.shares))
        .map(|s| s.span);
    let no_minors = practices.children.as_ref().and_then(|c| {
        c.node
            .minimum_age
            .as_ref()
            .filter(|a| a.node >= 16)
            .map(|_| c.span)
    });
    none_sold.or(no_minors)
}

/// `automated-decision-making { used = false }`, or `used = true` with the logic
/// and the consequences given.
pub(super) fn automated_decision_making_stated(practices: &Practices) -> Option<Span> {
    let fact = practices.automated_decision_making.as_ref()?;
    let used = fact.node.used.as_ref()?;
    let explained = fact.node.logic.is_some() && fact.node.consequences.is_some();
    (!used.node || explained).then_some(fact.span)
}

/// Whether the recipients are stated: some `recipient` is declared, or
/// `disclosure` says no one receives data — no third party, and, where
/// `processors` count (GDPR Art. 4(9): a processor is a recipient), no
/// processor either. A kind `disclosure` says does receive data (`= true`)
/// needs a `recipient` of that kind, or who it is is still unsaid.
pub(super) fn recipients_stated(practices: &Practices, processors: bool) -> Option<Span> {
    let disclosure = practices.disclosure.as_ref();
    let said = |flag: &Option<Node<bool>>| flag.as_ref().is_some_and(|f| f.node);
    let declared = |test: fn(RecipientKind) -> bool| {
        practices.recipients.iter().any(|r| test(r.node.kind.node))
    };
    if let Some(d) = disclosure {
        let third = said(&d.node.third_parties) && !declared(RecipientKind::is_third_party);
        let processor =
            processors && said(&d.node.processors) && !declared(|k| k == RecipientKind::Processor);
        if third || processor {
            return None;
        }
    }
    let nobody = disclosure.filter(|d| {
        if processors {
            d.node.no_one()
        } else {
            d.node.no_third_parties()
        }
    });
    practices
        .recipients
        .first()
        .map(|r| r.span)
        .or(nobody.map(|d| d.span))
}

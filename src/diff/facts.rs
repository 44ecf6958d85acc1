//! The facts of two versions compared: metadata, the organisation, the
//! contact point and officers, and every data-practice fact. Each fact kind
//! is one small function or one table of its fields; what a field holds is
//! a [`Facet`], one value or a set, and every facet is compared the same
//! way. Lists of facts are paired by what identifies them (a recipient by
//! kind and name, a retention by id and else by its data, a cookie by name,
//! a right by kind, an officer by role).

use super::facet::*;
use super::{Change, Value, pair_up};
use crate::keyword::Keyword;
use crate::model::entity::{Entity, Field as EntityField, Slot};
use crate::model::practice::*;
use crate::model::{Contact, Definition, Metadata, Node, Officer, Policy, Term};
use std::collections::HashMap;

/// Every fact change from `old` to `new`, in the order of `docs/diff.md`.
pub(super) fn compare(old: &Policy, new: &Policy) -> Vec<Change> {
    let mut out = Vec::new();
    metadata(&mut out, old, new);
    entity(&mut out, "org", None, old.org.as_ref(), new.org.as_ref());
    let (old_contact, new_contact) = (old.contact.as_ref(), new.contact.as_ref());
    entity(&mut out, "contact", None, old_contact, new_contact);
    officers(&mut out, old_contact, new_contact);
    let (o, n) = (&old.practices, &new.practices);
    collections(&mut out, o, n);
    recipients(&mut out, o, n);
    retention(&mut out, o, n);
    transfers(&mut out, o, n);
    single(&mut out, &CHILDREN, o, n);
    cookies(&mut out, o, n);
    rights(&mut out, o, n);
    single(&mut out, &SECURITY, o, n);
    single(&mut out, &CHANGES, o, n);
    single(&mut out, &SIGNALS, o, n);
    single(&mut out, &SALE, o, n);
    single(&mut out, &ACCOUNTS, o, n);
    single(&mut out, &AUTOMATED, o, n);
    single(&mut out, &DISCLOSURE, o, n);
    apis(&mut out, o, n);
    terms(&mut out, old, new);
    out
}

/// The title, id, version, dates, language, jurisdictions and profiles.
fn metadata(out: &mut Vec<Change>, old: &Policy, new: &Policy) {
    let title = |p: &Policy| Facet::One(Some((text(&p.title.node), p.title.span)));
    facet(out, "policy.title", None, title(old), title(new));
    type Read = fn(&Metadata) -> Facet;
    let fields: [(&str, Read); 7] = [
        ("id", |m| one(&m.id, text)),
        ("version", |m| one(&m.version, text)),
        ("effective", |m| {
            one(&m.effective, |d| Value::Text(d.to_string()))
        }),
        ("updated", |m| {
            one(&m.updated, |d| Value::Text(d.to_string()))
        }),
        ("language", |m| {
            Facet::One(Some((text(&m.language.node), m.language.span)))
        }),
        ("jurisdictions", |m| set(&m.jurisdictions, text)),
        ("profiles", |m| words(&m.profiles)),
    ];
    for (name, read) in fields {
        facet(
            out,
            &format!("policy.{name}"),
            None,
            read(&old.meta),
            read(&new.meta),
        );
    }
}

/// An entity's fields, read through its field table (`model/entity.rs`).
fn entity<E: Entity>(
    out: &mut Vec<Change>,
    prefix: &str,
    item: Option<&str>,
    old: Option<&Node<E>>,
    new: Option<&Node<E>>,
) {
    let read = |field: &EntityField<E>, e: &Node<E>| match (field.slot)(&e.node) {
        Slot::One(value) => one(value, text),
        Slot::Many(values) => set(values, text),
        Slot::Web(value) => one(value, text),
        Slot::Email(value) => one(value, text),
        Slot::Phone(value) => one(value, text),
    };
    for field in E::FIELDS {
        let (o, n) = (old.map(|e| read(field, e)), new.map(|e| read(field, e)));
        if let Some((o, n)) = both(o, n) {
            facet(out, &format!("{prefix}.{}", field.key), item, o, n);
        }
    }
}

/// The contact point's officers, by role.
fn officers(out: &mut Vec<Change>, old: Option<&Node<Contact>>, new: Option<&Node<Contact>>) {
    fn of(c: Option<&Node<Contact>>) -> &[Node<Officer>] {
        c.map_or(&[], |c| &c.node.officers)
    }
    let role = |o: &Node<Officer>| Some(o.node.role.node.clone());
    let list = List {
        path: "officer",
        keys: &[&role],
        whole: None,
        fields: Fields::By(&|out, item, o, n| entity(out, "officer", Some(item), Some(o), Some(n))),
    };
    keyed(out, &list, of(old), of(new));
}

/// Categories collected, purposes and sources across the policy, then for
/// each category both versions collect: its purposes and sources new to
/// it (those new to the policy are said once, above), its legal bases and
/// its flags.
fn collections(out: &mut Vec<Change>, old: &Practices, new: &Practices) {
    type Read = fn(&Collection) -> Vec<Located>;
    let across: [(&str, Read); 3] = [
        ("collection.data", |c| categories(&c.data)),
        ("collection.purposes", |c| purposes(&c.purposes)),
        ("collection.sources", |c| sources(&c.sources)),
    ];
    let start = out.len();
    for (path, read) in across {
        let all =
            |p: &Practices| Facet::Set(p.collections.iter().flat_map(|c| read(&c.node)).collect());
        facet(out, path, None, all(old), all(new));
    }
    let said: Vec<(String, Option<Value>)> = out
        .get(start..)
        .unwrap_or_default()
        .iter()
        .map(|c| (c.path.clone(), c.new.clone().or_else(|| c.old.clone())))
        .collect();
    let (old_uses, new_uses) = (data_uses(old), data_uses(new));
    let key = |u: &Node<DataUse>| Some(category(&u.node.category));
    let pairs = pair_up(&old_uses, &new_uses, &[&key]);
    for (n, o) in new_uses.iter().zip(&pairs) {
        let Some(o) = o.and_then(|i| old_uses.get(i)) else {
            continue;
        };
        let mut found = Vec::new();
        let item = key(n);
        fields(
            &mut found,
            "collection",
            item.as_deref(),
            DATA_USE,
            Some(o),
            Some(n),
        );
        out.extend(found.into_iter().filter(|c| {
            let value = c.new.clone().or_else(|| c.old.clone());
            !said.iter().any(|(path, v)| *path == c.path && *v == value)
        }));
    }
}

/// What one category is collected for, on what bases and from where,
/// gathered from every `collect` that names it.
struct DataUse {
    category: Category,
    purposes: Vec<Node<Purpose>>,
    sources: Vec<Node<Source>>,
    bases: Vec<Node<LegalBasis>>,
    /// Each flag true when any `collect` says so, else as the first says.
    required: Option<Node<bool>>,
    linked: Option<Node<bool>>,
    tracking: Option<Node<bool>>,
    tracking_domains: Vec<Node<crate::model::value::HostName>>,
    ephemeral: Option<Node<bool>>,
}

const DATA_USE: Facets<DataUse> = &[
    ("purposes", |u| Facet::Set(purposes(&u.node.purposes))),
    ("sources", |u| Facet::Set(sources(&u.node.sources))),
    ("basis", |u| {
        Facet::Choice(each(&u.node.bases, |b| Value::Basis(b.clone())))
    }),
    ("required", |u| flag(&u.node.required)),
    ("linked", |u| flag(&u.node.linked)),
    ("tracking", |u| flag(&u.node.tracking)),
    ("tracking-domains", |u| set(&u.node.tracking_domains, text)),
    ("ephemeral", |u| flag(&u.node.ephemeral)),
];

/// Each collected category, first mention first, with what every
/// `collect` naming it says.
fn data_uses(practices: &Practices) -> Vec<Node<DataUse>> {
    let mut uses: Vec<Node<DataUse>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for c in &practices.collections {
        for data in &c.node.data {
            let i = *index.entry(category(&data.node)).or_insert_with(|| {
                let fresh = DataUse {
                    category: data.node.clone(),
                    purposes: Vec::new(),
                    sources: Vec::new(),
                    bases: Vec::new(),
                    required: None,
                    linked: None,
                    tracking: None,
                    tracking_domains: Vec::new(),
                    ephemeral: None,
                };
                uses.push(Node::new(fresh, data.span));
                uses.len() - 1
            });
            if let Some(u) = uses.get_mut(i) {
                merge(&mut u.node, &c.node);
            }
        }
    }
    uses
}

/// Adds what `from` says of its data to `into`.
fn merge(into: &mut DataUse, from: &Collection) {
    into.purposes.extend(from.purposes.iter().cloned());
    into.sources.extend(from.sources.iter().cloned());
    into.bases.extend(from.basis.iter().cloned());
    into.tracking_domains
        .extend(from.tracking_domains.iter().cloned());
    for (flag, other) in [
        (&mut into.required, &from.required),
        (&mut into.linked, &from.linked),
        (&mut into.tracking, &from.tracking),
        (&mut into.ephemeral, &from.ephemeral),
    ] {
        if flag.as_ref().is_none_or(|f| !f.node) && other.is_some() {
            *flag = other.clone();
        }
    }
}

fn recipients(out: &mut Vec<Change>, old: &Practices, new: &Practices) {
    let key = |r: &Node<Recipient>| {
        let kind = r.node.kind.node.keyword();
        Some(match &r.node.name {
            Some(name) => format!("{kind} {}", super::quoted(&name.node)),
            None => kind.to_string(),
        })
    };
    let list = List {
        path: "recipient",
        keys: &[&key],
        whole: None,
        fields: Fields::Table(&[
            ("data", |r| all_or(&r.node.data, r.span)),
            ("purposes", |r| Facet::Set(purposes(&r.node.purposes))),
            ("sale", |r| flag(&r.node.sale)),
            ("sharing", |r| flag(&r.node.sharing)),
        ]),
    };
    keyed(out, &list, &old.recipients, &new.recipients);
}

fn retention(out: &mut Vec<Change>, old: &Practices, new: &Practices) {
    let id = |r: &Node<Retention>| r.node.id.as_ref().map(|i| i.node.clone());
    let data = |r: &Node<Retention>| Some(data_key(&r.node.data));
    let name = |r: &Node<Retention>| id(r).or_else(|| data(r));
    let list = List {
        // Paired by id, then by the data kept; named by id, else by the data.
        path: "retention",
        keys: &[&name, &data],
        whole: Some(&|r| Value::Period(r.node.period.node.clone())),
        fields: Fields::Table(&[
            ("period", |r| {
                let period = &r.node.period;
                Facet::One(Some((Value::Period(period.node.clone()), period.span)))
            }),
            ("data", |r| all_or(&r.node.data, r.span)),
            ("purposes", |r| Facet::Set(purposes(&r.node.purposes))),
            ("criteria", |r| one(&r.node.criteria, text)),
        ]),
    };
    keyed(out, &list, &old.retention, &new.retention);
}

/// Each destination, with every safeguard and category any transfer to
/// it names (all collected data for a transfer without `data`).
fn transfers(out: &mut Vec<Change>, old: &Practices, new: &Practices) {
    let to = |t: &Node<Transfer>| t.node.to.first().map(|d| destination(&d.node));
    let list = List {
        path: "transfer.to",
        keys: &[&to],
        whole: None,
        fields: Fields::Table(&[
            ("safeguard", |t| {
                Facet::Choice(each(t.node.safeguard.as_slice(), |s| Value::Safeguard(*s)))
            }),
            ("data", |t| all_or(&t.node.data, t.span)),
        ]),
    };
    keyed(out, &list, &by_destination(old), &by_destination(new));
}

/// One transfer a destination, merging every transfer to it: the first
/// safeguard named, and all their data.
fn by_destination(practices: &Practices) -> Vec<Node<Transfer>> {
    let mut each: Vec<Node<Transfer>> = Vec::new();
    for t in &practices.transfers {
        for to in &t.node.to {
            let data = t.node.data.clone();
            match each
                .iter_mut()
                .find(|e| e.node.to.first().is_some_and(|d| d.node == to.node))
            {
                Some(e) => {
                    e.node.safeguard = e.node.safeguard.take().or_else(|| t.node.safeguard.clone());
                    // No `data` is all collected data, which covers the rest.
                    if e.node.data.is_empty() || data.is_empty() {
                        e.node.data.clear();
                    } else {
                        e.node.data.extend(data);
                    }
                }
                None => {
                    let one = Transfer {
                        to: vec![to.clone()],
                        safeguard: t.node.safeguard.clone(),
                        data,
                    };
                    each.push(Node::new(one, t.span));
                }
            }
        }
    }
    each
}

fn cookies(out: &mut Vec<Change>, old: &Practices, new: &Practices) {
    let name = |c: &Node<Cookie>| Some(c.node.name.node.clone());
    let list = List {
        path: "cookie",
        keys: &[&name],
        whole: Some(&|c| Value::Cookie(Box::new(c.node.clone()))),
        fields: Fields::Table(&[
            ("type", |c| {
                one(&Some(c.node.tracker.clone()), |t| {
                    Value::Text(t.keyword().to_string())
                })
            }),
            ("provider", |c| one(&c.node.provider, text)),
            ("party", |c| one(&c.node.party, |p| Value::Party(*p))),
            ("purpose", |c| {
                one(&c.node.purpose, |p| Value::CookiePurpose(*p))
            }),
            ("duration", |c| {
                one(&c.node.duration, |d| Value::Lifetime(d.clone()))
            }),
        ]),
    };
    keyed(out, &list, &old.cookies, &new.cookies);
}

fn rights(out: &mut Vec<Change>, old: &Practices, new: &Practices) {
    let kind = |r: &Node<Right>| Some(r.node.kind.node.keyword().to_string());
    let list = List {
        path: "right",
        keys: &[&kind],
        whole: None,
        fields: Fields::Table(&[
            ("via", |r| set(&r.node.via, |v| Value::Text(via(v)))),
            ("response-time", |r| {
                one(&r.node.response_time, |d| Value::Duration(d.clone()))
            }),
        ]),
    };
    keyed(out, &list, &old.rights, &new.rights);
}

/// Required-reason APIs, paired by category, their reasons compared.
fn apis(out: &mut Vec<Change>, old: &Practices, new: &Practices) {
    let api = |a: &Node<ApiUse>| Some(a.node.api.node.clone());
    let list = List {
        path: "api",
        keys: &[&api],
        whole: None,
        fields: Fields::Table(&[("reasons", |a| set(&a.node.reasons, text))]),
    };
    keyed(out, &list, &old.apis, &new.apis);
}

/// A fact a policy declares at most once: where it is, and its fields.
struct Single<T: 'static> {
    path: &'static str,
    of: fn(&Practices) -> Option<&Node<T>>,
    fields: Facets<T>,
}

fn single<T>(out: &mut Vec<Change>, fact: &Single<T>, old: &Practices, new: &Practices) {
    fields(
        out,
        fact.path,
        None,
        fact.fields,
        (fact.of)(old),
        (fact.of)(new),
    );
}

const CHILDREN: Single<Children> = Single {
    path: "children",
    of: |p| p.children.as_ref(),
    fields: &[
        ("minimum-age", |c| {
            one(&c.node.minimum_age, |a| Value::Number(*a))
        }),
        ("parental-consent", |c| flag(&c.node.parental_consent)),
    ],
};

const SECURITY: Single<Security> = Single {
    path: "security",
    of: |p| p.security.as_ref(),
    fields: &[
        ("measures", |s| {
            set(&s.node.measures, |m| Value::Text(measure(m)))
        }),
        ("in-transit", |s| {
            one(&s.node.in_transit, |v| Value::Text(v.keyword().to_string()))
        }),
    ],
};

const CHANGES: Single<Changes> = Single {
    path: "changes",
    of: |p| p.changes.as_ref(),
    fields: &[("announced", |c| words(&c.node.announced))],
};

const SIGNALS: Single<Signals> = Single {
    path: "signals",
    of: |p| p.signals.as_ref(),
    fields: &[
        ("do-not-track", |s| {
            one(&s.node.do_not_track, |v| Value::Stance(*v))
        }),
        ("gpc", |s| one(&s.node.gpc, |v| Value::Stance(*v))),
    ],
};

const SALE: Single<Sale> = Single {
    path: "sale",
    of: |p| p.sale.as_ref(),
    fields: &[
        ("sells", |s| flag(&s.node.sells)),
        ("shares", |s| flag(&s.node.shares)),
        ("sensitive-beyond-permitted", |s| {
            flag(&s.node.sensitive_beyond_permitted)
        }),
    ],
};

const AUTOMATED: Single<AutomatedDecisionMaking> = Single {
    path: "automated-decision-making",
    of: |p| p.automated_decision_making.as_ref(),
    fields: &[
        ("used", |a| flag(&a.node.used)),
        ("logic", |a| {
            Facet::One(a.node.logic.as_ref().map(|l| (text(&l.node), l.span)))
        }),
        ("consequences", |a| {
            Facet::One(
                a.node
                    .consequences
                    .as_ref()
                    .map(|c| (text(&c.node), c.span)),
            )
        }),
    ],
};

const DISCLOSURE: Single<Disclosure> = Single {
    path: "disclosure",
    of: |p| p.disclosure.as_ref(),
    fields: &[
        ("third-parties", |d| flag(&d.node.third_parties)),
        ("processors", |d| flag(&d.node.processors)),
    ],
};

const ACCOUNTS: Single<Accounts> = Single {
    path: "accounts",
    of: |p| p.accounts.as_ref(),
    fields: &[
        ("creation", |a| words(&a.node.creation)),
        ("creation-other", |a| one(&a.node.creation_other, text)),
        ("outside", |a| words(&a.node.outside)),
        ("outside-other", |a| one(&a.node.outside_other, text)),
        ("deletion", |a| {
            one(&a.node.deletion, |u| Value::Text(u.to_string()))
        }),
    ],
};

/// Defined terms by name, defined phrases by phrase.
fn terms(out: &mut Vec<Change>, old: &Policy, new: &Policy) {
    let name = |t: &Node<Term>| Some(t.node.name.node.clone());
    let list = List {
        path: "term",
        keys: &[&name],
        whole: None,
        fields: Fields::Table(&[("value", |t| {
            Facet::One(Some((text(&t.node.value.node), t.node.value.span)))
        })]),
    };
    keyed(out, &list, &old.terms, &new.terms);
    let phrase = |d: &Node<Definition>| Some(d.node.phrase.node.clone());
    let list = List {
        path: "definition",
        keys: &[&phrase],
        whole: None,
        fields: Fields::Table(&[("meaning", |d| {
            Facet::One(Some((
                Value::Text(d.node.meaning.source()),
                d.node.phrase.span,
            )))
        })]),
    };
    keyed(out, &list, &old.definitions, &new.definitions);
}

//! What each `${…}` name stands for: `${Term}`, `${policy.*}`, and the
//! fields of the entities, read through their tables in `model::entity`.
//! The one place a reference gets its value, the list of every name for
//! "did you mean", and where an undeclared name would be declared.

use crate::model::entity::{Entity, Slot, where_declared as entity_field};
use crate::model::*;

/// A `${policy.*}` name and how to read it.
struct PolicyName {
    name: &'static str,
    value: fn(&Policy) -> Option<Resolved>,
}

fn text(value: &str) -> Option<Resolved> {
    Some(Resolved {
        text: value.to_string(),
        date: None,
        link: None,
    })
}

fn date(policy: &Policy, date: Option<&Node<Date>>) -> Option<Resolved> {
    let date = date?.node;
    Some(Resolved {
        text: date.long(&policy.meta.language.node),
        date: Some(date),
        link: None,
    })
}

/// Every `${policy.*}` name.
const POLICY_NAMES: &[PolicyName] = &[
    PolicyName {
        name: "title",
        value: |p| text(&p.title.node),
    },
    PolicyName {
        name: "id",
        value: |p| text(p.meta.id.as_ref()?.node.as_str()),
    },
    PolicyName {
        name: "version",
        value: |p| text(p.meta.version.as_ref()?.node.as_str()),
    },
    PolicyName {
        name: "language",
        value: |p| text(&p.meta.language.node),
    },
    PolicyName {
        name: "effective",
        value: |p| date(p, p.meta.effective.as_ref()),
    },
    PolicyName {
        name: "updated",
        value: |p| date(p, p.meta.updated.as_ref()),
    },
];

/// The value a `${…}` reference stands for, if the policy declares it.
pub fn resolve(policy: &Policy, reference: &str) -> Option<Resolved> {
    let parts: Vec<&str> = reference.split('.').collect();
    match parts.as_slice() {
        [name] => {
            let term = policy.terms.get(*policy.term_index.get(*name)?)?;
            text(&term_text(&term.node.parts))
        }
        ["policy", field] => {
            let name = POLICY_NAMES.iter().find(|n| n.name == *field)?;
            (name.value)(policy)
        }
        ["org", field] => field_value(&policy.org.as_ref()?.node, field),
        ["contact", "officer", role, field] => {
            let contact = &policy.contact.as_ref()?.node;
            let officer = contact
                .officers
                .iter()
                .find(|o| o.node.role.node == *role)?;
            field_value(&officer.node, field)
        }
        ["contact", field] => field_value(&policy.contact.as_ref()?.node, field),
        ["children", "minimum-age"] => {
            let children = &policy.practices.children.as_ref()?.node;
            text(&children.minimum_age.as_ref()?.node.to_string())
        }
        ["retention", id] => text(
            &policy
                .practices
                .retention_by_id(id)?
                .node
                .period
                .node
                .words(),
        ),
        _ => None,
    }
}

/// A term's words with the facts it names filled in; a reference that
/// resolved to nothing (an error the checks report) stays as written.
fn term_text(parts: &Prose) -> String {
    let mut out = String::new();
    for segment in &parts.segments {
        match segment {
            Segment::Text(t) => out.push_str(t),
            Segment::Ref(r) => match &r.node.value {
                Some(value) => out.push_str(&value.text),
                None => {
                    out.push_str("${");
                    out.push_str(&r.node.name);
                    out.push('}');
                }
            },
        }
    }
    out
}

fn field_value<E: Entity>(entity: &E, key: &str) -> Option<Resolved> {
    let field = E::field(key)?;
    let link = field.link(entity).map(|target| Link {
        is_phone: matches!((field.slot)(entity), Slot::Phone(_)),
        target,
    });
    field.value(entity).map(|text| Resolved {
        text,
        date: None,
        link,
    })
}

/// Every name a reference could use, for "did you mean".
pub fn reference_names(policy: &Policy) -> Vec<String> {
    let mut names: Vec<String> = policy
        .terms
        .iter()
        .map(|t| t.node.name.node.clone())
        .collect();
    names.extend(POLICY_NAMES.iter().map(|n| format!("policy.{}", n.name)));
    names.extend(Organisation::keys().map(|k| format!("org.{k}")));
    names.extend(Contact::keys().map(|k| format!("contact.{k}")));
    names.push("children.minimum-age".to_string());
    names.extend(
        policy
            .practices
            .retention
            .iter()
            .filter_map(|r| r.node.id.as_ref())
            .map(|id| format!("retention.{}", id.node)),
    );
    if let Some(contact) = &policy.contact {
        for officer in &contact.node.officers {
            let role = &officer.node.role.node;
            names.extend(Officer::keys().map(|k| format!("contact.officer.{role}.{k}")));
        }
    }
    names
}

/// Where a known but undeclared name would be declared, for help texts.
pub fn where_declared(name: &str) -> String {
    let parts: Vec<&str> = name.split('.').collect();
    match parts.as_slice() {
        ["policy", field] => format!("`{field} = …` in the policy's metadata"),
        ["org", field] => entity_field::<Organisation>(field),
        ["contact", "officer", _, field] => entity_field::<Officer>(field),
        ["contact", field] => entity_field::<Contact>(field),
        ["children", _] => "`minimum-age = …` in a `children` fact".to_string(),
        ["retention", id] => format!("a `retain` fact with `id = \"{id}\"`"),
        _ => "a `term`".to_string(),
    }
}

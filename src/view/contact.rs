//! The contact card: the organisation, the contact point's channels and
//! each officer, laid out from the entity tables (`model::entity`), so a
//! new field appears on the page and in Markdown by its table row alone.

use crate::model::entity::{Entity, LinkKind, Shown};
use crate::model::*;

/// The details a contact block shows.
#[derive(Debug, Default)]
pub struct ContactCard {
    /// The organisation's name, shown first.
    pub heading: Option<String>,
    /// Lines under it, labels included ("Registration: …").
    pub lines: Vec<String>,
    /// Ways to reach the organisation.
    pub channels: Vec<ChannelView>,
    /// Each named officer.
    pub officers: Vec<OfficerCard>,
}

/// A named officer's part of the card.
#[derive(Debug)]
pub struct OfficerCard {
    /// "Title: Name", or the role when neither is given.
    pub heading: String,
    /// Ways to reach the officer.
    pub channels: Vec<ChannelView>,
}

/// One way to reach someone.
#[derive(Debug)]
pub struct ChannelView {
    /// "Email", "Contact page", … (never two labels that read alike:
    /// the organisation's "Website" and a contact "Web" page did)
    pub label: &'static str,
    /// The value as written.
    pub text: String,
    /// What kind of link it makes.
    pub link: LinkKind,
    /// Where it links on a page, built from the typed value (the address,
    /// `mailto:`, `tel:`); `None` for texts that are not linked.
    pub href: Option<String>,
}

impl ContactCard {
    /// The card of a policy's organisation and contact point.
    pub fn of(policy: &Policy) -> Self {
        let mut card = ContactCard::default();
        if let Some(org) = &policy.org {
            let (heading, lines, channels) = fields(&org.node);
            card.heading = heading;
            card.lines = lines;
            card.channels = channels;
        }
        if let Some(contact) = &policy.contact {
            card.channels.extend(fields(&contact.node).2);
            card.officers = contact
                .node
                .officers
                .iter()
                .map(|o| {
                    let (heading, _, channels) = fields(&o.node);
                    OfficerCard {
                        heading: heading.unwrap_or_else(|| o.node.role.node.clone()),
                        channels,
                    }
                })
                .collect();
        }
        card
    }
}

/// An entity's heading, lines and channels, as its table shows them.
fn fields<E: Entity>(entity: &E) -> (Option<String>, Vec<String>, Vec<ChannelView>) {
    let mut heading: Vec<(u8, String)> = Vec::new();
    let mut lines = Vec::new();
    let mut channels = Vec::new();
    for field in E::FIELDS {
        let Some(text) = field.value(entity) else {
            continue;
        };
        match field.shown {
            Shown::Heading(rank) => heading.push((rank, text)),
            Shown::Line(None) => lines.push(text),
            Shown::Line(Some(label)) => lines.push(format!("{label}: {text}")),
            Shown::Channel(label, link) => channels.push(ChannelView {
                label,
                text,
                link,
                href: field.link(entity),
            }),
            Shown::Hidden => {}
        }
    }
    heading.sort_by_key(|(rank, _)| *rank);
    let heading = (!heading.is_empty()).then(|| {
        heading
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>()
            .join(": ")
    });
    (heading, lines, channels)
}

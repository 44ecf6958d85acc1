//! Stage 3, model → problems. Checks that need the whole policy: required
//! sections and entities, unique ids, resolvable references, date order,
//! safe links. Every problem is reported, not only the first.

use crate::diagnostic::{Code, Diagnostic, MAX_PER_FILE, did_you_mean};
use crate::model::*;
use crate::source::{SafeSlice, Span};
use crate::url::{decode_character_references, is_unsafe_url};
use std::cell::OnceCell;
use std::collections::HashMap;

/// Options that change what the validator checks.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checks {
    /// Skip the required-section check, because a section kind was already
    /// reported as unknown and the check would only repeat that error.
    pub skip_required_sections: bool,
    /// Today, for warnings about dates in the future.
    pub today: Option<Date>,
}

/// Every problem in `policy`.
pub fn validate(policy: &Policy, checks: Checks) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_entities(policy, &mut out);
    if !checks.skip_required_sections {
        check_required_sections(policy, &mut out);
    }
    check_unique_ids(policy, &mut out);
    check_dates(policy, checks.today, &mut out);
    check_blocks(policy, &policy.body, &KnownNames::new(), &mut out);
    out
}

/// The section kinds a policy of this kind must have.
pub fn required_by_kind(kind: PolicyKind) -> &'static [SectionKind] {
    use SectionKind::*;
    match kind {
        PolicyKind::Privacy => &[Collection, Use, Sharing, Contact],
        PolicyKind::Cookies => &[Cookies, Contact],
        PolicyKind::Terms => &[],
    }
}

/// The section kinds a compliance profile adds.
pub fn required_by_profile(profile: Profile) -> &'static [SectionKind] {
    use SectionKind::*;
    match profile {
        Profile::Gdpr => &[Rights, Retention, Transfers],
        Profile::Ccpa => &[Rights],
        Profile::Coppa => &[Children],
        Profile::Dpdp => &[Rights],
    }
}

fn check_entities(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let header = policy.kind.span;
    if policy.meta.id.is_none() {
        out.push(
            Diagnostic::error(Code::MissingEntity, "the policy has no `id`")
                .at(policy.title.span)
                .label("this policy needs an id")
                .help("add a line such as `id = \"acme-privacy\"`: it names the output folder and the JSON document"),
        );
    }
    if let Some(org) = &policy.org {
        if org.node.name.is_none() {
            out.push(
                Diagnostic::error(Code::MissingEntity, "the organisation has no `name`")
                    .at(org.span.sub(0, 3))
                    .label("this `org` needs a name")
                    .help("add `name = \"…\"` with the organisation's legal name"),
            );
        }
    }
    check_fact_urls(policy, out);
    if policy.kind.node != PolicyKind::Privacy {
        return;
    }
    if policy.org.is_none() {
        out.push(
            Diagnostic::error(
                Code::MissingEntity,
                "a privacy policy must name its organisation",
            )
            .at(header)
            .label("no `org { … }` in this policy")
            .help("add `org { name = \"…\" }` with the controller's legal name"),
        );
    }
    let has_channel = policy.contact.as_ref().is_some_and(|c| {
        !c.node.channels.is_empty() || c.node.officers.iter().any(|o| !o.node.channels.is_empty())
    });
    if !has_channel {
        out.push(
            Diagnostic::error(
                Code::MissingEntity,
                "a privacy policy must give a contact point",
            )
            .at(policy.contact.as_ref().map_or(header, |c| c.span))
            .label("no email, url, phone or address to contact")
            .help("add `contact { email = \"…\" }` (or `url`, `phone`, `address`)"),
        );
    }
}

/// Web addresses declared as facts become links on the page: refuse the
/// ones that would run script.
fn check_fact_urls(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let mut urls: Vec<&Node<String>> = Vec::new();
    if let Some(org) = &policy.org {
        urls.extend(org.node.website.as_ref());
    }
    if let Some(contact) = &policy.contact {
        urls.extend(contact.node.channels.url.as_ref());
        urls.extend(
            contact
                .node
                .officers
                .iter()
                .filter_map(|o| o.node.channels.url.as_ref()),
        );
    }
    for url in urls
        .into_iter()
        .filter(|u| is_unsafe_url(&decode_character_references(&u.node)))
    {
        out.push(
            Diagnostic::error(
                Code::UnsafeLink,
                format!("the address `{}` could run script", url.node),
            )
            .at(url.span)
            .label("this becomes a link on the page")
            .help("give an `https:` address"),
        );
    }
}

fn check_required_sections(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let present: Vec<SectionKind> = policy
        .sections()
        .iter()
        .filter_map(|(_, s)| s.kind.as_ref().map(|k| k.node))
        .collect();
    let kind_word = PolicyKind::ALL
        .iter()
        .find(|(_, k)| *k == policy.kind.node)
        .map_or("", |(w, _)| w);
    let mut report = |kind: SectionKind, why: String, span: Span| {
        let word = kind.keyword();
        out.push(
            Diagnostic::error(Code::MissingSection, format!("{why} has no section of kind `{word}`"))
                .at(span)
                .label(format!("requires a `{word}` section"))
                .help(format!("add a section such as `section {word} \"…\" {{ … }}`, or tag an existing one with `{word}`")),
        );
    };
    for &kind in required_by_kind(policy.kind.node) {
        if !present.contains(&kind) {
            report(kind, format!("this {kind_word} policy"), policy.kind.span);
        }
    }
    for profile in &policy.meta.profiles {
        let name = Profile::ALL
            .iter()
            .find(|(_, p)| *p == profile.node)
            .map_or("", |(w, _)| w);
        for &kind in required_by_profile(profile.node) {
            if !present.contains(&kind) && !required_by_kind(policy.kind.node).contains(&kind) {
                report(
                    kind,
                    format!("the `{name}` profile claimed here"),
                    profile.span,
                );
            }
        }
    }
}

fn check_unique_ids(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, Span> = HashMap::new();
    for (_, section) in policy.sections() {
        let Some(id) = &section.explicit_id else {
            continue;
        };
        match first.get(id.node.as_str()) {
            Some(&earlier) => out.push(
                Diagnostic::error(
                    Code::DuplicateId,
                    format!("the section id `{}` is used twice", id.node),
                )
                .at(id.span)
                .label("used again here")
                .related(earlier, "first used here")
                .help("give each section its own id: ids are the anchors of links to the section"),
            ),
            None => {
                first.insert(&id.node, id.span);
            }
        }
    }
}

fn check_dates(policy: &Policy, today: Option<Date>, out: &mut Vec<Diagnostic>) {
    if let Some(today) = today {
        let dates = [
            ("takes effect", &policy.meta.effective),
            ("was last updated", &policy.meta.updated),
        ];
        for (what, date) in dates {
            let Some(date) = date.as_ref().filter(|d| d.node > today) else {
                continue;
            };
            out.push(
                Diagnostic::warning(Code::FutureDate, format!("the policy {what} on {}, which is in the future", date.node))
                    .at(date.span)
                    .label(format!("today is {today}"))
                    .help("check the date; a policy may be published before it takes effect, but rarely before it was written"),
            );
        }
    }
    if let (Some(effective), Some(updated)) = (&policy.meta.effective, &policy.meta.updated) {
        if effective.node > updated.node {
            out.push(
                Diagnostic::error(
                    Code::DatesOutOfOrder,
                    format!(
                        "the policy takes effect on {} but was last updated on {}",
                        effective.node, updated.node
                    ),
                )
                .at(effective.span)
                .label("effective date")
                .related(updated.span, "last-updated date, earlier")
                .help(
                    "the last update cannot come before the policy takes effect: check both dates",
                ),
            );
        }
    }
}

fn check_blocks(
    policy: &Policy,
    blocks: &[Node<Block>],
    known: &KnownNames,
    out: &mut Vec<Diagnostic>,
) {
    for block in blocks {
        match &block.node {
            Block::Prose(prose) => {
                check_references(policy, prose, known, out);
                check_links(prose, block.span, out);
            }
            Block::LastUpdated(line) => {
                if policy.meta.updated.is_none() {
                    out.push(
                        Diagnostic::error(
                            Code::MissingDate,
                            "the last-updated line needs the policy's `updated` date",
                        )
                        .at(block.span.sub(0, "last-updated".len()))
                        .label("no `updated = …` in this policy")
                        .help("add `updated = YYYY-MM-DD` to the policy's metadata"),
                    );
                } else {
                    check_references(policy, &line.text, known, out);
                    check_links(&line.text, block.span, out);
                }
            }
            Block::Section(section) => {
                if section.body.is_empty() {
                    out.push(
                        Diagnostic::warning(
                            Code::EmptySection,
                            format!("the section `{}` has no content", section.title.node),
                        )
                        .at(section.title.span)
                        .label("nothing inside this section")
                        .help("write its text, or remove the section"),
                    );
                }
                check_blocks(policy, &section.body, known, out);
            }
            Block::Toc(_) | Block::ContactBlock(_) => {}
        }
    }
}

/// Every name a reference could use, computed once per policy and only
/// when some reference does not resolve.
type KnownNames = OnceCell<Vec<String>>;

fn check_references(policy: &Policy, prose: &Prose, known: &KnownNames, out: &mut Vec<Diagnostic>) {
    for reference in prose.references() {
        let name = reference.node.0.as_str();
        if policy.resolve(name).is_some() {
            continue;
        }
        let known = known.get_or_init(|| policy.reference_names());
        let diagnostic = if known.iter().any(|k| k == name) {
            Diagnostic::error(
                Code::UnknownReference,
                format!("`${{{name}}}` refers to a value this policy does not declare"),
            )
            .at(reference.span)
            .label("declared nowhere in this policy")
            .help(format!(
                "declare it ({}), or remove the reference",
                where_declared(name)
            ))
        } else {
            let d = Diagnostic::error(
                Code::UnknownReference,
                format!("unknown reference `${{{name}}}`"),
            )
            .at(reference.span)
            .label("nothing has this name");
            // Past the number of problems shown, a suggestion is wasted work.
            let suggestion = if out.len() < MAX_PER_FILE {
                did_you_mean(name, known.iter().map(String::as_str))
            } else {
                None
            };
            match suggestion {
                Some(s) => d.help(format!("did you mean `${{{s}}}`?")),
                None => d.help(format!(
                    "define it with `term {name} = \"…\"`, or write `$${{` for a literal `${{`"
                )),
            }
        };
        out.push(diagnostic);
    }
}

fn where_declared(name: &str) -> String {
    let mut parts = name.split('.');
    match (parts.next(), parts.next()) {
        (Some("policy"), Some(field)) => format!("`{field} = …` in the policy's metadata"),
        (Some("org"), Some(field)) => format!("`{field} = \"…\"` inside `org {{ }}`"),
        (Some("contact"), Some("officer")) => {
            "the field inside the `officer { }` block".to_string()
        }
        (Some("contact"), Some(field)) => format!("`{field} = \"…\"` inside `contact {{ }}`"),
        _ => "a `term`".to_string(),
    }
}

/// Refuses script links: those CommonMark parses as links, and anything
/// written like a link target (`](…`, `<…>`, `href=`) even where CommonMark
/// would read it as text, so that no output carries such a URL at all.
fn add_target(targets: &mut Vec<String>, target: &str) {
    if is_unsafe_url(target) && !targets.iter().any(|t| t.starts_with(target)) {
        targets.push(target.to_string());
    }
}

/// A quick filter: text that cannot spell an unsafe scheme needs no closer
/// look. A scheme hidden by a character reference needs `&`; one split by a
/// tab or line break (which browsers drop) still ends in `script:` or `ta:`.
fn may_hold_unsafe_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["script:", "ta:", "&"]
        .iter()
        .any(|needle| lower.contains(needle))
}

/// A link target at the start of `text`: up to white space, a quote, `>`,
/// or a `)` that closes nothing inside the target.
fn link_target(text: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => return text.slice_to(i),
            ')' => depth -= 1,
            c if c.is_whitespace() || c == '>' || c == '"' => return text.slice_to(i),
            _ => {}
        }
    }
    text
}

fn check_links(prose: &Prose, span: Span, out: &mut Vec<Diagnostic>) {
    use pulldown_cmark::{Event, Parser, Tag};
    let source = prose.source();
    if !may_hold_unsafe_url(&source) {
        return;
    }
    let mut targets: Vec<String> = Parser::new(&source)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.to_string())
            }
            _ => None,
        })
        .collect();
    for opener in ["](", "<"] {
        for (at, _) in source.match_indices(opener) {
            let rest = source
                .slice_from(at + opener.len())
                .trim_start_matches([' ', '<', '"', '\'']);
            add_target(&mut targets, link_target(rest));
        }
    }
    // Attributes of raw HTML, in any case, spacing and character references.
    let lower = source.to_ascii_lowercase();
    for attribute in [
        "href",
        "src",
        "action",
        "formaction",
        "data",
        "poster",
        "background",
    ] {
        for (at, _) in lower.match_indices(attribute) {
            let after = source.slice_from(at + attribute.len()).trim_start();
            let Some(value) = after.strip_prefix('=') else {
                continue;
            };
            let value = value.trim_start().trim_start_matches(['"', '\'']);
            add_target(
                &mut targets,
                &decode_character_references(link_target(value)),
            );
        }
    }

    for url in &targets {
        if is_unsafe_url(url) {
            out.push(
                Diagnostic::error(Code::UnsafeLink, format!("the link target `{url}` could run script"))
                    .at(span.sub(0, 4))
                    .label("in this prose block")
                    .help("link to an `https:` or `mailto:` address; `javascript:`, `vbscript:` and `data:` links are refused"),
            );
        }
    }
}

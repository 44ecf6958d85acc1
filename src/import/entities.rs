//! The organisation behind the policy and how to reach it, found in the
//! prose: its legal name (the first name with a legal form — `Ltd`, `Inc.`,
//! `GmbH`, `Pvt Ltd` … — the controller is usually named first), its
//! contact email address (one in a contact section first) and its website
//! (a printed address on the email's domain, or on a domain named like the
//! organisation). The prose then refers to the address it prints:
//! `${contact.email}`, `${org.website}`.

use super::Note;
use super::facts::Facts;
use super::outline::{Item, Piece, refer};
use crate::model::{Email, SectionKind, TypedValue, WebUrl};

/// Legal forms that end a company's name (compared without dots, in lower
/// case).
const LEGAL_FORMS: &[&str] = &[
    "ltd",
    "limited",
    "llc",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "ab",
    "oy",
    "aps",
    "a/s",
    "plc",
    "llp",
    "pty",
    "spa",
    "srl",
    "kk",
    "pvt",
];

/// Words that start a sentence, not a name.
const NOT_NAMES: &[&str] = &[
    "the",
    "this",
    "our",
    "by",
    "at",
    "in",
    "of",
    "and",
    "with",
    "for",
    "to",
    "from",
    "a",
    "an",
    "per",
    "all",
    "©",
    "hereinafter",
];

/// Finds the organisation and its addresses, and refers to them.
pub fn lift(items: &mut [Item], facts: &mut Facts, report: &mut Vec<Note>) {
    let mut texts = Vec::new();
    gather(items, false, &mut texts);
    let names: Vec<String> = texts.iter().flat_map(|(t, _)| legal_names(t)).collect();
    facts.org_name = names.first().cloned();
    let emails = emails(&texts);
    facts.email = choose_email(&emails, report);
    let domain = facts
        .email
        .as_deref()
        .and_then(|e| e.rsplit_once('@'))
        .map(|(_, d)| d.to_lowercase());
    facts.website = website(&texts, domain.as_deref(), facts.org_name.as_deref(), report);
    report_name(facts, &names, report);
    if let Some(email) = facts.email.clone() {
        let spellings = [email.clone(), super::escape::markdown_inline(&email)];
        let n = refer_all(items, &spellings, "contact.email");
        report.push(Note::info(format!(
            "contact email {email}{}",
            mentions(n, "contact.email")
        )));
    }
    if let Some(site) = facts.website.clone() {
        let n = refer_all(items, &[site.clone(), format!("{site}/")], "org.website");
        report.push(Note::info(format!(
            "website {site}{}",
            mentions(n, "org.website")
        )));
    }
    if facts.email.is_none() {
        facts.contact_url = facts.website.clone();
        if let Some(url) = &facts.contact_url {
            report.push(Note::warning(format!("no email address found: the contact point is the website, {url}; add `email` to `contact` if there is one")));
        }
    }
    if texts
        .iter()
        .any(|(t, _)| t.contains("[email protected]") || t.contains("[email\u{a0}protected]"))
    {
        report.push(Note::warning(
            "`[email protected]` is an address the publishing site hid from robots; the real address is not in the text",
        ));
    }
}

fn mentions(n: usize, name: &str) -> String {
    match n {
        0 => String::new(),
        1 => format!("; the prose refers to it once as ${{{name}}}"),
        n => format!("; the prose refers to it {n} times as ${{{name}}}"),
    }
}

/// Each prose text in order, and whether it is in a contact section.
fn gather(items: &[Item], in_contact: bool, out: &mut Vec<(String, bool)>) {
    for item in items {
        match item {
            Item::Prose { plain, .. } => out.push((plain.clone(), in_contact)),
            Item::Section(s) => {
                let contact = in_contact || s.kind == Some(SectionKind::Contact);
                gather(&s.items, contact, out);
            }
            _ => {}
        }
    }
}

/// Replaces the spellings in every prose item; returns how many.
fn refer_all(items: &mut [Item], spellings: &[String], name: &'static str) -> usize {
    let mut count = 0;
    for item in items {
        match item {
            Item::Prose { pieces, .. } => {
                let before = pieces.iter().filter(|p| matches!(p, Piece::Ref(_))).count();
                *pieces = refer(std::mem::take(pieces), spellings, name);
                count += pieces.iter().filter(|p| matches!(p, Piece::Ref(_))).count() - before;
            }
            Item::Section(s) => count += refer_all(&mut s.items, spellings, name),
            _ => {}
        }
    }
    count
}

fn report_name(facts: &mut Facts, names: &[String], report: &mut Vec<Note>) {
    match &facts.org_name {
        Some(name) => {
            let mut others: Vec<&String> = names.iter().filter(|n| *n != name).collect();
            others.dedup();
            let also = if others.is_empty() {
                String::new()
            } else {
                let list: Vec<String> = others.iter().take(4).map(|n| format!("\"{n}\"")).collect();
                format!("; also named: {}", list.join(", "))
            };
            report.push(Note::info(format!(
                "organisation \"{name}\" (the first name with a legal form){also}"
            )));
        }
        None => {
            let from = facts
                .website
                .as_deref()
                .or(facts.email.as_deref())
                .and_then(name_from_address);
            if let Some(guess) = &from {
                report.push(Note::warning(format!(
                    "no legal name found: the organisation is called \"{guess}\" after its web address; put its legal name in `org`"
                )));
            }
            facts.org_name = from;
        }
    }
}

/// "Acme" from `https://www.acme.com` or `privacy@acme.co.uk`.
fn name_from_address(address: &str) -> Option<String> {
    let host = address
        .rsplit_once('@')
        .map_or_else(|| host_of(address), |(_, d)| d.to_string());
    let label = host
        .trim_start_matches("www.")
        .split('.')
        .next()?
        .to_string();
    let mut chars = label.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// Names ending in a legal form, in order: `Socnect Pvt Ltd`, `CONNACT Cloud ltd.`.
fn legal_names(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !is_legal_form(tokens.get(i).copied().unwrap_or_default()) {
            i += 1;
            continue;
        }
        let mut end = i;
        while tokens.get(end + 1).is_some_and(|t| is_legal_form(t))
            && !ends_clause(tokens.get(end).copied().unwrap_or_default())
        {
            end += 1;
        }
        let mut start = i;
        while start > 0 && i - start < 6 {
            let Some(word) = tokens
                .get(start - 1)
                .map(|w| w.trim_start_matches(['“', '"', '(', '‘']))
            else {
                break;
            };
            let capital = word
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c == '&');
            if !capital || ends_clause(word) || word.ends_with('!') {
                break;
            }
            start -= 1;
        }
        while tokens
            .get(start)
            .is_some_and(|w| NOT_NAMES.contains(&clean(w).to_lowercase().as_str()))
            && start < i
        {
            start += 1;
        }
        if start < i {
            let words: Vec<&str> = tokens
                .get(start..=end)
                .unwrap_or_default()
                .iter()
                .map(|w| clean(w))
                .collect();
            out.push(words.join(" "));
        }
        i = end + 1;
    }
    out
}

/// A word without the quotes, brackets and commas around it; a closing dot
/// of an abbreviation stays (`Inc.`).
fn clean(word: &str) -> &str {
    word.trim_start_matches(['“', '"', '(', '‘', '\''])
        .trim_end_matches([',', ';', ':', '”', '"', ')', '’', '\''])
}

fn is_legal_form(word: &str) -> bool {
    let bare: String = clean(word)
        .chars()
        .filter(|&c| c != '.' && c != ',')
        .flat_map(char::to_lowercase)
        .collect();
    LEGAL_FORMS.contains(&bare.as_str())
}

/// Ends with a comma, semicolon or colon: a clause ends there.
fn ends_clause(word: &str) -> bool {
    let word = word.trim_end_matches(['”', '"', ')', '’']);
    word.ends_with([',', ';', ':'])
}

/// Every email address printed, in order, with whether it is in a contact
/// section.
fn emails(texts: &[(String, bool)]) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    for (text, in_contact) in texts {
        for word in text.split(|c: char| c.is_whitespace() || "<>()[]“”\"',;".contains(c)) {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if is_email(word) {
                out.push((word.to_string(), *in_contact));
            }
        }
    }
    out
}

/// A word that reads as an address (a real top-level domain of letters)
/// and is one the compiler accepts (`model::Email`).
fn is_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    if Email::parse(word).is_err() {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|t| t.len() >= 2 && t.chars().all(char::is_alphabetic))
}

/// The contact address: the first in a contact section, else the most
/// frequent (the first of those).
fn choose_email(emails: &[(String, bool)], report: &mut Vec<Note>) -> Option<String> {
    let in_contact = emails.iter().find(|(_, c)| *c).map(|(e, _)| e.clone());
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (email, _) in emails {
        *counts.entry(email.to_lowercase()).or_insert(0) += 1;
    }
    // The most frequent; of those, the first printed.
    let most = emails
        .iter()
        .enumerate()
        .max_by_key(|(i, (e, _))| {
            (
                counts.get(&e.to_lowercase()).copied().unwrap_or(0),
                std::cmp::Reverse(*i),
            )
        })
        .map(|(_, (e, _))| e.clone());
    let chosen = in_contact.or(most)?;
    let mut others: Vec<&str> = emails
        .iter()
        .map(|(e, _)| e.as_str())
        .filter(|e| !e.eq_ignore_ascii_case(&chosen))
        .collect();
    others.sort_unstable();
    others.dedup();
    if !others.is_empty() {
        report.push(Note::warning(format!(
            "other addresses left as printed: {} (the contact email is {chosen}; check it is the right one)",
            others.join(", ")
        )));
    }
    Some(chosen)
}

/// The host of a web address, in lower case, without `www.`.
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or(rest);
    host.trim_start_matches("www.").to_lowercase()
}

/// Top-level domains a bare host (`connact.cloud`) may end in.
const BARE_TLDS: &[&str] = &[
    "com", "org", "net", "io", "co", "cloud", "app", "dev", "ai", "uk", "de", "in", "eu", "us",
    "ca", "au", "fr", "es", "it", "nl", "ch", "se", "no", "dk", "fi", "jp", "info", "biz", "me",
];

/// The organisation's website: the origin of the first address printed on
/// its email's domain, or on a domain named like the organisation.
fn website(
    texts: &[(String, bool)],
    domain: Option<&str>,
    org: Option<&str>,
    report: &mut Vec<Note>,
) -> Option<String> {
    let org_words: Vec<String> = org
        .map(|o| {
            o.split_whitespace()
                .filter(|w| w.len() >= 3)
                .map(|w| w.to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let ours = |host: &str| {
        let host = host.trim_start_matches("www.");
        let label = host.split('.').next().unwrap_or_default();
        domain.is_some_and(|d| host == d || host.ends_with(&format!(".{d}")))
            || (domain.is_none() && org_words.iter().any(|w| w == label))
    };
    let words = texts.iter().flat_map(|(t, _)| t.split_whitespace());
    let mut bare = None;
    for word in words {
        let word = word
            .trim_end_matches(['.', ',', ';', ':', ')', ']', '”', '"', '\'', '’'])
            .trim_start_matches(['(', '[', '“', '"', '\'', '‘', '<']);
        if let Some((scheme, rest)) = word.split_once("://") {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            let site = format!("{scheme}://{host}");
            if matches!(scheme, "http" | "https") && ours(host) && WebUrl::parse(&site).is_ok() {
                return Some(site);
            }
        } else if bare.is_none() && looks_like_host(word) && ours(&word.to_lowercase()) {
            bare = Some(word.to_lowercase());
        }
    }
    let host = bare?;
    report.push(Note::warning(format!(
        "the website is printed without `https://` (\"{host}\"): `https://{host}` assumed; check it"
    )));
    Some(format!("https://{host}"))
}

fn looks_like_host(word: &str) -> bool {
    let labels: Vec<&str> = word.split('.').collect();
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|t| BARE_TLDS.contains(&t.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_names_are_found() {
        assert_eq!(
            legal_names("Socnect Pvt Ltd (“us”, “we”) operates"),
            ["Socnect Pvt Ltd"]
        );
        assert_eq!(
            legal_names("between you and CONNACT Cloud ltd. (doing business"),
            ["CONNACT Cloud ltd."]
        );
        assert_eq!(
            legal_names("describes how OMSR Private Limited a company"),
            ["OMSR Private Limited"]
        );
        assert_eq!(
            legal_names("© 2019 OMSR Media Pvt. Ltd. All Rights"),
            ["OMSR Media Pvt. Ltd."]
        );
        assert_eq!(
            legal_names("provided by Google Inc. and Yahoo! Inc."),
            ["Google Inc."]
        );
        assert_eq!(
            legal_names("The Acme Corporation, a Delaware company"),
            ["Acme Corporation"]
        );
        assert!(legal_names("we are a limited company").is_empty());
    }

    #[test]
    fn emails_and_hosts() {
        assert!(is_email("legal@socnect.com"));
        assert!(!is_email("[email"));
        assert!(!is_email("a@b"));
        assert!(looks_like_host("connact.cloud"));
        assert!(!looks_like_host("e.g"));
        assert_eq!(
            name_from_address("https://www.acme.co.uk/x"),
            Some("Acme".to_string())
        );
    }
}

//! Section kinds guessed from titles ("Your rights" → `rights`), and, for
//! a kind a privacy policy requires but no title names, from what the
//! sections say.
//!
//! A title's words are matched against cues. A few cues decide wherever
//! they stand ("cookie", "children", "legal basis", "do not track"); for
//! the rest the cue met first wins, so "Information Collection and Use"
//! is `collection` and "Use and Processing of Collected Information" is
//! `use`. A cue ending in `*` matches words starting with it.

use crate::model::SectionKind;

type Cues = &'static [&'static str];

/// Cues that decide the kind wherever they stand in a title.
const DECISIVE: &[(SectionKind, Cues)] = &[
    (SectionKind::Cookies, &["cookie*"]),
    (
        SectionKind::Children,
        &["child*", "minor", "minors", "kids", "coppa"],
    ),
    (
        SectionKind::LegalBasis,
        &[
            "legal basis",
            "legal bases",
            "lawful basis",
            "lawful bases",
            "legal ground*",
        ],
    ),
    (SectionKind::Tracking, &["do not track"]),
];

/// Cues of which the first in the title wins.
const CUES: &[(SectionKind, Cues)] = &[
    (
        SectionKind::Sharing,
        &[
            "business transfer*",
            "shar*",
            "disclos*",
            "third parties",
            "recipient*",
            "service providers",
            "sale of",
            "sell",
        ],
    ),
    (
        SectionKind::Collection,
        &[
            "collect*",
            "information we",
            "data we",
            "you provide",
            "types of",
            "categories of",
            "what information",
            "what data",
        ],
    ),
    (
        SectionKind::Use,
        &["use", "uses", "using", "purpose*", "utili*"],
    ),
    (
        SectionKind::Retention,
        &["retention", "retain*", "how long", "storage period"],
    ),
    (
        SectionKind::Security,
        &["security", "secure", "protect*", "safeguard*", "breach*"],
    ),
    (
        SectionKind::Rights,
        &[
            "rights",
            "right",
            "choices",
            "choice",
            "opt out",
            "opt-out",
            "access and control",
        ],
    ),
    (
        SectionKind::Transfers,
        &["transfer*", "international", "cross-border", "overseas"],
    ),
    (
        SectionKind::Marketing,
        &["marketing", "newsletter*", "promotion*", "advertis*"],
    ),
    (
        SectionKind::Tracking,
        &["analytics", "tracking", "beacon*", "pixel*"],
    ),
    (
        SectionKind::Links,
        &[
            "links",
            "link",
            "other sites",
            "other websites",
            "external sites",
        ],
    ),
    (
        SectionKind::Changes,
        &[
            "changes",
            "change",
            "amendment*",
            "updates",
            "revision*",
            "modification*",
        ],
    ),
    (
        SectionKind::Acceptance,
        &["acceptance", "accept*", "consent", "agreement"],
    ),
    (
        SectionKind::Contact,
        &[
            "contact*",
            "questions",
            "reach us",
            "get in touch",
            "grievance*",
            "complaints",
        ],
    ),
    (
        SectionKind::Introduction,
        &[
            "introduction",
            "overview",
            "about us",
            "who we are",
            "scope",
            "preamble",
        ],
    ),
    (
        SectionKind::Definitions,
        &["definition*", "interpretation", "glossary", "meanings"],
    ),
];

/// The kind a section's title suggests, if any.
pub fn from_title(title: &str) -> Option<SectionKind> {
    let mut words = words(title);
    // The document's own name ("Changes to this Cookie Policy") says
    // nothing of the section's topic.
    for name in ["cookie", "cookies", "privacy"] {
        for noun in ["policy", "notice", "statement"] {
            if let Some(at) = position(&words, &format!("{name} {noun}")) {
                words.drain(at..at + 2);
            }
        }
    }
    for (kind, cues) in DECISIVE {
        if cues.iter().any(|cue| position(&words, cue).is_some()) {
            return Some(*kind);
        }
    }
    CUES.iter()
        .flat_map(|(kind, cues)| {
            cues.iter().filter_map(|cue| {
                position(&words, cue).map(|at| (at, usize::MAX - cue.len(), *kind))
            })
        })
        .min_by_key(|(at, longest, _)| (*at, *longest))
        .map(|(_, _, kind)| kind)
}

/// Lower-case words of letters and digits.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Where the cue's words start in `words`.
fn position(words: &[String], cue: &str) -> Option<usize> {
    let cue: Vec<&str> = cue.split(' ').collect();
    (0..words.len()).find(|&at| matches_at(words, at, &cue))
}

/// Whether the cue's words stand at `at`.
fn matches_at(words: &[String], at: usize, cue: &[&str]) -> bool {
    cue.iter().enumerate().all(|(k, part)| {
        words
            .get(at + k)
            .is_some_and(|word| match part.strip_suffix('*') {
                Some(stem) => word.starts_with(stem),
                None => word == part,
            })
    })
}

/// Words whose use in a section's text suggests it is of `kind`, for the
/// kinds a policy requires when no title names them.
fn text_cues(kind: SectionKind) -> Cues {
    match kind {
        SectionKind::Collection => &["collect*"],
        SectionKind::Use => &["we use", "purpose*", "to provide"],
        SectionKind::Sharing => &["shar*", "disclos*", "third parties", "third-party"],
        SectionKind::Contact => &["contact*", "email", "e-mail", "write to"],
        SectionKind::Cookies => &["cookie*"],
        SectionKind::Rights => &["right*", "access", "delete", "correct"],
        SectionKind::Retention => &["retain*", "retention", "keep"],
        SectionKind::Transfers => &["transfer*", "outside"],
        SectionKind::Children => &["child*", "under the age"],
        _ => &[],
    }
}

/// How strongly a section's text suggests `kind`: how many times its cues
/// occur, per thousand words.
pub fn text_score(kind: SectionKind, text: &str) -> usize {
    let words = words(text);
    if words.is_empty() {
        return 0;
    }
    let hits: usize = text_cues(kind)
        .iter()
        .map(|cue| {
            let cue: Vec<&str> = cue.split(' ').collect();
            (0..words.len())
                .filter(|&at| matches_at(&words, at, &cue))
                .count()
        })
        .sum();
    hits * 1000 / words.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keyword::Keyword;

    fn kind(title: &str) -> &'static str {
        from_title(title).map_or("-", |k| k.keyword())
    }

    #[test]
    fn kinds_are_guessed_from_titles() {
        let cases = [
            ("Information Collection and Use", "collection"),
            ("USE AND PROCESSING OF COLLECTED INFORMATION", "use"),
            ("How We Use Your Data", "use"),
            ("Tracking & Cookies Data", "cookies"),
            ("Children’s Privacy", "children"),
            ("PRIVACY OF CHILDREN", "children"),
            ("Disclosure Of Data", "sharing"),
            (
                "Business Transfers, Sale, change in control and Affiliates",
                "sharing",
            ),
            ("Transfer Of Data", "transfers"),
            ("Your rights", "rights"),
            ("Member Choices and Obligations", "rights"),
            ("RETENTION OF INFORMATION", "retention"),
            ("How long we keep your data", "retention"),
            ("Changes To This Privacy Policy", "changes"),
            ("Contact Us", "contact"),
            ("CONTACTING US", "contact"),
            ("DO NOT TRACK SIGNALS", "tracking"),
            ("Links To Other Sites", "links"),
            ("Changes to This Cookie Policy", "changes"),
            ("Cookie Policy", "-"),
            ("Legal basis for processing", "legal-basis"),
            ("Usage Data", "-"),
            ("Social Media Features", "-"),
            ("User Accounts", "-"),
        ];
        for (title, expected) in cases {
            assert_eq!(kind(title), expected, "{title}");
        }
    }

    #[test]
    fn text_suggests_a_kind() {
        let sharing = "We share your data with partners. We may disclose it to third parties.";
        assert!(
            text_score(SectionKind::Sharing, sharing)
                > text_score(SectionKind::Sharing, "We keep your data safe.")
        );
    }
}

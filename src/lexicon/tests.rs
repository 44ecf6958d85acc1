//! The lexicon as data (every id known, no phrase twice in a kind, every
//! vocabulary entry covered) and the rules of reading.

use super::*;
use crate::keyword::Keyword;
use crate::model::practice::{
    CookiePurpose, MeasureKind, RecipientKind, RightKind, SourceKind, TrackerType,
};
use std::collections::{HashMap, HashSet};

const PRACTICES: &[&str] = &[
    "sale",
    "sharing",
    "children",
    "transfer",
    "retention",
    "changes",
];

fn known(kind: Kind, id: &str) -> bool {
    match kind {
        Kind::Category => crate::vocab::category(id).is_some(),
        Kind::Purpose => crate::vocab::purpose(id).is_some(),
        Kind::Recipient => RecipientKind::from_keyword(id).is_some(),
        Kind::Right => RightKind::from_keyword(id).is_some(),
        Kind::Cookie => {
            TrackerType::from_keyword(id).is_some() || CookiePurpose::from_keyword(id).is_some()
        }
        Kind::Measure => MeasureKind::from_keyword(id).is_some(),
        Kind::Source => SourceKind::from_keyword(id).is_some(),
        Kind::Practice => PRACTICES.contains(&id),
        Kind::Negation | Kind::Boundary | Kind::Ignore => id == "-",
        Kind::Scope => id == "first-party" || id == "third-party",
    }
}

#[test]
fn every_row_reads_and_every_id_exists() {
    let lexicon = english();
    for entry in &lexicon.entries {
        assert!(
            !entry.ids.is_empty() && !entry.written.is_empty(),
            "line {}",
            entry.line
        );
        for id in &entry.ids {
            assert!(
                known(entry.kind, id),
                "line {}: `{id}` is no {}",
                entry.line,
                entry.kind.name()
            );
        }
    }
}

/// Each category or purpose id's vocabulary row, as `build.rs` wrote it,
/// is the row its name finds; other kinds have none.
#[test]
fn every_id_has_the_row_its_name_finds() {
    for entry in &english().entries {
        let rows: Vec<Option<usize>> = entry.rows.iter().map(|&r| Some(usize::from(r))).collect();
        let found: Vec<Option<usize>> = match entry.kind {
            Kind::Category => entry
                .ids
                .iter()
                .map(|id| crate::vocab::category(id).and_then(crate::vocab::category_row))
                .collect(),
            Kind::Purpose => entry
                .ids
                .iter()
                .map(|id| crate::vocab::purpose(id).and_then(crate::vocab::purpose_row))
                .collect(),
            _ => Vec::new(),
        };
        assert_eq!(rows, found, "line {}", entry.line);
    }
}

/// The static tables are the table as written today: the rows the format's
/// parser reads, and the trie its builder makes of them (`build.rs` writes
/// them again whenever the table changes; this says they are not stale).
#[test]
fn the_static_tables_are_the_table_as_written() {
    let rows = format::rows(ENGLISH_TSV).unwrap();
    let entries = &english().entries;
    assert_eq!(rows.len(), entries.len());
    for (row, entry) in rows.iter().zip(entries.iter()) {
        assert_eq!(
            Kind::from_name(row.kind),
            Some(entry.kind),
            "line {}",
            row.line
        );
        assert_eq!(row.ids, entry.ids.as_slice(), "line {}", row.line);
        assert_eq!(row.written, entry.written.as_slice(), "line {}", row.line);
        assert_eq!(row.line, entry.line);
    }
    assert!(english().trie.is(&format::build(&rows).unwrap()));
}

/// A malformed table is refused with the line of the first bad row, never
/// read in part (the build prints the message and stops).
#[test]
fn a_malformed_table_names_its_line() {
    let table = |body: &str| format!("kind\tids\tphrases\tnotes\n# a comment\n{body}");
    let error = |body: &str| format::rows(&table(body)).unwrap_err().to_string();
    assert_eq!(
        error("category\temail\n"),
        "line 3: a row needs three tab-separated cells: kind, ids, phrases"
    );
    assert_eq!(
        error("category\temail\temail\n\ncategory\t \temail address\n"),
        "line 5: the ids cell is empty"
    );
    assert!(error("category\temail\temail address(es\n").starts_with("line 3: `address(es`"));
    assert!(error("category\temail\tan)d(x\n").starts_with("line 3: `an)d(x`"));
    assert_eq!(
        format::rows("ids\tkind\n").unwrap_err().to_string(),
        "line 1: the header must begin `kind\\tids\\tphrases`"
    );
    assert!(format::rows(&table("category\temail\temail(s)\n")).is_ok());
}

/// The scan's tokenizer reads a text as `format::tokens` defines it, ASCII
/// fast path or not, and finds each word the lexicon has.
#[test]
fn the_fast_tokens_are_the_defined_tokens() {
    let texts = [
        "We collect your Email Address, e-mail; IP-addresses.",
        "don’t “log data” — Ünïcode wörds, 日本語 text\u{0b}\u{0c}\r\n\u{85}x\u{a0}y",
        "",
        "  trailing  ",
        "a.b!c?d",
        "INFORMATION Information informational personalinformation x1234567890abcdefghij",
        "naïve café Résumé naïveté über-Daten ÉMAIL",
        "identifiers",
        "Identifiers.",
        "email",
    ];
    // Every word of the lexicon, in its case and in upper case, alone, at
    // the end of a text and followed by more: the chunked hash (a load of
    // eight bytes, or the bytes gathered near the text's end) finds each.
    let words: Vec<String> = english()
        .trie
        .words
        .iter()
        .flat_map(|w| {
            let upper = w.to_ascii_uppercase();
            [
                w.to_string(),
                format!("x {upper}"),
                format!("{w} and more text after it"),
            ]
        })
        .collect();
    for text in texts
        .iter()
        .copied()
        .chain(words.iter().map(String::as_str))
    {
        let mut fast = Vec::new();
        english().trie.tokens(text, &mut fast);
        let ranges: Vec<_> = fast.iter().map(|t| t.start..t.end).collect();
        assert_eq!(ranges, format::tokens(text), "{text:?}");
        for token in &fast {
            let word = text
                .get(token.start..token.end)
                .unwrap()
                .to_ascii_lowercase();
            let known = english().trie.words.iter().position(|w| *w == word);
            assert_eq!(
                known.map(|p| p as u32),
                Some(token.word).filter(|&w| w != format::NONE),
                "{word}"
            );
        }
    }
}

#[test]
fn no_phrase_is_listed_twice_in_a_kind() {
    let mut seen: HashMap<(Kind, String), usize> = HashMap::new();
    for entry in &english().entries {
        for written in &entry.written {
            for phrase in expand(written) {
                if let Some(line) = seen.insert((entry.kind, phrase.clone()), entry.line) {
                    panic!(
                        "\"{phrase}\" ({}) on lines {line} and {}",
                        entry.kind.name(),
                        entry.line
                    );
                }
            }
        }
    }
}

#[test]
fn every_category_purpose_and_closed_word_has_a_phrase() {
    let ids = |kind: Kind| -> HashSet<&str> {
        english()
            .entries
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| e.ids.iter().copied())
            .collect()
    };
    let categories = ids(Kind::Category);
    for info in crate::vocab::categories() {
        assert!(
            categories.contains(info.name),
            "category `{}` has no phrase",
            info.name
        );
    }
    let purposes = ids(Kind::Purpose);
    for info in crate::vocab::purposes() {
        assert!(
            purposes.contains(info.name),
            "purpose `{}` has no phrase",
            info.name
        );
    }
    let words = |kind: Kind, all: Vec<&'static str>| {
        let ids = ids(kind);
        for word in all {
            assert!(ids.contains(word), "{} `{word}` has no phrase", kind.name());
        }
    };
    words(
        Kind::Recipient,
        RecipientKind::ALL.iter().map(|(w, _)| *w).collect(),
    );
    words(
        Kind::Right,
        RightKind::ALL.iter().map(|(w, _)| *w).collect(),
    );
    words(
        Kind::Measure,
        MeasureKind::ALL.iter().map(|(w, _)| *w).collect(),
    );
    words(
        Kind::Source,
        SourceKind::ALL.iter().map(|(w, _)| *w).collect(),
    );
    words(
        Kind::Cookie,
        TrackerType::ALL
            .iter()
            .map(|(w, _)| *w)
            .chain(CookiePurpose::ALL.iter().map(|(w, _)| *w))
            .collect(),
    );
}

#[test]
fn groups_expand_to_each_spelling() {
    assert_eq!(
        expand("email address(es)"),
        ["email address", "email addresses"]
    );
    assert_eq!(
        expand("provide (the|our|) servic(e|es)"),
        [
            "provide our service",
            "provide our services",
            "provide service",
            "provide services",
            "provide the service",
            "provide the services"
        ]
    );
}

fn stated(text: &str, kind: Kind) -> Vec<(String, bool, bool)> {
    read(english(), text)
        .mentions
        .into_iter()
        .filter(|m| m.kind == kind)
        .map(|m| (m.ids.join("|"), m.negated, m.third_party))
        .collect()
}

#[test]
fn phrases_match_whole_words_ignoring_case() {
    assert_eq!(
        stated("We collect your Email Address.", Kind::Category),
        [("email".into(), false, false)]
    );
    // "us" inside "business", "gps" inside "gpsx": no match.
    assert!(stated("Our businesses use gpsx.", Kind::Category).is_empty());
    // Curly quotes and dashes are punctuation, not part of a word.
    assert_eq!(
        stated(
            "servers collect “log data” — e-mail addresses",
            Kind::Category
        ),
        [
            ("other-usage".into(), false, false),
            ("email".into(), false, false)
        ]
    );
    // Nor inside a web or email address.
    assert!(
        stated(
            "See https://www.acme-analytics.example or write to health@acme.example.",
            Kind::Purpose
        )
        .is_empty()
    );
    assert!(stated("write to health@acme.example", Kind::Category).is_empty());
    // The longest phrase wins.
    assert_eq!(
        stated("unique device identifiers", Kind::Category),
        [("device-id".into(), false, false)]
    );
}

#[test]
fn negation_reaches_to_the_clause_start_only() {
    assert_eq!(
        stated("We do not sell your personal information.", Kind::Practice),
        [("sale".into(), true, false)]
    );
    assert_eq!(
        stated(
            "We do not knowingly collect personal information from children under 13.",
            Kind::Practice
        ),
        [
            ("children".into(), true, false),
            ("children".into(), true, false)
        ]
    );
    assert_eq!(
        stated(
            "We do not collect your location, but we collect your email address.",
            Kind::Category
        ),
        [
            ("approximate-location|precise-location".into(), true, false),
            ("email".into(), false, false)
        ]
    );
    // A new sentence is a new clause.
    assert_eq!(
        stated(
            "We never sell data. We collect your phone number.",
            Kind::Category
        ),
        [("phone".into(), false, false)]
    );
    // "e.g." does not end the sentence.
    assert_eq!(
        stated(
            "We do not store identifiers (e.g. IP addresses).",
            Kind::Category
        ),
        [("ip-address".into(), true, false)]
    );
}

#[test]
fn a_third_partys_collection_is_a_source() {
    assert_eq!(
        stated(
            "Third parties may collect your precise location.",
            Kind::Category
        ),
        [("precise-location".into(), false, true)]
    );
    assert_eq!(
        stated(
            "We may share your email address with third parties.",
            Kind::Category
        ),
        [("email".into(), false, false)]
    );
}

#[test]
fn list_items_are_sentences() {
    let reading = read(
        english(),
        "We collect:\n\n* Email address\n* Phone number\n",
    );
    let sentences: Vec<_> = reading
        .mentions
        .iter()
        .map(|m| m.sentence.clone())
        .collect();
    assert_eq!(sentences.len(), 2);
    assert_ne!(sentences.first(), sentences.get(1));
}

/// A phrase of one word is found, and a word no phrase has is not: the
/// first node made is never the root (sizing the tables once made it so,
/// and one-word phrases were lost).
#[test]
fn the_trie_finds_one_word_phrases_and_only_phrases() {
    let mut builder = format::Builder::default();
    builder.insert("name(s)", 0);
    builder.insert("email address(es)", 1);
    let tables = builder.finish().unwrap();
    let words: Vec<&str> = tables.words.iter().map(String::as_str).collect();
    let trie = super::trie::Trie::of(&tables, &words);
    let text = "Your Name and your email addresses, not your email.";
    let mut tokens = Vec::new();
    trie.tokens(text, &mut tokens);
    let mut found = Vec::new();
    trie.find(&tokens, |range, rows| found.push((range, rows)));
    let rows: Vec<&[u32]> = found.iter().map(|(_, rows)| *rows).collect();
    assert_eq!(rows, vec![&[0][..], &[1][..]], "{found:?}");
}

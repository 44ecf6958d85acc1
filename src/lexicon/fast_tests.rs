//! The scan's fast paths against the simple definitions they replace: a
//! word's end found eight bytes at a time against the byte loop, the
//! reading's scan (lexicon words, marks, line breaks) against every
//! token, and the phrases found among the scan's words against those
//! found among every token.

use super::english;
use super::format::{self, NONE};
use super::trie::{Scan, Token, letter_or_digit, others_in, run_mask, word_run};
use proptest::prelude::*;
use std::ops::Range;

/// The definition [`word_run`] keeps to: how many of the eight bytes
/// (little-endian) are ASCII letters or digits before the first that is
/// not.
fn run_by_bytes(chunk: u64) -> usize {
    chunk
        .to_le_bytes()
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(8)
}

/// What the reading's scan should keep of every token: the lexicon words,
/// each run of other tokens as its first.
fn collapsed(tokens: &[Token]) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    for &token in tokens {
        if token.word == NONE && out.last().is_some_and(|last| last.word == NONE) {
            continue;
        }
        out.push(token);
    }
    out
}

/// The phrases found among `tokens`, with their rows.
fn phrases(tokens: &[Token]) -> Vec<(Range<usize>, Vec<u32>)> {
    let mut found = Vec::new();
    english()
        .trie
        .find(tokens, |range, rows| found.push((range, rows.to_vec())));
    found
}

/// The scan of `text` against every token of it: the same words, marks at
/// each `.`, `!`, `?` and `;`, breaks at each `\n`, the same phrases.
fn scan_is_every_token(text: &str) {
    let trie = &english().trie;
    let mut every = Vec::new();
    trie.tokens(text, &mut every);
    let mut scan = Scan::default();
    trie.scan(text, &mut scan);
    assert_eq!(scan.words, collapsed(&every), "{text:?}");
    let marks: Vec<(usize, u8)> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| matches!(b, b'.' | b'!' | b'?' | b';'))
        .collect();
    assert_eq!(scan.marks, marks, "{text:?}");
    let breaks: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
        .collect();
    assert_eq!(scan.breaks, breaks, "{text:?}");
    assert_eq!(phrases(&scan.words), phrases(&every), "{text:?}");
}

/// Every byte value at every place of a chunk of letters, digits and
/// others: the arithmetic answers as the byte loop does.
#[test]
fn a_words_run_is_the_byte_loops_for_every_byte_at_every_place() {
    for fill in [b'a', b'Z', b'0', b'9', b'm'] {
        for place in 0..8 {
            for b in 0..=255u8 {
                let mut bytes = [fill; 8];
                if let Some(cell) = bytes.get_mut(place) {
                    *cell = b;
                }
                let chunk = u64::from_le_bytes(bytes);
                assert_eq!(word_run(chunk), run_by_bytes(chunk), "{bytes:?}");
                assert_eq!(
                    run_mask(others_in(chunk)),
                    format::chunk_mask(run_by_bytes(chunk)),
                    "{bytes:?}"
                );
            }
        }
    }
}

/// The punctuation block's shortcut answers as `char::is_alphanumeric`
/// for every character there, and around it.
#[test]
fn punctuation_is_no_letter_as_unicode_says() {
    for c in ('\u{1f00}'..='\u{2100}').chain(['a', 'é', '日', '1', '’']) {
        assert_eq!(letter_or_digit(c), c.is_alphanumeric(), "{c:?}");
    }
}

/// A node has rows exactly when its slice of rows is not empty, for
/// every node of the English trie and past its end.
#[test]
fn a_node_has_rows_when_its_rows_are_not_empty() {
    let trie = &english().trie;
    let nodes = u32::try_from(trie.row_start.len()).unwrap() + 2;
    for node in 0..nodes {
        assert_eq!(
            trie.has_rows(node),
            !trie.rows_at(node).is_empty(),
            "{node}"
        );
    }
}

/// The bundled policies, read whole, scan as every token says.
#[test]
fn the_bundled_policies_scan_as_every_token() {
    for name in ["socnect", "connact", "connecwrk"] {
        let path = format!("{}/policies/{name}.policy", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(path).unwrap();
        scan_is_every_token(&text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Any eight bytes: the arithmetic answers as the byte loop does.
    #[test]
    fn a_words_run_is_the_byte_loops(chunk in any::<u64>()) {
        prop_assert_eq!(word_run(chunk), run_by_bytes(chunk));
        prop_assert_eq!(run_mask(others_in(chunk)), format::chunk_mask(run_by_bytes(chunk)));
    }

    /// Any text: the scan keeps what every token says, and finds the same
    /// phrases.
    #[test]
    fn any_text_scans_as_every_token(text in any::<String>()) {
        scan_is_every_token(&text);
    }

    /// Texts of lexicon words, long words, marks, blanks and characters
    /// beyond ASCII, in any case: the scan keeps what every token says.
    #[test]
    fn lexicon_words_scan_as_every_token(words in proptest::collection::vec(
        proptest::sample::select(vec![
            "we", "do", "not", "sell", "your", "personal", "information", "email",
            "address", "addresses", "E-MAIL", "Third", "parties", "identifiers",
            "informationally", "x1234567890abcdefghij", "naïve", "café", "日本",
            ".", ";", "!", "?", ",", "-", "’", "\n", "\n\n", " ", "\t", "e.g.",
            "www.example.com", "a@b.c", "https://x.y", "1.", "* ", "\u{a0}",
        ]),
        0..80,
    ), spaced in any::<bool>()) {
        let text = words.join(if spaced { " " } else { "" });
        scan_is_every_token(&text);
    }
}

//! Which mentions state a practice of the organisation's own, by rules
//! over their sentence one can read. [`super::read`] finds the phrases
//! and marks negation and scope; these rules then set aside what a
//! sentence names without stating it as a practice:
//!
//! 1. **Negated**: "we do not sell your data" states no sale.
//! 2. **A third party's purpose**: a purpose in a clause whose last actor
//!    is a third party ("advertisers may use cookies to show you relevant
//!    ads") is theirs, not the organisation's.
//! 3. **A right's object**: a purpose after a right in its sentence is
//!    what the right is about ("you may object to our use of it for
//!    marketing"), not a purpose stated.
//! 4. **Changes to the policy**: a sentence about how the policy changes
//!    ("we will notify you of changes to this policy by email") states
//!    how changes are announced (the `changes` fact), no category or
//!    purpose.
//!
//! Both the drift lint and `import` ask [`Reading::ours`], so what import
//! proposes is what the lint expects. One pass over the mentions, which
//! come sorted by place: linear.

use super::{Kind, Mention, Reading};

impl Reading {
    /// For each mention, in order, whether it states a practice of the
    /// organisation's own, by the rules above.
    pub fn ours_mask(&self) -> Vec<bool> {
        let mut out = Vec::with_capacity(self.mentions.len());
        let mut at = 0;
        while let Some(first) = self.mentions.get(at) {
            // One sentence's mentions: consecutive, with one range.
            let end = self
                .mentions
                .get(at..)
                .unwrap_or(&[])
                .iter()
                .position(|m| m.sentence != first.sentence)
                .map_or(self.mentions.len(), |n| at + n);
            let sentence = self.mentions.get(at..end).unwrap_or(&[]);
            out.extend(ours_in(sentence));
            at = end.max(at + 1);
        }
        out
    }

    /// The mentions of `kind` that state a practice of the organisation's
    /// own ([`Reading::ours_mask`]), in the order written.
    pub fn ours(&self, kind: Kind) -> impl Iterator<Item = &Mention> {
        self.mentions
            .iter()
            .zip(self.ours_mask())
            .filter(move |(m, ours)| *ours && m.kind == kind)
            .map(|(m, _)| m)
    }
}

impl Reading {
    /// The recipient kinds `text` (the text read) states data is disclosed
    /// to (rule 5): each a recipient mention of the organisation's own
    /// after a disclosure of its own in its sentence, or before one said by
    /// "we" ("in a merger, we may share your data"); not one a disclosure
    /// follows directly, which names who discloses ("we and our affiliates
    /// may disclose").
    pub fn disclosed_to(&self, text: &str) -> Vec<&Mention> {
        self.disclosed_to_masked(text, &self.ours_mask())
    }

    /// [`Reading::disclosed_to`] with the reading's [`Reading::ours_mask`]
    /// already made (the drift lint needs both: the mask is made once).
    pub fn disclosed_to_masked(&self, text: &str, mask: &[bool]) -> Vec<&Mention> {
        // Only a recipient of the organisation's own can be disclosed to:
        // a text that names none (most) needs no list of its mentions.
        let named = self
            .mentions
            .iter()
            .zip(mask)
            .any(|(m, ours)| *ours && m.kind == Kind::Recipient && !m.third_party);
        if !named {
            return Vec::new();
        }
        let ours: Vec<&Mention> = self
            .mentions
            .iter()
            .zip(mask)
            .filter(|(_, ours)| **ours)
            .map(|(m, _)| m)
            .collect();
        let sharing = |m: &Mention| m.kind == Kind::Practice && m.ids.contains(&"sharing");
        let mut out = Vec::new();
        // Whether a disclosure came before, in the sentence being read.
        let mut shared: Option<usize> = None;
        for (i, m) in ours.iter().enumerate() {
            if shared.is_some_and(|s| s != m.sentence.start) {
                shared = None;
            }
            if sharing(m) {
                shared = Some(m.sentence.start);
            }
            if m.kind != Kind::Recipient || m.third_party {
                continue;
            }
            // The next disclosure or recipient of the sentence: each
            // recipient looks no further, so the walk stays linear.
            let next = ours
                .get(i + 1..)
                .unwrap_or(&[])
                .iter()
                .take_while(|n| n.sentence == m.sentence)
                .find(|n| sharing(n) || n.kind == Kind::Recipient)
                .filter(|n| sharing(n));
            let by_us = next.is_some_and(|n| {
                text.get(m.range.end..n.range.start)
                    .unwrap_or("")
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.eq_ignore_ascii_case("we"))
            });
            let after = shared.is_some() && next.is_none();
            if after || by_us {
                out.push(*m);
            }
        }
        out
    }

    /// The statements of the practice `id` (`transfer`, `retention`, …)
    /// of the organisation's own, in the order written.
    pub fn practice(&self, id: &str) -> impl Iterator<Item = &Mention> {
        self.ours(Kind::Practice)
            .filter(move |m| m.ids.contains(&id) && !m.third_party)
    }
}

/// Whether each mention of one sentence states the organisation's
/// practice.
fn ours_in(sentence: &[Mention]) -> impl Iterator<Item = bool> + '_ {
    let changes = sentence
        .iter()
        .any(|m| m.kind == Kind::Practice && m.ids.contains(&"changes"));
    let first_right = sentence
        .iter()
        .find(|m| m.kind == Kind::Right && !m.negated)
        .map(|m| m.range.start);
    sentence.iter().map(move |m| {
        if m.negated || m.ids.contains(&"changes") {
            return false;
        }
        match m.kind {
            Kind::Category => !changes,
            Kind::Purpose => {
                !changes && !m.third_party && first_right.is_none_or(|r| m.range.start < r)
            }
            _ => true,
        }
    })
}

/// How a text says data is kept as long as its purposes need it.
const AS_LONG_AS_NECESSARY: &[&str] = &["as long as", "period necessary", "longer than necessary"];

/// Number words a period may be written in.
const NUMBER_WORDS: &[(&str, u32)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("ten", 10),
    ("twelve", 12),
    ("thirty", 30),
    ("ninety", 90),
];

/// A unit of a period as a sentence writes it.
enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// The retention period a sentence states plainly, as `retain`'s `period`
/// takes it: one duration ("for 90 days", "two years") as ISO 8601
/// (`P90D`, `P2Y`; weeks in days), or `as-long-as-necessary` for "as long
/// as necessary", "the period necessary", "no longer than necessary". `None` when it states none, or several durations (which
/// data is kept for which is for a person to say).
pub fn period_in(sentence: &str) -> Option<String> {
    // An ASCII sentence (nearly every one) lowers byte by byte exactly as
    // `to_lowercase` would, without its work a character.
    let lower = if sentence.is_ascii() {
        sentence.to_ascii_lowercase()
    } else {
        sentence.to_lowercase()
    };
    let words = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::as_bytes);
    match durations(words) {
        Durations::One(period) => Some(period),
        Durations::Unclear => None,
        Durations::None => AS_LONG_AS_NECESSARY
            .iter()
            .any(|p| lower.contains(p))
            .then(|| "as-long-as-necessary".to_string()),
    }
}

/// [`period_in`] of a sentence as the text writes it, white space and all:
/// the same answer as `period_in` of the sentence with each run of white
/// space made one space (as the drift lint quotes it), without that copy
/// or a copy in lower case. A text that names no unit ("day", "week",
/// "month", "year", found by `memchr`) states no duration, whatever its
/// characters; an ASCII text's words are read in place; only a text
/// beyond ASCII that names a unit is made into that sentence and read by
/// `period_in`. "as long as" and the like are looked for across white
/// space runs.
pub fn period_in_text(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let stated = if !names_a_unit(bytes) {
        Durations::None
    } else if text.is_ascii() {
        durations(
            bytes
                .split(|b| !b.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty()),
        )
    } else {
        return period_in(&one_spaced(text));
    };
    match stated {
        Durations::One(period) => Some(period),
        Durations::Unclear => None,
        Durations::None => AS_LONG_AS_NECESSARY
            .iter()
            .any(|p| contains_spaced(text, p.as_bytes()))
            .then(|| "as-long-as-necessary".to_string()),
    }
}

/// What a unit's word starts with, ASCII case ignored: "day", "month",
/// "year", and "wee" (the `k` of "week" may be a Kelvin sign, which lower
/// case makes a `k`). No other character's lower case is one of these
/// letters, so a text without them has no unit among its words.
const UNIT_HEADS: [&[u8]; 4] = [b"day", b"wee", b"month", b"year"];

/// Whether `bytes` hold one of [`UNIT_HEADS`], ASCII case ignored: a
/// `memchr` for each head's first letter, then its few bytes compared.
fn names_a_unit(bytes: &[u8]) -> bool {
    UNIT_HEADS.iter().any(|head| {
        let Some(&first) = head.first() else {
            return false;
        };
        memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes).any(|at| {
            bytes
                .get(at..at + head.len())
                .is_some_and(|found| found.eq_ignore_ascii_case(head))
        })
    })
}

/// A text's words, each run of white space made one space (none at either
/// end): the sentence `period_in_text` answers for.
pub fn one_spaced(text: &str) -> String {
    let mut sentence = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !sentence.is_empty() {
            sentence.push(' ');
        }
        sentence.push_str(word);
    }
    sentence
}

/// Whether `pattern` (ASCII lower-case letters, words one space apart)
/// occurs in `text`, ASCII case ignored, each of its spaces standing for a
/// run of white space there: what `contains` finds in the text's words
/// made one space apart and in lower case (no other character's lower
/// case is one of the patterns' letters but a Kelvin sign's `k`, which
/// none has). Each start (a place of the pattern's first letter, found by
/// `memchr`) looks at most at the pattern and the white space runs after
/// its words.
fn contains_spaced(text: &str, pattern: &[u8]) -> bool {
    let bytes = text.as_bytes();
    let Some(&first) = pattern.first() else {
        return true;
    };
    memchr::memchr2_iter(first, first.to_ascii_uppercase(), bytes).any(|start| {
        let mut at = start;
        for &p in pattern {
            if p == b' ' {
                let run: usize = text
                    .get(at..)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_whitespace())
                    .map(char::len_utf8)
                    .sum();
                if run == 0 {
                    return false;
                }
                at += run;
            } else if bytes.get(at).is_some_and(|b| b.eq_ignore_ascii_case(&p)) {
                at += 1;
            } else {
                return false;
            }
        }
        true
    })
}

/// What a sentence's words say of durations.
enum Durations {
    /// None.
    None,
    /// One (perhaps said more than once), as ISO 8601.
    One(String),
    /// Several, or one beside "until": which data is kept how long is
    /// for a person to say.
    Unclear,
}

/// The durations a sentence's words (its runs of letters and digits, in
/// order; ASCII case ignored) state: a number or number word before a
/// unit ("90 days", "two years"), in one pass over the words.
fn durations<'w>(words: impl Iterator<Item = &'w [u8]>) -> Durations {
    let mut found: Option<String> = None;
    let mut until = false;
    // Each word with the one before it, in one pass (no list of words).
    let mut previous: Option<&[u8]> = None;
    for unit in words {
        until |= unit.eq_ignore_ascii_case(b"until");
        let Some(number) = previous.replace(unit) else {
            continue;
        };
        // The unit first: most words are none, and it is the cheaper test.
        let Some(unit) = unit_of(unit) else {
            continue;
        };
        let Some(n) = number_of(number) else { continue };
        let iso = match unit {
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{}D", n * 7),
            Unit::Month => format!("P{n}M"),
            Unit::Year => format!("P{n}Y"),
        };
        match &found {
            Some(other) if *other != iso => return Durations::Unclear,
            _ => found = Some(iso),
        }
    }
    // "until you delete your account … 24 months": two periods.
    match found {
        Some(_) if until => Durations::Unclear,
        Some(period) => Durations::One(period),
        None => Durations::None,
    }
}

/// The unit a word names ("days", "Year", "weekss": its trailing `s`
/// dropped), ASCII case ignored.
fn unit_of(word: &[u8]) -> Option<Unit> {
    let mut stem = word;
    while let [head @ .., b's' | b'S'] = stem {
        stem = head;
    }
    let is = |name: &[u8]| stem.eq_ignore_ascii_case(name);
    if is(b"day") {
        Some(Unit::Day)
    } else if is(b"week") {
        Some(Unit::Week)
    } else if is(b"month") {
        Some(Unit::Month)
    } else if is(b"year") {
        Some(Unit::Year)
    } else {
        None
    }
}

/// The number a word writes, 1 to 999 in digits or one of
/// [`NUMBER_WORDS`] (ASCII case ignored).
fn number_of(word: &[u8]) -> Option<u32> {
    std::str::from_utf8(word)
        .ok()
        .and_then(|w| w.parse::<u32>().ok())
        .filter(|n| (1..=999).contains(n))
        .or_else(|| {
            NUMBER_WORDS
                .iter()
                .find(|(w, _)| w.as_bytes().eq_ignore_ascii_case(word))
                .map(|(_, n)| *n)
        })
}

#[cfg(test)]
mod tests {
    use super::{one_spaced, period_in, period_in_text};
    use crate::lexicon::{english, read};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

        /// A sentence's period read from the text as written is the
        /// period of the sentence made one space apart: numbers, units in
        /// any case, "until", "as long as" split by any white space, and
        /// characters beyond ASCII (which take the other road).
        #[test]
        fn the_period_of_the_text_is_the_period_of_its_sentence(words in proptest::collection::vec(
            proptest::sample::select(vec![
                "we", "keep", "for", "90", "0", "1000", "two", "TWO", "Ten", "days", "DAYS",
                "Week", "weekss", "months", "year", "Years", "day", "until", "UNTIL", "as",
                "AS", "long", "Long", "period", "necessary", "longer", "than", "has", "ask",
                " ", "  ", "\n", "\t", "\u{b}", "\u{c}", "\r", "\u{a0}", "\u{1c}", ".",
                ",", "-", "é", "İ", "K", "日", "90é", "éday", "wee\u{212a}", "\u{2003}",
                "\u{85}", "perİod", "ſ",
            ]),
            0..40,
        )) {
            let text = words.concat();
            prop_assert_eq!(period_in_text(&text), period_in(&one_spaced(&text)), "{:?}", text);
        }
    }

    /// The raw text's reading on the sentences the other tests read, and
    /// on "as long as" across line breaks.
    #[test]
    fn the_period_of_a_text_as_written() {
        for text in [
            "We keep logs for 90 days.",
            "kept for two\n\n years",
            "We keep it for as\n   long as\tnecessary.",
            "logs for 90 days and invoices for 7 years",
            "Email: until you delete your account. Steps: 24 months.",
            "We keep your data safe.",
            "  no longer  than necessary ",
        ] {
            assert_eq!(
                period_in_text(text),
                period_in(&one_spaced(text)),
                "{text:?}"
            );
        }
        assert_eq!(
            period_in_text("for as\n long as needed").as_deref(),
            Some("as-long-as-necessary")
        );
    }

    fn disclosed(text: &str) -> Vec<&'static str> {
        let reading = read(english(), text);
        reading
            .disclosed_to(text)
            .iter()
            .filter_map(|m| m.ids.first().copied())
            .collect()
    }

    /// Defect: "we and our affiliates may disclose your personal
    /// information" was read as a disclosure to affiliates (who disclose).
    #[test]
    fn who_discloses_is_no_recipient() {
        assert_eq!(
            disclosed(
                "Generally, we and our affiliates worldwide may disclose your personal information to law enforcement authorities."
            ),
            vec!["authority", "authority"]
        );
        let listed = "We may disclose your Data in the good faith belief that such action is necessary to:\n\n* To comply with a legal obligation\n* To protect against legal liability\n\n\nGenerally, we and our affiliates worldwide may disclose your personal information.";
        assert_eq!(disclosed(listed), Vec::<&str>::new());
        let joined = listed.replace("\n\n\n", " ");
        assert_eq!(disclosed(&joined), Vec::<&str>::new());
        assert_eq!(
            disclosed("We share your email address with our service providers."),
            vec!["processor"]
        );
        assert!(disclosed("We do not share your data with advertisers.").is_empty());
        assert!(disclosed("Payment processors (if you tip) see your card.").is_empty());
        assert_eq!(
            disclosed("In the event of a merger, we may share your data."),
            vec!["acquirer"]
        );
    }

    /// Retention periods are proposed only where one reads one way:
    /// a table row "until you delete your account … 24 months" proposed
    /// `P24M` for both.
    #[test]
    fn one_period_or_none() {
        assert_eq!(
            period_in("We keep logs for 90 days.").as_deref(),
            Some("P90D")
        );
        assert_eq!(period_in("kept for two years").as_deref(), Some("P2Y"));
        assert_eq!(period_in("kept for 6 weeks").as_deref(), Some("P42D"));
        assert_eq!(
            period_in("We keep it for as long as necessary.").as_deref(),
            Some("as-long-as-necessary")
        );
        assert_eq!(period_in("logs for 90 days and invoices for 7 years"), None);
        assert_eq!(
            period_in("Email: until you delete your account. Steps: 24 months."),
            None
        );
        assert_eq!(period_in("We keep your data safe."), None);
    }
}

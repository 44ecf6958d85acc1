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
        .filter(|w| !w.is_empty());
    let mut found: Option<String> = None;
    let mut until = false;
    // Each word with the one before it, in one pass (no list of words).
    let mut previous: Option<&str> = None;
    for unit in words {
        until |= unit == "until";
        let Some(number) = previous.replace(unit) else {
            continue;
        };
        // The unit first: most words are none, and it is the cheaper test.
        let unit = match unit.trim_end_matches('s') {
            "day" => Unit::Day,
            "week" => Unit::Week,
            "month" => Unit::Month,
            "year" => Unit::Year,
            _ => continue,
        };
        let n = number
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=999).contains(n))
            .or_else(|| {
                NUMBER_WORDS
                    .iter()
                    .find(|(w, _)| *w == number)
                    .map(|(_, n)| *n)
            });
        let Some(n) = n else { continue };
        let iso = match unit {
            Unit::Day => format!("P{n}D"),
            Unit::Week => format!("P{}D", n * 7),
            Unit::Month => format!("P{n}M"),
            Unit::Year => format!("P{n}Y"),
        };
        match &found {
            Some(other) if *other != iso => return None,
            _ => found = Some(iso),
        }
    }
    // "until you delete your account … 24 months": two periods.
    if found.is_some() && until {
        return None;
    }
    found.or_else(|| {
        AS_LONG_AS_NECESSARY
            .iter()
            .any(|p| lower.contains(p))
            .then(|| "as-long-as-necessary".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::period_in;
    use crate::lexicon::{english, read};

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

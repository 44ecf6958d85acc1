//! ISO 8601 durations (`P2Y`, `P6M`, `P30D`, `PT24H`): how long data is
//! kept, a cookie lives, a request takes. Kept as written for the exports
//! (DPV and JSON carry the ISO form), read into parts for words ("2 years")
//! and for comparing two periods (`diff`'s "longer retention").

use schemars::JsonSchema;
use serde::{Serialize, Serializer};

/// A duration of whole units.
#[derive(Debug, Clone, PartialEq, Eq, JsonSchema)]
#[schemars(
    with = "String",
    description = "An ISO 8601 duration such as `P2Y`, `P6M`, `P30D` or `PT24H`."
)]
pub struct Duration {
    /// The duration as written, e.g. `P1Y6M`.
    pub iso: String,
    /// Its units, largest first: years, months, weeks, days, hours, minutes,
    /// seconds.
    parts: [u32; 7],
}

/// The unit names, singular and plural, in the order of `parts`.
const UNITS: [(&str, &str); 7] = [
    ("year", "years"),
    ("month", "months"),
    ("week", "weeks"),
    ("day", "days"),
    ("hour", "hours"),
    ("minute", "minutes"),
    ("second", "seconds"),
];

/// The designators of each unit, before and after `T`.
const DATE_UNITS: [(char, usize); 4] = [('Y', 0), ('M', 1), ('W', 2), ('D', 3)];
const TIME_UNITS: [(char, usize); 3] = [('H', 4), ('M', 5), ('S', 6)];

impl Duration {
    /// Reads `PnYnMnWnDTnHnMnS` with whole numbers, each unit at most once,
    /// in order, at least one; `None` for anything else.
    pub fn parse(written: &str) -> Option<Duration> {
        let rest = written.strip_prefix('P')?;
        let (date, time) = match rest.split_once('T') {
            Some((date, time)) if !time.is_empty() => (date, Some(time)),
            Some(_) => return None,
            None => (rest, None),
        };
        let mut parts = [0u32; 7];
        let mut any = read_units(date, &DATE_UNITS, &mut parts)?;
        if let Some(time) = time {
            any |= read_units(time, &TIME_UNITS, &mut parts)?;
        }
        any.then(|| Duration {
            iso: written.to_string(),
            parts,
        })
    }

    /// The duration in words: "2 years", "1 year and 6 months".
    pub fn words(&self) -> String {
        let pieces: Vec<String> = self
            .parts
            .iter()
            .zip(UNITS)
            .filter(|(n, _)| **n > 0)
            .map(|(n, (one, many))| format!("{n} {}", if *n == 1 { one } else { many }))
            .collect();
        crate::keyword::list(pieces)
    }

    /// About how many seconds it lasts (a year 365 days, a month 30): only
    /// for comparing two durations.
    pub fn approx_seconds(&self) -> u64 {
        const SECONDS: [u64; 7] = [31_536_000, 2_592_000, 604_800, 86_400, 3_600, 60, 1];
        self.parts
            .iter()
            .zip(SECONDS)
            .map(|(n, s)| u64::from(*n).saturating_mul(s))
            .fold(0, u64::saturating_add)
    }
}

impl Duration {
    /// Whether it lasts no time at all (`P0D`, `PT0S`).
    pub fn is_zero(&self) -> bool {
        self.parts.iter().all(|n| *n == 0)
    }

    /// The ISO 8601 form a near miss means, for the help of its error:
    /// `P1.5Y` → `P18M`, `26M` → `P26M`, `26 months` → `P26M`, `P24H` →
    /// `PT24H`, `p2y` → `P2Y`. A fraction is carried whole into the next
    /// smaller unit when that gives whole numbers (a year is 12 months, a
    /// week 7 days, a day 24 hours); `None` when no one form is meant.
    pub fn suggest(written: &str) -> Option<String> {
        let upper = written.trim().to_ascii_uppercase();
        let compact = in_words(&upper).unwrap_or(upper);
        let body = compact.strip_prefix('P').unwrap_or(&compact);
        let mut parts = [0u32; 7];
        let mut time = false;
        let mut number = String::new();
        for c in body.chars() {
            match c {
                '0'..='9' | '.' => number.push(c),
                'T' if number.is_empty() && !time => time = true,
                _ => {
                    let slot = designator(c, time || matches!(c, 'H' | 'S'))?;
                    add(&mut parts, slot, &std::mem::take(&mut number))?;
                }
            }
        }
        if !number.is_empty() {
            return None;
        }
        let iso = iso_of(&parts);
        (iso != written && Duration::parse(&iso).is_some_and(|d| !d.is_zero())).then_some(iso)
    }
}

/// `26 MONTHS` (upper-cased) as `26M`, `2 YEARS` as `2Y`, `24 HOURS` as
/// `T24H`; `None` unless it is a number and a unit's name.
fn in_words(upper: &str) -> Option<String> {
    let (number, unit) = upper.split_once(char::is_whitespace)?;
    let unit = unit.trim().trim_end_matches('S');
    let designator = match unit {
        "YEAR" => "Y",
        "MONTH" => "M",
        "WEEK" => "W",
        "DAY" => "D",
        "HOUR" => "TH",
        "MINUTE" => "TM",
        "SECOND" => "TS",
        _ => return None,
    };
    let (time, letter) = designator.split_at(designator.len() - 1);
    Some(format!("P{time}{number}{letter}"))
}

/// The slot of `parts` a designator fills, before or after `T`.
fn designator(c: char, time: bool) -> Option<usize> {
    let units: &[(char, usize)] = if time { &TIME_UNITS } else { &DATE_UNITS };
    units.iter().find(|(u, _)| *u == c).map(|(_, slot)| *slot)
}

/// Adds `number` (perhaps with a fraction) of the unit at `slot`; a
/// fraction turns the whole number into the next smaller unit.
fn add(parts: &mut [u32; 7], slot: usize, number: &str) -> Option<()> {
    /// How many of the next smaller unit make one of each unit.
    const SMALLER: [u64; 7] = [12, 0, 7, 24, 60, 60, 0];
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let (slot, value) = if fraction.is_empty() {
        (slot, whole.parse::<u64>().ok()?)
    } else {
        let factor = *SMALLER.get(slot).filter(|f| **f > 0)?;
        let scale = 10u64.checked_pow(u32::try_from(fraction.len()).ok()?)?;
        let digits = format!("{whole}{fraction}").parse::<u64>().ok()?;
        let scaled = digits.checked_mul(factor)?;
        (scaled % scale == 0).then_some(())?;
        (slot + 1, scaled / scale)
    };
    let part = parts.get_mut(slot)?;
    *part = part.checked_add(u32::try_from(value).ok()?)?;
    Some(())
}

/// `parts` written as ISO 8601, zero units left out.
fn iso_of(parts: &[u32; 7]) -> String {
    let mut iso = String::from("P");
    for (letter, slot) in DATE_UNITS {
        if let Some(n) = parts.get(slot).filter(|n| **n > 0) {
            iso.push_str(&format!("{n}{letter}"));
        }
    }
    let mut time = String::new();
    for (letter, slot) in TIME_UNITS {
        if let Some(n) = parts.get(slot).filter(|n| **n > 0) {
            time.push_str(&format!("{n}{letter}"));
        }
    }
    if !time.is_empty() {
        iso.push('T');
        iso.push_str(&time);
    }
    iso
}

/// Reads `nX` pairs whose designators come in `units`' order; whether any
/// was read, or `None` when the text is not such pairs.
fn read_units(text: &str, units: &[(char, usize)], parts: &mut [u32; 7]) -> Option<bool> {
    let mut next_unit = 0;
    let mut number = String::new();
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let offset = units.iter().skip(next_unit).position(|(u, _)| *u == c)?;
        let (_, slot) = units.get(next_unit + offset)?;
        *parts.get_mut(*slot)? = number.parse().ok()?;
        number.clear();
        next_unit += offset + 1;
        any = true;
    }
    number.is_empty().then_some(any)
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations_are_read_and_said_in_words() {
        let words = |s: &str| Duration::parse(s).map(|d| d.words());
        assert_eq!(words("P2Y").as_deref(), Some("2 years"));
        assert_eq!(words("P1Y6M").as_deref(), Some("1 year and 6 months"));
        assert_eq!(words("P30D").as_deref(), Some("30 days"));
        assert_eq!(words("PT24H").as_deref(), Some("24 hours"));
        assert_eq!(words("P1DT12H").as_deref(), Some("1 day and 12 hours"));
        assert_eq!(words("P1M").as_deref(), Some("1 month"));
        assert_eq!(words("PT1M").as_deref(), Some("1 minute"));
    }

    #[test]
    fn malformed_durations_are_refused() {
        for bad in [
            "P2X", "P", "PT", "2Y", "P2", "P1D2Y", "P1Y1Y", "P-1Y", "P1.5Y", "p2y", "P2YT",
        ] {
            assert_eq!(Duration::parse(bad), None, "{bad}");
        }
        assert_eq!(Duration::parse("P99999999999Y"), None);
    }

    /// `P1.5Y`, `26M` and `26 months` got E0214 with only general
    /// examples: the help now gives the ISO form to write.
    #[test]
    fn near_misses_suggest_the_iso_form() {
        let cases = [
            ("P1.5Y", "P18M"),
            ("26M", "P26M"),
            ("26 months", "P26M"),
            ("2 years", "P2Y"),
            ("1 day", "P1D"),
            ("24 hours", "PT24H"),
            ("P24H", "PT24H"),
            ("p2y", "P2Y"),
            ("P1.5D", "PT36H"),
            ("PT2.5H", "PT150M"),
            ("2Y6M", "P2Y6M"),
        ];
        for (written, meant) in cases {
            assert_eq!(
                Duration::suggest(written).as_deref(),
                Some(meant),
                "{written}"
            );
        }
        for nothing in [
            "P2X",
            "P1.5M",
            "P2Y",
            "soon",
            "P0D",
            "1.25.3Y",
            "P99999999999Y",
        ] {
            assert_eq!(Duration::suggest(nothing), None, "{nothing}");
        }
    }

    #[test]
    fn zero_durations_are_known() {
        assert!(Duration::parse("P0D").is_some_and(|d| d.is_zero()));
        assert!(Duration::parse("PT0S").is_some_and(|d| d.is_zero()));
        assert!(Duration::parse("P1D").is_some_and(|d| !d.is_zero()));
    }

    #[test]
    fn durations_compare_by_length() {
        let secs = |s: &str| Duration::parse(s).map_or(0, |d| d.approx_seconds());
        assert!(secs("P2Y") > secs("P18M"));
        assert!(secs("P1W") > secs("P6D"));
    }
}

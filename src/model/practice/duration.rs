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

    #[test]
    fn durations_compare_by_length() {
        let secs = |s: &str| Duration::parse(s).map_or(0, |d| d.approx_seconds());
        assert!(secs("P2Y") > secs("P18M"));
        assert!(secs("P1W") > secs("P6D"));
    }
}

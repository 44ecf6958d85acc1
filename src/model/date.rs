//! Calendar dates: what `effective` and `updated` hold, checked to exist.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;

/// A calendar date, checked to exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2024.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, refusing dates that do not exist (2023-02-29).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let leap = date.year % 4 == 0 && (date.year % 100 != 0 || date.year % 400 == 0);
        let days = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (date.day >= 1 && date.day <= days).then_some(date)
    }

    /// The calendar date `days` days after 1970-01-01 (proleptic Gregorian).
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Date {
            year: u16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// The date written out for readers: `November 1, 2023` in English, the
    /// ISO form for languages whose month names the compiler does not know.
    pub fn long(&self, language: &str) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let english = language == "en" || language.starts_with("en-");
        match MONTHS.get(usize::from(self.month).wrapping_sub(1)) {
            Some(month) if english => format!("{month} {}, {}", self.day, self.year),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "format": "date", "description": "An ISO 8601 calendar date, YYYY-MM-DD." })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Rule files give dates (`in_force`, `until`) as ISO strings; a date that
/// does not exist is refused when the embedded rule sets are loaded.
impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a YYYY-MM-DD date")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_deserialize_from_iso_strings_only() {
        let date: Date = serde_yaml::from_str("\"2027-05-13\"").unwrap();
        assert_eq!(Some(date), Date::parse_iso("2027-05-13"));
        assert!(serde_yaml::from_str::<Date>("\"2027-02-30\"").is_err());
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(Date::parse_iso("2024-02-29").is_some());
        assert!(Date::parse_iso("2023-02-29").is_none());
        assert!(Date::parse_iso("2023-13-01").is_none());
        assert!(Date::parse_iso("2023-04-31").is_none());
        assert!(Date::parse_iso("1900-02-29").is_none());
    }

    #[test]
    fn days_since_epoch_become_calendar_dates() {
        assert_eq!(
            Date::from_days_since_epoch(0),
            Date::parse_iso("1970-01-01")
        );
        assert_eq!(
            Date::from_days_since_epoch(19_782),
            Date::parse_iso("2024-02-29")
        );
        assert_eq!(
            Date::from_days_since_epoch(20_778),
            Date::parse_iso("2026-11-21")
        );
    }

    #[test]
    fn dates_are_written_out_in_english() {
        let date = Date::parse_iso("2023-11-01");
        assert_eq!(
            date.map(|d| d.long("en")),
            Some("November 1, 2023".to_string())
        );
        assert_eq!(date.map(|d| d.long("de")), Some("2023-11-01".to_string()));
    }
}

//! Dates as policies print them — `September 1, 2021`, `Sept. 1, 2021`,
//! `1st September 2021`, `2021-09-01`, `15/03/2024` — read into a [`Date`]
//! only when the reading is certain: `03/04/2024` could be March or April,
//! so it is reported as ambiguous rather than guessed.

use crate::model::Date;

/// A date found in a line of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A date read with certainty.
    Date(Date),
    /// A date that can be read two ways (day and month both 12 or less),
    /// or a month and year without a day: as printed.
    Unclear(String),
}

const MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sept", "sep"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];

/// The first date in `text`, if any.
pub fn find(text: &str) -> Option<Found> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .map(|t| t.trim_matches(|c: char| matches!(c, '(' | ')' | ';' | ':' | '“' | '”' | '"')))
        .filter(|t| !t.is_empty())
        .collect();
    (0..tokens.len()).find_map(|i| at(tokens.get(i..).unwrap_or_default()))
}

/// A date starting at the first of `tokens`.
fn at(tokens: &[&str]) -> Option<Found> {
    let first = tokens.first()?.trim_end_matches('.');
    if let Some(found) = numeric(first) {
        return Some(found);
    }
    let second = tokens.get(1).map(|t| t.trim_end_matches('.'));
    let third = tokens.get(2).map(|t| t.trim_end_matches('.'));
    // September 1, 2021 · Sept. 1st 2021
    if let (Some(month), Some(day), Some(year)) =
        (month(first), second.and_then(day), third.and_then(year))
    {
        return Some(checked(year, month, day, tokens));
    }
    // 1 September 2021 · 1st Sept, 2021
    if let (Some(day), Some(month), Some(year)) =
        (day(first), second.and_then(month), third.and_then(year))
    {
        return Some(checked(year, month, day, tokens));
    }
    // September 2021: no day.
    if let (Some(_), Some(_)) = (month(first), second.and_then(year)) {
        return Some(Found::Unclear(format!(
            "{} {}",
            tokens.first()?,
            tokens.get(1)?
        )));
    }
    None
}

fn checked(year: u16, month: u8, day: u8, tokens: &[&str]) -> Found {
    match make(year, month, day) {
        Some(date) => Found::Date(date),
        None => Found::Unclear(tokens.iter().take(3).copied().collect::<Vec<_>>().join(" ")),
    }
}

fn make(year: u16, month: u8, day: u8) -> Option<Date> {
    Date::parse_iso(&format!("{year:04}-{month:02}-{day:02}"))
}

/// `2021-09-01`, `2021/09/01`, `15/03/2024`, `15.03.2024`, `03-15-2024`.
fn numeric(token: &str) -> Option<Found> {
    let separator = token.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = token.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit()))
    {
        return None;
    }
    if a.len() == 4 {
        let (year, month, day) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
        return Some(match make(year, month, day) {
            Some(date) => Found::Date(date),
            None => Found::Unclear(token.to_string()),
        });
    }
    if c.len() != 4 || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (x, y, year): (u8, u8, u16) = (a.parse().ok()?, b.parse().ok()?, c.parse().ok()?);
    let reading = match (x > 12, y > 12) {
        (true, false) => make(year, y, x),
        (false, true) => make(year, x, y),
        _ if x == y => make(year, x, y),
        _ => None,
    };
    Some(match reading {
        Some(date) => Found::Date(date),
        None => Found::Unclear(token.to_string()),
    })
}

fn month(token: &str) -> Option<u8> {
    let lower = token.to_lowercase();
    let at = MONTHS
        .iter()
        .position(|names| names.contains(&lower.as_str()))?;
    u8::try_from(at + 1).ok()
}

fn day(token: &str) -> Option<u8> {
    let digits = token
        .strip_suffix("st")
        .or_else(|| token.strip_suffix("nd"))
        .or_else(|| token.strip_suffix("rd"))
        .or_else(|| token.strip_suffix("th"))
        .unwrap_or(token);
    if digits.is_empty() || digits.len() > 2 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(token: &str) -> Option<u16> {
    (token.len() == 4 && token.chars().all(|c| c.is_ascii_digit()))
        .then(|| token.parse().ok())
        .flatten()
        .filter(|y| (1900..=2999).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<String> {
        match find(text) {
            Some(Found::Date(d)) => Some(d.to_string()),
            Some(Found::Unclear(t)) => Some(format!("unclear: {t}")),
            None => None,
        }
    }

    #[test]
    fn printed_dates_are_read() {
        assert_eq!(
            date("Effective date: Sept 1, 2021").as_deref(),
            Some("2021-09-01")
        );
        assert_eq!(
            date("This document was last updated on November 1, 2023").as_deref(),
            Some("2023-11-01")
        );
        assert_eq!(
            date("Last updated: 1st March, 2024").as_deref(),
            Some("2024-03-01")
        );
        assert_eq!(date("Updated 2024-02-29.").as_deref(), Some("2024-02-29"));
        assert_eq!(date("Effective: 15/03/2024").as_deref(), Some("2024-03-15"));
        assert_eq!(date("Effective: 03/15/2024").as_deref(), Some("2024-03-15"));
        assert_eq!(date("(Dec. 5 2022)").as_deref(), Some("2022-12-05"));
    }

    #[test]
    fn doubtful_dates_are_not_guessed() {
        assert_eq!(
            date("Last updated 03/04/2024").as_deref(),
            Some("unclear: 03/04/2024")
        );
        assert_eq!(
            date("Updated March 2024").as_deref(),
            Some("unclear: March 2024")
        );
        assert_eq!(
            date("February 30, 2023").as_deref(),
            Some("unclear: February 30 2023")
        );
        assert_eq!(date("We may update this policy."), None);
        assert_eq!(date("Version 1.2.3"), None);
        assert_eq!(date("may 5 people"), None);
    }
}

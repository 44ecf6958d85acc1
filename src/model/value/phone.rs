//! `Phone`: a telephone number as people write it — `+1 (800) 555-0100`,
//! `+44 20 7946 0000`, `0800 123 456` — kept as written for reading, with
//! its digits for the `tel:` link. An international number (`+`) has a
//! country code and at most 15 digits (ITU-T E.164); a national one 3 to 15
//! digits. Letters (`1-800-FLOWERS`) and extensions are refused: a `tel:`
//! link cannot dial them reliably.

use super::{Invalid, TypedValue, shown, string_value, trimmed};
use std::fmt;

/// A validated telephone number, as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Phone(String);

/// Why a text is not a telephone number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneError {
    /// A character other than digits, spaces, `-`, `.`, `/`, `(`, `)`.
    BadCharacter(char),
    /// A `+` other than the first character.
    MisplacedPlus,
    /// Parentheses that do not pair up.
    Parentheses,
    /// Fewer digits than any number has, or more than E.164 allows.
    DigitCount(usize),
    /// An international number whose country code starts with 0.
    CountryCode,
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneError::BadCharacter(c) if c.is_alphabetic() => {
                write!(
                    f,
                    "it holds the letter {}; a telephone link dials digits only",
                    shown(*c)
                )
            }
            PhoneError::BadCharacter(c) => write!(
                f,
                "it holds {}; write digits, spaces, `-`, `.`, `(`, `)` and a leading `+`",
                shown(*c)
            ),
            PhoneError::MisplacedPlus => write!(f, "`+` may only begin the number"),
            PhoneError::Parentheses => write!(f, "its parentheses do not pair up"),
            PhoneError::DigitCount(n) => write!(
                f,
                "it has {n} digits; a number has 3 to 15 (7 to 15 after `+`)"
            ),
            PhoneError::CountryCode => write!(f, "no country code starts with 0"),
        }
    }
}

impl TypedValue for Phone {
    const WHAT: &'static str = "telephone number";
    const EXAMPLE: &'static str =
        "write the number with its country code, such as `+1 (800) 555-0100`";
    type Error = PhoneError;

    fn parse(text: &str) -> Result<Self, Invalid<PhoneError>> {
        parse(text).map_err(|error| Invalid::suggest(error, suggestion(text), |s| parse(s).ok()))
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

string_value!(
    Phone,
    "Parses a telephone number; see [`TypedValue::parse`]."
);

impl Phone {
    /// Whether the number is written with its country code (`+…`).
    pub fn is_international(&self) -> bool {
        self.0.starts_with('+')
    }

    /// The digits to dial, without separators. In an international number
    /// a trunk prefix written in parentheses (`+44 (0)20 …`) is not dialled
    /// from abroad, so it is left out.
    pub fn digits(&self) -> String {
        let mut text = self.0.clone();
        if self.is_international() {
            text = text.replacen("(0)", "", 1);
        }
        text.chars().filter(char::is_ascii_digit).collect()
    }

    /// The `tel:` link (RFC 3966): `+` and the digits to dial, built here
    /// and nowhere else.
    pub fn tel(&self) -> String {
        let plus = if self.is_international() { "+" } else { "" };
        format!("tel:{plus}{}", self.digits())
    }
}

/// The separators people write between groups of digits.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '-' | '.' | '/')
}

/// The checks, without suggestions.
fn parse(text: &str) -> Result<Phone, PhoneError> {
    let body = text.strip_prefix('+').unwrap_or(text);
    let mut open = false;
    for c in body.chars() {
        match c {
            '+' => return Err(PhoneError::MisplacedPlus),
            '(' if !open => open = true,
            ')' if open => open = false,
            '(' | ')' => return Err(PhoneError::Parentheses),
            c if c.is_ascii_digit() || is_separator(c) => {}
            c => return Err(PhoneError::BadCharacter(c)),
        }
    }
    if open {
        return Err(PhoneError::Parentheses);
    }
    let digits: Vec<char> = body.chars().filter(char::is_ascii_digit).collect();
    let international = text.starts_with('+');
    let least = if international { 7 } else { 3 };
    if !(least..=15).contains(&digits.len()) {
        return Err(PhoneError::DigitCount(digits.len()));
    }
    if international && digits.first() == Some(&'0') {
        return Err(PhoneError::CountryCode);
    }
    if !body
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || c == '(')
    {
        return Err(body
            .chars()
            .next()
            .map_or(PhoneError::DigitCount(0), PhoneError::BadCharacter));
    }
    Ok(Phone(text.to_string()))
}

/// The number most likely meant: without `tel:` or white space around it,
/// `00` (the international prefix of most countries) written as `+`.
fn suggestion(text: &str) -> Option<String> {
    if let Some(trimmed) = trimmed(text) {
        return Some(trimmed);
    }
    if let Some(rest) = text.strip_prefix("tel:") {
        return Some(rest.to_string());
    }
    text.strip_prefix("+00").map(|rest| format!("+{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_numbers_as_people_write_them_and_dials_their_digits() {
        for (written, tel) in [
            ("+1 (800) 555-0100", "tel:+18005550100"),
            ("+44 20 7946 0000", "tel:+442079460000"),
            ("+44 (0)20 7946 0000", "tel:+442079460000"),
            ("(0)20 7946 0000", "tel:02079460000"),
            ("+33.1.23.45.67.89", "tel:+33123456789"),
            ("0800 123 456", "tel:0800123456"),
            ("(02) 9876 5432", "tel:0298765432"),
            ("116 123", "tel:116123"),
        ] {
            assert_eq!(
                Phone::parse(written).map(|p| p.tel()),
                Ok(tel.to_string()),
                "{written}"
            );
        }
    }

    #[test]
    fn refuses_what_cannot_be_dialled() {
        let refused = |text: &str| Phone::parse(text).expect_err(text);
        assert_eq!(
            refused("1-800-FLOWERS").error,
            PhoneError::BadCharacter('F')
        );
        assert_eq!(
            refused("555 0100 ext. 12").error,
            PhoneError::BadCharacter('e')
        );
        assert_eq!(refused("+1 800 +555").error, PhoneError::MisplacedPlus);
        assert_eq!(refused("+1 (800 555 0100").error, PhoneError::Parentheses);
        assert_eq!(refused("12").error, PhoneError::DigitCount(2));
        assert_eq!(refused("+1234").error, PhoneError::DigitCount(4));
        assert_eq!(
            refused("+1234567890123456").error,
            PhoneError::DigitCount(16)
        );
        assert_eq!(refused("=1+2").error, PhoneError::BadCharacter('='));
        assert_eq!(refused("-1 555 0100").error, PhoneError::BadCharacter('-'));
        assert_eq!(
            refused("tel:+1 800 555 0100").suggestion.as_deref(),
            Some("+1 800 555 0100")
        );
        assert_eq!(
            refused("+0044 20 7946 0000").suggestion.as_deref(),
            Some("+44 20 7946 0000")
        );
    }
}

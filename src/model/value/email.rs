//! `Email`: an address a `mailto:` link can carry — the dot-atom form of
//! RFC 5322 § 3.4.1 that RFC 5321 mail servers accept, in ASCII. Quoted
//! local parts (`"john doe"@…`), address literals (`…@[192.0.2.1]`) and
//! Unicode addresses (RFC 6531) are refused on purpose: mail clients carry
//! them unreliably in a link; an internationalised domain is written in
//! its ASCII form (`xn--…`).

use super::{Invalid, TypedValue, shown, string_value, trimmed};
use std::fmt;

/// A validated email address, as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);

/// Why a text is not an email address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmailError {
    /// No `@`.
    NoAt,
    /// More than one `@`.
    ManyAt,
    /// Nothing before the `@`, or more than 64 characters.
    LocalLength,
    /// A character outside the dot-atom set, or a misplaced dot, before `@`.
    BadLocal(String),
    /// A domain that is not two or more dot-separated host labels.
    BadDomain(String),
    /// A character outside ASCII.
    NotAscii(char),
    /// Longer than 254 characters, the most a mail path carries.
    TooLong,
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmailError::NoAt => write!(f, "it has no `@`"),
            EmailError::ManyAt => write!(f, "it has more than one `@`"),
            EmailError::LocalLength => write!(f, "the part before `@` must be 1 to 64 characters"),
            EmailError::BadLocal(l) => write!(
                f,
                "`{l}` before `@` is not a mailbox name (letters, digits, `.`, `_`, `-`, `+` …, no leading, trailing or double dot)"
            ),
            EmailError::BadDomain(d) => write!(f, "`{d}` after `@` is not a domain name"),
            EmailError::NotAscii(c) => write!(
                f,
                "it holds {}; write the address in ASCII (a domain in its `xn--` form)",
                shown(*c)
            ),
            EmailError::TooLong => write!(f, "it is longer than 254 characters"),
        }
    }
}

impl TypedValue for Email {
    const WHAT: &'static str = "email address";
    const EXAMPLE: &'static str = "write an address such as `privacy@example.com`";
    type Error = EmailError;

    fn parse(text: &str) -> Result<Self, Invalid<EmailError>> {
        parse(text).map_err(|error| Invalid::suggest(error, suggestion(text), |s| parse(s).ok()))
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

string_value!(Email, "Parses an email address; see [`TypedValue::parse`].");

impl Email {
    /// The `mailto:` link to the address, built here and nowhere else;
    /// the characters RFC 6068 reserves (`%`, `?`, `#`, `&`, …) are
    /// percent-encoded.
    pub fn mailto(&self) -> String {
        let mut out = String::from("mailto:");
        for c in self.0.chars() {
            if c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '.' | '-' | '_' | '~' | '!' | '$' | '\'' | '*' | '+' | '=' | '@'
                )
            {
                out.push(c);
            } else {
                out.push_str(&format!("%{:02X}", u32::from(c)));
            }
        }
        out
    }
}

/// The characters of RFC 5322's `atext`, besides letters and digits.
const ATEXT: &str = "!#$%&'*+/=?^_`{|}~-";

/// The checks, without suggestions.
fn parse(text: &str) -> Result<Email, EmailError> {
    if let Some(c) = text.chars().find(|c| !c.is_ascii()) {
        return Err(EmailError::NotAscii(c));
    }
    if text.len() > 254 {
        return Err(EmailError::TooLong);
    }
    let (local, domain) = text.split_once('@').ok_or(EmailError::NoAt)?;
    if domain.contains('@') {
        return Err(EmailError::ManyAt);
    }
    if local.is_empty() || local.len() > 64 {
        return Err(EmailError::LocalLength);
    }
    let local_ok = local.split('.').all(|atom| {
        !atom.is_empty()
            && atom
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ATEXT.contains(c))
    });
    if !local_ok {
        return Err(EmailError::BadLocal(local.to_string()));
    }
    if !is_domain(domain) {
        return Err(EmailError::BadDomain(domain.to_string()));
    }
    Ok(Email(text.to_string()))
}

/// Two or more labels of letters, digits and inner hyphens, 1–63 each; the
/// last not all digits (an address is not an IP number).
fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
        && labels
            .last()
            .is_some_and(|tld| !tld.chars().all(|c| c.is_ascii_digit()))
}

/// The address most likely meant: without `mailto:`, white space or a
/// final dot; `(at)`, ` at ` and `[at]` as `@`; `,` as `.` in the domain.
fn suggestion(text: &str) -> Option<String> {
    if let Some(trimmed) = trimmed(text) {
        return Some(trimmed);
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("mailto:") {
        return text.get("mailto:".len()..).map(str::to_string);
    }
    for spelt in [" (at) ", "(at)", " [at] ", "[at]", " at ", " @ "] {
        if let Some(at) = lower.find(spelt) {
            let (before, after) = (text.get(..at)?, text.get(at + spelt.len()..)?);
            let after = after
                .replace(" (dot) ", ".")
                .replace("(dot)", ".")
                .replace(" dot ", ".");
            return Some(format!("{before}@{after}"));
        }
    }
    if let Some(stripped) = text.strip_suffix('.') {
        return Some(stripped.to_string());
    }
    let (local, domain) = text.split_once('@')?;
    domain
        .contains(',')
        .then(|| format!("{local}@{}", domain.replace(',', ".")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> (EmailError, Option<String>) {
        let invalid = Email::parse(text).expect_err(text);
        (invalid.error, invalid.suggestion)
    }

    #[test]
    fn accepts_addresses_a_mail_link_carries() {
        for ok in [
            "privacy@example.com",
            "first.last+policy@mail.example.co.uk",
            "o'brien@example.ie",
            "x@xn--bcher-kva.example",
            "a_b-c@a-b.example",
        ] {
            assert!(Email::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_address_and_suggests_the_one_meant() {
        assert_eq!(refused("not-an-email"), (EmailError::NoAt, None));
        assert_eq!(refused("a@b@example.com").0, EmailError::ManyAt);
        assert_eq!(refused("@example.com").0, EmailError::LocalLength);
        assert_eq!(
            refused(".a@example.com").0,
            EmailError::BadLocal(".a".into())
        );
        assert_eq!(
            refused("a..b@example.com").0,
            EmailError::BadLocal("a..b".into())
        );
        assert_eq!(
            refused("\"john doe\"@example.com").0,
            EmailError::BadLocal("\"john doe\"".into())
        );
        assert_eq!(
            refused("a@localhost").0,
            EmailError::BadDomain("localhost".into())
        );
        assert_eq!(
            refused("a@[192.0.2.1]").0,
            EmailError::BadDomain("[192.0.2.1]".into())
        );
        assert_eq!(
            refused("a@1.2.3.4").0,
            EmailError::BadDomain("1.2.3.4".into())
        );
        assert_eq!(refused("a@bücher.example").0, EmailError::NotAscii('ü'));
        assert_eq!(
            refused("mailto:privacy@example.com").1.as_deref(),
            Some("privacy@example.com")
        );
        assert_eq!(
            refused("privacy at example.com").1.as_deref(),
            Some("privacy@example.com")
        );
        assert_eq!(
            refused("privacy(at)example(dot)com").1.as_deref(),
            Some("privacy@example.com")
        );
        assert_eq!(
            refused("privacy@example.com.").1.as_deref(),
            Some("privacy@example.com")
        );
        assert_eq!(
            refused("privacy@example,com").1.as_deref(),
            Some("privacy@example.com")
        );
        assert_eq!(
            refused(" privacy@example.com").1.as_deref(),
            Some("privacy@example.com")
        );
    }

    #[test]
    fn the_mail_link_escapes_what_a_mailto_reserves() {
        let email = Email::parse("a&b?c#d%e@example.com").expect("valid");
        assert_eq!(email.mailto(), "mailto:a%26b%3Fc%23d%25e@example.com");
    }
}

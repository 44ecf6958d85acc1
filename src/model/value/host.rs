//! `HostName`: an internet domain name as Apple's privacy manifest lists
//! tracking domains (`NSPrivacyTrackingDomains`): ASCII labels of letters,
//! digits and inner hyphens, at least two of them, kept in lower case (DNS
//! names are compared without case). A web address is refused with its
//! host as the suggestion: the manifest lists domains, not links.

use super::{Invalid, TypedValue, shown, string_value, trimmed};
use std::fmt;

/// A validated domain name, in lower case.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct HostName(String);

/// Why a text is not a domain name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostError {
    /// A scheme, path or port: a web address rather than a domain.
    Address,
    /// A character other than ASCII letters, digits, `-` and `.`.
    BadCharacter(char),
    /// An empty label, one over 63 characters, or a hyphen at its edge.
    BadLabel,
    /// A single label (`localhost`) or a name over 253 characters.
    Shape,
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Address => write!(f, "it is a web address; write the domain alone"),
            HostError::BadCharacter(c) => write!(
                f,
                "it holds {}; a domain has ASCII letters, digits, `-` and `.` only",
                shown(*c)
            ),
            HostError::BadLabel => write!(
                f,
                "each part between dots has 1 to 63 characters and no `-` at either end"
            ),
            HostError::Shape => write!(
                f,
                "a domain has at least two parts and 253 characters at most"
            ),
        }
    }
}

impl TypedValue for HostName {
    const WHAT: &'static str = "domain name";
    const EXAMPLE: &'static str = "write the domain alone, such as `ads.example.com`";
    type Error = HostError;

    fn parse(text: &str) -> Result<Self, Invalid<HostError>> {
        parse(text).map_err(|error| Invalid::suggest(error, suggestion(text), |s| parse(s).ok()))
    }

    fn as_str(&self) -> &str {
        &self.0
    }
}

string_value!(HostName, "Parses a domain name; see [`TypedValue::parse`].");

fn parse(text: &str) -> Result<HostName, HostError> {
    if text.contains(['/', ':', '?', '#', '@']) {
        return Err(HostError::Address);
    }
    if let Some(c) = text
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.'))
    {
        return Err(HostError::BadCharacter(c));
    }
    let name = text.strip_suffix('.').unwrap_or(text);
    let labels: Vec<&str> = name.split('.').collect();
    if labels.iter().any(|label| {
        label.is_empty() || label.len() > 63 || label.starts_with('-') || label.ends_with('-')
    }) {
        return Err(HostError::BadLabel);
    }
    if labels.len() < 2 || name.len() > 253 {
        return Err(HostError::Shape);
    }
    Ok(HostName(name.to_ascii_lowercase()))
}

/// The domain most likely meant: the host of a web address, or the text
/// without the blanks around it.
fn suggestion(text: &str) -> Option<String> {
    if let Some(fixed) = trimmed(text) {
        return Some(fixed);
    }
    let rest = text.split_once("://").map_or(text, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host = host.split(':').next().unwrap_or_default();
    (host != text).then(|| host.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_are_kept_in_lower_case() {
        let host = HostName::parse("Ads.Example.COM").map(|h| h.0);
        assert_eq!(host, Ok("ads.example.com".to_string()));
        assert!(HostName::parse("tracker.example.").is_ok());
    }

    #[test]
    fn addresses_and_bad_names_are_refused_with_the_host_meant() {
        let refused = HostName::parse("https://ads.example.com/pixel");
        let meant = refused.err().and_then(|e| e.suggestion);
        assert_eq!(meant.as_deref(), Some("ads.example.com"));
        for bad in [
            "localhost",
            "-a.example",
            "a..example",
            "exämple.com",
            "a b.com",
            "",
        ] {
            assert!(HostName::parse(bad).is_err(), "{bad}");
        }
    }
}

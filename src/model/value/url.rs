//! `WebUrl`: a web address a page may link to — `http:` or `https:` with a
//! host, nothing else. Refusing every other scheme at the source means no
//! `javascript:` link, no `=HYPERLINK(…)` formula and no relative link that
//! leads nowhere can reach a page, a CSV cell or a JSON export.

use super::{Invalid, TypedValue, shown, string_value, trimmed};
use crate::diagnostic::did_you_mean;
use crate::markup::url::{decode_character_references, is_unsafe_url};
use std::fmt;

/// The longest address accepted: what browsers and sitemaps reliably carry.
const MAX_LEN: usize = 2048;

/// A validated `http:` or `https:` address, as written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct WebUrl(String);

/// Why a text is not a web address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlError {
    /// A scheme that runs script (`javascript:`, `vbscript:`, `data:`).
    Script,
    /// No scheme at all (`www.example.com`).
    NoScheme,
    /// A scheme other than `http` or `https`.
    Scheme(String),
    /// `https:` not followed by `//`.
    NoSlashes,
    /// No host after `//`.
    NoHost,
    /// A host that is not a domain name, IPv4 or bracketed IPv6 address.
    BadHost(String),
    /// A port that is not a number up to 65535.
    BadPort(String),
    /// A user name before the host (`https://bank.example@evil.example`),
    /// which misleads readers about where the link goes.
    UserInfo,
    /// A character no address holds unescaped (white space, quotes, `<`).
    BadCharacter(char),
    /// Longer than [`MAX_LEN`] bytes.
    TooLong,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UrlError::Script => write!(f, "it could run script"),
            UrlError::NoScheme => write!(f, "it has no scheme such as `https://`"),
            UrlError::Scheme(s) => write!(
                f,
                "the scheme `{s}:` is not linked; only `https:` and `http:` are"
            ),
            UrlError::NoSlashes => write!(f, "the scheme must be followed by `//` and a host"),
            UrlError::NoHost => write!(f, "it has no host"),
            UrlError::BadHost(h) => write!(f, "`{h}` is not a host name"),
            UrlError::BadPort(p) => write!(f, "`{p}` is not a port number"),
            UrlError::UserInfo => write!(
                f,
                "a user name before the host (`…@`) hides where the link goes"
            ),
            UrlError::BadCharacter(c) => {
                write!(
                    f,
                    "it holds {}, which an address cannot hold unescaped",
                    shown(*c)
                )
            }
            UrlError::TooLong => write!(f, "it is longer than {MAX_LEN} bytes"),
        }
    }
}

impl TypedValue for WebUrl {
    const WHAT: &'static str = "web address";
    const EXAMPLE: &'static str = "write a whole address such as `https://example.com/privacy`";
    type Error = UrlError;

    fn parse(text: &str) -> Result<Self, Invalid<UrlError>> {
        let fail = |error, suggestion| Invalid::suggest(error, suggestion, |s| parse(s).ok());
        if is_unsafe_url(&decode_character_references(text)) {
            return Err(Invalid::new(UrlError::Script));
        }
        if let Some(trimmed) = trimmed(text) {
            let error = first_bad_character(text).unwrap_or(UrlError::BadCharacter(' '));
            return Err(fail(error, Some(trimmed)));
        }
        parse(text).map_err(|error| {
            let suggestion = suggestion(text, &error);
            fail(error, suggestion)
        })
    }

    fn as_str(&self) -> &str {
        &self.0
    }

    fn runs_script(error: &UrlError) -> bool {
        *error == UrlError::Script
    }
}

string_value!(WebUrl, "Parses a web address; see [`TypedValue::parse`].");

/// The checks, without suggestions.
fn parse(text: &str) -> Result<WebUrl, UrlError> {
    if text.len() > MAX_LEN {
        return Err(UrlError::TooLong);
    }
    if let Some(error) = first_bad_character(text) {
        return Err(error);
    }
    let Some((scheme, rest)) = split_scheme(text) else {
        return Err(UrlError::NoScheme);
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(UrlError::Scheme(scheme.to_string()));
    }
    let Some(rest) = rest.strip_prefix("//") else {
        return Err(UrlError::NoSlashes);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    check_authority(authority)?;
    Ok(WebUrl(text.to_string()))
}

/// A character no address holds as written: white space, controls, and
/// the characters that end an address in text or markup.
fn first_bad_character(text: &str) -> Option<UrlError> {
    text.chars()
        .find(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '"' | '<' | '>' | '`' | '\\' | '{' | '}' | '|' | '^')
        })
        .map(UrlError::BadCharacter)
}

/// `scheme:rest`, where the scheme is a letter then letters, digits, `+`,
/// `-` or `.` (RFC 3986 § 3.1).
fn split_scheme(text: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = text.split_once(':')?;
    let mut chars = scheme.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    well_formed.then_some((scheme, rest))
}

/// The host and optional port: a domain name (Unicode letters allowed;
/// browsers convert them to their ASCII form), IPv4, or `[IPv6]`.
fn check_authority(authority: &str) -> Result<(), UrlError> {
    if authority.contains('@') {
        return Err(UrlError::UserInfo);
    }
    let (host, port) = match authority.strip_prefix('[') {
        Some(inner) => {
            let (address, after) = inner
                .split_once(']')
                .ok_or_else(|| UrlError::BadHost(authority.to_string()))?;
            if address.is_empty()
                || !address
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'))
            {
                return Err(UrlError::BadHost(authority.to_string()));
            }
            let port = match after {
                "" => None,
                _ => Some(
                    after
                        .strip_prefix(':')
                        .ok_or_else(|| UrlError::BadHost(authority.to_string()))?,
                ),
            };
            (None, port)
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (Some(host), Some(port)),
            None => (Some(authority), None),
        },
    };
    if let Some(port) = port {
        if port.is_empty()
            || port.len() > 5
            || !port.chars().all(|c| c.is_ascii_digit())
            || port.parse::<u32>().map_or(true, |p| p > 65535)
        {
            return Err(UrlError::BadPort(port.to_string()));
        }
    }
    match host {
        Some("") => Err(UrlError::NoHost),
        Some(host) if !is_host_name(host) => Err(UrlError::BadHost(host.to_string())),
        _ => Ok(()),
    }
}

/// Dot-separated labels of letters, digits and inner hyphens, each 1–63
/// characters; a final dot allowed (the DNS root).
fn is_host_name(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    host.len() <= 253
        && host.split('.').all(|label| {
            let chars: Vec<char> = label.chars().collect();
            !chars.is_empty()
                && chars.len() <= 63
                && chars.iter().all(|c| c.is_alphanumeric() || *c == '-')
                && chars.first() != Some(&'-')
                && chars.last() != Some(&'-')
        })
}

/// The address most likely meant: `https://` before a bare host, the
/// scheme's spelling corrected, the missing `//` put back.
fn suggestion(text: &str, error: &UrlError) -> Option<String> {
    match error {
        UrlError::NoScheme => {
            let bare = text.trim_start_matches('/');
            let host = bare.split(['/', '?', '#']).next().unwrap_or_default();
            (host.contains('.') && is_host_name(host.rsplit_once(':').map_or(host, |(h, _)| h)))
                .then(|| format!("https://{bare}"))
        }
        UrlError::Scheme(scheme) => {
            let fixed = did_you_mean(&scheme.to_ascii_lowercase(), ["https", "http"])
                .or_else(|| (scheme.to_ascii_lowercase().starts_with("http")).then_some("https"))?;
            let rest = split_scheme(text)?.1;
            let rest = if rest.starts_with("//") {
                rest.to_string()
            } else {
                format!("//{}", rest.trim_start_matches('/'))
            };
            Some(format!("{fixed}:{rest}"))
        }
        UrlError::NoSlashes => {
            let (scheme, rest) = split_scheme(text)?;
            Some(format!(
                "{}://{}",
                scheme.to_ascii_lowercase(),
                rest.trim_start_matches('/')
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> (UrlError, Option<String>) {
        let invalid = WebUrl::parse(text).expect_err(text);
        (invalid.error, invalid.suggestion)
    }

    #[test]
    fn accepts_web_addresses() {
        for ok in [
            "https://example.com",
            "http://example.com/",
            "HTTPS://Example.COM/privacy?lang=en#rights",
            "https://example.com:8443/a/b",
            "https://127.0.0.1/x",
            "https://[2001:db8::1]:443/",
            "https://bücher.example/",
            "https://example.com./",
        ] {
            assert_eq!(WebUrl::parse(ok).map(|u| u.0), Ok(ok.to_string()), "{ok}");
        }
    }

    #[test]
    fn refuses_other_schemes_and_suggests_the_address_meant() {
        assert_eq!(refused("javascript:alert(1)").0, UrlError::Script);
        assert_eq!(
            refused("=HYPERLINK(\"https://evil.example\")").0,
            UrlError::BadCharacter('"')
        );
        assert_eq!(refused("=1+2").0, UrlError::NoScheme);
        assert_eq!(
            refused("ftp://example.com").0,
            UrlError::Scheme("ftp".into())
        );
        assert_eq!(
            refused("htps://example.com").1.as_deref(),
            Some("https://example.com")
        );
        assert_eq!(
            refused("hhttps://example.com").1.as_deref(),
            Some("https://example.com")
        );
        assert_eq!(
            refused("www.example.com").1.as_deref(),
            Some("https://www.example.com")
        );
        assert_eq!(
            refused("example.com/privacy").1.as_deref(),
            Some("https://example.com/privacy")
        );
        assert_eq!(
            refused("https:/example.com").1.as_deref(),
            Some("https://example.com")
        );
        assert_eq!(
            refused(" https://example.com ").1.as_deref(),
            Some("https://example.com")
        );
        assert_eq!(refused("https://").0, UrlError::NoHost);
        assert_eq!(
            refused("https://bank.example@evil.example").0,
            UrlError::UserInfo
        );
        assert_eq!(
            refused("https://example.com:99999").0,
            UrlError::BadPort("99999".into())
        );
        assert_eq!(
            refused("https://exa mple.com").0,
            UrlError::BadCharacter(' ')
        );
        assert_eq!(
            refused("https://-bad-.example").0,
            UrlError::BadHost("-bad-.example".into())
        );
        assert_eq!(refused("not a url").1, None);
        assert_eq!(
            refused(&format!("https://example.com/{}", "a".repeat(MAX_LEN))).0,
            UrlError::TooLong
        );
    }
}

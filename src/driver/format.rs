//! The output formats a build can write, as named on the command line and
//! in `policyc.yaml`.

use std::fmt;
use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// CommonMark with ATX headings.
    Markdown,
    /// A standalone HTML page.
    Html,
    /// The typed model as JSON.
    Json,
    /// The facts as a W3C DPV JSON-LD document.
    Dpv,
    /// Apple's privacy manifest, `PrivacyInfo.xcprivacy`.
    Xcprivacy,
    /// The App Store Connect privacy label, `app_privacy_details.json`.
    Appstore,
    /// Google Play's Data safety form as CSV.
    Play,
    /// The site's `.well-known/gpc.json` (also written with `html`).
    Gpc,
    /// The compliance coverage matrix, `coverage.json` and `coverage.html`.
    Coverage,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 9] = [
        Format::Markdown,
        Format::Html,
        Format::Json,
        Format::Dpv,
        Format::Xcprivacy,
        Format::Appstore,
        Format::Play,
        Format::Gpc,
        Format::Coverage,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Json => "json",
            Format::Dpv => "dpv",
            Format::Xcprivacy => "xcprivacy",
            Format::Appstore => "appstore",
            Format::Play => "play",
            Format::Gpc => "gpc",
            Format::Coverage => "coverage",
        }
    }

    /// Every name, for messages: "md, html, json, dpv, xcprivacy, appstore, play or
    /// gpc" with `last` "or", or a plain comma-separated list with ", ".
    pub fn names(last: &str) -> String {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        match names.split_last() {
            Some((tail, head)) if !head.is_empty() => format!("{}{last}{tail}", head.join(", ")),
            _ => names.join(", "),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "markdown" => Ok(Format::Markdown),
            name => Format::ALL
                .into_iter()
                .find(|f| f.name() == name)
                .ok_or_else(|| format!("unknown format `{name}`: use {}", Format::names(" or "))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_read_back_from_its_name() {
        for format in Format::ALL {
            assert_eq!(format.name().parse::<Format>(), Ok(format));
        }
        assert_eq!(" markdown ".parse::<Format>(), Ok(Format::Markdown));
        assert_eq!(
            "pdf".parse::<Format>(),
            Err(
                "unknown format `pdf`: use md, html, json, dpv, xcprivacy, appstore, play, gpc or coverage"
                    .to_string()
            )
        );
        assert_eq!(
            Format::names(", "),
            "md, html, json, dpv, xcprivacy, appstore, play, gpc, coverage"
        );
    }
}

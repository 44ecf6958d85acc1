//! Apple's required-reason APIs, as data (`vocab/apple-apis.tsv`, written
//! as a static by the build script): each
//! category a short name for `api KIND { … }` facts, its manifest key
//! (`NSPrivacyAccessedAPICategory…`) and the reason codes Apple approves
//! for it. Lowering checks `api` facts against this table, with "did you
//! mean"; the Apple export writes the keys it holds.

use super::{APIS, ApiInfo};
use crate::diagnostic::did_you_mean;

/// Every category, in the table's order.
pub fn apis() -> &'static [ApiInfo] {
    &APIS
}

/// The category with this short name.
pub fn api(name: &str) -> Option<&'static ApiInfo> {
    APIS.iter().find(|a| a.name == name)
}

/// The category names closest to a misspelt one.
pub fn api_suggestion(name: &str) -> Option<&'static str> {
    did_you_mean(name, APIS.iter().map(|a| a.name))
}

impl ApiInfo {
    /// Whether Apple approves this reason code for the category.
    pub fn has_reason(&self, code: &str) -> bool {
        self.reasons.iter().any(|(c, _)| *c == code)
    }

    /// The approved code closest to a misspelt one (`ca92.1` → `CA92.1`).
    pub fn reason_suggestion(&self, code: &str) -> Option<&'static str> {
        let upper = code.to_ascii_uppercase();
        self.reasons
            .iter()
            .map(|(c, _)| *c)
            .find(|c| *c == upper)
            .or_else(|| did_you_mean(code, self.reasons.iter().map(|(c, _)| *c)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_five_categories_and_their_reasons_are_apples() {
        let names: Vec<&str> = apis().iter().map(|a| a.name).collect();
        assert_eq!(
            names,
            [
                "file-timestamp",
                "system-boot-time",
                "disk-space",
                "active-keyboards",
                "user-defaults"
            ]
        );
        for api in apis() {
            assert!(crate::vocab::is_apple_key(api.apple), "{}", api.apple);
            assert!(!api.reasons.is_empty());
        }
        let defaults = api("user-defaults").map(|a| a.has_reason("CA92.1"));
        assert_eq!(defaults, Some(true));
        let meant = api("user-defaults").and_then(|a| a.reason_suggestion("ca92.1"));
        assert_eq!(meant, Some("CA92.1"));
    }
}

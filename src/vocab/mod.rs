//! The open vocabularies of data practices — data categories, purposes and
//! countries — and the identifiers each maps to in W3C DPV, Apple's privacy
//! manifest and Google Play's Data safety form. The tables are data, in
//! `vocab/*.tsv` (sources in `vocab/README.md`), embedded in the binary and
//! read once on first use; lowering, the views and every exporter look
//! words up here, so a new category is one line of a table.

mod apis;
mod reference;
mod table;

use crate::diagnostic::did_you_mean;
pub use apis::{ApiInfo, api, api_suggestion, apis};
pub use reference::reference_markdown;
use std::sync::LazyLock;
use table::{Row, rows};

/// A data category of the vocabulary, with what it is in each target.
#[derive(Debug, PartialEq, Eq)]
pub struct CategoryInfo {
    /// The short name written in `.policy` files, e.g. `email`.
    pub name: &'static str,
    /// How readers see it, e.g. "Email address".
    pub label: &'static str,
    /// Its DPV terms as full IRIs (none when DPV has no term for it).
    pub dpv: Vec<&'static str>,
    /// Its Apple privacy-manifest data types (none when Apple has none).
    pub apple: Vec<&'static str>,
    /// Its Play Data safety data type, when Play has one.
    pub play: Option<PlayType>,
}

/// A data type of Play's Data safety form.
#[derive(Debug, PartialEq, Eq)]
pub struct PlayType {
    /// The question id of its group, e.g. `PSL_DATA_TYPES_PERSONAL`.
    pub group: &'static str,
    /// The response id of the type, e.g. `PSL_EMAIL`.
    pub id: &'static str,
    /// Play's label, e.g. "Personal info/Email address".
    pub label: &'static str,
}

/// A purpose of the vocabulary, with what it is in each target.
#[derive(Debug, PartialEq, Eq)]
pub struct PurposeInfo {
    /// The short name written in `.policy` files, e.g. `analytics`.
    pub name: &'static str,
    /// How readers see it, e.g. "Analytics".
    pub label: &'static str,
    /// Its DPV purposes as full IRIs.
    pub dpv: Vec<&'static str>,
    /// Its Apple privacy-manifest purpose, when Apple has one.
    pub apple: Option<&'static str>,
    /// Its Play purpose id, when Play has one.
    pub play: Option<&'static str>,
}

/// A country of ISO 3166-1.
#[derive(Debug, PartialEq, Eq)]
pub struct Country {
    /// The alpha-2 code, e.g. `US`.
    pub code: &'static str,
    /// Its usual English name.
    pub name: &'static str,
}

static CATEGORIES: LazyLock<Vec<CategoryInfo>> = LazyLock::new(|| {
    rows(include_str!("../../vocab/categories.tsv"))
        .map(|row| CategoryInfo {
            name: row.get(0),
            label: row.get(1),
            dpv: row.choices(2),
            apple: row.choices(3),
            play: row
                .choices(4)
                .first()
                .and_then(|written| play_type(written)),
        })
        .collect()
});

static PURPOSES: LazyLock<Vec<PurposeInfo>> = LazyLock::new(|| {
    rows(include_str!("../../vocab/purposes.tsv"))
        .map(|row| PurposeInfo {
            name: row.get(0),
            label: row.get(1),
            dpv: row.choices(2),
            apple: row.choices(3).first().copied(),
            play: row.choices(4).first().copied(),
        })
        .collect()
});

static COUNTRIES: LazyLock<Vec<Country>> = LazyLock::new(|| {
    rows(include_str!("../../vocab/countries.tsv"))
        .map(|row: Row| Country {
            code: row.get(0),
            name: row.get(1),
        })
        .collect()
});

static DPV_TERMS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    rows(include_str!("../../vocab/dpv.tsv"))
        .map(|row| row.get(1))
        .filter(|iri| iri.starts_with("https://"))
        .collect()
});

static APPLE_KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    rows(include_str!("../../vocab/apple.tsv"))
        .map(|row| row.get(0))
        .filter(|key| key.starts_with("NSPrivacy"))
        .collect()
});

/// Apple manifest key → App Store Connect id (`asc_api_id` column of
/// `vocab/apple.tsv`), for the rows that have one.
static APP_STORE_IDS: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    rows(include_str!("../../vocab/apple.tsv"))
        .filter_map(|row| {
            let id = row.choices(4).first().copied()?;
            let is_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_uppercase() || c == '_');
            is_id.then(|| (row.get(0), id))
        })
        .collect()
});

static PLAY_IDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut ids: Vec<&'static str> = rows(include_str!("../../vocab/play.tsv"))
        .flat_map(|row| [row.get(1), row.get(2)])
        .flat_map(|cell| cell.split(" | "))
        .filter(|id| !id.is_empty() && !id.contains(' ') && *id != "-")
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
});

/// `PSL_DATA_TYPES_PERSONAL,PSL_NAME [Personal info/Name]`, read.
fn play_type(written: &'static str) -> Option<PlayType> {
    let (ids, label) = written.split_once(" [")?;
    let (group, id) = ids.split_once(',')?;
    Some(PlayType {
        group,
        id,
        label: label.trim_end_matches(']'),
    })
}

/// Every data category, in the table's order.
pub fn categories() -> &'static [CategoryInfo] {
    &CATEGORIES
}

/// The data category a short name names.
pub fn category(name: &str) -> Option<&'static CategoryInfo> {
    CATEGORIES.iter().find(|c| c.name == name)
}

/// The catch-all category (`other`), which `other "…"` items map to.
pub fn other_category() -> Option<&'static CategoryInfo> {
    category("other")
}

/// The known category closest to a misspelt name; or, for a word that is
/// part of some names (`location`), those names.
pub fn suggest_category(name: &str) -> Option<String> {
    suggest(name, CATEGORIES.iter().map(|c| c.name))
}

/// The closest word, else every word that has `name` as one of its parts.
fn suggest<'a>(name: &str, words: impl Iterator<Item = &'a str> + Clone) -> Option<String> {
    if let Some(close) = did_you_mean(name, words.clone()) {
        return Some(format!("`{close}`"));
    }
    let containing: Vec<String> = words
        .filter(|w| w.split('-').any(|part| part == name))
        .map(|w| format!("`{w}`"))
        .collect();
    (!containing.is_empty()).then(|| crate::keyword::list_with(containing, "or"))
}

/// Every purpose, in the table's order.
pub fn purposes() -> &'static [PurposeInfo] {
    &PURPOSES
}

/// The purpose a short name names.
pub fn purpose(name: &str) -> Option<&'static PurposeInfo> {
    PURPOSES.iter().find(|p| p.name == name)
}

/// The catch-all purpose (`other`), which `other "…"` items map to.
pub fn other_purpose() -> Option<&'static PurposeInfo> {
    purpose("other")
}

/// The known purpose closest to a misspelt name, or the names it is part of.
pub fn suggest_purpose(name: &str) -> Option<String> {
    suggest(name, PURPOSES.iter().map(|p| p.name))
}

/// Every country of ISO 3166-1, in the table's order (for completion).
pub fn countries() -> &'static [Country] {
    &COUNTRIES
}

/// The country an ISO 3166-1 alpha-2 code names (upper case, as ISO writes it).
pub fn country(code: &str) -> Option<&'static Country> {
    COUNTRIES.iter().find(|c| c.code == code)
}

/// The country code closest to a misspelt one (case-insensitively).
pub fn suggest_country(code: &str) -> Option<&'static str> {
    let upper = code.to_ascii_uppercase();
    // The one code people reach for that ISO spells otherwise.
    if upper == "UK" {
        return country("GB").map(|c| c.code);
    }
    if country(&upper).is_some() {
        return COUNTRIES.iter().find(|c| c.code == upper).map(|c| c.code);
    }
    COUNTRIES
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(code))
        .map(|c| c.code)
}

/// Whether a full IRI is a DPV term the exports may use (`vocab/dpv.tsv`).
pub fn is_dpv_term(iri: &str) -> bool {
    DPV_TERMS.contains(&iri)
}

/// Whether a key or value is one of Apple's privacy-manifest vocabulary.
pub fn is_apple_key(key: &str) -> bool {
    APPLE_KEYS.contains(&key)
}

/// The App Store Connect id of an Apple manifest data type or purpose
/// (`NSPrivacyCollectedDataTypeEmailAddress` → `EMAIL_ADDRESS`), the ids
/// fastlane's `upload_app_privacy_details_to_app_store` sends; `None` for a
/// type App Store Connect's list (as fastlane records it) lacks.
pub fn app_store_id(apple_key: &str) -> Option<&'static str> {
    APP_STORE_IDS
        .iter()
        .find(|(key, _)| *key == apple_key)
        .map(|(_, id)| *id)
}

/// Whether an id is one of App Store Connect's data-usage ids (category,
/// purpose or data protection) that `vocab/apple.tsv` records.
pub fn is_app_store_id(id: &str) -> bool {
    APP_STORE_IDS.iter().any(|(_, known)| *known == id)
}

/// Whether an id is a question or response id of Play's Data safety CSV;
/// a per-type question (`PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:…`) is known
/// when its template and its data type are.
pub fn is_play_id(id: &str) -> bool {
    if let [prefix, data_type, question] = id.split(':').collect::<Vec<_>>().as_slice() {
        let template = format!("{prefix}:<RESPONSE_ID>:{question}");
        return PLAY_IDS.binary_search(&template.as_str()).is_ok()
            && PLAY_IDS.binary_search(data_type).is_ok();
    }
    PLAY_IDS.binary_search(&id).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_read_whole() {
        assert_eq!(categories().len(), 71);
        assert_eq!(purposes().len(), 22);
        assert_eq!(COUNTRIES.len(), 249);
        assert!(DPV_TERMS.len() > 400);
    }

    #[test]
    fn every_mapped_identifier_exists_in_its_target_vocabulary() {
        for c in categories() {
            for iri in &c.dpv {
                assert!(is_dpv_term(iri), "{}: {iri}", c.name);
            }
            for key in &c.apple {
                assert!(is_apple_key(key), "{}: {key}", c.name);
            }
            if let Some(play) = &c.play {
                assert!(is_play_id(play.group) && is_play_id(play.id), "{}", c.name);
            }
        }
        for p in purposes() {
            for iri in &p.dpv {
                assert!(is_dpv_term(iri), "{}: {iri}", p.name);
            }
            assert!(p.apple.is_none_or(is_apple_key), "{}", p.name);
            assert!(p.play.is_none_or(is_play_id), "{}", p.name);
        }
    }

    #[test]
    fn words_are_looked_up_and_misspellings_suggested() {
        assert_eq!(category("email").map(|c| c.label), Some("Email address"));
        assert_eq!(suggest_category("emial").as_deref(), Some("`email`"));
        assert_eq!(
            suggest_category("location").as_deref(),
            Some("`precise-location`, `approximate-location` or `location-history`")
        );
        assert_eq!(
            purpose("analytics").map(|p| p.play),
            Some(Some("PSL_ANALYTICS"))
        );
        assert_eq!(country("IN").map(|c| c.name), Some("India"));
        assert_eq!(suggest_country("us"), Some("US"));
        assert_eq!(suggest_country("india"), Some("IN"));
        assert_eq!(suggest_country("UK"), Some("GB"));
        assert!(is_play_id(
            "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:DATA_USAGE_COLLECTION_PURPOSE"
        ));
        assert!(!is_play_id(
            "PSL_DATA_USAGE_RESPONSES:PSL_NOPE:DATA_USAGE_COLLECTION_PURPOSE"
        ));
        let photos = category("photo").map(|c| c.apple.clone());
        assert_eq!(
            photos,
            Some(vec!["NSPrivacyCollectedDataTypePhotosorVideos"])
        );
    }
}

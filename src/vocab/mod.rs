//! The open vocabularies of data practices — data categories, purposes and
//! countries — and the identifiers each maps to in W3C DPV, Apple's privacy
//! manifest and Google Play's Data safety form. The tables are data, in
//! `vocab/*.tsv` (sources in `vocab/README.md`), written as statics by the
//! build script, so that no run reads a table; lowering, the views and every exporter look
//! words up here, so a new category is one line of a table.

mod apis;
#[cfg(test)]
mod read;
mod reference;
#[cfg(test)]
mod table;
mod types;

use crate::diagnostic::did_you_mean;
pub use apis::{api, api_suggestion, apis};
pub use reference::reference_markdown;
pub use types::{ApiInfo, CategoryInfo, Country, PlayType, PurposeInfo};

// The tables as statics (`CATEGORIES`, `PURPOSES`, `APIS`, `COUNTRIES`,
// `DPV_TERMS`, `APPLE_KEYS`, `PLAY_IDS`, `APP_STORE_IDS`), written by the
// build script with `read.rs` (see `build.rs`).
include!(concat!(env!("OUT_DIR"), "/vocab.rs"));

/// Every data category, in the table's order.
pub fn categories() -> &'static [CategoryInfo] {
    &CATEGORIES
}

/// The data category a short name names.
pub fn category(name: &str) -> Option<&'static CategoryInfo> {
    by_name(&CATEGORIES, &CATEGORIES_BY_NAME, name, |c| c.name)
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
    by_name(&PURPOSES, &PURPOSES_BY_NAME, name, |p| p.name)
}

/// The row of `table` named `name`: a binary search of `order`, the
/// rows sorted by name (written by the build script).
fn by_name<T>(
    table: &'static [T],
    order: &[u16],
    name: &str,
    name_of: fn(&T) -> &str,
) -> Option<&'static T> {
    let row = |i: u16| table.get(usize::from(i));
    let found = order
        .binary_search_by(|&i| row(i).map_or("", name_of).cmp(name))
        .ok()?;
    order.get(found).and_then(|&i| row(i))
}

/// The row of a category in [`categories`]: a set of categories can be a
/// set of rows, one bit each, rather than a sorted list of names.
pub fn category_row(category: &CategoryInfo) -> Option<usize> {
    row_of(&CATEGORIES, category)
}

/// The row of a purpose in [`purposes`] (as [`category_row`]).
pub fn purpose_row(purpose: &PurposeInfo) -> Option<usize> {
    row_of(&PURPOSES, purpose)
}

/// Where `item` stands in `table`, by its address (`None` if it is no row
/// of the table): every `&'static` info the model holds is one of them.
fn row_of<T>(table: &[T], item: &T) -> Option<usize> {
    let size = std::mem::size_of::<T>().max(1);
    let offset = std::ptr::from_ref(item)
        .addr()
        .checked_sub(table.as_ptr().addr())?;
    let row = offset / size;
    (offset % size == 0 && row < table.len()).then_some(row)
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

    /// The statics `build.rs` writes are the tables as `read.rs` reads them
    /// (a defect in how the script writes them shows here).
    #[test]
    fn the_compiled_tables_are_the_tables_as_read() {
        let text = |name: &str| -> &'static str {
            let path = format!("{}/vocab/{name}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            Box::leak(text.into_boxed_str())
        };
        assert_eq!(CATEGORIES[..], read::categories(text("categories.tsv")));
        assert_eq!(PURPOSES[..], read::purposes(text("purposes.tsv")));
        assert_eq!(APIS[..], read::apis(text("apple-apis.tsv")));
        assert_eq!(COUNTRIES, *read::countries(text("countries.tsv")));
        assert_eq!(DPV_TERMS, *read::dpv_terms(text("dpv.tsv")));
        assert_eq!(APPLE_KEYS, *read::apple_keys(text("apple.tsv")));
        assert_eq!(PLAY_IDS, *read::play_ids(text("play.tsv")));
        assert_eq!(APP_STORE_IDS, *read::app_store_ids(text("apple.tsv")));
    }

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
            for iri in c.dpv {
                assert!(is_dpv_term(iri), "{}: {iri}", c.name);
            }
            for key in c.apple {
                assert!(is_apple_key(key), "{}: {key}", c.name);
            }
            if let Some(play) = &c.play {
                assert!(is_play_id(play.group) && is_play_id(play.id), "{}", c.name);
            }
        }
        for p in purposes() {
            for iri in p.dpv {
                assert!(is_dpv_term(iri), "{}: {iri}", p.name);
            }
            assert!(p.apple.is_none_or(is_apple_key), "{}", p.name);
            assert!(p.play.is_none_or(is_play_id), "{}", p.name);
        }
    }

    /// Each row's place is its index, and an info that is no row of the
    /// table (a copy) has none.
    #[test]
    fn every_row_is_placed_at_its_index_and_a_copy_nowhere() {
        for (i, c) in categories().iter().enumerate() {
            assert_eq!(category_row(c), Some(i));
        }
        for (i, p) in purposes().iter().enumerate() {
            assert_eq!(purpose_row(p), Some(i));
        }
        let table = [1_u32, 2, 3];
        let copy = table[1];
        assert_eq!(row_of(&table, &table[1]), Some(1));
        assert_eq!(row_of(&table, &copy), None);
    }

    /// The binary search over the build script's name order finds every
    /// row by its name, as a walk of the table does, and nothing else.
    #[test]
    fn every_row_is_found_by_its_name_and_no_other_word_is() {
        for c in categories() {
            assert!(category(c.name).is_some_and(|found| std::ptr::eq(found, c)));
        }
        for p in purposes() {
            assert!(purpose(p.name).is_some_and(|found| std::ptr::eq(found, p)));
        }
        for word in ["", "emai", "emailx", "zzz", "Email", "other "] {
            assert!(
                category(word).is_none() && purpose(word).is_none(),
                "{word:?}"
            );
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
        let photos = category("photo").map(|c| c.apple);
        assert_eq!(
            photos,
            Some(&["NSPrivacyCollectedDataTypePhotosorVideos"][..])
        );
    }
}

//! What each vocabulary table's rows mean: the one reading of
//! `vocab/*.tsv` into the types of `types.rs`. `build.rs` includes this
//! file by path and writes what it reads as statics; the crate compiles it
//! for its tests only, which compare those statics with the tables read
//! again here. A list read is leaked into a `'static` slice, as the
//! statics hold it (once per build script run or test).

use super::table::rows;
use super::types::{ApiInfo, CategoryInfo, Country, PlayType, PurposeInfo};

/// `vocab/categories.tsv`: name, label, DPV, Apple, Play.
pub fn categories(text: &'static str) -> Vec<CategoryInfo> {
    rows(text)
        .map(|row| CategoryInfo {
            name: row.get(0),
            label: row.get(1),
            dpv: leak(row.choices(2)),
            apple: leak(row.choices(3)),
            play: row
                .choices(4)
                .first()
                .and_then(|written| play_type(written)),
        })
        .collect()
}

/// `vocab/purposes.tsv`: name, label, DPV, Apple, Play.
pub fn purposes(text: &'static str) -> Vec<PurposeInfo> {
    rows(text)
        .map(|row| PurposeInfo {
            name: row.get(0),
            label: row.get(1),
            dpv: leak(row.choices(2)),
            apple: row.choices(3).first().copied(),
            play: row.choices(4).first().copied(),
        })
        .collect()
}

/// `vocab/countries.tsv`: code, name.
pub fn countries(text: &'static str) -> Vec<Country> {
    rows(text)
        .map(|row| Country {
            code: row.get(0),
            name: row.get(1),
        })
        .collect()
}

/// `vocab/dpv.tsv`: the IRIs of its second column.
pub fn dpv_terms(text: &'static str) -> Vec<&'static str> {
    rows(text)
        .map(|row| row.get(1))
        .filter(|iri| iri.starts_with("https://"))
        .collect()
}

/// `vocab/apple.tsv`: the manifest keys of its first column.
pub fn apple_keys(text: &'static str) -> Vec<&'static str> {
    rows(text)
        .map(|row| row.get(0))
        .filter(|key| key.starts_with("NSPrivacy"))
        .collect()
}

/// `vocab/apple.tsv`: manifest key → App Store Connect id (`asc_api_id`
/// column), for the rows that have one.
pub fn app_store_ids(text: &'static str) -> Vec<(&'static str, &'static str)> {
    rows(text)
        .filter_map(|row| {
            let id = row.choices(4).first().copied()?;
            let is_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_uppercase() || c == '_');
            is_id.then(|| (row.get(0), id))
        })
        .collect()
}

/// `vocab/play.tsv`: every question and response id, sorted, once each
/// (looked up by binary search).
pub fn play_ids(text: &'static str) -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = rows(text)
        .flat_map(|row| [row.get(1), row.get(2)])
        .flat_map(|cell| cell.split(" | "))
        .filter(|id| !id.is_empty() && !id.contains(' ') && *id != "-")
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// `vocab/apple-apis.tsv`: one row per reason, grouped by category in the
/// table's order.
pub fn apis(text: &'static str) -> Vec<ApiInfo> {
    type Reasons = Vec<(&'static str, &'static str)>;
    let mut apis: Vec<(&'static str, &'static str, Reasons)> = Vec::new();
    for row in rows(text) {
        let reason = (row.get(2), row.get(3));
        match apis.iter_mut().find(|(name, _, _)| *name == row.get(0)) {
            Some((_, _, reasons)) => reasons.push(reason),
            None => apis.push((row.get(0), row.get(1), vec![reason])),
        }
    }
    apis.into_iter()
        .map(|(name, apple, reasons)| ApiInfo {
            name,
            apple,
            reasons: leak(reasons),
        })
        .collect()
}

/// A list read, as the `'static` slice the statics hold.
fn leak<T>(list: Vec<T>) -> &'static [T] {
    Box::leak(list.into_boxed_slice())
}

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

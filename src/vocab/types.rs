//! The rows of the vocabulary tables as the crate holds them. Two
//! compilations share this file (and `read.rs`, which fills these types
//! from a table): `build.rs` includes both by path and writes every table
//! as Rust statics, so no run of `policyc` reads a table; the crate
//! declares the types here once for both. Lists are `'static` slices, so
//! the tables are plain arrays in the binary: no run builds them.

/// A data category of the vocabulary, with what it is in each target.
#[derive(Debug, PartialEq, Eq)]
pub struct CategoryInfo {
    /// The short name written in `.policy` files, e.g. `email`.
    pub name: &'static str,
    /// How readers see it, e.g. "Email address".
    pub label: &'static str,
    /// Its DPV terms as full IRIs (none when DPV has no term for it).
    pub dpv: &'static [&'static str],
    /// Its Apple privacy-manifest data types (none when Apple has none).
    pub apple: &'static [&'static str],
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
    pub dpv: &'static [&'static str],
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

/// One category of required-reason APIs.
#[derive(Debug, PartialEq, Eq)]
pub struct ApiInfo {
    /// The short name written after `api`, e.g. `user-defaults`.
    pub name: &'static str,
    /// Its manifest value, e.g. `NSPrivacyAccessedAPICategoryUserDefaults`.
    pub apple: &'static str,
    /// The approved reason codes, e.g. `CA92.1`, with their meaning.
    pub reasons: &'static [(&'static str, &'static str)],
}

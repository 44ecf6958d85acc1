//! Stage 5c, model → machine-readable documents. Each exporter reads the
//! typed model (the facts), never the page: [`json`] the model itself,
//! [`dpv`] W3C DPV JSON-LD, [`apple`] Apple's privacy manifest, [`appstore`] the App Store
//! Connect privacy label fastlane uploads, [`play`]
//! Google Play's Data safety CSV, and [`gpc`] the site's Global Privacy
//! Control file; [`coverage`] the compliance coverage matrix. What a target cannot express is handled one documented
//! way per target (docs/exports.md).

pub mod apple;
pub mod appstore;
pub mod coverage;
pub mod dpv;
pub mod gpc;
pub mod json;
pub mod play;
pub mod pretty_json;

//! Stage 4, model → machine-readable documents. Each exporter reads the
//! typed model (the facts), never the page: [`json`] today; DPV JSON-LD,
//! Apple's privacy manifest and Google Play's Data safety form will sit
//! beside it.

pub mod json;

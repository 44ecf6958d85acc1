//! YAML front matter. serde_yaml is no longer maintained upstream, so it is
//! used here and nowhere else: replacing it touches this file only.

use serde::Serialize;

/// The value as a YAML document body (no `---` lines).
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|e| e.to_string())
}

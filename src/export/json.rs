//! The JSON export: the typed model itself, under a schema version that
//! changes whenever the shape of the model does.

use crate::model::Policy;
use serde::Serialize;

/// The version of the JSON document's shape; bump it with every change to
/// the serialised model (and regenerate `schema/policy.schema.json`).
/// 2: `definitions` and the `glossary` block.
/// 3: `practices` (the data-practice facts) and the blocks generated from
/// them.
pub const SCHEMA_VERSION: u32 = 3;

/// The JSON document: the schema version and the policy.
#[derive(Serialize, schemars::JsonSchema)]
#[schemars(title = "policyc policy document")]
struct Document<'a> {
    /// The version of this document's shape.
    schema_version: u32,
    /// The policy, as the compiler's typed model.
    policy: &'a Policy,
}

/// The JSON Schema of the document `render` writes, pretty-printed.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Document<'static>);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The policy as pretty-printed JSON with a trailing newline. Keys come in
/// the model's declaration order, so the output is stable.
pub fn render(policy: &Policy) -> Result<String, String> {
    let mut text = super::pretty_json::to_string_pretty(&Document {
        schema_version: SCHEMA_VERSION,
        policy,
    })
    .map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

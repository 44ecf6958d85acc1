//! The Google Play export: the Data safety form as the CSV the Play Console
//! exports and imports (`<id>-data-safety.csv`). Its questions, data types,
//! purposes, answer requirements and labels are the rows of
//! `vocab/play.tsv` ([`form`]); only their ids are written.
//!
//! The file has the shape of a Console export: the header, every top-level
//! question, every data type (`true` for those collected), then a block of
//! `PSL_DATA_USAGE_RESPONSES:<TYPE>:…` rows for *every* data type in the
//! form's order, answered for those collected and empty for the rest, as
//! the Console writes it (docs/exports.md). Each answer comes from a fact
//! ([`usage`]); what Play asks that the policy does not say is left empty
//! and reported by [`gaps`]. A category with no Play data type is reported
//! under the type the `other` category maps to (`PSL_OTHER_PERSONAL`); a
//! purpose with no Play purpose is left out, as Play has no catch-all.
//! The account questions are answered from `accounts` ([`accounts`]).

mod accounts;
mod form;
mod gaps;
mod usage;

pub use gaps::gaps;

use crate::model::Policy;
use crate::model::practice::{Category, Purpose, RightKind, Scope, Via};
use form::{BLOCK, DataType, FORM, PURPOSE_QUESTIONS, Question};
use std::borrow::Cow;
use usage::Usage;

/// The file's header, as `vocab/play.tsv` records it.
pub const HEADER: [&str; 5] = [
    "Question ID (machine readable)",
    "Response ID (machine readable)",
    "Response value",
    "Answer requirement",
    "Human-friendly question label",
];

/// The policy's Data safety CSV, LF line ends, quoted only where needed.
pub fn render(policy: &Policy) -> Result<String, String> {
    let mut out = Rows {
        csv: csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new()),
        error: None,
    };
    write_rows(policy, &mut out);
    if let Some(error) = out.error {
        return Err(error);
    }
    let bytes = out.csv.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// The CSV being written, and its first error.
struct Rows {
    csv: csv::Writer<Vec<u8>>,
    error: Option<String>,
}

impl Rows {
    /// Writes one row; the one place cells are written, so every cell is
    /// neutralised here (see [`inert_cell`]).
    fn row(&mut self, cells: [&str; 5]) {
        let cells = cells.map(inert_cell);
        if let Err(e) = self.csv.write_record(cells.iter().map(|c| c.as_bytes())) {
            self.error.get_or_insert(e.to_string());
        }
    }
}

/// A cell a spreadsheet will not run: one that begins with `=`, `+`, `-`,
/// `@`, a tab or a carriage return (which spreadsheets read as a formula,
/// OWASP's CSV injection) gets a leading `'`, which they show as text.
/// Web addresses reach the file already checked as `http(s)`, so this only
/// ever guards against what the checks missed.
fn inert_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// `true`, `false`, or empty where the policy does not say.
fn flag(said: Option<bool>) -> &'static str {
    match said {
        Some(true) => "true",
        Some(false) => "false",
        None => "",
    }
}

/// Every row of the file, the header first.
fn write_rows(policy: &Policy, out: &mut Rows) {
    let usages: Vec<Usage> = FORM
        .types
        .iter()
        .map(|t| usage::usage(policy, t.id))
        .collect();
    let collects = usages.iter().any(Usage::collected);
    out.row(HEADER);
    for question in &FORM.top {
        let value = top_answer(policy, question, collects);
        out.row([
            question.id,
            question.response,
            &value,
            question.requirement,
            &question.label,
        ]);
    }
    for (data_type, usage) in FORM.types.iter().zip(&usages) {
        out.row([
            data_type.group,
            data_type.id,
            if usage.collected() { "true" } else { "" },
            data_type.requirement,
            data_type.label,
        ]);
    }
    for (data_type, usage) in FORM.types.iter().zip(&usages) {
        block(out, data_type, usage);
    }
}

/// The answer to a top-level question, where the policy gives one.
fn top_answer(policy: &Policy, question: &Question, collects: bool) -> String {
    let yes = |said: bool| if said { "true" } else { "" }.to_string();
    match (question.id, question.response) {
        // With no `collect`, "collects nothing" is no fact either: empty,
        // and `gaps` says so.
        ("PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA", _) => yes(collects),
        ("PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT", _) => {
            flag(encrypted_in_transit(policy)).to_string()
        }
        ("PSL_SUPPORT_DATA_DELETION_BY_USER", "DATA_DELETION_YES") => {
            yes(erasure(policy).is_some())
        }
        ("PSL_DATA_DELETION_URL", _) => deletion_url(policy).unwrap_or_default(),
        _ => accounts::answer(policy.practices.accounts.as_ref(), question),
    }
}

/// Whether *all* user data is encrypted in transit, as Play asks: only
/// from `security { in-transit = all | some }`. The measure named alone
/// ("such as HTTPS") says nothing of its scope.
pub(super) fn encrypted_in_transit(policy: &Policy) -> Option<bool> {
    let security = policy.practices.security.as_ref()?;
    security
        .node
        .in_transit
        .as_ref()
        .map(|scope| scope.node == Scope::All)
}

/// The policy's `right erasure`, if it declares one.
pub(super) fn erasure(
    policy: &Policy,
) -> Option<&crate::model::Node<crate::model::practice::Right>> {
    policy
        .practices
        .rights
        .iter()
        .find(|r| r.node.kind.node == RightKind::Erasure)
}

/// The web address the policy declares for erasure: a `via` web address
/// of its `right erasure`. The contact's web address (`via = [url]`) is a
/// way to reach the organisation — often its home page — not a page for
/// deleting data, so it is not taken.
pub(super) fn deletion_url(policy: &Policy) -> Option<String> {
    erasure(policy)?
        .node
        .via
        .iter()
        .find_map(|via| match &via.node {
            Via::Url(url) => Some(url.to_string()),
            Via::Contact(_) => None,
        })
}

/// A data type's block of rows: answered where the type is collected,
/// empty where it is not, as the Console writes it.
fn block(out: &mut Rows, data_type: &DataType, usage: &Usage) {
    let name = data_type
        .label
        .rsplit_once('/')
        .map_or(data_type.label, |(_, n)| n);
    let question = |sub: &str| format!("PSL_DATA_USAGE_RESPONSES:{}:{sub}", data_type.id);
    let label = |text: &str| format!("Data usage and handling ({name})/{text}");
    let collected = usage.collected();
    for (sub, response, requirement, text) in BLOCK {
        let value = match response {
            _ if !collected => "",
            "PSL_DATA_USAGE_ONLY_COLLECTED" => "true",
            "PSL_DATA_USAGE_ONLY_SHARED" => flag(usage.shared().then_some(true)),
            "PSL_DATA_USAGE_USER_CONTROL_REQUIRED" => flag(usage.required.filter(|r| *r)),
            "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL" => {
                flag(usage.required.filter(|r| !*r).map(|_| true))
            }
            "" => flag(usage.ephemeral),
            _ => "",
        };
        out.row([&question(sub), response, value, requirement, &label(text)]);
    }
    for (sub, text) in PURPOSE_QUESTIONS {
        let chosen = if sub == "DATA_USAGE_SHARING_PURPOSE" {
            &usage.sharing_purposes
        } else {
            &usage.collection_purposes
        };
        for (purpose, purpose_label) in &FORM.purposes {
            let value = if collected && chosen.contains(purpose) {
                "true"
            } else {
                ""
            };
            let text = format!("{text}/{purpose_label}");
            out.row([
                &question(sub),
                purpose,
                value,
                "MULTIPLE_CHOICE",
                &label(&text),
            ]);
        }
    }
}

/// The Play data type of a category: its own, or the catch-all's.
pub fn play_type(category: &Category) -> Option<&'static str> {
    category
        .info()
        .and_then(|info| info.play.as_ref())
        .or_else(|| crate::vocab::other_category().and_then(|o| o.play.as_ref()))
        .map(|t| t.id)
}

/// The Play purpose of a purpose, when Play has one.
fn play_purpose(purpose: &Purpose) -> Option<&'static str> {
    purpose.info().and_then(|info| info.play)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: no cell written can begin a formula, whatever reaches it.
    #[test]
    fn no_cell_begins_a_formula() {
        let mut out = Rows {
            csv: csv::WriterBuilder::new()
                .terminator(csv::Terminator::Any(b'\n'))
                .from_writer(Vec::new()),
            error: None,
        };
        out.row(["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)", "\tx"]);
        out.row(["\r=1", "a=b", "https://example.com", "", "'quoted"]);
        let bytes = out.csv.into_inner().unwrap_or_default();
        assert_eq!(
            String::from_utf8(bytes).unwrap_or_default(),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'-1,'@SUM(A1),'\tx\n\"'\r=1\",a=b,https://example.com,,'quoted\n"
        );
    }
}

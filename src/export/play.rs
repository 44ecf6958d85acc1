//! The Google Play export: the Data safety form as the CSV the Play Console
//! exports and imports (`<id>-data-safety.csv`). Its questions, data types,
//! purposes, answer requirements and labels are the rows of
//! `vocab/play.tsv`, read here; only their ids are written.
//!
//! The file has the Console's shape: the header, every top-level question
//! (answered where the policy says, empty where it does not), every data
//! type (`true` for those collected), then for each collected type its
//! block of `PSL_DATA_USAGE_RESPONSES:<TYPE>:…` rows. A category with no
//! Play data type is reported under the type the `other` category maps to
//! (`PSL_OTHER_PERSONAL`); a purpose with no Play purpose is left out, as
//! Play has no catch-all purpose (docs/exports.md).

use crate::model::practice::{
    Category, Collection, Measure, MeasureKind, Purpose, RecipientKind, RightKind, Via,
};
use crate::model::{Node, Policy};
use crate::vocab;
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// The file's header, as `vocab/play.tsv` records it.
pub const HEADER: [&str; 5] = [
    "Question ID (machine readable)",
    "Response ID (machine readable)",
    "Response value",
    "Answer requirement",
    "Human-friendly question label",
];

/// A question or a choice of the form: one row of the CSV.
struct Question {
    id: &'static str,
    response: &'static str,
    requirement: &'static str,
    label: String,
}

/// A data type of the form.
struct DataType {
    group: &'static str,
    id: &'static str,
    requirement: &'static str,
    label: &'static str,
}

/// The rows of `vocab/play.tsv` this export writes.
struct Form {
    top: Vec<Question>,
    types: Vec<DataType>,
    /// Purpose ids and labels, in the form's order.
    purposes: Vec<(&'static str, &'static str)>,
}

static FORM: LazyLock<Form> = LazyLock::new(|| {
    let mut form = Form {
        top: Vec::new(),
        types: Vec::new(),
        purposes: Vec::new(),
    };
    for row in include_str!("../../vocab/play.tsv").lines().skip(1) {
        let cells: Vec<&'static str> = row.split('\t').collect();
        let cell = |n: usize| cells.get(n).copied().unwrap_or("");
        let response = if cell(2) == "-" { "" } else { cell(2) };
        match cell(0) {
            "top-question" => {
                let label = full_label(&form.top, cell(1), cell(4));
                form.top.push(Question {
                    id: cell(1),
                    response,
                    requirement: cell(5),
                    label,
                });
            }
            "data-type" => form.types.push(DataType {
                group: cell(1),
                id: response,
                requirement: cell(5),
                label: cell(4),
            }),
            "purpose" => form.purposes.push((response, cell(4))),
            _ => {}
        }
    }
    form
});

/// A choice's label as the Console writes it: the table shortens a
/// question repeated from the row above to `.../choice`.
fn full_label(above: &[Question], id: &str, label: &str) -> String {
    let question = above
        .last()
        .filter(|q| q.id == id)
        .and_then(|q| q.label.rsplit_once('/'))
        .map(|(question, _)| question);
    match (label.strip_prefix("..."), question) {
        (Some(choice), Some(question)) => format!("{question}{choice}"),
        _ => label.to_string(),
    }
}

/// The sub-questions of a data type's block: id, response, requirement and
/// the question and choice as the Console labels them.
const BLOCK: [(&str, &str, &str, &str); 5] = [
    (
        "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
        "PSL_DATA_USAGE_ONLY_COLLECTED",
        "MULTIPLE_CHOICE",
        "Is this data collected, shared or both?/Collected",
    ),
    (
        "PSL_DATA_USAGE_COLLECTION_AND_SHARING",
        "PSL_DATA_USAGE_ONLY_SHARED",
        "MULTIPLE_CHOICE",
        "Is this data collected, shared or both?/Shared",
    ),
    (
        "PSL_DATA_USAGE_EPHEMERAL",
        "",
        "MAYBE_REQUIRED",
        "Is this data processed ephemerally?",
    ),
    (
        "DATA_USAGE_USER_CONTROL",
        "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL",
        "SINGLE_CHOICE",
        "Is this data required for your app, or can users choose whether it's collected?/Users can choose whether this data is collected",
    ),
    (
        "DATA_USAGE_USER_CONTROL",
        "PSL_DATA_USAGE_USER_CONTROL_REQUIRED",
        "SINGLE_CHOICE",
        "Is this data required for your app, or can users choose whether it's collected?/Data collection is required (users can't turn off this data collection)",
    ),
];

/// The purpose questions of a block, and their labels.
const PURPOSE_QUESTIONS: [(&str, &str); 2] = [
    (
        "DATA_USAGE_COLLECTION_PURPOSE",
        "Why is this user data collected? Select all that apply.",
    ),
    (
        "DATA_USAGE_SHARING_PURPOSE",
        "Why is this user data shared? Select all that apply.",
    ),
];

/// What the policy says of one Play data type.
#[derive(Default)]
struct Usage {
    shared: bool,
    required: bool,
    optional: bool,
    collection_purposes: BTreeSet<&'static str>,
    sharing_purposes: BTreeSet<&'static str>,
}

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

/// Every row of the file, the header first.
fn write_rows(policy: &Policy, out: &mut Rows) {
    let practices = &policy.practices;
    let collected: Vec<&'static str> = practices
        .collected()
        .iter()
        .filter_map(|c| play_type(&c.node))
        .collect();
    out.row(HEADER);
    for question in &FORM.top {
        let value = top_answer(policy, question, !collected.is_empty());
        out.row([
            question.id,
            question.response,
            &value,
            question.requirement,
            &question.label,
        ]);
    }
    for data_type in &FORM.types {
        let value = if collected.contains(&data_type.id) {
            "true"
        } else {
            ""
        };
        out.row([
            data_type.group,
            data_type.id,
            value,
            data_type.requirement,
            data_type.label,
        ]);
    }
    let everything: Vec<Node<Category>> = practices.collected().into_iter().cloned().collect();
    for data_type in FORM.types.iter().filter(|t| collected.contains(&t.id)) {
        block(out, data_type, &usage(policy, &everything, data_type.id));
    }
}

/// The answer to a top-level question, where the policy gives one.
fn top_answer(policy: &Policy, question: &Question, collects: bool) -> String {
    let practices = &policy.practices;
    let erasure = practices
        .rights
        .iter()
        .find(|r| r.node.kind.node == RightKind::Erasure);
    let yes = |said: bool| if said { "true" } else { "" }.to_string();
    match (question.id, question.response) {
        ("PSL_DATA_COLLECTION_COLLECTS_PERSONAL_DATA", _) => yes(collects),
        ("PSL_DATA_COLLECTION_ENCRYPTED_IN_TRANSIT", _) => {
            yes(practices.security.as_ref().is_some_and(|s| {
                s.node
                    .measures
                    .iter()
                    .any(|m| m.node == Measure::Known(MeasureKind::EncryptionInTransit))
            }))
        }
        ("PSL_SUPPORT_DATA_DELETION_BY_USER", "DATA_DELETION_YES") => yes(erasure.is_some()),
        ("PSL_DATA_DELETION_URL", _) => erasure
            .and_then(|r| {
                r.node
                    .via
                    .iter()
                    .find_map(|via| web_address(policy, &via.node))
            })
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// The web address a way to exercise a right names, if it is one.
fn web_address(policy: &Policy, via: &Via) -> Option<String> {
    match via {
        Via::Url(url) => Some(url.to_string()),
        Via::Contact(crate::model::practice::ChannelKind::Url) => policy
            .contact
            .as_ref()
            .and_then(|c| c.node.channels.url.as_ref())
            .map(|u| u.node.to_string()),
        Via::Contact(_) => None,
    }
}

/// What the policy says of a data type: whether a recipient other than a
/// processor receives it (Play does not count service providers as
/// sharing), whether collecting it is required or optional, and why.
fn usage(policy: &Policy, everything: &[Node<Category>], type_id: &str) -> Usage {
    let practices = &policy.practices;
    let is_type =
        |data: &[Node<Category>]| data.iter().any(|d| play_type(&d.node) == Some(type_id));
    let mut usage = Usage::default();
    for collection in practices.collections.iter().map(|c| &c.node) {
        if is_type(&collection.data) {
            note_collection(&mut usage, collection);
        }
    }
    for recipient in practices.recipients.iter().map(|r| &r.node) {
        let data = if recipient.data.is_empty() {
            everything
        } else {
            &recipient.data
        };
        if recipient.kind.node != RecipientKind::Processor && is_type(data) {
            usage.shared = true;
            usage.sharing_purposes.extend(
                recipient
                    .purposes
                    .iter()
                    .filter_map(|p| play_purpose(&p.node)),
            );
        }
    }
    usage
}

/// Adds what one `collect` says to a data type's usage.
fn note_collection(usage: &mut Usage, collection: &Collection) {
    match collection.required.as_ref().map(|r| r.node) {
        Some(true) => usage.required = true,
        Some(false) => usage.optional = true,
        None => {}
    }
    usage.collection_purposes.extend(
        collection
            .purposes
            .iter()
            .filter_map(|p| play_purpose(&p.node)),
    );
}

/// A collected type's block of rows. Required wins over optional: a type
/// some `collect` requires cannot be turned off.
fn block(out: &mut Rows, data_type: &DataType, usage: &Usage) {
    let name = data_type
        .label
        .rsplit_once('/')
        .map_or(data_type.label, |(_, n)| n);
    let question = |sub: &str| format!("PSL_DATA_USAGE_RESPONSES:{}:{sub}", data_type.id);
    let label = |text: &str| format!("Data usage and handling ({name})/{text}");
    for (sub, response, requirement, text) in BLOCK {
        let said = match response {
            "PSL_DATA_USAGE_ONLY_COLLECTED" => true,
            "PSL_DATA_USAGE_ONLY_SHARED" => usage.shared,
            "PSL_DATA_USAGE_USER_CONTROL_REQUIRED" => usage.required,
            "PSL_DATA_USAGE_USER_CONTROL_OPTIONAL" => usage.optional && !usage.required,
            _ => false,
        };
        let value = if said { "true" } else { "" };
        out.row([&question(sub), response, value, requirement, &label(text)]);
    }
    for (sub, text) in PURPOSE_QUESTIONS {
        let chosen = if sub == "DATA_USAGE_SHARING_PURPOSE" {
            &usage.sharing_purposes
        } else {
            &usage.collection_purposes
        };
        for (purpose, purpose_label) in &FORM.purposes {
            let value = if chosen.contains(purpose) { "true" } else { "" };
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
        .or_else(|| vocab::other_category().and_then(|o| o.play.as_ref()))
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

    #[test]
    fn the_form_is_read_whole_from_the_table() {
        assert_eq!(FORM.top.len(), 22);
        assert_eq!(FORM.types.len(), 38);
        assert_eq!(FORM.purposes.len(), 7);
        let no = FORM.top.iter().find(|q| q.response == "DATA_DELETION_NO");
        assert_eq!(
            no.map(|q| q.label.as_str()),
            Some("Do you provide a way for users to request that their data is deleted?/No")
        );
    }

    #[test]
    fn every_id_written_is_plays() {
        for q in &FORM.top {
            assert!(vocab::is_play_id(q.id), "{}", q.id);
            assert!(
                q.response.is_empty() || vocab::is_play_id(q.response),
                "{}",
                q.response
            );
        }
        for t in &FORM.types {
            assert!(
                vocab::is_play_id(t.group) && vocab::is_play_id(t.id),
                "{}",
                t.id
            );
        }
        for (sub, response, ..) in BLOCK {
            assert!(vocab::is_play_id(&format!(
                "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:{sub}"
            )));
            assert!(
                response.is_empty() || vocab::is_play_id(response),
                "{response}"
            );
        }
        for (sub, _) in PURPOSE_QUESTIONS {
            assert!(vocab::is_play_id(&format!(
                "PSL_DATA_USAGE_RESPONSES:PSL_EMAIL:{sub}"
            )));
        }
    }
}

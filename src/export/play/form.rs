//! The Data safety form as data: its top-level questions, data types,
//! purposes, answer requirements and labels, read once from the rows of
//! `vocab/play.tsv`, and the sub-questions each data type's block asks.
//! The exporter and its `gaps` both read it; nothing else spells an id.

use std::sync::LazyLock;

/// A question or a choice of the form: one row of the CSV.
pub(super) struct Question {
    /// The question's id.
    pub id: &'static str,
    /// The choice's id, empty for a question answered with a value.
    pub response: &'static str,
    /// What Play asks of it (`REQUIRED`, `MAYBE_REQUIRED`, …).
    pub requirement: &'static str,
    /// The question and choice as the Console labels them.
    pub label: String,
}

/// A data type of the form.
pub(super) struct DataType {
    /// The group question (`PSL_DATA_TYPES_PERSONAL`, …).
    pub group: &'static str,
    /// The type's id (`PSL_EMAIL`, …).
    pub id: &'static str,
    /// What Play asks of it.
    pub requirement: &'static str,
    /// The group and type as the Console labels them.
    pub label: &'static str,
}

/// The rows of `vocab/play.tsv` the export writes.
pub(super) struct Form {
    /// The top-level questions, in the Console's order.
    pub top: Vec<Question>,
    /// Every data type, in the Console's order.
    pub types: Vec<DataType>,
    /// Purpose ids and labels, in the form's order.
    pub purposes: Vec<(&'static str, &'static str)>,
}

/// The form, read once.
pub(super) static FORM: LazyLock<Form> = LazyLock::new(|| {
    let mut form = Form {
        top: Vec::new(),
        types: Vec::new(),
        purposes: Vec::new(),
    };
    for row in include_str!("../../../vocab/play.tsv").lines().skip(1) {
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
pub(super) const BLOCK: [(&str, &str, &str, &str); 5] = [
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
pub(super) const PURPOSE_QUESTIONS: [(&str, &str); 2] = [
    (
        "DATA_USAGE_COLLECTION_PURPOSE",
        "Why is this user data collected? Select all that apply.",
    ),
    (
        "DATA_USAGE_SHARING_PURPOSE",
        "Why is this user data shared? Select all that apply.",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab;

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

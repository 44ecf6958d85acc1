//! Diagnostics as plain data. Every stage returns these; only the edge
//! (`report`) turns them into text for people or machines.

use crate::source::Span;
use serde::Serialize;

/// The most diagnostics reported for one file: past this the rest are
/// counted, not shown, so a mangled file cannot produce a mangled report
/// larger than itself.
pub const MAX_PER_FILE: usize = 100;

/// How bad a problem is: errors fail the build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The policy is wrong and nothing is written.
    Error,
    /// Suspicious but not wrong.
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $summary:literal;)*) => {
        /// A stable error code. Codes are never reused or renumbered, so
        /// users and CI scripts can rely on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $(#[doc = $summary] $variant,)* }

        impl Code {
            /// Every code, in order.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as written in messages, e.g. `E0101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// A one-line summary of the problem.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    Unreadable = "E0001", "a file could not be read";
    NotUtf8 = "E0002", "a file is not valid UTF-8 text";
    Syntax = "E0101", "the text does not follow the grammar";
    Unclosed = "E0102", "a `{` or `[` is never closed";
    UnterminatedString = "E0103", "a string has no closing quote";
    UnterminatedProse = "E0104", "a prose block has no closing quotes";
    TooDeep = "E0105", "blocks are nested too deeply";
    TooManyProblems = "E0106", "more problems than are worth showing";
    UnknownPolicyKind = "E0201", "unknown policy kind";
    UnknownSectionKind = "E0202", "unknown section kind";
    UnknownKey = "E0203", "unknown key";
    Duplicate = "E0204", "something is declared twice";
    WrongValue = "E0205", "a value has the wrong type";
    InvalidDate = "E0206", "a date is not a real calendar date";
    InvalidId = "E0207", "an id has characters that cannot be used in a URL";
    UnclosedReference = "E0208", "a `${` reference is never closed";
    Misplaced = "E0209", "a declaration stands where it is not allowed";
    EmptyTitle = "E0211", "a title is empty";
    IncludeFailed = "E0212", "a clause file cannot be included";
    UnknownWord = "E0213", "a word is not in the vocabulary of data practices";
    InvalidDuration = "E0214", "a duration is not written as ISO 8601";
    MissingSetting = "E0215", "a fact lacks a setting it needs";
    InvalidValue = "E0216", "a web address, email address, telephone number or language tag is not well formed";
    TitleControl = "E0219", "a title holds a line break or control character";
    UnderIndented = "E0210", "a prose line is indented less than the closing quotes";
    MissingSection = "E0301", "a required section is missing";
    MissingEntity = "E0302", "a required organisation, contact point or id is missing";
    DuplicateId = "E0303", "two sections have the same id";
    UnknownReference = "E0304", "a reference names nothing the policy declares";
    DatesOutOfOrder = "E0305", "the effective date is after the last-updated date";
    MissingDate = "E0306", "a generated block needs a date the policy does not declare";
    UnsafeLink = "E0307", "a link could run script in a reader's browser";
    ReservedId = "E0308", "a section id is one the page itself uses";
    UncollectedData = "E0309", "a fact names data the policy never says it collects";
    Contradiction = "E0310", "two facts contradict each other";
    UnderAge = "E0311", "the minimum age is under what a claimed law allows";
    NoticeRequirement = "E0312", "a notice requirement of a law the policy claims is not met";
    ExportNeedsFact = "E0313", "a format being built needs a fact the policy does not state";
    SignOffInvalid = "E0320", "an entry of the coverage sign-off file is not valid";
    EmptySection = "W0001", "a section has no content";
    FutureDate = "W0002", "a date lies in the future";
    EmptyGlossary = "W0004", "a glossary has no definitions to list";
    ExportIncomplete = "W0005", "a format being built leaves out what the policy does not state";
    DriftUndeclared = "W0010", "a sentence states a data practice no fact declares";
    DriftUnstated = "W0011", "a fact declares a data practice no sentence states";
    DriftContradicted = "W0012", "a fact contradicts a sentence of the policy";
}

/// A secondary place that explains the primary one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there.
    pub message: String,
}

/// One problem found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// Lowercase sentence, user input in backticks, no final period.
    pub message: String,
    /// Where the problem is, when it has a place.
    pub span: Option<Span>,
    /// Short text shown under the span.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places worth showing.
    pub related: Vec<Label>,
    /// The compliance rules it reports (E0312), so tools can read which
    /// requirement failed without parsing the label.
    pub rules: Vec<RuleRef>,
}

/// A compliance rule a diagnostic reports: its stable id and its citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleRef {
    /// The rule's id, e.g. `GDPR-13-2-a`.
    pub id: String,
    /// As a lawyer writes it, e.g. `GDPR Art. 13(2)(a)`.
    pub citation: String,
}

impl Diagnostic {
    /// An error with a code and message.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: None,
            help: None,
            related: Vec::new(),
            rules: Vec::new(),
        }
    }

    /// A warning with a code and message.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at `span`.
    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Adds the text shown under the span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds what the author should do.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a secondary place.
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a compliance rule it reports.
    pub fn rule(mut self, id: impl Into<String>, citation: impl Into<String>) -> Self {
        self.rules.push(RuleRef {
            id: id.into(),
            citation: citation.into(),
        });
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The closest candidate to `word` by edit distance, if close enough to be
/// a plausible typo: the "did you mean" of every message.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    // A candidate that differs only in case (`Pii` for `PII`) is the best
    // suggestion of all; the word itself is none.
    candidates
        .into_iter()
        .filter(|c| *c != word)
        .map(|c| (edit_distance(&word_lower, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

/// Edit distance in characters, a swap of two neighbours counting as one
/// edit (optimal string alignment): `emial` is one edit from `email`.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != cb));
            let insertion = current.last().map_or(usize::MAX, |d| d + 1);
            let deletion = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            let swap = if swapped {
                before.get(j - 1).map_or(usize::MAX, |d| d + 1)
            } else {
                usize::MAX
            };
            current.push(substitution.min(insertion).min(deletion).min(swap));
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(edit_distance("emial", "email"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(did_you_mean("emial", ["email", "name"]), Some("email"));
    }

    #[test]
    fn suggests_close_words_only() {
        let kinds = ["collection", "use", "sharing"];
        assert_eq!(did_you_mean("colection", kinds), Some("collection"));
        assert_eq!(did_you_mean("banana", kinds), None);
        assert_eq!(
            did_you_mean("use", kinds),
            None,
            "the word itself is no suggestion"
        );
        assert_eq!(did_you_mean("Pii", ["PII", "Privacy"]), Some("PII"));
    }

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
            assert!(code.as_str().starts_with(['E', 'W']) && code.as_str().len() == 5);
        }
    }
}

//! Long explanations of every diagnostic code, shown by `policyc explain`
//! and collected into docs/errors.md. Each lives in `src/explain/CODE.md`
//! with a wrong and a right example that the test suite compiles.

use crate::diagnostic::Code;

/// The Markdown explanation of a code.
pub fn explanation(code: Code) -> &'static str {
    match code {
        Code::Unreadable => include_str!("explain/E0001.md"),
        Code::NotUtf8 => include_str!("explain/E0002.md"),
        Code::Syntax => include_str!("explain/E0101.md"),
        Code::Unclosed => include_str!("explain/E0102.md"),
        Code::UnterminatedString => include_str!("explain/E0103.md"),
        Code::UnterminatedProse => include_str!("explain/E0104.md"),
        Code::TooDeep => include_str!("explain/E0105.md"),
        Code::TooManyProblems => include_str!("explain/E0106.md"),
        Code::UnknownPolicyKind => include_str!("explain/E0201.md"),
        Code::UnknownSectionKind => include_str!("explain/E0202.md"),
        Code::UnknownKey => include_str!("explain/E0203.md"),
        Code::Duplicate => include_str!("explain/E0204.md"),
        Code::WrongValue => include_str!("explain/E0205.md"),
        Code::InvalidDate => include_str!("explain/E0206.md"),
        Code::InvalidId => include_str!("explain/E0207.md"),
        Code::UnclosedReference => include_str!("explain/E0208.md"),
        Code::Misplaced => include_str!("explain/E0209.md"),
        Code::UnderIndented => include_str!("explain/E0210.md"),
        Code::EmptyTitle => include_str!("explain/E0211.md"),
        Code::IncludeFailed => include_str!("explain/E0212.md"),
        Code::UnknownWord => include_str!("explain/E0213.md"),
        Code::InvalidDuration => include_str!("explain/E0214.md"),
        Code::MissingSetting => include_str!("explain/E0215.md"),
        Code::InvalidValue => include_str!("explain/E0216.md"),
        Code::TitleControl => include_str!("explain/E0219.md"),
        Code::MissingSection => include_str!("explain/E0301.md"),
        Code::MissingEntity => include_str!("explain/E0302.md"),
        Code::DuplicateId => include_str!("explain/E0303.md"),
        Code::UnknownReference => include_str!("explain/E0304.md"),
        Code::DatesOutOfOrder => include_str!("explain/E0305.md"),
        Code::MissingDate => include_str!("explain/E0306.md"),
        Code::UnsafeLink => include_str!("explain/E0307.md"),
        Code::ReservedId => include_str!("explain/E0308.md"),
        Code::UncollectedData => include_str!("explain/E0309.md"),
        Code::Contradiction => include_str!("explain/E0310.md"),
        Code::UnderAge => include_str!("explain/E0311.md"),
        Code::NoticeRequirement => include_str!("explain/E0312.md"),
        Code::ExportNeedsFact => include_str!("explain/E0313.md"),
        Code::SignOffInvalid => include_str!("explain/E0320.md"),
        Code::EmptySection => include_str!("explain/W0001.md"),
        Code::FutureDate => include_str!("explain/W0002.md"),
        Code::EmptyGlossary => include_str!("explain/W0004.md"),
        Code::ExportIncomplete => include_str!("explain/W0005.md"),
        Code::DriftUndeclared => include_str!("explain/W0010.md"),
        Code::DriftUnstated => include_str!("explain/W0011.md"),
        Code::DriftContradicted => include_str!("explain/W0012.md"),
    }
}

/// The code written as `E0101` (any case), if it exists.
pub fn parse_code(text: &str) -> Option<Code> {
    Code::ALL
        .iter()
        .copied()
        .find(|c| c.as_str().eq_ignore_ascii_case(text.trim()))
}

/// docs/errors.md: every explanation, in code order, under one heading.
pub fn errors_markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         Every error and warning policyc reports has a stable code. `policyc explain CODE`\n\
         prints the same text as this page, which is generated from `src/explain/`\n\
         (`policyc explain --all > docs/errors.md`; a test checks that it is current).\n\n\
         Codes starting with `E` are errors: nothing is written. Codes starting with `W`\n\
         are warnings: the build succeeds unless `--deny-warnings` is given.\n\n\
         | code | problem |\n| --- | --- |\n",
    );
    for code in Code::ALL {
        out.push_str(&format!(
            "| [{0}](#{1}) | {2} |\n",
            code.as_str(),
            code.as_str().to_lowercase(),
            code.summary()
        ));
    }
    for code in Code::ALL {
        out.push('\n');
        // Each explanation's headings move one level down under the page title.
        for line in explanation(*code).lines() {
            if line.starts_with('#') {
                out.push('#');
            }
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

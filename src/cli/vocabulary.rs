//! `policyc vocabulary`: the words of data-practice facts and what each
//! maps to, as Markdown on stdout (the source of docs/vocabulary.md).

use std::process::ExitCode;

pub(super) fn run() -> ExitCode {
    print!("{}", policyc::vocab::reference_markdown());
    ExitCode::SUCCESS
}

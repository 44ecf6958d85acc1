//! `policyc schema`: the JSON Schema of the JSON output, on stdout.

use std::process::ExitCode;

pub(super) fn run() -> ExitCode {
    print!("{}", policyc::export::json::schema());
    ExitCode::SUCCESS
}

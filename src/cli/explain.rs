//! `policyc explain`: a diagnostic code's long explanation, or all of them.

use super::ExplainArgs;
use super::output::usage_error;
use std::process::ExitCode;

pub(super) fn run(args: &ExplainArgs) -> ExitCode {
    if args.all {
        print!("{}", policyc::explain::errors_markdown());
        return ExitCode::SUCCESS;
    }
    let written = args.code.as_deref().unwrap_or("");
    match policyc::explain::parse_code(written) {
        Some(code) => {
            print!("{}", policyc::explain::explanation(code));
            ExitCode::SUCCESS
        }
        None => {
            let codes = policyc::diagnostic::Code::ALL.iter().map(|c| c.as_str());
            let hint = match policyc::diagnostic::did_you_mean(written, codes) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            usage_error(&format!(
                "no diagnostic has the code `{written}`{hint}; `policyc explain --all` lists them"
            ))
        }
    }
}

//! `policyc explain`: a diagnostic code's long explanation, or all of them;
//! or a compliance rule's (`policyc explain GDPR-13-2-a`).

use super::ExplainArgs;
use super::output::usage_error;
use std::process::ExitCode;

pub(super) fn run(args: &ExplainArgs) -> ExitCode {
    if args.all {
        print!("{}", policyc::explain::errors_markdown());
        return ExitCode::SUCCESS;
    }
    let written = args.code.as_deref().unwrap_or("");
    if let Some((set, rule)) = policyc::check::rules::rule(written) {
        print!("{}", policyc::check::rules::explanation(set, rule));
        return ExitCode::SUCCESS;
    }
    match policyc::explain::parse_code(written) {
        Some(code) => {
            print!("{}", policyc::explain::explanation(code));
            ExitCode::SUCCESS
        }
        None => {
            let codes = policyc::diagnostic::Code::ALL.iter().map(|c| c.as_str());
            let sets = policyc::check::rules::rule_sets();
            let rules = sets
                .iter()
                .flat_map(|s| s.rules.iter().map(|r| r.id.as_str()));
            let hint = match policyc::diagnostic::did_you_mean(written, codes.chain(rules)) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            usage_error(&format!(
                "no diagnostic code or rule is `{written}`{hint}; `policyc explain --all` lists the codes, `policyc rules` the rules"
            ))
        }
    }
}

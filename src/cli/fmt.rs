//! `policyc fmt [PATHS] [--check]`: rewrites `.policy` files in the
//! canonical layout (`policyc::fmt`, `docs/fmt.md`), or with `--check`
//! prints a diff for each file that is not and changes nothing. Exit
//! status: 0 when every file is (now) formatted; 1 when a file has syntax
//! errors or, with `--check`, is not formatted; 2 when a file cannot be
//! read or written, or the formatter would have changed a policy's model
//! (a bug, reported naming the file, which is left alone).

use super::build::nothing_to_do;
use super::output::{print_file_diagnostic, usage_error};
use super::settings;
use clap::{Args, ValueHint};
use policyc::driver::{self, World};
use policyc::fmt::{self, FileReport, Outcome};
use policyc::report::MessageFormat;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `policyc fmt`.
#[derive(Args)]
pub(super) struct FmtArgs {
    /// The .policy files, or folders of them [default: every .policy file under policies/, or
    /// `policies` in policyc.yaml].
    #[arg(value_name = "PATHS", value_hint = ValueHint::AnyPath)]
    files: Vec<PathBuf>,
    /// Write nothing: print a diff for each file that is not formatted, and exit 1 if any is.
    #[arg(long)]
    check: bool,
    /// How to print syntax errors: human, json (one object per line) or github.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
}

/// Formats the files named, or the project's policies.
pub(super) fn run(world: &dyn World, args: &FmtArgs) -> ExitCode {
    if args.message_format == MessageFormat::Gitlab {
        return usage_error(super::diff::GITLAB_IS_FOR_BUILDS);
    }
    let project = match settings::project(world, args.message_format) {
        Ok(project) => project,
        Err(code) => return code,
    };
    let paths = match driver::discover_with(
        world,
        &args.files,
        &project.policies,
        "format",
        &["policy", "clause"],
    ) {
        Ok(paths) => paths,
        Err(e) => return usage_error(&nothing_to_do(&e, &project, &args.files)),
    };
    let reports = fmt::format_files(world, &paths, args.check);
    for report in &reports {
        print_report(report, args);
    }
    summary(&reports, args.check)
}

/// What became of one file: its diff (`--check`) or its name on stdout,
/// its problems on stderr.
fn print_report(report: &FileReport, args: &FmtArgs) {
    let name = report.path.display().to_string();
    match &report.outcome {
        Outcome::Unchanged => {}
        Outcome::Changed { before, after, .. } => {
            let extra = notes(before);
            if args.check {
                print!("{}", fmt::diff(&name, before, after));
                eprintln!("policyc: `{name}` is not formatted{extra}");
            } else {
                println!("formatted {name}{extra}");
            }
        }
        Outcome::Syntax { file, diagnostics } => {
            for diagnostic in diagnostics {
                print_file_diagnostic(file, diagnostic, args.message_format);
            }
            eprintln!("policyc: `{name}` has syntax errors and was not formatted");
        }
        Outcome::Unreadable(diagnostic) => {
            let file = policyc::source::SourceFile::new(name, "");
            print_file_diagnostic(&file, diagnostic, args.message_format);
        }
        Outcome::NotWritten(why) => eprintln!("error: {why}"),
        Outcome::ModelChanged(change) => eprintln!(
            "error: internal error: formatting `{name}` would change the policy it compiles to \
             ({change}); the file was left as it was. Please report this bug with the file."
        ),
    }
}

/// What else changes in a file than its diff shows.
fn notes(before: &str) -> String {
    let mut notes = Vec::new();
    if before.starts_with('\u{feff}') {
        notes.push("byte-order mark dropped");
    }
    if before.contains("\r\n") {
        notes.push("CRLF line endings become LF");
    }
    if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    }
}

/// The closing line, and the exit status.
fn summary(reports: &[FileReport], check: bool) -> ExitCode {
    let total = reports.len();
    let count = |pick: fn(&Outcome) -> bool| reports.iter().filter(|r| pick(&r.outcome)).count();
    let changed = count(|o| matches!(o, Outcome::Changed { .. }));
    let syntax = count(|o| matches!(o, Outcome::Syntax { .. }));
    let broken = count(|o| o.failed() && !matches!(o, Outcome::Syntax { .. }));
    let verb = if check {
        "would be reformatted"
    } else {
        "reformatted"
    };
    let mut line = format!("policyc: {changed} of {total} file(s) {verb}");
    if syntax > 0 {
        line.push_str(&format!(", {syntax} with syntax errors left alone"));
    }
    if broken > 0 {
        line.push_str(&format!(", {broken} could not be formatted"));
    }
    eprintln!("{line}");
    if broken > 0 {
        ExitCode::from(2)
    } else if syntax > 0 || (check && changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

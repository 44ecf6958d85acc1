//! What the command line prints besides a command's own output: the
//! diagnostics of a build or of the project file, and usage errors.

use policyc::diagnostic::Diagnostic;
use policyc::driver::Unit;
use policyc::report::{self, InBuild, MessageFormat};
use policyc::source::SourceFile;
use std::io::IsTerminal as _;
use std::process::ExitCode;

/// Prints every unit's diagnostics: human ones on stderr (in colour on a
/// terminal unless `NO_COLOR`), machine-readable ones on stdout.
pub(super) fn print_diagnostics(units: &[Unit], format: MessageFormat) {
    emit(&diagnostics_text(units, format), format);
}

/// Every unit's diagnostics as [`print_diagnostics`] prints them, before
/// [`emit`] (which makes GitLab's report one array of them all).
pub(super) fn diagnostics_text(units: &[Unit], format: MessageFormat) -> String {
    let color = use_color(format);
    let mut text = String::new();
    for unit in units {
        // A unit's diagnostics point into its policy and its clause files.
        let sources = InBuild {
            build: unit,
            file: &unit.file,
        };
        text.push_str(&report::format(
            &sources,
            &unit.compiled.diagnostics,
            format,
            color,
        ));
    }
    text
}

/// Prints one diagnostic about a file outside the build (the project
/// file), as [`print_diagnostics`] does.
pub(super) fn print_file_diagnostic(
    file: &SourceFile,
    diagnostic: &Diagnostic,
    format: MessageFormat,
) {
    let text = report::format(
        file,
        std::slice::from_ref(diagnostic),
        format,
        use_color(format),
    );
    emit(&text, format);
}

/// Colour for people on a terminal that has not asked for none.
fn use_color(format: MessageFormat) -> bool {
    format == MessageFormat::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Human reports on stderr; JSON, GitHub and GitLab ones on stdout, for
/// tools (GitLab's as one JSON array, `[]` when there is nothing).
pub(super) fn emit(text: &str, format: MessageFormat) {
    match format {
        MessageFormat::Human => eprint!("{text}"),
        MessageFormat::Json | MessageFormat::Github => print!("{text}"),
        MessageFormat::Gitlab => print!("{}", report::code_quality_report(text)),
    }
}

/// Prints `error: MESSAGE` and gives exit status 2.
pub(super) fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

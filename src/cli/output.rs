//! What the command line prints besides a command's own output: the
//! diagnostics of a build and usage errors.

use policyc::driver::Unit;
use policyc::report::{self, InBuild, MessageFormat};
use std::io::IsTerminal as _;
use std::process::ExitCode;

/// Prints every unit's diagnostics: human ones on stderr (in colour on a
/// terminal unless `NO_COLOR`), machine-readable ones on stdout.
pub(super) fn print_diagnostics(units: &[Unit], format: MessageFormat) {
    let color = format == MessageFormat::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut text = String::new();
    for unit in units {
        let sources = InBuild {
            build: units,
            file: &unit.file,
        };
        text.push_str(&report::format(
            &sources,
            &unit.compiled.diagnostics,
            format,
            color,
        ));
    }
    match format {
        MessageFormat::Human => eprint!("{text}"),
        MessageFormat::Json | MessageFormat::Github => print!("{text}"),
    }
}

/// Prints `error: MESSAGE` and gives exit status 2.
pub(super) fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

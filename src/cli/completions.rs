//! `policyc completions SHELL` and `policyc man`: the command line's own
//! definition, as a shell completion script or a roff manual page, so
//! neither can drift from the flags.

use super::output::usage_error;
use clap_complete::Shell;
use std::process::ExitCode;

/// Prints the completion script for `shell` on stdout.
pub(super) fn completions(shell: Shell) -> ExitCode {
    let mut command = super::command();
    clap_complete::generate(shell, &mut command, "policyc", &mut std::io::stdout());
    ExitCode::SUCCESS
}

/// Prints the manual page, `policyc(1)`, on stdout.
pub(super) fn man() -> ExitCode {
    let mut page = Vec::new();
    match clap_mangen::Man::new(super::command()).render(&mut page) {
        Ok(()) => {
            print!("{}", String::from_utf8_lossy(&page));
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&format!("could not write the manual page: {e}")),
    }
}

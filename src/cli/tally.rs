//! What a run found, file by file, kept as counts and printed text rather
//! than as the files themselves, so a build of many policies holds the
//! diagnostics it will print, not every source they point into; and the
//! exit status those counts give.

use super::output::diagnostics_text;
use policyc::diagnostic::Code;
use policyc::driver::Unit;
use policyc::report::MessageFormat;
use std::process::ExitCode;

/// The counts of a run's files and their diagnostics, formatted.
pub(super) struct Tally {
    format: MessageFormat,
    /// Files compiled.
    pub files: usize,
    /// Files that could not be read.
    unreadable: usize,
    /// Files with errors.
    failed: usize,
    /// Diagnostics of every kind.
    diagnostics: usize,
    /// Valid policies.
    pub policies: usize,
    /// The diagnostics as printed, in order ([`Tally::print`]).
    text: String,
}

impl Tally {
    /// Nothing found yet; diagnostics will be printed in `format`.
    pub(super) fn new(format: MessageFormat) -> Tally {
        Tally {
            format,
            files: 0,
            unreadable: 0,
            failed: 0,
            diagnostics: 0,
            policies: 0,
            text: String::new(),
        }
    }

    /// The tally of `units`.
    pub(super) fn of(units: &[Unit], format: MessageFormat) -> Tally {
        let mut tally = Tally::new(format);
        tally.add(units);
        tally
    }

    /// Counts the next files of the run and formats their diagnostics.
    pub(super) fn add(&mut self, units: &[Unit]) {
        let count = |pick: fn(&Unit) -> bool| units.iter().filter(|u| pick(u)).count();
        self.files += units.len();
        self.unreadable += count(|u| {
            u.compiled
                .diagnostics
                .iter()
                .any(|d| d.code == Code::Unreadable)
        });
        self.failed += count(Unit::failed);
        self.policies += count(|u| u.compiled.policy.is_some());
        self.diagnostics += units
            .iter()
            .map(|u| u.compiled.diagnostics.len())
            .sum::<usize>();
        self.text.push_str(&diagnostics_text(units, self.format));
    }

    /// Prints the diagnostics: human ones on stderr, machine-readable ones
    /// on stdout (see `output::emit`).
    pub(super) fn print(&self) {
        super::output::emit(&self.text, self.format);
    }

    /// Whether the run is refused whatever the files still to come hold.
    pub(super) fn refused(&self, deny_warnings: bool) -> bool {
        self.unreadable > 0 || self.failed > 0 || (deny_warnings && self.diagnostics > 0)
    }

    /// The exit status, with the reason on stderr, when the run stops here:
    /// 2 when a file could not be read (an I/O error, as a missing input is
    /// to cargo and rustc), 1 when a file has errors, or warnings and
    /// `--deny-warnings` was given. `writing` says whether this is a
    /// build, whose outputs are then not written.
    pub(super) fn refusal(&self, deny_warnings: bool, writing: bool) -> Option<ExitCode> {
        let outcome = if writing { "; nothing was written" } else { "" };
        if self.unreadable > 0 {
            eprintln!(
                "policyc: {} of {} file(s) could not be read{outcome}",
                self.unreadable, self.files
            );
            return Some(ExitCode::from(2));
        }
        if self.failed > 0 {
            eprintln!(
                "policyc: {} of {} file(s) have errors{outcome}",
                self.failed, self.files
            );
            return Some(ExitCode::from(1));
        }
        if deny_warnings && self.diagnostics > 0 {
            eprintln!(
                "policyc: {} warning(s) and `--deny-warnings` given{outcome}",
                self.diagnostics
            );
            return Some(ExitCode::from(1));
        }
        None
    }
}

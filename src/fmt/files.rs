//! `fmt` over files: each read through a [`World`], formatted with the
//! model checked ([`super::format`]), and — unless only checking —
//! written back atomically when it changed. The command line prints the
//! reports; tests and other tools read them.

use super::Refusal;
use crate::diagnostic::Diagnostic;
use crate::driver::{World, read_source_in};
use crate::source::SourceFile;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What `fmt` did, or would do, to one file.
#[derive(Debug)]
pub struct FileReport {
    /// The file, as named or found.
    pub path: PathBuf,
    /// What happened to it.
    pub outcome: Outcome,
}

/// What happened to one file.
#[derive(Debug)]
pub enum Outcome {
    /// Already formatted: left alone.
    Unchanged,
    /// Not formatted: its text as read and formatted; `written` says
    /// whether the file now holds the latter.
    Changed {
        /// The text as read (a byte-order mark included).
        before: String,
        /// The text formatted.
        after: String,
        /// Whether it was written (not when only checking).
        written: bool,
    },
    /// Not formatted: it has syntax errors, reported against the file.
    Syntax {
        /// The file as read, for reporting.
        file: SourceFile,
        /// Its syntax errors.
        diagnostics: Vec<Diagnostic>,
    },
    /// It could not be read (missing, not UTF-8): the diagnostic a build
    /// gives.
    Unreadable(Diagnostic),
    /// The formatted text could not be written: why.
    NotWritten(String),
    /// The formatter would have changed the compiled model (how, in
    /// words): a bug, so the file was left alone.
    ModelChanged(String),
}

impl Outcome {
    /// Whether the file was not formatted (and is not formatted) for a
    /// reason of its own or the formatter's: anything but unchanged or
    /// changed.
    pub fn failed(&self) -> bool {
        !matches!(self, Outcome::Unchanged | Outcome::Changed { .. })
    }
}

/// Formats each file, one thread a core; then, unless `check`, writes
/// those that change, one at a time and each file once (a file named twice,
/// or through a link, is one file). Reports in the order of `paths`.
pub fn format_files(world: &dyn World, paths: &[PathBuf], check: bool) -> Vec<FileReport> {
    let mut reports: Vec<FileReport> = paths
        .par_iter()
        .map(|path| FileReport {
            path: path.clone(),
            outcome: format_path(world, path),
        })
        .collect();
    if !check {
        let mut written = HashSet::new();
        for report in &mut reports {
            write(world, report, &mut written);
        }
    }
    reports
}

/// What formatting one file gives, nothing written.
fn format_path(world: &dyn World, path: &Path) -> Outcome {
    // Read as bytes, so that a byte-order mark counts as a change.
    let text = match world.read(path).map(String::from_utf8) {
        Ok(Ok(text)) => text,
        _ => {
            return match read_source_in(world, path) {
                Err(diagnostic) => Outcome::Unreadable(diagnostic),
                Ok(_) => Outcome::NotWritten(format!("`{}` changed while read", path.display())),
            };
        }
    };
    let file = SourceFile::new(path.display().to_string(), text.as_str());
    match super::format(&file) {
        Ok(after) if after == text => Outcome::Unchanged,
        Ok(after) => Outcome::Changed {
            before: text,
            after,
            written: false,
        },
        Err(Refusal::Syntax(diagnostics)) => Outcome::Syntax { file, diagnostics },
        Err(Refusal::ModelChanged(change)) => Outcome::ModelChanged(change),
    }
}

/// Writes a changed file atomically, through a link to the file it names
/// rather than over the link; `written` holds the files written so far.
fn write(world: &dyn World, report: &mut FileReport, written: &mut HashSet<PathBuf>) {
    let Outcome::Changed {
        after,
        written: done,
        ..
    } = &mut report.outcome
    else {
        return;
    };
    let target = world
        .canonicalize(&report.path)
        .unwrap_or_else(|_| report.path.clone());
    if !written.contains(&target) {
        if let Err(e) = world.write(&target, after.as_bytes()) {
            let why = format!("could not write `{}`: {e}", report.path.display());
            report.outcome = Outcome::NotWritten(why);
            return;
        }
        written.insert(target);
    }
    *done = true;
}

/// A unified diff from `before` to `after` of the file `name`, three lines
/// of context, as `rustfmt --check` and `ruff format --check` print. Line
/// endings are compared as LF and a byte-order mark is left out, so that
/// the diff shows what else changes; empty when nothing else does.
pub fn diff(name: &str, before: &str, after: &str) -> String {
    let before = before.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let diff = similar::TextDiff::from_lines(before.as_str(), after)
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string();
    // Printed on a terminal: control characters of the file shown escaped.
    crate::terminal::escape_string(&diff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::MemoryWorld;

    #[test]
    fn files_are_checked_or_written_through_a_world() {
        let world = MemoryWorld::new();
        let messy = "policy terms \"T\" {\r\nid=\"t\"\r\n}";
        world.insert("p/messy.policy", messy);
        world.insert("p/tidy.policy", "policy terms \"T\" {\n  id = \"t\"\n}\n");
        world.insert("p/bad.policy", "policy terms \"T\" {\n  id = \n}\n");
        let paths = [
            "p/bad.policy",
            "p/messy.policy",
            "p/tidy.policy",
            "p/gone.policy",
        ];
        let paths = paths.map(PathBuf::from);
        let kinds = |reports: &[FileReport]| -> Vec<&'static str> {
            reports
                .iter()
                .map(|r| match &r.outcome {
                    Outcome::Unchanged => "unchanged",
                    Outcome::Changed { written: true, .. } => "written",
                    Outcome::Changed { .. } => "would change",
                    Outcome::Syntax { .. } => "syntax",
                    Outcome::Unreadable(_) => "unreadable",
                    Outcome::NotWritten(_) | Outcome::ModelChanged(_) => "failed",
                })
                .collect()
        };
        let checked = format_files(&world, &paths, true);
        assert_eq!(
            kinds(&checked),
            ["syntax", "would change", "unchanged", "unreadable"]
        );
        assert_eq!(world.get("p/messy.policy").unwrap(), messy.as_bytes());
        let diff = match &checked[1].outcome {
            Outcome::Changed { before, after, .. } => diff("p/messy.policy", before, after),
            other => panic!("{other:?}"),
        };
        assert!(
            diff.starts_with("--- p/messy.policy\n+++ p/messy.policy\n@@"),
            "{diff}"
        );
        assert!(
            diff.contains("-id=\"t\"\n") && diff.contains("+  id = \"t\"\n"),
            "{diff}"
        );
        let written = format_files(&world, &paths, false);
        assert_eq!(
            kinds(&written),
            ["syntax", "written", "unchanged", "unreadable"]
        );
        assert_eq!(
            world.get("p/messy.policy").unwrap(),
            b"policy terms \"T\" {\n  id = \"t\"\n}\n"
        );
        assert_eq!(
            kinds(&format_files(&world, &paths[1..3], true)),
            ["unchanged", "unchanged"]
        );
    }
}

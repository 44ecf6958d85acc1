//! Whole builds: find and read the sources, compile them a window at a
//! time in parallel, render each valid policy into a staging folder as soon
//! as it is compiled, and only when every file is valid move the outputs
//! into place. A failed build leaves the output folder as it was.
//!
//! Every file, listing, date and write goes through a [`World`]:
//! [`FsWorld`] for the disk and the clock, [`MemoryWorld`] for builds that
//! never touch the disk.

mod compile;
mod coverage;
mod discover;
mod format;
mod gaps;
mod include;
mod memory;
mod owned;
mod render;
mod staging;
mod stream;
pub mod watch;
mod world;
mod write;

pub use compile::{compile_all, read_named, read_source, read_source_in};
pub use coverage::{
    CoverageInputs, SignOffError, SignOffs, coverage_of, load_signoffs, project_path,
    render_coverage,
};
pub use discover::{discover, discover_for, discover_with};
pub use format::Format;
pub use gaps::{add_export_gaps, export_gaps, site_gaps};
pub use include::{ClauseFiles, FIRST_CLAUSE_ID};
pub use memory::{MemoryWorld, normal};
pub use owned::{RECORD, write_build};
pub use render::{BuildOptions, Output, Renderers, listed, render_all, render_policy, render_site};
pub use staging::{Committed, STAGING, Staging};
pub use stream::{RenderWith, WINDOW, compile_windows, stage_units};
pub use world::{
    Entry, EntryKind, FsWorld, MAX_FILE_BYTES, ReadRefused, World, read_capped, read_file, today,
};
pub use write::{check_out_dir, write_outputs};

use crate::Compiled;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, SourceFile, Sources};
use std::path::PathBuf;

/// The folder searched when no files are named.
pub const DEFAULT_SOURCE_DIR: &str = "policies";
/// The folder written when no `--out` is given.
pub const DEFAULT_OUT_DIR: &str = "site";

/// One source file and what compiling it found.
pub struct Unit {
    /// The file as read (empty text when it could not be read).
    pub file: SourceFile,
    /// The compiled policy and diagnostics.
    pub compiled: Compiled,
}

impl Unit {
    /// Whether this file has errors.
    pub fn failed(&self) -> bool {
        self.compiled.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A unit's sources: the policy and the clause files it included, which its
/// diagnostics may point into.
impl Sources for Unit {
    fn file(&self, id: FileId) -> Option<&SourceFile> {
        if id == self.file.id {
            return Some(&self.file);
        }
        self.compiled.included.iter().find(|f| f.id == id)
    }
}

/// An error that is not about a policy's content: nothing to build, a
/// folder that could not be read, or an output that could not be written.
#[derive(Debug)]
pub enum BuildError {
    /// No files named and no `policies/` folder with `.policy` files, or
    /// a folder named that holds none.
    NoInputs(String),
    /// The output folder would overwrite sources.
    OutputIsSource(PathBuf),
    /// A renderer failed (a template error).
    Render(String),
    /// Reading (listing a folder during discovery) failed.
    Read(PathBuf, std::io::Error),
    /// Writing an output failed.
    Write(PathBuf, std::io::Error),
    /// Removing an output an earlier build wrote, and this one does not,
    /// failed.
    Remove(PathBuf, std::io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::NoInputs(why) => write!(f, "{why}"),
            BuildError::OutputIsSource(dir) => write!(
                f,
                "the output folder `{}` holds source files; choose another with `--out`",
                dir.display()
            ),
            BuildError::Render(why) => {
                write!(f, "template problem: {}", why.trim_start_matches("error: "))
            }
            BuildError::Read(path, e) => write!(f, "could not read `{}`: {e}", path.display()),
            BuildError::Write(path, e) => write!(f, "could not write `{}`: {e}", path.display()),
            BuildError::Remove(path, e) => write!(
                f,
                "could not remove `{}`, which an earlier build wrote and this one does not: {e}",
                path.display()
            ),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Read(_, e) | BuildError::Write(_, e) | BuildError::Remove(_, e) => Some(e),
            _ => None,
        }
    }
}

//! Reading and compiling every file of a build, one thread a core, and the
//! checks across files.

use super::Unit;
use super::include::ClauseFiles;
use super::world::{FsWorld, ReadRefused, World};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::Policy;
use crate::source::{FileId, SourceFile};
use crate::{Compiled, Options, compile_including};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Reads a source file from disk; a missing file or invalid UTF-8 is a
/// diagnostic.
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    read_source_in(&FsWorld, path)
}

/// Reads a source file from `world`; a missing file or invalid UTF-8 is a
/// diagnostic.
pub fn read_source_in(world: &dyn World, path: &Path) -> Result<SourceFile, Diagnostic> {
    read_named(world, path, path.display().to_string(), "")
}

/// Reads a text file from `world` as the source file `name`; `what` names
/// its role in messages (`"the project file "`, empty for a policy). The
/// one reader of text files, so every file's read error reads the same.
pub fn read_named(
    world: &dyn World,
    path: &Path,
    name: String,
    what: &str,
) -> Result<SourceFile, Diagnostic> {
    let bytes = world.read(path).map_err(|e| {
        let diagnostic = Diagnostic::error(
            Code::Unreadable,
            format!("cannot read {what}`{name}`: {}", io_reason(&e)),
        );
        // A refused file's reason already says what to do.
        match ReadRefused::of(&e) {
            Some(_) => diagnostic,
            None => diagnostic.help("check the path and the file's permissions"),
        }
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(Diagnostic::error(
                Code::NotUtf8,
                format!("`{name}` is not UTF-8 text: invalid byte at offset {at}"),
            )
            .help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")"))
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Reads and compiles every file, one thread a core; file `i` of `paths` is
/// `FileId(i)`. Cross-file problems (two files with the same policy id) are
/// added to the later file.
pub fn compile_all(world: &dyn World, paths: &[PathBuf], options: &Options) -> Vec<Unit> {
    let mut units = compile_files(world, paths, 0, options);
    refuse_duplicate_ids(&mut units);
    units
}

/// Reads and compiles `paths`, numbered from `first`: one thread a core,
/// or this thread alone for one file (rayon's threads cost more to start
/// than one policy takes to compile).
pub(super) fn compile_files(
    world: &dyn World,
    paths: &[PathBuf],
    first: usize,
    options: &Options,
) -> Vec<Unit> {
    let compile =
        |(i, path): (usize, &PathBuf)| match read_numbered(world, file_id(first + i), path) {
            Ok(file) => compile_read(world, file, path, options),
            Err(unreadable) => unreadable,
        };
    if paths.len() < 2 {
        return paths.iter().enumerate().map(compile).collect();
    }
    paths.par_iter().enumerate().map(compile).collect()
}

/// The id of file `i` of a build.
pub(super) fn file_id(i: usize) -> FileId {
    FileId(u32::try_from(i).unwrap_or(u32::MAX))
}

/// The source at `path`, numbered `id`; a file that cannot be read is a
/// unit holding the reason.
pub(super) fn read_numbered(
    world: &dyn World,
    id: FileId,
    path: &Path,
) -> Result<SourceFile, Unit> {
    match read_source_in(world, path) {
        Ok(mut file) => {
            file.id = id;
            Ok(file)
        }
        Err(diagnostic) => Err(Unit {
            file: SourceFile::with_id(id, path.display().to_string(), ""),
            compiled: Compiled::unreadable(diagnostic),
        }),
    }
}

/// A source read from `path`, compiled with the clause files it includes.
pub(super) fn compile_read(
    world: &dyn World,
    file: SourceFile,
    path: &Path,
    options: &Options,
) -> Unit {
    let includes = ClauseFiles::for_policy(world, path);
    let compiled = compile_including(&file, options, &includes);
    Unit { file, compiled }
}

/// Refuses a policy whose id another file already uses. Ids are compared
/// without case: `Acme/` and `acme/` are one folder on macOS and Windows,
/// and which policy's files survived there would be chance.
pub(super) fn refuse_duplicate_ids(units: &mut [Unit]) {
    IdClaims::default().refuse(units);
}

/// The policy ids of a build's files so far, for [`refuse_duplicate_ids`]
/// over files that come a window at a time.
#[derive(Default)]
pub(super) struct IdClaims {
    /// The id in lower case → the first id spelt so, and its file.
    first_of: HashMap<String, (String, String)>,
}

impl IdClaims {
    /// Refuses each of `units` (the next files in order) whose id an
    /// earlier file uses.
    pub(super) fn refuse(&mut self, units: &mut [Unit]) {
        for unit in units {
            let Some(policy) = &unit.compiled.policy else {
                continue;
            };
            let id = policy.id();
            match self.first_of.get(&id.to_ascii_lowercase()) {
                Some((first_id, first_file)) => {
                    let diagnostic = duplicate_id(policy, first_id, first_file);
                    unit.compiled.diagnostics.push(diagnostic);
                    unit.compiled.policy = None;
                }
                None => {
                    let value = (id.to_string(), unit.file.name.clone());
                    self.first_of.insert(id.to_ascii_lowercase(), value);
                }
            }
        }
    }
}

fn duplicate_id(policy: &Policy, first_id: &str, first_file: &str) -> Diagnostic {
    let id = policy.id();
    let (message, label) = if id == first_id {
        (
            format!("the policy id `{id}` is also used by `{first_file}`"),
            "the same id as another file",
        )
    } else {
        (
            format!(
                "the policy id `{id}` is also used by `{first_file}` as `{first_id}` \
                 (ids that differ only in case share a folder on some systems)"
            ),
            "the same id, but for case, as another file",
        )
    };
    let d = Diagnostic::error(Code::Duplicate, message)
        .label(label)
        .help("give each policy its own `id`: it names the policy's output folder");
    match policy.meta.id.as_ref() {
        Some(node) => d.at(node.span),
        None => d,
    }
}

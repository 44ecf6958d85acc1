//! The outputs a build owns. A build records what it wrote in the output
//! folder ([`RECORD`]); the next one into that folder removes the files
//! recorded then and not written now — a format no longer asked for, a
//! policy removed or renamed — and the folders that leaves empty, so the
//! folder (and `policyc serve`) never holds a stale page or manifest.
//!
//! Only files a build recorded are ever removed: a file of the user's in
//! the folder stays, and so does everything in a folder no build recorded
//! (an older policyc's output included). A record that cannot be read, or
//! names a path out of the folder, removes nothing.

use super::staging::Staging;
use super::world::World;
use super::{BuildError, Output};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

/// The record of a build's outputs, in the output folder.
pub const RECORD: &str = ".policyc-build.json";
/// The record's layout; a record of another version removes nothing.
const RECORD_VERSION: u32 = 1;

/// What [`RECORD`] holds.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    /// [`RECORD_VERSION`].
    version: u32,
    /// What it says, for a person who opens the file.
    about: String,
    /// The files written, relative to the output folder, `/`-separated,
    /// sorted.
    files: Vec<String>,
}

/// Writes a build's `outputs` into `out_dir` (staged, then moved into
/// place: [`Staging`]), removes what the last build into it wrote and this
/// one did not, and records what this one wrote. The files removed,
/// relative to `out_dir`, sorted.
///
/// Call only after every check passed: a build that fails writes, and so
/// removes, nothing.
pub fn write_build(
    world: &dyn World,
    out_dir: &Path,
    outputs: &[Output],
) -> Result<Vec<PathBuf>, BuildError> {
    let staging = Staging::begin(world, out_dir)?;
    let copies = outputs.iter().map(|o| Output {
        path: o.path.clone(),
        text: o.text.clone(),
    });
    staging.put(copies.collect())?;
    Ok(staging.commit()?.removed)
}

/// Once this build's `outputs` (relative to `out_dir`) are in place:
/// removes what the last build into `out_dir` recorded and this one did
/// not write, and the folders that leaves empty, then records `outputs`.
/// The files removed, sorted.
pub(super) fn settle(
    world: &dyn World,
    out_dir: &Path,
    outputs: &BTreeSet<PathBuf>,
) -> Result<Vec<PathBuf>, BuildError> {
    let before = recorded(world, out_dir);
    let mut removed = Vec::new();
    for path in before.into_iter().filter(|path| !outputs.contains(path)) {
        let target = out_dir.join(&path);
        match world.remove_file(&target) {
            Ok(()) => removed.push(path),
            // Removed by hand already.
            Err(e) if e.kind() == ErrorKind::NotFound => {}
            Err(e) => return Err(BuildError::Remove(target, e)),
        }
    }
    remove_empty_folders(world, out_dir, &removed);
    let target = out_dir.join(RECORD);
    world
        .write(&target, record_of(outputs)?.as_bytes())
        .map_err(|e| BuildError::Write(target, e))?;
    Ok(removed)
}

/// The text of the record of `outputs`.
pub(super) fn record_of(outputs: &BTreeSet<PathBuf>) -> Result<String, BuildError> {
    let record = Record {
        version: RECORD_VERSION,
        about: "the files policyc wrote here; the next build removes those it no longer writes"
            .to_string(),
        files: outputs.iter().map(|path| slashed(path)).collect(),
    };
    let text = serde_json::to_string_pretty(&record)
        .map_err(|e| BuildError::Render(format!("the build record: {e}")))?;
    Ok(format!("{text}\n"))
}

/// The files the last build recorded in `out_dir`; none when there is no
/// record, or one this build cannot read. Paths that would leave the
/// folder are dropped.
fn recorded(world: &dyn World, out_dir: &Path) -> BTreeSet<PathBuf> {
    let Ok(bytes) = world.read(&out_dir.join(RECORD)) else {
        return BTreeSet::new();
    };
    let record = match serde_json::from_slice::<Record>(&bytes) {
        Ok(record) if record.version == RECORD_VERSION => record,
        _ => return BTreeSet::new(),
    };
    record
        .files
        .iter()
        .filter_map(|file| inside(file))
        .filter(|path| path != Path::new(RECORD))
        .collect()
}

/// A recorded path as a relative path of plain names; `None` for an
/// empty one, or one with `..`, a root or a drive.
fn inside(file: &str) -> Option<PathBuf> {
    let path: PathBuf = file.split('/').collect();
    let plain = path
        .components()
        .all(|c| matches!(c, Component::Normal(name) if !name.is_empty()));
    (plain && path.components().next().is_some() && !file.contains('\\')).then_some(path)
}

/// An output's path as recorded paths are compared: `.` dropped.
pub(super) fn relative(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// A relative path with `/` between its names, on every system.
fn slashed(path: &Path) -> String {
    let names: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    names.join("/")
}

/// Removes the folders under `out_dir` that held the files `removed` and
/// hold nothing now, the deepest first (never `out_dir` itself).
fn remove_empty_folders(world: &dyn World, out_dir: &Path, removed: &[PathBuf]) {
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    for path in removed {
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|dir| !dir.as_os_str().is_empty()) {
            folders.insert(dir.to_path_buf());
            folder = dir.parent();
        }
    }
    let mut deepest_first: Vec<PathBuf> = folders.into_iter().collect();
    deepest_first.sort_by_key(|dir| std::cmp::Reverse(dir.components().count()));
    for dir in deepest_first {
        // A folder that still holds a file (of the user's, say) stays.
        let _ = world.remove_dir(&out_dir.join(dir));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::MemoryWorld;

    fn output(path: &str) -> Output {
        Output {
            path: PathBuf::from(path),
            text: path.to_string(),
        }
    }

    #[test]
    fn what_the_last_build_wrote_and_this_one_did_not_is_removed() {
        let world = MemoryWorld::new();
        let first = [output("a/index.html"), output("a/a.md"), output("b/b.md")];
        assert_eq!(
            write_build(&world, Path::new("site"), &first).unwrap(),
            [] as [PathBuf; 0]
        );
        world.insert("site/notes.txt", "mine");
        world.insert("site/b/mine.txt", "mine too");
        let removed = write_build(&world, Path::new("site"), &[output("a/index.html")]).unwrap();
        assert_eq!(removed, [PathBuf::from("a/a.md"), PathBuf::from("b/b.md")]);
        let left: Vec<PathBuf> = world.files().into_keys().collect();
        let expected = [
            "site/.policyc-build.json",
            "site/a/index.html",
            "site/b/mine.txt",
            "site/notes.txt",
        ];
        assert_eq!(left, expected.map(PathBuf::from));
    }

    #[test]
    fn a_record_naming_paths_out_of_the_folder_removes_nothing_there() {
        let world = MemoryWorld::new();
        world.insert("secret.txt", "keep");
        world.insert("site/x.md", "keep");
        let record = r#"{"version": 1, "about": "", "files": ["../secret.txt", "/secret.txt", "x.md", "a\\..\\..\\secret.txt", ".policyc-build.json"]}"#;
        world.insert("site/.policyc-build.json", record);
        write_build(&world, Path::new("site"), &[output("y.md")]).unwrap();
        assert_eq!(world.get("secret.txt").as_deref(), Some(&b"keep"[..]));
        assert_eq!(world.get("site/x.md"), None, "recorded and inside: removed");
        assert!(world.get("site/.policyc-build.json").is_some());
    }

    #[test]
    fn an_unreadable_or_other_version_record_removes_nothing() {
        for record in [
            "not json",
            r#"{"version": 2, "about": "", "files": ["x.md"]}"#,
        ] {
            let world = MemoryWorld::new();
            world.insert("site/x.md", "keep");
            world.insert("site/.policyc-build.json", record);
            write_build(&world, Path::new("site"), &[output("y.md")]).unwrap();
            assert!(world.get("site/x.md").is_some(), "{record}");
        }
    }
}

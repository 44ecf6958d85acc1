//! Which files a build reads: the ones named, every `.policy` file under
//! the folders named, or, when nothing is named, every `.policy` file under
//! the project's policies folder (`policies/`).

use super::world::{EntryKind, World};
use super::{BuildError, DEFAULT_SOURCE_DIR};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The files to build: those named, the `.policy` files under the folders
/// named, or every `.policy` file under `policies/` when nothing is named.
/// What `policyc build` finds; [`discover_for`] says which folder and
/// which command.
pub fn discover(world: &dyn World, named: &[PathBuf]) -> Result<Vec<PathBuf>, BuildError> {
    discover_for(world, named, Path::new(DEFAULT_SOURCE_DIR), "build")
}

/// The files to build: each file named as it is, in the order named; each
/// folder named replaced by the `.policy` files under it, sorted; with
/// nothing named, every `.policy` file under `default_dir`, sorted, so that
/// builds are reproducible. A file named twice is built once. `command`
/// (`build`, `check`) is named when there is nothing to do.
///
/// A named file that does not exist is kept, to be reported when read.
/// Links to folders inside a folder are not followed (as cargo and git do
/// not: a link to a parent folder would find every file again, and again);
/// links to files are read, and so is a folder named through a link. A
/// folder that cannot be listed fails the build, naming it.
pub fn discover_for(
    world: &dyn World,
    named: &[PathBuf],
    default_dir: &Path,
    command: &str,
) -> Result<Vec<PathBuf>, BuildError> {
    discover_with(world, named, default_dir, command, &["policy"])
}

/// [`discover_for`], finding in folders the files whose extension is one
/// of `extensions` (`fmt` formats clause files too).
pub fn discover_with(
    world: &dyn World,
    named: &[PathBuf],
    default_dir: &Path,
    command: &str,
    extensions: &[&str],
) -> Result<Vec<PathBuf>, BuildError> {
    if named.is_empty() {
        if !world.is_dir(default_dir) {
            return Err(BuildError::NoInputs(format!(
                "no files given and no `{}` folder here: name the .policy files to {command}",
                folder_name(default_dir)
            )));
        }
        return policies_under(world, default_dir, extensions);
    }
    let mut found: Vec<PathBuf> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    for path in named {
        let files = if world.is_dir(path) {
            policies_under(world, path, extensions)?
        } else {
            vec![path.clone()]
        };
        for file in files {
            if seen.insert(file.clone()) {
                found.push(file);
            }
        }
    }
    Ok(found)
}

/// Every file under `root` with one of `extensions`, sorted; none is an
/// error.
fn policies_under(
    world: &dyn World,
    root: &Path,
    extensions: &[&str],
) -> Result<Vec<PathBuf>, BuildError> {
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = world
            .list(&dir)
            .map_err(|e| BuildError::Read(dir.clone(), e))?;
        for entry in entries {
            match entry.kind {
                EntryKind::Folder => pending.push(entry.path),
                EntryKind::LinkedFolder => {}
                EntryKind::File => {
                    let extension = entry.path.extension().and_then(|e| e.to_str());
                    if extension.is_some_and(|e| extensions.contains(&e)) {
                        found.push(entry.path);
                    }
                }
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(BuildError::NoInputs(format!(
            "`{}` holds no .policy files",
            folder_name(root)
        )));
    }
    Ok(found)
}

/// A folder as messages name it: `corpus/`, however it was written.
fn folder_name(dir: &Path) -> String {
    let name = dir.display().to_string();
    format!("{}/", name.trim_end_matches(['/', '\\']))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::{Entry, MemoryWorld};
    use crate::model::Date;
    use std::io;

    /// A world whose `policies/locked` cannot be listed, and whose
    /// `policies/loop` links back to `policies/`.
    struct Locked(MemoryWorld);

    impl World for Locked {
        fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
            self.0.read(path)
        }
        fn list(&self, dir: &Path) -> io::Result<Vec<Entry>> {
            if dir.ends_with("locked") {
                return Err(io::Error::from(io::ErrorKind::PermissionDenied));
            }
            let mut entries = self.0.list(dir)?;
            entries.push(Entry {
                path: dir.join("loop"),
                kind: EntryKind::LinkedFolder,
            });
            Ok(entries)
        }
        fn is_dir(&self, path: &Path) -> bool {
            self.0.is_dir(path)
        }
        fn exists(&self, path: &Path) -> bool {
            self.0.exists(path)
        }
        fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
            self.0.canonicalize(path)
        }
        fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
            self.0.create_dir_all(dir)
        }
        fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            self.0.write(path, bytes)
        }
        fn today(&self) -> Option<Date> {
            self.0.today()
        }
    }

    #[test]
    fn finds_policy_files_in_nested_folders_sorted_and_skips_folder_links() {
        let world = Locked(MemoryWorld::new());
        world.0.insert("policies/b.policy", "");
        world.0.insert("policies/n/a.policy", "");
        world.0.insert("policies/n/notes.txt", "");
        let found = discover(&world, &[]).map_err(|e| e.to_string());
        let expected = ["policies/b.policy", "policies/n/a.policy"].map(PathBuf::from);
        assert_eq!(found, Ok(expected.to_vec()));
    }

    #[test]
    fn named_folders_give_their_policy_files_sorted_and_no_file_twice() {
        let world = MemoryWorld::new();
        world.insert("corpus/z.policy", "");
        world.insert("corpus/deep/a.policy", "");
        world.insert("corpus/readme.md", "");
        world.insert("one.policy", "");
        let named = ["one.policy", "corpus/", "corpus/z.policy", "gone.policy"].map(PathBuf::from);
        let found = discover_for(&world, &named, Path::new("policies"), "check");
        let expected = [
            "one.policy",
            "corpus/deep/a.policy",
            "corpus/z.policy",
            "gone.policy",
        ];
        let found = found.map_err(|e| e.to_string());
        assert_eq!(found, Ok(expected.map(PathBuf::from).to_vec()));
    }

    #[test]
    fn nothing_to_do_names_the_folder_and_the_command() {
        let world = MemoryWorld::new();
        world.insert("empty/notes.txt", "");
        let error = |named: &[PathBuf]| {
            discover_for(&world, named, Path::new("docs/policies"), "check")
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        assert_eq!(
            error(&[]),
            Err("no files given and no `docs/policies/` folder here: \
                 name the .policy files to check"
                .to_string())
        );
        assert_eq!(
            error(&[PathBuf::from("empty/")]),
            Err("`empty/` holds no .policy files".to_string())
        );
    }

    #[test]
    fn a_folder_that_cannot_be_listed_is_a_read_error() {
        let world = Locked(MemoryWorld::new());
        world.0.insert("policies/a.policy", "");
        world.0.insert("policies/locked/b.policy", "");
        let error = discover(&world, &[]).map(|_| ()).map_err(|e| e.to_string());
        assert_eq!(
            error,
            Err("could not read `policies/locked`: permission denied".to_string())
        );
    }
}

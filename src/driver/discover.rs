//! Which files a build reads: the ones named, or every `.policy` file under
//! `policies/`.

use super::world::{EntryKind, World};
use super::{BuildError, DEFAULT_SOURCE_DIR};
use std::path::{Path, PathBuf};

/// The files to build: the ones named, or every `.policy` file under
/// `policies/`, sorted so builds are reproducible.
///
/// Links to folders are not followed (as cargo and git do not: a link to a
/// parent folder would find every file again, and again); links to files
/// are read. A folder that cannot be listed fails the build, naming it.
pub fn discover(world: &dyn World, named: &[PathBuf]) -> Result<Vec<PathBuf>, BuildError> {
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let root = Path::new(DEFAULT_SOURCE_DIR);
    if !world.is_dir(root) {
        return Err(BuildError::NoInputs(format!(
            "no files given and no `{DEFAULT_SOURCE_DIR}/` folder here: name the .policy files to build"
        )));
    }
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
                    if entry.path.extension().is_some_and(|e| e == "policy") {
                        found.push(entry.path);
                    }
                }
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(BuildError::NoInputs(format!(
            "`{DEFAULT_SOURCE_DIR}/` holds no .policy files"
        )));
    }
    Ok(found)
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

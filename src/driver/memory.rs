//! A world held in memory: files in a map of paths to bytes, folders implied
//! by the paths, and a fixed date. For tests, and for `watch`, `serve` or a
//! language server, which build from editor buffers and keep the outputs.

use super::world::{Entry, EntryKind, World};
use crate::model::Date;
use std::collections::BTreeMap;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Files in memory, behind a lock so rayon's threads can read and write
/// them. Paths are compared after `.` and `..` are removed, by their
/// characters: `a/../b.policy` is `b.policy`, and nothing is on disk.
#[derive(Debug, Default)]
pub struct MemoryWorld {
    files: Mutex<BTreeMap<PathBuf, Vec<u8>>>,
    today: Option<Date>,
}

impl MemoryWorld {
    /// An empty world with no date (so no "date in the future" warnings).
    pub fn new() -> Self {
        MemoryWorld::default()
    }

    /// This world with `today` as its fixed date.
    pub fn with_today(mut self, today: Date) -> Self {
        self.today = Some(today);
        self
    }

    /// Adds or replaces a file.
    pub fn insert(&self, path: impl AsRef<Path>, bytes: impl Into<Vec<u8>>) {
        self.lock().insert(normal(path.as_ref()), bytes.into());
    }

    /// A file's bytes, if there is a file at `path`.
    pub fn get(&self, path: impl AsRef<Path>) -> Option<Vec<u8>> {
        self.lock().get(&normal(path.as_ref())).cloned()
    }

    /// Every file, by path.
    pub fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        self.lock().clone()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<PathBuf, Vec<u8>>> {
        // A thread that panicked while holding the lock left whole entries
        // behind (every change is one map operation): keep using them.
        self.files.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn is_file(&self, path: &Path) -> bool {
        self.lock().contains_key(&normal(path))
    }
}

impl World for MemoryWorld {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.get(path).ok_or_else(|| not_found(path))
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<Entry>> {
        let dir = normal(dir);
        let mut children: BTreeMap<PathBuf, EntryKind> = BTreeMap::new();
        for path in self.lock().keys() {
            let Ok(rest) = path.strip_prefix(&dir) else {
                continue;
            };
            let mut components = rest.components();
            let Some(first) = components.next() else {
                continue;
            };
            let kind = match components.next() {
                Some(_) => EntryKind::Folder,
                None => EntryKind::File,
            };
            children.insert(dir.join(first), kind);
        }
        if children.is_empty() {
            return Err(not_found(&dir));
        }
        Ok(children
            .into_iter()
            .map(|(path, kind)| Entry { path, kind })
            .collect())
    }

    fn is_dir(&self, path: &Path) -> bool {
        let dir = normal(path);
        self.lock()
            .keys()
            .any(|file| file != &dir && file.starts_with(&dir))
    }

    fn exists(&self, path: &Path) -> bool {
        self.is_file(path) || self.is_dir(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        if self.exists(path) {
            Ok(normal(path))
        } else {
            Err(not_found(path))
        }
    }

    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        // Folders exist by holding files; only a file in the way fails.
        if self.is_file(dir) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("`{}` is a file", dir.display()),
            ));
        }
        Ok(())
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        // One map operation under the lock: atomic for every reader.
        self.insert(path, bytes);
        Ok(())
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        match self.lock().remove(&normal(path)) {
            Some(_) => Ok(()),
            None => Err(not_found(path)),
        }
    }

    fn remove_dir(&self, dir: &Path) -> io::Result<()> {
        // A folder exists while it holds files, so an empty one is gone
        // already; one that holds files is not removed.
        if self.is_dir(dir) {
            return Err(io::Error::new(
                io::ErrorKind::DirectoryNotEmpty,
                format!("`{}` is not empty", dir.display()),
            ));
        }
        Ok(())
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let (from, to) = (normal(from), normal(to));
        let mut files = self.lock();
        if let Some(bytes) = files.remove(&from) {
            files.insert(to, bytes);
            return Ok(());
        }
        // A folder: every file under it, moved to where nothing is.
        let under: Vec<PathBuf> = files
            .keys()
            .filter(|path| path.starts_with(&from))
            .cloned()
            .collect();
        if under.is_empty() {
            return Err(not_found(&from));
        }
        if files.keys().any(|path| path.starts_with(&to)) {
            let why = format!("`{}` is not empty", to.display());
            return Err(io::Error::new(io::ErrorKind::DirectoryNotEmpty, why));
        }
        for path in under {
            if let (Some(bytes), Ok(rest)) = (files.remove(&path), path.strip_prefix(&from)) {
                files.insert(to.join(rest), bytes);
            }
        }
        Ok(())
    }

    fn remove_dir_all(&self, dir: &Path) -> io::Result<()> {
        let dir = normal(dir);
        self.lock().retain(|path, _| !path.starts_with(&dir));
        Ok(())
    }

    fn today(&self) -> Option<Date> {
        self.today
    }
}

/// A path with `.` dropped and `dir/..` folded, as written (no links
/// read): how paths are compared in memory and kept inside a project.
pub fn normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if matches!(out.components().next_back(), Some(Component::Normal(_))) {
                    out.pop();
                } else {
                    out.push(component);
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn not_found(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("`{}` is not in the world", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_compared_without_dots() {
        let world = MemoryWorld::new();
        world.insert("./policies/a/../b.policy", "b");
        assert_eq!(world.get("policies/b.policy"), Some(b"b".to_vec()));
        assert!(world.is_dir(Path::new("policies")));
        assert!(world.is_dir(Path::new("policies/.")));
        assert!(!world.is_dir(Path::new("policies/b.policy")));
        assert!(world.exists(Path::new("policies/b.policy")));
        assert!(world.read(Path::new("policies/c.policy")).is_err());
    }

    #[test]
    fn a_listing_names_files_and_folders_once() {
        let world = MemoryWorld::new();
        world.insert("p/a.policy", "");
        world.insert("p/n/b.policy", "");
        world.insert("p/n/c.policy", "");
        world.insert("q/d.policy", "");
        let entries = world.list(Path::new("p")).unwrap_or_default();
        let found: Vec<(PathBuf, EntryKind)> =
            entries.into_iter().map(|e| (e.path, e.kind)).collect();
        assert_eq!(
            found,
            [
                (PathBuf::from("p/a.policy"), EntryKind::File),
                (PathBuf::from("p/n"), EntryKind::Folder),
            ]
        );
        assert!(world.list(Path::new("r")).is_err());
    }
}

//! A build's outputs staged, then moved into place. Each policy's files are
//! written as soon as they are rendered — so a build holds one window of
//! policies' outputs at a time, not all of them — into a staging folder the
//! site never shows, and only once the whole build is known to be valid
//! are they moved into the output folder. A build that fails (an error in a
//! later file, a template error, a full disk) removes the staging folder
//! and leaves the output folder as it was.
//!
//! Where the output folder does not exist yet, the staging folder is made
//! beside it (`.NAME.policyc-staging`) and renamed into place whole: one
//! step. Where it exists, the staging folder is inside it
//! ([`STAGING`], on the same file system, so each move is a rename) and each
//! changed file is moved over its target: a reader sees the old file or the
//! new, never half of one. A file that already holds the bytes it would get
//! is not staged at all, so it keeps its modification time.

use super::owned::{RECORD, record_of, relative, settle};
use super::{BuildError, Output};
use crate::driver::World;
use std::collections::BTreeSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The staging folder's name inside an existing output folder. A leftover
/// one (of a build that was killed) is removed by the next build.
pub const STAGING: &str = ".policyc-staging";

/// One output handed to [`Staging::put`].
struct Put {
    /// Relative to the output folder, `.` dropped.
    path: PathBuf,
    /// Whether it was written to the staging folder (it differs from the
    /// file in place, or there is none).
    staged: bool,
}

/// What [`Staging::put`] collected, behind one lock.
#[derive(Default)]
struct Collected {
    put: Vec<Put>,
    /// The folders made under the staging folder.
    made: BTreeSet<PathBuf>,
}

/// A build's outputs on their way into the output folder: put one policy
/// at a time ([`Staging::put`], from any thread), then moved into place
/// together ([`Staging::commit`]). Dropped without a commit, it removes
/// what it staged.
pub struct Staging<'w> {
    world: &'w dyn World,
    out_dir: PathBuf,
    /// Where outputs are staged.
    dir: PathBuf,
    /// Whether the output folder did not exist when the build began: the
    /// staging folder is then beside it, and becomes it.
    fresh: bool,
    collected: Mutex<Collected>,
    /// Whether the staging folder is gone (committed or removed).
    done: bool,
}

/// What a committed build did to the output folder.
#[derive(Debug)]
pub struct Committed {
    /// Every output, relative to the output folder, sorted: written, or
    /// left alone because it already held the same bytes.
    pub outputs: Vec<PathBuf>,
    /// How many of them were written (new or different).
    pub changed: usize,
    /// What an earlier build wrote there and this one removed (see
    /// `driver::write_build`), sorted.
    pub removed: Vec<PathBuf>,
}

impl<'w> Staging<'w> {
    /// Makes the staging folder for a build into `out_dir` (removing a
    /// leftover one first). Nothing in `out_dir` changes until
    /// [`Staging::commit`].
    pub fn begin(world: &'w dyn World, out_dir: &Path) -> Result<Staging<'w>, BuildError> {
        let beside = (!world.exists(out_dir))
            .then(|| out_dir.file_name())
            .flatten()
            .map(|name| {
                let name = format!(".{}.policyc-staging", name.to_string_lossy());
                out_dir.with_file_name(name)
            });
        let fresh = beside.is_some();
        let dir = beside.unwrap_or_else(|| out_dir.join(STAGING));
        if world.exists(&dir) {
            world
                .remove_dir_all(&dir)
                .map_err(|e| BuildError::Remove(dir.clone(), e))?;
        }
        world
            .create_dir_all(&dir)
            .map_err(|e| BuildError::Write(dir.clone(), e))?;
        Ok(Staging {
            world,
            out_dir: out_dir.to_path_buf(),
            dir,
            fresh,
            collected: Mutex::default(),
            done: false,
        })
    }

    /// Stages outputs (one policy's, say): each written to the staging
    /// folder unless the file in place already holds its bytes. Safe to
    /// call from several threads; an error names the output's place in the
    /// output folder.
    pub fn put(&self, outputs: Vec<Output>) -> Result<(), BuildError> {
        for output in outputs {
            let path = relative(&output.path);
            let target = self.out_dir.join(&path);
            let unchanged = !self.fresh
                && self
                    .world
                    .read(&target)
                    .is_ok_and(|bytes| bytes == output.text.as_bytes());
            if !unchanged {
                let staged = self.dir.join(&path);
                self.make_parent(&staged, &target)?;
                self.world
                    .create_file(&staged, output.text.as_bytes())
                    .map_err(|e| BuildError::Write(target.clone(), e))?;
            }
            self.lock().put.push(Put {
                path,
                staged: !unchanged,
            });
        }
        Ok(())
    }

    /// Makes the folder `staged` goes in, once.
    fn make_parent(&self, staged: &Path, target: &Path) -> Result<(), BuildError> {
        let Some(parent) = staged.parent() else {
            return Ok(());
        };
        if self.lock().made.contains(parent) {
            return Ok(());
        }
        self.world
            .create_dir_all(parent)
            .map_err(|e| BuildError::Write(target.to_path_buf(), e))?;
        self.lock().made.insert(parent.to_path_buf());
        Ok(())
    }

    fn lock(&self) -> MutexGuard<'_, Collected> {
        self.collected
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves what was staged into the output folder, removes what the last
    /// build recorded there and this one did not write, and records what
    /// this one wrote (`driver::write_build`). Call only once the whole
    /// build is known to be valid.
    pub fn commit(mut self) -> Result<Committed, BuildError> {
        let put = std::mem::take(&mut self.lock().put);
        let changed = put.iter().filter(|p| p.staged).count();
        let outputs: BTreeSet<PathBuf> = put.iter().map(|p| p.path.clone()).collect();
        let removed = if self.fresh && self.moved_whole(&outputs)? {
            // A new folder holds no earlier build's files: nothing to remove.
            Vec::new()
        } else {
            self.move_each(&put)?;
            let removed = settle(self.world, &self.out_dir, &outputs)?;
            self.remove();
            removed
        };
        Ok(Committed {
            outputs: outputs.into_iter().collect(),
            changed,
            removed,
        })
    }

    /// For a fresh output folder: the record of `outputs` written in the
    /// staging folder (no one reads it yet), which then becomes the output
    /// folder in one rename. Whether it did; if not (something made the
    /// folder meanwhile), the staged record is taken out again and each
    /// file moved as into an existing folder.
    fn moved_whole(&mut self, outputs: &BTreeSet<PathBuf>) -> Result<bool, BuildError> {
        let record = self.dir.join(RECORD);
        self.world
            .create_file(&record, record_of(outputs)?.as_bytes())
            .map_err(|e| BuildError::Write(self.out_dir.join(RECORD), e))?;
        if self.world.rename(&self.dir, &self.out_dir).is_ok() {
            self.done = true;
            return Ok(true);
        }
        let _ = self.world.remove_file(&record);
        Ok(false)
    }

    /// Moves each staged file over its target, making folders as needed.
    fn move_each(&self, put: &[Put]) -> Result<(), BuildError> {
        let mut made: BTreeSet<PathBuf> = BTreeSet::new();
        for p in put.iter().filter(|p| p.staged) {
            let target = self.out_dir.join(&p.path);
            if let Some(parent) = target.parent().filter(|dir| !made.contains(*dir)) {
                self.world
                    .create_dir_all(parent)
                    .map_err(|e| BuildError::Write(target.clone(), e))?;
                made.insert(parent.to_path_buf());
            }
            self.world
                .rename(&self.dir.join(&p.path), &target)
                .map_err(|e| BuildError::Write(target.clone(), e))?;
        }
        Ok(())
    }

    /// Removes the staging folder and what is left in it.
    fn remove(&mut self) {
        match self.world.remove_dir_all(&self.dir) {
            Err(e) if e.kind() != ErrorKind::NotFound => {}
            _ => self.done = true,
        }
    }
}

impl Drop for Staging<'_> {
    /// A build that did not commit leaves no staging folder behind.
    fn drop(&mut self) {
        if !self.done {
            self.remove();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::MemoryWorld;

    fn output(path: &str, text: &str) -> Output {
        Output {
            path: PathBuf::from(path),
            text: text.to_string(),
        }
    }

    fn paths(world: &MemoryWorld) -> Vec<String> {
        let files = world.files().into_keys();
        files.map(|p| p.display().to_string()).collect()
    }

    #[test]
    fn a_fresh_folder_is_the_staging_folder_renamed() {
        let world = MemoryWorld::new();
        let staging = Staging::begin(&world, Path::new("out/site")).unwrap();
        staging.put(vec![output("a/index.html", "a")]).unwrap();
        assert_eq!(paths(&world), ["out/.site.policyc-staging/a/index.html"]);
        let committed = staging.commit().unwrap();
        assert_eq!(committed.changed, 1);
        assert_eq!(
            paths(&world),
            ["out/site/.policyc-build.json", "out/site/a/index.html"]
        );
    }

    #[test]
    fn into_an_existing_folder_only_changed_files_are_staged_and_moved() {
        let world = MemoryWorld::new();
        world.insert("site/a/index.html", "same");
        world.insert("site/a/a.md", "old");
        let staging = Staging::begin(&world, Path::new("site")).unwrap();
        let outputs = vec![output("a/index.html", "same"), output("a/a.md", "new")];
        staging.put(outputs).unwrap();
        assert_eq!(world.get("site/a/a.md").as_deref(), Some(&b"old"[..]));
        assert!(world.get("site/.policyc-staging/a/a.md").is_some());
        assert!(world.get("site/.policyc-staging/a/index.html").is_none());
        let committed = staging.commit().unwrap();
        assert_eq!((committed.outputs.len(), committed.changed), (2, 1));
        assert_eq!(world.get("site/a/a.md").as_deref(), Some(&b"new"[..]));
        assert!(!paths(&world).iter().any(|p| p.contains("staging")));
    }

    #[test]
    fn a_build_dropped_before_its_commit_leaves_the_folder_as_it_was() {
        let world = MemoryWorld::new();
        world.insert("site/a/index.html", "old");
        {
            let staging = Staging::begin(&world, Path::new("site")).unwrap();
            staging.put(vec![output("a/index.html", "new")]).unwrap();
        }
        assert_eq!(paths(&world), ["site/a/index.html"]);
        assert_eq!(world.get("site/a/index.html").as_deref(), Some(&b"old"[..]));
    }

    /// A memory world whose disk fills after `room` staged files.
    struct Full {
        world: MemoryWorld,
        room: std::sync::atomic::AtomicUsize,
    }

    impl World for Full {
        fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
            self.world.read(path)
        }
        fn list(&self, dir: &Path) -> std::io::Result<Vec<crate::driver::Entry>> {
            self.world.list(dir)
        }
        fn is_dir(&self, path: &Path) -> bool {
            self.world.is_dir(path)
        }
        fn exists(&self, path: &Path) -> bool {
            self.world.exists(path)
        }
        fn canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
            self.world.canonicalize(path)
        }
        fn create_dir_all(&self, dir: &Path) -> std::io::Result<()> {
            self.world.create_dir_all(dir)
        }
        fn write(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
            self.world.write(path, bytes)
        }
        fn create_file(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
            let ordering = std::sync::atomic::Ordering::SeqCst;
            match self
                .room
                .fetch_update(ordering, ordering, |n| n.checked_sub(1))
            {
                Ok(_) => self.world.create_file(path, bytes),
                Err(_) => Err(std::io::Error::new(ErrorKind::StorageFull, "no space left")),
            }
        }
        fn rename(&self, from: &Path, to: &Path) -> std::io::Result<()> {
            self.world.rename(from, to)
        }
        fn remove_dir_all(&self, dir: &Path) -> std::io::Result<()> {
            self.world.remove_dir_all(dir)
        }
        fn today(&self) -> Option<crate::model::Date> {
            None
        }
    }

    /// A disk that fills while outputs are staged: the error names the
    /// output, and once the build is dropped the folder is as it was, with
    /// no staging folder left.
    #[test]
    fn a_full_disk_while_staging_leaves_the_folder_as_it_was() {
        let world = Full {
            world: MemoryWorld::new(),
            room: 1.into(),
        };
        world.world.insert("site/a/index.html", "old a");
        world.world.insert("site/b/index.html", "old b");
        {
            let staging = Staging::begin(&world, Path::new("site")).unwrap();
            staging.put(vec![output("a/index.html", "new a")]).unwrap();
            let Err(BuildError::Write(path, _)) =
                staging.put(vec![output("b/index.html", "new b")])
            else {
                panic!("the second file fits on a full disk");
            };
            assert_eq!(path, Path::new("site/b/index.html"));
        }
        assert_eq!(
            paths(&world.world),
            ["site/a/index.html", "site/b/index.html"]
        );
        assert_eq!(
            world.world.get("site/a/index.html").as_deref(),
            Some(&b"old a"[..])
        );
    }

    #[test]
    fn a_leftover_staging_folder_is_removed() {
        let world = MemoryWorld::new();
        world.insert("site/.policyc-staging/stale/index.html", "killed");
        let staging = Staging::begin(&world, Path::new("site")).unwrap();
        staging.put(vec![output("a/index.html", "a")]).unwrap();
        staging.commit().unwrap();
        assert_eq!(
            paths(&world),
            ["site/.policyc-build.json", "site/a/index.html"]
        );
    }
}

//! Seeing that sources changed, by polling: every [`INTERVAL`] the watched
//! files and folders are listed and each file's modification time and size
//! compared with the last look. Polling needs no dependency, works the same
//! on every system and on the filesystems where change notifications are
//! unreliable or absent (network drives, Docker bind mounts, WSL's `/mnt`),
//! and sees an editor's save-by-rename like any other write; `mdbook watch`
//! polls by default for the same reasons. A look at a project's few dozen
//! files costs microseconds, and the thread sleeps in between.

use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime};

/// How often the watched paths are looked at while nothing changes.
pub const INTERVAL: Duration = Duration::from_millis(250);
/// How long the paths must stay unchanged after a change before the
/// rebuild: an editor saving several files, or a file in several writes,
/// makes one rebuild.
pub const QUIET: Duration = Duration::from_millis(150);
/// The longest a rebuild waits for the paths to settle: a file written
/// without pause does not hold rebuilds back for ever.
const SETTLE_AT_MOST: Duration = Duration::from_secs(2);
/// A file modified this recently is also compared by content: its time may
/// not have moved yet on a coarse clock ("racy" entries, as git calls them).
const RECENT: Duration = Duration::from_secs(2);

/// What to watch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Watched {
    /// Files, watched whether or not they exist (so their creation is
    /// seen): the sources named, the clause files included, the project
    /// file.
    pub files: Vec<PathBuf>,
    /// Folders whose files are watched, in nested folders too, with the
    /// extension a file must have (`Some("policy")`) or `None` for every
    /// file. Links to folders are not followed, as discovery does not.
    pub folders: Vec<(PathBuf, Option<&'static str>)>,
    /// Folders never looked into (the output folder).
    pub skip: Vec<PathBuf>,
}

impl Watched {
    /// Whether a look at this set would have seen `path`.
    fn covers(&self, path: &Path) -> bool {
        self.files.iter().any(|file| file == path)
            || self.folders.iter().any(|(dir, extension)| {
                path.starts_with(dir)
                    && extension.is_none_or(|e| path.extension().is_some_and(|x| x == e))
            })
    }
}

/// What one look found of a file; `None` in a [`Snapshot`] when it is
/// missing.
#[derive(Debug, Clone, Copy)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    /// A hash of the content, for recently modified files only.
    content: Option<u64>,
}

impl Stamp {
    fn same_as(&self, other: &Stamp) -> bool {
        let content = match (self.content, other.content) {
            (Some(a), Some(b)) => a == b,
            _ => true,
        };
        self.modified == other.modified && self.len == other.len && content
    }
}

type Snapshot = BTreeMap<PathBuf, Option<Stamp>>;

/// Watches a set of paths by polling. Blocking, on the caller's thread.
#[derive(Debug)]
pub struct Poller {
    watched: Watched,
    seen: Snapshot,
}

impl Poller {
    /// Starts watching: changes after this call are reported.
    pub fn new(watched: Watched) -> Self {
        let seen = look(&watched);
        Poller { watched, seen }
    }

    /// What is watched.
    pub fn watched(&self) -> &Watched {
        &self.watched
    }

    /// Watches `watched` from now on. Paths watched before keep their last
    /// look, and a file new in a folder watched before is left unseen, so
    /// a change made while the caller was busy is still reported.
    pub fn watch(&mut self, watched: Watched) {
        if watched == self.watched {
            return;
        }
        let mut seen = Snapshot::new();
        for (path, stamp) in look(&watched) {
            match self.seen.get(&path) {
                Some(before) => {
                    seen.insert(path, *before);
                }
                None if self.watched.covers(&path) => {}
                None => {
                    seen.insert(path, stamp);
                }
            }
        }
        self.watched = watched;
        self.seen = seen;
    }

    /// Sleeps until a watched path changes (is written, made or removed)
    /// and then stays unchanged for [`QUIET`]; the paths that changed.
    pub fn wait(&mut self) -> Vec<PathBuf> {
        loop {
            sleep(INTERVAL);
            let mut now = look(&self.watched);
            if changes(&self.seen, &now).is_empty() {
                continue;
            }
            let first = Instant::now();
            loop {
                sleep(QUIET);
                let later = look(&self.watched);
                let settled = changes(&now, &later).is_empty();
                now = later;
                if settled || first.elapsed() > SETTLE_AT_MOST {
                    break;
                }
            }
            let changed = changes(&self.seen, &now);
            self.seen = now;
            if !changed.is_empty() {
                return changed;
            }
        }
    }
}

/// The paths made, removed or changed from `before` to `after`.
fn changes(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
    let mut changed: Vec<PathBuf> = Vec::new();
    for (path, stamp) in after {
        let same = match (before.get(path), stamp) {
            (Some(Some(a)), Some(b)) => a.same_as(b),
            (Some(None), None) => true,
            _ => false,
        };
        if !same {
            changed.push(path.clone());
        }
    }
    changed.extend(
        before
            .keys()
            .filter(|path| !after.contains_key(*path))
            .cloned(),
    );
    changed.sort();
    changed
}

/// One look at everything watched.
fn look(watched: &Watched) -> Snapshot {
    let mut snapshot = Snapshot::new();
    for file in &watched.files {
        snapshot.insert(file.clone(), stamp(file));
    }
    let skip: Vec<PathBuf> = watched.skip.iter().map(|s| canonical(s)).collect();
    for (folder, extension) in &watched.folders {
        let mut pending = vec![folder.clone()];
        while let Some(dir) = pending.pop() {
            if !skip.is_empty() && skip.contains(&canonical(&dir)) {
                continue;
            }
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                // `DirEntry::file_type` does not follow links.
                match entry.file_type() {
                    Ok(kind) if kind.is_dir() => pending.push(path),
                    Ok(kind) if kind.is_symlink() && path.is_dir() => {}
                    Ok(_) if extension.is_none_or(|e| path.extension().is_some_and(|x| x == e)) => {
                        let found = stamp(&path);
                        snapshot.insert(path, found);
                    }
                    _ => {}
                }
            }
        }
    }
    snapshot
}

/// The one spelling of a folder (`site`, `./site` and a link to it are
/// one), or the path as written when it does not exist.
fn canonical(path: &Path) -> PathBuf {
    fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A file's modification time and size; its content's hash too when it
/// was modified in the last [`RECENT`]; `None` when it is missing.
fn stamp(path: &Path) -> Option<Stamp> {
    let meta = fs::metadata(path).ok()?;
    let modified = meta.modified().ok();
    let recent = modified
        .and_then(|m| SystemTime::now().duration_since(m).ok())
        .is_none_or(|age| age < RECENT);
    let content = if recent && meta.is_file() {
        fs::read(path).ok().map(|bytes| {
            let mut hasher = DefaultHasher::new();
            bytes.hash(&mut hasher);
            hasher.finish()
        })
    } else {
        None
    };
    Some(Stamp {
        modified,
        len: meta.len(),
        content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_creations_and_removals_are_changes_and_the_output_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("p/nested")).unwrap();
        fs::create_dir_all(root.join("p/site")).unwrap();
        fs::write(root.join("p/a.policy"), "a").unwrap();
        fs::write(root.join("p/notes.txt"), "n").unwrap();
        let watched = Watched {
            files: vec![root.join("policyc.yaml")],
            folders: vec![(root.join("p"), Some("policy"))],
            skip: vec![root.join("p/site")],
        };
        let before = look(&watched);
        fs::write(root.join("p/a.policy"), "b").unwrap();
        fs::write(root.join("p/nested/new.policy"), "").unwrap();
        fs::write(root.join("p/notes.txt"), "not watched").unwrap();
        fs::write(root.join("p/site/x.policy"), "skipped").unwrap();
        fs::write(root.join("policyc.yaml"), "").unwrap();
        let expected = ["p/a.policy", "p/nested/new.policy", "policyc.yaml"].map(|p| root.join(p));
        assert_eq!(changes(&before, &look(&watched)), expected);
        let before = look(&watched);
        fs::remove_file(root.join("p/a.policy")).unwrap();
        assert_eq!(changes(&before, &look(&watched)), [root.join("p/a.policy")]);
    }

    #[test]
    fn a_file_made_while_the_watched_set_changes_is_still_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("p")).unwrap();
        let watched = Watched {
            folders: vec![(root.join("p"), Some("policy"))],
            ..Watched::default()
        };
        let mut poller = Poller::new(watched.clone());
        fs::write(root.join("p/new.policy"), "").unwrap();
        fs::write(root.join("clause"), "").unwrap();
        poller.watch(Watched {
            files: vec![root.join("clause")],
            ..watched
        });
        let now = look(poller.watched());
        assert_eq!(changes(&poller.seen, &now), [root.join("p/new.policy")]);
    }

    #[test]
    fn a_stamp_without_a_hash_matches_one_with() {
        let at = Some(SystemTime::UNIX_EPOCH);
        let hashed = Stamp {
            modified: at,
            len: 1,
            content: Some(7),
        };
        let plain = Stamp {
            content: None,
            ..hashed
        };
        assert!(hashed.same_as(&plain) && plain.same_as(&hashed));
        let rewritten = Stamp {
            content: Some(8),
            ..hashed
        };
        assert!(!hashed.same_as(&rewritten));
    }
}

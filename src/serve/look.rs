//! One look at what is watched: each file's modification time and size
//! (and, when it was just modified, a hash of its content), so that two
//! looks compared say which paths were made, removed or changed. The
//! [`Watcher`](super::watch::Watcher) looks when notifications say
//! something moved, and reports only what a look shows changed: an event
//! about a file nobody reads, or one that changed nothing, rebuilds
//! nothing, and a folder renamed whole is seen file by file.

use super::watch::Watched;
use std::collections::BTreeMap;
use std::collections::hash_map::DefaultHasher;
use std::fs;
use std::hash::{Hash as _, Hasher as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A file modified this recently is also compared by content: its time may
/// not have moved yet on a coarse clock ("racy" entries, as git calls them).
const RECENT: Duration = Duration::from_secs(2);

/// What one look found of a file; `None` in a [`Snapshot`] when it is
/// missing.
#[derive(Debug, Clone, Copy)]
pub struct Stamp {
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

/// What one look found: each path watched, and its stamp (`None` when
/// missing).
pub type Snapshot = BTreeMap<PathBuf, Option<Stamp>>;

/// The paths made, removed or changed from `before` to `after`.
pub fn changes(before: &Snapshot, after: &Snapshot) -> Vec<PathBuf> {
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
pub fn look(watched: &Watched) -> Snapshot {
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
pub fn canonical(path: &Path) -> PathBuf {
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

//! Seeing that sources changed, with the `notify` crate: the operating
//! system's change notifications (inotify, FSEvents, ReadDirectoryChangesW,
//! kqueue), or `notify`'s [`PollWatcher`] where they cannot be had or
//! trusted. Notifications only say when to look: what changed is what a
//! look ([`look`]) shows, so the same paths are reported whichever way
//! the news came.
//!
//! The poll watcher is used when the system's watcher fails to start or
//! to watch a folder (out of inotify watches, say), and when asked with
//! [`Backend::Poll`] (`POLICYC_WATCH=poll`): on network drives, Docker
//! bind mounts and WSL's `/mnt`, notifications are missing or late.

use super::look::{Snapshot, canonical, changes, look};
use notify::event::{AccessKind, AccessMode};
use notify::{
    Config, Event, EventKind, NullWatcher, PollWatcher, RecommendedWatcher, RecursiveMode,
    Watcher as _,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How often the poll watcher looks, when it is the one used.
pub const INTERVAL: Duration = Duration::from_millis(250);
/// How long the paths must stay unchanged after a change before the
/// rebuild: an editor saving several files, or a file in several writes,
/// makes one rebuild.
pub const QUIET: Duration = Duration::from_millis(150);
/// The longest a rebuild waits for the paths to settle: a file written
/// without pause does not hold rebuilds back for ever.
const SETTLE_AT_MOST: Duration = Duration::from_secs(2);

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

/// How changes are seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// The system's notifications, falling back to polling when they
    /// cannot be had.
    Native,
    /// `notify`'s poll watcher, every [`INTERVAL`], whatever the system.
    Poll,
}

impl Backend {
    /// [`Backend::Poll`] when the environment variable `POLICYC_WATCH` is
    /// `poll`, else [`Backend::Native`].
    pub fn from_env() -> Backend {
        match std::env::var("POLICYC_WATCH") {
            Ok(value) if value.trim().eq_ignore_ascii_case("poll") => Backend::Poll,
            _ => Backend::Native,
        }
    }
}

type Notice = notify::Result<Event>;

/// Watches a set of paths. [`Watcher::wait`] blocks the caller's thread.
pub struct Watcher {
    watched: Watched,
    seen: Snapshot,
    /// The folders given to `notify`, each recursively or not.
    roots: BTreeMap<PathBuf, RecursiveMode>,
    /// The output folders, their one spelling: what happens there is not
    /// news.
    skip: Vec<PathBuf>,
    notices: Receiver<Notice>,
    sender: Sender<Notice>,
    backend: Box<dyn notify::Watcher + Send>,
    /// Why polling is used, when it is.
    polling: Option<String>,
    /// How long to wait for news before looking anyway: only when no
    /// watcher could be made at all.
    pace: Option<Duration>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("watched", &self.watched)
            .field("roots", &self.roots)
            .field("polling", &self.polling)
            .finish_non_exhaustive()
    }
}

impl Watcher {
    /// Starts watching: changes after this call are reported.
    pub fn new(watched: Watched, backend: Backend) -> Self {
        let (sender, notices) = mpsc::channel();
        let native = match backend {
            Backend::Poll => Err("POLICYC_WATCH=poll".to_string()),
            Backend::Native => RecommendedWatcher::new(sender.clone(), Config::default())
                .map_err(|e| format!("no change notifications: {e}")),
        };
        let (backend, polling, pace): (Box<dyn notify::Watcher + Send>, _, _) = match native {
            Ok(native) => (Box::new(native), None, None),
            Err(why) => match poller(&sender) {
                Some(poller) => (poller, Some(why), None),
                None => (null(), Some(why), Some(INTERVAL)),
            },
        };
        let seen = look(&watched);
        let mut watcher = Watcher {
            skip: watched.skip.iter().map(|s| canonical(s)).collect(),
            watched,
            seen,
            roots: BTreeMap::new(),
            notices,
            sender,
            backend,
            polling,
            pace,
        };
        watcher.follow();
        watcher
    }

    /// What is watched.
    pub fn watched(&self) -> &Watched {
        &self.watched
    }

    /// Why changes are polled for rather than notified, when they are.
    pub fn polling(&self) -> Option<&str> {
        self.polling.as_deref()
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
        self.skip = watched.skip.iter().map(|s| canonical(s)).collect();
        self.watched = watched;
        self.seen = seen;
        self.follow();
    }

    /// Blocks until a watched path changes (is written, made or removed)
    /// and then nothing watched changes for [`QUIET`]; the paths that
    /// changed.
    pub fn wait(&mut self) -> Vec<PathBuf> {
        loop {
            // Without a watcher (`pace`), look every so often anyway.
            self.next_notice(self.pace);
            let first = Instant::now();
            while first.elapsed() < SETTLE_AT_MOST && self.next_notice(Some(QUIET)) {}
            let now = look(&self.watched);
            // A folder made since may now be watched in full.
            self.follow();
            let changed = changes(&self.seen, &now);
            self.seen = now;
            if !changed.is_empty() {
                return changed;
            }
        }
    }

    /// Waits, at most `timeout` when given, for a notice about something
    /// that may be watched; whether one came. Notices about the output
    /// folder are dropped; an error (events lost, say) counts as news.
    fn next_notice(&self, timeout: Option<Duration>) -> bool {
        loop {
            let notice = match timeout {
                Some(timeout) => match self.notices.recv_timeout(timeout) {
                    Ok(notice) => notice,
                    Err(RecvTimeoutError::Timeout) => return false,
                    Err(RecvTimeoutError::Disconnected) => return disconnected(),
                },
                None => match self.notices.recv() {
                    Ok(notice) => notice,
                    Err(_) => return disconnected(),
                },
            };
            let news = match notice {
                Ok(event) if only_read(&event) => false,
                Ok(event) => {
                    event.need_rescan() || event.paths.iter().any(|path| !self.skipped(path))
                }
                Err(_) => true,
            };
            if news {
                return true;
            }
        }
    }

    /// Whether `path` is in an output folder.
    fn skipped(&self, path: &Path) -> bool {
        self.skip.iter().any(|skip| path.starts_with(skip))
    }

    /// Gives `notify` the folders to watch now: each watched folder
    /// recursively, the folder of each watched file on its own; for one
    /// not made yet, the nearest folder above it that exists, on its own,
    /// to see it made. When the system's watcher refuses one, changes are
    /// polled for from then on.
    fn follow(&mut self) {
        let wanted = roots(&self.watched);
        if wanted == self.roots {
            return;
        }
        for root in self.roots.keys() {
            if !wanted.contains_key(root) {
                let _ = self.backend.unwatch(root);
            }
        }
        let mut refused = None;
        for (root, mode) in &wanted {
            if self.roots.get(root) == Some(mode) {
                continue;
            }
            let _ = self.backend.unwatch(root);
            match self.backend.watch(root, *mode) {
                // Removed since it was found: the folder above is watched
                // for it, and it is followed again once made.
                Err(e) if gone(&e) => {}
                Err(e) => {
                    refused.get_or_insert(format!("cannot watch `{}`: {e}", root.display()));
                }
                Ok(()) => {}
            }
        }
        self.roots = wanted;
        if let (Some(why), None) = (refused, &self.polling) {
            self.backend = match poller(&self.sender) {
                Some(poller) => poller,
                None => {
                    self.pace = Some(INTERVAL);
                    null()
                }
            };
            self.polling = Some(why);
            for (root, mode) in &self.roots {
                let _ = self.backend.watch(root, *mode);
            }
        }
    }
}

/// `notify`'s poll watcher, every [`INTERVAL`], comparing content too (a
/// coarse clock may not move between two writes); `None` in the unlikely
/// case that it cannot be made (it starts a thread, no more).
fn poller(sender: &Sender<Notice>) -> Option<Box<dyn notify::Watcher + Send>> {
    let config = Config::default()
        .with_poll_interval(INTERVAL)
        .with_compare_contents(true);
    let poller = PollWatcher::new(sender.clone(), config).ok()?;
    Some(Box::new(poller))
}

/// The watcher to use when even a poll watcher cannot be made: one that
/// sends nothing, with [`Watcher::wait`] looking every [`INTERVAL`].
fn null() -> Box<dyn notify::Watcher + Send> {
    Box::new(NullWatcher)
}

/// Whether an event says only that a file was opened or read (inotify
/// reports opens): a build reading the sources, or a look reading a file
/// just written, is no news, else every look would call for the next.
fn only_read(event: &Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
        EventKind::Access(_) => true,
        _ => false,
    }
}

/// Whether `notify` refused a path because it is no longer there (not
/// because notifications fail).
fn gone(error: &notify::Error) -> bool {
    match &error.kind {
        notify::ErrorKind::PathNotFound => true,
        notify::ErrorKind::Io(io) => io.kind() == std::io::ErrorKind::NotFound,
        _ => false,
    }
}

/// With no watcher sending (it stopped), look every [`INTERVAL`].
fn disconnected() -> bool {
    std::thread::sleep(INTERVAL);
    true
}

/// The folders to give `notify` for `watched`, in their one spelling.
fn roots(watched: &Watched) -> BTreeMap<PathBuf, RecursiveMode> {
    let mut roots = BTreeMap::new();
    let mut add = |path: &Path, mode: RecursiveMode| {
        let (existing, mode) = match nearest_existing(path) {
            Some(found) if found.as_path() == path => (found, mode),
            Some(above) => (above, RecursiveMode::NonRecursive),
            None => return,
        };
        let root = canonical(&existing);
        let entry = roots.entry(root).or_insert(mode);
        if mode == RecursiveMode::Recursive {
            *entry = mode;
        }
    };
    for (folder, _) in &watched.folders {
        add(folder, RecursiveMode::Recursive);
    }
    for file in &watched.files {
        let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
        add(
            parent.unwrap_or(Path::new(".")),
            RecursiveMode::NonRecursive,
        );
    }
    roots
}

/// `path` when it is a folder, else the nearest folder above it that is
/// (`.` for a relative path with none).
fn nearest_existing(path: &Path) -> Option<PathBuf> {
    let mut at = Some(path);
    while let Some(dir) = at {
        if dir.as_os_str().is_empty() {
            return Some(PathBuf::from("."));
        }
        if dir.is_dir() {
            return Some(dir.to_path_buf());
        }
        at = dir.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn a_file_made_while_the_watched_set_changes_is_still_a_change() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("p")).unwrap();
        let watched = Watched {
            folders: vec![(root.join("p"), Some("policy"))],
            ..Watched::default()
        };
        let mut watcher = Watcher::new(watched.clone(), Backend::Native);
        fs::write(root.join("p/new.policy"), "").unwrap();
        fs::write(root.join("clause"), "").unwrap();
        watcher.watch(Watched {
            files: vec![root.join("clause")],
            ..watched
        });
        let now = look(watcher.watched());
        assert_eq!(changes(&watcher.seen, &now), [root.join("p/new.policy")]);
    }

    #[test]
    fn folders_are_watched_whole_and_files_by_their_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        fs::create_dir_all(root.join("p")).unwrap();
        let watched = Watched {
            files: vec![root.join("policyc.yaml"), root.join("later/x.clause")],
            folders: vec![(root.join("p"), Some("policy"))],
            skip: vec![],
        };
        let expected = BTreeMap::from([
            (root.clone(), RecursiveMode::NonRecursive),
            (root.join("p"), RecursiveMode::Recursive),
        ]);
        assert_eq!(roots(&watched), expected);
    }

    /// Both backends report an edit, once the files are quiet, and not
    /// a write in the output folder; bounded: the watcher waits on a
    /// thread of its own, and the test gives up after 20 s.
    #[test]
    fn an_edit_is_reported_by_either_backend() {
        for backend in [Backend::Native, Backend::Poll] {
            let dir = tempfile::tempdir().unwrap();
            let root = dir.path().to_path_buf();
            fs::create_dir_all(root.join("p/site")).unwrap();
            fs::write(root.join("p/a.policy"), "a").unwrap();
            let watched = Watched {
                files: vec![],
                folders: vec![(root.join("p"), Some("policy"))],
                skip: vec![root.join("p/site")],
            };
            let mut watcher = Watcher::new(watched, backend);
            assert_eq!(watcher.polling().is_some(), backend == Backend::Poll);
            let (report, reported) = mpsc::channel();
            std::thread::spawn(move || report.send(watcher.wait()));
            let start = Instant::now();
            let mut text = String::new();
            let changed = loop {
                // Written until seen: a write before the poll watcher's
                // first scan is no news to it.
                text.push('b');
                fs::write(root.join("p/site/x.policy"), &text).unwrap();
                fs::write(root.join("p/a.policy"), &text).unwrap();
                if let Ok(changed) = reported.recv_timeout(Duration::from_millis(400)) {
                    break changed;
                }
                let waited = start.elapsed();
                assert!(
                    waited < Duration::from_secs(20),
                    "{backend:?}: nothing seen"
                );
            };
            assert_eq!(changed, [root.join("p/a.policy")], "{backend:?}");
        }
    }

    /// A file whose folder is made after watching began is seen: the
    /// folder above is watched until then, and the new folder after.
    #[test]
    fn a_file_in_a_folder_made_later_is_seen() {
        let dir = tempfile::tempdir().unwrap();
        let root = fs::canonicalize(dir.path()).unwrap();
        let clause = root.join("later/x.clause");
        let watched = Watched {
            files: vec![clause.clone()],
            ..Watched::default()
        };
        let mut watcher = Watcher::new(watched, Backend::Native);
        let (report, reported) = mpsc::channel();
        std::thread::spawn(move || while report.send(watcher.wait()).is_ok() {});
        fs::create_dir(root.join("later")).unwrap();
        fs::write(&clause, "a").unwrap();
        let first = reported.recv_timeout(Duration::from_secs(20)).unwrap();
        assert_eq!(first, std::slice::from_ref(&clause));
        // Then an edit in the new folder, written until seen.
        let start = Instant::now();
        let mut text = String::from("a");
        let second = loop {
            text.push('b');
            fs::write(&clause, &text).unwrap();
            if let Ok(changed) = reported.recv_timeout(Duration::from_millis(400)) {
                break changed;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the edit not seen"
            );
        };
        assert_eq!(second, [clause]);
    }

    /// The defect: inotify reports opens, so the build reading the
    /// sources, and each look reading a file just written, woke the
    /// watcher for another look, again and again for two seconds after
    /// every edit. Reading a watched file is no news.
    #[test]
    fn reading_a_watched_file_is_no_news() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("p")).unwrap();
        fs::write(root.join("p/a.policy"), "a").unwrap();
        let watched = Watched {
            folders: vec![(root.join("p"), Some("policy"))],
            ..Watched::default()
        };
        let watcher = Watcher::new(watched, Backend::Native);
        for _ in 0..3 {
            fs::read(root.join("p/a.policy")).unwrap();
        }
        assert!(!watcher.next_notice(Some(Duration::from_millis(300))));
        fs::write(root.join("p/a.policy"), "b").unwrap();
        assert!(watcher.next_notice(Some(Duration::from_secs(10))));
    }
}

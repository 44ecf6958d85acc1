//! The open documents, kept as the editor has them (full text on open,
//! incremental edits after), and the world a build sees through them:
//! an open buffer wins over the file on disk, so diagnostics follow
//! unsaved edits, and every other file is read from the disk.

use super::position::{LineIndex, Utf16Position};
use crate::driver::{Entry, FsWorld, World, normal};
use crate::model::Date;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// One open document.
#[derive(Debug, Clone)]
pub struct Document {
    /// The version the editor gave with its last change.
    pub version: i32,
    /// The text as the editor has it.
    pub text: String,
}

/// An edit as the protocol sends it: a range (absent for the whole text)
/// and what replaces it.
#[derive(Debug, Clone)]
pub struct Change {
    /// The range replaced, in UTF-16 positions; `None` replaces everything.
    pub range: Option<(Utf16Position, Utf16Position)>,
    /// The new text.
    pub text: String,
}

/// The open documents by path, over the disk: a [`World`] whose reads
/// see the editor's buffers.
#[derive(Debug, Default)]
pub struct Overlay {
    open: Mutex<BTreeMap<PathBuf, Document>>,
    disk: FsWorld,
}

impl Overlay {
    /// An overlay with no open documents.
    pub fn new() -> Self {
        Overlay::default()
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<PathBuf, Document>> {
        // Every change is one map operation: a panicked holder left whole
        // entries behind.
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Opens (or reopens) a document with its full text.
    pub fn open(&self, path: &Path, version: i32, text: String) {
        self.lock().insert(normal(path), Document { version, text });
    }

    /// Applies the editor's edits, in order, to an open document; an edit
    /// to a document that is not open is ignored (the editor will open it).
    pub fn change(&self, path: &Path, version: i32, changes: Vec<Change>) {
        let mut open = self.lock();
        let Some(document) = open.get_mut(&normal(path)) else {
            return;
        };
        for change in changes {
            apply(&mut document.text, change);
        }
        document.version = version;
    }

    /// Closes a document: the disk is read again.
    pub fn close(&self, path: &Path) {
        self.lock().remove(&normal(path));
    }

    /// An open document.
    pub fn get(&self, path: &Path) -> Option<Document> {
        self.lock().get(&normal(path)).cloned()
    }

    /// The paths of every open document.
    pub fn paths(&self) -> Vec<PathBuf> {
        self.lock().keys().cloned().collect()
    }

    /// The text of a file: the open buffer, else the disk.
    pub fn text(&self, path: &Path) -> Option<String> {
        match self.get(path) {
            Some(document) => Some(document.text),
            None => String::from_utf8(self.disk.read(path).ok()?).ok(),
        }
    }
}

/// One edit applied to a text; a range is clamped to the text.
fn apply(text: &mut String, change: Change) {
    let Some((from, to)) = change.range else {
        *text = change.text;
        return;
    };
    let index = LineIndex::new(text);
    let start = index.offset(text, from);
    let end = index.offset(text, to).max(start);
    // Offsets from `LineIndex::offset` fall on character boundaries.
    if text.is_char_boundary(start) && text.is_char_boundary(end) {
        text.replace_range(start..end, &change.text);
    }
}

impl World for Overlay {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.get(path) {
            Some(document) => Ok(document.text.into_bytes()),
            None => self.disk.read(path),
        }
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<Entry>> {
        self.disk.list(dir)
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.disk.is_dir(path)
    }

    fn exists(&self, path: &Path) -> bool {
        self.get(path).is_some() || self.disk.exists(path)
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        match self.disk.canonicalize(path) {
            Ok(found) => Ok(found),
            Err(_) if self.get(path).is_some() => Ok(normal(path)),
            Err(e) => Err(e),
        }
    }

    fn create_dir_all(&self, _: &Path) -> io::Result<()> {
        Err(read_only())
    }

    fn write(&self, _: &Path, _: &[u8]) -> io::Result<()> {
        Err(read_only())
    }

    fn today(&self) -> Option<Date> {
        self.disk.today()
    }
}

/// The language server writes nothing: edits go back to the editor.
fn read_only() -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        "the language server writes no files",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, character: u32) -> Utf16Position {
        Utf16Position { line, character }
    }

    #[test]
    fn incremental_edits_apply_in_order_in_utf16() {
        let overlay = Overlay::new();
        let path = Path::new("/nowhere/a.policy");
        overlay.open(path, 1, "“x” colect {}\n".to_string());
        // `colect` starts at UTF-16 column 4 (the quotes are one unit each).
        let edits = vec![
            Change {
                range: Some((at(0, 6), at(0, 6))),
                text: "l".to_string(),
            },
            Change {
                range: Some((at(0, 0), at(0, 3))),
                text: "y".to_string(),
            },
        ];
        overlay.change(path, 2, edits);
        let document = overlay.get(path);
        assert_eq!(
            document.map(|d| (d.version, d.text)),
            Some((2, "y collect {}\n".to_string()))
        );
        assert_eq!(
            overlay.read(path).ok(),
            Some(b"y collect {}\n".to_vec()),
            "the buffer, not the disk"
        );
    }

    #[test]
    fn a_whole_text_change_replaces_it() {
        let overlay = Overlay::new();
        let path = Path::new("/nowhere/b.policy");
        overlay.open(path, 1, "old".to_string());
        let change = Change {
            range: None,
            text: "new".to_string(),
        };
        overlay.change(path, 2, vec![change]);
        assert_eq!(overlay.text(path), Some("new".to_string()));
        overlay.close(path);
        assert_eq!(overlay.text(path), None);
    }
}

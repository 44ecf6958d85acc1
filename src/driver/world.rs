//! The world a build runs in: its files, its clock and its output, behind
//! one interface (as in typst), so the same driver builds from disk for the
//! command line and from memory for tests, `watch`, `serve` or a language
//! server.

use crate::model::Date;
use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The largest file policyc reads: 16 MiB. The longest real policies are
/// under 200 KB and the largest page `import` is likely to meet a few MB, so
/// the cap is two orders of magnitude above any honest input while keeping
/// what one mistaken path (a log, a disk image) can cost in memory and time
/// small. Applies to sources, clause files, `policyc.yaml`, templates read
/// through the world, and `import` (a file or standard input).
pub const MAX_FILE_BYTES: u64 = 16 << 20;

/// Why a file was refused before its bytes were read: the typed reason
/// behind an [`io::Error`] of [`FsWorld::read`] (find it with
/// [`ReadRefused::of`]), so every reader reports it in the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadRefused {
    /// Not a regular file (a folder, FIFO, device or socket): reading one
    /// could block forever or never end.
    NotAFile(&'static str),
    /// Longer than [`MAX_FILE_BYTES`] (at least this many bytes).
    TooLarge(u64),
}

impl std::fmt::Display for ReadRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadRefused::NotAFile(kind) => {
                write!(f, "it is {kind}, not a regular file; name a file instead")
            }
            ReadRefused::TooLarge(bytes) => write!(
                f,
                "it is {} bytes, over the cap of {MAX_FILE_BYTES} bytes (16 MiB) on one file; split it, or check that this is the file you meant",
                bytes
            ),
        }
    }
}

impl std::error::Error for ReadRefused {}

impl ReadRefused {
    /// The refusal inside an I/O error, when it is one.
    pub fn of(error: &io::Error) -> Option<ReadRefused> {
        error.get_ref()?.downcast_ref::<ReadRefused>().copied()
    }

    fn into_io(self) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidInput, self)
    }
}

/// Reads at most [`MAX_FILE_BYTES`] from `reader`; more is an error.
pub fn read_capped(reader: impl io::Read) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    if len > MAX_FILE_BYTES {
        return Err(ReadRefused::TooLarge(len).into_io());
    }
    Ok(bytes)
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`]. It is opened without
/// blocking (a FIFO with no writer would otherwise hang `open`), then the
/// *opened handle's* metadata decides, so the file checked is the file
/// read, whatever is renamed over the path meanwhile.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    let file = open_nonblocking(path)?;
    let metadata = file.metadata()?;
    let kind = metadata.file_type();
    if !kind.is_file() {
        return Err(ReadRefused::NotAFile(describe(kind)).into_io());
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ReadRefused::TooLarge(metadata.len()).into_io());
    }
    // Capped again while read: the file may grow after the look.
    read_capped(file)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<fs::File> {
    fs::File::open(path)
}

/// What a file that is not a regular one is, in words.
fn describe(kind: fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// What discovery sees of one folder entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    /// Anything that is not a folder, including a link to a file (read
    /// through the link) and a broken link (reported when read).
    File,
    /// A folder.
    Folder,
    /// A symbolic link (or junction) to a folder: never followed, as cargo
    /// and git do not, since a link to a parent folder would loop.
    LinkedFolder,
}

/// One entry of a folder listing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Entry {
    /// The folder's path joined with the entry's name.
    pub path: PathBuf,
    /// What it is.
    pub kind: EntryKind,
}

/// Everything a build reads from or writes to outside itself: source files,
/// folder listings (for discovery), today's date, and the output folder.
///
/// Shared by rayon's threads, so implementations are `Sync` and take
/// `&self` even to write.
pub trait World: Send + Sync {
    /// The bytes of a file: on disk a regular file of at most
    /// [`MAX_FILE_BYTES`], anything else refused at once ([`ReadRefused`]).
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The entries of a folder, in no particular order.
    fn list(&self, dir: &Path) -> io::Result<Vec<Entry>>;
    /// Whether `path` is a folder (following links).
    fn is_dir(&self, path: &Path) -> bool;
    /// Whether anything exists at `path`.
    fn exists(&self, path: &Path) -> bool;
    /// The one spelling of an existing path, for comparing paths (on disk:
    /// absolute, links resolved); an error when nothing is there.
    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf>;
    /// Creates a folder and its parents.
    fn create_dir_all(&self, dir: &Path) -> io::Result<()>;
    /// Replaces a file's content atomically: a reader sees the old bytes or
    /// the new, never half of them. A file that already holds these bytes
    /// is left alone.
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Writes a file no one reads yet — one in a build's staging folder
    /// (see `driver::Staging`) — as plainly as it can: no temporary file,
    /// no comparison with what is there. This default writes as
    /// [`World::write`] does.
    fn create_file(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.write(path, bytes)
    }
    /// Moves a file (or a folder, to where nothing is) in one step, so a
    /// reader of `to` sees the old file or the new, never half of one: a
    /// staged output moved into place. A file replaced keeps its
    /// permissions. A world that moves nothing keeps this default, which
    /// refuses.
    fn rename(&self, from: &Path, _to: &Path) -> io::Result<()> {
        Err(cannot_remove(from))
    }
    /// Removes a folder and everything in it: a build's own staging
    /// folder, never one of the user's. A world that removes nothing
    /// keeps this default, which refuses.
    fn remove_dir_all(&self, dir: &Path) -> io::Result<()> {
        Err(cannot_remove(dir))
    }
    /// Removes a file: an output the build wrote before and no longer
    /// writes (see `driver::write_build`). A world that removes nothing
    /// (read-only, say) keeps this default, which refuses.
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        Err(cannot_remove(path))
    }
    /// Removes a folder only when it is empty (an error otherwise): the
    /// folder of a policy the build no longer writes.
    fn remove_dir(&self, dir: &Path) -> io::Result<()> {
        Err(cannot_remove(dir))
    }
    /// Today's date, for the "date in the future" warning; `None` when
    /// unknown.
    fn today(&self) -> Option<Date>;
}

/// The refusal of a world that removes (or moves) nothing.
fn cannot_remove(path: &Path) -> io::Error {
    let why = format!("this world removes nothing (`{}`)", path.display());
    io::Error::new(io::ErrorKind::Unsupported, why)
}

/// The real filesystem and clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsWorld;

impl World for FsWorld {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        read_file(path)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<Entry>> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            // `DirEntry::file_type` does not follow links; `is_dir` does.
            let file_type = entry.file_type()?;
            let kind = if file_type.is_dir() {
                EntryKind::Folder
            } else if file_type.is_symlink() && path.is_dir() {
                EntryKind::LinkedFolder
            } else {
                EntryKind::File
            };
            entries.push(Entry { path, kind });
        }
        Ok(entries)
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn exists(&self, path: &Path) -> bool {
        path.exists()
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        fs::canonicalize(path)
    }

    fn create_dir_all(&self, dir: &Path) -> io::Result<()> {
        fs::create_dir_all(dir)
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        write_atomically(path, bytes)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        fs::remove_file(path)
    }

    fn remove_dir(&self, dir: &Path) -> io::Result<()> {
        fs::remove_dir(dir)
    }

    fn create_file(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        fs::write(path, bytes)
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        // A file replaced keeps its permissions (an executable script stays
        // executable, a private file private); a new one gets the defaults.
        if let Ok(metadata) = fs::metadata(to) {
            if metadata.is_file() {
                fs::set_permissions(from, metadata.permissions())?;
            }
        }
        fs::rename(from, to)
    }

    fn remove_dir_all(&self, dir: &Path) -> io::Result<()> {
        fs::remove_dir_all(dir)
    }

    fn today(&self) -> Option<Date> {
        today()
    }
}

/// Writes to a temporary file beside the target, then renames it over the
/// target, so a reader never sees half a file.
fn write_atomically(target: &Path, bytes: &[u8]) -> io::Result<()> {
    // A file that already holds this text is left alone: rebuilds then cost
    // a read, not a create and a rename, and unchanged files keep their
    // modification time for tools that watch them.
    // Read as sources are (a FIFO at the target must not block the build).
    if read_file(target).is_ok_and(|existing| existing == bytes) {
        return Ok(());
    }
    // A file replaced keeps its permissions (an executable script stays
    // executable, a private file private); a new one gets the defaults.
    let permissions = fs::metadata(target).ok().map(|m| m.permissions());
    let dir = target.parent().unwrap_or(Path::new("."));
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let write = || -> io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        if let Some(permissions) = &permissions {
            file.set_permissions(permissions.clone())?;
        }
        drop(file);
        fs::rename(&temp, target)
    };
    write().inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// Today's date: from `SOURCE_DATE_EPOCH` when set (reproducible builds),
/// otherwise from the system clock, in UTC.
pub fn today() -> Option<Date> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value.trim().parse::<i64>().ok()?,
        Err(_) => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?;
            i64::try_from(now.as_secs()).ok()?
        }
    };
    Date::from_days_since_epoch(seconds.div_euclid(86_400))
}

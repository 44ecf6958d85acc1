//! A file at a git revision, for `policyc diff REV [REV] -- FILE`: the
//! repository it is in, its text at a revision (`git show REV:path`), and
//! the revision as a read-only `World`, so that its clause files are found
//! by the driver's own resolver (`ClauseFiles`) with the build's
//! confinement to the project — not by a second resolver with rules of
//! its own.

use policyc::driver::{ClauseFiles, World, normal};
use policyc::source::SourceFile;
use policyc::{IncludeError, Includes};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// A file in a git repository.
pub(super) struct Repo {
    /// The folder it is in, where git runs.
    dir: PathBuf,
    /// The repository's root on disk, links resolved.
    top: PathBuf,
    /// The file's path from the repository's root, `/`-separated.
    pub(super) path: String,
}

impl Repo {
    /// The repository `file` is in, and its path there.
    pub(super) fn of(file: &Path) -> Result<Repo, String> {
        let name = file
            .file_name()
            .ok_or_else(|| format!("`{}` does not name a file", file.display()))?;
        let dir = match file.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(format!("there is no folder `{}`", dir.display()));
        }
        let out = git(&dir, &["rev-parse", "--show-prefix", "--show-toplevel"])?;
        if !out.status.success() {
            return Err(format!(
                "`{}` is not in a git repository ({})",
                dir.display(),
                first_line(&out.stderr)
            ));
        }
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let mut lines = stdout.lines();
        let top = lines.next().unwrap_or("").trim().to_string();
        let prefix = lines.next().unwrap_or("").trim().to_string();
        // `--show-toplevel` comes first whatever the order asked.
        let (top, prefix) = if Path::new(&top).is_absolute() {
            (top, prefix)
        } else {
            (prefix, top)
        };
        let top = std::fs::canonicalize(&top)
            .map_err(|e| format!("cannot read the repository's folder `{top}`: {e}"))?;
        Ok(Repo {
            dir,
            top,
            path: format!("{prefix}{}", name.to_string_lossy()),
        })
    }

    /// Whether `revision` names a commit of this repository.
    pub(super) fn has_revision(&self, revision: &str) -> bool {
        if revision.starts_with('-') {
            return false;
        }
        let commit = format!("{revision}^{{commit}}");
        git(&self.dir, &["rev-parse", "--verify", "--quiet", &commit])
            .is_ok_and(|out| out.status.success())
    }

    /// The text of `path` at `revision`: `git show REV:path`.
    pub(super) fn show(&self, revision: &str, path: &str) -> Result<String, String> {
        if !self.has_revision(revision) {
            return Err(format!("unknown revision `{revision}`"));
        }
        let spec = format!("{revision}:{path}");
        match self.kind(revision, path)?.as_str() {
            "blob" => {}
            "" => return Err(format!("`{path}` does not exist at `{revision}`")),
            _ => return Err(format!("`{path}` is not a file at `{revision}`")),
        }
        let shown = git(&self.dir, &["show", &spec])?;
        if !shown.status.success() {
            return Err(format!(
                "git could not show `{spec}`: {}",
                first_line(&shown.stderr)
            ));
        }
        String::from_utf8(shown.stdout).map_err(|_| format!("`{spec}` is not UTF-8 text"))
    }

    /// What `path` is at `revision` (`blob`, `tree`), empty when nothing.
    fn kind(&self, revision: &str, path: &str) -> Result<String, String> {
        if path.is_empty() {
            return Ok("tree".to_string());
        }
        let spec = format!("{revision}:{path}");
        let kind = git(&self.dir, &["cat-file", "-t", &spec])?;
        Ok(String::from_utf8_lossy(&kind.stdout).trim().to_string())
    }

    /// The file at `revision` and its clause files, read by the driver's
    /// resolver over the revision: what `include` reads there.
    pub(super) fn includes<'a>(&'a self, world: &'a AtRevision<'a>) -> RevisionIncludes<'a> {
        RevisionIncludes {
            clauses: ClauseFiles::for_policy(world, &self.top.join(&self.path)),
            world,
        }
    }
}

/// One revision of a repository as a read-only world: paths are absolute
/// paths under the repository's root, read with `git`.
pub(super) struct AtRevision<'a> {
    pub(super) repo: &'a Repo,
    pub(super) revision: &'a str,
}

impl AtRevision<'_> {
    /// A path's place in the repository, `/`-separated; `None` outside it.
    fn in_repo(&self, path: &Path) -> Option<String> {
        let rest = normal(path)
            .strip_prefix(&self.repo.top)
            .ok()?
            .to_path_buf();
        let mut parts = Vec::new();
        for component in rest.components() {
            match component {
                Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
                _ => return None,
            }
        }
        Some(parts.join("/"))
    }

    fn kind(&self, path: &Path) -> String {
        self.in_repo(path)
            .and_then(|p| self.repo.kind(self.revision, &p).ok())
            .unwrap_or_default()
    }

    /// A path of this world as people see it: `REV:path/in/repo`.
    pub(super) fn shown(&self, text: &str) -> String {
        let top = self.repo.top.display().to_string();
        text.replace(&format!("{top}/"), &format!("{}:", self.revision))
            .replace(&top, &format!("{}:", self.revision))
    }
}

fn absent(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("`{}` is not in this revision", path.display()),
    )
}

impl World for AtRevision<'_> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let in_repo = self.in_repo(path).ok_or_else(|| absent(path))?;
        self.repo
            .show(self.revision, &in_repo)
            .map(String::into_bytes)
            .map_err(io::Error::other)
    }

    fn list(&self, _: &Path) -> io::Result<Vec<policyc::driver::Entry>> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "a revision is not listed",
        ))
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.kind(path) == "tree"
    }

    fn exists(&self, path: &Path) -> bool {
        !self.kind(path).is_empty()
    }

    fn canonicalize(&self, path: &Path) -> io::Result<PathBuf> {
        if self.exists(path) {
            Ok(normal(path))
        } else {
            Err(absent(path))
        }
    }

    fn create_dir_all(&self, _: &Path) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "a revision is read-only",
        ))
    }

    fn write(&self, _: &Path, _: &[u8]) -> io::Result<()> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "a revision is read-only",
        ))
    }

    fn today(&self) -> Option<policyc::model::Date> {
        None
    }
}

/// The clause files of a policy at a revision: the driver's `ClauseFiles`
/// over the revision, with files named `REV:path` as the policy is.
pub(super) struct RevisionIncludes<'a> {
    clauses: ClauseFiles<'a>,
    world: &'a AtRevision<'a>,
}

impl Includes for RevisionIncludes<'_> {
    fn include(&self, from: &str, written: &str) -> Result<SourceFile, IncludeError> {
        let in_repo = from
            .strip_prefix(self.world.revision)
            .and_then(|f| f.strip_prefix(':'))
            .unwrap_or(from);
        let from_path = self.world.repo.top.join(in_repo);
        let shown = |text: String| self.world.shown(&text);
        match self.clauses.include(&from_path.to_string_lossy(), written) {
            Ok(mut file) => {
                file.name = shown(file.name);
                Ok(file)
            }
            Err(e) => Err(IncludeError {
                message: shown(e.message),
                help: shown(e.help),
            }),
        }
    }
}

/// Runs `git -C DIR ARGS…`; why it could not be run.
fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            io::ErrorKind::NotFound => "the `git` command was not found: install git, \
                 or compare two files with `policyc diff OLD NEW`"
                .to_string(),
            _ => format!("could not run git: {e}"),
        })
}

/// The first line of git's message, for ours.
fn first_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    text.lines().next().unwrap_or("").trim().to_string()
}

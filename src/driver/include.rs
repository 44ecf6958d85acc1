//! The clause files a policy includes, read through the build's `World`:
//! `include "path"` is relative to the file that says it and must stay
//! inside the project — the folder of the nearest `policyc.yaml` above the
//! policy, or the policy's own folder when there is none. A path that
//! leaves it, spelt with `..` or through a link, is refused, with the same
//! words whether or not anything is there. `diff REV -- FILE` reads clause
//! files through this same resolver, over a world of that revision.

use super::compile::read_source_in;
use super::memory::normal;
use super::world::World;
use crate::project::PROJECT_FILE;
use crate::source::{FileId, SourceFile};
use crate::{IncludeError, Includes};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The first `FileId` of clause files. Each policy numbers its own clause
/// files from here, so their ids never meet the policies' (0, 1, …), and a
/// report of one policy finds them among its own files.
pub const FIRST_CLAUSE_ID: u32 = 1 << 31;

/// How many folders above the working folder a project file is looked for.
const MAX_LEVELS_UP: usize = 32;

/// The clause files of one policy.
pub struct ClauseFiles<'w> {
    world: &'w dyn World,
    /// The project folder, as given and as the world resolves it.
    root: PathBuf,
    root_resolved: PathBuf,
    next_id: AtomicU32,
}

impl<'w> ClauseFiles<'w> {
    /// The clause files the policy at `policy` may include.
    pub fn for_policy(world: &'w dyn World, policy: &Path) -> Self {
        let root = project_root(world, policy);
        let root_resolved = world
            .canonicalize(if root.as_os_str().is_empty() {
                Path::new(".")
            } else {
                &root
            })
            .unwrap_or_else(|_| normal(&root));
        ClauseFiles {
            world,
            root,
            root_resolved,
            next_id: AtomicU32::new(FIRST_CLAUSE_ID),
        }
    }

    fn outside(&self, written: &str) -> IncludeError {
        IncludeError {
            message: format!("`{written}` is outside the project"),
            help: format!(
                "clause files must be inside the project folder `{}` (the folder of `{PROJECT_FILE}`, or of the policy when there is none)",
                shown(&self.root)
            ),
        }
    }
}

impl Includes for ClauseFiles<'_> {
    fn include(&self, from: &str, written: &str) -> Result<SourceFile, IncludeError> {
        let folder = Path::new(from).parent().unwrap_or(Path::new(""));
        let path = normal(&folder.join(written));
        // Confinement is decided before existence, so that a path outside
        // the project gets the same answer whether or not something is
        // there: `include` is no way to probe the disk.
        if !self.is_inside(&self.resolved(&path)) {
            return Err(self.outside(written));
        }
        if self.world.canonicalize(&path).is_err() {
            return Err(IncludeError {
                message: format!("there is no clause file `{}`", path.display()),
                help: format!("the path is relative to `{from}`, the file that includes it"),
            });
        }
        let mut file = read_source_in(self.world, &path).map_err(|d| IncludeError {
            message: d.message,
            help: d.help.unwrap_or_default(),
        })?;
        file.id = FileId(self.next_id.fetch_add(1, Ordering::Relaxed));
        Ok(file)
    }
}

impl ClauseFiles<'_> {
    /// Where `path` is, links followed as far as anything exists: the
    /// deepest existing folder above it resolved by the world, the rest
    /// of the path as written.
    fn resolved(&self, path: &Path) -> PathBuf {
        let mut rest = Vec::new();
        for ancestor in path.ancestors() {
            let at = if ancestor.as_os_str().is_empty() {
                Path::new(".")
            } else {
                ancestor
            };
            if let Ok(found) = self.world.canonicalize(at) {
                return normal(&rest.iter().rev().fold(found, |p: PathBuf, c| p.join(c)));
            }
            if let Some(name) = ancestor.file_name() {
                rest.push(name.to_os_string());
            }
        }
        normal(path)
    }

    /// Whether a resolved path is inside the project.
    fn is_inside(&self, resolved: &Path) -> bool {
        resolved
            .strip_prefix(&self.root_resolved)
            .is_ok_and(|rest| !rest.components().any(|c| c == Component::ParentDir))
    }
}

/// The folder of the nearest `policyc.yaml` at or above the policy's
/// folder, or the policy's folder.
fn project_root(world: &dyn World, policy: &Path) -> PathBuf {
    let folder = policy.parent().unwrap_or(Path::new(""));
    let has_project = |dir: &Path| {
        let file = dir.join(PROJECT_FILE);
        world.exists(&file) && !world.is_dir(&file)
    };
    if let Some(found) = folder.ancestors().find(|dir| has_project(dir)) {
        return found.to_path_buf();
    }
    if folder.is_relative() {
        let mut up = PathBuf::from("..");
        for _ in 0..MAX_LEVELS_UP {
            if has_project(&up) {
                return up;
            }
            up.push("..");
        }
    }
    folder.to_path_buf()
}

/// A folder for messages: `.` for the working folder.
fn shown(dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        ".".to_string()
    } else {
        dir.display().to_string()
    }
}

//! The project file, `policyc.yaml`: where a project's policies are, where
//! its site goes and how it is built, written once instead of as flags on
//! every command. It is found as cargo finds `Cargo.toml`, in the working
//! folder or the nearest folder above it, and the paths in it are relative
//! to its own folder. Flags on the command line override it; without one,
//! every setting has its default and builds behave as they always have.
//!
//! [`init`] starts a new project. The file is read through [`crate::yaml`],
//! so a mistake in it is a located diagnostic like one in a `.policy` file.

mod file;
mod init;

pub use init::{InitError, STARTER_FILES, init};

use crate::diagnostic::Diagnostic;
use crate::driver::{DEFAULT_OUT_DIR, DEFAULT_SOURCE_DIR, Format, World, read_named};
use crate::model::{LanguageTag, Profile};
use crate::source::SourceFile;
use file::ProjectFile;
use std::path::{Path, PathBuf};

/// The name of the project file.
pub const PROJECT_FILE: &str = "policyc.yaml";

/// A project's settings, each the file's value or the default, paths
/// already joined to the project's folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The project file as found (e.g. `../policyc.yaml`); `None` when there
    /// is none and every setting is its default.
    pub file: Option<PathBuf>,
    /// The folder searched for `.policy` files when none are named.
    pub policies: PathBuf,
    /// The folder `build` writes into.
    pub out: PathBuf,
    /// The formats `build` writes, sorted, each once.
    pub formats: Vec<Format>,
    /// Whether Markdown output starts with YAML front matter.
    pub front_matter: bool,
    /// A folder of templates replacing the defaults by name.
    pub templates: Option<PathBuf>,
    /// The compliance profiles to audit every policy against. Reserved:
    /// read and checked now, used by `check --profile` later.
    pub profiles: Vec<Profile>,
    /// The language (BCP 47) of policies that set none; `en` when absent.
    pub language: Option<LanguageTag>,
    /// The site as a whole.
    pub site: Site,
}

/// What a project says about its site as a whole: the index page's title
/// and the address each page names as its canonical link.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    /// The title of the site's index page.
    pub title: Option<String>,
    /// The address the site is published at (`http://` or `https://`).
    pub base_url: Option<String>,
}

impl Default for Project {
    /// The settings of a folder without a project file: `policies/` into
    /// `site/`, every format.
    fn default() -> Self {
        Project {
            file: None,
            policies: PathBuf::from(DEFAULT_SOURCE_DIR),
            out: PathBuf::from(DEFAULT_OUT_DIR),
            formats: vec![Format::Markdown, Format::Html, Format::Json],
            front_matter: false,
            templates: None,
            profiles: Vec::new(),
            language: None,
            site: Site::default(),
        }
    }
}

/// A project file that could not be read or is not valid: the file (its
/// text, for the report) and the first problem, located in it.
#[derive(Debug)]
pub struct ProjectError {
    /// The project file as read (empty when it could not be read).
    pub file: SourceFile,
    /// What is wrong.
    pub diagnostic: Diagnostic,
}

/// The project of the working folder `cwd`: its `policyc.yaml` or the
/// nearest one above it, or the defaults when there is none.
pub fn load_from(world: &dyn World, cwd: &Path) -> Result<Project, ProjectError> {
    match find(world, cwd) {
        Some(path) => load(world, &path),
        None => Ok(Project::default()),
    }
}

/// The project file of the working folder `cwd` or of the nearest folder
/// above it, spelt relative to `cwd` (`policyc.yaml`, `../policyc.yaml`…)
/// so that paths in messages read as the user would type them.
pub fn find(world: &dyn World, cwd: &Path) -> Option<PathBuf> {
    let mut up = PathBuf::new();
    for _ in cwd.ancestors() {
        let candidate = up.join(PROJECT_FILE);
        if is_project_file(world, &candidate) {
            return Some(candidate);
        }
        up.push("..");
    }
    None
}

/// The project file of `folder` or of the nearest folder above it, spelt
/// from `folder` as given: how an editor finds the project of a file it
/// opened, whatever the server's working folder.
pub fn find_above(world: &dyn World, folder: &Path) -> Option<PathBuf> {
    folder
        .ancestors()
        .map(|dir| dir.join(PROJECT_FILE))
        .find(|candidate| is_project_file(world, candidate))
}

/// Whether `path` is a project file: it exists and is not a folder.
fn is_project_file(world: &dyn World, path: &Path) -> bool {
    world.exists(path) && !world.is_dir(path)
}

/// Reads the project file at `path`; its paths are joined to its folder.
pub fn load(world: &dyn World, path: &Path) -> Result<Project, ProjectError> {
    let file = read(world, path)?;
    let raw: ProjectFile = crate::yaml::from_yaml(&file).map_err(|diagnostic| ProjectError {
        file: file.clone(),
        diagnostic,
    })?;
    let root = path.parent().unwrap_or(Path::new(""));
    Ok(resolve(raw, root, path))
}

/// The file's text; a file that cannot be read or is not UTF-8 is an
/// error without a place.
fn read(world: &dyn World, path: &Path) -> Result<SourceFile, ProjectError> {
    let name = path.display().to_string();
    read_named(world, path, name.clone(), "the project file ").map_err(|diagnostic| ProjectError {
        file: SourceFile::new(name, ""),
        diagnostic,
    })
}

/// The file's values over the defaults, paths joined to `root`.
fn resolve(raw: ProjectFile, root: &Path, path: &Path) -> Project {
    let defaults = Project::default();
    let mut formats = raw.formats.map_or(defaults.formats, |f| f.0);
    formats.sort();
    formats.dedup();
    let mut profiles: Vec<Profile> = raw.profiles.into_iter().map(|w| w.0).collect();
    profiles.sort();
    profiles.dedup();
    let site = raw.site.unwrap_or_default();
    Project {
        file: Some(path.to_path_buf()),
        policies: root.join(raw.policies.unwrap_or(defaults.policies)),
        out: root.join(raw.out.unwrap_or(defaults.out)),
        formats,
        front_matter: raw.front_matter.unwrap_or(false),
        templates: raw.templates.map(|t| root.join(t)),
        profiles,
        language: raw.language.map(|l| l.0),
        site: Site {
            title: site.title,
            base_url: site.base_url.map(|u| u.0),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::MemoryWorld;

    fn loaded(text: &str) -> Result<Project, (String, usize, usize)> {
        let world = MemoryWorld::new();
        world.insert("web/policyc.yaml", text);
        load(&world, Path::new("web/policyc.yaml")).map_err(|e| {
            let at = e.file.line_col(e.diagnostic.span.map_or(0, |s| s.start));
            (e.diagnostic.message, at.line, at.column)
        })
    }

    #[test]
    fn paths_are_relative_to_the_file_and_the_rest_is_default() {
        let project = loaded("policies: legal\ntemplates: theme\nformats: json, md\n");
        let expected = Project {
            file: Some(PathBuf::from("web/policyc.yaml")),
            policies: PathBuf::from("web/legal"),
            out: PathBuf::from("web/site"),
            formats: vec![Format::Markdown, Format::Json],
            templates: Some(PathBuf::from("web/theme")),
            ..Project::default()
        };
        assert_eq!(project, Ok(expected));
    }

    #[test]
    fn every_key_is_read() {
        let text = "policies: p\nout: /srv/www\nformats: [html]\nfront-matter: true\n\
                    profiles: [gdpr, ccpa, gdpr]\nlanguage: en-GB\n\
                    site:\n  title: Legal\n  base-url: https://example.com/legal/\n";
        let project = loaded(text).map_err(|e| e.0);
        let expected = Project {
            file: Some(PathBuf::from("web/policyc.yaml")),
            policies: PathBuf::from("web/p"),
            out: PathBuf::from("/srv/www"),
            formats: vec![Format::Html],
            front_matter: true,
            templates: None,
            profiles: vec![Profile::Gdpr, Profile::Ccpa],
            language: "en-GB".parse().ok(),
            site: Site {
                title: Some("Legal".to_string()),
                base_url: Some("https://example.com/legal/".to_string()),
            },
        };
        assert_eq!(project, Ok(expected));
    }

    #[test]
    fn bad_values_are_located_with_did_you_mean() {
        let error = |text: &str| loaded(text).map(|_| ()).unwrap_err();
        assert_eq!(
            error("profiles: [gdpr, ccpaa]\n"),
            (
                "`profiles[1]`: unknown profile `ccpaa`: did you mean `ccpa`?".to_string(),
                1,
                18
            )
        );
        assert_eq!(
            error("formats:\n  - html\n  - pdf\n"),
            (
                "`formats[1]`: unknown format `pdf`: use md, html, json, dpv, xcprivacy, appstore, play, gpc or coverage".to_string(),
                3,
                5
            )
        );
        assert_eq!(
            error("formats: []\n").0,
            "`formats`: no formats: name at least one of md, html, json, dpv, xcprivacy, appstore, play, gpc, coverage"
        );
        assert_eq!(
            error("site:\n  base-url: example.com\n").0,
            "`site.base-url`: `example.com` is not a web address: it has no scheme \
             such as `https://`; did you mean `https://example.com`?"
        );
        assert_eq!(
            error("language: en_GB\n"),
            (
                "`language`: `en_GB` is not a language tag: it holds `_`; a tag is letters \
                 and digits joined by `-`; did you mean `en-GB`?"
                    .to_string(),
                1,
                11
            )
        );
        assert_eq!(
            error("ouput: public\n"),
            ("unknown key `ouput`".to_string(), 1, 1)
        );
    }

    #[test]
    fn the_nearest_project_file_up_from_the_working_folder_is_found() {
        let world = MemoryWorld::new();
        assert_eq!(find(&world, Path::new("/a/b")), None);
        assert_eq!(
            load_from(&world, Path::new("/a/b")).ok(),
            Some(Project::default())
        );
        world.insert("policyc.yaml", "");
        assert_eq!(
            find(&world, Path::new("/a/b")),
            Some(PathBuf::from("policyc.yaml"))
        );
        let unreadable = MemoryWorld::new();
        unreadable.insert("policyc.yaml/x", "");
        assert_eq!(
            find(&unreadable, Path::new("/a")),
            None,
            "a folder is no project file"
        );
    }
}

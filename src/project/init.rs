//! `policyc init`: a new project that builds as it is — the project file,
//! a starter privacy policy of obvious placeholders that passes `check`
//! without a warning, a folder for clause files, and a `.gitignore` for the
//! output folder. Like `cargo init`, it works in a folder that exists, but
//! it never replaces a file: when any of its files is already there it
//! writes none.

use crate::driver::{self, BuildError, Output, World};
use std::path::{Path, PathBuf};

/// The files `init` writes, relative to the project's folder, with their
/// text. The starter policy's dates lie in the past, so it never warns.
pub const STARTER_FILES: &[(&str, &str)] = &[
    ("policyc.yaml", include_str!("starter/policyc.yaml")),
    (
        "policies/privacy.policy",
        include_str!("starter/privacy.policy"),
    ),
    (
        "clauses/README.md",
        include_str!("starter/clauses-README.md"),
    ),
    (".gitignore", include_str!("starter/gitignore")),
];

/// Why `init` wrote nothing.
#[derive(Debug)]
pub enum InitError {
    /// These files exist already (each joined to the project's folder).
    Exists(Vec<PathBuf>),
    /// The project's folder is a file.
    NotAFolder(PathBuf),
    /// Writing failed.
    Write(BuildError),
}

impl std::fmt::Display for InitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InitError::Exists(paths) => {
                let names: Vec<String> =
                    paths.iter().map(|p| format!("`{}`", p.display())).collect();
                let (one, these) = if paths.len() == 1 {
                    ("exists", "it")
                } else {
                    ("exist", "them")
                };
                write!(
                    f,
                    "{} already {one}; `policyc init` replaces no file, so nothing was written \
                     (move {these} away, or choose another folder)",
                    crate::keyword::list(names)
                )
            }
            InitError::NotAFolder(dir) => write!(f, "`{}` is a file, not a folder", dir.display()),
            InitError::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for InitError {}

/// Writes a new project into `dir` (made when missing) and returns the
/// files written, joined to `dir`. Refuses, writing nothing, when any of
/// [`STARTER_FILES`] exists already.
pub fn init(world: &dyn World, dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if world.exists(dir) && !world.is_dir(dir) {
        return Err(InitError::NotAFolder(dir.to_path_buf()));
    }
    // `init` in the working folder names its files `policyc.yaml`, not
    // `./policyc.yaml`.
    let at = |name: &Path| match dir == Path::new(".") {
        true => name.to_path_buf(),
        false => dir.join(name),
    };
    let existing: Vec<PathBuf> = STARTER_FILES
        .iter()
        .map(|(name, _)| at(Path::new(name)))
        .filter(|path| world.exists(path))
        .collect();
    if !existing.is_empty() {
        return Err(InitError::Exists(existing));
    }
    let outputs: Vec<Output> = STARTER_FILES
        .iter()
        .map(|(name, text)| Output {
            path: PathBuf::from(name),
            text: (*text).to_string(),
        })
        .collect();
    driver::write_outputs(world, dir, &outputs).map_err(InitError::Write)?;
    Ok(outputs.iter().map(|o| at(&o.path)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::driver::MemoryWorld;
    use crate::source::SourceFile;

    #[test]
    fn the_starter_policy_passes_check_without_a_warning() {
        let Some((name, text)) = STARTER_FILES.get(1) else {
            panic!("the starter policy is the second file");
        };
        let options = crate::Options {
            today: crate::model::Date::parse_iso("2000-01-01"),
            ..Default::default()
        };
        let compiled = crate::compile_with(&SourceFile::new(*name, *text), &options);
        let messages: Vec<&str> = compiled
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(messages, Vec::<&str>::new());
        assert!(compiled.policy.is_some());
    }

    #[test]
    fn the_starter_project_file_reads_as_the_defaults() {
        let world = MemoryWorld::new();
        let written = init(&world, Path::new("demo")).map_err(|e| e.to_string());
        assert_eq!(written.map(|w| w.len()), Ok(STARTER_FILES.len()));
        let project = crate::project::load(&world, Path::new("demo/policyc.yaml"));
        let project = project.map_err(|e| e.diagnostic.message);
        let expected = crate::project::Project {
            file: Some(PathBuf::from("demo/policyc.yaml")),
            policies: PathBuf::from("demo/policies"),
            out: PathBuf::from("demo/site"),
            ..crate::project::Project::default()
        };
        assert_eq!(project, Ok(expected));
    }

    #[test]
    fn an_existing_file_is_never_replaced_and_nothing_is_written() {
        let world = MemoryWorld::new();
        world.insert("demo/.gitignore", "target/\n");
        let error = init(&world, Path::new("demo")).map_err(|e| e.to_string());
        assert_eq!(
            error,
            Err(
                "`demo/.gitignore` already exists; `policyc init` replaces no file, so \
                 nothing was written (move it away, or choose another folder)"
                    .to_string()
            )
        );
        assert_eq!(world.files().len(), 1);
    }
}

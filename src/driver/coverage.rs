//! The coverage matrix of every valid policy of a build, `ID/coverage.json`
//! and `ID/coverage.html`: apart from the other outputs because it needs
//! what only the driver has — the sources (for the evidence and their
//! digests), the audited profiles (from the command line), the date of the
//! check and the project's sign-off file (through the World), and the
//! project's folder (paths in the matrix are relative to it, so a matrix
//! does not depend on where the project was checked out).

use super::render::Renderers;
use super::{BuildError, BuildOptions, Output, Unit, World, normal, read_named};
use crate::diagnostic::Diagnostic;
use crate::export::coverage::{self, Context, FileDigest, SIGNOFF_FILE, SignOff};
use crate::model::{Date, Profile};
use crate::source::SourceFile;
use std::path::{Path, PathBuf};

/// The project's sign-offs, and the file they were read from.
#[derive(Debug, Default)]
pub struct SignOffs {
    /// Every sign-off, as read.
    pub entries: Vec<SignOff>,
    /// The file's path relative to the project and its digest, when there is one.
    pub file: Option<FileDigest>,
}

/// A sign-off file that cannot be used: the file (for the report) and
/// every problem, located in it.
#[derive(Debug)]
pub struct SignOffError {
    /// The file as read (empty when it could not be read).
    pub file: SourceFile,
    /// What is wrong.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `coverage-signoff.yaml` in the project's folder `root`, when it
/// exists: its entries checked against the rules and `today`.
pub fn load_signoffs(
    world: &dyn World,
    root: &Path,
    today: Option<Date>,
) -> Result<SignOffs, SignOffError> {
    let path = root.join(SIGNOFF_FILE);
    if !world.exists(&path) {
        return Ok(SignOffs::default());
    }
    let name = normal(&path).display().to_string();
    let file =
        read_named(world, &path, name.clone(), "the sign-off file ").map_err(|diagnostic| {
            SignOffError {
                file: SourceFile::new(name, ""),
                diagnostics: vec![diagnostic],
            }
        })?;
    match coverage::read_signoffs(&file, today) {
        Ok(entries) => Ok(SignOffs {
            entries,
            file: Some(FileDigest {
                file: SIGNOFF_FILE.to_string(),
                sha256: coverage::sha256(&file.text),
            }),
        }),
        Err(diagnostics) => Err(SignOffError { file, diagnostics }),
    }
}

/// A source file's name relative to the project's folder `root` (by
/// canonical paths, so `./x`, `../p/x` and absolute spellings agree), with
/// `/` between folders; as given, tidied, when it lies outside.
pub fn project_path(world: &dyn World, root: &Path, name: &str) -> String {
    let base = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let relative = world
        .canonicalize(base)
        .ok()
        .zip(world.canonicalize(Path::new(name)).ok())
        .and_then(|(root, file)| file.strip_prefix(root).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| normal(Path::new(name)));
    let text = relative.to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR == '/' {
        text
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// What the matrices of a build are made with besides the units.
pub struct CoverageInputs<'a> {
    /// The profiles audited.
    pub audited: &'a [Profile],
    /// The project's folder (empty: the working folder).
    pub root: &'a Path,
    /// The project's sign-offs.
    pub signoffs: &'a SignOffs,
}

/// The coverage outputs of every unit with a valid policy.
pub fn render_coverage(
    world: &dyn World,
    units: &[Unit],
    inputs: &CoverageInputs<'_>,
    options: &BuildOptions,
) -> Result<Vec<Output>, BuildError> {
    let renderers = Renderers::new(options)?;
    let mut outputs = Vec::new();
    for unit in units {
        outputs.extend(coverage_of(world, unit, inputs, &renderers)?);
    }
    Ok(outputs)
}

/// One unit's coverage outputs, `ID/coverage.json` and `ID/coverage.html`
/// (none when its policy is not valid).
pub fn coverage_of(
    world: &dyn World,
    unit: &Unit,
    inputs: &CoverageInputs<'_>,
    renderers: &Renderers,
) -> Result<Vec<Output>, BuildError> {
    let Some(policy) = &unit.compiled.policy else {
        return Ok(Vec::new());
    };
    let path = |name: &str| project_path(world, inputs.root, name);
    let cx = Context {
        audited: inputs.audited,
        today: world.today(),
        signoffs: &inputs.signoffs.entries,
        signoff_file: inputs.signoffs.file.clone(),
        path: &path,
        clause_files: &unit.compiled.included,
    };
    let matrix = coverage::coverage(policy, unit, &cx);
    let dir = PathBuf::from(policy.id());
    let mut outputs = vec![Output {
        path: dir.join("coverage.json"),
        text: coverage::render(&matrix).map_err(BuildError::Render)?,
    }];
    // `Renderers::new` makes the HTML renderer whenever coverage is built.
    if let Some(renderer) = renderers.html() {
        outputs.push(Output {
            path: dir.join("coverage.html"),
            text: renderer
                .render_coverage(&matrix)
                .map_err(BuildError::Render)?,
        });
    }
    Ok(outputs)
}

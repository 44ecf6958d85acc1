//! Whole builds: find and read the sources, compile them in parallel, and
//! only when every file is valid, render and write the outputs atomically.
//! A failed build leaves the output folder as it was.

mod format;

pub use format::Format;

use crate::diagnostic::{Code, Diagnostic};
use crate::export::json;
use crate::model::Date;
use crate::model::Policy;
use crate::render::html::HtmlRenderer;
use crate::render::markdown::{self, MarkdownOptions};
use crate::source::{FileId, SourceFile};
use crate::{Compiled, Options, compile_with};
use rayon::prelude::*;
use std::collections::HashMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The folder searched when no files are named.
pub const DEFAULT_SOURCE_DIR: &str = "policies";
/// The folder written when no `--out` is given.
pub const DEFAULT_OUT_DIR: &str = "site";

/// One source file and what compiling it found.
pub struct Unit {
    /// The file as read (empty text when it could not be read).
    pub file: SourceFile,
    /// The compiled policy and diagnostics.
    pub compiled: Compiled,
}

impl Unit {
    /// Whether this file has errors.
    pub fn failed(&self) -> bool {
        self.compiled.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// An error that is not about a policy's content: nothing to build, or the
/// output could not be written.
#[derive(Debug)]
pub enum BuildError {
    /// No files named and no `policies/` folder with `.policy` files.
    NoInputs(String),
    /// The output folder would overwrite sources.
    OutputIsSource(PathBuf),
    /// A renderer failed (a template error).
    Render(String),
    /// Writing an output failed.
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::NoInputs(why) => write!(f, "{why}"),
            BuildError::OutputIsSource(dir) => write!(
                f,
                "the output folder `{}` holds source files; choose another with `--out`",
                dir.display()
            ),
            BuildError::Render(why) => {
                write!(f, "template problem: {}", why.trim_start_matches("error: "))
            }
            BuildError::Io(path, e) => write!(f, "could not write `{}`: {e}", path.display()),
        }
    }
}

/// The files to build: the ones named, or every `.policy` file under
/// `policies/`, sorted so builds are reproducible.
pub fn discover(named: &[PathBuf]) -> Result<Vec<PathBuf>, BuildError> {
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let root = Path::new(DEFAULT_SOURCE_DIR);
    if !root.is_dir() {
        return Err(BuildError::NoInputs(format!(
            "no files given and no `{DEFAULT_SOURCE_DIR}/` folder here: name the .policy files to build"
        )));
    }
    let mut found = Vec::new();
    let mut pending = vec![root.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).map_err(|e| BuildError::Io(dir.clone(), e))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "policy") {
                found.push(path);
            }
        }
    }
    found.sort();
    if found.is_empty() {
        return Err(BuildError::NoInputs(format!(
            "`{DEFAULT_SOURCE_DIR}/` holds no .policy files"
        )));
    }
    Ok(found)
}

/// Reads a source file; a missing file or invalid UTF-8 is a diagnostic.
pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    let name = path.display().to_string();
    let bytes = fs::read(path).map_err(|e| {
        Diagnostic::error(
            Code::Unreadable,
            format!("cannot read `{name}`: {}", io_reason(&e)),
        )
        .help("check the path and the file's permissions")
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(Diagnostic::error(
                Code::NotUtf8,
                format!("`{name}` is not UTF-8 text: invalid byte at offset {at}"),
            )
            .help("save the file as UTF-8 (most editors offer it under \"Save with encoding\")"))
        }
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// Reads and compiles every file, one thread a core. Cross-file problems
/// (two files with the same policy id) are added to the later file.
pub fn compile_all(paths: &[PathBuf], options: &Options) -> Vec<Unit> {
    let mut units: Vec<Unit> = paths
        .par_iter()
        .enumerate()
        .map(|(i, path)| {
            let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
            match read_source(path) {
                Ok(mut file) => {
                    file.id = id;
                    let compiled = compile_with(&file, options);
                    Unit { file, compiled }
                }
                Err(diagnostic) => Unit {
                    file: SourceFile::with_id(id, path.display().to_string(), ""),
                    compiled: Compiled {
                        policy: None,
                        partial: None,
                        diagnostics: vec![diagnostic],
                    },
                },
            }
        })
        .collect();
    let mut first_of: HashMap<String, String> = HashMap::new();
    for unit in &mut units {
        let Some(policy) = &unit.compiled.policy else {
            continue;
        };
        let id = policy.id().to_string();
        if let Some(first) = first_of.get(&id) {
            let span = policy.meta.id.as_ref().map(|i| i.span);
            let mut d = Diagnostic::error(
                Code::Duplicate,
                format!("the policy id `{id}` is also used by `{first}`"),
            )
            .label("the same id as another file")
            .help("give each policy its own `id`: it names the policy's output folder");
            if let Some(span) = span {
                d = d.at(span);
            }
            unit.compiled.diagnostics.push(d);
            unit.compiled.policy = None;
        } else {
            first_of.insert(id, unit.file.name.clone());
        }
    }
    units
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

/// What to write and how.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The output folder.
    pub out_dir: PathBuf,
    /// The formats to write.
    pub formats: Vec<Format>,
    /// Whether Markdown output starts with YAML front matter.
    pub front_matter: bool,
    /// A folder of templates replacing the defaults by name.
    pub templates: Option<PathBuf>,
}

/// One rendered file, relative to the output folder.
pub struct Output {
    /// Where it goes under the output folder.
    pub path: PathBuf,
    /// Its content.
    pub text: String,
}

/// Renders every policy in every format — `ID/index.html`, `ID/ID.md`,
/// `ID/ID.json` — and, with HTML, the site's `index.html` listing them all.
pub fn render_all(policies: &[&Policy], options: &BuildOptions) -> Result<Vec<Output>, BuildError> {
    let html = if options.formats.contains(&Format::Html) {
        let renderer = match &options.templates {
            Some(dir) => HtmlRenderer::with_templates(dir),
            None => HtmlRenderer::new(),
        };
        Some(renderer.map_err(BuildError::Render)?)
    } else {
        None
    };
    let rendered: Result<Vec<Vec<Output>>, String> = policies
        .par_iter()
        .map(|policy| {
            let id = policy.id();
            let dir = PathBuf::from(id);
            let mut outputs = Vec::new();
            for format in &options.formats {
                let (name, text) = match format {
                    Format::Html => match &html {
                        Some(renderer) => ("index.html".to_string(), renderer.render(policy)?),
                        None => continue,
                    },
                    Format::Markdown => (
                        format!("{id}.md"),
                        markdown::render(
                            policy,
                            MarkdownOptions {
                                front_matter: options.front_matter,
                            },
                        )?,
                    ),
                    Format::Json => (format!("{id}.json"), json::render(policy)?),
                };
                outputs.push(Output {
                    path: dir.join(name),
                    text,
                });
            }
            Ok(outputs)
        })
        .collect();
    let mut outputs: Vec<Output> = rendered
        .map_err(BuildError::Render)?
        .into_iter()
        .flatten()
        .collect();
    if let Some(renderer) = &html {
        let text = renderer
            .render_index(policies)
            .map_err(BuildError::Render)?;
        outputs.push(Output {
            path: PathBuf::from("index.html"),
            text,
        });
    }
    Ok(outputs)
}

/// Refuses an output folder that holds any of the sources.
pub fn check_out_dir(out_dir: &Path, sources: &[PathBuf]) -> Result<(), BuildError> {
    let Ok(out) = fs::canonicalize(out_dir) else {
        return Ok(());
    };
    for source in sources {
        if let Ok(source) = fs::canonicalize(source) {
            if source.starts_with(&out) {
                return Err(BuildError::OutputIsSource(out_dir.to_path_buf()));
            }
        }
    }
    Ok(())
}

/// Writes every output atomically, in parallel: each to a temporary file
/// beside its target, then renamed over it, so a reader never sees half a
/// file. The first error is returned.
pub fn write_outputs(out_dir: &Path, outputs: &[Output]) -> Result<(), BuildError> {
    let mut dirs: Vec<PathBuf> = outputs
        .iter()
        .filter_map(|o| out_dir.join(&o.path).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        fs::create_dir_all(dir).map_err(|e| BuildError::Io(dir.clone(), e))?;
    }
    outputs
        .par_iter()
        .try_for_each(|output| write_atomically(&out_dir.join(&output.path), &output.text))
}

fn write_atomically(target: &Path, text: &str) -> Result<(), BuildError> {
    // A file that already holds this text is left alone: rebuilds then cost
    // a read, not a create and a rename, and unchanged files keep their
    // modification time for tools that watch them.
    if fs::read(target).is_ok_and(|existing| existing == text.as_bytes()) {
        return Ok(());
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let file_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        fs::rename(&temp, target)
    };
    write().map_err(|e| {
        let _ = fs::remove_file(&temp);
        BuildError::Io(target.to_path_buf(), e)
    })
}

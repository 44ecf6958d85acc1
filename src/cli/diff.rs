//! `policyc diff OLD NEW` and `policyc diff REV [REV] -- FILE`: compiles
//! two versions of a policy and prints what changed (`policyc::diff`,
//! `docs/diff.md`). Revisions are read with the `git` command: `git show
//! REV:path`, the path relative to the repository's root, clause files
//! from the same revision by the build's resolver ([`super::revision`]);
//! one revision is compared with the working tree.
//! Exit status: 0 compared (whatever changed, unless `--fail-on`); 1 a
//! version does not compile, or `--fail-on` found what it names; 2 a usage
//! or I/O error — a file that cannot be read, no git, not a repository, a
//! bad revision, a file missing at a revision.

use super::output::{print_diagnostics, usage_error};
use super::revision::{AtRevision, Repo};
use clap::{Args, ValueEnum, ValueHint};
use policyc::diagnostic::Code;
use policyc::diff::{self, Change, render};
use policyc::driver::{ClauseFiles, Unit, World, read_source_in};
use policyc::model::Policy;
use policyc::report::MessageFormat;
use policyc::source::{FileId, SourceFile};
use policyc::{Compiled, Options, compile_including};
use std::ffi::OsString;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Why `--message-format gitlab` is refused here: a Code Quality report
/// lists problems, and changes are not problems.
pub(super) const GITLAB_IS_FOR_BUILDS: &str = "`--message-format gitlab` writes a Code Quality \
     report for `check` and `build`; use `json` or `github` here";

/// The arguments of `policyc diff`.
#[derive(Args)]
pub(super) struct DiffArgs {
    /// Two .policy files, OLD then NEW; or, with `-- FILE`, one or two git revisions (one: that
    /// revision against the working tree).
    #[arg(value_name = "OLD NEW | REV [REV]", num_args = 1..=2, required = true)]
    inputs: Vec<OsString>,
    /// With revisions: the .policy file, as a path in the working tree. Options go before `--`.
    #[arg(last = true, value_name = "FILE", value_hint = ValueHint::FilePath)]
    file: Vec<PathBuf>,
    /// How to print changes and problems: human, json (one change per line) or github.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// `md`: print a Markdown changelog entry instead of the changes for people.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = DiffFormat::Text)]
    format: DiffFormat,
    /// Exit 1 when a material change (`material`) or any change (`any`) is found.
    #[arg(long, value_enum, value_name = "WHICH")]
    fail_on: Option<FailOn>,
}

/// What `--format` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// The changes for people (or tools, with `--message-format`).
    Text,
    /// A Markdown changelog entry.
    Md,
}

/// Which changes make `diff` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FailOn {
    /// A material change.
    Material,
    /// Any change.
    Any,
}

/// Compares the two versions named and prints the changes.
pub(super) fn run(world: &dyn World, args: &DiffArgs) -> ExitCode {
    if args.message_format == MessageFormat::Gitlab {
        return usage_error(GITLAB_IS_FOR_BUILDS);
    }
    if args.format == DiffFormat::Md && args.message_format != MessageFormat::Human {
        return usage_error("`--format md` prints Markdown: leave out `--message-format`");
    }
    let (old, new) = match read_versions(world, args) {
        Ok(versions) => versions,
        Err(message) => return usage_error(&message),
    };
    let (Some(old_policy), Some(new_policy)) = (&old.compiled.policy, &new.compiled.policy) else {
        return refuse(&[old, new], args.message_format);
    };
    let changes = diff::diff(old_policy, new_policy);
    print(&changes, new_policy, &new, args);
    fail_on(&changes, args.fail_on)
}

/// Prints the diagnostics of the versions that do not compile, as `check`
/// does: exit 2 when one could not be read, else 1.
fn refuse(versions: &[Unit], format: MessageFormat) -> ExitCode {
    let broken: Vec<&Unit> = versions
        .iter()
        .filter(|u| u.compiled.policy.is_none())
        .collect();
    for unit in &broken {
        print_diagnostics(std::slice::from_ref(*unit), format);
    }
    let unreadable = broken.iter().any(|u| {
        u.compiled
            .diagnostics
            .iter()
            .any(|d| d.code == Code::Unreadable)
    });
    let names: Vec<String> = broken
        .iter()
        .map(|u| format!("`{}`", u.file.name))
        .collect();
    let (verb, status) = if unreadable {
        ("could not be read", 2)
    } else {
        ("has errors", 1)
    };
    eprintln!(
        "policyc: {} {verb}; nothing was compared",
        names.join(" and ")
    );
    ExitCode::from(status)
}

/// The changes as asked: for people, as JSON lines, as GitHub commands,
/// or as a Markdown changelog entry; the summary on stderr for tools.
fn print(changes: &[Change], new_policy: &Policy, new: &Unit, args: &DiffArgs) {
    if args.format == DiffFormat::Md {
        print!("{}", render::markdown(changes, &heading(new_policy)));
        return;
    }
    match args.message_format {
        MessageFormat::Human => {
            let color = std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            print!("{}", render::human(changes, color));
        }
        MessageFormat::Json | MessageFormat::Gitlab => {
            print!("{}", render::json_lines(changes, new));
            eprintln!("policyc: {}", render::summary(changes));
        }
        MessageFormat::Github => {
            print!("{}", render::github(changes, new));
            eprintln!("policyc: {}", render::summary(changes));
        }
    }
}

/// The changelog entry's heading: the new title and date.
fn heading(policy: &Policy) -> String {
    let date = policy
        .meta
        .updated
        .as_ref()
        .or(policy.meta.effective.as_ref());
    match date {
        Some(date) => format!("{} — {}", policy.title.node, date.node),
        None => policy.title.node.clone(),
    }
}

/// Exit 1 when `--fail-on` finds what it names.
fn fail_on(changes: &[Change], which: Option<FailOn>) -> ExitCode {
    let (material, _) = diff::counts(changes);
    let found = match which {
        Some(FailOn::Material) => material > 0,
        Some(FailOn::Any) => !changes.is_empty(),
        None => false,
    };
    if !found {
        return ExitCode::SUCCESS;
    }
    let what = if material > 0 {
        "material changes"
    } else {
        "changes"
    };
    let flag = match which {
        Some(FailOn::Material) => "material",
        _ => "any",
    };
    eprintln!("policyc: {what} found and `--fail-on {flag}` given");
    ExitCode::from(1)
}

/// The old and new versions, read and compiled: two files, or revisions
/// of one file; a usage or git problem as its message.
fn read_versions(world: &dyn World, args: &DiffArgs) -> Result<(Unit, Unit), String> {
    let options = Options::default();
    let file = match args.file.as_slice() {
        [] => None,
        [file] => Some(file),
        _ => {
            return Err(
                "give one file after `--`; options such as `--fail-on` go before `--`".to_string(),
            );
        }
    };
    match (file, args.inputs.as_slice()) {
        (None, [old, new]) => {
            if let Some(message) = revision_without_separator(world, Path::new(old), Path::new(new))
            {
                return Err(message);
            }
            let old = from_file(world, Path::new(old), FileId(0), &options);
            Ok((old, from_file(world, Path::new(new), FileId(1), &options)))
        }
        (None, _) => Err(
            "give two files, `policyc diff OLD NEW`, or revisions and a file, \
             `policyc diff REV [REV] -- FILE`"
                .to_string(),
        ),
        (Some(file), revisions) => {
            let revisions: Vec<String> = revisions
                .iter()
                .map(|r| r.to_string_lossy().into_owned())
                .collect();
            let repo = Repo::of(file)?;
            match revisions.as_slice() {
                [old] => {
                    let old = at_revision(&repo, old, FileId(0), &options)?;
                    Ok((old, from_file(world, file, FileId(1), &options)))
                }
                [old, new] => {
                    let old = at_revision(&repo, old, FileId(0), &options)?;
                    let mut new = at_revision(&repo, new, FileId(1), &options)?;
                    if args.message_format == MessageFormat::Github {
                        // Annotations go on the file in the checkout, which
                        // GitHub knows by its path from the root; `REV:path`
                        // names no file there.
                        new.file.name.clone_from(&repo.path);
                    }
                    Ok((old, new))
                }
                _ => Err("give one or two revisions before `-- FILE`".to_string()),
            }
        }
    }
}

/// A version in the working tree, compiled with its clause files; a file
/// that cannot be read is a unit holding the reason.
fn from_file(world: &dyn World, path: &Path, id: FileId, options: &Options) -> Unit {
    match read_source_in(world, path) {
        Ok(mut file) => {
            file.id = id;
            let includes = ClauseFiles::for_policy(world, path);
            let compiled = compile_including(&file, options, &includes);
            Unit { file, compiled }
        }
        Err(diagnostic) => Unit {
            file: SourceFile::with_id(id, path.display().to_string(), ""),
            compiled: Compiled::unreadable(diagnostic),
        },
    }
}

/// The file at `revision`, compiled with the clause files of that
/// revision, read by the build's resolver; named `REV:path`.
fn at_revision(repo: &Repo, revision: &str, id: FileId, options: &Options) -> Result<Unit, String> {
    let text = repo.show(revision, &repo.path)?;
    let file = SourceFile::with_id(id, format!("{revision}:{}", repo.path), text);
    let world = AtRevision { repo, revision };
    let compiled = compile_including(&file, options, &repo.includes(&world));
    Ok(Unit { file, compiled })
}

/// `diff REV FILE` without `--`: the first is no file but a revision of
/// the repository the second is in, so say how to write it.
fn revision_without_separator(world: &dyn World, old: &Path, new: &Path) -> Option<String> {
    if world.exists(old) || !world.exists(new) {
        return None;
    }
    let revision = old.to_string_lossy();
    Repo::of(new)
        .ok()
        .filter(|repo| repo.has_revision(&revision))
        .map(|_| {
            format!(
                "`{revision}` is a revision, not a file: write `policyc diff {revision} -- {}`",
                new.display()
            )
        })
}

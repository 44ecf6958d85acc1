//! `policyc import FILE`: a policy published as plain text, Markdown or
//! HTML turned into a `.policy` file (`policyc::import`), written to
//! standard output or, atomically, to `--out FILE` — never over an
//! existing file unless `--force`. The report of what was guessed goes to
//! standard error unless `--quiet`. Exit status: 0 imported; 2 the input
//! cannot be read, is not UTF-8 or has no text, its format is unknown, or
//! the output exists or cannot be written.

use super::output::usage_error;
use clap::{Args, ValueHint};
use policyc::driver::{World, read_capped};
use policyc::import::{self, Format, Note};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The arguments of `policyc import`.
#[derive(Args)]
pub(super) struct ImportArgs {
    /// The policy to import: a .txt, .md or .html file, or `-` for standard input.
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    file: PathBuf,
    /// The input's format, when its extension does not say it (standard input is guessed from
    /// its content otherwise).
    #[arg(long, value_enum, value_name = "FORMAT")]
    from: Option<Format>,
    /// Write the .policy file here instead of to standard output.
    #[arg(long, short, value_name = "FILE", value_hint = ValueHint::FilePath)]
    out: Option<PathBuf>,
    /// Replace the --out file if it already exists.
    #[arg(long, requires = "out")]
    force: bool,
    /// Print no report of what was guessed.
    #[arg(long, short)]
    quiet: bool,
    /// Import the prose only: propose none of the facts the phrase lexicon reads.
    #[arg(long)]
    no_facts: bool,
}

/// Imports the file and writes or prints the policy.
pub(super) fn run(world: &dyn World, args: &ImportArgs) -> ExitCode {
    let stdin = args.file.as_os_str() == "-";
    let name = args.file.display().to_string();
    let bytes = if stdin {
        // Capped as files are: a stream without end is refused, not kept.
        read_capped(std::io::stdin().lock())
    } else {
        world.read(&args.file)
    };
    let bytes = match bytes {
        Ok(bytes) => bytes,
        Err(e) => return usage_error(&format!("cannot read `{name}`: {e}")),
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            return usage_error(&format!(
                "`{name}` is not UTF-8 text (byte {} is not valid UTF-8); convert it first, e.g. `iconv -f windows-1252 -t utf-8`",
                e.utf8_error().valid_up_to() + 1
            ));
        }
    };
    let mut notes = Vec::new();
    let format = match format_of(args, stdin, &text, &mut notes) {
        Ok(format) => format,
        Err(message) => return usage_error(&message),
    };
    let imported = match import::import_with(&text, format, &name, !args.no_facts) {
        Ok(imported) => imported,
        Err(e) => return usage_error(&format!("cannot import `{name}`: {e}")),
    };
    notes.extend(imported.report);
    match &args.out {
        Some(out) => write(world, args, out, &imported.policy_text, &notes),
        None => {
            print_report(args, &notes);
            print!("{}", imported.policy_text);
            ExitCode::SUCCESS
        }
    }
}

/// `--from`, else the extension, else (standard input) the content.
fn format_of(
    args: &ImportArgs,
    stdin: bool,
    text: &str,
    notes: &mut Vec<Note>,
) -> Result<Format, String> {
    if let Some(format) = args.from {
        return Ok(format);
    }
    if stdin {
        let format = Format::sniff(text);
        notes.push(Note::info(format!(
            "standard input read as {} (from its content; `--from` chooses)",
            format.describe()
        )));
        return Ok(format);
    }
    let extension = args
        .file
        .extension()
        .map(|e| e.to_string_lossy().into_owned());
    extension.as_deref().and_then(Format::from_extension).ok_or_else(|| {
        format!(
            "cannot tell the format of `{}` from its {}: pass `--from txt`, `--from md` or `--from html`",
            args.file.display(),
            extension.map_or("name (no extension)".to_string(), |e| format!("extension `.{e}`"))
        )
    })
}

/// Writes the policy to `out` atomically, unless it exists and `--force`
/// was not given.
fn write(world: &dyn World, args: &ImportArgs, out: &Path, text: &str, notes: &[Note]) -> ExitCode {
    if !args.force && world.exists(out) {
        return usage_error(&format!(
            "`{}` already exists; pass `--force` to replace it",
            out.display()
        ));
    }
    if let Err(e) = world.write(out, text.as_bytes()) {
        return usage_error(&format!("cannot write `{}`: {e}", out.display()));
    }
    print_report(args, notes);
    if !args.quiet {
        eprintln!(
            "policyc: wrote {}; next: `policyc check {}`",
            out.display(),
            out.display()
        );
    }
    ExitCode::SUCCESS
}

fn print_report(args: &ImportArgs, notes: &[Note]) {
    if !args.quiet {
        for note in notes {
            eprintln!("{}", policyc::terminal::escape(&note.to_string()));
        }
    }
}

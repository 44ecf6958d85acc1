//! The `policyc` command line: the edge where files are read, diagnostics
//! printed and exit codes chosen. Exit status: 0 ok, 1 invalid policy,
//! 2 usage or I/O error. One module a command; `output` prints.

mod build;
mod explain;
mod output;
mod schema;
mod templates;

use clap::{Args, Parser, Subcommand};
use policyc::driver::{DEFAULT_OUT_DIR, Format};
use policyc::report::MessageFormat;
use std::path::PathBuf;
use std::process::ExitCode;

/// Compile machine-readable privacy policies to Markdown, HTML and JSON.
#[derive(Parser)]
#[command(name = "policyc", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check policies and write their Markdown, HTML and JSON.
    #[command(
        after_help = "Examples:\n  policyc build                         # every .policy under policies/ into site/\n  policyc build privacy.policy --out public --format html,json"
    )]
    Build(BuildArgs),
    /// Check policies without writing anything.
    #[command(
        after_help = "Examples:\n  policyc check                         # every .policy under policies/\n  policyc check privacy.policy --message-format github"
    )]
    Check(CheckArgs),
    /// Write the default templates to a folder, as a starting point for your own.
    #[command(
        after_help = "Examples:\n  policyc templates --dump my-templates\n  policyc build --templates my-templates"
    )]
    Templates(TemplatesArgs),
    /// Print the JSON Schema of the JSON output.
    #[command(after_help = "Examples:\n  policyc schema > policy.schema.json")]
    Schema,
    /// Explain a diagnostic code, with a wrong and a right example.
    #[command(
        after_help = "Examples:\n  policyc explain E0202\n  policyc explain --all > docs/errors.md"
    )]
    Explain(ExplainArgs),
}

#[derive(Args)]
struct TemplatesArgs {
    /// The folder to write the default templates into.
    #[arg(long, value_name = "DIR")]
    dump: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct ExplainArgs {
    /// The code, e.g. E0202.
    #[arg(required_unless_present = "all")]
    code: Option<String>,
    /// Print every explanation as one Markdown document.
    #[arg(long, conflicts_with = "code")]
    all: bool,
}

#[derive(Args)]
struct CommonArgs {
    /// The .policy files; every .policy file under policies/ when none.
    files: Vec<PathBuf>,
    /// How to print problems: human, json (one object per line) or github.
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The output folder.
    #[arg(long, short, default_value = DEFAULT_OUT_DIR)]
    out: PathBuf,
    /// The formats to write, comma-separated: md, html, json.
    #[arg(long, value_delimiter = ',', default_value = "html,md,json")]
    format: Vec<Format>,
    /// Start Markdown output with YAML front matter.
    #[arg(long)]
    front_matter: bool,
    /// A folder of templates that replace the defaults by name (see `policyc templates --dump`).
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
}

/// Parses the command line and runs the command, on the real filesystem.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let world = policyc::driver::FsWorld;
    match cli.command {
        Command::Check(args) => build::check(&world, &args.common),
        Command::Build(args) => build::build(&world, &args),
        Command::Explain(args) => explain::run(&args),
        Command::Templates(args) => templates::run(&world, &args),
        Command::Schema => schema::run(),
    }
}

//! The `policyc` command line: the edge where files are read, diagnostics
//! printed and exit codes chosen. Exit status: 0 ok, 1 invalid policy,
//! 2 usage or I/O error.

use clap::{Args, Parser, Subcommand};
use policyc::driver::Format;
use policyc::driver::{self, BuildOptions, DEFAULT_OUT_DIR, Unit};
use policyc::report::{self, MessageFormat};
use std::io::IsTerminal as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => run(&args.common, None),
        Command::Explain(args) => explain(&args),
        Command::Templates(args) => dump_templates(&args),
        Command::Schema => {
            print!("{}", policyc::export::json::schema());
            ExitCode::SUCCESS
        }
        Command::Build(args) => {
            let mut formats = args.format.clone();
            formats.sort();
            formats.dedup();
            let options = BuildOptions {
                out_dir: args.out.clone(),
                formats,
                front_matter: args.front_matter,
                templates: args.templates.clone(),
            };
            run(&args.common, Some(options))
        }
    }
}

fn run(common: &CommonArgs, build_options: Option<BuildOptions>) -> ExitCode {
    let started = Instant::now();
    let paths = match driver::discover(&common.files) {
        Ok(paths) => paths,
        Err(e) => return usage_error(&e.to_string()),
    };
    let units = driver::compile_all(
        &paths,
        &policyc::Options {
            today: driver::today(),
        },
    );
    print_diagnostics(&units, common.message_format);
    let failed = units.iter().filter(|u| u.failed()).count();
    if failed > 0 {
        eprintln!(
            "policyc: {failed} of {} file(s) have errors; nothing was written",
            units.len()
        );
        return ExitCode::from(1);
    }
    let warnings: usize = units.iter().map(|u| u.compiled.diagnostics.len()).sum();
    if common.deny_warnings && warnings > 0 {
        eprintln!(
            "policyc: {warnings} warning(s) and `--deny-warnings` given; nothing was written"
        );
        return ExitCode::from(1);
    }
    let policies: Vec<_> = units
        .iter()
        .filter_map(|u| u.compiled.policy.as_ref())
        .collect();
    let Some(options) = build_options else {
        eprintln!("policyc: {} file(s) checked, no errors", units.len());
        return ExitCode::SUCCESS;
    };
    let result = driver::check_out_dir(&options.out_dir, &paths)
        .and_then(|()| driver::render_all(&policies, &options))
        .and_then(|outputs| {
            driver::write_outputs(&options.out_dir, &outputs).map(|()| outputs.len())
        });
    match result {
        Ok(count) => {
            eprintln!(
                "policyc: built {} polic{} ({count} files) into {} in {} ms",
                policies.len(),
                if policies.len() == 1 { "y" } else { "ies" },
                options.out_dir.display(),
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e.to_string()),
    }
}

fn dump_templates(args: &TemplatesArgs) -> ExitCode {
    let templates = policyc::render::html::DEFAULT_TEMPLATES;
    if !args.force {
        if let Some((name, _)) = templates
            .iter()
            .find(|(name, _)| args.dump.join(name).exists())
        {
            return usage_error(&format!(
                "`{}` already exists; pass `--force` to replace it",
                args.dump.join(name).display()
            ));
        }
    }
    let outputs: Vec<driver::Output> = templates
        .iter()
        .map(|(name, text)| driver::Output {
            path: PathBuf::from(name),
            text: (*text).to_string(),
        })
        .collect();
    match driver::write_outputs(&args.dump, &outputs) {
        Ok(()) => {
            eprintln!(
                "policyc: wrote {} templates into {}",
                outputs.len(),
                args.dump.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e.to_string()),
    }
}

fn explain(args: &ExplainArgs) -> ExitCode {
    if args.all {
        print!("{}", policyc::explain::errors_markdown());
        return ExitCode::SUCCESS;
    }
    let written = args.code.as_deref().unwrap_or("");
    match policyc::explain::parse_code(written) {
        Some(code) => {
            print!("{}", policyc::explain::explanation(code));
            ExitCode::SUCCESS
        }
        None => {
            let codes = policyc::diagnostic::Code::ALL.iter().map(|c| c.as_str());
            let hint = match policyc::diagnostic::did_you_mean(written, codes) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            usage_error(&format!(
                "no diagnostic has the code `{written}`{hint}; `policyc explain --all` lists them"
            ))
        }
    }
}

fn print_diagnostics(units: &[Unit], format: MessageFormat) {
    let color = format == MessageFormat::Human
        && std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let mut text = String::new();
    for unit in units {
        text.push_str(&report::format(
            &unit.file,
            &unit.compiled.diagnostics,
            format,
            color,
        ));
    }
    match format {
        MessageFormat::Human => eprint!("{text}"),
        MessageFormat::Json | MessageFormat::Github => print!("{text}"),
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

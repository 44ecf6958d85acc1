//! The `policyc` command line: the edge where files are read, diagnostics
//! printed and exit codes chosen. Exit status: 0 ok, 1 invalid policy,
//! 2 usage or I/O error (a file that cannot be read, a bad project file).
//! One module a command; `settings` merges flags over the project file;
//! `output` prints.

mod build;
mod closed;
mod completions;
mod diff;
mod explain;
mod fmt;
mod import;
mod init;
mod output;
mod revision;
mod rules;
mod schema;
mod serve;
mod settings;
mod stream;
mod tally;
mod templates;
mod vocabulary;
mod watch;

use clap::{Args, Parser, Subcommand, ValueHint};
use policyc::driver::Format;
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

// Each subcommand's arguments are defined only when it is the one run
// (`defer`): start-up no longer builds the flags of all sixteen.
#[derive(Subcommand)]
#[command(defer = true)]
enum Command {
    /// Check policies and write their Markdown, HTML and JSON.
    #[command(
        after_help = "Examples:\n  policyc build                         # every .policy under policies/ into site/\n  policyc build privacy.policy --out public --format html,json\n  policyc build corpus/                 # every .policy under corpus/\n\nSettings not given as flags come from policyc.yaml, in this folder or the nearest above it."
    )]
    Build(BuildArgs),
    /// Check policies without writing anything.
    #[command(
        after_help = "Examples:\n  policyc check                         # every .policy under policies/\n  policyc check privacy.policy --message-format github\n  policyc check corpus/                 # every .policy under corpus/\n\nThe policies folder may be set in policyc.yaml, in this folder or the nearest above it."
    )]
    Check(CheckArgs),
    /// Rewrite .policy files in the canonical layout, or check that they are in it.
    #[command(
        after_help = "Examples:\n  policyc fmt                           # every .policy under policies/, rewritten\n  policyc fmt privacy.policy corpus/\n  policyc fmt --check                   # write nothing: print a diff, exit 1 if a file would change\n\nProse is never reflowed, and a file is never written if its compiled policy would change.\nFiles with syntax errors are reported and left alone. The rules are in docs/fmt.md."
    )]
    Fmt(fmt::FmtArgs),
    /// Show what changed between two versions of a policy: facts (material or minor) and wording.
    #[command(
        after_help = "Examples:\n  policyc diff old.policy new.policy\n  policyc diff HEAD~1 -- policies/privacy.policy     # a revision against the working tree\n  policyc diff v1.0 v2.0 -- policies/privacy.policy\n  policyc diff --fail-on material main HEAD -- privacy.policy   # in CI: exit 1 on a material change\n  policyc diff --format md v1.0 v2.0 -- privacy.policy >> CHANGELOG.md\n  policyc diff old.policy new.policy --message-format json      # one change per line\n\nOptions go before `--`. What is material, and why, is in docs/diff.md."
    )]
    Diff(diff::DiffArgs),
    /// Build, then rebuild whenever a policy, a template or policyc.yaml changes.
    #[command(
        after_help = "Examples:\n  policyc watch                         # policies/ into site/, rebuilt on every change\n  policyc watch privacy.policy --out public --format html\n\nTakes the flags of `build`. Only the policies that changed are compiled again; a build with\nerrors prints them and writes nothing, so the last good site stays. Stop with Ctrl-C."
    )]
    Watch(BuildArgs),
    /// Build, serve the site on 127.0.0.1 and reload the browser on every change.
    #[command(
        after_help = "Examples:\n  policyc serve                         # http://127.0.0.1:3000/\n  policyc serve --port 0 --open         # any free port, opened in the browser\n\nTakes the flags of `build` and rebuilds as `watch` does. Pages are served with a small\nlive-reload script; the files written never contain it. Stop with Ctrl-C."
    )]
    Serve(ServeArgs),
    /// Turn a policy published as text, Markdown or HTML into a .policy file.
    #[command(
        after_help = "Examples:\n  policyc import privacy.txt > policies/acme.policy\n  policyc import privacy.html --out policies/acme.policy\n  curl -s https://example.com/privacy | policyc import - --from html\n\nThe report on standard error says what was guessed (title, dates, organisation, contact,\nsection kinds, page chrome left out) and what to check. The result compiles; its prose is the\noriginal's, word for word. An existing --out file is never replaced without --force."
    )]
    Import(import::ImportArgs),
    /// Start a policy project: policyc.yaml, a starter policy, clauses/ and .gitignore.
    #[command(
        after_help = "Examples:\n  policyc init demo && cd demo && policyc build\n  policyc init                          # in the current folder\n\nNo file is ever replaced: when one exists, nothing is written."
    )]
    Init(InitArgs),
    /// Write the default templates to a folder, as a starting point for your own.
    #[command(
        after_help = "Examples:\n  policyc templates --dump my-templates\n  policyc build --templates my-templates"
    )]
    Templates(TemplatesArgs),
    /// List the compliance rules of every profile, or of one.
    #[command(
        after_help = "Examples:\n  policyc rules                         # every rule of every profile\n  policyc rules gdpr\n  policyc rules ccpa --message-format json\n  policyc explain GDPR-13-2-a           # one rule, with a wrong and a right example"
    )]
    Rules(RulesArgs),
    /// Print the vocabulary of data practices (categories, purposes, …) as Markdown.
    #[command(
        after_help = "Examples:\n  policyc vocabulary | less\n  policyc vocabulary > docs/vocabulary.md"
    )]
    Vocabulary,
    /// Print the JSON Schema of the JSON output, or of the coverage matrix.
    #[command(
        after_help = "Examples:\n  policyc schema > policy.schema.json\n  policyc schema coverage > coverage.schema.json"
    )]
    Schema(SchemaArgs),
    /// Explain a diagnostic code, with a wrong and a right example.
    #[command(
        after_help = "Examples:\n  policyc explain E0202\n  policyc explain --all > docs/errors.md"
    )]
    Explain(ExplainArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  policyc completions bash > ~/.local/share/bash-completion/completions/policyc\n  policyc completions zsh > ~/.zfunc/_policyc\n  policyc completions fish > ~/.config/fish/completions/policyc.fish\n  policyc completions powershell >> $PROFILE"
    )]
    Completions(CompletionsArgs),
    /// Run the language server on stdin and stdout, for editors (docs/editors.md).
    #[command(
        after_help = "Editors start it themselves: see docs/editors.md for VS Code, Neovim, Helix and Zed.\nIt speaks the Language Server Protocol on stdin and stdout until `exit`, then exits 0\n(1 when `exit` comes without `shutdown`). Diagnostics are those of `policyc check`, with the\nproject's policyc.yaml found from each policy's folder."
    )]
    Lsp,
    /// Print the manual page, in roff.
    #[command(after_help = "Examples:\n  policyc man > policyc.1 && man ./policyc.1")]
    Man,
}

#[derive(Args)]
struct InitArgs {
    /// The project's folder, made when missing.
    #[arg(default_value = ".", value_name = "DIR", value_hint = ValueHint::DirPath)]
    dir: PathBuf,
}

#[derive(Args)]
struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: clap_complete::Shell,
}

#[derive(Args)]
struct TemplatesArgs {
    /// The folder to write the default templates into.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    dump: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
struct SchemaArgs {
    /// The document whose schema to print.
    #[arg(value_enum, default_value_t = SchemaOf::Policy)]
    document: SchemaOf,
}

/// The JSON documents policyc writes.
#[derive(Clone, Copy, clap::ValueEnum)]
enum SchemaOf {
    /// `ID.json`, the policy's typed model.
    Policy,
    /// `coverage.json`, the compliance coverage matrix.
    Coverage,
}

/// How a listing (`policyc rules`) is printed: github and gitlab
/// report diagnostics on files, which a listing has none of, so they are
/// refused with the values there are rather than printed as `human`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ListFormat {
    /// A list for people.
    Human,
    /// One JSON object per line.
    Json,
}

#[derive(Args)]
struct RulesArgs {
    /// The profile whose rules to list (gdpr, uk-gdpr, ccpa, caloppa, coppa, dpdp, spdi, or
    /// privacy for the base kind) [default: every profile].
    #[arg(value_name = "PROFILE", hide_possible_values = true,
          value_parser = closed::Closed::new(|s| Ok(s.to_string()), rule_set_names))]
    profile: Option<String>,
    /// human (a list, two lines a rule) or json (one object per line).
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    message_format: ListFormat,
    /// Print the Markdown rule reference (docs/rules.md) instead.
    #[arg(long, conflicts_with_all = ["profile", "message_format"])]
    doc: bool,
}

#[derive(Args)]
struct ExplainArgs {
    /// The code, e.g. E0202, or a rule id, e.g. GDPR-13-2-a.
    #[arg(required_unless_present = "all")]
    code: Option<String>,
    /// Print every explanation as one Markdown document.
    #[arg(long, conflicts_with = "code")]
    all: bool,
}

#[derive(Args)]
struct CommonArgs {
    /// The .policy files, or folders of them [default: every .policy file under policies/, or
    /// `policies` in policyc.yaml].
    #[arg(value_name = "PATHS", value_hint = ValueHint::AnyPath)]
    files: Vec<PathBuf>,
    /// How to print problems: human, json (one object per line), github or gitlab (a Code Quality
    /// report).
    #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
    message_format: MessageFormat,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    deny_warnings: bool,
    /// Audit every policy against these profiles as if it claimed them, comma-separated
    /// (gdpr, uk-gdpr, ccpa, caloppa, coppa, dpdp, spdi) [default: `profiles` in policyc.yaml].
    /// `check` reports unmet rules as errors; `build` as warnings, and still writes.
    #[arg(long, value_delimiter = ',', value_name = "PROFILES", hide_possible_values = true,
          value_parser = closed::Closed::new(parse_profile, profile_names))]
    profile: Vec<policyc::model::Profile>,
}

/// A profile keyword, with "did you mean" when misspelt.
fn parse_profile(word: &str) -> Result<policyc::model::Profile, String> {
    use policyc::keyword::Keyword as _;
    policyc::model::Profile::from_keyword(word.trim()).ok_or_else(|| {
        format!(
            "unknown profile `{word}`: {}",
            policyc::model::Profile::help_for(word.trim())
        )
    })
}

/// Every profile keyword, for completions.
fn profile_names() -> Vec<&'static str> {
    use policyc::keyword::Keyword as _;
    policyc::model::Profile::ALL
        .iter()
        .map(|(w, _)| *w)
        .collect()
}

/// Every rule set `policyc rules` lists (the base kind's too), for completions.
fn rule_set_names() -> Vec<&'static str> {
    policyc::check::rules::rule_sets()
        .into_iter()
        .map(|s| s.profile.as_str())
        .collect()
}

/// Every output format's name, for completions.
fn format_names() -> Vec<&'static str> {
    Format::ALL.iter().map(|f| f.name()).collect()
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
    /// The output folder [default: site, or `out` in policyc.yaml].
    #[arg(long, short, value_name = "DIR", value_hint = ValueHint::DirPath)]
    out: Option<PathBuf>,
    /// The formats to write, comma-separated: md, html, json, dpv, xcprivacy, appstore, play, gpc, coverage [default:
    /// md, html and json, or `formats` in policyc.yaml].
    #[arg(long, value_delimiter = ',', value_name = "FORMATS", hide_possible_values = true,
          value_parser = closed::Closed::new(<Format as std::str::FromStr>::from_str, format_names))]
    format: Option<Vec<Format>>,
    /// Start Markdown output with YAML front matter (also `front-matter: true` in policyc.yaml).
    #[arg(long)]
    front_matter: bool,
    /// A folder of templates that replace the defaults by name (see `policyc templates --dump`;
    /// also `templates` in policyc.yaml).
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    templates: Option<PathBuf>,
}

#[derive(Args)]
struct ServeArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// The port to serve on, on 127.0.0.1 only; 0 picks a free one.
    #[arg(long, short, default_value_t = 3000, value_name = "PORT")]
    port: u16,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    open: bool,
}

/// Parses the command line and runs the command, on the real filesystem.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let world = policyc::driver::FsWorld;
    match cli.command {
        Command::Check(args) => build::check(&world, &args.common),
        Command::Fmt(args) => fmt::run(&world, &args),
        Command::Lsp => lsp(),
        Command::Diff(args) => diff::run(&world, &args),
        Command::Build(args) => build::build(&world, &args),
        Command::Watch(args) => watch::run(&world, &args),
        Command::Serve(args) => serve::run(&world, &args),
        Command::Import(args) => import::run(&world, &args),
        Command::Init(args) => init::run(&world, &args),
        Command::Explain(args) => explain::run(&args),
        Command::Templates(args) => templates::run(&world, &args),
        Command::Schema(args) => schema::run(&args),
        Command::Vocabulary => vocabulary::run(),
        Command::Rules(args) => rules::run(&args),
        Command::Completions(args) => completions::completions(args.shell),
        Command::Man => completions::man(),
    }
}

/// The command line's definition, for completion scripts and the manual.
fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// `policyc lsp`: 0 after `shutdown` then `exit`, 1 on `exit` without
/// `shutdown` (as the protocol says), 2 when the client broke the protocol.
fn lsp() -> ExitCode {
    match policyc::lsp::run() {
        Ok(policyc::lsp::Ended::Cleanly) => ExitCode::SUCCESS,
        Ok(policyc::lsp::Ended::Abruptly) => ExitCode::from(1),
        Err(e) => {
            eprintln!("policyc lsp: {e}");
            ExitCode::from(2)
        }
    }
}

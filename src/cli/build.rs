//! `policyc build` and `policyc check`: one run, which `build` ends by
//! writing the outputs.

use super::output::{print_diagnostics, usage_error};
use super::{BuildArgs, CommonArgs};
use policyc::driver::{self, BuildOptions, Unit, World};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Checks the policies and writes nothing.
pub(super) fn check(world: &dyn World, common: &CommonArgs) -> ExitCode {
    run(world, common, None)
}

/// Checks the policies and, when they are valid, writes their outputs.
pub(super) fn build(world: &dyn World, args: &BuildArgs) -> ExitCode {
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let options = BuildOptions {
        out_dir: args.out.clone(),
        formats,
        front_matter: args.front_matter,
        templates: args.templates.clone(),
    };
    run(world, &args.common, Some(options))
}

fn run(world: &dyn World, common: &CommonArgs, build_options: Option<BuildOptions>) -> ExitCode {
    let started = Instant::now();
    let paths = match driver::discover(world, &common.files) {
        Ok(paths) => paths,
        Err(e) => return usage_error(&e.to_string()),
    };
    let options = policyc::Options {
        today: world.today(),
    };
    let units = driver::compile_all(world, &paths, &options);
    print_diagnostics(&units, common.message_format);
    if let Some(refused) = refusal(&units, common.deny_warnings) {
        return refused;
    }
    let Some(options) = build_options else {
        eprintln!("policyc: {} file(s) checked, no errors", units.len());
        return ExitCode::SUCCESS;
    };
    write(world, &units, &paths, &options, started)
}

/// Exit status 1, with the reason on stderr, when a file has errors, or
/// warnings and `--deny-warnings` was given.
fn refusal(units: &[Unit], deny_warnings: bool) -> Option<ExitCode> {
    let failed = units.iter().filter(|u| u.failed()).count();
    if failed > 0 {
        eprintln!(
            "policyc: {failed} of {} file(s) have errors; nothing was written",
            units.len()
        );
        return Some(ExitCode::from(1));
    }
    let warnings: usize = units.iter().map(|u| u.compiled.diagnostics.len()).sum();
    if deny_warnings && warnings > 0 {
        eprintln!(
            "policyc: {warnings} warning(s) and `--deny-warnings` given; nothing was written"
        );
        return Some(ExitCode::from(1));
    }
    None
}

/// Renders every policy and writes the outputs.
fn write(
    world: &dyn World,
    units: &[Unit],
    paths: &[PathBuf],
    options: &BuildOptions,
    started: Instant,
) -> ExitCode {
    let policies: Vec<_> = units
        .iter()
        .filter_map(|u| u.compiled.policy.as_ref())
        .collect();
    let result = driver::check_out_dir(world, &options.out_dir, paths)
        .and_then(|()| driver::render_all(&policies, options))
        .and_then(|outputs| {
            driver::write_outputs(world, &options.out_dir, &outputs).map(|()| outputs.len())
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

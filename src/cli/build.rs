//! `policyc build` and `policyc check`: one run, which `build` ends by
//! writing the outputs.

use super::output::{print_file_diagnostic, usage_error};
use super::tally::Tally;
use super::{BuildArgs, CommonArgs, settings};
use policyc::check::rules::Audit;
use policyc::driver::{self, BuildError, BuildOptions, Format, Unit, World};
use policyc::model::Profile;
use policyc::project::Project;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// Checks the policies and writes nothing.
pub(super) fn check(world: &dyn World, common: &CommonArgs) -> ExitCode {
    match settings::project(world, common.message_format) {
        Ok(project) => run(world, common, &project, None),
        Err(code) => code,
    }
}

/// Checks the policies and, when they are valid, writes their outputs.
pub(super) fn build(world: &dyn World, args: &BuildArgs) -> ExitCode {
    match settings::project(world, args.common.message_format) {
        Ok(project) => {
            let options = settings::build_options(&project, args);
            run(world, &args.common, &project, Some(options))
        }
        Err(code) => code,
    }
}

/// The profiles to audit: `--profile`, else `profiles` in policyc.yaml.
pub(super) fn audited(common: &CommonArgs, project: &Project) -> Vec<Profile> {
    if common.profile.is_empty() {
        project.profiles.clone()
    } else {
        common.profile.clone()
    }
}

fn run(
    world: &dyn World,
    common: &CommonArgs,
    project: &Project,
    build_options: Option<BuildOptions>,
) -> ExitCode {
    let started = Instant::now();
    let command = if build_options.is_some() {
        "build"
    } else {
        "check"
    };
    let paths = match driver::discover_for(world, &common.files, &project.policies, command) {
        Ok(paths) => paths,
        Err(e) => return usage_error(&nothing_to_do(&e, project, &common.files)),
    };
    let options = policyc::Options {
        today: world.today(),
        default_language: project.language.clone(),
        audit: audited(common, project),
        audit_mode: if build_options.is_some() {
            Audit::Report
        } else {
            Audit::Strict
        },
    };
    match build_options {
        Some(build) => {
            super::stream::build(world, common, project, &paths, &options, &build, started)
        }
        None => check_files(world, common, project, &paths, &options),
    }
}

/// `check`: compiles the files a window at a time, keeping only what it
/// prints, then prints it and judges.
fn check_files(
    world: &dyn World,
    common: &CommonArgs,
    project: &Project,
    paths: &[PathBuf],
    options: &policyc::Options,
) -> ExitCode {
    let mut tally = Tally::new(common.message_format);
    driver::compile_windows(world, paths, options, |units| tally.add(units));
    tally.print();
    if let Some(refused) = tally.refusal(common.deny_warnings, false) {
        return refused;
    }
    if let Err(code) = signoffs(world, project, None, common) {
        return code;
    }
    eprintln!("policyc: {} file(s) checked, no errors", tally.files);
    ExitCode::SUCCESS
}

/// The project's folder: that of its `policyc.yaml`, else the working
/// folder (empty).
pub(super) fn project_root(project: &Project) -> PathBuf {
    project
        .file
        .as_ref()
        .and_then(|f| f.parent())
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The project's coverage sign-offs when the coverage matrix is built,
/// or checked when `options` is `None` (`check`, so CI finds a bad file
/// before a build does); a file that cannot be used is reported, located,
/// and stops the run (exit status 1, nothing written).
pub(super) fn signoffs(
    world: &dyn World,
    project: &Project,
    options: Option<&BuildOptions>,
    common: &CommonArgs,
) -> Result<driver::SignOffs, ExitCode> {
    load_signoffs(world, project, options)
        .map_err(|e| signoff_refusal(&e, options.is_some(), common))
}

/// The project's sign-offs as [`signoffs`] reads them, nothing printed.
pub(super) fn load_signoffs(
    world: &dyn World,
    project: &Project,
    options: Option<&BuildOptions>,
) -> Result<driver::SignOffs, driver::SignOffError> {
    if options.is_some_and(|o| !o.formats.contains(&Format::Coverage)) {
        return Ok(driver::SignOffs::default());
    }
    driver::load_signoffs(world, &project_root(project), world.today())
}

/// Prints why the sign-off file cannot be used; exit status 1.
pub(super) fn signoff_refusal(
    e: &driver::SignOffError,
    writing: bool,
    common: &CommonArgs,
) -> ExitCode {
    for diagnostic in &e.diagnostics {
        print_file_diagnostic(&e.file, diagnostic, common.message_format);
    }
    eprintln!(
        "policyc: the sign-off file `{}` could not be used{}",
        e.file.name,
        if writing { "; nothing was written" } else { "" }
    );
    ExitCode::from(1)
}

/// Prints a compiled build's diagnostics; the exit status, with the
/// reason printed, when the build stops there (see [`Tally::refusal`]).
pub(super) fn report(units: &[Unit], common: &CommonArgs, writing: bool) -> Option<ExitCode> {
    let tally = Tally::of(units, common.message_format);
    tally.print();
    tally.refusal(common.deny_warnings, writing)
}

/// Why discovery found nothing: in a project, which setting named the
/// folder; outside one, how to start one.
pub(super) fn nothing_to_do(error: &BuildError, project: &Project, named: &[PathBuf]) -> String {
    match (error, &project.file) {
        (BuildError::NoInputs(why), Some(file)) if named.is_empty() => {
            format!("{why} (the `policies` folder of `{}`)", file.display())
        }
        (BuildError::NoInputs(why), None) if named.is_empty() => {
            format!("{why}, or start a project with `policyc init`")
        }
        _ => error.to_string(),
    }
}

/// Renders every valid policy of `units` (held whole, as `watch` holds
/// them) into a staging folder and moves the outputs into place (files
/// that would not change are left alone), removing those of the last
/// build that this one no longer writes: what was done, or exit status 2
/// with the reason printed.
pub(super) fn write(
    world: &dyn World,
    units: &[Unit],
    paths: &[PathBuf],
    options: &BuildOptions,
    coverage: &driver::CoverageInputs<'_>,
) -> Result<driver::Committed, ExitCode> {
    let policies: Vec<_> = units
        .iter()
        .filter_map(|u| u.compiled.policy.as_ref())
        .collect();
    let written = || -> Result<driver::Committed, BuildError> {
        driver::check_out_dir(world, &options.out_dir, paths)?;
        let renderers = driver::Renderers::new(options)?;
        let staging = driver::Staging::begin(world, &options.out_dir)?;
        let with = driver::RenderWith {
            world,
            options,
            renderers: &renderers,
            coverage,
        };
        driver::stage_units(&staging, units, &with)?;
        staging.put(driver::render_site(&policies, &renderers, options)?)?;
        staging.commit()
    };
    written().map_err(|e| usage_error(&e.to_string()))
}

/// The line that ends a build that wrote: how many policies and files,
/// how many of the files `changed` when it is known (a rebuild), where,
/// and how long it took.
pub(super) fn built(
    policies: usize,
    files: usize,
    changed: Option<usize>,
    options: &BuildOptions,
    started: Instant,
) -> String {
    let changed = changed
        .map(|n| format!(", {n} changed"))
        .unwrap_or_default();
    format!(
        "policyc: built {policies} polic{} ({files} files{changed}) into {} in {} ms",
        if policies == 1 { "y" } else { "ies" },
        options.out_dir.display(),
        started.elapsed().as_millis()
    )
}

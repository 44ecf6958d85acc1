//! `policyc build` and `policyc check`: one run, which `build` ends by
//! writing the outputs.

use super::output::{print_diagnostics, print_file_diagnostic, usage_error};
use super::{BuildArgs, CommonArgs, settings};
use policyc::check::rules::Audit;
use policyc::diagnostic::Code;
use policyc::driver::{self, BuildError, BuildOptions, Format, Output, Unit, World};
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
    let mut units = driver::compile_all(world, &paths, &options);
    if let Some(build) = &build_options {
        driver::add_export_gaps(&mut units, &build.formats);
    }
    if let Some(refused) = report(&units, common, build_options.is_some()) {
        return refused;
    }
    let signoffs = match signoffs(world, project, build_options.as_ref(), common) {
        Ok(signoffs) => signoffs,
        Err(code) => return code,
    };
    let Some(options) = build_options else {
        eprintln!("policyc: {} file(s) checked, no errors", units.len());
        return ExitCode::SUCCESS;
    };
    let coverage = driver::CoverageInputs {
        audited: &audited(common, project),
        root: &project_root(project),
        signoffs: &signoffs,
    };
    match write(world, &units, &paths, &options, &coverage) {
        Ok(wrote) => {
            let files = wrote.outputs.len();
            eprintln!("{}", built(&units, files, None, &options, started));
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
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
    if options.is_some_and(|o| !o.formats.contains(&Format::Coverage)) {
        return Ok(driver::SignOffs::default());
    }
    driver::load_signoffs(world, &project_root(project), world.today()).map_err(|e| {
        for diagnostic in &e.diagnostics {
            print_file_diagnostic(&e.file, diagnostic, common.message_format);
        }
        eprintln!(
            "policyc: the sign-off file `{}` could not be used{}",
            e.file.name,
            if options.is_some() {
                "; nothing was written"
            } else {
                ""
            }
        );
        ExitCode::from(1)
    })
}

/// Prints a compiled build's diagnostics; the exit status, with the
/// reason printed, when the build stops there (see [`refusal`]).
pub(super) fn report(units: &[Unit], common: &CommonArgs, writing: bool) -> Option<ExitCode> {
    print_diagnostics(units, common.message_format);
    refusal(units, common.deny_warnings, writing)
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

/// The exit status, with the reason on stderr, when the build stops here:
/// 2 when a file could not be read (an I/O error, as a missing input is
/// to cargo and rustc), 1 when a file has errors, or warnings and
/// `--deny-warnings` was given. `writing` says whether this is a build,
/// whose outputs are then not written.
fn refusal(units: &[Unit], deny_warnings: bool, writing: bool) -> Option<ExitCode> {
    let outcome = if writing { "; nothing was written" } else { "" };
    let count = |pick: fn(&Unit) -> bool| units.iter().filter(|u| pick(u)).count();
    let unreadable = count(|u| {
        u.compiled
            .diagnostics
            .iter()
            .any(|d| d.code == Code::Unreadable)
    });
    if unreadable > 0 {
        eprintln!(
            "policyc: {unreadable} of {} file(s) could not be read{outcome}",
            units.len()
        );
        return Some(ExitCode::from(2));
    }
    let failed = count(Unit::failed);
    if failed > 0 {
        eprintln!(
            "policyc: {failed} of {} file(s) have errors{outcome}",
            units.len()
        );
        return Some(ExitCode::from(1));
    }
    let warnings: usize = units.iter().map(|u| u.compiled.diagnostics.len()).sum();
    if deny_warnings && warnings > 0 {
        eprintln!("policyc: {warnings} warning(s) and `--deny-warnings` given{outcome}");
        return Some(ExitCode::from(1));
    }
    None
}

/// What a build wrote into its output folder.
pub(super) struct Wrote {
    /// Every output, written or (holding the same bytes) left alone.
    pub outputs: Vec<Output>,
    /// What an earlier build wrote there and this one removed, relative to
    /// the output folder (see `driver::write_build`).
    pub removed: Vec<PathBuf>,
}

/// Renders every valid policy and writes the outputs (files that would
/// not change are left alone), removing those of the last build that
/// this one no longer writes: what was written and removed, or exit
/// status 2 with the reason printed.
pub(super) fn write(
    world: &dyn World,
    units: &[Unit],
    paths: &[PathBuf],
    options: &BuildOptions,
    coverage: &driver::CoverageInputs<'_>,
) -> Result<Wrote, ExitCode> {
    let policies: Vec<_> = units
        .iter()
        .filter_map(|u| u.compiled.policy.as_ref())
        .collect();
    driver::check_out_dir(world, &options.out_dir, paths)
        .and_then(|()| driver::render_all(&policies, options))
        .and_then(|mut outputs| {
            if options.formats.contains(&Format::Coverage) {
                outputs.extend(driver::render_coverage(world, units, coverage, options)?);
            }
            Ok(outputs)
        })
        .and_then(|outputs| {
            let removed = driver::write_build(world, &options.out_dir, &outputs)?;
            Ok(Wrote { outputs, removed })
        })
        .map_err(|e| usage_error(&e.to_string()))
}

/// The line that ends a build that wrote: how many policies and files,
/// how many of the files `changed` when it is known (a rebuild), where,
/// and how long it took.
pub(super) fn built(
    units: &[Unit],
    files: usize,
    changed: Option<usize>,
    options: &BuildOptions,
    started: Instant,
) -> String {
    let policies = units.iter().filter(|u| u.compiled.policy.is_some()).count();
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

//! `policyc build` as a stream: the files compiled a window at a time, in
//! order; while no file has refused the build, each window's valid
//! policies rendered and staged at once (`driver::Staging`), and only what
//! the end needs kept — the diagnostics as printed, counts, and what the
//! site's index and `gpc.json` read of each policy (`driver::listed`). So
//! memory does not grow with the number of policies. Once every file is
//! compiled the build is judged as before; a refused build drops the
//! staging folder, and the output folder stays as it was.

use super::CommonArgs;
use super::build::{audited, built, load_signoffs, project_root, signoff_refusal};
use super::output::usage_error;
use super::tally::Tally;
use policyc::driver::{self, BuildError, BuildOptions, Renderers, Staging, Unit, World};
use policyc::model::Policy;
use policyc::project::Project;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

/// What the staging of a build has made so far.
struct Staged<'w> {
    /// Made at the first window with a policy to write.
    staging: Option<Staging<'w>>,
    /// What the site-wide files read of each policy staged, in order.
    listed: Vec<Policy>,
    /// The first error of rendering or writing: nothing more is staged,
    /// and it is reported once the diagnostics are.
    stopped: Option<BuildError>,
}

impl<'w> Staged<'w> {
    /// Renders and stages the window's valid policies, keeping what the
    /// site-wide files need of each.
    fn window(&mut self, world: &'w dyn World, units: &mut [Unit], with: &driver::RenderWith<'_>) {
        if self.stopped.is_some() {
            return;
        }
        let staging = match self.staging.take() {
            Some(staging) => staging,
            None => match Staging::begin(world, &with.options.out_dir) {
                Ok(staging) => staging,
                Err(e) => {
                    self.stopped = Some(e);
                    return;
                }
            },
        };
        if let Err(e) = driver::stage_units(&staging, units, with) {
            self.stopped = Some(e);
        }
        self.staging = Some(staging);
        let policies = units.iter_mut().filter_map(|u| u.compiled.policy.take());
        self.listed.extend(policies.map(driver::listed));
    }
}

/// Compiles, checks and (when every file is valid) writes the outputs of
/// `paths`, as `build` has always done, one window of files at a time.
pub(super) fn build(
    world: &dyn World,
    common: &CommonArgs,
    project: &Project,
    paths: &[PathBuf],
    options: &policyc::Options,
    build: &BuildOptions,
    started: Instant,
) -> ExitCode {
    let signoffs = load_signoffs(world, project, Some(build));
    let ready =
        driver::check_out_dir(world, &build.out_dir, paths).and_then(|()| Renderers::new(build));
    let none = driver::SignOffs::default();
    let audited = audited(common, project);
    let root = project_root(project);
    let coverage = driver::CoverageInputs {
        audited: &audited,
        root: &root,
        signoffs: signoffs.as_ref().unwrap_or(&none),
    };
    let mut tally = Tally::new(common.message_format);
    let mut staged = Staged {
        staging: None,
        listed: Vec::new(),
        stopped: None,
    };
    driver::compile_windows(world, paths, options, |units| {
        driver::add_export_gaps(units, &build.formats);
        tally.add(units);
        if let (Ok(renderers), Ok(_)) = (&ready, &signoffs) {
            if !tally.refused(common.deny_warnings) {
                let with = driver::RenderWith {
                    world,
                    options: build,
                    renderers,
                    coverage: &coverage,
                };
                staged.window(world, units, &with);
            }
        }
    });
    tally.print();
    if let Some(refused) = tally.refusal(common.deny_warnings, true) {
        return refused;
    }
    let renderers = match (signoffs, ready, staged.stopped) {
        (Err(e), _, _) => return signoff_refusal(&e, true, common),
        (_, Err(e), _) | (_, _, Some(e)) => return usage_error(&e.to_string()),
        (Ok(_), Ok(renderers), None) => renderers,
    };
    let listed: Vec<&Policy> = staged.listed.iter().collect();
    let finish = || -> Result<driver::Committed, BuildError> {
        let staging = match staged.staging {
            Some(staging) => staging,
            None => Staging::begin(world, &build.out_dir)?,
        };
        staging.put(driver::render_site(&listed, &renderers, build)?)?;
        staging.commit()
    };
    match finish() {
        Ok(committed) => {
            let files = committed.outputs.len();
            eprintln!("{}", built(tally.policies, files, None, build, started));
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e.to_string()),
    }
}

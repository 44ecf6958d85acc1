//! Builds that stream: the files compiled a window at a time, in order, so
//! a build holds a window's sources, models and outputs, never all of
//! them; each window's valid policies rendered and staged ([`Staging`])
//! before the next is read.

use super::compile::{IdClaims, compile_files};
use super::coverage::{CoverageInputs, coverage_of};
use super::render::{BuildOptions, Renderers, render_policy};
use super::staging::Staging;
use super::{BuildError, Format, Unit, World};
use crate::Options;
use rayon::prelude::*;
use std::path::PathBuf;

/// How many files are compiled, and rendered, together: enough to keep
/// every core busy and make the pauses between windows rare, few enough
/// that a window's sources, models and outputs stay a few MB.
pub const WINDOW: usize = 32;

/// Compiles `paths` a window of [`WINDOW`] files at a time, in order, and
/// hands each window's units to `each`, then drops them. The units are
/// those [`compile_all`](super::compile_all) makes — numbered by their
/// place in `paths`, a policy whose id an earlier file uses refused — so
/// `each` sees every diagnostic in the same order.
pub fn compile_windows(
    world: &dyn World,
    paths: &[PathBuf],
    options: &Options,
    mut each: impl FnMut(&mut [Unit]),
) {
    let mut claims = IdClaims::default();
    for (n, window) in paths.chunks(WINDOW).enumerate() {
        let mut units = compile_files(world, window, n * WINDOW, options);
        claims.refuse(&mut units);
        each(&mut units);
    }
}

/// What rendering a unit needs besides the unit: the build's options and
/// renderers, and for `--format coverage` the world and the coverage
/// inputs.
pub struct RenderWith<'a> {
    /// The world (coverage reads the project's files through it).
    pub world: &'a dyn World,
    /// The build's options.
    pub options: &'a BuildOptions,
    /// The renderers, made once a build.
    pub renderers: &'a Renderers,
    /// The coverage matrix's inputs.
    pub coverage: &'a CoverageInputs<'a>,
}

/// Renders each valid unit of `units` in every format and stages its
/// outputs, the units in parallel (one alone on this thread); the first
/// error.
pub fn stage_units(
    staging: &Staging<'_>,
    units: &[Unit],
    with: &RenderWith<'_>,
) -> Result<(), BuildError> {
    let stage = |unit: &Unit| -> Result<(), BuildError> {
        let Some(policy) = &unit.compiled.policy else {
            return Ok(());
        };
        let mut outputs = render_policy(policy, with.renderers, with.options)?;
        if with.options.formats.contains(&Format::Coverage) {
            outputs.extend(coverage_of(
                with.world,
                unit,
                with.coverage,
                with.renderers,
            )?);
        }
        staging.put(outputs)
    };
    let valid = units.iter().filter(|u| u.compiled.policy.is_some()).count();
    if valid < 2 {
        return units.iter().try_for_each(stage);
    }
    units.par_iter().try_for_each(stage)
}

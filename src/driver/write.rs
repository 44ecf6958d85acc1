//! Writing a build's outputs: the output folder checked against the
//! sources, then every file replaced atomically.

use super::world::World;
use super::{BuildError, Output};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Refuses an output folder that holds any of the sources.
pub fn check_out_dir(
    world: &dyn World,
    out_dir: &Path,
    sources: &[PathBuf],
) -> Result<(), BuildError> {
    let Ok(out) = world.canonicalize(out_dir) else {
        return Ok(());
    };
    for source in sources {
        if let Ok(source) = world.canonicalize(source) {
            if source.starts_with(&out) {
                return Err(BuildError::OutputIsSource(out_dir.to_path_buf()));
            }
        }
    }
    Ok(())
}

/// Writes every output atomically ([`World::write`]), in parallel, creating
/// the folders first. The first error is returned.
pub fn write_outputs(
    world: &dyn World,
    out_dir: &Path,
    outputs: &[Output],
) -> Result<(), BuildError> {
    let mut dirs: Vec<PathBuf> = outputs
        .iter()
        .filter_map(|o| out_dir.join(&o.path).parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in &dirs {
        world
            .create_dir_all(dir)
            .map_err(|e| BuildError::Write(dir.clone(), e))?;
    }
    outputs.par_iter().try_for_each(|output| {
        let target = out_dir.join(&output.path);
        world
            .write(&target, output.text.as_bytes())
            .map_err(|e| BuildError::Write(target, e))
    })
}

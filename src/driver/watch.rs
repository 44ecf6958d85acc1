//! Builds that run again and again (`policyc watch`, `policyc serve`, a
//! language server): [`Incremental`] keeps what each file compiled to and
//! compiles again only the files that changed, so a rebuild after one
//! edit costs one compile, plus rendering (cheap) and writing (which leaves
//! files holding the same bytes alone).

use super::compile::{compile_read, file_id, read_numbered, refuse_duplicate_ids};
use super::world::World;
use super::{Unit, read_source_in};
use crate::Options;
use crate::source::{FileId, SourceFile};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the files of the last build compiled to, to be reused by the next.
///
/// A file's last result is taken as it is when its text, the text of each
/// clause file it included, its number in the build (diagnostics carry
/// it) and today's date (the "date in the future" warning) are all as
/// they were, and it had no errors: what an error reports may depend on a
/// file that did not exist yet (a clause file), so a file with errors is
/// always compiled again. The result is the same as [`compile_all`](super::compile_all)'s,
/// the check that two policies share no id included.
#[derive(Default)]
pub struct Incremental {
    /// The paths of the last build, in its order.
    paths: Vec<PathBuf>,
    /// What each of `paths` compiled to, on its own.
    units: Vec<Unit>,
    /// The date the units were checked against.
    today: Option<crate::model::Date>,
    /// How many files the last build compiled (the rest were reused).
    compiled: usize,
}

impl Incremental {
    /// A cache with nothing in it: the first build compiles every file.
    pub fn new() -> Self {
        Incremental::default()
    }

    /// Reads every file of `paths` and compiles those that changed since
    /// the last call; file `i` is `FileId(i)`, as in [`compile_all`](super::compile_all).
    pub fn compile(&mut self, world: &dyn World, paths: &[PathBuf], options: &Options) -> &[Unit] {
        let mut previous: HashMap<PathBuf, Unit> = HashMap::new();
        if self.today == options.today {
            previous = self.paths.drain(..).zip(self.units.drain(..)).collect();
        }
        let slots: Vec<Slot> = paths
            .iter()
            .enumerate()
            .map(|(i, path)| slot(world, file_id(i), path, previous.remove(path)))
            .collect();
        self.compiled = slots
            .iter()
            .filter(|s| matches!(s, Slot::ToCompile(..)))
            .count();
        let mut units: Vec<Unit> = slots
            .into_par_iter()
            .map(|slot| match slot {
                Slot::Ready(unit) => *unit,
                Slot::ToCompile(file, path) => compile_read(world, file, &path, options),
            })
            .collect();
        // A unit refused for its id has an error, so it is compiled again
        // next time, as every unit with errors is.
        refuse_duplicate_ids(&mut units);
        self.today = options.today;
        self.paths = paths.to_vec();
        self.units = units;
        &self.units
    }

    /// The last build's units with what the formats being built need and
    /// the policies do not state (`add_export_gaps`), as `build` reports
    /// it; a reused unit's earlier reports are replaced, not repeated.
    pub fn check_exports(&mut self, formats: &[super::Format]) -> &[Unit] {
        super::add_export_gaps(&mut self.units, formats);
        &self.units
    }

    /// How many files the last [`Incremental::compile`] compiled; the
    /// others were unchanged and reused.
    pub fn compiled(&self) -> usize {
        self.compiled
    }
}

/// One file of a build before compiling: ready (unchanged, or unreadable),
/// or to compile.
enum Slot {
    Ready(Box<Unit>),
    ToCompile(SourceFile, PathBuf),
}

/// Reads `path`; the unit it compiled to last time when that may be
/// reused (see [`Incremental`]). A file that cannot be read is a unit
/// holding the reason, as in [`compile_all`](super::compile_all).
fn slot(world: &dyn World, id: FileId, path: &Path, before: Option<Unit>) -> Slot {
    let file = match read_numbered(world, id, path) {
        Ok(file) => file,
        Err(unreadable) => return Slot::Ready(Box::new(unreadable)),
    };
    match before {
        Some(unit)
            if unit.file.id == id && unit.file.text == file.text && reusable(world, &unit) =>
        {
            Slot::Ready(Box::new(unit))
        }
        _ => Slot::ToCompile(file, path.to_path_buf()),
    }
}

/// Whether a unit whose own text is unchanged may be taken as it is: no
/// errors, and every clause file it included still reads the same.
fn reusable(world: &dyn World, unit: &Unit) -> bool {
    !unit.failed()
        && unit.compiled.included.iter().all(|clause| {
            read_source_in(world, Path::new(&clause.name)).is_ok_and(|now| now.text == clause.text)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::driver::MemoryWorld;
    use crate::driver::compile_all;

    const MINIMAL: &str = include_str!("../../examples/minimal.policy");

    fn codes(units: &[Unit]) -> Vec<Vec<Code>> {
        units
            .iter()
            .map(|u| u.compiled.diagnostics.iter().map(|d| d.code).collect())
            .collect()
    }

    #[test]
    fn only_changed_files_are_compiled_again_and_the_result_is_a_full_builds() {
        let world = MemoryWorld::new();
        world.insert("p/a.policy", MINIMAL);
        world.insert("p/b.policy", MINIMAL.replace("minimal-privacy", "b"));
        let paths = [PathBuf::from("p/a.policy"), PathBuf::from("p/b.policy")];
        let options = Options::default();
        let mut cache = Incremental::new();
        assert_eq!(cache.compile(&world, &paths, &options).len(), 2);
        assert_eq!(cache.compiled(), 2);
        cache.compile(&world, &paths, &options);
        assert_eq!(cache.compiled(), 0, "nothing changed");
        world.insert("p/b.policy", MINIMAL.replace("minimal-privacy", "b c"));
        let units = cache.compile(&world, &paths, &options);
        assert_eq!(codes(units), codes(&compile_all(&world, &paths, &options)));
        assert_eq!(cache.compiled(), 1);
    }

    #[test]
    fn a_file_with_errors_or_an_edited_clause_is_compiled_again() {
        let world = MemoryWorld::new();
        let paths = [PathBuf::from("p/a.policy")];
        let options = Options::default();
        let mut cache = Incremental::new();
        let units = cache.compile(&world, &paths, &options);
        assert_eq!(codes(units), [vec![Code::Unreadable]]);
        world.insert("p/a.policy", "");
        let units = cache.compile(&world, &paths, &options);
        assert_ne!(codes(units), [vec![Code::Unreadable]], "read again");
        cache.compile(&world, &paths, &options);
        assert_eq!(cache.compiled(), 1, "a file with errors, every time");

        let including = MINIMAL.replace("  section use", "  include \"use.clause\"\n  section use");
        world.insert("p/a.policy", including);
        world.insert("p/use.clause", "text \"Used.\"\n");
        let units = cache.compile(&world, &paths, &options);
        assert_eq!(codes(units), [vec![]]);
        cache.compile(&world, &paths, &options);
        assert_eq!(cache.compiled(), 0);
        world.insert("p/use.clause", "text \"${nothing}\"\n");
        let units = cache.compile(&world, &paths, &options);
        assert_eq!(codes(units), [vec![Code::UnknownReference]]);
    }

    #[test]
    fn a_file_renumbered_or_a_shared_id_compiles_as_a_full_build() {
        let world = MemoryWorld::new();
        world.insert("p/b.policy", MINIMAL);
        let options = Options::default();
        let mut cache = Incremental::new();
        cache.compile(&world, &[PathBuf::from("p/b.policy")], &options);
        world.insert("p/a.policy", MINIMAL);
        let paths = [PathBuf::from("p/a.policy"), PathBuf::from("p/b.policy")];
        let units = cache.compile(&world, &paths, &options);
        let ids: Vec<u32> = units.iter().map(|u| u.file.id.0).collect();
        assert_eq!(ids, [0, 1]);
        assert_eq!(codes(units), [vec![], vec![Code::Duplicate]]);
        world.insert("p/a.policy", MINIMAL.replace("minimal-privacy", "a"));
        let units = cache.compile(&world, &paths, &options);
        assert_eq!(codes(units), [vec![], vec![]], "the duplicate is gone");
        assert_eq!(cache.compiled(), 2, "nothing reused after a fallback");
    }
}

//! `policyc watch`: build, then build again each time a source, the
//! policies folder (a new file), the templates or the project file
//! changes. Each rebuild is a `build`: the same settings, the same
//! diagnostics, nothing written when it fails, so the last good site stays.
//! Only the files whose text changed are compiled again. [`Session`] is
//! shared with `policyc serve`.

use super::build::{built, nothing_to_do, project_root, report, signoffs, write};
use super::output::usage_error;
use super::{BuildArgs, settings};
use policyc::driver::watch::Incremental;
use policyc::driver::{self, BuildOptions, World};
use policyc::project::{PROJECT_FILE, Project};
use policyc::serve::watch::{Backend, Watched, Watcher};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Builds, then rebuilds on every change until interrupted (Ctrl-C).
pub(super) fn run(world: &dyn World, args: &BuildArgs) -> ExitCode {
    let (mut session, paths) = match Session::new(world, args) {
        Ok(found) => found,
        Err(code) => return code,
    };
    session.first_build(&paths);
    eprintln!(
        "policyc: watching {} for changes (Ctrl-C to stop)",
        session.watching()
    );
    session.say_how_changes_are_seen();
    loop {
        session.next();
    }
}

/// What one build of a session did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Rebuilt {
    /// It wrote the site; `changed` outputs differ from the last build's
    /// (every output, on the first build).
    Wrote { changed: usize },
    /// It stopped before writing: the reason is printed and the site is
    /// as the last good build left it.
    Refused,
}

/// A build that runs again on every change: its settings (read again when
/// the project file changes), what it compiled, what it watches and what
/// it wrote.
pub(super) struct Session<'a> {
    world: &'a dyn World,
    args: &'a BuildArgs,
    project: Project,
    options: BuildOptions,
    compiler: Incremental,
    watcher: Watcher,
    /// Whether a build has written the site: later ones say how many
    /// files they changed.
    built_once: bool,
}

impl<'a> Session<'a> {
    /// Reads the settings and finds the files to build, which
    /// [`Session::first_build`] then builds. As `build`, a bad project file
    /// or nothing to build is exit status 2, printed.
    pub(super) fn new(
        world: &'a dyn World,
        args: &'a BuildArgs,
    ) -> Result<(Self, Vec<PathBuf>), ExitCode> {
        let project = settings::project(world, args.common.message_format)?;
        let options = settings::build_options(&project, args);
        let named = &args.common.files;
        let paths = driver::discover_for(world, named, &project.policies, "watch")
            .map_err(|e| usage_error(&nothing_to_do(&e, &project, named)))?;
        let watched = watched(world, &project, &options, named, &[]);
        let watcher = Watcher::new(watched, Backend::from_env());
        let session = Session {
            world,
            args,
            project,
            options,
            compiler: Incremental::new(),
            watcher,
            built_once: false,
        };
        Ok((session, paths))
    }

    /// Builds the files [`Session::new`] found. A policy with errors is
    /// printed, and watched until it is fixed.
    pub(super) fn first_build(&mut self, paths: &[PathBuf]) -> Rebuilt {
        self.build(paths, Instant::now())
    }

    /// The folder the site is written to.
    pub(super) fn out_dir(&self) -> &Path {
        &self.options.out_dir
    }

    /// What is watched, for people: `policies/, templates/ and policyc.yaml`.
    pub(super) fn watching(&self) -> String {
        let watched = self.watcher.watched();
        let folders = watched
            .folders
            .iter()
            .map(|(dir, _)| format!("{}/", dir.display().to_string().trim_end_matches('/')));
        let files = watched.files.iter().map(|f| f.display().to_string());
        names(folders.chain(files).collect())
    }

    /// Prints, when changes are polled for rather than notified, how
    /// often and why.
    pub(super) fn say_how_changes_are_seen(&self) {
        if let Some(why) = self.watcher.polling() {
            let every = policyc::serve::watch::INTERVAL.as_millis();
            eprintln!("policyc: changes are polled for every {every} ms ({why})");
        }
    }

    /// Sleeps until something watched changes, then rebuilds.
    pub(super) fn next(&mut self) -> Rebuilt {
        let changed = self.watcher.wait();
        let changed = changed.iter().map(|p| p.display().to_string()).collect();
        eprintln!("policyc: {} changed; rebuilding", names(changed));
        self.rebuild()
    }

    /// Reads the settings again (the project file may have changed), finds
    /// the files again (one may be new) and builds.
    fn rebuild(&mut self) -> Rebuilt {
        let started = Instant::now();
        let Ok(project) = settings::project(self.world, self.args.common.message_format) else {
            eprintln!("policyc: nothing was written");
            return Rebuilt::Refused;
        };
        if project != self.project {
            // Where clause files may come from depends on the project file.
            self.compiler = Incremental::new();
        }
        self.options = settings::build_options(&project, self.args);
        self.project = project;
        let named = &self.args.common.files;
        let found = driver::discover_for(self.world, named, &self.project.policies, "watch");
        match found {
            Ok(paths) => self.build(&paths, started),
            Err(e) => {
                let watched = watched(self.world, &self.project, &self.options, named, &[]);
                self.watcher.watch(watched);
                usage_error(&nothing_to_do(&e, &self.project, named));
                Rebuilt::Refused
            }
        }
    }

    /// Compiles what changed, watches what it read (clause files
    /// included), prints the diagnostics as `build` does and, when nothing
    /// refuses the build, writes the site.
    fn build(&mut self, paths: &[PathBuf], started: Instant) -> Rebuilt {
        let options = policyc::Options {
            today: self.world.today(),
            default_language: self.project.language.clone(),
            audit: super::build::audited(&self.args.common, &self.project),
            audit_mode: policyc::check::rules::Audit::Report,
        };
        self.compiler.compile(self.world, paths, &options);
        let units = self.compiler.check_exports(&self.options.formats);
        let named = &self.args.common.files;
        let clauses = units.iter().flat_map(|u| &u.compiled.included);
        let included: Vec<PathBuf> = clauses.map(|c| PathBuf::from(&c.name)).collect();
        let watched = watched(self.world, &self.project, &self.options, named, &included);
        self.watcher.watch(watched);
        if report(units, &self.args.common, true).is_some() {
            return Rebuilt::Refused;
        }
        let Ok(signoffs) = signoffs(
            self.world,
            &self.project,
            Some(&self.options),
            &self.args.common,
        ) else {
            return Rebuilt::Refused;
        };
        let coverage = policyc::driver::CoverageInputs {
            audited: &super::build::audited(&self.args.common, &self.project),
            root: &project_root(&self.project),
            signoffs: &signoffs,
        };
        let Ok(wrote) = write(self.world, units, paths, &self.options, &coverage) else {
            return Rebuilt::Refused;
        };
        let first = !self.built_once;
        self.built_once = true;
        let changed = wrote.changed + wrote.removed.len();
        let files = wrote.outputs.len();
        let policies = units.iter().filter(|u| u.compiled.policy.is_some()).count();
        let line = built(
            policies,
            files,
            (!first).then_some(changed),
            &self.options,
            started,
        );
        eprintln!("{line}");
        Rebuilt::Wrote { changed }
    }
}

/// What a build with these settings reads: the files named, each folder
/// named or else the policies folder (for new `.policy` files), the clause
/// files `included`, the templates folder, and the project file (or where
/// one would be made). The output folder is never looked into.
fn watched(
    world: &dyn World,
    project: &Project,
    options: &BuildOptions,
    named: &[PathBuf],
    included: &[PathBuf],
) -> Watched {
    let (folders, mut files): (Vec<&PathBuf>, Vec<&PathBuf>) =
        named.iter().partition(|path| world.is_dir(path));
    let mut folders: Vec<(PathBuf, Option<&'static str>)> = folders
        .into_iter()
        .map(|dir| (dir.clone(), Some("policy")))
        .collect();
    if named.is_empty() {
        folders.push((project.policies.clone(), Some("policy")));
    }
    if let Some(templates) = &options.templates {
        folders.push((templates.clone(), None));
    }
    let default_file = PathBuf::from(PROJECT_FILE);
    files.push(project.file.as_ref().unwrap_or(&default_file));
    files.extend(included);
    let mut files: Vec<PathBuf> = files.into_iter().cloned().collect();
    if options.formats.contains(&policyc::driver::Format::Coverage) {
        let signoff = policyc::export::coverage::SIGNOFF_FILE;
        files.push(project_root(project).join(signoff));
    }
    files.sort();
    files.dedup();
    Watched {
        files,
        folders,
        skip: vec![options.out_dir.clone()],
    }
}

/// A list for people: `a`, `a and b`, `a, b and c`, `a, b, c and 4 more`.
fn names(mut items: Vec<String>) -> String {
    const SHOWN: usize = 3;
    if items.len() > SHOWN + 1 {
        let more = items.len() - SHOWN;
        items.truncate(SHOWN);
        items.push(format!("{more} more"));
    }
    match items.pop() {
        Some(last) if items.is_empty() => last,
        Some(last) => format!("{} and {last}", items.join(", ")),
        None => "nothing".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        let list = |n: usize| names((1..=n).map(|i| i.to_string()).collect());
        assert_eq!(list(1), "1");
        assert_eq!(list(2), "1 and 2");
        assert_eq!(list(4), "1, 2, 3 and 4");
        assert_eq!(list(6), "1, 2, 3 and 3 more");
    }
}

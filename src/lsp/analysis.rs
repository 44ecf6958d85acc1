//! What the server knows of the project: each policy compiled as `check`
//! compiles it — through the overlay of open buffers, with the project's
//! `policyc.yaml` found from the policy's folder (profiles and language
//! included) — and the diagnostics of each file, clause files' own
//! gathered from every policy that includes them.

use super::documents::Overlay;
use crate::check::rules::Audit;
use crate::diagnostic::Diagnostic;
use crate::driver::{self, ClauseFiles, Unit, World as _, normal};
use crate::project::{self, Project, ProjectError};
use crate::source::{SourceFile, Sources as _};
use crate::{Compiled, Options, compile_including};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Whether a path is a policy (`.policy`) rather than a clause file.
pub fn is_policy(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "policy")
}

/// The project a file belongs to: the nearest `policyc.yaml` at or above
/// its folder (the defaults when there is none), its folder, and the
/// project file's problem when it cannot be used (then the defaults too;
/// the problem is published on `policyc.yaml`, as `check` reports it).
pub fn project_of(world: &Overlay, path: &Path) -> (Project, PathBuf, Option<ProjectError>) {
    let folder = path.parent().unwrap_or(Path::new("/"));
    let Some(file) = project::find_above(world, folder) else {
        return (Project::default(), folder.to_path_buf(), None);
    };
    let dir = file.parent().unwrap_or(folder).to_path_buf();
    match project::load(world, &file) {
        Ok(project) => (project, dir, None),
        Err(e) => (Project::default(), dir, Some(e)),
    }
}

/// A policy compiled as `policyc check` would compile it, and its project
/// file's problem, if any.
pub fn compile(world: &Overlay, path: &Path) -> (Unit, Option<ProjectError>) {
    let (project, _, problem) = project_of(world, path);
    let options = Options {
        today: world.today(),
        default_language: project.language.clone(),
        audit: project.profiles.clone(),
        audit_mode: Audit::Strict,
    };
    let unit = match driver::read_source_in(world, path) {
        Ok(file) => {
            let includes = ClauseFiles::for_policy(world, path);
            let compiled = compile_including(&file, &options, &includes);
            Unit { file, compiled }
        }
        Err(diagnostic) => Unit {
            file: SourceFile::new(path.display().to_string(), ""),
            compiled: Compiled::unreadable(diagnostic),
        },
    };
    (unit, problem)
}

/// The compiled policies, by path: the open ones, and those of a project
/// that include an open clause file.
#[derive(Default)]
pub struct Analyses {
    units: BTreeMap<PathBuf, Unit>,
    /// Project files that cannot be used, by the policy that found them:
    /// the file and its problem, as a unit of its own.
    projects: BTreeMap<PathBuf, Unit>,
}

impl Analyses {
    /// The unit a file is analysed in: its own for a policy, else the
    /// first policy that includes it.
    pub fn unit_for(&self, path: &Path) -> Option<&Unit> {
        let path = normal(path);
        if let Some(unit) = self.units.get(&path) {
            return Some(unit);
        }
        self.units.values().find(|u| includes(u, &path))
    }

    /// Compiles again what a change to `path` affects and returns the
    /// policies compiled.
    pub fn update(&mut self, world: &Overlay, path: &Path) -> Vec<PathBuf> {
        let path = normal(path);
        let mut affected: Vec<PathBuf> = self
            .units
            .iter()
            .filter(|(_, u)| includes(u, &path))
            .map(|(p, _)| p.clone())
            .collect();
        if is_policy(&path) {
            affected.push(path.clone());
        } else if affected.is_empty() {
            affected = project_policies(world, &path);
        }
        affected.sort();
        affected.dedup();
        for policy in &affected {
            let (unit, problem) = compile(world, policy);
            self.units.insert(policy.clone(), unit);
            match problem {
                Some(e) => {
                    let file = Unit {
                        file: e.file,
                        compiled: Compiled::unreadable(e.diagnostic),
                    };
                    self.projects.insert(policy.clone(), file)
                }
                None => self.projects.remove(policy),
            };
        }
        self.prune(world);
        affected
    }

    /// Forgets a closed document's policy, unless it is kept for an open
    /// clause file.
    pub fn close(&mut self, world: &Overlay) {
        self.prune(world);
    }

    /// Keeps the open policies and those that include an open clause file
    /// (found for it); the rest are dropped.
    fn prune(&mut self, world: &Overlay) {
        let open: Vec<PathBuf> = world.paths();
        self.units
            .retain(|p, u| world.get(p).is_some() || open.iter().any(|o| includes(u, o)));
        let units = &self.units;
        self.projects.retain(|p, _| units.contains_key(p));
    }

    /// The diagnostics of every file the units speak of, by path: a
    /// policy's own, and each clause file's from every policy including it
    /// (each once).
    pub fn diagnostics(&self) -> BTreeMap<PathBuf, Vec<(&Unit, &Diagnostic)>> {
        let mut out: BTreeMap<PathBuf, Vec<(&Unit, &Diagnostic)>> = BTreeMap::new();
        for project in self.projects.values() {
            let list = out
                .entry(normal(Path::new(&project.file.name)))
                .or_default();
            for diagnostic in &project.compiled.diagnostics {
                if !list.iter().any(|(_, d)| *d == diagnostic) {
                    list.push((project, diagnostic));
                }
            }
        }
        for (path, unit) in &self.units {
            out.entry(path.clone()).or_default();
            for clause in &unit.compiled.included {
                out.entry(normal(Path::new(&clause.name))).or_default();
            }
            for diagnostic in &unit.compiled.diagnostics {
                let file = diagnostic
                    .span
                    .and_then(|s| unit.file(s.file))
                    .map_or(path.clone(), |f| normal(Path::new(&f.name)));
                let list = out.entry(file).or_default();
                if !list.iter().any(|(_, d)| *d == diagnostic) {
                    list.push((unit, diagnostic));
                }
            }
        }
        out
    }
}

/// Whether a unit includes the clause file at `path`.
fn includes(unit: &Unit, path: &Path) -> bool {
    unit.compiled
        .included
        .iter()
        .any(|f| normal(Path::new(&f.name)) == path)
}

/// The policies of the project of a clause file.
fn project_policies(world: &Overlay, clause: &Path) -> Vec<PathBuf> {
    let (project, root, _) = project_of(world, clause);
    let folder = if project.file.is_some() {
        project.policies.clone()
    } else {
        root
    };
    driver::discover_for(world, &[folder], Path::new("policies"), "check").unwrap_or_default()
}

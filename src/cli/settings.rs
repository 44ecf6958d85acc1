//! What `build` and `check` do: each flag given on the command line, else
//! the project file's setting, else the default.

use super::BuildArgs;
use super::output::print_file_diagnostic;
use policyc::driver::{BuildOptions, World};
use policyc::project::{self, Project};
use policyc::render::html::SiteInfo;
use policyc::report::MessageFormat;
use std::process::ExitCode;

/// The project of the working folder: the nearest `policyc.yaml` at or
/// above it, or the defaults when there is none. A project file that cannot
/// be read or is not valid is printed as a diagnostic, with exit status 2,
/// as any usage error.
pub(super) fn project(world: &dyn World, format: MessageFormat) -> Result<Project, ExitCode> {
    let cwd = std::env::current_dir().unwrap_or_default();
    project::load_from(world, &cwd).map_err(|e| {
        print_file_diagnostic(&e.file, &e.diagnostic, format);
        eprintln!(
            "policyc: the project file `{}` could not be used",
            e.file.name
        );
        ExitCode::from(2)
    })
}

/// The build's options: the flags over the project's settings.
pub(super) fn build_options(project: &Project, args: &BuildArgs) -> BuildOptions {
    let mut formats = args
        .format
        .clone()
        .unwrap_or_else(|| project.formats.clone());
    formats.sort();
    formats.dedup();
    BuildOptions {
        out_dir: args.out.clone().unwrap_or_else(|| project.out.clone()),
        formats,
        front_matter: args.front_matter || project.front_matter,
        templates: args.templates.clone().or_else(|| project.templates.clone()),
        site: SiteInfo {
            title: project.site.title.clone(),
            base_url: project.site.base_url.clone(),
        },
    }
}

//! `policyc templates --dump DIR`: the default HTML templates, as a starting
//! point for `--templates`.

use super::TemplatesArgs;
use super::output::usage_error;
use policyc::driver::{self, Output, World};
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) fn run(world: &dyn World, args: &TemplatesArgs) -> ExitCode {
    let templates = policyc::render::html::DEFAULT_TEMPLATES;
    if !args.force {
        if let Some((name, _)) = templates
            .iter()
            .find(|(name, _)| world.exists(&args.dump.join(name)))
        {
            return usage_error(&format!(
                "`{}` already exists; pass `--force` to replace it",
                args.dump.join(name).display()
            ));
        }
    }
    let outputs: Vec<Output> = templates
        .iter()
        .map(|(name, text)| Output {
            path: PathBuf::from(name),
            text: (*text).to_string(),
        })
        .collect();
    match driver::write_outputs(world, &args.dump, &outputs) {
        Ok(()) => {
            eprintln!(
                "policyc: wrote {} templates into {}",
                outputs.len(),
                args.dump.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e.to_string()),
    }
}

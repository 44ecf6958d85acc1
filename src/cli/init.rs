//! `policyc init [DIR]`: a new project that builds as it is.

use super::InitArgs;
use super::output::usage_error;
use policyc::driver::World;
use std::process::ExitCode;

/// Writes the project and says what to run next; refuses (exit 2) when a
/// file would be replaced.
pub(super) fn run(world: &dyn World, args: &InitArgs) -> ExitCode {
    match policyc::project::init(world, &args.dir) {
        Ok(written) => {
            for path in &written {
                eprintln!("     created {}", path.display());
            }
            let next = if args.dir.as_os_str() == "." {
                "policyc build".to_string()
            } else {
                format!("cd {} && policyc build", args.dir.display())
            };
            eprintln!(
                "policyc: started a policy project; next: `{next}`, then open site/index.html"
            );
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e.to_string()),
    }
}

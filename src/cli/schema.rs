//! `policyc schema [policy|coverage]`: the JSON Schema of a JSON document
//! policyc writes, on stdout.

use super::{SchemaArgs, SchemaOf};
use std::process::ExitCode;

pub(super) fn run(args: &SchemaArgs) -> ExitCode {
    match args.document {
        SchemaOf::Policy => print!("{}", policyc::export::json::schema()),
        SchemaOf::Coverage => print!("{}", policyc::export::coverage::schema()),
    }
    ExitCode::SUCCESS
}

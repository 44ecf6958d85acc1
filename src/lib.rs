//! policyc compiles `.policy` files — privacy policies whose facts are typed
//! and whose prose is CommonMark — into Markdown, HTML and JSON.
//!
//! The pipeline runs one way, one module per stage:
//! [`syntax`] (text → parse tree) → [`lower`] (parse tree → [`model`]) →
//! [`validate`] (model → diagnostics) → [`render`] (model → outputs).
//! [`compile`] chains the first three; [`build`] drives whole builds.

pub mod build;
pub mod diagnostic;
pub mod explain;
pub mod lower;
pub mod model;
pub mod render;
pub mod report;
pub mod source;
pub mod syntax;
pub mod url;
pub mod validate;

use diagnostic::{Code, Diagnostic};
use model::{Date, Policy};
use source::SourceFile;

/// The result of compiling one file: the policy when it has no errors, and
/// every diagnostic found (warnings may accompany a policy).
#[derive(Debug)]
pub struct Compiled {
    /// The validated policy, absent when any error was found.
    pub policy: Option<Policy>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a compilation may depend on beyond the source text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Today's date, for the "date in the future" warning; no such warning
    /// when absent, which keeps library results independent of the clock.
    pub today: Option<Date>,
}

/// Parses, lowers and validates one source file, with default options.
pub fn compile(file: &SourceFile) -> Compiled {
    compile_with(file, &Options::default())
}

/// Parses, lowers and validates one source file.
pub fn compile_with(file: &SourceFile, options: &Options) -> Compiled {
    let tree = match syntax::parse(file) {
        Ok(tree) => tree,
        Err(error) => {
            return Compiled {
                policy: None,
                diagnostics: vec![error],
            };
        }
    };
    let (policy, mut diagnostics) = lower::lower(tree);
    let checks = validate::Checks {
        skip_required_sections: diagnostics
            .iter()
            .any(|d| d.code == Code::UnknownSectionKind),
        today: options.today,
    };
    diagnostics.extend(validate::validate(&policy, checks));
    diagnostics.sort_by_key(|d| (d.span.map_or(usize::MAX, |s| s.start), d.code));
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    if diagnostics.len() > diagnostic::MAX_PER_FILE {
        let hidden = diagnostics.len() - diagnostic::MAX_PER_FILE;
        diagnostics.truncate(diagnostic::MAX_PER_FILE);
        diagnostics.push(
            Diagnostic::error(
                Code::TooManyProblems,
                format!("{hidden} more problems in this file are not shown"),
            )
            .help("fix the problems above, starting with the first, and run policyc again"),
        );
    }
    Compiled {
        policy: ok.then_some(policy),
        diagnostics,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_most_a_hundred_problems_are_shown_and_the_rest_counted() {
        let text = format!(
            "policy terms \"T\" {{\n  id = \"t\"\n  text \"\"\"\n{}\n  \"\"\"\n}}\n",
            "${\n".repeat(150)
        );
        let compiled = compile(&SourceFile::new("many.policy", text));
        assert_eq!(compiled.diagnostics.len(), diagnostic::MAX_PER_FILE + 1);
        let last = compiled
            .diagnostics
            .last()
            .map(|d| (d.code, d.message.clone()));
        assert_eq!(
            last,
            Some((
                Code::TooManyProblems,
                "50 more problems in this file are not shown".to_string()
            ))
        );
    }
}

//! policyc compiles `.policy` files — privacy policies whose facts are typed
//! and whose prose is CommonMark — into Markdown, HTML and JSON.
//!
//! The pipeline runs one way; each stage is a pure function of the one
//! before (see `docs/architecture.md` for the map):
//!
//! [`syntax`] (text → tree) → [`lower`] (tree → [`model`]) → [`resolve`]
//! (anchors, numbers, reference values) → [`check`] (model → diagnostics)
//! → [`view`] + [`render`] (pages) and [`export`] (data). [`compile`]
//! chains the stages up to the checks; [`driver`] runs whole builds against
//! a [`driver::World`]; [`report`] turns diagnostics into text at the edge.

pub mod check;
pub mod diagnostic;
pub mod driver;
pub mod explain;
pub mod export;
pub mod keyword;
pub mod lower;
pub mod markup;
pub mod model;
pub mod project;
pub mod render;
pub mod report;
pub mod resolve;
pub mod source;
pub mod syntax;
pub mod view;
pub mod yaml;

use diagnostic::{Code, Diagnostic};
use model::{Date, Policy};
use source::SourceFile;

/// The result of compiling one file.
#[derive(Debug)]
pub struct Compiled {
    /// The validated policy, present only when no error was found: what
    /// outputs are made from.
    pub policy: Option<Policy>,
    /// What could be read of a policy with errors — everything the parser
    /// and lowering understood, resolved — for tools (a formatter, a
    /// language server) that work on broken files. `None` when the policy
    /// is valid (it is then `policy`) or nothing could be read.
    pub partial: Option<Policy>,
    /// Errors and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    /// The model, valid or not.
    pub fn model(&self) -> Option<&Policy> {
        self.policy.as_ref().or(self.partial.as_ref())
    }
}

/// What a compilation may depend on beyond the source text.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Today's date, for the "date in the future" warning; no such warning
    /// when absent, which keeps library results independent of the clock.
    pub today: Option<Date>,
}

/// Parses, lowers, resolves and checks one source file, with default
/// options.
pub fn compile(file: &SourceFile) -> Compiled {
    compile_with(file, &Options::default())
}

/// Parses, lowers, resolves and checks one source file.
pub fn compile_with(file: &SourceFile, options: &Options) -> Compiled {
    let parsed = syntax::parse(file);
    let mut diagnostics = parsed.diagnostics;
    let syntax_ok = diagnostics.is_empty();
    let model = parsed.policy.map(|tree| {
        let (mut policy, lowering) = lower::lower(tree, file.id);
        diagnostics.extend(lowering);
        resolve::resolve(&mut policy);
        policy
    });
    if let Some(policy) = &model {
        // Checks on a tree with syntax errors would report what is missing
        // only because the parser skipped it.
        if syntax_ok {
            let checks = check::Checks {
                today: options.today,
            };
            diagnostics.extend(check::check(policy, checks));
        }
    }
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    let (policy, partial) = if ok { (model, None) } else { (None, model) };
    Compiled {
        diagnostics: in_order_and_bounded(diagnostics),
        policy,
        partial,
    }
}

/// Diagnostics sorted by place, at most [`diagnostic::MAX_PER_FILE`] of
/// them, the rest counted in one last diagnostic.
fn in_order_and_bounded(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort_by_key(|d| {
        (
            d.span
                .map_or((u32::MAX, usize::MAX), |s| (s.file.0, s.start)),
            d.code,
        )
    });
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
    diagnostics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_policy_with_errors_keeps_its_partial_model() {
        let text = "policy terms \"T\" {\n  id = \"t\"\n  colour = \"red\"\n  section \"Kept\" { text \"${nothing}\" }\n}\n";
        let compiled = compile(&SourceFile::new("t.policy", text));
        assert!(compiled.policy.is_none());
        let codes: Vec<Code> = compiled.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, vec![Code::UnknownKey, Code::UnknownReference]);
        let partial = compiled.partial.as_ref().map(|p| p.sections().len());
        assert_eq!(partial, Some(1), "the section that was read is kept");
        assert_eq!(compiled.model().map(|p| p.id()), Some("t"));
    }

    #[test]
    fn at_most_a_hundred_problems_are_shown_and_the_rest_counted() {
        let text = format!(
            "policy terms \"T\" {{\n  id = \"t\"\n  text \"\"\"\n{}\n\"\"\"\n}}\n",
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

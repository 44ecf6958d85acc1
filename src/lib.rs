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

// pest is used without its `std` feature, so its generated parser names
// `alloc`: that feature only adds a native stack probe on every rule call
// (a tenth of `check`'s instructions), which the delimiter scan makes
// needless — it refuses nesting deeper than `syntax::MAX_DEPTH` before
// pest runs.
extern crate alloc;

pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod driver;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod ide;
pub mod import;
pub mod keyword;
pub mod lexicon;
pub mod lower;
pub mod lsp;
pub mod markup;
pub mod model;
pub mod project;
pub mod render;
pub mod report;
pub mod resolve;
pub mod serve;
pub mod source;
pub mod syntax;
pub mod terminal;
pub mod view;
pub mod vocab;
pub mod yaml;

use diagnostic::{Code, Diagnostic};
use model::{Date, LanguageTag, Policy};
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
    /// The clause files `include` read, in the order first included: the
    /// text the diagnostics in them point into.
    pub included: Vec<SourceFile>,
}

impl Compiled {
    /// The result for a file that could not be read: one diagnostic.
    pub fn unreadable(diagnostic: Diagnostic) -> Self {
        Compiled {
            policy: None,
            partial: None,
            diagnostics: vec![diagnostic],
            included: Vec::new(),
        }
    }

    /// The model, valid or not.
    pub fn model(&self) -> Option<&Policy> {
        self.policy.as_ref().or(self.partial.as_ref())
    }
}

/// What a compilation may depend on beyond the source text.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Today's date, for the "date in the future" warning; no such warning
    /// when absent, which keeps library results independent of the clock.
    pub today: Option<Date>,
    /// The language of a policy that sets none (the project's `language`);
    /// `en` when absent.
    pub default_language: Option<LanguageTag>,
    /// Profiles to audit every policy against, as if claimed
    /// (`check --profile`), and how their unmet rules are reported.
    pub audit: Vec<model::Profile>,
    /// Errors (`check`) or warnings (`build`, which still writes).
    pub audit_mode: check::rules::Audit,
}

/// Where `include "path"` finds clause files: the driver reads them from
/// its world, confined to the project; a file compiled on its own has none.
pub trait Includes: Sync {
    /// The clause file written `path` in the file named `from`, read and
    /// given a `FileId` of its own; or why it cannot be included.
    fn include(&self, from: &str, path: &str) -> Result<SourceFile, IncludeError>;
}

/// Why a clause file cannot be included, for the diagnostic at the
/// `include` that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncludeError {
    /// What went wrong, e.g. "`../x.clause` is outside the project".
    pub message: String,
    /// What to do about it.
    pub help: String,
}

/// No clause files: what a file compiled on its own sees.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoIncludes;

impl Includes for NoIncludes {
    fn include(&self, _: &str, path: &str) -> Result<SourceFile, IncludeError> {
        Err(IncludeError {
            message: format!("`{path}` cannot be included here"),
            help: "`include` reads clause files when policies are built from files: run `policyc build` or `policyc check` on the policy".to_string(),
        })
    }
}

/// Parses, lowers, resolves and checks one source file, with default
/// options.
pub fn compile(file: &SourceFile) -> Compiled {
    compile_with(file, &Options::default())
}

/// Parses, lowers, resolves and checks one source file, which includes no
/// clause files.
pub fn compile_with(file: &SourceFile, options: &Options) -> Compiled {
    compile_including(file, options, &NoIncludes)
}

/// Parses, lowers, resolves and checks one source file, reading the clause
/// files it includes through `includes`.
pub fn compile_including(
    file: &SourceFile,
    options: &Options,
    includes: &dyn Includes,
) -> Compiled {
    let mut parsed = syntax::parse(file);
    let mut diagnostics = std::mem::take(&mut parsed.diagnostics);
    let mut syntax_ok = diagnostics.is_empty();
    let mut included = Vec::new();
    let mut included_from = Vec::new();
    let model = parsed.policy().map(|tree| {
        let language = options.default_language.clone().unwrap_or_default();
        let mut lowered = lower::lower(tree, file, includes, &language);
        syntax_ok &= !lowered.syntax_errors;
        diagnostics.append(&mut lowered.diagnostics);
        included = lowered.included;
        included_from = lowered.included_from;
        resolve::resolve(&mut lowered.policy);
        lowered.policy
    });
    if let Some(policy) = &model {
        // Checks on a tree with syntax errors would report what is missing
        // only because the parser skipped it. A refused value (an email
        // address, say) is in `Policy::invalid`, which the checks consult.
        if syntax_ok {
            let checks = check::Checks {
                today: options.today,
                audit: &options.audit,
                audit_mode: options.audit_mode,
            };
            diagnostics.extend(check::check(policy, checks));
            // The drift lint reads a policy whose facts stand: beside an
            // error (a fact refused or declared twice) it would restate it.
            if diagnostics.iter().any(Diagnostic::is_error) {
                diagnostics.retain(|d| !check::is_drift(d.code));
            }
        }
    }
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    let (policy, partial) = if ok { (model, None) } else { (None, model) };
    for diagnostic in &mut diagnostics {
        note_included_from(diagnostic, &included_from);
    }
    Compiled {
        diagnostics: in_order_and_bounded(diagnostics),
        policy,
        partial,
        included,
    }
}

/// Adds to a diagnostic in a clause file where that file was included, and
/// where each file including it was, up to the policy.
fn note_included_from(
    diagnostic: &mut Diagnostic,
    included_from: &[(source::FileId, source::Span)],
) {
    let mut file = diagnostic.span.map(|s| s.file);
    let mut depth = 0;
    while let Some(at) = file.and_then(|f| included_from.iter().find(|(i, _)| *i == f)) {
        diagnostic.related.push(diagnostic::Label {
            span: at.1,
            message: "included from here".to_string(),
        });
        file = Some(at.1.file);
        depth += 1;
        if depth > lower::MAX_INCLUDE_DEPTH {
            break;
        }
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

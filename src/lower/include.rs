//! `include "path"`: the items of a clause file lowered in place, as if
//! written where the `include` stands. Reading the file (and keeping it
//! inside the project) is the `Includes` given to `lower`; here the file is
//! parsed, its syntax errors kept, loops and runaway nesting refused, and
//! each clause file remembered with the `include` that read it, so that its
//! diagnostics can say "included from here".

use super::{Lowerer, children};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{SourceFile, Span};
use crate::syntax::cst::Pair;
use crate::syntax::{self, Rule};

/// How deeply clause files may include clause files.
pub const MAX_INCLUDE_DEPTH: usize = 16;

impl Lowerer<'_> {
    /// Reads the clause file `include` names and lowers each of its items
    /// with `each`, spans pointing into the clause file.
    pub(super) fn with_include(
        &mut self,
        include: &Pair<'_>,
        each: &mut dyn FnMut(&mut Self, Pair<'_>),
    ) {
        let Some((clause, at)) = self.open_include(include) else {
            return;
        };
        let mut parsed = syntax::parse_fragment(&clause);
        self.syntax_errors |= !parsed.diagnostics.is_empty();
        self.diagnostics.append(&mut parsed.diagnostics);
        self.included_from.push((clause.id, at));
        self.including.push(clause.name.clone());
        let outer = std::mem::replace(&mut self.file, clause.id);
        for item in parsed.policy().into_iter().flat_map(children) {
            each(self, item);
        }
        self.file = outer;
        self.including.pop();
        self.included.push(clause);
    }

    /// The clause file an `include` names, read, with the span of its path;
    /// `None` when it cannot be (reported).
    fn open_include(&mut self, include: &Pair<'_>) -> Option<(SourceFile, Span)> {
        let string = children(*include).find(|p| p.as_rule() == Rule::string)?;
        let at = self.span(&string);
        let path = self.lower_string(string).node;
        let from = self.including.last().map_or("", String::as_str);
        let clause = match self.includes.include(from, &path) {
            Ok(clause) => clause,
            Err(error) => {
                self.report(
                    Diagnostic::error(Code::IncludeFailed, error.message)
                        .at(at)
                        .label("included here")
                        .help(error.help),
                );
                return None;
            }
        };
        if let Some(first) = self.including.iter().position(|n| *n == clause.name) {
            self.report(self.include_loop(&clause, first, at));
            return None;
        }
        if self.including.len() > MAX_INCLUDE_DEPTH {
            self.report(
                Diagnostic::error(Code::IncludeFailed, "clause files are included too deeply")
                    .at(at)
                    .label(format!("{} files deep", self.including.len()))
                    .help(format!(
                        "clause files may include clause files {MAX_INCLUDE_DEPTH} deep at most"
                    )),
            );
            return None;
        }
        Some((clause, at))
    }

    fn include_loop(&self, clause: &SourceFile, first: usize, at: Span) -> Diagnostic {
        let chain: Vec<String> = self
            .including
            .iter()
            .skip(first)
            .chain(std::iter::once(&clause.name))
            .map(|n| format!("`{n}`"))
            .collect();
        Diagnostic::error(
            Code::IncludeFailed,
            format!("`{}` includes itself", clause.name),
        )
        .at(at)
        .label(format!("the chain: {}", chain.join(" → ")))
        .help("remove one `include` of the chain: a clause file cannot include a file that includes it")
    }
}

//! `policyc fmt`: `.policy` and `.clause` files rewritten in one canonical layout (the
//! rules are in `docs/fmt.md`). The formatter reads the lossless syntax
//! tree (`syntax::tree`), never the model, and knows the language only
//! through the tree's shape: delimiters make groups, nodes inside them are
//! members, strings and prose blocks are text no white space may enter.
//! An item the grammar gains is therefore formatted like the others
//! without a line here.
//!
//! Three steps: [`flatten`] marks each token with what it is to the
//! layout, [`layout`] breaks and indents lines (moving prose blocks whole
//! through [`prose`]), [`align`] lines up `=` signs and trailing comments
//! and prints. A file with syntax errors is not formatted, and a result
//! that would compile to another model than the original (a bug) is
//! refused ([`format`]); [`files`] does both for the command, through a
//! [`crate::driver::World`].

mod align;
mod files;
mod flatten;
mod layout;
mod prose;

pub use files::{FileReport, Outcome, diff, format_files};

use crate::diagnostic::Diagnostic;
use crate::export;
use crate::source::SourceFile;
use crate::syntax::{self, SyntaxTree};

/// Why a file is not formatted.
#[derive(Debug, Clone)]
pub enum Refusal {
    /// The file has syntax errors (these). Formatting a tree the parser had
    /// to skip parts of could lose text, so such files are left alone, as
    /// rustfmt leaves them.
    Syntax(Vec<Diagnostic>),
    /// The formatted text would compile to another model than the original
    /// (the difference, in words). This is a bug of the formatter; the
    /// safety net keeps it from ever reaching a file.
    ModelChanged(String),
}

/// Formats the text of a policy file, and checks that the result compiles
/// to the same model (the same JSON export, the same diagnostics).
pub fn format(file: &SourceFile) -> Result<String, Refusal> {
    let formatted = format_unchecked(file)?;
    match model_change(file, &formatted) {
        Some(change) => Err(Refusal::ModelChanged(change)),
        None => Ok(formatted),
    }
}

/// Formats the text of a policy file without comparing the models: for
/// tests of the layout rules, and for tools that compare for themselves.
pub fn format_unchecked(file: &SourceFile) -> Result<String, Refusal> {
    let parsed = if is_clause_file(file) {
        syntax::parse_fragment(file)
    } else {
        syntax::parse(file)
    };
    if !parsed.diagnostics.is_empty() {
        return Err(Refusal::Syntax(parsed.diagnostics));
    }
    let Some(root) = parsed.root() else {
        return Err(Refusal::Syntax(Vec::new()));
    };
    let tree = SyntaxTree::build(file, root);
    let flat = flatten::flatten(&tree, &file.text);
    let mut lines = layout::layout(&flat);
    align::align_equals(&flat, &mut lines);
    Ok(align::render(&flat, &lines))
}

/// How the model compiled from `after` differs from `before`'s: the JSON
/// export of the policy (or of what could be read of one with errors), and
/// the diagnostics' codes and messages. `None` when they are the same.
pub fn model_change(before: &SourceFile, after: &str) -> Option<String> {
    if is_clause_file(before) {
        // A clause file compiles only inside a policy: compare it in one,
        // its items where an `include` would put them.
        let wrap =
            |text: &str| format!("policy terms \"Clause\" {{\n  id = \"clause\"\n{text}\n}}\n");
        let wrapped = SourceFile::with_id(before.id, before.name.clone(), wrap(&before.text));
        return model_change_of(&wrapped, &wrap(after));
    }
    model_change_of(before, after)
}

/// Whether `file` is a clause file (`.clause`), the items an `include`
/// reads: formatted as such, not as a policy.
pub fn is_clause_file(file: &SourceFile) -> bool {
    file.name.ends_with(".clause")
}

fn model_change_of(before: &SourceFile, after: &str) -> Option<String> {
    let after = SourceFile::with_id(before.id, before.name.clone(), after);
    let (old, new) = (crate::compile(before), crate::compile(&after));
    let json = |compiled: &crate::Compiled| compiled.model().map(export::json::render);
    if json(&old) != json(&new) {
        return Some("its JSON export differs".to_string());
    }
    let said = |compiled: &crate::Compiled| -> Vec<String> {
        compiled
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code.as_str(), d.message))
            .collect()
    };
    let (old, new) = (said(&old), said(&new));
    if old != new {
        let first = old
            .iter()
            .zip(&new)
            .find(|(a, b)| a != b)
            .map_or_else(|| "a diagnostic".to_string(), |(a, _)| format!("`{a}`"));
        return Some(format!("its diagnostics differ, from {first} on"));
    }
    None
}

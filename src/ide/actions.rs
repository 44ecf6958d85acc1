//! Code actions for a diagnostic: apply its "did you mean", or add the
//! fact a compliance rule asks for (E0312) from the rule's snippet.
//!
//! Diagnostics carry a suggestion only in their help text ("did you mean
//! `collect`?"), so the suggestion is read back from there: the first word
//! in backticks after "did you mean". A drift warning (W0010–W0012) can be
//! silenced where a person decided: `allow = [LINT]` on its section.

use super::{Edit, source};
use crate::diagnostic::{Code, Diagnostic};
use crate::driver::Unit;
use crate::keyword::Keyword;
use crate::model::{Block, Node, Section};
use crate::source::{SafeSlice, Span};

/// A fix the editor can apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// What it does, in words for a menu.
    pub title: String,
    /// The edits it makes.
    pub edits: Vec<Edit>,
    /// Whether it is the fix the diagnostic suggests (preferred).
    pub preferred: bool,
}

/// The fixes for one diagnostic of the unit.
pub fn code_actions(unit: &Unit, diagnostic: &Diagnostic) -> Vec<Action> {
    let mut out = Vec::new();
    out.extend(did_you_mean(unit, diagnostic));
    if diagnostic.code == Code::NoticeRequirement {
        out.extend(missing_facts(unit, diagnostic));
    }
    out.extend(silence(unit, diagnostic));
    out
}

/// The word "did you mean" proposes in a help text.
fn suggestion(help: &str) -> Option<&str> {
    let after = help.slice_from(help.find("did you mean")? + "did you mean".len());
    let start = after.find('`')? + 1;
    let word = after.slice_from(start);
    word.slice_to(word.find('`')?).into()
}

fn did_you_mean(unit: &Unit, diagnostic: &Diagnostic) -> Option<Action> {
    let suggested = suggestion(diagnostic.help.as_deref()?)?;
    let span = diagnostic.span?;
    let text = source(unit, span.file)?;
    // The word the diagnostic points at (its span may cover more, such as
    // the rest of a skipped item): the first word of the span.
    let written = text.slice(span);
    let lead = written.len() - written.trim_start().len();
    let word_len = written
        .trim_start()
        .find(|c: char| {
            !(c.is_alphanumeric() || c == '_' || c == '-' || c == '.' || c == ':' || c == '/')
        })
        .unwrap_or(written.trim_start().len());
    if word_len == 0 {
        return None;
    }
    let word = Span::new(span.file, span.start + lead, span.start + lead + word_len);
    // An inner suggestion (`https://` in `htps://x`) stays a whole-word fix
    // only when the word differs: never an edit that changes nothing.
    if text.slice(word) == suggested {
        return None;
    }
    Some(Action {
        title: format!("replace `{}` with `{suggested}`", text.slice(word)),
        edits: vec![Edit {
            span: word,
            new_text: suggested.to_string(),
        }],
        preferred: true,
    })
}

/// For an unmet rule: the rules named in the label (`… (GDPR-13-1-a)`),
/// each predicate that does not hold, its snippet inserted before the
/// policy's closing brace as a new item (never a second `org` or
/// `contact`).
fn missing_facts(unit: &Unit, diagnostic: &Diagnostic) -> Vec<Action> {
    let Some(policy) = unit.compiled.model() else {
        return Vec::new();
    };
    let label = diagnostic.label.as_deref().unwrap_or("");
    let ids = label
        .rfind('(')
        .map(|open| label.slice_from(open + 1).trim_end_matches(')'))
        .unwrap_or("");
    let mut out = Vec::new();
    for id in ids.split(',').map(str::trim).filter(|id| !id.is_empty()) {
        for snippet in crate::check::rules::missing_snippets(policy, id) {
            // A snippet for an `org` or `contact` the policy has would
            // declare it twice: only a missing block is added whole.
            let present = match snippet.slot {
                Some("org") => policy.org.is_some(),
                Some("contact") => policy.contact.is_some(),
                _ => false,
            };
            let Some(edit) = insertion(unit, &snippet.text).filter(|_| !present) else {
                continue;
            };
            let first = snippet
                .text
                .lines()
                .next()
                .unwrap_or("")
                .trim_end_matches('{')
                .trim();
            out.push(Action {
                title: format!("add `{first}` ({id})"),
                edits: vec![edit],
                preferred: false,
            });
        }
    }
    out.dedup_by(|a, b| a.edits == b.edits);
    out
}

/// For a drift warning: silence its lint in the innermost section that
/// holds it, where a person decided the prose and facts are right
/// (`allow = [unstated-fact]`, added to the section's `allow` when it has
/// one). A warning outside any section is silenced for the policy.
fn silence(unit: &Unit, diagnostic: &Diagnostic) -> Option<Action> {
    let lint = crate::check::lint_of(diagnostic.code)?;
    let policy = unit.compiled.model()?;
    let span = diagnostic.span?;
    let (allow, title) = match innermost_section(&policy.body, span) {
        Some(section) => (&section.allow, section.title.span),
        None => (&policy.meta.allow, policy.title.span),
    };
    let edit = match allow.last() {
        Some(last) => Edit {
            span: Span::new(last.span.file, last.span.end, last.span.end),
            new_text: format!(", {}", lint.keyword()),
        },
        None => {
            let text = source(unit, title.file)?;
            let open = title.end + text.text.slice_from(title.end).find('{')? + 1;
            Edit {
                span: Span::new(title.file, open, open),
                new_text: format!(" allow = [{}]", lint.keyword()),
            }
        }
    };
    Some(Action {
        title: format!(
            "allow `{}` here: the text and facts are right as they are",
            lint.keyword()
        ),
        edits: vec![edit],
        preferred: false,
    })
}

/// The deepest section whose span holds `span`.
fn innermost_section(body: &[Node<Block>], span: Span) -> Option<&Section> {
    body.iter().find_map(|block| match &block.node {
        Block::Section(section) if block.span.holds(span) => {
            innermost_section(&section.body, span).or(Some(section))
        }
        _ => None,
    })
}

/// Where a snippet goes: a new item before the policy's last `}`,
/// indented one level.
fn insertion(unit: &Unit, snippet: &str) -> Option<Edit> {
    let text = &unit.file.text;
    let close = text.rfind('}')?;
    let line = text.slice_to(close).rfind('\n').map_or(0, |i| i + 1);
    let at = if text.slice_between(line, close).trim().is_empty() {
        line
    } else {
        close
    };
    let indented: String = snippet.lines().map(|l| format!("  {l}\n")).collect();
    Some(Edit {
        span: Span::new(unit.file.id, at, at),
        new_text: format!("\n{indented}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suggestion_is_read_from_the_help() {
        assert_eq!(suggestion("did you mean `collect`?"), Some("collect"));
        assert_eq!(
            suggestion("did you mean `email` or `phone`?"),
            Some("email")
        );
        assert_eq!(suggestion("the kinds are `a` and `b`"), None);
    }
}

#[cfg(test)]
mod rule_tests {
    use super::*;
    use crate::source::SourceFile;

    fn unit(text: &str) -> Unit {
        let file = SourceFile::new("p.policy", text);
        let compiled = crate::compile(&file);
        Unit { file, compiled }
    }

    fn applied(text: &str, edits: &[Edit]) -> String {
        let mut out = text.to_string();
        let mut edits = edits.to_vec();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        for edit in edits {
            out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
        }
        out
    }

    /// An unmet GDPR rule offers its missing fact, and applying it meets
    /// the rule: the rule's id is no longer reported.
    #[test]
    fn the_missing_fact_of_a_rule_is_added_and_meets_it() {
        let text = include_str!("../../examples/minimal.policy").replace(
            "  id = \"minimal-privacy\"",
            "  id = \"minimal-privacy\"\n  profiles = [gdpr]",
        );
        let before = unit(&text);
        let unmet: Vec<&Diagnostic> = before
            .compiled
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::NoticeRequirement)
            .collect();
        assert!(!unmet.is_empty(), "{:?}", before.compiled.diagnostics);
        let (diagnostic, action) = unmet
            .iter()
            .find_map(|d| code_actions(&before, d).into_iter().next().map(|a| (*d, a)))
            .expect("an unmet rule with a fix");
        let label = diagnostic.label.clone().unwrap_or_default();
        let after = unit(&applied(&text, &action.edits));
        let still: Vec<String> = after
            .compiled
            .diagnostics
            .iter()
            .filter_map(|d| d.label.clone())
            .collect();
        assert!(
            !still.contains(&label),
            "`{}` did not meet {label}: {still:?}",
            action.title
        );
    }

    /// A drift warning offers `allow` on its section, and applying it
    /// silences the warning (and only it).
    #[test]
    fn a_drift_warning_is_silenced_on_its_section() {
        let text = r#"policy privacy "P" {
  id = "p"
  org { name = "O" }
  contact { email = "a@example.com" }
  section collection "What we collect" {
    text "We collect your email address and your location."
    collect { data = [email] purposes = [service-provision] }
  }
  section use "Use" { text "To provide the service." }
  section sharing "Sharing" { text "No one." }
  section contact "Contact" { contact-block }
}
"#;
        let before = unit(text);
        let drift = before
            .compiled
            .diagnostics
            .iter()
            .find(|d| d.code == Code::DriftUndeclared)
            .unwrap_or_else(|| panic!("{:?}", before.compiled.diagnostics));
        let action = code_actions(&before, drift)
            .into_iter()
            .find(|a| a.title.starts_with("allow"))
            .expect("an allow action");
        let fixed = applied(text, &action.edits);
        assert!(
            fixed.contains(
                r#"section collection "What we collect" { allow = [undeclared-practice]"#
            ),
            "{fixed}"
        );
        let after = unit(&fixed);
        assert!(
            after
                .compiled
                .diagnostics
                .iter()
                .all(|d| d.code != Code::DriftUndeclared),
            "{:?}",
            after.compiled.diagnostics
        );
        assert!(after.compiled.diagnostics.iter().all(|d| !d.is_error()));
    }
}

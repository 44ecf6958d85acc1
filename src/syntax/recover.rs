//! Every syntax error of a file, not only the first. The recovering parse
//! (`recovering_file` in the grammar) skips a line no item matches — a
//! `recover` pair — and input after the policy — a `trailing` pair — and
//! reads on. When it skipped anything, the strict parse of the whole file
//! gives the first error exactly as it always has, and each later skipped
//! region is read again on its own with the strict grammar (`probe`,
//! `end_probe`) for an error in the same words.

use super::cst;
use super::{PolicyParser, Rule, messages};
use crate::diagnostic::{Code, Diagnostic, MAX_PER_FILE};
use crate::source::{SafeSlice, SourceFile};
use pest::Parser as _;

/// How far past the point where pest stopped it may have looked: the
/// longest literal of the grammar (`contact-block`) and a character more,
/// with room to spare.
const LOOKAHEAD: usize = 32;

/// Input the recovering parser skipped: its byte range and the strict rule
/// that reads it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Skipped {
    /// First byte skipped.
    start: usize,
    /// One past the last byte skipped.
    end: usize,
    /// `probe` for an item, `end_probe` for input after the policy.
    probe: Rule,
}

/// What the recovering parse skipped, and where its pairs end.
#[derive(Debug, Default)]
pub(super) struct Recovery {
    /// The skipped regions, in source order.
    regions: Vec<Skipped>,
    /// The end of every pair, sorted: where a window onto the text may end
    /// without cutting a string, a comment or a prose block in two.
    ends: Vec<usize>,
}

impl Recovery {
    /// Every region the recovering parser skipped under `root`.
    pub(super) fn of(root: cst::Pair<'_>) -> Recovery {
        let mut recovery = Recovery::default();
        for pair in root.descendants() {
            recovery.ends.push(pair.end());
            let strict = match pair.as_rule() {
                Rule::recover => Rule::probe,
                Rule::trailing => Rule::end_probe,
                _ => continue,
            };
            recovery.regions.push(Skipped {
                start: pair.start(),
                end: pair.end(),
                probe: strict,
            });
        }
        recovery.ends.sort_unstable();
        recovery.ends.dedup();
        recovery
    }
}

/// The syntax errors of a file the recovering parser could not read
/// cleanly: the strict parse's error (of `strict`, `file` or `fragment`),
/// then one for each region skipped
/// beyond the errors before it. Past [`MAX_PER_FILE`] the regions are not
/// read again: those errors are only counted, never shown.
pub(super) fn syntax_errors(
    file: &SourceFile,
    strict: Rule,
    recovery: &Recovery,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // How far the errors so far reach: a region that starts there or before
    // is the rest of an item already reported (`org` on one line, its
    // braces on the next).
    let mut reach = None;
    if let Err(error) = PolicyParser::parse(strict, &file.text) {
        reach = Some(messages::position(&error));
        diagnostics.push(messages::translate(file, &error));
    }
    for region in &recovery.regions {
        if reach.is_some_and(|at| region.start <= at) {
            continue;
        }
        let (diagnostic, at) = if diagnostics.len() < MAX_PER_FILE {
            probe(file, region, &recovery.ends)
        } else {
            (unread(file, region), region.start)
        };
        diagnostics.push(diagnostic);
        reach = Some(at);
    }
    diagnostics
}

/// The error of one skipped region, read with the strict grammar from its
/// start; positions are shifted back into the file. pest's error costs time
/// in the length of the text after it, so the region is read in a window
/// that ends at a pair's end, doubled until pest stops well inside it.
fn probe(file: &SourceFile, region: &Skipped, ends: &[usize]) -> (Diagnostic, usize) {
    let text = file.text.as_str();
    let mut want = region.end;
    loop {
        let cut = ends
            .get(ends.partition_point(|&end| end < want))
            .map_or(text.len(), |&end| end.min(text.len()));
        let whole = cut >= text.len();
        let window = text.slice_between(region.start, cut);
        match PolicyParser::parse(region.probe, window) {
            Err(error) => {
                let at = messages::position(&error);
                if whole || at + LOOKAHEAD < window.len() {
                    let at = region.start + at;
                    return (messages::translate_at(file, at, &error.variant), at);
                }
            }
            // Cannot happen: the strict grammar reads less than the
            // recovering one.
            Ok(_) if whole => return (unread(file, region), region.start),
            Ok(_) => {}
        }
        want = region.start + 2 * (cut - region.start).max(LOOKAHEAD);
    }
}

/// A plain error over a skipped region.
fn unread(file: &SourceFile, region: &Skipped) -> Diagnostic {
    let line_end = file
        .text
        .slice_between(region.start, region.end)
        .find(['\r', '\n'])
        .map_or(region.end, |n| region.start + n);
    Diagnostic::error(Code::Syntax, "this could not be read")
        .at(file.span(region.start, line_end))
        .label("skipped")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of every `recover` pair of the recovering parse.
    fn recovered(text: &str) -> Vec<String> {
        let root = match PolicyParser::parse(Rule::recovering_file, text) {
            Ok(mut pairs) => pairs.next(),
            Err(error) => panic!("{error}"),
        };
        root.into_iter()
            .flat_map(|r| r.into_inner().flatten())
            .filter(|p| p.as_rule() == Rule::recover)
            .map(|p| p.as_str().to_string())
            .collect()
    }

    fn in_policy(body: &str) -> String {
        format!("policy terms \"T\" {{\n{body}\n  id = \"t\"\n}}\n")
    }

    #[test]
    fn a_group_is_skipped_to_its_closing_brace_past_strings_prose_and_comments() {
        let line = r#"secton "a { }" { text "}" /* } */ x = "\"{" // }
    text """
      } "" {
      """ } then more"#;
        assert_eq!(recovered(&in_policy(&format!("  {line}  "))), [line]);
    }

    #[test]
    fn the_rest_of_the_line_is_skipped_but_not_the_enclosing_brace() {
        let text = in_policy("  section \"s\" { bad thing }\n  version =\n  text What \"x\"");
        assert_eq!(
            recovered(&text),
            ["bad thing", "version =", "text What \"x\""]
        );
    }

    #[test]
    fn a_list_over_several_lines_is_skipped_whole() {
        let list = "jurisdictions = [\n    \"EU\" \"IN\",\n  ]";
        assert_eq!(recovered(&in_policy(&format!("  {list}"))), [list]);
    }

    #[test]
    fn nothing_is_skipped_in_a_good_file_and_the_strict_parser_never_skips() {
        assert!(recovered(&in_policy("  section \"s\" { }")).is_empty());
        let bad = in_policy("  secton \"a\" { }");
        assert_eq!(recovered(&bad).len(), 1);
        assert!(PolicyParser::parse(Rule::file, &bad).is_err());
    }

    #[test]
    fn a_later_error_reads_as_it_would_alone_however_far_it_is() {
        let org = format!(
            "  org\n  {{\n{}    website =\n  }}\n  // {}\n",
            "    name = \"a\" /* } */\n".repeat(200),
            "x".repeat(500)
        );
        let alone = SourceFile::new("t.policy", in_policy(&org));
        let after = SourceFile::new(
            "t.policy",
            in_policy(&format!("  secton \"a\" {{ }}\n{org}")),
        );
        let shift = after.text.len() - alone.text.len();
        let alone = crate::syntax::parse(&alone).diagnostics;
        let after = crate::syntax::parse(&after).diagnostics;
        assert_eq!((alone.len(), after.len()), (1, 2), "{after:?}");
        let (Some(alone), Some(later)) = (alone.first(), after.get(1)) else {
            return;
        };
        assert_eq!(later.message, alone.message);
        let span = |d: &Diagnostic| d.span.map(|s| (s.start, s.end));
        assert_eq!(
            span(later),
            span(alone).map(|(a, b)| (a + shift, b + shift))
        );
    }

    #[test]
    fn errors_past_the_limit_are_counted_without_being_read_again() {
        let text = in_policy(&"  bad line\n".repeat(MAX_PER_FILE + 20));
        let errors = crate::syntax::parse(&SourceFile::new("t.policy", text)).diagnostics;
        assert_eq!(errors.len(), MAX_PER_FILE + 20);
        let plain = errors
            .iter()
            .filter(|d| d.message == "this could not be read");
        assert_eq!(plain.count(), 20);
    }
}

//! Stage 1, text → parse tree. A short delimiter scan runs first: it finds
//! unterminated strings, unclosed or stray braces and excessive nesting with
//! messages about the author's text, and it keeps pest's recursion bounded.
//! Then pest parses, and its errors are translated into words about the
//! language rather than grammar rule names.

use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::{SafeSlice, SourceFile, Span};
use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;

/// The pest parser generated from `grammar/policy.pest`.
#[derive(pest_derive::Parser)]
#[grammar = "../grammar/policy.pest"]
pub struct PolicyParser;

/// How deeply `{`/`[` may nest, the policy's own braces included. Real
/// policies use a handful of levels and headings stop at h6; the cap keeps
/// the recursive-descent parser far from the end of its stack and stays
/// inside the template engine's limit of 20 nested component calls.
pub const MAX_DEPTH: usize = 16;

/// Parses a file into its `policy` pair, or the one syntax error found.
pub fn parse(file: &SourceFile) -> Result<Pair<'_, Rule>, Diagnostic> {
    scan_delimiters(&file.text)?;
    let mut pairs = PolicyParser::parse(Rule::file, &file.text).map_err(|e| translate(file, &e))?;
    let file_pair = pairs.next();
    file_pair
        .and_then(|f| f.into_inner().find(|p| p.as_rule() == Rule::policy))
        .ok_or_else(|| Diagnostic::error(Code::Syntax, "the file holds no policy"))
}

/// Finds delimiter problems pest would report poorly: an unterminated string
/// or prose block, a `{` never closed, a `}` closing nothing, nesting beyond
/// [`MAX_DEPTH`].
fn scan_delimiters(text: &str) -> Result<(), Diagnostic> {
    let bytes = text.as_bytes();
    // Each open delimiter: its byte, its offset, and its line's indentation.
    let mut open: Vec<(u8, usize, usize)> = Vec::new();
    let mut suspect: Option<usize> = None;
    let mut lines = LineIndents::new(text);
    let mut i = 0;
    while i < bytes.len() {
        let Some(&byte) = bytes.get(i) else { break };
        match byte {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text.slice_from(i).find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match text.slice_from(i + 2).find("*/") {
                Some(n) => i += n + 4,
                None => {
                    return Err(
                        Diagnostic::error(Code::Syntax, "this comment is never closed")
                            .at(Span::new(i, i + 2))
                            .label("the comment starts here")
                            .help("end the comment with `*/`"),
                    );
                }
            },
            b'"' => {
                let quotes = bytes.iter().skip(i).take_while(|&&b| b == b'"').count();
                if quotes >= 3 {
                    let fence = text.slice_between(i, i + quotes);
                    let body = i + quotes;
                    match text.slice_from(body).find(fence) {
                        Some(n) => i = body + n + quotes,
                        None => {
                            return Err(Diagnostic::error(
                                Code::UnterminatedProse,
                                "this prose block is never closed",
                            )
                            .at(Span::new(i, body))
                            .label("the block opens here")
                            .help(format!("end the block with `{fence}` on a line of its own")));
                        }
                    }
                    continue;
                }
                i = string_end(bytes, i)?;
            }
            b'{' | b'[' => {
                open.push((byte, i, lines.indent_at(i).1));
                if open.len() > MAX_DEPTH {
                    return Err(
                        Diagnostic::error(Code::TooDeep, "blocks are nested too deeply")
                            .at(Span::new(i, i + 1))
                            .label(format!("this is level {} of nesting", open.len()))
                            .help(format!("blocks may nest at most {MAX_DEPTH} levels deep, the policy's own braces included: flatten the sections")),
                    );
                }
            }
            close @ (b'}' | b']') => {
                let want = if close == b'}' { b'{' } else { b'[' };
                match open.pop() {
                    Some((b, at, indent)) if b == want => {
                        let (column, line_indent) = lines.indent_at(i);
                        let starts_line = column == line_indent;
                        if suspect.is_none() && starts_line && line_indent != indent {
                            suspect = Some(at);
                        }
                    }
                    Some((_, at, _)) => {
                        return Err(Diagnostic::error(
                            Code::Syntax,
                            format!(
                                "`{}` does not close this `{}`",
                                close as char,
                                text.get(at..=at).unwrap_or("")
                            ),
                        )
                        .at(Span::new(i, i + 1))
                        .related(Span::new(at, at + 1), "the delimiter still open here")
                        .help("check that every `{` has a `}` and every `[` a `]`"));
                    }
                    None => {
                        return Err(Diagnostic::error(
                            Code::Syntax,
                            format!("this `{}` closes nothing", close as char),
                        )
                        .at(Span::new(i, i + 1))
                        .label("no open block or list to close")
                        .help("remove it, or add the opening delimiter it belongs to"));
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    if let Some(&(b, at, _)) = open.last() {
        let outer = open.first().map_or(at, |o| o.1);
        let mut diagnostic = Diagnostic::error(
            Code::Unclosed,
            format!("this `{}` is never closed", b as char),
        )
        .at(Span::new(outer, outer + 1))
        .label("opened here; the file ends before its closing delimiter")
        .help(format!(
            "add the missing `{}`",
            if b == b'{' { '}' } else { ']' }
        ));
        if let Some(s) = suspect.filter(|&s| s != outer) {
            diagnostic = diagnostic.related(
                Span::new(s, s + 1),
                "this block's closing `}` looks misplaced: check its indentation",
            );
        }
        return Err(diagnostic);
    }
    Ok(())
}

/// The offset just past the string starting at `start`, or an error when it
/// meets a line break or the end of the file first.
fn string_end(bytes: &[u8], start: usize) -> Result<usize, Diagnostic> {
    let mut i = start + 1;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'\\' => i += 2,
            b'"' => return Ok(i),
            b'\n' | b'\r' => break,
            _ => i += 1,
        }
    }
    Err(Diagnostic::error(Code::UnterminatedString, "this string is never closed")
        .at(Span::new(start, start + 1))
        .label("the string starts here")
        .help("add the closing `\"` on the same line; for text over several lines use a `\"\"\"` block"))
}

/// Each line's indentation, measured once, so the delimiter scan stays
/// linear however long a line is.
struct LineIndents<'a> {
    text: &'a str,
    starts: Vec<usize>,
    indents: Vec<Option<usize>>,
}

impl<'a> LineIndents<'a> {
    fn new(text: &'a str) -> Self {
        let starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let indents = vec![None; starts.len()];
        LineIndents {
            text,
            starts,
            indents,
        }
    }

    /// The byte column of `at` in its line, and the line's indentation.
    fn indent_at(&mut self, at: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let indent = match self.indents.get_mut(line) {
            Some(Some(indent)) => *indent,
            Some(slot) => {
                let measured = self
                    .text
                    .slice_from(start)
                    .bytes()
                    .take_while(|b| *b == b' ' || *b == b'\t')
                    .count();
                *slot = Some(measured);
                measured
            }
            None => 0,
        };
        (at - start, indent)
    }
}

/// Keywords that may begin an item, for "did you mean" on a misspelt one.
const ITEM_KEYWORDS: &[&str] = &[
    "section",
    "text",
    "term",
    "org",
    "contact",
    "officer",
    "toc",
    "contact-block",
    "last-updated",
];

/// Turns a pest error into a diagnostic about the language.
fn translate(file: &SourceFile, error: &pest::error::Error<Rule>) -> Diagnostic {
    let at = match error.location {
        InputLocation::Pos(p) | InputLocation::Span((p, _)) => p,
    };
    let found = found_at(&file.text, at);
    let span = Span::new(at, at + found.len().max(1)).clamped(file.text.len());
    let mut expected: Vec<&str> = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().map(|r| describe_rule(*r)).collect()
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_unstable();
    expected.dedup();
    let found_text = if found.is_empty() {
        "the end of the file".to_string()
    } else {
        format!("`{found}`")
    };
    let message = match expected.as_slice() {
        [] => format!("unexpected {found_text}"),
        [one] => format!("expected {one}, found {found_text}"),
        [init @ .., last] => format!("expected {} or {last}, found {found_text}", init.join(", ")),
    };
    let mut diagnostic = Diagnostic::error(Code::Syntax, message)
        .at(span)
        .label("unexpected here");
    if let Some(special) = special_case(&file.text, at, found, &expected) {
        return special;
    }
    let word_like = found
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    if ITEM_KEYWORDS.contains(&found) && expected.contains(&describe_rule(Rule::date)) {
        return Diagnostic::error(
            Code::Syntax,
            format!("expected a value after `=`, found the keyword `{found}`"),
        )
        .at(span)
        .label("the value is missing before this")
        .help("write the value on the same line as its name, e.g. `version = \"2.0\"`");
    }
    if word_like {
        if let Some(suggestion) = did_you_mean(found, ITEM_KEYWORDS.iter().copied()) {
            return diagnostic.help(format!("did you mean `{suggestion}`?"));
        }
    }
    if expected.contains(&describe_rule(Rule::equals)) {
        // The parser read the previous word as a setting's name. When that
        // word is a misspelt keyword, say so at the word itself.
        if let Some((word, word_span)) = word_before(&file.text, at) {
            if let Some(suggestion) = did_you_mean(word, ITEM_KEYWORDS.iter().copied()) {
                return Diagnostic::error(Code::Syntax, format!("unknown keyword `{word}`"))
                    .at(word_span)
                    .label("not a keyword of the language")
                    .help(format!("did you mean `{suggestion}`?"));
            }
            return diagnostic.help(format!(
                "a line that starts with a name is a setting: write `{word} = value`"
            ));
        }
    }
    if expected.iter().any(|e| e.contains("in double quotes")) && word_like {
        diagnostic = diagnostic.help(format!("put the text in double quotes: `\"{found}\"`"));
    }
    diagnostic
}

/// Mistakes common enough to deserve their own words.
fn special_case(text: &str, at: usize, found: &str, expected: &[&str]) -> Option<Diagnostic> {
    let wants_string = expected.contains(&describe_rule(Rule::string));
    if found == "\\" && text.get(at.saturating_sub(1)..at).is_some() {
        let escape: String = text.slice_from(at).chars().take(2).collect();
        return Some(
            Diagnostic::error(Code::Syntax, format!("unknown escape `{escape}` in a string"))
                .at(Span::new(at, at + escape.len()))
                .label("not an escape")
                .help("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}`; write `\\\\` for a backslash"),
        );
    }
    let date_like = found.starts_with(|c: char| c.is_ascii_digit()) && found.contains('-');
    if date_like && expected.contains(&describe_rule(Rule::date)) {
        return Some(
            Diagnostic::error(
                Code::InvalidDate,
                format!("`{found}` is not a date in the form YYYY-MM-DD"),
            )
            .at(Span::new(at, at + found.len()))
            .label("not an ISO date")
            .help(
                "write the year with four digits and the month and day with two, e.g. `2024-01-05`",
            ),
        );
    }
    if found == "{" && wants_string {
        return Some(
            Diagnostic::error(
                Code::Syntax,
                "a title in double quotes is missing before `{`",
            )
            .at(Span::new(at, at + 1))
            .label("expected a title before this")
            .help("write the title in quotes, e.g. `section \"Your rights\" {`"),
        );
    }
    None
}

/// The identifier that ends just before `at` (spaces between allowed).
fn word_before(text: &str, at: usize) -> Option<(&str, Span)> {
    let before = text.get(..at)?.trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    let word = before.slice_from(start);
    word.chars().next().filter(char::is_ascii_alphabetic)?;
    Some((word, Span::new(start, before.len())))
}

/// The token at `at`, for messages: a word (at most 40 characters), or
/// one character.
fn found_at(text: &str, at: usize) -> &str {
    let rest = text.slice_from(at);
    let word: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .take(40)
        .map(char::len_utf8)
        .sum();
    if word > 0 {
        return rest.slice_to(word);
    }
    rest.chars()
        .next()
        .map_or("", |c| rest.slice_to(c.len_utf8()))
}

impl Span {
    fn clamped(self, len: usize) -> Span {
        Span::new(self.start.min(len), self.end.min(len))
    }
}

/// What each grammar rule is called in messages. The match is exhaustive,
/// so a new rule cannot be added without a name for users.
pub fn describe_rule(rule: Rule) -> &'static str {
    match rule {
        Rule::file | Rule::policy | Rule::kw_policy => "`policy KIND \"Title\" { … }`",
        Rule::EOI => "the end of the file",
        Rule::policy_kind => "the policy's kind (`privacy`, `cookies` or `terms`)",
        Rule::item => "a section, a `text` block or a setting",
        Rule::assignment | Rule::key => "a setting such as `id = \"…\"`",
        Rule::value | Rule::list_value => "a value (a text in quotes, a date, a list or a word)",
        Rule::list => "a list in `[ ]`",
        Rule::word => "a word such as `none`",
        Rule::integer => "a whole number",
        Rule::date => "a date such as `2024-01-31`",
        Rule::org | Rule::kw_org => "`org { … }`",
        Rule::contact | Rule::kw_contact => "`contact { … }`",
        Rule::officer | Rule::kw_officer => "`officer ROLE { … }`",
        Rule::term | Rule::kw_term => "`term Name = \"…\"`",
        Rule::text | Rule::kw_text => "a `text` block",
        Rule::section | Rule::kw_section => "a `section`",
        Rule::section_kind => "a section kind such as `collection`",
        Rule::generated | Rule::generated_name => {
            "a generated block (`toc`, `contact-block`, `last-updated`)"
        }
        Rule::string | Rule::quote | Rule::string_content => "a text in double quotes",
        Rule::escape => "an escape such as `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{…}`",
        Rule::prose_block
        | Rule::prose_open
        | Rule::prose_content
        | Rule::prose_run
        | Rule::prose_close => "a prose block in `\"\"\"`",
        Rule::identifier | Rule::ident_char => "a name",
        Rule::keyword => "a keyword",
        Rule::block_open => "`{`",
        Rule::block_close => "`}`",
        Rule::list_open => "`[`",
        Rule::list_close => "`]`",
        Rule::equals => "`=`",
        Rule::comma => "`,`",
        Rule::WHITESPACE | Rule::COMMENT => "a space or a comment",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(text: &str) -> Diagnostic {
        match parse(&SourceFile::new("t.policy", text)) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(d) => d,
        }
    }

    #[test]
    fn parses_a_minimal_policy() {
        let file = SourceFile::new("t.policy", "policy terms \"T\" { id = \"t\" }");
        assert!(parse(&file).is_ok());
    }

    #[test]
    fn unclosed_brace_points_at_the_outer_block_and_the_suspect() {
        let d = error_of(
            "policy terms \"T\" {\n  section \"a\" {\n    text \"x\"\n  section \"b\" {\n  }\n}\n",
        );
        assert_eq!(d.code, Code::Unclosed);
        assert_eq!(d.span, Some(Span::new(17, 18)));
        assert_eq!(d.related.first().map(|l| l.span.start), Some(33));
    }

    #[test]
    fn unterminated_string_and_prose() {
        assert_eq!(
            error_of("policy terms \"T {\n}").code,
            Code::UnterminatedString
        );
        assert_eq!(
            error_of("policy terms \"T\" { text \"\"\"\n abc\n}").code,
            Code::UnterminatedProse
        );
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = format!(
            "policy terms \"T\" {}{}",
            "section \"s\" {".repeat(10_000),
            "}".repeat(10_001)
        );
        assert_eq!(error_of(&text).code, Code::TooDeep);
    }

    #[test]
    fn misspelt_keyword_gets_a_suggestion() {
        let d = error_of("policy terms \"T\" {\n  secton \"a\" { }\n}");
        assert_eq!(d.help.as_deref(), Some("did you mean `section`?"));
        assert!(!d.message.contains("kw_"), "{}", d.message);
    }

    #[test]
    fn braces_in_strings_prose_and_comments_are_ignored() {
        let text = "policy terms \"{\" { // }\n text \"\"\" } \"\"\" /* { */ }";
        assert!(parse(&SourceFile::new("t.policy", text)).is_ok());
    }
}

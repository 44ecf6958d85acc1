//! pest's errors in words about the language: "expected a section, a
//! `text` block or a setting, found `secton`" rather than rule names, with
//! "did you mean" for misspelt keywords and special cases for the common
//! mistakes. [`describe_rule`] names every grammar rule exhaustively.

use super::Rule;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::source::{SafeSlice, SourceFile, Span};
use pest::error::{ErrorVariant, InputLocation};

/// Keywords that may begin an item, for "did you mean" on a misspelt one:
/// the grammar's `keyword` and `fact_keyword` literals but `policy` (a unit
/// test keeps this list and the grammar's the same).
pub const ITEM_KEYWORDS: &[&str] = &[
    "section",
    "text",
    "term",
    "org",
    "contact",
    "officer",
    "toc",
    "contact-block",
    "last-updated",
    "glossary",
    "data-table",
    "cookie-table",
    "rights-list",
    "privacy-label",
    "define",
    "include",
    "collect",
    "api",
    "recipient",
    "retain",
    "transfer",
    "children",
    "cookie",
    "right",
    "security",
    "changes",
    "signals",
    "sale",
    "accounts",
    "automated-decision-making",
    "disclosure",
];

/// Where a pest error is, in bytes from the start of the text parsed.
pub(super) fn position(error: &pest::error::Error<Rule>) -> usize {
    match error.location {
        InputLocation::Pos(p) | InputLocation::Span((p, _)) => p,
    }
}

/// Turns a pest error into a diagnostic about the language.
pub(super) fn translate(file: &SourceFile, error: &pest::error::Error<Rule>) -> Diagnostic {
    translate_at(file, position(error), &error.variant)
}

/// Turns pest's account of a failure at byte `at` of the file into a
/// diagnostic about the language.
pub(super) fn translate_at(
    file: &SourceFile,
    at: usize,
    variant: &ErrorVariant<Rule>,
) -> Diagnostic {
    let found = found_at(&file.text, at);
    let span = file
        .span(at, at + found.len().max(1))
        .clamped(file.text.len());
    let expected = expected_words(variant);
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
    let diagnostic = Diagnostic::error(Code::Syntax, message)
        .at(span)
        .label("unexpected here");
    if let Some(special) = special_case(file, at, found, &expected) {
        return special;
    }
    if ITEM_KEYWORDS.contains(&found) && expected.contains(&describe_rule(Rule::date)) {
        return Diagnostic::error(
            Code::Syntax,
            format!("expected a value after `=`, found the keyword `{found}`"),
        )
        .at(span)
        .label("the value is missing before this")
        .help("write the value on the same line as its name, e.g. `version = \"2.0\"`");
    }
    with_hint(file, at, found, &expected, diagnostic)
}

/// What pest expected, in words, sorted and without repeats.
fn expected_words(variant: &ErrorVariant<Rule>) -> Vec<&'static str> {
    let mut expected: Vec<&str> = match variant {
        ErrorVariant::ParsingError { positives, .. } => {
            // Comments may stand anywhere: never worth naming as expected.
            // `recover` is tried (and fails at once) in the strict parse.
            positives
                .iter()
                .filter(|r| !matches!(r, Rule::COMMENT | Rule::WHITESPACE | Rule::recover))
                .map(|r| describe_rule(*r))
                .collect()
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_unstable();
    expected.dedup();
    summarise_items(expected)
}

/// Where pest lists every kind of item it could have read, one phrase says
/// so: "an item (a section, a `text` block, a setting, …)".
fn summarise_items(expected: Vec<&'static str>) -> Vec<&'static str> {
    const ITEMS: &[Rule] = &[
        Rule::org,
        Rule::contact,
        Rule::term,
        Rule::define,
        Rule::include,
        Rule::text,
        Rule::section,
        Rule::generated,
        Rule::fact,
        Rule::assignment,
    ];
    let items: Vec<&str> = ITEMS.iter().map(|r| describe_rule(*r)).collect();
    if items.iter().filter(|i| expected.contains(i)).count() < 5 {
        return expected;
    }
    let mut out: Vec<&str> = expected
        .into_iter()
        .filter(|e| !items.contains(e))
        .collect();
    out.push("an item (a section, a `text` block, a setting, a term, …)");
    out
}

/// The general diagnostic with a hint for the usual mistakes: a misspelt
/// keyword, a word read as a setting's name, text without quotes.
fn with_hint(
    file: &SourceFile,
    at: usize,
    found: &str,
    expected: &[&str],
    diagnostic: Diagnostic,
) -> Diagnostic {
    let word_like = found
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    // The parser read the previous word as a setting's name. When that
    // word is a misspelt keyword, say so at the word itself (before the
    // word found, which may only look like a keyword: `secton collection`).
    // After a keyword (`text What`), the setting is not what was meant.
    let wants_equals = expected.contains(&describe_rule(Rule::equals));
    let before =
        word_before(file, at).filter(|(word, _)| wants_equals && !ITEM_KEYWORDS.contains(word));
    if let Some((word, word_span)) = before {
        if let Some(suggestion) = did_you_mean(word, ITEM_KEYWORDS.iter().copied()) {
            return Diagnostic::error(Code::Syntax, format!("unknown keyword `{word}`"))
                .at(word_span)
                .label("not a keyword of the language")
                .help(format!("did you mean `{suggestion}`?"));
        }
    }
    if word_like {
        if let Some(suggestion) = did_you_mean(found, ITEM_KEYWORDS.iter().copied()) {
            return diagnostic.help(format!("did you mean `{suggestion}`?"));
        }
    }
    if let Some((word, _)) = before {
        return diagnostic.help(format!(
            "a line that starts with a name is a setting: write `{word} = value`"
        ));
    }
    if expected.iter().any(|e| e.contains("in double quotes")) && word_like {
        return diagnostic.help(format!("put the text in double quotes: `\"{found}\"`"));
    }
    diagnostic
}

/// Mistakes common enough to deserve their own words.
fn special_case(
    file: &SourceFile,
    at: usize,
    found: &str,
    expected: &[&str],
) -> Option<Diagnostic> {
    let text = file.text.as_str();
    let wants_string = expected.contains(&describe_rule(Rule::string));
    if found == "\\" && text.get(at.saturating_sub(1)..at).is_some() {
        let escape: String = text.slice_from(at).chars().take(2).collect();
        return Some(
            Diagnostic::error(Code::Syntax, format!("unknown escape `{escape}` in a string"))
                .at(file.span(at, at + escape.len()))
                .label("not an escape")
                .help("the escapes are `\\\"`, `\\\\`, `\\n`, `\\t` and `\\u{…}`; write `\\\\` for a backslash"),
        );
    }
    if found == "." {
        if let Some(number) = number_before(text, at) {
            return Some(
                Diagnostic::error(Code::Syntax, format!("`{number}.` is not a value"))
                    .at(file.span(at - number.len(), at + 1))
                    .label("a number cannot end with `.`")
                    .help(format!(
                        "write it in quotes: `\"{number}.\"` (for a numbering style, e.g. `numbering = \"1.\"`)"
                    )),
            );
        }
    }
    let date_like = found.starts_with(|c: char| c.is_ascii_digit()) && found.contains('-');
    if date_like && expected.contains(&describe_rule(Rule::date)) {
        return Some(
            Diagnostic::error(
                Code::InvalidDate,
                format!("`{found}` is not a date in the form YYYY-MM-DD"),
            )
            .at(file.span(at, at + found.len()))
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
            .at(file.span(at, at + 1))
            .label("expected a title before this")
            .help("write the title in quotes, e.g. `section \"Your rights\" {`"),
        );
    }
    None
}

/// The run of digits that ends just before `at`, after `=` and spaces.
fn number_before(text: &str, at: usize) -> Option<&str> {
    let before = text.get(..at)?;
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let number = before.get(at - digits..)?;
    let rest = before.get(..at - digits)?.trim_end();
    (!number.is_empty() && rest.ends_with('=')).then_some(number)
}

/// The identifier that ends just before `at` (spaces between allowed).
fn word_before(file: &SourceFile, at: usize) -> Option<(&str, Span)> {
    let text = file.text.as_str();
    let before = text.get(..at)?.trim_end();
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    let word = before.slice_from(start);
    word.chars().next().filter(char::is_ascii_alphabetic)?;
    Some((word, file.span(start, before.len())))
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

/// What each grammar rule is called in messages. The match is exhaustive,
/// so a new rule cannot be added without a name for users.
pub fn describe_rule(rule: Rule) -> &'static str {
    match rule {
        Rule::fragment | Rule::recovering_fragment | Rule::clauses => {
            "sections, `text` blocks, terms and other items of a clause file"
        }
        Rule::define | Rule::kw_define => "`define \"Phrase\" = \"…\"`",
        Rule::include | Rule::kw_include => "`include \"path\"`",
        Rule::file | Rule::recovering_file | Rule::policy | Rule::kw_policy => {
            "`policy KIND \"Title\" { … }`"
        }
        Rule::EOI | Rule::end_probe => "the end of the file",
        Rule::trailing => "text after the policy",
        Rule::recovered => "text skipped after a syntax error",
        Rule::policy_kind => "the policy's kind (`privacy`, `cookies` or `terms`)",
        Rule::item | Rule::probe | Rule::recover => "a section, a `text` block or a setting",
        Rule::skipped_group
        | Rule::skipped_inside
        | Rule::skipped_piece
        | Rule::skipped_blank
        | Rule::skipped_string
        | Rule::skipped_prose
        | Rule::skipped_word
        | Rule::skipped_text
        | Rule::skipped_chars => "text skipped after a syntax error",
        Rule::assignment | Rule::key => "a setting such as `id = \"…\"`",
        Rule::value | Rule::list_value => "a value (a text in quotes, a date, a list or a word)",
        Rule::list => "a list in `[ ]`",
        Rule::word => "a word such as `none`",
        // Tried beside `integer` and `word`: never worth a phrase of its own.
        Rule::integer | Rule::loose | Rule::unit_name => "a whole number",
        Rule::date => "a date such as `2024-01-31`",
        Rule::org | Rule::kw_org => "`org { … }`",
        Rule::contact | Rule::kw_contact => "`contact { … }`",
        Rule::officer | Rule::kw_officer => "`officer ROLE { … }`",
        Rule::term | Rule::kw_term => "`term Name = \"…\"`",
        Rule::text | Rule::kw_text => "a `text` block",
        Rule::section | Rule::kw_section => "a `section`",
        Rule::section_kind => "a section kind such as `collection`",
        Rule::generated | Rule::generated_name => "a generated block (`toc`, `data-table`, …)",
        Rule::fact | Rule::fact_keyword => "a fact such as `collect { … }`",
        Rule::fact_kind => "a kind such as `processor` or `access`",
        Rule::tagged => "a word with a text, such as `other \"…\"`",
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
#[allow(clippy::string_slice)]
mod tests {
    use super::ITEM_KEYWORDS;

    /// The quoted words of one rule of the grammar, e.g. `fact_keyword`.
    fn literals_of(rule: &str) -> Vec<String> {
        let grammar = include_str!("../../grammar/policy.pest");
        let start = grammar
            .find(&format!("\n{rule} = "))
            .expect("the rule is in the grammar");
        let body = &grammar[start..];
        let body = &body[..body
            .find("!ident_char")
            .expect("the rule ends with its guard")];
        body.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    /// "Did you mean" on a misspelt item keyword (`colect`, `recipent`)
    /// knew only some of them: the list is the grammar's, every keyword
    /// that may begin an item.
    #[test]
    fn item_keywords_are_the_grammars() {
        let mut grammar: Vec<String> = literals_of("keyword")
            .into_iter()
            .chain(literals_of("fact_keyword"))
            .filter(|k| k != "policy")
            .collect();
        let mut ours: Vec<String> = ITEM_KEYWORDS.iter().map(|k| k.to_string()).collect();
        grammar.sort();
        ours.sort();
        assert_eq!(ours, grammar);
    }
}

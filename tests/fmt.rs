//! `policyc::fmt`, the formatter, as a library: every real policy, example,
//! UI case and documented example formats to a text that compiles to the
//! same JSON, formats to itself again, and keeps every comment; so do
//! mutants of the real policies that differ only in white space and
//! comments between tokens; and each layout rule of `docs/fmt.md` has a
//! case of its own. The binary's `fmt` is in `fmt_cli.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::fmt::{self, Refusal};
use policyc::source::SourceFile;
use policyc::syntax::tree::{Element, Node};
use policyc::syntax::{self, Rule, SyntaxTree};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config as ProptestConfig, RngSeed};

#[path = "common/files.rs"]
mod files;

// ---------------------------------------------------------------------------
// The three properties, on every file at hand.
// ---------------------------------------------------------------------------

/// The JSON export of what `text` compiles to (valid or not).
fn json_of(name: &str, text: &str) -> Option<String> {
    let compiled = policyc::compile(&SourceFile::new(name, text));
    compiled
        .model()
        .map(|policy| policyc::export::json::render(policy).unwrap())
}

/// Every comment of a file that parses, each line trimmed (a block comment
/// moves with its line; a line comment loses trailing blanks).
fn comments_of(text: &str) -> Vec<String> {
    let file = SourceFile::new("c.policy", text);
    let tree = SyntaxTree::build(&file, syntax::parse(&file).root().unwrap());
    tree.comments()
        .map(|(_, c)| c.split('\n').map(str::trim).collect::<Vec<_>>().join("\n"))
        .collect()
}

/// Formats `text` and checks the three properties; the formatted text.
fn assert_formats_faithfully(name: &str, text: &str) -> String {
    let file = SourceFile::new(name, text);
    let formatted = match fmt::format(&file) {
        Ok(formatted) => formatted,
        Err(refusal) => panic!("{name}: {refusal:?}\n{text}"),
    };
    assert!(
        json_of(name, &formatted) == json_of(name, text),
        "{name}: the model changed:\n{}",
        fmt::diff(name, text, &formatted)
    );
    let again = fmt::format(&SourceFile::new(name, formatted.as_str())).unwrap();
    assert!(
        again == formatted,
        "{name}: formatting twice changes it:\n{}\nfrom the mutant:\n{}",
        fmt::diff(name, &formatted, &again),
        fmt::diff(name, text, &formatted)
    );
    assert_eq!(
        comments_of(&formatted),
        comments_of(text),
        "{name}: comments"
    );
    assert!(formatted.ends_with('\n') && !formatted.ends_with("\n\n"));
    assert!(!formatted.contains("\r\n"), "{name}: CRLF left");
    formatted
}

/// Every ```policy block of docs/language.md and the README.
fn documented_examples() -> Vec<(String, String)> {
    let docs = [
        ("docs/language.md", include_str!("../docs/language.md")),
        ("README.md", include_str!("../README.md")),
    ];
    docs.iter()
        .flat_map(|(doc, text)| {
            text.split("```policy\n")
                .skip(1)
                .filter_map(|rest| rest.split("```").next())
                .enumerate()
                .map(move |(n, text)| (format!("{doc} example {}", n + 1), text.to_string()))
        })
        .collect()
}

#[test]
fn every_policy_example_ui_case_and_documented_example_formats_faithfully() {
    let mut files = documented_examples();
    for folder in ["policies", "examples", "tests/ui"] {
        for path in files::policy_files(&[folder]) {
            if let Ok(text) = std::fs::read_to_string(&path) {
                files.push((path.display().to_string(), text));
            }
        }
    }
    let mut formatted = 0;
    for (name, text) in &files {
        let file = SourceFile::new(name.as_str(), text.as_str());
        if !syntax::parse(&file).diagnostics.is_empty() {
            // Syntax errors: refused, and nothing more to check.
            assert!(matches!(fmt::format(&file), Err(Refusal::Syntax(_))));
            continue;
        }
        assert_formats_faithfully(name, text);
        formatted += 1;
    }
    assert!(formatted > 50, "only {formatted} files formatted");
}

#[test]
fn the_before_and_after_of_the_formatter_docs_hold() {
    let doc = include_str!("../docs/fmt.md");
    let examples: Vec<&str> = doc
        .split("```policy\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .collect();
    let [before, after] = examples[..] else {
        panic!("docs/fmt.md should have a before and an after example");
    };
    assert_formats(before, after);
    assert!(
        policyc::compile(&SourceFile::new("after", after))
            .policy
            .is_some()
    );
}

#[test]
fn the_real_policies_and_the_examples_are_formatted_already() {
    for folder in ["policies", "examples"] {
        for path in files::policy_files(&[folder]) {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.display().to_string();
            let formatted = assert_formats_faithfully(&name, &text);
            assert!(formatted == text, "{}", fmt::diff(&name, &text, &formatted));
        }
    }
}

// ---------------------------------------------------------------------------
// Mutants: white space and comments changed between tokens.
// ---------------------------------------------------------------------------

/// The seeds of every mutant: the real policies, the examples, and the
/// documented examples (which hold what the real policies do not: lists
/// over lines, block comments, four-quote and code-block prose, defines).
fn seeds() -> Vec<(String, String)> {
    let mut seeds = documented_examples();
    for folder in ["policies", "examples"] {
        for path in files::policy_files(&[folder]) {
            let text = std::fs::read_to_string(&path).unwrap();
            seeds.push((path.display().to_string(), text));
        }
    }
    seeds
}

/// What may stand between two tokens instead of what stood there.
#[rustfmt::skip]
const BETWEEN: &[&str] = &[
    "", " ", "   ", "\t", "\n", "\n\n", "\n\n\n\n", "\r\n", "\n      ", " \n ", " /* c */ ",
    "/*\n  two lines\n*/", " // trailing\n", "\n// own line\n\n", "\t// tab\r\n",
];

/// Where the white space before each token starts and ends, and whether
/// other white space may stand there (not inside a string or a prose
/// block, not after a line comment).
fn boundaries(text: &str) -> Vec<(usize, usize, bool)> {
    fn walk(
        node: &Node,
        inside_text: bool,
        out: &mut Vec<(usize, usize, bool)>,
        prev_line: &mut bool,
    ) {
        let glued = matches!(node.kind, Rule::string | Rule::prose_block);
        for (n, child) in node.children.iter().enumerate() {
            match child {
                Element::Node(inner) => walk(inner, inside_text || glued, out, prev_line),
                Element::Token(token) => {
                    let free = !(inside_text || glued && n > 0);
                    let start = token.span.start - token.leading.len();
                    out.push((start, token.span.start, free && !*prev_line));
                    *prev_line = token.text.starts_with("//");
                }
            }
        }
    }
    let file = SourceFile::new("m.policy", text);
    let tree = SyntaxTree::build(&file, syntax::parse(&file).root().unwrap());
    let mut out = Vec::new();
    walk(tree.root(), false, &mut out, &mut false);
    // Not before the first token: the file must start with the policy or a comment.
    out.into_iter().skip(1).collect()
}

/// `text` with the white space before some tokens replaced by one of
/// `between`; `horizontal` picks only places with no line break.
fn mutate(text: &str, picks: &[(Index, Index)], between: &[&str], horizontal: bool) -> String {
    let spots: Vec<(usize, usize)> = boundaries(text)
        .into_iter()
        .filter(|b| b.2 && (!horizontal || within_line(text, b.0, b.1)))
        .map(|b| (b.0, b.1))
        .collect();
    let chosen = picks
        .iter()
        .map(|(at, what)| (*at.get(&spots), *what.get(between)));
    replace_each(text, chosen.collect(), |_, what| what.to_string())
}

/// `text` with each range chosen replaced by what `with` makes of it and
/// its pick, last first so that earlier ranges stay where they are.
fn replace_each<T>(
    text: &str,
    mut chosen: Vec<((usize, usize), T)>,
    with: impl Fn(&str, T) -> String,
) -> String {
    chosen.sort_by_key(|c| std::cmp::Reverse(c.0.0));
    chosen.dedup_by_key(|c| c.0.0);
    let mut out = text.to_string();
    for ((start, end), pick) in chosen {
        out.replace_range(start..end, &with(&text[start..end], pick));
    }
    out
}

/// Whether the white space `start..end` lies within a line.
fn within_line(text: &str, start: usize, end: usize) -> bool {
    !text[start..end].contains(['\n', '\r'])
}

/// `text` with some prose blocks (those whose closing quotes stand on a
/// line of their own) moved right: lines and closing quotes alike, which
/// leaves their text as it was.
fn shift_prose(text: &str, picks: &[(Index, usize)]) -> String {
    let file = SourceFile::new("m.policy", text);
    let tree = SyntaxTree::build(&file, syntax::parse(&file).root().unwrap());
    let blocks: Vec<(usize, usize)> = tree
        .tokens()
        .filter(|t| t.kind == Rule::prose_content)
        .map(|t| (t.span.start, t.span.end))
        .collect();
    if blocks.is_empty() {
        return text.to_string();
    }
    let chosen = picks.iter().map(|(at, by)| (*at.get(&blocks), *by));
    replace_each(text, chosen.collect(), |content, by| {
        let lines: Vec<&str> = content.split('\n').collect();
        let closing = lines.last().unwrap();
        if lines.len() < 2 || !lines[0].trim().is_empty() || !closing.trim().is_empty() {
            return content.to_string();
        }
        let last = lines.len() - 1;
        let moved: Vec<String> = lines
            .iter()
            .enumerate()
            .map(|(n, line)| match n {
                _ if n == 0 || (n < last && line.trim().is_empty()) => line.to_string(),
                _ => format!("{}{line}", " ".repeat(by)),
            })
            .collect();
        moved.join("\n")
    })
}

/// What a mutant is made of: prose blocks moved (which, how far), then
/// white space replaced (where, by what).
type Picks = (Vec<(Index, usize)>, Vec<(Index, Index)>);

fn picks() -> impl Strategy<Value = Picks> {
    (
        prop::collection::vec((any::<Index>(), 0usize..7), 0..4),
        prop::collection::vec((any::<Index>(), any::<Index>()), 1..24),
    )
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(96),
        rng_seed: if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
            ProptestConfig::default().rng_seed
        } else {
            RngSeed::Fixed(0x0066_6d74)
        },
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutants_format_faithfully(seed in prop::sample::select(seeds()), (moves, picks) in picks()) {
        let (name, text) = (seed.0.as_str(), seed.1.as_str());
        let mutant = mutate(&shift_prose(text, &moves), &picks, BETWEEN, false);
        // A deleted blank may join two words: such mutants are not valid.
        let file = SourceFile::new(name, mutant.as_str());
        prop_assume!(syntax::parse(&file).diagnostics.is_empty());
        prop_assume!(json_of(name, &mutant) == json_of(name, text));
        assert_formats_faithfully(name, &mutant);
    }

    #[test]
    fn blanks_within_a_line_and_the_indentation_of_prose_never_matter(
        seed in prop::sample::select(seeds()),
        (moves, picks) in picks(),
    ) {
        let (name, text) = (seed.0.as_str(), seed.1.as_str());
        let mutant = mutate(&shift_prose(text, &moves), &picks, &[" ", "    ", "\t", " \t "], true);
        let formatted = assert_formats_faithfully(name, &mutant);
        let canonical = fmt::format(&SourceFile::new(name, text)).unwrap();
        prop_assert!(formatted == canonical, "{}", fmt::diff(name, &canonical, &formatted));
    }
}

// ---------------------------------------------------------------------------
// One case a rule (docs/fmt.md).
// ---------------------------------------------------------------------------

/// Formats `input` (checking the three properties) and compares with
/// `expected`.
fn assert_formats(input: &str, expected: &str) {
    let formatted = assert_formats_faithfully("case.policy", input);
    assert!(
        formatted == expected,
        "expected:\n{expected}\ngot:\n{formatted}\n{}",
        fmt::diff("case.policy", expected, &formatted)
    );
}

#[test]
fn indentation_is_two_spaces_a_level() {
    assert_formats(
        "policy terms \"T\" {\n\tid = \"t\"\n        section \"A\" {\n section \"B\" {\ntext \"b\"\n      }\n            }\n    }\n",
        "policy terms \"T\" {\n  id = \"t\"\n  section \"A\" {\n    section \"B\" {\n      text \"b\"\n    }\n  }\n}\n",
    );
}

#[test]
fn key_value_runs_align_their_equals_signs_within_one_block() {
    assert_formats(
        "policy terms \"T\" {\n  id = \"t\"\n  version    = \"2\"\n  language=\"en\"\n\n  numbering = none\n  org {\n    name = \"A\"\n    website = \"https://a.example\"\n  }\n  term A = \"a\"\n  term Longer = \"b\"\n}\n",
        "policy terms \"T\" {\n  id       = \"t\"\n  version  = \"2\"\n  language = \"en\"\n\n  numbering = none\n  org {\n    name    = \"A\"\n    website = \"https://a.example\"\n  }\n  term A      = \"a\"\n  term Longer = \"b\"\n}\n",
    );
}

#[test]
fn lists_have_a_space_after_each_comma_and_none_inside_the_brackets() {
    assert_formats(
        "policy privacy \"P\" {\n  jurisdictions=[ \"EU\" ,\"IN\"  ]\n  profiles = [ ]\n  id = \"p\"\n}\n",
        "policy privacy \"P\" {\n  jurisdictions = [\"EU\", \"IN\"]\n  profiles      = []\n  id            = \"p\"\n}\n",
    );
    // A list that spans lines has a value a line, and its `]` on its own.
    assert_formats(
        "policy privacy \"P\" {\n  id = \"p\"\n  jurisdictions = [\"EU\",\n      \"IN\", \"UK\"]\n}\n",
        "policy privacy \"P\" {\n  id = \"p\"\n  jurisdictions = [\n    \"EU\",\n    \"IN\",\n    \"UK\"\n  ]\n}\n",
    );
}

#[test]
fn runs_of_blank_lines_collapse_to_one_and_none_open_or_close_a_block() {
    assert_formats(
        "\n\n// head\n\n\n\npolicy terms \"T\" {\n\n\n  id = \"t\"\n\n\n\n  section \"A\" {\n\n    text \"a\"\n\n  }\n\n\n}\n\n\n",
        "// head\n\npolicy terms \"T\" {\n  id = \"t\"\n\n  section \"A\" {\n    text \"a\"\n  }\n}\n",
    );
}

#[test]
fn a_block_on_one_line_stays_on_one_line_and_a_block_over_several_has_an_item_a_line() {
    assert_formats(
        "policy terms \"T\" { id = \"t\"\n  org {name=\"A\"   website = \"https://a.example\"}\n  section \"S\" {}  section \"R\" { text \"r\"\n    text \"s\" } }",
        "policy terms \"T\" {\n  id = \"t\"\n  org { name = \"A\" website = \"https://a.example\" }\n  section \"S\" { }\n  section \"R\" {\n    text \"r\"\n    text \"s\"\n  }\n}\n",
    );
}

#[test]
fn a_prose_block_moves_whole_keeping_its_indented_code_block_and_hard_breaks() {
    let input = "policy terms \"T\" {\nid = \"t\"\n        section \"S\" {\n  text \"\"\"\n              code, four spaces in\n\n          A line with a hard break  \n          after it.\n          \"\"\"\n  }\n}\n";
    let expected = "policy terms \"T\" {\n  id = \"t\"\n  section \"S\" {\n    text \"\"\"\n          code, four spaces in\n\n      A line with a hard break  \n      after it.\n      \"\"\"\n  }\n}\n";
    assert_formats(input, expected);
    let compiled = policyc::compile(&SourceFile::new("t.policy", expected));
    let json = policyc::export::json::render(compiled.policy.as_ref().unwrap()).unwrap();
    assert!(
        json.contains(r#""    code, four spaces in\n\nA line with a hard break  \nafter it.""#),
        "{json}"
    );
}

#[test]
fn prose_blocks_that_cannot_move_are_kept_as_written() {
    // Text after the opening quotes, before the closing ones, and a block
    // opened with four quotes that holds three.
    assert_formats(
        "policy terms \"T\" {\n    id = \"t\"\n    text \"\"\"First\n      second\"\"\"\n    text \"\"\" one line \"\"\"\n    text \"\"\"\"\n    Says \"\"\".\n    \"\"\"\"\n}\n",
        "policy terms \"T\" {\n  id = \"t\"\n  text \"\"\"First\n      second\"\"\"\n  text \"\"\" one line \"\"\"\n  text \"\"\"\"\n    Says \"\"\".\n    \"\"\"\"\n}\n",
    );
}

#[test]
fn crlf_becomes_lf_everywhere_prose_included() {
    let input = "// c\r\npolicy terms \"T\" {\r\n  id = \"t\"\r\n  /* a\r\n     b */\r\n  text \"\"\"\r\n    Line one.\r\n\r\n    Line two.\r\n    \"\"\"\r\n}\r\n";
    assert_formats(input, &input.replace("\r\n", "\n"));
}

#[test]
fn comments_stay_on_their_lines_and_trailing_ones_align_in_a_paragraph() {
    assert_formats(
        "// first\npolicy terms \"T\" { // after the brace\n  id = \"t\"   // the id\n  version = \"2\"\n  language = \"en\"      // BCP 47\n\n      // own line\n  section \"S\" { /* inline */ text \"s\" }   // done\n    /* block\n       comment */\n}   // end\n",
        "// first\npolicy terms \"T\" { // after the brace\n  id       = \"t\"   // the id\n  version  = \"2\"\n  language = \"en\"  // BCP 47\n\n  // own line\n  section \"S\" { /* inline */ text \"s\" } // done\n  /* block\n     comment */\n} // end\n",
    );
}

#[test]
fn strings_are_kept_as_written_escapes_and_all() {
    assert_formats(
        "policy terms \"T \\\" \\u{41}\" {\n  id = \"t\"\n  text \"a\\tb \\\\ \\n ${org.name} $${x}\"\n}\n",
        "policy terms \"T \\\" \\u{41}\" {\n  id = \"t\"\n  text \"a\\tb \\\\ \\n ${org.name} $${x}\"\n}\n",
    );
}

#[test]
fn items_without_a_rule_of_their_own_are_laid_out_from_the_tree() {
    // `define`, `include` and `glossary` came after the formatter: it has
    // no line about them, and lays them out as any item.
    assert_formats(
        "policy terms \"T\" {\nid = \"t\"\n    include   \"clauses/x.clause\"\ndefine \"Personal data\"=\"data about you\"\n  define  \"Controller\"   =   \"\"\"\n        Whoever decides.\n        \"\"\"\n      glossary \"Terms\"{ }\n}",
        "policy terms \"T\" {\n  id = \"t\"\n  include \"clauses/x.clause\"\n  define \"Personal data\" = \"data about you\"\n  define \"Controller\" = \"\"\"\n    Whoever decides.\n    \"\"\"\n  glossary \"Terms\" { }\n}\n",
    );
}

#[test]
fn a_file_with_syntax_errors_is_refused() {
    let file = SourceFile::new(
        "bad.policy",
        "policy terms \"T\" {\n  secton \"a\" { }\n}\n",
    );
    match fmt::format(&file) {
        Err(Refusal::Syntax(diagnostics)) => assert_eq!(diagnostics.len(), 1),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_safety_net_sees_a_changed_model() {
    let file = SourceFile::new("t.policy", "policy terms \"T\" { id = \"t\" text \"a\" }\n");
    assert_eq!(
        fmt::model_change(&file, "policy terms \"T\" {\n  id = \"t\" text \"a\" }\n"),
        None
    );
    let changed = fmt::model_change(&file, "policy terms \"T\" { id = \"t\" text \"b\" }\n");
    assert_eq!(changed.as_deref(), Some("its JSON export differs"));
    let changed = fmt::model_change(
        &file,
        "policy terms \"T\" { id = \"t\" text \"a\" colour = 1 }\n",
    );
    assert!(changed.is_some());
}

//! Issue 20, the fast reader of well-formed files (`syntax::fast`): whenever
//! it reads a text, its tree is pest's very tree (rules, spans, comments in
//! their parents, the blanks pest's skipping leaves inside rules); where
//! pest's recovering parse skips input or fails, it declines. Checked on
//! every policy and clause file of the repository (which must all take the
//! fast path), on thousands of mutants of them, and on arbitrary text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::source::SourceFile;
use policyc::syntax::fast::{Agreement, PestRead, agreement, delimiters_pass};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Every `.policy` file under `dir`, sorted (the build's `target` left out).
fn policy_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() && !matches!(name, "target" | ".git" | "node_modules") {
            policy_files(&path, out);
        } else if name.ends_with(".policy") {
            out.push(path);
        }
    }
}

/// The fenced blocks of one language in the Markdown files under `dir`
/// (the docs, the explanations of codes), with where each was found.
fn fenced(dir: &Path, language: &str, out: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            fenced(&path, language, out);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let open = format!("```{language}\n");
        let mut rest = text.as_str();
        while let Some(start) = rest.find(&open) {
            let body = &rest[start + open.len()..];
            let end = body.find("\n```").map_or(body.len(), |n| n + 1);
            out.push((path.display().to_string(), body[..end].to_owned()));
            rest = &body[end..];
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The repository's policy files: (name, text).
fn repository_policies() -> Vec<(String, String)> {
    let mut paths = Vec::new();
    policy_files(&root(), &mut paths);
    paths
        .into_iter()
        .filter_map(|p| {
            // A UI case that is not UTF-8 is refused before any parse.
            let text = String::from_utf8(std::fs::read(&p).unwrap()).ok()?;
            let name = p.strip_prefix(root()).unwrap().display().to_string();
            // As `SourceFile` keeps it: without a byte order mark.
            Some((name, text.trim_start_matches('\u{feff}').to_owned()))
        })
        .collect()
}

/// The ```policy examples of the docs and the explanations.
fn documented_policies() -> Vec<(String, String)> {
    let mut out = Vec::new();
    fenced(&root().join("docs"), "policy", &mut out);
    fenced(&root().join("src/explain"), "policy", &mut out);
    out
}

/// The items of a policy (between its first `{` and its last `}`), read
/// as a clause file.
fn body(policy: &str) -> Option<&str> {
    let header = policy.find("policy ")?;
    let open = header + policy[header..].find('{')?;
    let close = policy.rfind('}')?;
    policy.get(open + 1..close)
}

/// Whether the delimiter scan passes `text`: a text it refuses (nesting
/// too deep) never reaches a reader, so the reader may decline it.
fn scanned(text: &str) -> bool {
    delimiters_pass(&SourceFile::new("t.policy", text))
}

/// A policy pest reads cleanly that the fast reader declines (where it
/// should have read it) or reads otherwise (a breach) — in words.
fn check(name: &str, text: &str, fragment: bool) -> Result<Agreement, String> {
    match agreement(text, fragment) {
        Agreement::Differs(why) => Err(format!("{name}: the trees differ: {why}")),
        a => Ok(a),
    }
}

/// Every file a user or the repository ships reads on the fast path: the
/// bundled policies, the examples, the starter, the fixtures, the UI cases
/// that pest reads cleanly, the docs' examples; and clause files — the
/// docs' ```clause blocks and the bodies of the bundled policies — as
/// fragments. A file pest reads cleanly and the reader declines would fall
/// back to the slow path: that too fails here.
#[test]
fn every_policy_of_the_repository_takes_the_fast_path() {
    let mut seen = 0;
    let mut fast = 0;
    let mut with_errors = 0;
    let mut problems = Vec::new();
    let mut files = repository_policies();
    files.extend(documented_policies());
    for (name, text) in &files {
        match check(name, text, false) {
            Err(why) => problems.push(why),
            Ok(Agreement::Same) => fast += 1,
            Ok(Agreement::Declined(PestRead::Clean)) if scanned(text) => {
                problems.push(format!("{name}: declined, though pest reads it cleanly"))
            }
            Ok(_) => with_errors += 1,
        }
        seen += 1;
    }
    let mut clauses = Vec::new();
    fenced(&root().join("docs"), "clause", &mut clauses);
    for (name, text) in repository_policies() {
        if let Some(items) = body(&text) {
            clauses.push((format!("{name} (body)"), items.to_owned()));
        }
    }
    for (name, text) in &clauses {
        match check(name, text, true) {
            Err(why) => problems.push(why),
            Ok(Agreement::Same) => fast += 1,
            Ok(Agreement::Declined(PestRead::Clean)) if scanned(text) => problems.push(format!(
                "{name}: declined as a clause file, though pest reads it cleanly"
            )),
            Ok(_) => with_errors += 1,
        }
        seen += 1;
    }
    println!(
        "{fast} of {seen} files and clause files on the fast path; \
         {with_errors} with a syntax error (or refused by the delimiter scan)"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    for bundled in ["policies/", "examples/"] {
        let n = files.iter().filter(|(n, _)| n.starts_with(bundled)).count();
        assert!(
            n >= 3,
            "the bundled policies were not found under {bundled}"
        );
    }
}

/// A small deterministic generator (xorshift), so that the mutation corpus
/// is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What mutants insert at token boundaries: blanks, line breaks, comments
/// (closed and not), quotes, delimiters, escapes, keywords, words, numbers.
const INSERTS: &[&str] = &[
    " ",
    "\n",
    "\t",
    "\r\n",
    "\r",
    "// c\n",
    "// c",
    "/* c */",
    "/*",
    "*/",
    "/",
    "\"",
    "\"x\"",
    "\"\"",
    "\"\"\"",
    "\"\"\"\nx\n\"\"\"",
    "{",
    "}",
    "{ }",
    "[",
    "]",
    "[]",
    ",",
    "=",
    "= 1",
    "\\",
    "\\u{41}",
    "\\q",
    "x",
    "_x",
    "a.b",
    "1",
    "26 months",
    "2024-01-01",
    "2024-1-1",
    "13 years",
    "1.5",
    "text",
    "section",
    "collect",
    "recipient",
    "contact",
    "contact-block",
    "officer",
    "org",
    "term",
    "define",
    "include",
    "toc",
    "policy",
    "é",
    "“",
    "-",
    "none",
    "other \"x\"",
];

/// Where one token ends and the next begins: a change between identifier
/// characters, blanks and anything else.
fn boundaries(text: &str) -> Vec<usize> {
    let class = |c: char| {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            0
        } else if c.is_whitespace() {
            1
        } else {
            2
        }
    };
    let mut out = vec![0, text.len()];
    let mut last = None;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if last != Some(k) || k == 2 {
            out.push(i);
        }
        last = Some(k);
    }
    out
}

/// A char boundary at or after `at`.
fn boundary_after(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// One mutant of `text`: a deletion, a duplication, two swapped
/// characters, or an insertion at a token boundary.
fn mutate(text: &str, rng: &mut Rng) -> String {
    let cuts = boundaries(text);
    let at = cuts[rng.below(cuts.len())];
    let mut out = String::with_capacity(text.len() + 16);
    match rng.below(6) {
        0 | 1 => {
            let insert = INSERTS[rng.below(INSERTS.len())];
            out.push_str(&text[..at]);
            out.push_str(insert);
            out.push_str(&text[at..]);
        }
        2 => {
            let end = boundary_after(text, at + 1 + rng.below(4));
            out.push_str(&text[..at]);
            out.push_str(&text[end..]);
        }
        3 => {
            // A token deleted: up to the next boundary.
            let end = cuts
                .iter()
                .copied()
                .filter(|&c| c > at)
                .min()
                .unwrap_or(text.len());
            out.push_str(&text[..at]);
            out.push_str(&text[end..]);
        }
        4 => {
            let end = boundary_after(text, at + 1 + rng.below(12));
            out.push_str(&text[..end]);
            out.push_str(&text[at..]);
        }
        _ => {
            let mid = boundary_after(text, at + 1);
            let end = boundary_after(text, mid + 1);
            out.push_str(&text[..at]);
            out.push_str(&text[mid..end]);
            out.push_str(&text[at..mid]);
            out.push_str(&text[end..]);
        }
    }
    out
}

/// The seeds of the mutation corpus: small policies whole, and windows of
/// a few items of the large ones wrapped in a policy (a mutant of a large
/// file costs pest as much as its whole text, and mutations are local).
fn seeds() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut files = repository_policies();
    files.extend(documented_policies());
    for (name, text) in files {
        if text.len() <= 3000 {
            out.push((name, text));
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        let mut start = 0;
        while start < lines.len() {
            // A window from a line that begins an item (two spaces, a word).
            let window: Vec<&str> = lines[start..].iter().take(40).copied().collect();
            let mut piece = String::from("policy privacy \"T\" {\n");
            let mut depth = 0i32;
            let mut in_prose = false;
            for line in window {
                if line.trim_start().starts_with("\"\"\"") || line.trim_end().ends_with("\"\"\"") {
                    in_prose = !in_prose || line.matches("\"\"\"").count() == 2;
                }
                if !in_prose {
                    depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
                }
                piece.push_str(line);
                piece.push('\n');
                if depth == 0 && !in_prose && piece.len() > 400 {
                    break;
                }
            }
            piece.push_str("}\n");
            out.push((format!("{name} (from line {})", start + 1), piece));
            start += 40;
        }
    }
    out
}

/// Thousands of mutants of the repository's policies, each read by both
/// readers as a policy and as a clause file: the fast reader either
/// declines or gives pest's very tree — never a tree pest would not give,
/// never a tree where pest skipped input or failed. The counts are printed;
/// `POLICYC_FAST_READ_MUTANTS=N` runs about N mutants from another seed.
#[test]
fn mutants_read_as_pest_reads_them_or_not_at_all() {
    let seeds = seeds();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut counts = [0usize; 5];
    let mut declined = Vec::new();
    let mut problems = Vec::new();
    // `POLICYC_FAST_READ_MUTANTS` asks for a longer run (and another seed).
    let wanted: usize = std::env::var("POLICYC_FAST_READ_MUTANTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(12_000);
    if wanted != 12_000 {
        rng = Rng(0x2545_f491_4f6c_dd1d ^ wanted as u64);
    }
    let per_seed = (wanted / seeds.len().max(1)).max(8);
    for (name, seed) in &seeds {
        for _ in 0..per_seed {
            let mut mutant = mutate(seed, &mut rng);
            if rng.below(3) == 0 {
                mutant = mutate(&mutant, &mut rng);
            }
            let fragment = rng.below(4) == 0;
            let text = if fragment {
                body(&mutant).unwrap_or(&mutant).to_owned()
            } else {
                mutant
            };
            match check(name, &text, fragment) {
                Err(why) => problems.push(format!("{why}\n--- mutant ---\n{text}\n---")),
                Ok(Agreement::Same) => counts[0] += 1,
                Ok(Agreement::Declined(PestRead::Clean)) if scanned(&text) => {
                    declined.push(text.clone());
                    counts[1] += 1
                }
                Ok(Agreement::Declined(PestRead::Clean)) => counts[3] += 1,
                Ok(Agreement::Declined(PestRead::Skipped)) => counts[2] += 1,
                Ok(Agreement::Declined(PestRead::Failed)) => counts[3] += 1,
                Ok(Agreement::Differs(_)) => counts[4] += 1,
            }
        }
    }
    let total: usize = counts.iter().sum::<usize>() + problems.len();
    println!(
        "{total} mutants of {} seeds: {} read alike, {} declined where pest read cleanly, \
         {} declined where pest skipped input, {} where pest failed or the scan refuses, {} differing",
        seeds.len(),
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        problems.len()
    );
    assert!(total >= 10_000, "only {total} mutants");
    assert!(
        declined.is_empty(),
        "{} declined though pest reads them cleanly; the first:\n{}",
        declined.len(),
        declined[0]
    );
    assert!(
        problems.is_empty(),
        "{} differ; the first:\n{}",
        problems.len(),
        problems[0]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// On arbitrary text the reader never panics, never hangs, and never
    /// reads what pest would not read alike.
    #[test]
    fn arbitrary_text_never_breaks_the_reader(text in "(?s).{0,200}", fragment in any::<bool>()) {
        let a = agreement(&text, fragment);
        prop_assert!(!matches!(a, Agreement::Differs(_)), "{a:?}");
    }

    /// Text made of the grammar's own pieces, which reaches far deeper into
    /// the reader than random characters do.
    #[test]
    fn grammar_pieces_never_break_the_reader(
        pieces in prop::collection::vec(prop::sample::select(INSERTS), 0..60),
        fragment in any::<bool>(),
    ) {
        let mut text = String::from(if fragment { "" } else { "policy privacy \"T\" {" });
        for piece in pieces {
            text.push_str(piece);
            text.push(' ');
        }
        if !fragment {
            text.push('}');
        }
        let a = agreement(&text, fragment);
        prop_assert!(!matches!(a, Agreement::Differs(_)), "{text:?}: {a:?}");
    }
}

/// Deep nesting never makes the reader recurse without bound: past the
/// delimiter scan's limit it declines (pest is never asked: the scan
/// refuses such a file first).
#[test]
fn deep_sections_are_declined_not_recursed_into() {
    let text = format!(
        "policy terms \"T\" {{{}{}",
        "section \"s\" {".repeat(100_000),
        "}".repeat(100_001)
    );
    assert_eq!(policyc::syntax::fast::entries_read(&text, false), None);
    let shallow = format!(
        "policy terms \"T\" {{{}{}",
        "section \"s\" {".repeat(15),
        "}".repeat(16)
    );
    assert!(policyc::syntax::fast::entries_read(&shallow, false).is_some());
}

/// The places where pest's implicit skipping puts blanks and comments
/// inside a rule, each read alike: after a word whose text is absent (in a
/// setting and in a list), after a fact's or a generated block's last part,
/// after a fact's kind (before its `!equals` lookahead), a keyword followed
/// by a comment and a name (pest's `keyword` skips between them when
/// `fact_kind` asks), comments ended by CR, CRLF and the end of the file,
/// prose blocks of four quotes holding three, escapes of every kind, loose
/// values, and clause files empty, blank or of comments only.
#[test]
fn blanks_and_comments_inside_rules_read_as_pest_reads_them() {
    let files = [
        "policy privacy \"T\" {\n  basis = consent // why\n  x = 1\n}",
        "policy privacy \"T\" {\n  data = [ a /* c */ , b // d\n , other \"x\" /* e */ ]\n}",
        "policy privacy \"T\" {\n  collect // c\n  /* d */\n  retain\n}\n",
        "policy privacy \"T\" {\n  recipient processor /* c */ \"N\" // d\n  { x = y }\n}",
        "policy privacy \"T\" {\n  recipient text /* c */ x = 1\n}",
        "policy privacy \"T\" {\n  recipient contact\n  toc\n}",
        "policy privacy \"T\" {\n  recipient kind = 1\n}",
        "policy privacy \"T\" {\n  toc \"t\" // c\n  glossary { depth = 2 }\n}\r\n// end\r",
        "policy privacy \"T\" {\n  text \"\"\"\"\n  a \"\"\" b\n  \"\"\"\"\n  define \"P\" = \"\"\"x\"\"\"\n}",
        "policy privacy \"T\" {\n  id = \"\\\"\\\\\\n\\t\\u{1F600}\"\n  v = 26 months\n  w = P1.5Y\n  a = a.b-c.d\n  n = 12\n  d = 2024-01-31\n}",
        "// head\npolicy privacy \"T\" {}// tail",
        "policy privacy \"T\" {\n  contact {\n    officer dpo { name = \"A\" }\n    officer = \"B\"\n  }\n  org = \"x\"\n  text = 1\n}",
        "policy privacy \"T\" {\n  section \"A\" { section kind \"B\" { } }\n}",
    ];
    for text in files {
        assert_eq!(agreement(text, false), Agreement::Same, "{text:?}");
    }
    for text in [
        "",
        "  \n",
        "// only\n/* a comment */",
        "text \"x\"\n// c\n",
        "toc include \"a\"",
    ] {
        assert_eq!(agreement(text, true), Agreement::Same, "{text:?}");
    }
}

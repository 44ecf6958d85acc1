//! Writes the compiler's data tables as Rust, so that no run of `policyc`
//! parses them: `check` reads every policy with them. Each table is read
//! by the crate's one reader of its format, included here by path:
//!
//! - the phrase lexicon, `vocab/lexicon.en.tsv` (`src/lexicon/format.rs`),
//!   as static tables (`$OUT_DIR/lexicon_en.rs`); a malformed row fails
//!   the build with its line, an unknown kind fails it as the crate
//!   compiles (`lexicon::kind`), also with its line;
//! - the rule sets, `rules/*.yaml`, read into the crate's own serde types
//!   (`src/check/rules/set.rs`) — a file that does not fit them fails the
//!   build with its line and column — and written as a function per set
//!   that builds those values from literals (`$OUT_DIR/rules.rs`);
//! - the vocabularies, `vocab/*.tsv` (`src/vocab/table.rs` and `read.rs`),
//!   as statics of the crate's types (`src/vocab/types.rs`) in
//!   `$OUT_DIR/vocab.rs`.
//!
//! Cargo runs this again whenever a table or a reader changes.

#[path = "src/lexicon/format.rs"]
mod format;

#[allow(dead_code)]
#[path = "src/model/date.rs"]
mod date;
#[path = "src/check/rules/set.rs"]
mod set;

#[path = "src/vocab/read.rs"]
mod read;
#[allow(dead_code)]
#[path = "src/vocab/table.rs"]
mod table;
#[path = "src/vocab/types.rs"]
mod types;

use date::Date;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The lexicon table, relative to the package.
const TABLE: &str = "vocab/lexicon.en.tsv";

/// The rule files (`rules/NAME.yaml`), the base kind first: the order of
/// `rule_sets()`, the coverage matrix and `policyc rules`.
const RULE_FILES: [&str; 8] = [
    "privacy", "gdpr", "uk-gdpr", "ccpa", "caloppa", "coppa", "dpdp", "spdi",
];

/// The vocabulary tables, relative to the package.
const VOCAB: [&str; 6] = [
    "vocab/categories.tsv",
    "vocab/purposes.tsv",
    "vocab/countries.tsv",
    "vocab/dpv.tsv",
    "vocab/apple.tsv",
    "vocab/play.tsv",
];

/// The table of Apple's required-reason APIs.
const APIS: &str = "vocab/apple-apis.tsv";

/// The readers this script includes by path.
const READERS: [&str; 6] = [
    "src/lexicon/format.rs",
    "src/model/date.rs",
    "src/check/rules/set.rs",
    "src/vocab/read.rs",
    "src/vocab/table.rs",
    "src/vocab/types.rs",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    for input in [TABLE, APIS].iter().chain(&VOCAB).chain(&READERS) {
        println!("cargo:rerun-if-changed={input}");
    }
    for name in RULE_FILES {
        println!("cargo:rerun-if-changed=rules/{name}.yaml");
    }
    if let Err(why) = run() {
        eprintln!("error: {why}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let package = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    write(&out, "lexicon_en.rs", lexicon(&package)?)?;
    write(&out, "rules.rs", rules(&package)?)?;
    write(&out, "vocab.rs", vocab(&package)?)
}

/// A table's text, relative to the package.
fn read_table(package: &Path, name: &str) -> Result<String, String> {
    std::fs::read_to_string(package.join(name)).map_err(|e| format!("{name}: cannot be read: {e}"))
}

fn write(out: &Path, name: &str, code: String) -> Result<(), String> {
    std::fs::write(out.join(name), code).map_err(|e| format!("{name} cannot be written: {e}"))
}

/// The lexicon, read and built into its trie.
fn lexicon(package: &Path) -> Result<String, String> {
    let text = read_table(package, TABLE)?;
    let rows = format::rows(&text).map_err(|e| format!("{TABLE}: {e}"))?;
    let tables = format::build(&rows).map_err(|e| format!("{TABLE}: {e}"))?;
    let [categories, purposes, ..] = VOCAB;
    let vocab = VocabNames {
        categories: read::categories(leaked(package, categories)?)
            .iter()
            .map(|c| c.name)
            .collect(),
        purposes: read::purposes(leaked(package, purposes)?)
            .iter()
            .map(|p| p.name)
            .collect(),
    };
    let rows_of = rows
        .iter()
        .map(|row| vocab.rows(row))
        .collect::<Result<Vec<_>, _>>()?;
    lexicon_code(&rows, &rows_of, &tables).map_err(|e| e.to_string())
}

/// The names of the categories and purposes, in their tables' order: a
/// lexicon row's ids are written with their rows there too.
struct VocabNames {
    categories: Vec<&'static str>,
    purposes: Vec<&'static str>,
}

impl VocabNames {
    /// The row of each id of a lexicon row in its vocabulary (categories
    /// for a `category` row, purposes for a `purpose` row; none for other
    /// kinds); an id the vocabulary lacks stops the build with its line.
    fn rows(&self, row: &format::Row<'_>) -> Result<Vec<u16>, String> {
        let (names, table) = match row.kind {
            "category" => (&self.categories, "vocab/categories.tsv"),
            "purpose" => (&self.purposes, "vocab/purposes.tsv"),
            _ => return Ok(Vec::new()),
        };
        row.ids
            .iter()
            .map(|id| {
                let at = names.iter().position(|name| name == id);
                at.and_then(|at| u16::try_from(at).ok()).ok_or_else(|| {
                    format!("{TABLE} line {}: `{id}` is no name of {table}", row.line)
                })
            })
            .collect()
    }
}

/// The Rust source of the lexicon's statics: the rows as `Entry`s, the
/// trie's tables, and `ENGLISH`, the lexicon that holds them.
fn lexicon_code(
    rows: &[format::Row<'_>],
    vocab_rows: &[Vec<u16>],
    tables: &format::Tables,
) -> Result<String, std::fmt::Error> {
    let mut code = String::new();
    writeln!(code, "// Written by build.rs from {TABLE}: do not edit.")?;
    writeln!(code, "static ENTRIES: [Entry; {}] = [", rows.len())?;
    for (row, vocab_rows) in rows.iter().zip(vocab_rows) {
        let message = format!(
            "{TABLE} line {}: unknown kind `{}` (the kinds are `Kind::ALL` in src/lexicon/mod.rs)",
            row.line, row.kind
        );
        writeln!(
            code,
            "    Entry {{ kind: kind({:?}, {:?}), ids: List(&{:?}), rows: List(&{:?}), written: List(&{:?}), line: {} }},",
            row.kind, message, row.ids, vocab_rows, row.written, row.line
        )?;
    }
    writeln!(code, "];")?;
    let words: Vec<&str> = tables.words.iter().map(String::as_str).collect();
    writeln!(code, "static WORDS: [&str; {}] = {:?};", words.len(), words)?;
    let numbers = [
        ("SEEDS", &tables.seeds),
        ("SLOTS", &tables.slots),
        ("ROOT", &tables.root),
        ("EDGE_START", &tables.edge_start),
        ("EDGE_WORD", &tables.edge_word),
        ("EDGE_NODE", &tables.edge_node),
        ("ROW_START", &tables.row_start),
        ("ROWS", &tables.rows),
    ];
    for (name, list) in numbers {
        writeln!(code, "static {name}: [u32; {}] = {:?};", list.len(), list)?;
    }
    let heads = &tables.heads;
    writeln!(code, "static HEADS: [u64; {}] = {:?};", heads.len(), heads)?;
    writeln!(
        code,
        "static ENGLISH: Lexicon = Lexicon {{ entries: List(&ENTRIES), trie: Trie {{ \
         words: &WORDS, heads: &HEADS, seeds: &SEEDS, slots: &SLOTS, root: &ROOT, edge_start: &EDGE_START, \
         edge_word: &EDGE_WORD, edge_node: &EDGE_NODE, row_start: &ROW_START, rows: &ROWS }} }};"
    )?;
    Ok(code)
}

/// The rule sets, each read into the crate's `RuleSet` and written back as
/// Rust: `RULE_FILES`, each file's name and text as written (for the
/// provenance digest and the tests), and `RULE_SETS_BUILT`, a function per
/// set that builds it from literals (no parse at run time).
fn rules(package: &Path) -> Result<String, String> {
    let mut code = String::from("// Written by build.rs from rules/*.yaml: do not edit.\n");
    let mut builders = String::new();
    code.push_str("const RULE_FILES: &[(&str, &str)] = &[\n");
    for (i, name) in RULE_FILES.iter().enumerate() {
        let path = format!("rules/{name}.yaml");
        let text = read_table(package, &path)?;
        let rule_set: set::RuleSet =
            serde_yaml::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
        let _ = writeln!(
            builders,
            "/// `{path}`.\nfn rule_set_{i}() -> RuleSet {{\n    {}\n}}",
            rule_set_code(&rule_set)
        );
        let absolute = format!("/{path}");
        let _ = writeln!(
            code,
            "    ({path:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {absolute:?}))),"
        );
    }
    let names: Vec<String> = (0..RULE_FILES.len())
        .map(|i| format!("rule_set_{i}"))
        .collect();
    let _ = writeln!(
        code,
        "];\nstatic RULE_SETS_BUILT: [fn() -> RuleSet; {}] = [{}];\n{builders}",
        names.len(),
        names.join(", ")
    );
    Ok(code)
}

/// A rule set as a Rust expression of the crate's types. Every field is
/// named, so a field added to `set.rs` and not here fails the crate's build.
fn rule_set_code(set: &set::RuleSet) -> String {
    let mut code = format!(
        "RuleSet {{ profile: {:?}.into(), title: {:?}.into(), source: {:?}.into(), rules: vec![\n",
        set.profile, set.title, set.source
    );
    for r in &set.rules {
        let _ = writeln!(
            code,
            "        Rule {{ id: {:?}.into(), citation: {:?}.into(), summary: {:?}.into(), \
             applies: {:?}.into(), requires: vec![{}], help: {:?}.into(), severity: Strength::{:?}, \
             verified: {}, model_gap: {}, in_force: {:?}, until: {:?} }},",
            r.id,
            r.citation,
            r.summary,
            r.applies,
            r.requires
                .iter()
                .map(|s| format!("{s:?}.into()"))
                .collect::<Vec<_>>()
                .join(", "),
            r.help,
            r.severity,
            some_text(r.verified.as_deref()),
            some_text(r.model_gap.as_deref()),
            r.in_force,
            r.until
        );
    }
    code.push_str("    ] }");
    code
}

/// An optional text as a Rust expression of an `Option<String>`.
fn some_text(text: Option<&str>) -> String {
    text.map_or_else(|| "None".to_string(), |t| format!("Some({t:?}.into())"))
}

/// A table's text for the vocabulary readers, which hand out `'static`
/// cells (as the crate's embedded tables are).
fn leaked(package: &Path, name: &str) -> Result<&'static str, String> {
    Ok(Box::leak(read_table(package, name)?.into_boxed_str()))
}

/// A `static NAME: [TYPE; N]` of `rows` (Rust expressions): a plain
/// array in the binary, which no run builds.
fn static_array(code: &mut String, name: &str, ty: &str, rows: impl Iterator<Item = String>) {
    let rows: Vec<String> = rows.collect();
    let _ = writeln!(code, "static {name}: [{ty}; {}] = [", rows.len());
    for row in rows {
        let _ = writeln!(code, "    {row},");
    }
    code.push_str("];\n");
}

/// A [`static_array`] of named rows, and `static {TABLE}_BY_NAME: [u16;
/// N]`: its rows in the order of their names, for lookup by binary search.
fn named_array<'a>(
    code: &mut String,
    table: &str,
    ty: &str,
    rows: impl Iterator<Item = (&'a str, String)>,
) {
    let (names, rows): (Vec<&str>, Vec<String>) = rows.unzip();
    let mut order: Vec<(&str, usize)> = names.into_iter().zip(0..).collect();
    order.sort_unstable();
    let order: Vec<usize> = order.into_iter().map(|(_, row)| row).collect();
    let _ = writeln!(
        code,
        "static {table}_BY_NAME: [u16; {}] = {order:?};",
        order.len()
    );
    static_array(code, table, ty, rows.into_iter());
}

/// The vocabularies as statics of the crate's types: plain arrays.
fn vocab(package: &Path) -> Result<String, String> {
    let [categories, purposes, countries, dpv, apple, play] = VOCAB;
    let mut code = String::from("// Written by build.rs from vocab/*.tsv: do not edit.\n");
    let categories = read::categories(leaked(package, categories)?);
    named_array(
        &mut code,
        "CATEGORIES",
        "CategoryInfo",
        categories.iter().map(|c| {
            let row = format!(
                "CategoryInfo {{ name: {:?}, label: {:?}, dpv: &{:?}, apple: &{:?}, play: {:?} }}",
                c.name, c.label, c.dpv, c.apple, c.play
            );
            (c.name, row)
        }),
    );
    let purposes = read::purposes(leaked(package, purposes)?);
    named_array(
        &mut code,
        "PURPOSES",
        "PurposeInfo",
        purposes.iter().map(|p| {
            let row = format!(
                "PurposeInfo {{ name: {:?}, label: {:?}, dpv: &{:?}, apple: {:?}, play: {:?} }}",
                p.name, p.label, p.dpv, p.apple, p.play
            );
            (p.name, row)
        }),
    );
    let apis = read::apis(leaked(package, APIS)?).into_iter().map(|a| {
        format!(
            "ApiInfo {{ name: {:?}, apple: {:?}, reasons: &{:?} }}",
            a.name, a.apple, a.reasons
        )
    });
    static_array(&mut code, "APIS", "ApiInfo", apis);
    let countries = read::countries(leaked(package, countries)?);
    let _ = writeln!(
        code,
        "static COUNTRIES: [Country; {}] = {countries:?};",
        countries.len()
    );
    let strings = [
        ("DPV_TERMS", read::dpv_terms(leaked(package, dpv)?)),
        ("APPLE_KEYS", read::apple_keys(leaked(package, apple)?)),
        ("PLAY_IDS", read::play_ids(leaked(package, play)?)),
    ];
    for (name, list) in strings {
        let _ = writeln!(code, "static {name}: [&str; {}] = {list:?};", list.len());
    }
    let ids = read::app_store_ids(leaked(package, apple)?);
    let _ = writeln!(
        code,
        "static APP_STORE_IDS: [(&str, &str); {}] = {ids:?};",
        ids.len()
    );
    Ok(code)
}

//! Writes the phrase lexicon, `vocab/lexicon.en.tsv`, as static tables
//! (`$OUT_DIR/lexicon_en.rs`, included by `src/lexicon/mod.rs`), so that
//! no run of `policyc` parses the table or builds its trie: `check` reads
//! prose with it every time. The table is read by the crate's one parser of
//! the format, `src/lexicon/format.rs`, included here by path. A malformed
//! row fails the build with its line; an unknown kind fails it as the
//! crate compiles (`lexicon::kind`), also with its line. Cargo runs this
//! again whenever the table or the format changes.

#[path = "src/lexicon/format.rs"]
mod format;

use std::fmt::Write as _;
use std::path::PathBuf;

/// The table, relative to the package.
const TABLE: &str = "vocab/lexicon.en.tsv";

fn main() {
    println!("cargo:rerun-if-changed={TABLE}");
    println!("cargo:rerun-if-changed=src/lexicon/format.rs");
    println!("cargo:rerun-if-changed=build.rs");
    if let Err(why) = run() {
        eprintln!("error: {why}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let package = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let text = std::fs::read_to_string(package.join(TABLE))
        .map_err(|e| format!("{TABLE}: cannot be read: {e}"))?;
    let rows = format::rows(&text).map_err(|e| format!("{TABLE}: {e}"))?;
    let tables = format::build(&rows).map_err(|e| format!("{TABLE}: {e}"))?;
    let code = generate(&rows, &tables).map_err(|e| e.to_string())?;
    std::fs::write(out.join("lexicon_en.rs"), code)
        .map_err(|e| format!("lexicon_en.rs cannot be written: {e}"))
}

/// The Rust source of the statics: the rows as `Entry`s, the trie's tables,
/// and `ENGLISH`, the lexicon that holds them.
fn generate(rows: &[format::Row<'_>], tables: &format::Tables) -> Result<String, std::fmt::Error> {
    let mut code = String::new();
    writeln!(code, "// Written by build.rs from {TABLE}: do not edit.")?;
    writeln!(code, "static ENTRIES: [Entry; {}] = [", rows.len())?;
    for row in rows {
        let message = format!(
            "{TABLE} line {}: unknown kind `{}` (the kinds are `Kind::ALL` in src/lexicon/mod.rs)",
            row.line, row.kind
        );
        writeln!(
            code,
            "    Entry {{ kind: kind({:?}, {:?}), ids: List(&{:?}), written: List(&{:?}), line: {} }},",
            row.kind, message, row.ids, row.written, row.line
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
    writeln!(
        code,
        "static ENGLISH: Lexicon = Lexicon {{ entries: List(&ENTRIES), trie: Trie {{ \
         words: &WORDS, seeds: &SEEDS, slots: &SLOTS, root: &ROOT, edge_start: &EDGE_START, \
         edge_word: &EDGE_WORD, edge_node: &EDGE_NODE, row_start: &ROW_START, rows: &ROWS }} }};"
    )?;
    Ok(code)
}

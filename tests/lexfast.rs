//! Issue 18's time target and issue 20 item 2 for the lexicon: the drift
//! lint at (almost) no cost. The lexicon is static tables written by
//! `build.rs`, so loading it is free; reading a text allocates a few
//! buffers for the whole text, never one a sentence or a phrase. Counted
//! with an allocator that counts this thread's allocations (instruction
//! counts are in `benches/README.md`, never asserted).

use policyc::lexicon::{english, read};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::OnceLock;

/// The system allocator, counting the allocations of the thread that asks.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every call is passed on to `System` unchanged; counting touches
// only a thread-local `Cell` initialised without allocating.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        // SAFETY: the caller's contract is `System`'s.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// How many allocations `work` makes on this thread.
fn allocations(work: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

/// The allocations of the process's first use of the lexicon, whichever
/// test comes first (a later use would find it loaded either way).
fn first_use() -> usize {
    static FIRST: OnceLock<usize> = OnceLock::new();
    *FIRST.get_or_init(|| {
        allocations(|| {
            let _ = std::hint::black_box(english());
        })
    })
}

/// Defect: every process that ran `check` parsed `vocab/lexicon.en.tsv`
/// and built its trie (≈ 3.9 M instructions and thousands of allocations
/// on socnect, a quarter of the whole `check`). Now `build.rs` writes the
/// tables and the first use is free. Before the fix this counted 6,653
/// allocations (the table's rows, their phrases' forms, the trie's nodes).
#[test]
fn the_lexicon_costs_nothing_to_load() {
    assert_eq!(first_use(), 0);
    assert!(english().entries.len() > 100);
}

/// Defect: reading a text allocated once a sentence (the word before each
/// full stop copied in lower case to compare with the abbreviations) and
/// once a phrase found (a list of its rows), besides a lower-case copy of
/// the whole text. Now a text costs a few buffers whatever its length:
/// a hundred times the sentences and phrases adds only the buffers'
/// growth (a doubling each, logarithmic). Before the fix the text of 10
/// repetitions (two sentences each, with phrases) allocated 105 times,
/// that of 1,000 repetitions 7,077 times.
#[test]
fn reading_allocates_per_text_not_per_sentence() {
    // Loaded before counting, whatever loading costs.
    first_use();
    let text = |n: usize| "We collect your email address. Dr. Who never sells data! ".repeat(n);
    let (short, long) = (text(10), text(1_000));
    let few = allocations(|| drop(std::hint::black_box(read(english(), &short))));
    let many = allocations(|| drop(std::hint::black_box(read(english(), &long))));
    assert_eq!(
        read(english(), &long).mentions.len(),
        100 * read(english(), &short).mentions.len()
    );
    assert!(
        many <= few + 64,
        "10 sentences: {few} allocations, 1,000: {many}"
    );
}

/// A policy whose `collect` declares `n` data categories as `other "…"`
/// words, with prose that states them; `allow = [drift]` on the policy
/// when `silenced` (the lint then reads nothing).
fn with_others(n: usize, silenced: bool) -> String {
    let others: String = (0..n)
        .map(|i| format!("      other \"contact list {i}\",\n"))
        .collect();
    let allow = if silenced { "  allow = [drift]\n" } else { "" };
    format!(
        "policy privacy \"P\" {{\n{allow}  id = \"p\"\n  org {{ name = \"Example Ltd\" }}\n  contact {{ email = \"a@example.com\" }}\n  section collection \"C\" {{\n    text \"We collect your email address and your contacts to provide the service.\"\n    collect {{\n      data = [\n      email,\n{others}      ]\n      purposes = [service-provision]\n    }}\n  }}\n}}\n"
    )
}

/// The allocations the drift lint makes on [`with_others`]`(n)`: the
/// whole compile less the same policy with the lint silenced.
fn lint_allocations(n: usize) -> usize {
    first_use();
    let count = |silenced: bool| {
        let file = policyc::source::SourceFile::new("t.policy", with_others(n, silenced));
        allocations(|| drop(std::hint::black_box(policyc::compile(&file))))
    };
    let (with, without) = (count(false), count(true));
    with.saturating_sub(without)
}

/// Defect (issue 18's time budget): the lint read each `other "…"` fact's
/// words as a text of its own, a reading (tokens, phrases, sentences,
/// clauses, mentions: eight buffers) a fact. Now each kind's words are
/// read as one text, so a hundred such facts cost the lint about what
/// two do. Before the fix the lint's allocations grew with the facts (two
/// facts: 182 allocations, 100 facts: 519).
#[test]
fn other_facts_are_read_in_one_text_not_one_each() {
    let (few, many) = (lint_allocations(2), lint_allocations(100));
    eprintln!("the lint's allocations: 2 other facts {few}, 100 {many}");
    let clean = policyc::compile(&policyc::source::SourceFile::new(
        "t.policy",
        with_others(100, false),
    ));
    assert!(
        !clean
            .diagnostics
            .iter()
            .any(|d| policyc::check::is_drift(d.code)),
        "{:#?}",
        clean.diagnostics
    );
    assert!(
        many <= few + 64,
        "2 other facts: {few} allocations, 100: {many}"
    );
}

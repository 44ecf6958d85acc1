//! Stage-by-stage timings of the policyc pipeline, in memory (no process
//! start, no writes). Run with `cargo bench --bench pipeline`; see
//! `benches/README.md`.
//!
//! No benchmark framework: `std::time::Instant` and `std::hint::black_box`.
//! Each stage runs on each of the three bundled policies for a fixed time
//! budget (at least ten times); the table shows the median and the fastest
//! run, and the throughput at the median in MB/s of `.policy` source. Then
//! 1,000 policies (the three repeated, each with its own id) go through the
//! whole pipeline on one thread and on rayon's pool, in memory and from files
//! through `driver::compile_all` + `driver::render_all`. A counting allocator,
//! switched on only for a separate pass, gives the allocations of each stage
//! and the peak heap of a 1,000-policy run.
//!
//! Nothing here is asserted: this is a measurement, not a test.
//!
//! `POLICYC_BENCH_BUDGET_MS` sets the time budget per row (default 700 ms);
//! `cargo bench --bench pipeline -- --quick` uses 100 ms.

mod common;

use common::with_id;
use policyc::driver::{self as build, BuildOptions};
use policyc::model::Policy;
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::source::SourceFile;
use policyc::{driver::Format, export::json};
use rayon::prelude::*;
use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------
// A counting allocator. Off by default (one relaxed load per call); switched
// on only for the single-threaded allocation passes, never while timing.

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn note_alloc(size: usize) {
    ALLOCS.fetch_add(1, Relaxed);
    BYTES.fetch_add(size, Relaxed);
    let live = LIVE.fetch_add(size, Relaxed) + size;
    PEAK.fetch_max(live, Relaxed);
}

fn note_free(size: usize) {
    // Blocks allocated before counting began may be freed while it is on:
    // saturate rather than wrap.
    let _ = LIVE.fetch_update(Relaxed, Relaxed, |l| Some(l.saturating_sub(size)));
}

// SAFETY: every call is forwarded unchanged to the system allocator; the
// counters are plain atomics and never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            note_alloc(layout.size());
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            note_alloc(layout.size());
        }
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Relaxed) {
            note_free(layout.size());
        }
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Relaxed) {
            note_free(layout.size());
            note_alloc(new_size);
        }
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What one call allocated.
struct Allocs {
    /// Calls to alloc, alloc_zeroed and realloc.
    count: usize,
    /// Bytes requested by those calls.
    bytes: usize,
    /// The most bytes live at once, above what was live before the call.
    peak: usize,
}

/// Runs `f` once with the counters on; its result and what it allocated
/// (the result itself is dropped by the caller, outside the count).
fn count_allocs<T>(f: impl FnOnce() -> T) -> (T, Allocs) {
    ALLOCS.store(0, Relaxed);
    BYTES.store(0, Relaxed);
    LIVE.store(0, Relaxed);
    PEAK.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    let out = black_box(f());
    COUNTING.store(false, Relaxed);
    let allocs = Allocs {
        count: ALLOCS.load(Relaxed),
        bytes: BYTES.load(Relaxed),
        peak: PEAK.load(Relaxed),
    };
    (out, allocs)
}

// ---------------------------------------------------------------------------
// Timing.

struct Stats {
    median: Duration,
    min: Duration,
    runs: usize,
    /// Process CPU time (user + system) per run, from /proc: above the wall
    /// time when threads run in parallel. `None` where unavailable.
    cpu: Option<Duration>,
}

/// Runs `f` for about `budget` and at least `min_runs` times, after a
/// warm-up of a tenth of the budget (at least one run); the median and the
/// fastest run.
fn measure<T>(budget: Duration, min_runs: usize, mut f: impl FnMut() -> T) -> Stats {
    let warm = Instant::now();
    while warm.elapsed() < budget / 10 {
        black_box(f());
    }
    let mut samples = Vec::new();
    let cpu_start = cpu_time();
    let start = Instant::now();
    while samples.len() < min_runs || start.elapsed() < budget {
        let t = Instant::now();
        black_box(f());
        samples.push(t.elapsed());
    }
    let cpu = match (cpu_start, cpu_time()) {
        (Some(a), Some(b)) => Some(b.saturating_sub(a) / samples.len() as u32),
        _ => None,
    };
    samples.sort();
    Stats {
        median: samples.get(samples.len() / 2).copied().unwrap_or_default(),
        min: samples.first().copied().unwrap_or_default(),
        runs: samples.len(),
        cpu,
    }
}

/// This process's CPU time so far (user + system) from /proc/self/stat,
/// assuming the usual 100 clock ticks a second (Linux only).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // utime and stime are the 14th and 15th fields: the 12th and 13th after
    // the parenthesised command name, which may itself hold spaces.
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

/// The process's peak resident set size in KB, from /proc (Linux only).
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The 1-, 5- and 15-minute load averages: other work on the machine
/// inflates every figure, so the report shows them.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|t| t.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_string())
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

// ---------------------------------------------------------------------------
// Inputs.

struct Input {
    name: String,
    file: SourceFile,
    policy: Policy,
}

fn load_inputs() -> Vec<Input> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "policy"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let file = SourceFile::new(path.display().to_string(), text);
            let compiled = policyc::compile(&file);
            let policy = compiled.policy.unwrap_or_else(|| {
                panic!(
                    "{} does not compile: {:?}",
                    path.display(),
                    compiled.diagnostics
                )
            });
            Input { name, file, policy }
        })
        .collect()
}

/// The policies repeated to `n` sources, each with its own id:
/// (id, source text).
fn corpus(inputs: &[Input], n: usize) -> Vec<(String, String)> {
    inputs
        .iter()
        .cycle()
        .take(n)
        .enumerate()
        .map(|(i, input)| {
            let id = format!("{}-{i:04}", input.name);
            let text = with_id(&input.file.text, &id);
            (id, text)
        })
        .collect()
}

/// Compiles one source and renders it in every format; the bytes written.
fn pipeline_one(name: &str, text: &str, html: &HtmlRenderer) -> usize {
    let file = SourceFile::new(name, text);
    let compiled = policyc::compile(&file);
    let Some(policy) = compiled.policy else {
        panic!("{name} does not compile: {:?}", compiled.diagnostics);
    };
    let h = html.render(&policy).unwrap_or_else(|e| panic!("{e}"));
    let m = markdown::render(&policy, MarkdownOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let j = json::render(&policy).unwrap_or_else(|e| panic!("{e}"));
    h.len() + m.len() + j.len()
}

// ---------------------------------------------------------------------------
// The stages, each a function of one bundled policy.

type StageFn = fn(&Input, &HtmlRenderer) -> usize;

const STAGES: [(&str, StageFn); 7] = [
    ("parse (syntax::parse)", |i, _| {
        policyc::syntax::parse(&i.file)
            .policy()
            .map_or(0, |p| p.as_str().len())
    }),
    ("compile (parse+lower+resolve+check)", |i, _| {
        policyc::compile(&i.file).diagnostics.len()
    }),
    ("  of which check", |i, _| {
        policyc::check::check(&i.policy, Default::default()).len()
    }),
    ("render html", |i, h| {
        h.render(&i.policy).map_or(0, |s| s.len())
    }),
    ("render markdown", |i, _| {
        markdown::render(&i.policy, MarkdownOptions::default()).map_or(0, |s| s.len())
    }),
    ("render json", |i, _| {
        json::render(&i.policy).map_or(0, |s| s.len())
    }),
    ("compile + 3 renders", |i, h| {
        pipeline_one(&i.name, &i.file.text, h)
    }),
];

struct Row {
    stage: String,
    policy: String,
    stats: Stats,
    /// Source bytes one run reads.
    bytes: usize,
    /// Policies one run handles: times are shown per policy.
    per: u32,
}

fn print_table(rows: &[Row]) {
    println!(
        "| {:<36} | {:<9} | {:>9} | {:>9} | {:>7} | {:>5} |",
        "stage", "policy", "median µs", "min µs", "MB/s", "runs"
    );
    println!(
        "|{:-<38}|{:-<11}|{:->10}:|{:->10}:|{:->8}:|{:->6}:|",
        "", "", "", "", "", ""
    );
    for r in rows {
        println!(
            "| {:<36} | {:<9} | {:>9.1} | {:>9.1} | {:>7.1} | {:>5} |",
            r.stage,
            r.policy,
            micros(r.stats.median / r.per),
            micros(r.stats.min / r.per),
            mb_per_s(r.bytes, r.stats.median),
            r.stats.runs
        );
    }
}

fn main() {
    // `cargo bench --bench pipeline -- [--quick] [FILTER…]`: cargo adds
    // `--bench`; any other word keeps only the rows whose name holds it.
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let wanted =
        |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()));
    let budget = Duration::from_millis(
        std::env::var("POLICYC_BENCH_BUDGET_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(if quick { 100 } else { 700 }),
    );
    let started = Instant::now();
    let load_at_start = load_average();
    let threads = rayon::current_num_threads();

    let inputs = load_inputs();
    let html = HtmlRenderer::new().unwrap_or_else(|e| panic!("{e}"));
    println!(
        "policyc pipeline bench: {} policies ({} bytes of source), {} ms per row, \
         rayon threads {threads}, load average {load_at_start}\n",
        inputs.len(),
        inputs.iter().map(|i| i.file.text.len()).sum::<usize>(),
        budget.as_millis(),
    );

    // --- Each stage on each policy -------------------------------------------
    let mut rows = Vec::new();
    let mut allocs = Vec::new();
    for (stage, f) in STAGES.iter().filter(|(stage, _)| wanted(stage)) {
        for input in &inputs {
            let stats = measure(budget, 10, || f(input, &html));
            rows.push(Row {
                stage: (*stage).to_string(),
                policy: input.name.clone(),
                stats,
                bytes: input.file.text.len(),
                per: 1,
            });
            let (_, a) = count_allocs(|| f(input, &html));
            allocs.push((*stage, input.name.clone(), a));
        }
    }

    // --- 1,000 policies ------------------------------------------------------
    const N: usize = 1000;
    let sources = corpus(&inputs, N);
    let total_bytes: usize = sources.iter().map(|(_, t)| t.len()).sum();
    let batch_budget = budget * 4;

    // From files through driver::compile_all and driver::render_all: the CLI's
    // path less process start, printing and writing.
    let dir = std::env::temp_dir().join(format!("policyc-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let paths: Vec<PathBuf> = sources
        .iter()
        .map(|(id, text)| {
            let path = dir.join(format!("{id}.policy"));
            std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            path
        })
        .collect();
    let options = BuildOptions {
        out_dir: dir.join("out"),
        formats: vec![Format::Markdown, Format::Html, Format::Json],
        front_matter: false,
        templates: None,
        site: Default::default(),
    };
    let compiled: Vec<Policy> = sources
        .iter()
        .filter_map(|(id, text)| {
            policyc::compile(&SourceFile::new(id.as_str(), text.as_str())).policy
        })
        .collect();
    let compiled_refs: Vec<&Policy> = compiled.iter().collect();
    let render_outputs = || {
        let outputs = build::render_all(&compiled_refs, &options).unwrap_or_else(|e| panic!("{e}"));
        outputs.iter().map(|o| o.text.len()).sum::<usize>()
    };
    let build_all = || {
        let units = build::compile_all(&build::FsWorld, &paths, &Default::default());
        let policies: Vec<&Policy> = units
            .iter()
            .filter_map(|u| u.compiled.policy.as_ref())
            .collect();
        assert_eq!(policies.len(), N, "every corpus file compiles");
        let outputs = build::render_all(&policies, &options).unwrap_or_else(|e| panic!("{e}"));
        outputs.iter().map(|o| o.text.len()).sum::<usize>()
    };

    type Batch<'a> = (String, Box<dyn Fn() -> usize + 'a>);
    let batches: Vec<Batch> = vec![
        (
            "1,000 in memory, 1 thread".into(),
            Box::new(|| {
                sources
                    .iter()
                    .map(|(id, text)| pipeline_one(id, text, &html))
                    .sum::<usize>()
            }),
        ),
        (
            format!("1,000 in memory, rayon ({threads} threads)"),
            Box::new(|| {
                sources
                    .par_iter()
                    .map(|(id, text)| pipeline_one(id, text, &html))
                    .sum::<usize>()
            }),
        ),
        (
            "1,000 files: driver::compile_all".into(),
            // No output: 0 bytes, shown as "–".
            Box::new(|| {
                black_box(build::compile_all(
                    &build::FsWorld,
                    &paths,
                    &Default::default(),
                ));
                0
            }),
        ),
        (
            "1,000 compiled: driver::render_all".into(),
            Box::new(render_outputs),
        ),
        (
            "1,000 files: compile_all+render_all".into(),
            Box::new(build_all),
        ),
    ];
    let mut batch_allocs = Vec::new();
    for (label, f) in batches.iter().filter(|(label, _)| wanted(label)) {
        rows.push(Row {
            stage: label.clone(),
            policy: "all 3".into(),
            stats: measure(batch_budget, 3, f),
            bytes: total_bytes,
            per: N as u32,
        });
        let (out, a) = count_allocs(f);
        batch_allocs.push((label.clone(), out, a));
    }
    drop(batches);
    drop(compiled_refs);
    drop(compiled);
    let _ = std::fs::remove_dir_all(&dir);

    // --- Report ----------------------------------------------------------------
    print_table(&rows);
    if batch_allocs.is_empty() {
        println!();
    } else {
        println!("\nThe 1,000-policy rows show µs per policy; their MB/s is over the batch.");
        println!(
            "\nWhole batches of {N} policies ({:.1} MB of source):\n",
            total_bytes as f64 / 1e6
        );
        println!(
            "| {:<36} | {:>9} | {:>9} | {:>9} | {:>7} | {:>8} | {:>12} |",
            "batch", "median ms", "min ms", "CPU ms", "MB out", "allocs", "peak heap MB"
        );
        println!(
            "|{:-<38}|{:->10}:|{:->10}:|{:->10}:|{:->8}:|{:->9}:|{:->13}:|",
            "", "", "", "", "", "", ""
        );
        for (r, (_, out, a)) in rows.iter().filter(|r| r.per > 1).zip(&batch_allocs) {
            let cpu = r
                .stats
                .cpu
                .map_or("?".to_string(), |c| format!("{:.0}", millis(c)));
            let out = if *out == 0 {
                "–".to_string()
            } else {
                format!("{:.1}", *out as f64 / 1e6)
            };
            println!(
                "| {:<36} | {:>9.0} | {:>9.0} | {cpu:>9} | {out:>7} | {:>8} | {:>12.1} |",
                r.stage,
                millis(r.stats.median),
                millis(r.stats.min),
                a.count,
                a.peak as f64 / 1e6
            );
        }
        println!(
            "\nCPU is the process's user + system time per batch (above the median when \
             threads run in parallel).\nallocs and peak heap come from one separate run \
             with the counting allocator on; the peak is what is live at once."
        );
    }

    if !allocs.is_empty() {
        println!("\nAllocations per call (one thread, counted in a separate run):\n");
        println!(
            "| {:<36} | {:<9} | {:>7} | {:>9} | {:>8} |",
            "stage", "policy", "allocs", "KB asked", "peak KB"
        );
        println!(
            "|{:-<38}|{:-<11}|{:->8}:|{:->10}:|{:->9}:|",
            "", "", "", "", ""
        );
        for (stage, policy, a) in &allocs {
            println!(
                "| {stage:<36} | {policy:<9} | {:>7} | {:>9.0} | {:>8.0} |",
                a.count,
                a.bytes as f64 / 1024.0,
                a.peak as f64 / 1024.0
            );
        }
    }
    if let Some(kb) = peak_rss_kb() {
        println!(
            "bench process peak RSS (VmHWM, after every run above): {:.1} MB",
            kb as f64 / 1024.0
        );
    }
    println!(
        "total {:.1} s; load average at start {load_at_start}, at end {}",
        started.elapsed().as_secs_f64(),
        load_average()
    );
}

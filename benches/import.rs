//! Timings of `policyc import`, in memory (no process start, no reads or
//! writes). Run with `cargo bench --bench import`; see `benches/README.md`.
//!
//! Each input — the three reference policies as published, socnect's own
//! page as policyc builds it, and the import test fixtures — is imported
//! for a time budget (at least ten times, after a warm-up); the table shows
//! the median and fastest run and the throughput in MB/s of input at the
//! median. `import` includes what the importer itself does last: format
//! the policy and compile it once to be sure it compiles. A second row per
//! input adds what a user does next: compile the policy and render its
//! page and Markdown.
//!
//! Nothing here is asserted: this is a measurement, not a test.
//! `POLICYC_BENCH_BUDGET_MS` sets the budget per row (default 500 ms).

use policyc::import::{self, Format};
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::source::SourceFile;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

struct Input {
    name: String,
    format: Format,
    text: String,
}

fn inputs() -> Vec<Input> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    for dir in ["tests/fixtures/reference", "tests/fixtures/import"] {
        let mut paths: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("cannot read {dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        paths.sort();
        for path in paths {
            let extension = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or_default();
            let Some(format) = Format::from_extension(extension) else {
                continue;
            };
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            inputs.push(Input { name, format, text });
        }
    }
    let socnect = SourceFile::new(
        "socnect.policy",
        std::fs::read_to_string(root.join("policies/socnect.policy")).unwrap_or_default(),
    );
    let policy = policyc::compile(&socnect)
        .policy
        .unwrap_or_else(|| panic!("socnect.policy compiles"));
    let page = HtmlRenderer::new()
        .and_then(|r| r.render(&policy))
        .unwrap_or_else(|e| panic!("{e}"));
    inputs.push(Input {
        name: "socnect.html (built)".into(),
        format: Format::Html,
        text: page,
    });
    inputs
}

/// The median and fastest of at least `min_runs` runs within `budget`.
fn measure(
    budget: Duration,
    min_runs: usize,
    mut f: impl FnMut() -> usize,
) -> (Duration, Duration, usize) {
    black_box(f());
    let mut times = Vec::new();
    let started = Instant::now();
    while times.len() < min_runs || started.elapsed() < budget {
        let t = Instant::now();
        black_box(f());
        times.push(t.elapsed());
    }
    times.sort_unstable();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let min = times.first().copied().unwrap_or_default();
    (median, min, times.len())
}

fn main() {
    let budget = Duration::from_millis(
        std::env::var("POLICYC_BENCH_BUDGET_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(500),
    );
    let html = HtmlRenderer::new().unwrap_or_else(|e| panic!("{e}"));
    println!("policyc import bench: {} ms per row\n", budget.as_millis());
    println!(
        "| {:<32} | {:<28} | {:>8} | {:>9} | {:>9} | {:>6} | {:>5} |",
        "input", "what", "bytes", "median ms", "min ms", "MB/s", "runs"
    );
    println!(
        "|{:-<34}|{:-<30}|{:->9}:|{:->10}:|{:->10}:|{:->7}:|{:->6}:|",
        "", "", "", "", "", "", ""
    );
    for input in inputs() {
        let import_only = || {
            import::import(&input.text, input.format, &input.name)
                .map(|i| i.policy_text.len())
                .unwrap_or(0)
        };
        let end_to_end = || {
            let Ok(imported) = import::import(&input.text, input.format, &input.name) else {
                return 0;
            };
            let file = SourceFile::new("imported.policy", imported.policy_text);
            let Some(policy) = policyc::compile(&file).policy else {
                return 0;
            };
            let page = html.render(&policy).map(|p| p.len()).unwrap_or(0);
            page + markdown::render(&policy, MarkdownOptions::default())
                .map(|m| m.len())
                .unwrap_or(0)
        };
        for (what, stats) in [
            ("import", measure(budget, 10, import_only)),
            (
                "import + compile + 2 renders",
                measure(budget, 10, end_to_end),
            ),
        ] {
            let (median, min, runs) = stats;
            let mb_s = input.text.len() as f64 / 1e6 / median.as_secs_f64().max(1e-9);
            println!(
                "| {:<32} | {:<28} | {:>8} | {:>9.2} | {:>9.2} | {:>6.1} | {:>5} |",
                input.name,
                what,
                input.text.len(),
                median.as_secs_f64() * 1e3,
                min.as_secs_f64() * 1e3,
                mb_s,
                runs
            );
        }
    }
}

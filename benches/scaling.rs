//! Does every stage take time linear in its input? Each stage runs on a
//! generated policy of size n and of size 4n, and the table prints the
//! ratio of the two medians: linear work gives about 4×, and the bar is
//! 5× (issue 15). A quadratic step shows as 16×.
//!
//! The policy is the bundled example with n sections added, each with a
//! paragraph of prose and four facts (a `collect` of a category of its own,
//! a `recipient` and a `retain` of that category, and a cookie): the shape
//! that made the fact tables quadratic. The import rows read the policy's
//! own Markdown, HTML page and the Markdown as plain text; the `fmt` row
//! formats the policy; `diff` compares it with itself with every
//! paragraph edited.
//!
//! `cargo bench --bench scaling` (`-- N` for another base size than 500,
//! `-- WORD…` for the rows whose name holds a word;
//! `POLICYC_BENCH_BUDGET_MS` for the time each row runs, 1,000 by
//! default). Timings are medians of at least three runs; ratios, not
//! absolute times, are the point.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use policyc::export::{apple, dpv, json, play};
use policyc::import::{self, Format};
use policyc::model::Policy;
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::source::SourceFile;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The bundled example every input grows from.
const ACME: &str = include_str!("../examples/acme.policy");

/// The bar: 4× the input may take at most this many times as long.
const BAR: f64 = 5.0;

/// Acme with `n` generated sections before its sharing section; `edit`
/// changes every paragraph (for `diff`).
fn policy_text(n: usize, edit: bool) -> String {
    let mut extra = String::new();
    for i in 0..n {
        let word = if edit { "also" } else { "only" };
        let _ = write!(
            extra,
            r#"  section "Generated part {i}" {{
    text """
      We {word} keep the thing {i} for as long as we need it, and share it
      with the provider {i}, who uses it for security. See ${{org.name}}.
      """
    collect {{
      data     = [other "thing {i}"]
      from     = device
      purposes = [security]
      basis    = legitimate-interests "keeping thing {i} safe"
      required = true
      linked   = false
    }}
    recipient processor "provider {i}" {{
      data     = [other "thing {i}"]
      purposes = [security]
    }}
    retain {{
      data   = [other "thing {i}"]
      period = until "thing {i} is gone"
    }}
    cookie "cookie_{i}" {{
      party    = first
      purpose  = strictly-necessary
      duration = session
    }}
  }}
"#
        );
    }
    let marker = "  section sharing \"Who we share it with\" {\n";
    assert!(ACME.contains(marker));
    ACME.replacen(marker, &format!("{extra}{marker}"), 1)
}

/// Everything one size needs: the text, the compiled policy and what the
/// import rows read.
struct Input {
    file: SourceFile,
    edited: Policy,
    policy: Policy,
    markdown: String,
    html: String,
}

fn input(n: usize, renderer: &HtmlRenderer) -> Input {
    let compile = |text: String| {
        let compiled = policyc::compile(&SourceFile::new("scaling.policy", text));
        let errors: Vec<_> = compiled
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        compiled.policy.unwrap()
    };
    let text = policy_text(n, false);
    let policy = compile(text.clone());
    let edited = compile(policy_text(n, true));
    let markdown = markdown::render(&policy, MarkdownOptions::default()).unwrap();
    let html = renderer.render(&policy).unwrap();
    Input {
        file: SourceFile::new("scaling.policy", text),
        edited,
        policy,
        markdown,
        html,
    }
}

/// The median of at least three runs of `f`, run for about `budget`.
fn median<T>(budget: Duration, mut f: impl FnMut() -> T) -> Duration {
    black_box(f());
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 3 || start.elapsed() < budget {
        let t = Instant::now();
        black_box(f());
        samples.push(t.elapsed());
    }
    samples.sort();
    samples[samples.len() / 2]
}

type Stage = (&'static str, fn(&Input, &HtmlRenderer) -> usize);

/// Every stage, as a function of one input.
const STAGES: &[Stage] = &[
    ("parse", |i, _| {
        policyc::syntax::parse(&i.file).diagnostics.len()
    }),
    ("compile (parse, lower, resolve, check)", |i, _| {
        policyc::compile(&i.file).diagnostics.len()
    }),
    ("check", |i, _| {
        policyc::check::check(&i.policy, Default::default()).len()
    }),
    ("render html", |i, r| r.render(&i.policy).unwrap().len()),
    ("render markdown", |i, _| {
        markdown::render(&i.policy, MarkdownOptions::default())
            .unwrap()
            .len()
    }),
    ("export json", |i, _| json::render(&i.policy).unwrap().len()),
    ("export dpv", |i, _| dpv::render(&i.policy).unwrap().len()),
    ("export apple", |i, _| apple::render(&i.policy).len()),
    ("export play", |i, _| play::render(&i.policy).unwrap().len()),
    ("diff", |i, _| {
        policyc::diff::diff(&i.policy, &i.edited).len()
    }),
    ("fmt", |i, _| policyc::fmt::format(&i.file).unwrap().len()),
    ("import text", |i, _| {
        import::import(&i.markdown, Format::Text, "scaling.txt")
            .unwrap()
            .policy_text
            .len()
    }),
    ("import markdown", |i, _| {
        import::import(&i.markdown, Format::Markdown, "scaling.md")
            .unwrap()
            .policy_text
            .len()
    }),
    ("import html", |i, _| {
        import::import(&i.html, Format::Html, "scaling.html")
            .unwrap()
            .policy_text
            .len()
    }),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(500);
    // Any other word keeps only the rows whose name holds it (`--bench`,
    // which cargo adds, is not a word).
    let filters: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with("--") && a.parse::<usize>().is_err())
        .collect();
    let wanted =
        |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()));
    let budget = Duration::from_millis(
        std::env::var("POLICYC_BENCH_BUDGET_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(1_000),
    );
    let renderer = HtmlRenderer::new().unwrap();
    let small = input(n, &renderer);
    let large = input(4 * n, &renderer);
    println!(
        "{n} and {} generated sections ({} and {} facts; {} KB and {} KB of .policy)\n",
        4 * n,
        4 * n,
        16 * n,
        small.file.text.len() / 1024,
        large.file.text.len() / 1024
    );
    println!("| stage | n | 4n | ratio | ≤ {BAR}× |");
    println!("| --- | ---: | ---: | ---: | --- |");
    let mut over = 0;
    for (name, stage) in STAGES.iter().filter(|(name, _)| wanted(name)) {
        let a = median(budget, || stage(&small, &renderer));
        let b = median(budget, || stage(&large, &renderer));
        let ratio = b.as_secs_f64() / a.as_secs_f64().max(1e-9);
        let ok = ratio <= BAR;
        over += usize::from(!ok);
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {ratio:.1}× | {} |",
            a.as_secs_f64() * 1e3,
            b.as_secs_f64() * 1e3,
            if ok { "yes" } else { "**no**" }
        );
    }
    if over > 0 {
        println!("\n{over} stage(s) over {BAR}×");
    }
}

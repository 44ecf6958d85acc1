//! How much the parse costs a byte (issue 20): `syntax::parse` — the
//! delimiter scan and the pest parse, as `check` runs them — on
//! `policies/socnect.policy` and on a generated policy of about 2 MB (the
//! body of the three bundled policies repeated), timed here as MB/s and
//! counted in instructions a byte by `benches/parse-callgrind.sh`, which
//! runs this bench under callgrind with `POLICYC_PARSE_ONCE` set. The
//! rows marked `fast` time the fast reader of well-formed files instead
//! (the delimiter scan and `syntax::fast`; `POLICYC_PARSE_READER=fast` for
//! callgrind).
//!
//! `cargo bench --bench parse` prints the median parse of each input, in
//! wall time and in the thread's CPU time (the steadier on a busy machine),
//! and the throughput at each (`POLICYC_BENCH_BUDGET_MS` for
//! the time each row runs, 700 ms by default). With
//! `POLICYC_PARSE_ONCE=socnect` (or `large`) it parses that input once,
//! in `parse_once`, and prints nothing else: the function callgrind counts.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::source::SourceFile;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// The bundled policy `check` is measured on.
const SOCNECT: &str = include_str!("../policies/socnect.policy");

/// The other bundled policies, whose bodies the large input repeats too.
const OTHERS: [&str; 2] = [
    include_str!("../policies/connact.policy"),
    include_str!("../policies/connecwrk.policy"),
];

/// The size the large input grows to, at least.
const LARGE: usize = 2 * 1024 * 1024;

/// The items of a policy: what lies between the `{` after its title and
/// its last `}`.
fn body(policy: &str) -> &str {
    let header = policy.find("\npolicy ").expect("a policy");
    let open = header + policy[header..].find('{').expect("a block");
    let close = policy.rfind('}').expect("a closing brace");
    &policy[open + 1..close]
}

/// One privacy policy of at least [`LARGE`] bytes: socnect's header, then
/// the bodies of the bundled policies in turn until it is large enough. It
/// parses without an error (lowering would refuse the repeated ids; the
/// parse does not look).
fn large_policy() -> String {
    let bodies = [body(SOCNECT), body(OTHERS[0]), body(OTHERS[1])];
    let mut text = String::from("policy privacy \"Privacy Policy\" {");
    let mut i = 0;
    while text.len() < LARGE {
        text.push_str(bodies[i % bodies.len()]);
        i += 1;
    }
    text.push_str("}\n");
    text
}

/// The function callgrind counts: one whole parse, its result dropped.
#[inline(never)]
fn parse_once(file: &SourceFile) -> usize {
    let parsed = policyc::syntax::parse(file);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    black_box(parsed.policy().is_some()) as usize
}

/// The fast reader's parse, counted alike: the delimiter scan and the
/// hand-written reader of well-formed files (`syntax::fast`), its tree
/// dropped. `POLICYC_PARSE_READER=fast` picks it for `POLICYC_PARSE_ONCE`.
#[inline(never)]
fn parse_once_fast(file: &SourceFile) -> usize {
    let entries = policyc::syntax::fast::scan_and_read(file);
    assert!(entries.is_some(), "the fast reader declined");
    black_box(entries.unwrap_or(0))
}

/// The CPU time this thread has used: on a machine other work keeps busy,
/// the steadier measure of a run than the wall clock.
#[cfg(unix)]
fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

/// Without a thread clock, the wall clock.
#[cfg(not(unix))]
fn thread_cpu() -> Duration {
    static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    START.get_or_init(Instant::now).elapsed()
}

/// Runs `parse_once` for the budget, at least ten times after a warm-up,
/// and prints the median wall time, the median CPU time of the thread, and
/// MB/s at each.
fn time(name: &str, file: &SourceFile, budget: Duration, parse_once: fn(&SourceFile) -> usize) {
    parse_once(file);
    let (mut wall, mut cpu) = (Vec::new(), Vec::new());
    let start = Instant::now();
    while wall.len() < 10 || start.elapsed() < budget {
        let (t, c) = (Instant::now(), thread_cpu());
        black_box(parse_once(black_box(file)));
        cpu.push(thread_cpu() - c);
        wall.push(t.elapsed());
    }
    wall.sort_unstable();
    cpu.sort_unstable();
    let (wall, cpu, runs) = (wall[wall.len() / 2], cpu[cpu.len() / 2], wall.len());
    let mb_s = |d: Duration| file.text.len() as f64 / d.as_secs_f64() / 1e6;
    println!(
        "{name:<12} {:>8} B  wall {:>8.3} ms {:>6.1} MB/s  cpu {:>8.3} ms {:>6.1} MB/s  ({runs} runs)",
        file.text.len(),
        wall.as_secs_f64() * 1e3,
        mb_s(wall),
        cpu.as_secs_f64() * 1e3,
        mb_s(cpu),
    );
}

fn main() {
    let socnect = SourceFile::new("socnect.policy", SOCNECT);
    let large = SourceFile::new("large.policy", large_policy());
    if let Ok(which) = std::env::var("POLICYC_PARSE_ONCE") {
        let file = if which == "large" { &large } else { &socnect };
        println!("{} bytes", file.text.len());
        if std::env::var("POLICYC_PARSE_READER").as_deref() == Ok("fast") {
            parse_once_fast(file);
        } else {
            parse_once(file);
        }
        return;
    }
    let budget = std::env::var("POLICYC_BENCH_BUDGET_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(Duration::from_millis(700), Duration::from_millis);
    time("socnect", &socnect, budget, parse_once);
    time("2 MB", &large, budget, parse_once);
    time("socnect fast", &socnect, budget, parse_once_fast);
    time("2 MB fast", &large, budget, parse_once_fast);
}

//! How long `policyc lsp` takes from an edit to its diagnostics: the time
//! from sending `textDocument/didChange` to receiving the
//! `publishDiagnostics` for that document, on each bundled policy, over an
//! in-memory connection (the server loop of `policyc lsp`, without the
//! process and pipes). Run with `cargo bench --bench lsp`; issue 21 asks
//! for under 50 ms on the largest bundled policy.
//!
//! Each edit alternates between a typo and its fix in a `collect`
//! keyword (`colect` is an error with "did you mean", `collect` is clean),
//! so every round compiles the whole file and publishes a real change.
//! Nothing is asserted: this is a measurement, not a test.
//!
//! `POLICYC_BENCH_ROUNDS` sets the edits per policy (default 60).

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{Value, json};
use std::path::Path;
use std::time::{Duration, Instant};

fn main() {
    let rounds: usize = std::env::var("POLICYC_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(60);
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || policyc::lsp::serve(&server));
    initialize(&client);
    println!("didChange → publishDiagnostics, {rounds} edits a policy\n");
    println!("| policy | lines | median | p90 | max |");
    println!("| --- | --- | --- | --- | --- |");
    for name in ["socnect", "connact", "connecwrk"] {
        let path = Path::new("policies").join(format!("{name}.policy"));
        let Ok(path) = path.canonicalize() else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let uri = format!("file://{}", path.display());
        let times = measure(&client, &uri, &text, rounds);
        let mut sorted = times.clone();
        sorted.sort();
        let pick = |q: f64| {
            sorted
                .get(((sorted.len() as f64 - 1.0) * q) as usize)
                .copied()
        };
        let ms = |d: Option<Duration>| d.map_or(0.0, |d| d.as_secs_f64() * 1000.0);
        println!(
            "| {name} | {} | {:.1} ms | {:.1} ms | {:.1} ms |",
            text.lines().count(),
            ms(pick(0.5)),
            ms(pick(0.9)),
            ms(sorted.last().copied())
        );
    }
    send(
        &client,
        Request::new(RequestId::from(99), "shutdown".into(), Value::Null).into(),
    );
    wait(
        &client,
        |m| matches!(m, Message::Response(r) if r.id == RequestId::from(99)),
    );
    send(
        &client,
        Notification::new("exit".into(), Value::Null).into(),
    );
    let _ = thread.join();
}

fn initialize(client: &Connection) {
    let params = json!({ "processId": null, "rootUri": null, "capabilities": {} });
    send(
        client,
        Request::new(RequestId::from(1), "initialize".into(), params).into(),
    );
    wait(client, |m| matches!(m, Message::Response(_)));
    send(
        client,
        Notification::new("initialized".into(), json!({})).into(),
    );
}

/// Opens the policy, then times `rounds` edits, each to its diagnostics.
fn measure(client: &Connection, uri: &str, text: &str, rounds: usize) -> Vec<Duration> {
    let open = json!({ "textDocument": { "uri": uri, "languageId": "policy", "version": 1, "text": text } });
    send(
        client,
        Notification::new("textDocument/didOpen".into(), open).into(),
    );
    published(client, uri);
    let (line, column) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("collect {").map(|c| (i, c)))
        .unwrap_or((0, 0));
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        // Odd rounds put the `l` back.
        let (range, new_text) = if round % 2 == 0 {
            ((column + 2, column + 3), "")
        } else {
            ((column + 2, column + 2), "l")
        };
        let change = json!({
            "textDocument": { "uri": uri, "version": round + 2 },
            "contentChanges": [{
                "range": {
                    "start": { "line": line, "character": range.0 },
                    "end": { "line": line, "character": range.1 },
                },
                "text": new_text,
            }],
        });
        let started = Instant::now();
        send(
            client,
            Notification::new("textDocument/didChange".into(), change).into(),
        );
        published(client, uri);
        times.push(started.elapsed());
    }
    times
}

fn published(client: &Connection, uri: &str) {
    wait(client, |m| {
        matches!(m, Message::Notification(n)
            if n.method == "textDocument/publishDiagnostics" && n.params.get("uri").and_then(Value::as_str) == Some(uri))
    });
}

fn send(client: &Connection, message: Message) {
    let _ = client.sender.send(message);
}

fn wait(client: &Connection, wanted: impl Fn(&Message) -> bool) {
    while let Ok(message) = client.receiver.recv_timeout(Duration::from_secs(60)) {
        if wanted(&message) {
            return;
        }
    }
    eprintln!("no answer from the server within 60 s");
    std::process::exit(1);
}

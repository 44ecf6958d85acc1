//! The 1,000-policy corpus in memory, once, on one thread: each policy
//! compiled and rendered to HTML, Markdown and JSON, nothing read or
//! written. Made to be counted by callgrind (`benches/callgrind.sh` reads
//! the inclusive count of `corpus::in_memory`), so it runs the batch once
//! and times nothing. `POLICYC_CORPUS_N` changes the size (1,000).

mod common;

use common::with_id;
use policyc::export::json;
use policyc::render::html::HtmlRenderer;
use policyc::render::markdown::{self, MarkdownOptions};
use policyc::source::SourceFile;
use std::hint::black_box;
use std::path::{Path, PathBuf};

/// The bundled policies repeated to `n` sources, each with its own id.
fn corpus(n: usize) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "policy"))
        .collect();
    paths.sort();
    let inputs: Vec<(String, String)> = paths
        .iter()
        .map(|path| {
            let name = path.file_stem().unwrap_or_default().to_string_lossy();
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (name.into_owned(), text)
        })
        .collect();
    inputs
        .iter()
        .cycle()
        .take(n)
        .enumerate()
        .map(|(i, (name, text))| {
            let id = format!("{name}-{i:04}");
            let text = with_id(text, &id);
            (id, text)
        })
        .collect()
}

/// Compiles and renders every source; the bytes of output.
#[inline(never)]
fn in_memory(sources: &[(String, String)], html: &HtmlRenderer) -> usize {
    let mut bytes = 0;
    for (id, text) in sources {
        let compiled = policyc::compile(&SourceFile::new(id.as_str(), text.as_str()));
        let Some(policy) = compiled.policy else {
            panic!("{id} does not compile: {:?}", compiled.diagnostics);
        };
        let page = html.render(&policy).unwrap_or_else(|e| panic!("{e}"));
        let md =
            markdown::render(&policy, MarkdownOptions::default()).unwrap_or_else(|e| panic!("{e}"));
        let data = json::render(&policy).unwrap_or_else(|e| panic!("{e}"));
        bytes += page.len() + md.len() + data.len();
    }
    bytes
}

fn main() {
    let n = std::env::var("POLICYC_CORPUS_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let sources = corpus(n);
    let html = HtmlRenderer::new().unwrap_or_else(|e| panic!("{e}"));
    let bytes = black_box(in_memory(black_box(&sources), &html));
    let source_bytes: usize = sources.iter().map(|(_, t)| t.len()).sum();
    println!("{n} policies, {source_bytes} bytes of source, {bytes} bytes of output");
}

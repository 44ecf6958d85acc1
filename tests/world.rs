//! Whole builds against a `World`: a `MemoryWorld` holds the sources, the
//! date and the outputs, and nothing touches the disk; the same build on
//! the disk (`FsWorld`) writes the same bytes.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use policyc::diagnostic::Code;
use policyc::driver::{
    self, BuildError, BuildOptions, Format, FsWorld, MemoryWorld, Output, Unit, World,
};
use policyc::model::Date;
use policyc::report::{self, InBuild, MessageFormat};
use std::fs;
use std::path::{Path, PathBuf};

const MINIMAL: &str = include_str!("../examples/minimal.policy");
const ACME: &str = include_str!("../examples/acme.policy");

fn date(iso: &str) -> Date {
    Date::parse_iso(iso).unwrap()
}

/// Discovers (or takes the `named` files), compiles, renders and writes a
/// build the way `policyc build --front-matter` does, in `world`.
fn build(world: &dyn World, named: &[PathBuf], out: &Path) -> Vec<Output> {
    let paths = driver::discover(world, named).unwrap();
    let options = policyc::Options {
        today: world.today(),
        ..Default::default()
    };
    let units = driver::compile_all(world, &paths, &options);
    assert!(units.iter().all(|u| !u.failed()), "the sources are valid");
    let policies: Vec<_> = units
        .iter()
        .filter_map(|u| u.compiled.policy.as_ref())
        .collect();
    let options = BuildOptions {
        out_dir: out.to_path_buf(),
        formats: vec![Format::Markdown, Format::Html, Format::Json],
        front_matter: true,
        templates: None,
        site: Default::default(),
    };
    driver::check_out_dir(world, out, &paths).unwrap();
    let outputs = driver::render_all(&policies, &options).unwrap();
    driver::write_outputs(world, out, &outputs).unwrap();
    outputs
}

#[test]
fn a_build_in_memory_reads_and_writes_only_memory() {
    // The crate root (the tests' working folder) has a real `policies/`:
    // discovery in memory must not find those files.
    let world = MemoryWorld::new().with_today(date("2026-01-01"));
    world.insert("policies/minimal.policy", MINIMAL);
    world.insert("policies/nested/acme.policy", ACME);
    world.insert("policies/notes.txt", "not a policy");
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("site");

    let outputs = build(&world, &[], &out);

    let written: Vec<PathBuf> = world
        .files()
        .into_keys()
        .filter_map(|path| path.strip_prefix(&out).ok().map(Path::to_path_buf))
        .collect();
    let expected = [
        "acme-privacy/acme-privacy.json",
        "acme-privacy/acme-privacy.md",
        "acme-privacy/index.html",
        "index.html",
        "minimal-privacy/index.html",
        "minimal-privacy/minimal-privacy.json",
        "minimal-privacy/minimal-privacy.md",
    ];
    assert_eq!(written, expected.map(PathBuf::from));
    for output in &outputs {
        let held = world.get(out.join(&output.path));
        assert_eq!(held.as_deref(), Some(output.text.as_bytes()));
    }
    let page = world.get(out.join("index.html")).unwrap();
    assert!(String::from_utf8_lossy(&page).contains("minimal-privacy/"));
    assert!(
        fs::read_dir(scratch.path()).unwrap().next().is_none(),
        "nothing was written to disk"
    );
}

#[test]
fn a_build_in_memory_writes_the_same_bytes_as_one_on_disk() {
    let memory = MemoryWorld::new();
    memory.insert("policies/minimal.policy", MINIMAL);
    memory.insert("policies/acme.policy", ACME);
    let in_memory = build(&memory, &[], Path::new("site"));

    let dir = tempfile::tempdir().unwrap();
    let mut named = Vec::new();
    for (name, text) in [("acme.policy", ACME), ("minimal.policy", MINIMAL)] {
        fs::write(dir.path().join(name), text).unwrap();
        named.push(dir.path().join(name));
    }
    let out = dir.path().join("site");
    build(&FsWorld, &named, &out);

    for output in &in_memory {
        let on_disk = fs::read(out.join(&output.path)).unwrap();
        let held = memory.get(Path::new("site").join(&output.path)).unwrap();
        assert_eq!(held, on_disk, "{} differs", output.path.display());
    }
}

/// A policy whose `updated` date is 2024-06-01.
fn updated_in_june_2024() -> String {
    MINIMAL.replace(
        "id = \"minimal-privacy\"",
        "id = \"f\"\n  updated = 2024-06-01",
    )
}

fn diagnostics(world: &MemoryWorld, paths: &[&str]) -> Vec<Unit> {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    let options = policyc::Options {
        today: world.today(),
        ..Default::default()
    };
    driver::compile_all(world, &paths, &options)
}

#[test]
fn today_is_the_worlds_date() {
    let codes = |today: &str| {
        let world = MemoryWorld::new().with_today(date(today));
        world.insert("f.policy", updated_in_june_2024());
        let units = diagnostics(&world, &["f.policy"]);
        units[0]
            .compiled
            .diagnostics
            .iter()
            .map(|d| d.code)
            .collect::<Vec<_>>()
    };
    assert_eq!(codes("2024-01-01"), [Code::FutureDate]);
    assert_eq!(codes("2025-01-01"), []);
    let undated = MemoryWorld::new();
    assert_eq!(undated.today(), None);
}

#[test]
fn problems_in_memory_are_reported_with_the_names_given() {
    let world = MemoryWorld::new();
    world.insert(
        "policies/bad.policy",
        MINIMAL.replace("section use", "section usage"),
    );
    world.insert("policies/latin1.policy", b"policy \xe9".to_vec());
    let paths = [
        "policies/bad.policy",
        "policies/gone.policy",
        "policies/latin1.policy",
    ];
    let units = diagnostics(&world, &paths);
    let mut text = String::new();
    for unit in &units {
        let sources = InBuild {
            build: unit,
            file: &unit.file,
        };
        let diagnostics = &unit.compiled.diagnostics;
        text.push_str(&report::format(
            &sources,
            diagnostics,
            MessageFormat::Human,
            false,
        ));
    }
    assert!(text.contains("┌─ policies/bad.policy:9:11"), "{text}");
    assert!(text.contains("unknown section kind `usage`"), "{text}");
    assert!(
        text.contains("cannot read `policies/gone.policy`: no such file"),
        "{text}"
    );
    assert!(
        text.contains("`policies/latin1.policy` is not UTF-8"),
        "{text}"
    );
}

#[test]
fn an_output_folder_holding_the_sources_is_refused_in_memory() {
    let world = MemoryWorld::new();
    world.insert("policies/minimal.policy", MINIMAL);
    let paths = driver::discover(&world, &[]).unwrap();
    let refused = driver::check_out_dir(&world, Path::new("./policies"), &paths);
    assert!(matches!(refused, Err(BuildError::OutputIsSource(_))));
    assert!(driver::check_out_dir(&world, Path::new("site"), &paths).is_ok());
}

#[test]
fn an_empty_world_has_nothing_to_build() {
    let world = MemoryWorld::new();
    let error = driver::discover(&world, &[]).unwrap_err().to_string();
    assert!(error.contains("no `policies/` folder"), "{error}");
    world.insert("policies/readme.md", "");
    let error = driver::discover(&world, &[]).unwrap_err().to_string();
    assert!(error.contains("holds no .policy files"), "{error}");
}

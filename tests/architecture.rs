//! `docs/architecture.md` is the map of the source tree: every module must
//! be on it, and every file it names must exist.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

fn rust_files(dir: &Path, root: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let relative = path.strip_prefix(root).unwrap();
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_module_is_on_the_map_and_every_file_on_it_exists() {
    let map = std::fs::read_to_string("docs/architecture.md").unwrap();
    let mut files = Vec::new();
    rust_files(Path::new("src"), Path::new("src"), &mut files);
    let missing: Vec<_> = files
        .iter()
        .filter(|f| !map.contains(&format!("`{f}`")) && !map.contains(&format!("{f}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "not in docs/architecture.md: {missing:?}"
    );
    // Every source file the map names is a real file.
    let named = map
        .split('`')
        .skip(1)
        .step_by(2)
        .flat_map(|code| code.split([',', ' ']))
        .map(|s| s.trim())
        .filter(|s| s.ends_with(".rs") && !s.contains('*'))
        .filter(|s| {
            !["tests/", "benches/", "fuzz/"]
                .iter()
                .any(|p| s.starts_with(p))
        });
    for name in named {
        assert!(
            Path::new("src").join(name).exists(),
            "docs/architecture.md names `{name}`, which is not in src/"
        );
    }
}

//! Walks of folders the tests share: the files a build wrote, for the
//! tests that compare output folders, and the repository's `.policy`
//! files, for those that read every one (each test file includes this
//! with `#[path = "common/files.rs"] mod files;`).

#![allow(clippy::unwrap_used)]

use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir`, relative to it, sorted.
#[allow(dead_code)] // not every test file that includes this compares outputs
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// Every `.policy` file directly in the folders (relative to the
/// package), sorted.
#[allow(dead_code)] // not every test file that includes this lists policies
pub fn policy_files(folders: &[&str]) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = folders
        .iter()
        .flat_map(|folder| fs::read_dir(root.join(folder)).unwrap())
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "policy"))
        .collect();
    paths.sort();
    paths
}

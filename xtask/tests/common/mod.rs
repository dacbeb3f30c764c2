//! Shared by the generator's tests.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};

/// A path relative to the xtask crate (the tests' working directory), so
/// that paths in messages and snapshots are the same on every machine.
pub fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_path_buf()
}

/// The entry file of a fixture directory (`openapi.yaml` or `openapi.json`).
pub fn entry(dir: &Path) -> PathBuf {
    ["openapi.yaml", "openapi.json"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{} has no openapi.yaml or openapi.json", dir.display()))
}

/// The fixture directories under `tests/fixtures/<kind>`, sorted.
pub fn fixtures(kind: &str) -> Vec<PathBuf> {
    let base = Path::new("tests/fixtures").join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Every file under `dir` with its contents, for "nothing changed" checks.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let contents = std::fs::read(&path).unwrap();
                files.push((path, contents));
            }
        }
    }
    files.sort();
    files
}

pub fn xtask() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
}

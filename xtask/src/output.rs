//! Stage 7: files. Everything is generated in memory first, so a failing
//! spec writes nothing; files whose content is unchanged are not touched.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result, display_path};

#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub contents: String,
}

/// What [`write`](fn@write) or [`check`] found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub written: usize,
    pub unchanged: usize,
    /// For `check`: a unified diff per file that differs.
    pub diffs: Vec<String>,
}

fn current(path: &Path) -> Result<Option<String>> {
    match std::fs::read_to_string(path) {
        // Compare without CRLF, so a checkout with `core.autocrlf` is not stale.
        Ok(text) => Ok(Some(text.replace("\r\n", "\n"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// Writes each file whose content differs from what is on disk.
pub fn write(files: &[OutputFile]) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for file in files {
        if current(&file.path)?.as_deref() == Some(file.contents.as_str()) {
            outcome.unchanged += 1;
            continue;
        }
        if let Some(dir) = file.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        // Write beside, then rename: a reader never sees half a file.
        let temporary = file.path.with_extension("codegen-tmp");
        std::fs::write(&temporary, &file.contents).map_err(|e| Error::io(&temporary, e))?;
        std::fs::rename(&temporary, &file.path).map_err(|e| Error::io(&file.path, e))?;
        outcome.written += 1;
    }
    Ok(outcome)
}

/// Compares each file with what is on disk, writing nothing.
pub fn check(files: &[OutputFile]) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    for file in files {
        let old = current(&file.path)?;
        if old.as_deref() == Some(file.contents.as_str()) {
            outcome.unchanged += 1;
            continue;
        }
        let name = display_path(&file.path);
        let old = old.unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&old, &file.contents)
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{name}"), &format!("b/{name}"))
            .to_string();
        outcome.diffs.push(diff);
    }
    Ok(outcome)
}

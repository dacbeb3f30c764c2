//! The workspace's spec as it was at a git revision, read into a model, for
//! reports of what changed since.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::Spec;
use crate::config::Config;
use crate::diff::Change;
use crate::error::{Error, Location, Result};

/// The spec at a revision, extracted to a scratch directory.
pub struct Base {
    dir: tempfile::TempDir,
    /// The revision as the user named it (`HEAD`, `origin/main`).
    pub revision: String,
}

impl Base {
    /// `spec_dir` (relative to the repository at `root`) at `revision`;
    /// `None` when the revision has no such directory.
    pub fn extract(root: &Path, revision: &str, spec_dir: &str) -> Result<Option<Base>> {
        let git = |args: &[&str]| -> Result<Vec<u8>> {
            let output = Command::new("git")
                .arg("-C")
                .arg(root)
                .args(args)
                .output()
                .map_err(|e| Error::Generate(format!("git cannot be run: {e}")))?;
            if !output.status.success() {
                return Err(Error::Generate(format!(
                    "git {}: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&output.stderr).trim()
                )));
            }
            Ok(output.stdout)
        };
        git(&["rev-parse", "--verify", &format!("{revision}^{{commit}}")]).map_err(|_| {
            Error::Generate(format!(
                "`{revision}` is not a revision of this repository; name a commit, branch or tag"
            ))
        })?;
        let listing = git(&["ls-tree", "-r", "--name-only", revision, "--", spec_dir])?;
        let files: Vec<String> = String::from_utf8_lossy(&listing)
            .lines()
            .map(str::to_owned)
            .collect();
        if files.is_empty() {
            return Ok(None);
        }
        let dir = tempfile::tempdir().map_err(|e| Error::io(&std::env::temp_dir(), e))?;
        for file in files {
            let contents = git(&["show", &format!("{revision}:{file}")])?;
            let path = dir.path().join(&file);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            std::fs::write(&path, contents).map_err(|e| Error::io(&path, e))?;
        }
        Ok(Some(Base {
            dir,
            revision: revision.to_owned(),
        }))
    }

    /// The spec at the revision, read with its config (`codegen.yaml` beside
    /// the entry file, if the revision has one).
    pub fn read(&self, entry: &str) -> Result<Spec> {
        let entry = self.dir.path().join(entry);
        let config_path = entry.with_file_name("codegen.yaml");
        let config = if config_path.exists() {
            Config::read(&config_path)?
        } else {
            Config::default()
        };
        crate::read_spec_with(&entry, &config)
    }

    /// Shows the old side's locations as `revision:path` rather than in the
    /// scratch directory.
    pub fn relabel(&self, changes: &mut [Change]) {
        for change in changes {
            if let Some(at) = &mut change.old {
                *at = self.relabel_location(at);
            }
        }
    }

    fn relabel_location(&self, at: &Location) -> Location {
        match at.file.strip_prefix(self.dir.path()) {
            Ok(relative) => Location::new(
                PathBuf::from(format!(
                    "{}:{}",
                    self.revision,
                    crate::error::display_path(relative)
                )),
                at.pointer.clone(),
            ),
            Err(_) => at.clone(),
        }
    }
}

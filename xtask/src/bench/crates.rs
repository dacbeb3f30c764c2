//! How long a generated crate takes to build and to check, against the
//! crate progenitor 0.15 generates on its own for the same spec (its
//! default settings, its types and methods); and how long the crate of a
//! large spec (GitHub's) takes to check with one tag's feature alone,
//! against the same crate whole. All in one scratch workspace so that
//! they share their dependencies' builds. Only the crate itself is timed:
//! its dependencies are built first, then its `lib.rs` is touched and it
//! is compiled from scratch (no incremental state), the crates in turn,
//! `runs` times each; medians.

use std::path::Path;

use progenitor_impl::{GenerationSettings, Generator};

use super::{Figure, median, run_to_end, scratch};
use crate::error::{Error, Result};

/// What progenitor's output needs, at the versions this workspace locks
/// (and `uuid`, which it does not use).
const PROGENITOR_DEPENDENCIES: &str = r#"base64 = "0.22"
chrono = { version = "0.4", default-features = false, features = ["std", "serde"] }
futures = "0.3"
progenitor-client = "0.15.1"
rand = "0.10"
regress = "0.12"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls-no-provider"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
uuid = { version = "1", features = ["serde", "v4"] }
"#;

/// Build and check of the crate generated for Oxide's Nexus spec against
/// progenitor's own output for it; with `large` (GitHub's spec), check of
/// its crate with one tag alone against the crate whole.
pub fn crates(root: &Path, spec: &Path, large: Option<&Path>, runs: usize) -> Result<Vec<Figure>> {
    let dir = scratch(root, "crates")?;
    // Ours, as `cargo xtask codegen --spec … --out …` writes it.
    let ours = dir.join("ours");
    ours_crate(spec, &ours, "ours-nexus")?;
    let mut members = vec!["\"ours\"", "\"progenitor\""];
    let one_tag = match large {
        Some(large) => {
            let api = ours_crate(large, &dir.join("large"), "ours-large")?;
            members.push("\"large\"");
            middle_feature(&api)
        }
        None => None,
    };
    // progenitor's, as its users make it: its output, formatted.
    let theirs = dir.join("progenitor");
    let text = std::fs::read_to_string(spec).map_err(|e| Error::io(spec, e))?;
    let document: openapiv3::OpenAPI = serde_json::from_value(crate::load::parse(spec, &text)?)
        .map_err(|e| Error::Generate(format!("progenitor cannot read {}: {e}", spec.display())))?;
    let tokens = Generator::new(&GenerationSettings::default())
        .generate_tokens(&document)
        .map_err(|e| Error::Generate(format!("progenitor: {e}")))?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Generate(e.to_string()))?;
    write(&theirs.join("src/lib.rs"), &prettyplease::unparse(&file))?;
    write(
        &theirs.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"progenitor-nexus\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{PROGENITOR_DEPENDENCIES}"
        ),
    )?;
    write(
        &dir.join("Cargo.toml"),
        &format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )?;
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        std::fs::copy(root.join("Cargo.lock"), &lock).map_err(|e| Error::io(&lock, e))?;
    }
    let cargo = |args: &[&str]| -> Result<f64> {
        let mut command = super::cargo();
        command
            .args(args)
            .arg("--quiet")
            .current_dir(&dir)
            .env("CARGO_INCREMENTAL", "0");
        run_to_end(&mut command).map(|(took, _)| took)
    };
    // The dependencies, once (progenitor's may need fetching: not offline).
    cargo(&["build", "--workspace"])?;
    cargo(&["check", "--workspace"])?;
    let touch = |krate: &Path| {
        let lib = krate.join("src/lib.rs");
        let text = std::fs::read(&lib).map_err(|e| Error::io(&lib, e))?;
        std::fs::write(&lib, text).map_err(|e| Error::io(&lib, e))
    };
    let mut figures = Vec::new();
    for mode in ["build", "check"] {
        let (mut ours_times, mut theirs_times) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            touch(&ours)?;
            ours_times.push(cargo(&[mode, "-p", "ours-nexus"])?);
            touch(&theirs)?;
            theirs_times.push(cargo(&[mode, "-p", "progenitor-nexus"])?);
        }
        figures.push(Figure {
            name: format!("cargo {mode} of the crate for Nexus (debug)"),
            ours: median(ours_times),
            anchor_name: "progenitor 0.15's own crate for it".into(),
            anchor: median(theirs_times),
            unit: "s",
            target: 1.0,
            paired: None,
        });
    }
    if let Some((feature, operations)) = one_tag {
        let large = dir.join("large");
        let (mut one, mut whole) = (Vec::new(), Vec::new());
        for _ in 0..runs.min(2) {
            touch(&large)?;
            one.push(cargo(&[
                "check",
                "-p",
                "ours-large",
                "--no-default-features",
                "--features",
                &feature,
            ])?);
            touch(&large)?;
            whole.push(cargo(&["check", "-p", "ours-large"])?);
        }
        figures.push(Figure {
            name: format!("cargo check, GitHub's crate, `{feature}` alone ({operations} ops)"),
            ours: median(one),
            anchor_name: "the same crate, every tag".into(),
            anchor: median(whole),
            unit: "s",
            // One tag of dozens compiles a fraction of the operations and
            // of the types: at least half the time saved.
            target: 0.5,
            paired: None,
        });
    }
    Ok(figures)
}

/// Writes the standalone crate of `spec` at `out` as a member of the
/// scratch workspace; its model.
fn ours_crate(spec: &Path, out: &Path, name: &str) -> Result<crate::model::Api> {
    let read = crate::read_spec(spec)?;
    let files = crate::layout::standalone(&read, "cargo xtask bench", out, name)?;
    crate::output::write(&files)?;
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| Error::io(&manifest, e))?;
    write(&manifest, &text.replace("\n[workspace]\n", "\n"))?;
    Ok(read.api)
}

/// The feature of median size (by operations), and its operations: what
/// a user of one part of the API compiles.
fn middle_feature(api: &crate::model::Api) -> Option<(String, usize)> {
    let mut list: Vec<_> = api.features.list.iter().collect();
    list.sort_by_key(|f| (f.operations, f.name.clone()));
    list.get(list.len() / 2)
        .map(|f| (f.name.clone(), f.operations))
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

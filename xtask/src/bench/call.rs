//! One call of the workspace's client against the same request made with
//! plain `reqwest` and decoded with `serde_json`, on a local keep-alive
//! server: `xtask/bench/call`, built in release and run here. Its own
//! figures are medians of interleaved rounds of many calls each; the CPU
//! time is the client thread's.

use std::path::Path;
use std::process::Command;

use super::Figure;
use crate::error::{Error, Result};

pub fn call(root: &Path) -> Result<Vec<Figure>> {
    let project = root.join("xtask/bench/call");
    let target = root.join("target/bench");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let built = Command::new(&cargo)
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(project.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .map_err(|e| Error::Generate(format!("cargo did not start: {e}")))?;
    if !built.status.success() {
        return Err(Error::Generate(format!(
            "the call benchmark does not build: {}",
            String::from_utf8_lossy(&built.stderr)
        )));
    }
    let exe = target.join("release/bench-call");
    let output = Command::new(&exe)
        .args(["9", "2000"])
        .output()
        .map_err(|e| Error::io(&exe, e))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let value = |key: &str| -> Result<f64> {
        text.split_whitespace()
            .skip_while(|word| *word != key)
            .nth(1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| Error::Generate(format!("the call benchmark printed no {key}: {text}")))
    };
    Ok(vec![
        Figure {
            name: "one get(), wall time".into(),
            ours: value("ours_us")?,
            anchor_name: "plain reqwest + serde_json".into(),
            anchor: value("plain_us")?,
            unit: "µs",
            target: 1.1,
            paired: Some(value("ratio")?),
        },
        Figure {
            name: "one get(), CPU time of the client's thread".into(),
            ours: value("ours_cpu_us")?,
            anchor_name: "plain reqwest + serde_json".into(),
            anchor: value("plain_cpu_us")?,
            unit: "µs",
            target: 1.1,
            paired: None,
        },
    ])
}

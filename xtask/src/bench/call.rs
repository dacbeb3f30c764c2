//! One call of the workspace's client against the same request made with
//! plain `reqwest` and decoded with `serde_json`, on a local keep-alive
//! server: `xtask/bench/call`, built in release and run here. Its own
//! figures are medians of interleaved rounds of many calls each; the CPU
//! time is the client thread's.

use std::path::Path;
use std::process::Command;

use super::{Figure, cargo, run_to_end};
use crate::error::{Error, Result};

pub fn call(root: &Path) -> Result<Vec<Figure>> {
    let project = root.join("xtask/bench/call");
    let target = root.join("target/bench");
    run_to_end(
        cargo()
            .args(["build", "--release", "--quiet", "--manifest-path"])
            .arg(project.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target),
    )?;
    let exe = target.join("release/bench-call");
    let (_, output) = run_to_end(Command::new(&exe).args(["9", "2000"]))?;
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

//! How codegen scales: a synthetic spec ([`crate::synthetic`]) at two
//! sizes, each generated as a standalone crate in a process of its own, so
//! that its peak resident memory is its own; the larger size's time and
//! memory as ratios to the smaller's say whether growth stays linear.

use std::path::Path;
use std::time::Instant;

use crate::error::{Error, Result};

/// The synthetic specs whose scaling is watched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// Operations, each with its own path and response schema.
    Wide,
    /// Schemas that are each a `$ref` to the next.
    Chain,
}

impl Shape {
    fn describe(self, size: usize) -> String {
        match self {
            Shape::Wide => format!("{} operations", crate::load::group(size)),
            Shape::Chain => format!("an alias chain of {} links", crate::load::group(size)),
        }
    }
}

/// The sizes compared, smaller first.
const SCALING: [(Shape, usize, usize); 2] =
    [(Shape::Wide, 1_000, 4_000), (Shape::Chain, 1_000, 10_000)];

/// One measurement of a synthetic spec: generating its standalone crate
/// (read, resolve, model, emit, format; nothing written), as a line
/// `<milliseconds> <peak resident bytes>`, for `scaling` to read.
pub fn shape(shape: Shape, size: usize) -> Result<String> {
    let text = match shape {
        Shape::Wide => crate::synthetic::wide(size),
        Shape::Chain => crate::synthetic::alias_chain(size),
    };
    let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let entry = dir.join("openapi.json");
    std::fs::write(&entry, text).map_err(|e| Error::io(&entry, e))?;
    let started = Instant::now();
    let generated = crate::read_spec(&entry).and_then(|spec| {
        crate::stack::deep(|| crate::layout::standalone(&spec, "bench", &dir.join("out"), "bench"))
    });
    let took = started.elapsed();
    let _ = std::fs::remove_dir_all(&dir);
    std::hint::black_box(generated?);
    Ok(format!(
        "{} {}",
        took.as_millis(),
        peak_resident().unwrap_or(0)
    ))
}

/// Runs each scaling measurement with `exe bench-shape`: a line for
/// each, and one with the larger size's ratios to the smaller's.
pub fn scaling(exe: &Path) -> Result<Vec<String>> {
    let mut lines =
        vec!["scaling (a process each, one run; time, peak resident memory):".to_string()];
    for (shape, small, large) in SCALING {
        let (small_ms, small_bytes) = measure(exe, shape, small)?;
        let (large_ms, large_bytes) = measure(exe, shape, large)?;
        for (size, ms, bytes) in [
            (small, small_ms, small_bytes),
            (large, large_ms, large_bytes),
        ] {
            lines.push(format!(
                "  {}: {:.2} s, {} MB",
                shape.describe(size),
                ms as f64 / 1000.0,
                bytes >> 20
            ));
        }
        lines.push(format!(
            "  ×{} the size: ×{:.2} the time, ×{:.2} the memory",
            large / small,
            large_ms as f64 / small_ms.max(1) as f64,
            large_bytes as f64 / small_bytes.max(1) as f64,
        ));
    }
    Ok(lines)
}

/// Milliseconds and peak resident bytes of one `bench-shape` run.
fn measure(exe: &Path, shape: Shape, size: usize) -> Result<(u64, u64)> {
    let shape_arg = match shape {
        Shape::Wide => "wide",
        Shape::Chain => "chain",
    };
    let output = std::process::Command::new(exe)
        .args([
            "bench-shape",
            "--shape",
            shape_arg,
            "--size",
            &size.to_string(),
        ])
        .output()
        .map_err(|e| Error::io(exe, e))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut numbers = text.split_whitespace().map(str::parse::<u64>);
    match (output.status.success(), numbers.next(), numbers.next()) {
        (true, Some(Ok(ms)), Some(Ok(bytes))) => Ok((ms, bytes)),
        _ => Err(Error::Generate(format!(
            "bench-shape {shape_arg} {size} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))),
    }
}

/// This process's peak resident memory, where the system tells it (Linux).
fn peak_resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

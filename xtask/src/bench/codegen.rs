//! Codegen's figures: a whole run of `cargo xtask codegen` as users run it
//! (a process of the dev-profile build, files written) against Redocly's
//! CLI only bundling the same spec; and, in this process, the workspace's
//! small spec generated whole against progenitor alone generating its
//! operations.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use progenitor_impl::{GenerationSettings, Generator};

use super::{Figure, Options, median, ms, run_to_end, scratch};
use crate::error::{Error, Result};

/// A spec codegen is timed on as a process.
pub struct Case<'a> {
    pub spec: &'a Path,
    pub config: Option<&'a Path>,
    pub name: &'a str,
    pub target: f64,
}

/// `xtask codegen --spec spec --out <scratch>` against `redocly bundle
/// spec`, each a process, interleaved, `runs` times; medians.
pub fn against_redocly(
    options: &Options,
    redocly: &Path,
    case: &Case<'_>,
    runs: usize,
) -> Result<Figure> {
    let Case {
        spec,
        config,
        name,
        target,
    } = *case;
    let xtask = &options.xtask;
    let dir = scratch(&options.root, "codegen")?;
    let out = dir.join("crate");
    let bundled = dir.join("bundled.yaml");
    let timed = |command: &mut Command| run_to_end(command).map(|(took, _)| took);
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..=runs {
        // A first crate and its files are written every time, as on a
        // user's first run.
        let _ = std::fs::remove_dir_all(&out);
        let mut codegen = Command::new(xtask);
        codegen
            .arg("codegen")
            .arg("--spec")
            .arg(spec)
            .arg("--out")
            .arg(&out);
        if let Some(config) = config {
            codegen.arg("--config").arg(config);
        }
        let mut bundle = Command::new(redocly);
        bundle.arg("bundle").arg(spec).arg("-o").arg(&bundled);
        let (a, b) = if round % 2 == 0 {
            (timed(&mut codegen)?, timed(&mut bundle)?)
        } else {
            let b = timed(&mut bundle)?;
            (timed(&mut codegen)?, b)
        };
        // The first round warms the file cache and is not counted.
        if round > 0 {
            ours.push(a);
            theirs.push(b);
        }
    }
    Ok(Figure {
        name: format!("codegen, {name} (dev profile, a process)"),
        ours: median(ours),
        anchor_name: "Redocly's CLI bundling it".into(),
        anchor: median(theirs),
        unit: "s",
        target,
        paired: None,
    })
}

/// The workspace's spec generated whole (read, every stage, the
/// standalone crate formatted in memory) against progenitor alone
/// reading the same operations as one JSON document, generating and
/// formatting them; medians of `runs` in this process, printed as
/// `ours anchor paired-ratio`.
pub fn seed_round(root: &Path, runs: usize) -> Result<String> {
    let entry = root.join(crate::layout::WORKSPACE_SPEC);
    let config = crate::config::Config::read(&root.join(crate::layout::WORKSPACE_CONFIG))?;
    // What progenitor's users do (its README's build.rs): read the spec's
    // JSON text, generate, format. The text is the workspace's spec lowered
    // to one document, since progenitor reads neither several files nor 3.1.
    let lowered = crate::read_spec_with(&entry, &config)?.openapi;
    let text = serde_json::to_string(&lowered).map_err(|e| Error::Generate(e.to_string()))?;
    let progenitor = || {
        let lowered: openapiv3::OpenAPI =
            serde_json::from_str(&text).map_err(|e| Error::Generate(e.to_string()))?;
        let tokens = Generator::new(&GenerationSettings::default())
            .generate_tokens(&lowered)
            .map_err(|e| Error::Generate(format!("progenitor: {e}")))?;
        let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Generate(e.to_string()))?;
        Ok(prettyplease::unparse(&file).len())
    };
    let out = Path::new("out");
    let ours = || {
        let spec = crate::read_spec_with(&entry, &config)?;
        let files = crate::layout::standalone(&spec, "bench", out, "bench")?;
        Ok(files.iter().map(|f| f.contents.len()).sum())
    };
    let (ours, anchor, paired) = interleaved(runs, ours, progenitor)?;
    Ok(format!("{ours} {anchor} {paired}"))
}

/// The seed figure: [`seed_round`] in [`SEED_PROCESSES`] processes, the
/// medians of their medians. One process's timings can sit 30% apart from
/// another's (where the allocator and the code happen to land), so a
/// figure from one process would be noise to a gate.
pub fn seed(xtask: &Path, runs: usize) -> Result<Figure> {
    let (mut ours, mut anchor, mut paired) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..SEED_PROCESSES {
        let (_, output) =
            run_to_end(Command::new(xtask).args(["bench-seed", "--runs", &runs.to_string()]))?;
        let text = String::from_utf8_lossy(&output.stdout);
        let values: Vec<f64> = text
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        let [a, b, r] = values[..] else {
            return Err(Error::Generate(format!("bench-seed printed {text:?}")));
        };
        ours.push(a);
        anchor.push(b);
        paired.push(r);
    }
    Ok(Figure {
        name: "codegen, the workspace's spec (in process)".into(),
        ours: median(ours),
        anchor_name: "progenitor alone on its operations".into(),
        anchor: median(anchor),
        unit: "ms",
        target: 1.2,
        paired: Some(median(paired)),
    })
}

const SEED_PROCESSES: usize = 5;

/// `ours` and `anchor` run in turn `runs` times each, after one
/// unmeasured run of each (it pays for page faults and allocator warm-up),
/// the order swapped every round: their median times, and the median of
/// each round's ratio.
fn interleaved(
    runs: usize,
    mut ours: impl FnMut() -> Result<usize>,
    mut anchor: impl FnMut() -> Result<usize>,
) -> Result<(f64, f64, f64)> {
    let time = |f: &mut dyn FnMut() -> Result<usize>| -> Result<f64> {
        let started = Instant::now();
        std::hint::black_box(f()?);
        Ok(ms(started.elapsed()))
    };
    time(&mut ours)?;
    time(&mut anchor)?;
    let (mut a, mut b, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..runs {
        let (x, y) = if round % 2 == 0 {
            (time(&mut ours)?, time(&mut anchor)?)
        } else {
            let y = time(&mut anchor)?;
            (time(&mut ours)?, y)
        };
        a.push(x);
        b.push(y);
        ratios.push(x / y);
    }
    Ok((median(a), median(b), median(ratios)))
}

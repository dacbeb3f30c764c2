//! `cargo xtask bench`: what users wait for, each figure a ratio to an
//! anchor measured in the same run (absolute times on a shared machine are
//! noise; ratios of interleaved runs are not):
//!
//! - codegen in the dev profile (what `cargo xtask` runs), as a process,
//!   against Redocly's CLI merely bundling the same spec (`codegen`);
//! - codegen of the workspace's small spec, in process, against progenitor
//!   alone generating the same operations (`codegen`);
//! - building and checking a generated crate against progenitor's own
//!   output for the same spec, and checking a large spec's crate with one
//!   tag's feature alone against the whole (`crates`);
//! - one call of the client against plain `reqwest` and `serde_json`, and
//!   the CPU time it spends beyond them (`call`);
//!
//! then where codegen's time goes, stage by stage (`stages`), and how it
//! scales (`scaling`). Each figure has a target; `--gate` fails the run on
//! a gross regression only: a ratio past twice its target.

mod call;
mod codegen;
mod crates;
mod scaling;
mod stages;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::error::Result;

pub use codegen::seed_round;
pub use scaling::{Shape, shape};

/// One figure: ours against its anchor.
#[derive(Debug, Clone)]
pub struct Figure {
    pub name: String,
    pub ours: f64,
    pub anchor_name: String,
    pub anchor: f64,
    /// How the two are shown: `s`, `ms`, `µs`.
    pub unit: &'static str,
    /// The ratio aimed at (ours ≤ target × anchor).
    pub target: f64,
    /// The ratio measured pair by pair (the median of each round's), where
    /// the figure has one: steadier than the ratio of the medians.
    pub paired: Option<f64>,
}

impl Figure {
    pub fn ratio(&self) -> f64 {
        self.paired.unwrap_or(self.ours / self.anchor)
    }

    /// Past twice its target: a regression no noise explains.
    pub fn gross(&self) -> bool {
        self.ratio() > 2.0 * self.target
    }

    pub fn line(&self) -> String {
        let show = |value: f64| match self.unit {
            "s" => format!("{value:.2} s"),
            "ms" => format!("{value:.1} ms"),
            // A fraction of a microsecond (an event of a stream) shows
            // its nanoseconds.
            unit if value < 10.0 => format!("{value:.3} {unit}"),
            unit => format!("{value:.1} {unit}"),
        };
        format!(
            "  {:<44} {:>10}   {:<40} {:>10}   ratio {:.2} (target ≤ {:.2}){}",
            self.name,
            show(self.ours),
            self.anchor_name,
            show(self.anchor),
            self.ratio(),
            self.target,
            if self.gross() {
                "  GROSS REGRESSION"
            } else if self.ratio() > self.target {
                "  over target"
            } else {
                ""
            }
        )
    }
}

/// What `cargo xtask bench` measures, and with what.
pub struct Options {
    /// The workspace's root.
    pub root: PathBuf,
    /// This program, as the dev profile builds it.
    pub xtask: PathBuf,
    pub runs: usize,
    /// Apify's published spec, GitHub's and Oxide's Nexus (any may be
    /// missing: its figures are then left out, and said to be).
    pub apify: Option<PathBuf>,
    pub github: Option<PathBuf>,
    pub nexus: Option<PathBuf>,
    /// Which parts to run (all when empty).
    pub only: Vec<String>,
}

impl Options {
    fn runs(&self, part: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| o == part)
    }
}

/// Everything `bench` prints, in order, and its figures.
pub struct Report {
    pub lines: Vec<String>,
    pub figures: Vec<Figure>,
}

/// Runs the parts `options` asks for; each prints as it goes (some take
/// minutes), and the figures are also returned for the summary and gate.
pub fn run(options: &Options) -> Result<Report> {
    let mut report = Report {
        lines: Vec::new(),
        figures: Vec::new(),
    };
    let say = |report: &mut Report, line: String| {
        println!("{line}");
        report.lines.push(line);
    };
    let missing = |what: &str, report: &mut Report| {
        say(report, format!("  ({what}: not found, left out)"));
    };
    if options.runs("codegen") {
        say(&mut report, "codegen:".into());
        let seed = codegen::seed(&options.xtask, options.runs.max(20))?;
        say(&mut report, seed.line());
        report.figures.push(seed);
        let redocly = options.root.join("node_modules/.bin/redocly");
        for (spec, name, target, config) in [
            (&options.apify, "Apify's spec", 0.75, true),
            // 3 s, which is 1.8 times Redocly's bundle of it on the 2-core
            // machine this project is built on.
            (&options.github, "GitHub's spec", 1.8, false),
        ] {
            match (spec, redocly.exists()) {
                (Some(spec), true) => {
                    let config = config.then(|| options.root.join("spec/codegen.yaml"));
                    let case = codegen::Case {
                        spec,
                        config: config.as_deref(),
                        name,
                        target,
                    };
                    let figure = codegen::against_redocly(
                        options,
                        &redocly,
                        &case,
                        options.runs.clamp(1, 5),
                    )?;
                    say(&mut report, figure.line());
                    report.figures.push(figure);
                }
                (None, _) => missing(name, &mut report),
                (_, false) => missing("Redocly's CLI (npm ci)", &mut report),
            }
        }
    }
    if options.runs("crates") {
        say(
            &mut report,
            "generated crates (the crate alone, its dependencies built):".into(),
        );
        match &options.nexus {
            Some(nexus) => {
                let large = options.github.as_deref();
                if large.is_none() {
                    missing("GitHub's spec", &mut report);
                }
                let runs = options.runs.clamp(1, 3);
                for figure in crates::crates(&options.root, nexus, large, runs)? {
                    say(&mut report, figure.line());
                    report.figures.push(figure);
                }
            }
            None => missing("Oxide's Nexus spec", &mut report),
        }
    }
    if options.runs("call") {
        say(
            &mut report,
            "a call (release build, local keep-alive server):".into(),
        );
        for figure in call::call(&options.root)? {
            say(&mut report, figure.line());
            report.figures.push(figure);
        }
    }
    if options.runs("stages") {
        let workspace = Some(options.root.join(crate::layout::WORKSPACE_SPEC));
        for (spec, name) in [
            (&workspace, "the workspace's spec"),
            (&options.apify, "Apify's spec"),
            (&options.github, "GitHub's spec"),
        ] {
            let Some(spec) = spec else {
                continue;
            };
            say(
                &mut report,
                format!("codegen stage by stage, {name} (this process):"),
            );
            let config = crate::config::Config::read(&options.root.join("spec/codegen.yaml"))?;
            for (stage, took) in stages::stages(spec, &config)? {
                say(&mut report, format!("  {stage}: {:.1} ms", ms(took)));
            }
        }
    }
    // The suite has no anchor to run beside it here: `.ci/run` times it
    // from a fresh clone and hands the figure over to be printed with the
    // others.
    if let Ok(seconds) = std::env::var("BENCH_SUITE_SECONDS") {
        say(
            &mut report,
            format!(
                "the README's test command, from a fresh clone (timed by .ci/run): {seconds} s \
                 (target ≤ 150 s on a 2-core machine; an absolute time: printed, not gated)"
            ),
        );
    }
    if options.runs("scaling") {
        for line in scaling::scaling(&options.xtask)? {
            say(&mut report, line);
        }
    }
    Ok(report)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Cargo, as the bench runs it: the one running this program, without the
/// caller's `RUSTFLAGS` (a figure is of the default build).
fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.env_remove("RUSTFLAGS");
    command
}

/// Runs `command` to its end: how many seconds it took, and its output; an
/// error with what it printed on stderr when it does not start or fails.
fn run_to_end(command: &mut Command) -> Result<(f64, Output)> {
    let started = Instant::now();
    let output = command
        .output()
        .map_err(|e| crate::error::Error::Generate(format!("{command:?} did not start: {e}")))?;
    let took = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(crate::error::Error::Generate(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    Ok((took, output))
}

/// A scratch directory under the workspace's `target/bench`.
fn scratch(root: &Path, name: &str) -> Result<PathBuf> {
    let dir = root.join("target/bench").join(name);
    std::fs::create_dir_all(&dir).map_err(|e| crate::error::Error::io(&dir, e))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(ours: f64, anchor: f64, unit: &'static str) -> Figure {
        Figure {
            name: "f".into(),
            ours,
            anchor_name: "a".into(),
            anchor,
            unit,
            target: 1.5,
            paired: None,
        }
    }

    #[test]
    fn a_line_shows_both_times_the_ratio_and_how_it_stands() {
        let line = figure(0.228, 0.141, "µs").line();
        assert!(
            line.contains("0.228 µs") && line.contains("0.141 µs"),
            "{line}"
        );
        assert!(
            line.contains("ratio 1.62 (target ≤ 1.50)  over target"),
            "{line}"
        );
        let line = figure(70.94, 70.0, "µs").line();
        assert!(line.contains("70.9 µs") && !line.contains("over"), "{line}");
        let gross = figure(3.2, 1.0, "s");
        assert!(gross.gross());
        assert!(
            gross.line().ends_with("GROSS REGRESSION"),
            "{}",
            gross.line()
        );
    }
}

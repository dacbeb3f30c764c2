//! `cargo xtask`: the project's tasks. Run without arguments for help.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use xtask::config::Config;
use xtask::diff::report::Report;
use xtask::error::Error;
use xtask::{layout, output};

// Codegen allocates for every node of a spec and every token it emits:
// glibc's allocator (its arenas growing a page at a time on the worker
// threads) was a tenth of a run on Apify's spec.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Tasks of the Apify API workspace: generate its crates, or a crate for any OpenAPI spec.",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the models and client crates from spec/openapi.yaml (or, with
    /// --spec and --out, a standalone crate from any spec).
    Codegen {
        /// Write nothing; fail with a diff if any generated file is out of date.
        #[arg(long)]
        check: bool,
        /// Entry file of another spec (YAML or JSON); needs --out.
        #[arg(long, requires = "out")]
        spec: Option<PathBuf>,
        /// Directory of the standalone crate to generate; needs --spec.
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
        /// Name of the standalone crate (default: from the --out directory).
        #[arg(long, requires = "out")]
        name: Option<String>,
        /// Conventions the spec's shapes do not state (a codegen.yaml; see
        /// the README). The workspace reads spec/codegen.yaml.
        #[arg(long, requires = "spec")]
        config: Option<PathBuf>,
        /// The workspace to generate (default: this one), e.g. a scratch
        /// copy of it.
        #[arg(long, conflicts_with = "spec")]
        root: Option<PathBuf>,
        /// Fail on any warning, writing nothing (always so for the
        /// workspace's own spec/).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Report what changed for the generated crates' users between the spec
    /// at a git revision and the spec as it is, as Markdown (for a pull
    /// request's description).
    ApiDiff {
        /// The revision to compare with.
        #[arg(long, default_value = "HEAD")]
        base: String,
        /// Exit 1 when a change breaks users.
        #[arg(long)]
        deny_breaking: bool,
        /// The workspace to compare (default: this one).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Compare spec/ with Apify's published description for the operations
    /// spec/ covers; list every difference spec/departures.yaml does not
    /// declare, and exit 1 if there is any.
    SpecDrift {
        /// Entry file of the published description (its openapi.yaml).
        #[arg(long)]
        upstream: PathBuf,
        /// The workspace whose spec/ to compare (default: this one).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Time what users wait for, each against an anchor measured in the
    /// same run: codegen (dev profile) against Redocly's CLI bundling the
    /// same spec and against progenitor alone; a generated crate's build
    /// and check against progenitor's own crate for the same spec; a call
    /// against plain reqwest. Then codegen stage by stage, and how it
    /// scales. Apify's, GitHub's and Nexus's specs are read from
    /// ../shared (or APIFY_OPENAPI_DIR, PEER_SPECS_DIR).
    Bench {
        /// How many timed runs of each (fewer for the slow figures).
        #[arg(long, default_value_t = 10)]
        runs: usize,
        /// Only these parts: codegen, crates, call, stages, scaling
        /// (comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Exit 1 when a figure is past twice its target.
        #[arg(long)]
        gate: bool,
    },
    /// One round of the seed figure, in a process of its own: what `bench`
    /// runs.
    #[command(hide = true)]
    BenchSeed {
        #[arg(long)]
        runs: usize,
    },
    /// One scaling measurement, in a process of its own (for its peak
    /// memory): what `bench` runs.
    #[command(hide = true)]
    BenchShape {
        #[arg(long)]
        shape: xtask::bench::Shape,
        #[arg(long)]
        size: usize,
    },
}

fn main() -> ExitCode {
    // Emitting and formatting recurse as deep as the spec's types nest.
    xtask::stack::deep(run)
}

fn run() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Codegen {
            check,
            spec,
            out,
            name,
            config,
            root,
            deny_warnings,
        } => codegen(
            Mode {
                check,
                deny_warnings,
            },
            spec,
            out,
            name,
            config,
            root,
        ),
        Command::Bench { runs, only, gate } => bench(runs, only, gate),
        Command::BenchSeed { runs } => {
            let root = workspace_root(None);
            xtask::bench::seed_round(&root, runs).map(|line| {
                println!("{line}");
                ExitCode::SUCCESS
            })
        }
        Command::BenchShape { shape, size } => xtask::bench::shape(shape, size).map(|line| {
            println!("{line}");
            ExitCode::SUCCESS
        }),
        Command::SpecDrift { upstream, root } => spec_drift(&upstream, root),
        Command::ApiDiff {
            base,
            deny_breaking,
            root,
        } => api_diff(&base, deny_breaking, root),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// How `codegen` runs.
struct Mode {
    /// Write nothing; compare.
    check: bool,
    /// A warning is an error.
    deny_warnings: bool,
}

fn codegen(
    Mode {
        check,
        deny_warnings,
    }: Mode,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    name: Option<String>,
    config: Option<PathBuf>,
    root: Option<PathBuf>,
) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let (entry, config, command) = match (&spec, &out) {
        (Some(spec), Some(out)) => {
            let mut command = format!(
                "cargo xtask codegen --spec {} --out {}",
                xtask::error::display_path(spec),
                xtask::error::display_path(out)
            );
            if let Some(name) = &name {
                command.push_str(&format!(" --name {name}"));
            }
            if let Some(config) = &config {
                command.push_str(&format!(" --config {}", xtask::error::display_path(config)));
            }
            let config = match &config {
                Some(path) => Config::read(path)?,
                None => Config::default(),
            };
            (spec.clone(), config, command)
        }
        _ => {
            // The workspace's own files, whatever directory this runs from.
            let root = workspace_root(root);
            std::env::set_current_dir(&root).map_err(|e| Error::io(&root, e))?;
            (
                PathBuf::from(layout::WORKSPACE_SPEC),
                Config::read(Path::new(layout::WORKSPACE_CONFIG))?,
                "cargo xtask codegen".to_string(),
            )
        }
    };

    let spec_model = xtask::read_spec_with(&entry, &config)?;
    for warning in &spec_model.warnings {
        eprintln!("warning: {warning}");
    }
    // The workspace's spec is held to no warning: each is something the
    // crates would lose or read loosely (a field typed `strng` becoming
    // any JSON value), which must not pass review unnoticed.
    let workspace = out.is_none();
    if (deny_warnings || workspace) && !spec_model.warnings.is_empty() {
        let count = spec_model.warnings.len();
        eprintln!(
            "error: {count} warning{} above, which {}; nothing was written. Fix the spec{}.",
            if count == 1 { "" } else { "s" },
            if workspace {
                "the workspace's spec/ may not have"
            } else {
                "--deny-warnings makes errors"
            },
            if workspace {
                ""
            } else {
                ", or run without --deny-warnings"
            }
        );
        return Ok(ExitCode::FAILURE);
    }
    let files = match &out {
        Some(out) => {
            let name = name.unwrap_or_else(|| layout::crate_name(out));
            layout::standalone(&spec_model, &command, &layout::relative(out), &name)?
        }
        None => layout::workspace(&spec_model)?,
    };
    let outcome = if check {
        output::check(&files)?
    } else {
        output::write(&files)?
    };
    // The workspace's users see the change of the files just rewritten:
    // say what it is, against the spec as committed.
    let report = (out.is_none() && outcome.written > 0)
        .then(|| changes_since("HEAD", &spec_model))
        .transpose()?
        .flatten();
    let elapsed = started.elapsed();
    let summary = format!(
        "codegen: operations: {}, types: {}, warnings: {}, files: {} {}, {} unchanged, time: {:.1} ms",
        spec_model.api.operations.len(),
        spec_model.api.types.len(),
        spec_model.warnings.len(),
        if check {
            outcome.diffs.len()
        } else {
            outcome.written
        },
        if check { "out of date" } else { "written" },
        outcome.unchanged,
        elapsed.as_secs_f64() * 1000.0,
    );
    if check && !outcome.diffs.is_empty() {
        for diff in &outcome.diffs {
            print!("{diff}");
        }
        println!("{summary}");
        eprintln!(
            "error: generated files are out of date with the spec. Run `{command}` and commit the result."
        );
        return Ok(ExitCode::FAILURE);
    }
    println!("{summary}");
    if let Some(report) = report {
        print!(
            "{}",
            xtask::diff::report::text("HEAD", &report.changes, &report.verdicts)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// What changed between the workspace's spec at `revision` and `current`,
/// with a verdict per crate; `None` when the revision has no spec.
fn changes_since(revision: &str, current: &xtask::Spec) -> Result<Option<Report>, Error> {
    // The current directory is the workspace's root (see `codegen`).
    let root = Path::new(".");
    let Some(base) = xtask::base::Base::extract(root, revision, "spec")? else {
        return Ok(None);
    };
    let old = base.read(layout::WORKSPACE_SPEC)?;
    let mut changes = xtask::diff::changes(&old.api, &current.api);
    base.relabel(&mut changes);
    let verdicts = xtask::diff::report::verdicts(&changes, &layout::workspace_crates(root));
    Ok(Some(Report { changes, verdicts }))
}

fn api_diff(base: &str, deny_breaking: bool, root: Option<PathBuf>) -> Result<ExitCode, Error> {
    let root = workspace_root(root);
    std::env::set_current_dir(&root).map_err(|e| Error::io(&root, e))?;
    let current = xtask::read_spec_with(
        Path::new(layout::WORKSPACE_SPEC),
        &Config::read(Path::new(layout::WORKSPACE_CONFIG))?,
    )?;
    let Some(Report { changes, verdicts }) = changes_since(base, &current)? else {
        println!(
            "## API changes against `{base}`

`{base}` has no `spec/`: every operation is new."
        );
        return Ok(ExitCode::SUCCESS);
    };
    print!(
        "{}",
        xtask::diff::report::markdown(base, &changes, &verdicts)
    );
    let breaking = verdicts
        .iter()
        .any(|v| v.effect == Some(xtask::diff::Effect::Breaking));
    Ok(if deny_breaking && breaking {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn spec_drift(upstream: &Path, root: Option<PathBuf>) -> Result<ExitCode, Error> {
    let root = workspace_root(root);
    let canonical = |p: &Path| std::fs::canonicalize(p).map_err(|e| Error::io(p, e));
    // Upstream is named as given, from where the command runs; locations
    // print relative to the workspace, where it runs from now on.
    let upstream = canonical(upstream)?;
    let root = canonical(&root)?;
    std::env::set_current_dir(&root).map_err(|e| Error::io(&root, e))?;
    let upstream = relative_to(&upstream, &root);
    let record = xtask::diff::upstream::Upstream::read(Path::new(layout::WORKSPACE_UPSTREAM))?;
    let config = Config::read(Path::new(layout::WORKSPACE_CONFIG))?;
    let ours = xtask::read_spec_with(Path::new(layout::WORKSPACE_SPEC), &config)?;
    // The workspace's conventions apply to both: the same API, read alike.
    let theirs = xtask::read_spec_with(&upstream, &config)?;
    let sorted = record.sort(xtask::diff::drift(&ours.api, &theirs.api));
    let follows = &record.follows;
    println!(
        "spec/ follows {} ({}) at {} of {}; compared with {} for its {} operations.",
        follows.repository,
        follows.folder,
        &follows.commit[..follows.commit.len().min(7)],
        follows.date,
        xtask::error::display_path(&upstream),
        ours.api.operations.len()
    );
    if !sorted.declared.is_empty() {
        println!("\nDeclared departures ({}):", sorted.declared.len());
        for (change, i) in &sorted.declared {
            println!(
                "  {}",
                xtask::diff::upstream::describe(change).replace('\n', "\n  ")
            );
            println!("      why: {}", record.departures[*i].reason);
        }
    }
    for &i in &sorted.stale {
        let departure = &record.departures[i];
        println!(
            "\nStale departure ({}#/departures/{i}): `{}` [{}] no longer differs; remove it.",
            layout::WORKSPACE_UPSTREAM,
            departure.about,
            departure.aspect
        );
    }
    if sorted.undeclared.is_empty() && sorted.stale.is_empty() {
        println!("\nNo undeclared differences.");
        return Ok(ExitCode::SUCCESS);
    }
    if !sorted.undeclared.is_empty() {
        println!(
            "\nUndeclared differences ({}): follow upstream in spec/, or declare a departure, with its reason, in {}:",
            sorted.undeclared.len(),
            layout::WORKSPACE_UPSTREAM
        );
        for change in &sorted.undeclared {
            println!(
                "  {}",
                xtask::diff::upstream::describe(change).replace('\n', "\n  ")
            );
        }
    }
    Ok(ExitCode::FAILURE)
}

/// `path` as seen from `base`, both absolute: `../shared/x` rather than
/// `/work/shared/x`.
fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let (path_parts, base_parts): (Vec<_>, Vec<_>) =
        (path.components().collect(), base.components().collect());
    let common = path_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..base_parts.len() {
        out.push("..");
    }
    out.extend(&path_parts[common..]);
    out
}

/// The workspace the command works on: `given`, else this one.
fn workspace_root(given: Option<PathBuf>) -> PathBuf {
    given.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
}

fn bench(runs: usize, only: Vec<String>, gate: bool) -> Result<ExitCode, Error> {
    let root = workspace_root(None);
    let root = std::fs::canonicalize(&root).map_err(|e| Error::io(&root, e))?;
    std::env::set_current_dir(&root).map_err(|e| Error::io(&root, e))?;
    let shared = |variable: &str, default: &str, file: &str| {
        let dir = std::env::var(variable).map_or_else(|_| root.join(default), PathBuf::from);
        Some(dir.join(file)).filter(|path| path.exists())
    };
    let options = xtask::bench::Options {
        xtask: std::env::current_exe().map_err(|e| Error::io(Path::new("xtask"), e))?,
        runs: runs.max(1),
        apify: shared(
            "APIFY_OPENAPI_DIR",
            "../shared/apify-openapi",
            "openapi.yaml",
        ),
        github: shared(
            "PEER_SPECS_DIR",
            "../shared/peer-specs",
            "progenitor/api.github.com.json",
        ),
        nexus: shared(
            "PEER_SPECS_DIR",
            "../shared/peer-specs",
            "progenitor/nexus.json",
        ),
        only,
        root,
    };
    let report = xtask::bench::run(&options)?;
    let gross: Vec<&xtask::bench::Figure> = report.figures.iter().filter(|f| f.gross()).collect();
    let over = report
        .figures
        .iter()
        .filter(|f| f.ratio() > f.target)
        .count();
    println!(
        "bench: {} figures, {} within target, {over} over, {} past twice their target",
        report.figures.len(),
        report.figures.len() - over,
        gross.len()
    );
    if gate && !gross.is_empty() {
        for figure in gross {
            eprintln!(
                "error: `{}` is {:.2} times its anchor, past twice its target ({:.2})",
                figure.name,
                figure.ratio(),
                figure.target
            );
        }
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

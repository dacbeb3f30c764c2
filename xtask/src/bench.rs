//! `cargo xtask bench`: how long generation takes, as a ratio to a baseline
//! measured in the same run.
//!
//! The baseline is progenitor alone generating one operation
//! (`webhookDispatch_get`, with the schemas it uses) from an in-memory
//! OpenAPI 3.0 document, then formatting it: the least a progenitor-based
//! tool does. The measured pipeline is everything `cargo xtask codegen`
//! does for `spec/` short of touching the generated files: read every spec
//! file, bundle, validate, lower, model, emit both crates and format them.

use std::path::Path;
use std::time::{Duration, Instant};

use openapiv3::OpenAPI;
use progenitor_impl::{GenerationSettings, Generator};

use crate::error::{Error, Result};

pub struct Report {
    pub runs: usize,
    pub baseline: Duration,
    pub pipeline: Duration,
}

impl Report {
    pub fn ratio(&self) -> f64 {
        self.pipeline.as_secs_f64() / self.baseline.as_secs_f64()
    }
}

/// Medians over `runs` runs of each.
pub fn run(entry: &Path, operation: &str, runs: usize) -> Result<Report> {
    let single = single_operation(entry, operation)?;
    let baseline = median(runs, || {
        let tokens = Generator::new(&GenerationSettings::default())
            .generate_tokens(&single)
            .map_err(|e| Error::Generate(format!("progenitor: {e}")))?;
        let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Generate(e.to_string()))?;
        Ok(prettyplease::unparse(&file).len())
    })?;
    let config =
        crate::config::Config::read(&entry.with_file_name("codegen.yaml")).unwrap_or_default();
    let pipeline = median(runs, || {
        let spec = crate::read_spec_with(entry, &config)?;
        let files = crate::layout::workspace(&spec)?;
        Ok(files.iter().map(|f| f.contents.len()).sum())
    })?;
    Ok(Report {
        runs,
        baseline,
        pipeline,
    })
}

/// The lowered spec with only `operation` left in it, as progenitor's input.
fn single_operation(entry: &Path, operation: &str) -> Result<OpenAPI> {
    let spec = crate::read_spec(entry)?;
    let mut single = spec.openapi.clone();
    for (_, item) in single.paths.paths.iter_mut() {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        for slot in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ] {
            let keep = slot
                .as_ref()
                .is_some_and(|op| op.operation_id.as_deref() == Some(operation));
            if !keep {
                *slot = None;
            }
        }
    }
    single
        .paths
        .paths
        .retain(|_, item| item.as_item().is_some_and(|i| i.iter().next().is_some()));
    if single.paths.paths.is_empty() {
        return Err(Error::Generate(format!(
            "the spec has no operation `{operation}`"
        )));
    }
    Ok(single)
}

fn median(runs: usize, mut f: impl FnMut() -> Result<usize>) -> Result<Duration> {
    // One run first, unmeasured: it pays for page faults and allocator warm-up.
    std::hint::black_box(f()?);
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(f()?);
        times.push(started.elapsed());
    }
    times.sort();
    Ok(times[times.len() / 2])
}

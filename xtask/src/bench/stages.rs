//! Where codegen's time goes: each stage timed on one spec, in this
//! process (whatever profile it was built in).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::error::Result;

/// How long each stage takes on the spec at `entry` (read with `config`),
/// generating a standalone crate in memory; one run each, after one
/// unmeasured run.
pub fn stages(
    entry: &Path,
    config: &crate::config::Config,
) -> Result<Vec<(&'static str, Duration)>> {
    let mut times = Vec::new();
    for measured in [false, true] {
        times.clear();
        let mut lap = Instant::now();
        let mut mark = |name: &'static str, times: &mut Vec<(&'static str, Duration)>| {
            times.push((name, lap.elapsed()));
            lap = Instant::now();
        };
        let mut bundle = crate::bundle::bundle(entry)?;
        mark("load and bundle", &mut times);
        crate::validate::validate(&bundle.doc, &bundle.origins)?;
        mark("validate", &mut times);
        crate::lower::lower(&mut bundle)?;
        mark("lower", &mut times);
        let openapi = crate::parse::parse_openapi(&bundle.doc, &bundle.origins)?;
        mark("parse (openapiv3)", &mut times);
        let mut warnings = Vec::new();
        let api = crate::model::build(&openapi, config, &bundle.origins, &mut warnings)?;
        mark("model", &mut times);
        let models = crate::emit::models::models_file(&api);
        mark("emit models", &mut times);
        let client = crate::emit::client(&api, "crate::models", "bench")?;
        mark("emit client (progenitor, facts, surface, mock)", &mut times);
        let cli = crate::emit::cli::commands(&api, "bench", true);
        mark("emit command line", &mut times);
        let mut size = 0;
        let mut files = Vec::new();
        for tokens in [models, client, cli] {
            files.push(crate::format::parse(tokens)?);
        }
        mark("parse the generated code (syn)", &mut times);
        for file in &files {
            crate::emit::clashes::check(file, "bench")?;
        }
        mark("check for clashes", &mut times);
        for file in files {
            size += crate::format::text(file, "").len();
        }
        mark("format (prettyplease)", &mut times);
        std::hint::black_box(size);
        if measured {
            break;
        }
    }
    Ok(times)
}

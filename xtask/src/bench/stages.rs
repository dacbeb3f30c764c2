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
        // Parsed as codegen parses it, with each type's `cfg`.
        let models = crate::emit::models(&api)?;
        mark("emit the models and parse them", &mut times);
        // Parsed as codegen parses it: progenitor's part once, joined to
        // the rest of the file as a syntax tree.
        let client = crate::emit::client_without_mock(&api, "crate::models", "bench")?;
        mark(
            "emit the client and parse it (progenitor, facts, surface)",
            &mut times,
        );
        let (mock, _) = crate::emit::client_mock(
            &api,
            "crate::models",
            crate::emit::mock::ExamplesTest::Inside,
        );
        mark("emit the client's mock", &mut times);
        let cli = crate::emit::cli::commands(&api, "bench", true);
        mark("emit command line", &mut times);
        let mut size = 0;
        let mut files = vec![client, models];
        for tokens in [mock, cli] {
            files.push(crate::format::parse(tokens)?);
        }
        mark("parse the mock and command line (syn)", &mut times);
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

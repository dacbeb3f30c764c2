//! One call of the workspace's client against the same request made with
//! plain `reqwest` and decoded with `serde_json`, on a local keep-alive
//! server; and a stream of server-sent events read through a generated
//! client against the same read by hand: `xtask/bench/call`, built in
//! release and run here. Its own figures are medians of interleaved rounds;
//! the CPU time is the client thread's.

use std::path::Path;
use std::process::Command;

use super::{Figure, cargo, run_to_end};

/// What reading events through the client may cost beyond a hand-written
/// reader: it follows the HTML standard's parsing rules (CR, CRLF,
/// comments, fields, `id`, `retry`) and bounds each item's size, which the
/// hand-written one does not.
const STREAM_TARGET: f64 = 1.5;
use crate::error::{Error, Result};

/// The API the stream figure reads: one operation answering events.
const STREAM_SPEC: &str = "openapi: 3.1.0
info: {title: Bench streams, version: '1'}
paths:
  /events:
    get:
      operationId: events
      responses:
        '200':
          description: Steps of a job, one event each.
          content:
            text/event-stream:
              schema: {$ref: '#/components/schemas/Step'}
components:
  schemas:
    Step:
      type: object
      required: [n]
      properties:
        n: {type: integer}
        label: {type: string}
";

/// The crate the benchmark's stream figure uses, generated where its
/// manifest expects it.
fn stream_crate(target: &Path) -> Result<()> {
    let spec = target.join("streams-spec/openapi.yaml");
    std::fs::create_dir_all(spec.parent().expect("a parent")).map_err(|e| Error::io(&spec, e))?;
    std::fs::write(&spec, STREAM_SPEC).map_err(|e| Error::io(&spec, e))?;
    let read = crate::read_spec(&spec)?;
    let files = crate::layout::standalone(
        &read,
        "cargo xtask bench",
        &target.join("streams"),
        "bench-streams",
    )?;
    crate::output::write(&files)?;
    Ok(())
}

pub fn call(root: &Path) -> Result<Vec<Figure>> {
    let project = root.join("xtask/bench/call");
    let target = root.join("target/bench");
    stream_crate(&target)?;
    run_to_end(
        cargo()
            .args(["build", "--release", "--quiet", "--manifest-path"])
            .arg(project.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target),
    )?;
    let exe = target.join("release/bench-call");
    let (_, calls) = run_to_end(Command::new(&exe).args(["9", "2000"]))?;
    let (_, events) = run_to_end(Command::new(&exe).args(["stream", "7", "100000"]))?;
    let text = format!(
        "{} {}",
        String::from_utf8_lossy(&calls.stdout),
        String::from_utf8_lossy(&events.stdout)
    );
    let value = |key: &str| -> Result<f64> {
        text.split_whitespace()
            .skip_while(|word| *word != key)
            .nth(1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| Error::Generate(format!("the call benchmark printed no {key}: {text}")))
    };
    Ok(vec![
        Figure {
            name: "a stream of server-sent events, per event".into(),
            ours: value("stream_ours_us")?,
            anchor_name: "reqwest + serde_json, read by hand".into(),
            anchor: value("stream_plain_us")?,
            unit: "µs",
            target: STREAM_TARGET,
            paired: Some(value("stream_ratio")?),
        },
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

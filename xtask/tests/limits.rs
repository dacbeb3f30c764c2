//! Hostile and extreme specs: each ends in a crate or in one located error
//! that names the limit it reached, within bounded time and memory, and
//! never in a crash. (How long each takes is `cargo xtask bench`'s to say.)

mod common;

use std::path::Path;
use std::process::Output;

use common::xtask;
use xtask::load::limits::{MAX_ALIAS_NODES, MAX_DEPTH};
use xtask::synthetic;

/// `cargo xtask codegen` for a spec with this text, written as `file`.
fn codegen(file: &str, text: &str) -> (Output, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join(file);
    std::fs::write(&spec, text).unwrap();
    let output = xtask()
        .args(["codegen", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(dir.path().join("out"))
        .args(["--name", "limits"])
        .output()
        .unwrap();
    (output, dir)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn models(dir: &tempfile::TempDir) -> String {
    std::fs::read_to_string(dir.path().join("out/src/models.rs")).unwrap()
}

/// An error, not a signal: exit status 1 and the message on stderr.
fn assert_refused(output: &Output, expected: &[&str]) {
    assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    let message = stderr(output);
    for part in expected {
        assert!(message.contains(part), "{part:?} not in:\n{message}");
    }
}

#[test]
fn a_chain_of_ten_thousand_aliases_is_one_type() {
    let (output, dir) = codegen("chain.json", &synthetic::alias_chain(10_000));
    assert!(output.status.success(), "{}", stderr(&output));
    let models = models(&dir);
    assert!(models.contains("pub struct S0 {"), "{models}");
    assert_eq!(models.matches("pub struct ").count(), 1);
}

#[test]
fn a_cycle_of_aliases_stays_an_error() {
    let text = synthetic::alias_chain(3).replace(
        r#""S3":{"type":"object","properties":{"id":{"type":"string"}}}"#,
        r##""S3":{"$ref":"#/components/schemas/S0"}"##,
    );
    let (output, _dir) = codegen("cycle.json", &text);
    assert_refused(&output, &["only refer to each other", "S3 → "]);
}

#[test]
fn a_schema_nested_a_thousand_levels_generates_from_json_and_yaml() {
    for (file, yaml) in [("deep.json", false), ("deep.yaml", true)] {
        let (output, dir) = codegen(file, &synthetic::nested(1_000, yaml));
        assert!(output.status.success(), "{file}: {}", stderr(&output));
        let models = models(&dir);
        assert_eq!(models.matches("pub struct ").count(), 1_000, "{file}");
        // Every 32nd level is where Rust's compiler would stop checking.
        let cut = "would hold types nested more than 32 levels deep";
        assert_eq!(stderr(&output).matches(cut).count(), 1_000 / 32, "{file}");
    }
}

#[test]
fn a_document_at_the_depth_limit_goes_through_every_stage() {
    let above = synthetic::LEVELS_ABOVE_ANSWER;
    // Lists in an example, and arrays of arrays: no stage hoists them, so
    // each one reads, bundles, lowers, models and emits them whole.
    let text = synthetic::deep_values(MAX_DEPTH - above - 1, MAX_DEPTH - above);
    let (output, dir) = codegen("deepest.json", &text);
    assert!(output.status.success(), "{}", stderr(&output));
    // Lists past what rustc checks hold JSON values.
    let client = std::fs::read_to_string(dir.path().join("out/src/client.rs")).unwrap();
    let client: String = client.split_whitespace().collect();
    let capped = format!("{}serde_json::Value", "Vec<".repeat(32));
    assert!(client.contains(&capped), "no {capped}");
    assert!(!client.contains(&"Vec<".repeat(33)));

    let text = synthetic::deep_values(1, MAX_DEPTH - above + 1);
    let (output, _dir) = codegen("deeper.json", &text);
    assert_refused(
        &output,
        &[
            "deeper.json#/paths/~1deep/get/responses",
            "nest deeper than 4,096 levels",
            "line 1, column",
        ],
    );
}

#[test]
fn a_hundred_thousand_levels_are_an_error_in_json_and_yaml() {
    let (output, _dir) = codegen("deep.json", &synthetic::nested(100_000, false));
    assert_refused(
        &output,
        &["deep.json#/paths/~1deep/", "nest deeper than 4,096 levels"],
    );
    let lists = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep:\n  {}x\n",
        "- ".repeat(100_000)
    );
    let (output, _dir) = codegen("deep.yaml", &lists);
    assert_refused(
        &output,
        &["deep.yaml#/x-deep/0/0/0", "nest deeper than 4,096 levels"],
    );
    let flow = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}x{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let (output, _dir) = codegen("flow.yaml", &flow);
    assert_refused(
        &output,
        &["flow.yaml#/", "deeper than 255 levels", "block style"],
    );
}

#[test]
fn an_alias_bomb_is_refused_naming_the_limit() {
    let (output, _dir) = codegen("bomb.yaml", &synthetic::alias_bomb(9, 9));
    let limit = MAX_ALIAS_NODES.to_string();
    assert!(limit.len() == 7, "the message below spells {limit}");
    assert_refused(
        &output,
        &["bomb.yaml#/x-laughs/", "past 1,000,000 nodes", "alias bomb"],
    );
    assert!(!stderr(&output).contains("syntax"), "{}", stderr(&output));
}

#[test]
fn a_limit_is_never_called_a_syntax_error() {
    let (output, _dir) = codegen("deep.json", &synthetic::nested(100_000, false));
    assert!(!stderr(&output).contains("syntax"), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("not valid JSON"),
        "{}",
        stderr(&output)
    );
    // A spec on disk is unchanged by all this: nothing is written.
    let dir = tempfile::tempdir().unwrap();
    assert!(!Path::new(&dir.path().join("out")).exists());
}

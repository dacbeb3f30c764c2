//! `cargo xtask spec-drift`: where spec/ differs from the published
//! description it follows, and whether each difference is declared.

mod common;

use std::path::Path;
use std::process::Output;

use common::{copy_dir, xtask};

const UPSTREAM: &str = "../../shared/apify-openapi";

fn drift(root: &Path, upstream: &Path) -> Output {
    xtask()
        .args(["spec-drift", "--root"])
        .arg(root)
        .arg("--upstream")
        .arg(upstream)
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A scratch workspace whose spec/ is this one's, and whose upstream is a
/// copy of spec/ too, edited by `edit`; no departures declared.
fn scratch(edit: impl FnOnce(&Path)) -> (tempfile::TempDir, Output) {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(Path::new("../spec"), &dir.path().join("spec"));
    std::fs::write(
        dir.path().join("spec/upstream.yaml"),
        "follows: {repository: r, folder: f, commit: c0ffee0, date: '2026-01-01'}\n",
    )
    .unwrap();
    copy_dir(Path::new("../spec"), &dir.path().join("upstream"));
    edit(&dir.path().join("upstream"));
    let output = drift(dir.path(), &dir.path().join("upstream/openapi.yaml"));
    (dir, output)
}

/// `file` with the first `from` replaced by `to`; `from` must be there.
fn replace(file: &Path, from: &str, to: &str) {
    let contents = std::fs::read_to_string(file).unwrap();
    assert!(
        contents.contains(from),
        "{} has no {from:?}",
        file.display()
    );
    std::fs::write(file, contents.replacen(from, to, 1)).unwrap();
}

fn append(file: &Path, text: &str) {
    let mut contents = std::fs::read_to_string(file).unwrap();
    contents.push_str(text);
    std::fs::write(file, contents).unwrap();
}

#[test]
fn the_same_description_does_not_drift() {
    let (_dir, output) = scratch(|_| {});
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("No undeclared differences."),
        "{}",
        text(&output)
    );
}

#[test]
fn every_kind_of_drift_is_named_with_both_locations() {
    let (_dir, output) = scratch(|up| {
        // A new field, a field no longer required, a new enum value and a
        // retyped parameter.
        let dispatch = up.join("schemas/WebhookDispatch.yaml");
        replace(&dispatch, "  - webhookId\n", "");
        replace(
            &dispatch,
            "properties:\n",
            "properties:\n  retryCount:\n    type: integer\n",
        );
        let events = up.join("schemas/WebhookEventType.yaml");
        replace(&events, "  - TEST\n", "  - TEST\n  - ACTOR.RUN.PAUSED\n");
        replace(
            &up.join("components/parameters.yaml"),
            "type: boolean",
            "type: string",
        );
    });
    let out = text(&output);
    assert_eq!(output.status.code(), Some(1), "{out}");
    for expected in [
        "field `WebhookDispatch.retryCount` [added]: only upstream (optional, `i64`)",
        "field `WebhookDispatch.webhookId` [required]: required → optional",
        "enum `WebhookEventType` [values added]: values only upstream: `ACTOR.RUN.PAUSED`",
        "query parameter `desc` [type]: `bool` → `String`",
        "upstream/schemas/WebhookDispatch.yaml#/properties/retryCount",
        "spec/schemas/WebhookDispatch.yaml#/properties/webhookId",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
}

#[test]
fn a_departure_that_no_longer_differs_is_stale() {
    let (dir, _) = scratch(|_| {});
    append(
        &dir.path().join("spec/upstream.yaml"),
        "departures:\n  - about: enum `ErrorType`\n    aspect: values added\n    reason: fewer values\n",
    );
    let output = drift(dir.path(), &dir.path().join("upstream/openapi.yaml"));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("Stale departure (spec/upstream.yaml#/departures/0): `enum `ErrorType`` [values added] no longer differs"),
        "{}",
        text(&output)
    );
}

#[test]
fn a_misspelt_aspect_is_an_error_naming_its_place() {
    let (dir, _) = scratch(|_| {});
    append(
        &dir.path().join("spec/upstream.yaml"),
        "departures:\n  - about: enum `ErrorType`\n    aspect: values\n    reason: fewer values\n",
    );
    let output = drift(dir.path(), &dir.path().join("upstream/openapi.yaml"));
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output)
            .contains("spec/upstream.yaml#/departures/0/aspect: `values` is not an aspect"),
        "{}",
        text(&output)
    );
}

/// The published description itself: no undeclared drift; and a copy of it
/// where `WebhookDispatch` gained a property, or `eventType` a value, fails
/// naming it. (Needs ../shared, which the team's machines and .ci/run have.)
#[test]
fn the_published_description_drifts_only_where_declared() {
    let upstream = Path::new(UPSTREAM);
    if !upstream.join("openapi.yaml").exists() {
        eprintln!("no {UPSTREAM}: nothing to compare with");
        return;
    }
    let output = drift(Path::new(".."), &upstream.join("openapi.yaml"));
    assert!(output.status.success(), "{}", text(&output));

    let copy = tempfile::tempdir().unwrap();
    copy_dir(upstream, copy.path());
    replace(
        &copy
            .path()
            .join("components/schemas/webhook-dispatches/WebhookDispatch.yaml"),
        "properties:\n",
        "properties:\n  retryCount:\n    type: integer\n",
    );
    let output = drift(Path::new(".."), &copy.path().join("openapi.yaml"));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains("field `WebhookDispatch.retryCount` [added]: only upstream"),
        "{}",
        text(&output)
    );

    let copy = tempfile::tempdir().unwrap();
    copy_dir(upstream, copy.path());
    replace(
        &copy
            .path()
            .join("components/schemas/webhooks/WebhookEventType.yaml"),
        "  - TEST\n",
        "  - TEST\n  - ACTOR.RUN.PAUSED\n",
    );
    let output = drift(Path::new(".."), &copy.path().join("openapi.yaml"));
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(
        text(&output).contains(
            "enum `WebhookEventType` [values added]: values only upstream: `ACTOR.RUN.PAUSED`"
        ),
        "{}",
        text(&output)
    );
}

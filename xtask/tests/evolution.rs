//! Spec changes and the generated crates' users. Each change the crates
//! promise to absorb (a new optional field, enum value, operation or
//! optional parameter) leaves code written against them compiling; a field
//! removed or retyped does not; and the report `cargo xtask codegen` prints
//! (and `cargo xtask api-diff` writes) says which, for each.
//!
//! A scratch git repository holds a copy of `spec/` as its `HEAD`; each edit
//! is applied to it, then the real `codegen` and `api-diff` run on it, and
//! `tests/evolution/downstream.rs` is compiled against a crate generated
//! from the edited spec (the edits' crates side by side, in one cargo run).

mod common;

use std::path::Path;
use std::process::Command;

use common::{add_crate, cargo_result, copy_dir, workspace_of, xtask};
use xtask::config::Config;

/// A spec edit: which file, what text becomes what, and the verdict for
/// the models crate that it must get.
struct Edit {
    name: &'static str,
    file: &'static str,
    from: &'static str,
    to: &'static str,
    verdict: &'static str,
}

const EDITS: &[Edit] = &[
    Edit {
        name: "a new optional field on WebhookDispatch",
        file: "schemas/WebhookDispatch.yaml",
        from: "properties:\n",
        to: "properties:\n  retryCount:\n    type: integer\n",
        verdict: "additive",
    },
    Edit {
        name: "a new WebhookEventType value",
        file: "schemas/WebhookEventType.yaml",
        from: "  - TEST\n",
        to: "  - TEST\n  - ACTOR.RUN.PAUSED\n",
        verdict: "additive",
    },
    Edit {
        name: "a new operation",
        file: "openapi.yaml",
        from: "paths:\n",
        to: "paths:\n  /v2/webhook-dispatches/{dispatchId}/retry:\n    post:\n      operationId: webhookDispatch_retry\n      parameters:\n        - {name: dispatchId, in: path, required: true, schema: {type: string}}\n      responses:\n        \"204\": {description: Retried.}\n",
        verdict: "none",
    },
    Edit {
        name: "a new optional parameter",
        file: "paths/webhook-dispatches.yaml",
        from: "  parameters:\n",
        to: "  parameters:\n    - {name: status, in: query, schema: {type: string}}\n",
        verdict: "none",
    },
    Edit {
        name: "WebhookDispatch.calls removed",
        file: "schemas/WebhookDispatch.yaml",
        from: "  calls:\n",
        to: "  callsGone:\n",
        verdict: "breaking",
    },
    Edit {
        name: "createdAt retyped",
        file: "schemas/WebhookDispatch.yaml",
        from: "  createdAt:\n    type: string\n    format: date-time\n",
        to: "  createdAt:\n    type: integer\n",
        verdict: "breaking",
    },
];

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

#[test]
fn spec_changes_break_users_exactly_when_the_report_says_so() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().join("workspace");
    copy_dir(Path::new("../spec"), &root.join("spec"));
    git(&root, &["init", "--quiet"]);
    git(&root, &["add", "spec"]);
    git(&root, &["commit", "--quiet", "-m", "spec"]);

    // The user's crate, checked against a crate generated from the
    // scratch spec as each edit leaves it (`evo-api-<i>`, the spec as it
    // is being `evo-api-base`), every pair in one workspace checked in one
    // cargo run, so that the variants are checked side by side. With every
    // feature of the generated crates on, as the compile test checks
    // generated crates, their dependencies are checked once for both tests.
    let build = common::test_workspace("evolution");
    let downstream_code = std::fs::read_to_string("tests/evolution/downstream.rs").unwrap();
    let mut members = Vec::new();
    let mut add_variant = |variant: &str| {
        let spec_root = root.join("spec");
        let config = Config::read(&spec_root.join("codegen.yaml")).unwrap();
        let spec = xtask::read_spec_with(&spec_root.join("openapi.yaml"), &config).unwrap();
        let api = format!("api-{variant}");
        add_crate(&build, &api, &format!("evo-api-{variant}"), &spec);
        let downstream = build.join(format!("downstream-{variant}"));
        std::fs::create_dir_all(downstream.join("src")).unwrap();
        xtask::output::write(&[
            xtask::output::OutputFile {
                path: downstream.join("src/lib.rs"),
                contents: downstream_code.clone(),
            },
            xtask::output::OutputFile {
                path: downstream.join("Cargo.toml"),
                contents: format!(
                    "[package]\nname = \"downstream-{variant}\"\nversion = \"0.1.0\"\n\
                     edition = \"2024\"\n\n[dependencies]\nevo-api = {{ path = \"../{api}\", \
                     package = \"evo-api-{variant}\", features = [\"cli\", \"mock\"] }}\n\
                     chrono = {{ version = \"0.4\", default-features = false, features = [\"std\"] }}\n"
                ),
            },
        ])
        .unwrap();
        members.push(api);
        members.push(format!("downstream-{variant}"));
    };
    add_variant("base");

    for (i, edit) in EDITS.iter().enumerate() {
        let file = root.join("spec").join(edit.file);
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            text.contains(edit.from),
            "{}: no `{}`",
            edit.name,
            edit.from
        );
        std::fs::write(&file, text.replacen(edit.from, edit.to, 1)).unwrap();

        let codegen = xtask()
            .args(["codegen", "--root"])
            .arg(&root)
            .output()
            .unwrap();
        assert!(
            codegen.status.success(),
            "{}: {}",
            edit.name,
            String::from_utf8_lossy(&codegen.stderr)
        );
        let report = String::from_utf8_lossy(&codegen.stdout);
        assert!(
            report.contains(&format!("apify-api-models: {}", edit.verdict)),
            "{}: {report}",
            edit.name
        );
        let markdown = xtask()
            .args(["api-diff", "--root"])
            .arg(&root)
            .output()
            .unwrap();
        let markdown = String::from_utf8_lossy(&markdown.stdout);
        let client_verdict = if edit.verdict == "none" {
            "additive"
        } else {
            edit.verdict
        };
        assert!(
            markdown.contains(&format!("| `apify-api-client` | {client_verdict} |")),
            "{}: {markdown}",
            edit.name
        );

        add_variant(&i.to_string());
        git(&root, &["checkout", "--quiet", "--", "spec"]);
    }

    // `--keep-going`: a user's crate that fails (as it must after a
    // breaking edit) does not stop the others being checked; cargo names
    // each crate it could not compile.
    workspace_of(&build, &members);
    let mut args = vec!["check", "--keep-going"];
    for member in members.iter().filter(|m| m.starts_with("downstream-")) {
        args.extend(["-p", member.as_str()]);
    }
    let output = match cargo_result(&build, &args) {
        Ok(()) => String::new(),
        Err(output) => output,
    };
    let failed = |krate: &str| output.contains(&format!("could not compile `{krate}`"));
    assert!(
        !members
            .iter()
            .any(|m| m.starts_with("api-") && failed(&format!("evo-{m}"))),
        "a generated crate does not compile:\n{output}"
    );
    assert!(
        !failed("downstream-base"),
        "the downstream crate fails against the spec as it is:\n{output}"
    );
    for (i, edit) in EDITS.iter().enumerate() {
        match (edit.verdict, failed(&format!("downstream-{i}"))) {
            ("breaking", false) => panic!(
                "{}: called breaking, yet the user's code compiles",
                edit.name
            ),
            ("breaking", true) => {}
            (_, true) => panic!(
                "{}: called {}, yet the user's code fails:\n{output}",
                edit.name, edit.verdict
            ),
            _ => {}
        }
    }
}

//! `cargo xtask codegen` as a user runs it.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{entry, fixtures, relative, tree, xtask};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn no_arguments_prints_help() {
    let output = xtask().output().unwrap();
    let help = text(&output.stdout) + &text(&output.stderr);
    assert!(help.contains("codegen") && help.contains("Usage"), "{help}");
    assert!(!output.status.success());
}

#[test]
fn a_malformed_spec_exits_1_and_leaves_the_output_folder_exactly_as_it_was() {
    for dir in fixtures("invalid") {
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(out.path().join("src")).unwrap();
        std::fs::write(out.path().join("src/models.rs"), "// from an earlier run\n").unwrap();
        std::fs::write(out.path().join("notes.txt"), "keep me").unwrap();
        let before = tree(out.path());

        let output = xtask()
            .args(["codegen", "--spec"])
            .arg(relative(&entry(&dir)))
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        let name = dir.display();
        assert_eq!(output.status.code(), Some(1), "{name}");
        let stderr = text(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(
            stderr.starts_with("error: tests/fixtures/invalid/"),
            "{name}: {stderr}"
        );
        assert!(output.stdout.is_empty(), "{name}");
        assert_eq!(
            tree(out.path()),
            before,
            "{name}: the output folder changed"
        );
    }
}

#[test]
fn the_workspace_is_current_with_its_spec() {
    let output = xtask()
        .args(["codegen", "--check"])
        .current_dir("/")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "generated files are stale; run `cargo xtask codegen`:\n{}",
        text(&output.stdout)
    );
    let summary = text(&output.stdout);
    assert!(
        summary.contains("operations: 2") && summary.contains("types: 14"),
        "{summary}"
    );
    assert!(summary.contains("time: "), "{summary}");
}

#[test]
fn a_warning_fails_the_workspace_and_deny_warnings_but_not_a_standalone_run() {
    // The workspace, copied, with a property's type mistyped: the field
    // would silently become any JSON value.
    let root = tempfile::tempdir().unwrap();
    common::copy_dir(Path::new("../spec"), &root.path().join("spec"));
    for krate in ["apify-api-models", "apify-api-client", "apify-api-cli"] {
        let src = root.path().join("crates").join(krate).join("src");
        common::copy_dir(&Path::new("../crates").join(krate).join("src"), &src);
    }
    let schema = root.path().join("spec/schemas/WebhookDispatch.yaml");
    let original = std::fs::read_to_string(&schema).unwrap();
    let mistyped = original.replacen("type: string", "type: strng", 1);
    assert_ne!(original, mistyped);
    std::fs::write(&schema, mistyped).unwrap();
    let before = tree(root.path());
    for check in [true, false] {
        let mut command = xtask();
        command.args(["codegen", "--root"]).arg(root.path());
        if check {
            command.arg("--check");
        }
        let output = command.output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains("spec/schemas/WebhookDispatch.yaml#/properties/")
                && stderr.contains("`type: strng`")
                && stderr.contains("nothing was written"),
            "{stderr}"
        );
        assert_eq!(tree(root.path()), before, "files were written");
    }

    // A standalone crate: the warning is one; `--deny-warnings` makes it an
    // error, and then nothing is written.
    let out = tempfile::tempdir().unwrap();
    let spec = root.path().join("spec/openapi.yaml");
    let denied = xtask()
        .args(["codegen", "--deny-warnings", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(1), "{}", text(&denied.stderr));
    assert!(tree(out.path()).is_empty(), "files were written");
    let allowed = codegen(&spec, out.path(), false);
    assert!(allowed.status.success(), "{}", text(&allowed.stderr));
    assert!(text(&allowed.stderr).contains("warning: "));
}

/// Copies a fixture spec somewhere it can be edited.
fn editable_spec(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new("tests/fixtures/valid").join(fixture);
    for file in std::fs::read_dir(&source).unwrap() {
        let file = file.unwrap().path();
        std::fs::copy(&file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    dir
}

fn codegen(spec: &Path, out: &Path, check: bool) -> std::process::Output {
    let mut command = xtask();
    command.arg("codegen");
    if check {
        command.arg("--check");
    }
    command
        .arg("--spec")
        .arg(spec)
        .arg("--out")
        .arg(out)
        .args(["--name", "fixture"])
        .output()
        .unwrap()
}

#[test]
fn check_fails_with_a_diff_until_codegen_is_run_again() {
    let spec_dir = editable_spec("json_spec");
    let spec = spec_dir.path().join("openapi.json");
    let out = tempfile::tempdir().unwrap();

    let first = codegen(&spec, out.path(), true);
    assert_eq!(
        first.status.code(),
        Some(1),
        "nothing generated yet, so --check must fail"
    );
    assert!(!out.path().join("src").exists(), "--check wrote files");

    assert!(codegen(&spec, out.path(), false).status.success());
    let current = codegen(&spec, out.path(), true);
    assert!(current.status.success(), "{}", text(&current.stderr));

    // A new property: the generated models must change.
    let edited = std::fs::read_to_string(&spec).unwrap().replace(
        r#""size": {"type": ["integer", "null"]}"#,
        r#""size": {"type": ["integer", "null"]}, "colour": {"type": "string"}"#,
    );
    std::fs::write(&spec, edited).unwrap();
    let before = tree(out.path());
    let stale = codegen(&spec, out.path(), true);
    assert_eq!(stale.status.code(), Some(1));
    let diff = text(&stale.stdout);
    assert!(diff.contains("--- a/") && diff.contains("+++ b/"), "{diff}");
    assert!(diff.contains("+    pub colour: Option<String>,"), "{diff}");
    let stderr = text(&stale.stderr);
    assert!(
        stderr.contains("cargo xtask codegen --spec"),
        "the fix is not named: {stderr}"
    );
    assert_eq!(tree(out.path()), before, "--check wrote files");

    assert!(codegen(&spec, out.path(), false).status.success());
    assert!(codegen(&spec, out.path(), true).status.success());
}

#[test]
fn output_is_deterministic_headed_and_rewritten_only_when_changed() {
    let spec = relative(&entry(Path::new("tests/fixtures/valid/external_refs")));
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for out in [&one, &two] {
        let output = codegen(&spec, out.path(), false);
        assert!(output.status.success(), "{}", text(&output.stderr));
    }
    let strip = |files: Vec<(std::path::PathBuf, Vec<u8>)>, base: &Path| {
        files
            .into_iter()
            .map(|(p, c)| (p.strip_prefix(base).unwrap().to_path_buf(), c))
            .collect::<Vec<_>>()
    };
    let first = strip(tree(one.path()), one.path());
    let second = strip(tree(two.path()), two.path());
    assert!(!first.is_empty());
    // The header names the output folder, which differs between the runs.
    let normalise = |files: &[(std::path::PathBuf, Vec<u8>)], base: &Path| {
        files
            .iter()
            .map(|(p, c)| {
                (
                    p.clone(),
                    text(c).replace(&base.display().to_string(), "<out>"),
                )
            })
            .collect::<Vec<_>>()
    };
    let (first_files, second_files) = (
        normalise(&first, one.path()),
        normalise(&second, two.path()),
    );
    assert_eq!(first_files.len(), second_files.len());
    for (a, b) in first_files.iter().zip(&second_files) {
        assert!(a == b, "{} differs between two runs", a.0.display());
    }
    for (path, contents) in &first {
        let contents = text(contents);
        assert!(
            !contents.contains('\r'),
            "{} has CR line ends",
            path.display()
        );
        let header = contents.lines().next().unwrap();
        assert!(
            header.contains("@generated by `cargo xtask codegen --spec")
                && header.contains("--name fixture`"),
            "{}: {header}",
            path.display()
        );
    }

    let modified = |dir: &Path| {
        tree(dir)
            .into_iter()
            .map(|(p, _)| std::fs::metadata(&p).unwrap().modified().unwrap())
            .collect::<Vec<_>>()
    };
    let before = modified(one.path());
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = codegen(&spec, one.path(), false);
    let summary = text(&again.stdout);
    assert!(summary.contains("files: 0 written"), "{summary}");
    assert!(
        summary.contains("operations: 2") && summary.contains("types: 6"),
        "{summary}"
    );
    assert_eq!(
        modified(one.path()),
        before,
        "unchanged files were rewritten"
    );
}

/// A new operation in the spec gets a stub in the mock, typed by its own
/// parameters and answer.
#[test]
fn a_new_operation_gets_a_stub_in_the_mock() {
    let dir = editable_spec("parameters");
    let entry = dir.path().join("openapi.yaml");
    let before = xtask::read_spec(&entry).unwrap();
    let client = |spec: &xtask::Spec| {
        xtask::format::rust_file(
            xtask::client_tokens(spec, "crate::models", "x").unwrap(),
            "//",
        )
        .unwrap()
    };
    assert!(!client(&before).contains("fn archive_post"));

    let mut text = std::fs::read_to_string(&entry).unwrap();
    text = text.replacen(
        "paths:\n",
        "paths:\n  /archive/{year}:\n    post:\n      operationId: archive_post\n      parameters:\n        - {name: year, in: path, required: true, schema: {type: integer}}\n      responses:\n        \"201\":\n          description: Archived.\n          content:\n            application/json:\n              schema: {type: object, properties: {count: {type: integer}}}\n",
        1,
    );
    std::fs::write(&entry, text).unwrap();
    let after = client(&xtask::read_spec(&entry).unwrap());
    for expected in [
        "pub fn archive_post(&self) -> ArchivePostStub<'_>",
        "pub fn with_year(self, value: i64) -> Self",
        "pub fn returns(self, value: &crate::models::ArchivePostResponse) -> Self",
        "pub type ArchivePostStub<'m> = Typed<'m, operations::ArchivePost>;",
        "self.with(|stub| stub.json(201u16,",
    ] {
        assert!(after.contains(expected), "{expected}");
    }
}

/// `cargo tree` of `packages`, offline, with the dependencies of `edges`:
/// each package once per feature set it is built with (`name version
/// features`).
fn feature_sets(packages: &str, edges: &str) -> BTreeSet<String> {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["tree", "--offline", packages, "--prefix", "none"])
        .args(["-e", edges, "-f", "{p} {f}"])
        .current_dir("..")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
        .lines()
        .map(|line| line.trim_end_matches(" (*)").to_owned())
        .collect()
}

/// `cargo xtask` builds the generator with the workspace's features and
/// without the tests' dependencies (`--bin xtask`); the test command adds
/// those. If they turned on another feature of one of the generator's
/// dependencies, that dependency and everything above it, the generator
/// included, would be built twice: once for `cargo xtask`, once for the
/// tests (a minute of a fresh clone's test command).
#[test]
fn cargo_xtask_builds_the_generators_dependencies_as_the_tests_do() {
    let alias = std::fs::read_to_string("../.cargo/config.toml").unwrap();
    assert!(
        alias.contains("xtask = \"run --quiet --bin xtask --\""),
        "{alias}"
    );
    let package = |line: &str| line.split(' ').take(2).collect::<Vec<_>>().join(" ");
    let generator: BTreeSet<String> = feature_sets("--package=xtask", "normal,build")
        .iter()
        .map(|line| package(line))
        .collect();
    assert!(
        generator.iter().any(|p| p.starts_with("syn ")),
        "{generator:?}"
    );
    let without = feature_sets("--workspace", "normal,build");
    let with = feature_sets("--workspace", "normal,build,dev");
    let differ: Vec<&String> = with
        .difference(&without)
        .filter(|line| generator.contains(&package(line)))
        .collect();
    assert!(
        differ.is_empty(),
        "the tests build these of the generator's dependencies with other features \
         (turn them on in xtask/Cargo.toml too):\n{differ:#?}"
    );
}

//! A standalone crate's `Cargo.toml`: its dependencies at the versions the
//! workspace tests, its `cli` and `mock` features, and a feature per tag
//! of the spec (all of them on by default).

use crate::format::header;
use crate::model::Feature;

/// The workspace manifest: standalone crates take their dependency versions
/// from it, so they build with exactly what the workspace tests.
const WORKSPACE_MANIFEST: &str = include_str!("../../../Cargo.toml");

const STANDALONE_DEPENDENCIES: &[&str] = &[
    "backon",
    "base64",
    "bytes",
    "chrono",
    "futures-util",
    "httpdate",
    "memchr",
    "percent-encoding",
    "progenitor-client",
    "reqwest",
    "rustls",
    "rustls-platform-verifier",
    "serde",
    "serde_json",
    "thiserror",
    "tokio",
    "tracing",
];

/// Dependencies of the `cli` feature only.
const CLI_DEPENDENCIES: &[&str] = &["clap", "serde_path_to_error", "tracing-subscriber"];

/// Dependencies of the `mock` feature only.
const MOCK_DEPENDENCIES: &[&str] = &["wiremock"];

pub(super) fn manifest(name: &str, command: &str, tags: &[Feature]) -> String {
    let all: Vec<String> = tags.iter().map(|f| format!("\"{}\"", f.name)).collect();
    let (default, cli_note) = match all.is_empty() {
        true => (String::new(), ""),
        false => (
            format!(
                "# Every operation; `default-features = false` and the features of the\n\
                 # tags used compile only those operations and the types they use.\n\
                 default = [{}]\n",
                all.join(", ")
            ),
            ": every operation",
        ),
    };
    let mut per_tag = String::new();
    for feature in tags {
        per_tag.push_str(&format!(
            "# {}\n{} = [{}]\n",
            feature_comment(feature),
            feature.name,
            feature
                .includes
                .iter()
                .map(|f| format!("\"{f}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let cli: Vec<String> = all
        .iter()
        .cloned()
        .chain([features(CLI_DEPENDENCIES)])
        .collect();
    let mut text = format!(
        "{}\n[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         # Not part of any enclosing workspace.\n[workspace]\n\n\
         [features]\n{default}# The command line (the `{name}` binary){cli_note}.\ncli = [{}]\n\
         # A local mock of the API for the tests of programs that use this crate.\nmock = [{}]\n{per_tag}\n\
         # The crate's tests are all in `tests/`: with no unit tests or benchmarks\n\
         # to build them for, `cargo test` and `cargo check --all-targets` compile\n\
         # the library and the binary once, not twice.\n\
         [lib]\ntest = false\nbench = false\n\n\
         [[bin]]\nname = \"{name}\"\npath = \"src/main.rs\"\nrequired-features = [\"cli\"]\ntest = false\nbench = false\n\n[dependencies]\n",
        header("#", command),
        cli.join(", "),
        features(MOCK_DEPENDENCIES),
    );
    let line = |dependency: &str| {
        workspace_dependency(dependency).unwrap_or_else(|| {
            panic!("the workspace Cargo.toml has no `{dependency}` in [workspace.dependencies]")
        })
    };
    for dependency in STANDALONE_DEPENDENCIES {
        text.push_str(&line(dependency));
        text.push('\n');
    }
    for dependency in CLI_DEPENDENCIES.iter().chain(MOCK_DEPENDENCIES) {
        text.push_str(&optional(&line(dependency)));
        text.push('\n');
    }
    text
}

/// What a tag's feature compiles, in one line: `The 3 operations tagged
/// `pets`, and the tags under it. {what the spec says of the tag}.`
fn feature_comment(feature: &Feature) -> String {
    let tags: Vec<String> = feature.tags.iter().map(|t| format!("`{t}`")).collect();
    let tags = tags.join(" or ");
    let mut line = match feature.operations {
        0 => format!("The tags under {tags}."),
        1 => format!("The operation tagged {tags}"),
        n => format!("The {n} operations tagged {tags}"),
    };
    if feature.operations > 0 {
        if !feature.includes.is_empty() {
            line.push_str(", and the tags under it");
        }
        line.push('.');
    }
    if let Some(doc) = &feature.doc {
        line.push(' ');
        line.push_str(doc);
        if !doc.ends_with(['.', '!', '?']) {
            line.push('.');
        }
    }
    // A TOML comment holds no control character but tab.
    line.chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .collect()
}

/// `"dep:a", "dep:b"`: a feature's list of optional dependencies.
fn features(dependencies: &[&str]) -> String {
    dependencies
        .iter()
        .map(|d| format!("\"dep:{d}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A dependency line made optional: `x = "1"` → `x = { version = "1",
/// optional = true }`; `x = { … }` → `x = { optional = true, … }`.
fn optional(line: &str) -> String {
    let (name, spec) = line.split_once('=').expect("a dependency line");
    let spec = spec.trim();
    match spec.strip_prefix('{') {
        Some(rest) => format!("{}= {{ optional = true,{rest}", name),
        None => format!("{}= {{ version = {spec}, optional = true }}", name),
    }
}

/// The workspace manifest's `[workspace.dependencies]` line for `name`: what
/// a generated crate (or a test's crate beside it) depends on, so that it
/// resolves as the workspace does.
pub fn workspace_dependency(name: &str) -> Option<String> {
    WORKSPACE_DEPENDENCIES
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, line)| (*line).to_string())
}

/// The lines of `[workspace.dependencies]` by their key, read once: every
/// crate written looks up a score of them.
static WORKSPACE_DEPENDENCIES: std::sync::LazyLock<Vec<(&str, &str)>> =
    std::sync::LazyLock::new(|| {
        WORKSPACE_MANIFEST
            .lines()
            .skip_while(|l| l.trim() != "[workspace.dependencies]")
            .take_while(|l| !l.starts_with("[profile"))
            .filter_map(|l| Some((l.split('=').next()?.trim(), l)))
            .collect()
    });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_tag_is_a_feature_the_defaults_and_the_command_line_turn_on() {
        let feature = |name: &str, operations, includes: &[&str], doc: Option<&str>| Feature {
            name: name.into(),
            tags: vec![name.to_uppercase()],
            operations,
            doc: doc.map(str::to_string),
            includes: includes.iter().map(|i| i.to_string()).collect(),
        };
        let tags = [
            feature("a", 1, &[], Some("About a\u{7}")),
            feature("b", 2, &["a"], None),
            feature("c", 0, &["b"], None),
        ];
        let text = manifest("x", "c", &tags);
        for line in [
            "default = [\"a\", \"b\", \"c\"]",
            "cli = [\"a\", \"b\", \"c\", \"dep:clap\", \"dep:serde_path_to_error\", \"dep:tracing-subscriber\"]",
            "# The operation tagged `A`. About a.\na = []",
            "# The 2 operations tagged `B`, and the tags under it.\nb = [\"a\"]",
            "# The tags under `C`.\nc = [\"b\"]",
        ] {
            assert!(text.contains(&format!("\n{line}\n")), "{line}\n{text}");
        }
        let untagged = manifest("x", "c", &[]);
        assert!(!untagged.contains("\ndefault = "), "{untagged}");
        assert!(untagged.contains("\ncli = [\"dep:clap\", "), "{untagged}");
    }

    #[test]
    fn standalone_dependencies_come_from_the_workspace_manifest() {
        for dependency in STANDALONE_DEPENDENCIES {
            let line = workspace_dependency(dependency).unwrap();
            assert!(line.starts_with(dependency), "{line}");
        }
        assert_eq!(workspace_dependency("no-such-crate"), None);
    }

    #[test]
    fn dependency_lines_are_made_optional() {
        assert_eq!(
            optional("x = \"1\""),
            "x = { version = \"1\", optional = true }"
        );
        assert_eq!(
            optional("y = { version = \"2\", features = [\"a\"] }"),
            "y = { optional = true, version = \"2\", features = [\"a\"] }"
        );
        for dependency in CLI_DEPENDENCIES {
            assert!(workspace_dependency(dependency).is_some(), "{dependency}");
        }
    }
}

//! Which files a run produces: the workspace's crates, or one standalone
//! crate for any spec (its manifest in `manifest`); and the workspace
//! crates' versions, for reports (`versions`).

mod manifest;
mod versions;

pub use manifest::workspace_dependency;
pub use versions::workspace_crates;

use std::path::{Path, PathBuf};

use crate::Spec;
use crate::emit::clashes;
use crate::emit::mock::ExamplesTest;
use crate::error::Result;
use crate::format::{self, header, rust_file};
use crate::model::Api;
use crate::output::OutputFile;

pub const WORKSPACE_SPEC: &str = "spec/openapi.yaml";
/// The workspace's conventions the spec's shapes do not state.
pub const WORKSPACE_CONFIG: &str = "spec/codegen.yaml";
/// The published description spec/ follows, and its departures from it.
pub const WORKSPACE_UPSTREAM: &str = "spec/upstream.yaml";
/// The workspace's client crate; environment variables are named after it
/// unless the config names them.
pub const CLIENT_CRATE: &str = "apify-api-client";
pub const MODELS_FILE: &str = "crates/apify-api-models/src/generated.rs";
pub const CLIENT_FILE: &str = "crates/apify-api-client/src/generated.rs";
pub const CLI_FILE: &str = "crates/apify-api-cli/src/generated.rs";
/// The workspace's command-line program.
pub const CLI_BIN: &str = "apify-api";

/// The generated files of the workspace (paths relative to its root).
pub fn workspace(spec: &Spec) -> Result<Vec<OutputFile>> {
    let top = header("//", "cargo xtask codegen");
    let Generated {
        models,
        client,
        cli,
        examples_test: _,
    } = generated(
        // The workspace's crates have no feature per tag: its models are a
        // crate of their own, which the client's features could not gate.
        &spec.api.ungated(),
        "apify_api_models",
        CLIENT_CRATE,
        CLI_BIN,
        false,
        &top,
    );
    Ok(vec![
        OutputFile {
            path: MODELS_FILE.into(),
            contents: models?,
        },
        OutputFile {
            path: CLIENT_FILE.into(),
            contents: client?,
        },
        OutputFile {
            path: CLI_FILE.into(),
            contents: cli?,
        },
    ])
}

/// The hand-written runtime, shipped with every standalone crate.
const RUNTIME: &[(&str, &str)] = &[
    (
        "api.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/api.rs"),
    ),
    (
        "auth.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/auth.rs"),
    ),
    (
        "body.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/body.rs"),
    ),
    (
        "call.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/call.rs"),
    ),
    (
        "client.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/client.rs"),
    ),
    (
        "error.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/error.rs"),
    ),
    (
        "framing.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/framing.rs"),
    ),
    (
        "mock.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/mock.rs"),
    ),
    (
        "mod.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/mod.rs"),
    ),
    (
        "options.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/options.rs"),
    ),
    (
        "pagination.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/pagination.rs"),
    ),
    (
        "path.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/path.rs"),
    ),
    (
        "progenitor.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/progenitor.rs"),
    ),
    (
        "request.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/request.rs"),
    ),
    (
        "retry.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/retry.rs"),
    ),
    (
        "stream.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/stream.rs"),
    ),
    (
        "style.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/style.rs"),
    ),
    (
        "upgrade.rs",
        include_str!("../../../crates/apify-api-client/src/runtime/upgrade.rs"),
    ),
];

/// The command line's runtime, shipped with every standalone crate (behind
/// its `cli` feature).
const CLI_RUNTIME: &str = include_str!("../../../crates/apify-api-cli/src/runtime.rs");

/// How the models' types read and write JSON: the macros `emit::models`
/// calls (`reader!`, `text_enum!`).
const MODELS_OBJECT: &str = include_str!("../../../crates/apify-api-models/src/object.rs");

/// The three generated files' texts (or why one cannot be made), and a
/// standalone crate's examples test.
struct Generated {
    models: Result<String>,
    client: Result<String>,
    cli: Result<String>,
    examples_test: Option<String>,
}

/// The models, the client (naming the models by `models`) and the command
/// line, emitted and formatted on threads of their own (the client's mock
/// module on one more: it is a third of the client).
fn generated(
    api: &Api,
    models: &str,
    client: &str,
    cli: &str,
    standalone: bool,
    header: &str,
) -> Generated {
    // Made beside the mock module, from the same walk over the examples.
    let mut examples_test = None;
    // The longest first (see `deep_all`).
    let jobs: Vec<crate::stack::Job<'_, Result<String>>> = vec![
        Box::new(|| {
            let file = crate::emit::client_without_mock(api, models, client)?;
            checked_file(file, "the client", header)
        }),
        Box::new(|| checked_file(crate::emit::models(api)?, "the models", header)),
        Box::new(|| {
            let krate = standalone.then(|| quote::format_ident!("{}", client.replace('-', "_")));
            let test = match &krate {
                Some(krate) => ExamplesTest::Apart(krate),
                None => ExamplesTest::Inside,
            };
            let (module, test) = crate::emit::client_mock(api, models, test);
            if let Some(test) = test {
                examples_test = Some(format::rust_file(test, header)?);
            }
            let file = format::parse(module)?;
            clashes::check(&file, "the client's mock")?;
            Ok(format::items(file))
        }),
        Box::new(|| {
            checked(
                crate::emit::cli::commands(api, cli, standalone),
                "the command line",
                header,
            )
        }),
    ];
    let Ok([client, models, mock, cli]) = <[_; 4]>::try_from(crate::stack::deep_all(jobs)) else {
        unreachable!("one result per job");
    };
    // The mock module is the client file's last item.
    let client = client.and_then(|client| Ok(format!("{client}{}{}", format::ITEM_BREAK, mock?)));
    Generated {
        models,
        client,
        cli,
        examples_test,
    }
}

/// A generated file's text, once no two of its names clash.
fn checked(tokens: proc_macro2::TokenStream, what: &str, header: &str) -> Result<String> {
    checked_file(format::parse(tokens)?, what, header)
}

fn checked_file(file: syn::File, what: &str, header: &str) -> Result<String> {
    clashes::check(&file, what)?;
    Ok(format::text(file, header))
}

/// A crate at `out` with the models, the client and its runtime.
pub fn standalone(spec: &Spec, command: &str, out: &Path, name: &str) -> Result<Vec<OutputFile>> {
    let rust_header = header("//", command);
    let file = |relative: &str, contents: String| OutputFile {
        path: out.join(relative),
        contents,
    };
    let lib = quote::quote! {
        #![doc = include_str!("../README.md")]
        pub mod models;
        // How the models' types read and write JSON (unused when the spec
        // has no struct or enum).
        #[allow(dead_code, unused_imports, unused_macros)]
        mod object;
        mod client;
        // The runtime serves every API; the generated client uses the parts
        // its operations need (an API without path parameters never checks
        // path segments).
        #[allow(dead_code, unused_imports)]
        mod runtime;

        pub use client::*;
        pub use runtime::{
            ApiError, CallOptions, Client, ClientBuilder, DEFAULT_MAX_ITEM_BYTES,
            DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_STREAM_IDLE_TIMEOUT, Env, Error, Event, ItemStream,
            JsonOr, RawBody, WithHeaders,
        };

        /// The command line (the `cli` feature; the crate's binary runs it).
        #[cfg(feature = "cli")]
        pub mod cli;
    };
    let cli = quote::quote! {
        mod generated;
        // The runtime serves every API; which helpers a command line uses
        // depends on its operations.
        #[allow(dead_code)]
        mod runtime;

        use crate as client;

        pub use generated::{command, main};
    };
    let crate_ident = quote::format_ident!("{}", name.replace('-', "_"));
    let main = quote::quote! {
        //! The API from the command line: `--help` lists the commands.

        fn main() -> std::process::ExitCode {
            #crate_ident::cli::main()
        }
    };
    let env = spec.api.conventions.env.resolve(name);
    let readme = crate::emit::crate_docs::readme(&spec.api, &env, name, command);
    let mut files = vec![
        file(
            "Cargo.toml",
            manifest::manifest(name, command, &spec.api.features.list),
        ),
        file(
            "README.md",
            format!(
                "{}

{readme}",
                header_in_markdown(command)
            ),
        ),
        file("src/lib.rs", rust_file(lib, &rust_header)?),
    ];
    let Generated {
        models,
        client,
        cli: commands,
        examples_test,
    } = generated(&spec.api, "crate::models", name, name, true, &rust_header);
    files.push(file("src/models.rs", models?));
    files.push(file("src/client.rs", client?));
    files.push(file("src/cli/mod.rs", rust_file(cli, &rust_header)?));
    files.push(file("src/cli/generated.rs", commands?));
    files.push(file(
        "src/cli/runtime.rs",
        format!("{rust_header} The command line's runtime, the same in every generated crate.\n{CLI_RUNTIME}"),
    ));
    files.push(file("src/main.rs", rust_file(main, &rust_header)?));
    files.push(file(
        "tests/spec_examples.rs",
        examples_test.expect("a standalone crate's mock job makes its examples test"),
    ));
    // GitHub folds files marked generated in a pull request's diff, so a
    // review starts from what is not: the spec and its report.
    files.push(file(
        ".gitattributes",
        format!(
            "{}\n/src/** linguist-generated=true\n/tests/spec_examples.rs linguist-generated=true\n",
            header("#", command)
        ),
    ));
    files.push(file(
        "src/object.rs",
        format!(
            "{rust_header} How the models' types read and write JSON, the same in every generated crate.\n{}",
            *SHIPPED_MODELS_OBJECT
        ),
    ));
    for (runtime_file, text) in SHIPPED_RUNTIME.iter() {
        let copied =
            format!("{rust_header} The client runtime, the same in every generated crate.\n{text}");
        files.push(file(&format!("src/runtime/{runtime_file}"), copied));
    }
    Ok(files)
}

/// The runtime's files as every crate ships them, found once.
static SHIPPED_RUNTIME: std::sync::LazyLock<Vec<(&str, &str)>> = std::sync::LazyLock::new(|| {
    RUNTIME
        .iter()
        .map(|(name, text)| (*name, without_unit_tests(text)))
        .collect()
});

/// The models' `object.rs` as every crate ships it, found once too.
static SHIPPED_MODELS_OBJECT: std::sync::LazyLock<&str> =
    std::sync::LazyLock::new(|| without_unit_tests(MODELS_OBJECT));

/// A runtime file without its unit tests, which run where the runtime is
/// written (`crates/apify-api-client`): each generated crate would
/// otherwise compile and run them again.
fn without_unit_tests(text: &str) -> &str {
    const TESTS: &str = "\n#[cfg(test)]\nmod tests {";
    match text.rfind(TESTS) {
        Some(at) if text[at..].trim_end().ends_with('}') => &text[..=at],
        _ => text,
    }
}

/// The one-line header of a generated Markdown file: an HTML comment, so
/// that it shows neither on GitHub nor in rustdoc (which includes the
/// README as the crate's documentation).
fn header_in_markdown(command: &str) -> String {
    let line = header("", command);
    format!("<!--{line} -->")
}

/// A crate name from a directory name: `apify` → `apify`, `My API` → `my-api`.
pub fn crate_name(out: &Path) -> String {
    let dir = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "generated-client".into());
    let name: String = dir
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}")
    } else {
        name
    }
}

pub fn relative(path: &Path) -> PathBuf {
    crate::load::normalize(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_runtime_file_is_shipped() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/apify-api-client/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let shipped: Vec<&str> = RUNTIME.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, shipped);
    }

    /// A generated crate ships the runtime without its unit tests (the
    /// workspace runs them), and with everything else.
    #[test]
    fn the_runtime_is_shipped_without_its_unit_tests() {
        let mut stripped = 0;
        for (name, text) in RUNTIME {
            let shipped = without_unit_tests(text);
            assert!(!shipped.contains("#[cfg(test)]"), "{name}");
            assert!(text.starts_with(shipped), "{name}");
            stripped += usize::from(shipped.len() < text.len());
        }
        assert!(stripped >= 5, "{stripped}");
    }

    /// A standalone crate's unit-test targets are off (so `cargo test`
    /// compiles its library once): nothing in `src/` is a unit test, which
    /// would then never run; its tests are in `tests/`.
    #[test]
    fn a_standalone_crate_keeps_its_tests_in_tests() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        let spec = crate::read_spec(&fixtures.join("feature_matrix/openapi.yaml")).unwrap();
        let files = standalone(&spec, "c", Path::new("out"), "fx").unwrap();
        let text = |path: &str| {
            let file = files.iter().find(|f| f.path == Path::new("out").join(path));
            file.map_or("", |f| f.contents.as_str())
        };
        let manifest = text("Cargo.toml");
        assert_eq!(
            manifest.matches("\ntest = false\nbench = false\n").count(),
            2
        );
        for file in files.iter().filter(|f| f.path.starts_with("out/src")) {
            assert!(!file.contents.contains("#[cfg(test)]"), "{:?}", file.path);
        }
        let examples = text("tests/spec_examples.rs");
        assert!(
            examples.contains("fn the_examples_fit_their_types"),
            "{examples}"
        );
        assert!(examples.contains("fx::mock::examples::"), "{examples}");
    }

    /// The client file formatted in parts on several threads is the file
    /// formatted whole, byte for byte.
    #[test]
    fn the_client_formatted_in_parts_is_the_client_formatted_whole() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        for fixture in ["feature_matrix", "parameters", "media_types"] {
            let spec = crate::read_spec(&fixtures.join(fixture).join("openapi.yaml")).unwrap();
            let whole = crate::client_tokens(&spec, "crate::models", "x").unwrap();
            let whole = format::rust_file(whole, "// h").unwrap();
            let parts = generated(&spec.api, "crate::models", "x", "x", false, "// h");
            assert_eq!(parts.client.unwrap(), whole, "{fixture}");
        }
    }

    /// The methods of `self_ty` in the runtime's `impl` blocks (inherent
    /// and of traits).
    fn runtime_methods(self_ty: &str) -> Vec<String> {
        let mut methods = Vec::new();
        for (_, text) in RUNTIME {
            let file = syn::parse_file(text).unwrap();
            for item in file.items {
                let syn::Item::Impl(block) = item else {
                    continue;
                };
                let syn::Type::Path(ty) = &*block.self_ty else {
                    continue;
                };
                // `Client`, `Typed<'m, Op>`: this module's own type.
                let own = ty.path.segments.len() == 1 && ty.path.segments[0].ident == self_ty;
                if !own {
                    continue;
                }
                for item in block.items {
                    if let syn::ImplItem::Fn(f) = item {
                        methods.push(f.sig.ident.to_string());
                    }
                }
            }
        }
        methods
    }

    #[test]
    fn generated_methods_avoid_every_method_of_the_runtimes_types() {
        use crate::emit::mock::STUB_METHODS;
        use crate::model::{CLIENT_METHODS, MOCK_METHODS};
        for (ty, reserved) in [
            ("Client", CLIENT_METHODS),
            ("MockApi", MOCK_METHODS),
            ("Typed", STUB_METHODS),
        ] {
            let methods = runtime_methods(ty);
            assert!(!methods.is_empty(), "{ty}");
            for method in methods {
                assert!(
                    reserved.contains(&method.as_str()),
                    "the runtime's `{ty}::{method}` is not reserved: a generated method could take its name"
                );
            }
        }
    }

    #[test]
    fn the_command_lines_flags_are_the_runtimes() {
        // Each `Arg::new("…")` of the runtime, with its value name.
        let defined: Vec<&str> = CLI_RUNTIME
            .split("Arg::new(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        let mut expected: Vec<&str> = crate::emit::cli::GLOBAL_OPTIONS
            .iter()
            .map(|(flag, _)| *flag)
            .collect();
        expected.extend(["all", "body"]);
        let mut defined_and_read = defined.clone();
        // The body's flag is defined per command and read by the runtime.
        defined_and_read.extend(CLI_RUNTIME.contains("(args, \"body\")").then_some("body"));
        defined_and_read.sort();
        expected.sort();
        assert_eq!(defined_and_read, expected);
        for (flag, value) in crate::emit::cli::GLOBAL_OPTIONS {
            assert!(
                CLI_RUNTIME.contains(&format!(".value_name(\"{value}\")")),
                "--{flag} <{value}>"
            );
        }
    }

    #[test]
    fn crate_names_are_valid() {
        assert_eq!(crate_name(Path::new("/tmp/Apify API")), "apify-api");
        assert_eq!(crate_name(Path::new("/tmp/2x")), "api-2x");
    }
}

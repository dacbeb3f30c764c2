//! A standalone crate's README, which is also its crate documentation
//! (`lib.rs` includes it, so its examples are doc tests): what the API is,
//! how to make a client (base URL, the environment variables its `ENV`
//! reads, each credential the spec allows), a call made from one of the
//! spec's own operations, and the `cli` and `mock` features.

use std::fmt::Write;

use super::surface::{Place, positional};
use crate::config::EnvNames;
use crate::model::{Api, Operation, SchemeKind, Success, TypeKind, TypeRef, find_type};

/// The README of the crate `name` generated from `api` by `command`.
pub fn readme(api: &Api, env: &EnvNames, name: &str, command: &str) -> String {
    let krate = name.replace('-', "_");
    let mut out = String::new();
    let title = crate::rustdoc::markdown(api.title.trim());
    let _ = writeln!(out, "# {title}\n");
    if let Some(description) = &api.description {
        let _ = writeln!(out, "{}\n", crate::rustdoc::markdown(description.trim()));
    }
    let _ = writeln!(
        out,
        "An async Rust client for this API (version {}), generated from its OpenAPI \
         description with `{command}`: one method per operation, with its parameters and \
         answers typed (`models`), retries, typed errors and a size limit on responses.\n",
        api.version.trim()
    );

    out.push_str("## A client\n\n");
    let _ = writeln!(
        out,
        "```rust,no_run\n# fn main() -> Result<(), {krate}::Error> {{"
    );
    let _ = writeln!(out, "let client = {krate}::Client::builder()");
    match &api.default_base_url {
        Some(url) => {
            let _ = writeln!(out, "    // Where the API is (default: {url}).");
            let _ = writeln!(out, "    .base_url({url:?})");
        }
        None => {
            let _ = writeln!(
                out,
                "    // Where the API is: its description names no server."
            );
            let _ = writeln!(out, "    .base_url(\"https://api.example.com\")");
        }
    }
    for (kind, call) in credential_calls(api) {
        let _ = writeln!(out, "    // {kind}");
        let _ = writeln!(out, "    {call}");
    }
    let _ = writeln!(
        out,
        "    .build()?;\n# let _ = client;\n# Ok(())\n# }}\n```\n"
    );

    let _ = writeln!(
        out,
        "`{krate}::Client::from_env()` makes one from the environment instead (the names are \
         in `{krate}::ENV`):\n"
    );
    let default = api
        .default_base_url
        .as_ref()
        .map_or_else(String::new, |url| format!(" (default: `{url}`)"));
    let _ = writeln!(out, "- `{}`: the base URL{default}", env.base_url);
    let kinds: Vec<&SchemeKind> = api.security.iter().map(|s| &s.kind).collect();
    if kinds.contains(&&SchemeKind::Bearer) {
        let _ = writeln!(out, "- `{}`: the bearer token", env.token);
    }
    if kinds.contains(&&SchemeKind::Basic) {
        let _ = writeln!(
            out,
            "- `{}` and `{}`: the username and password for HTTP basic authentication",
            env.username, env.password
        );
    }
    if kinds.iter().any(|k| matches!(k, SchemeKind::ApiKey { .. })) {
        let _ = writeln!(out, "- `{}`: the API key", env.api_key);
    }
    out.push('\n');

    if let Some((example, features)) = example_call(api, &krate) {
        out.push_str("## A call\n\n");
        // The example is compiled (as a doc test) only with a feature
        // that compiles its operation.
        let gate = match super::gate::text(features) {
            Some(attr) => format!("# {attr}\n"),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "```rust,no_run\n{gate}# async fn example() -> Result<(), {krate}::Error> {{\n\
             let client = {krate}::Client::from_env()?;\n{example}\n# Ok(())\n# }}\n```\n"
        );
    }
    let _ = writeln!(
        out,
        "Each operation is a method of `Client`{}; failed calls are retried (429, 5xx, lost \
         connections) with exponential backoff, and errors are `{krate}::Error`, an API's own \
         error with its status, type and message.\n",
        if api.resources.is_empty() {
            ""
        } else {
            " or of a resource handle it makes"
        }
    );

    out.push_str("## Features\n\n");
    let _ = writeln!(
        out,
        "- `cli`: the `{name}` command line, one command per operation \
         (`cargo run --features cli -- --help`).\n\
         - `mock`: a local mock of the API with a typed stub per operation, and example \
         values of the models, for the tests of code that uses this crate."
    );
    let features = &api.features.list;
    if let Some(first) = features.first() {
        let each: Vec<String> = features
            .iter()
            .map(|f| {
                let includes: Vec<String> = f.includes.iter().map(|i| format!("`{i}`")).collect();
                let includes = includes.join(", ");
                match (f.operations, includes.is_empty()) {
                    (0, _) => format!("`{}` (the tags under it: {includes})", f.name),
                    (1, true) => format!("`{}` (1 operation)", f.name),
                    (n, true) => format!("`{}` ({n} operations)", f.name),
                    (n, false) => format!(
                        "`{}` ({n} operation{}, and {includes})",
                        f.name,
                        if n == 1 { "" } else { "s" }
                    ),
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "- One feature per tag of the API description, all on by default: with \
             `default-features = false`, only the operations of the tags named (and the \
             types they use) are compiled, which for a large API is a fraction of the \
             time: `{name} = {{ path = \"…\", default-features = false, features = \
             [\"{}\"] }}`. Operations with no tag are always compiled; `cli` turns every \
             tag on. The features: {}.",
            first.name,
            each.join(", ")
        );
    }
    out
}

/// Each way to authenticate the API allows, as a builder call.
fn credential_calls(api: &Api) -> Vec<(String, String)> {
    let mut calls = Vec::new();
    let mut keys = Vec::new();
    for scheme in &api.security {
        let name = &scheme.name;
        match &scheme.kind {
            SchemeKind::Bearer => calls.push((
                format!("A bearer token (`{name}`)."),
                ".token(\"my-token\")".to_string(),
            )),
            SchemeKind::Basic => calls.push((
                format!("HTTP basic authentication (`{name}`)."),
                ".basic_auth(\"my-username\", \"my-password\")".to_string(),
            )),
            SchemeKind::ApiKey { place, name: key } => keys.push(format!(
                "`{name}`: {} `{key}`",
                match place {
                    crate::model::KeyPlace::Header => "header",
                    crate::model::KeyPlace::Query => "query parameter",
                    crate::model::KeyPlace::Cookie => "cookie",
                }
            )),
        }
    }
    // One call of each kind: the API may list a kind twice.
    calls.dedup_by(|a, b| a.1 == b.1);
    if !keys.is_empty() {
        calls.push((
            format!(
                "An API key, for every API key scheme ({}); `.scheme_key(scheme, key)` sets one scheme's.",
                keys.join(", ")
            ),
            ".api_key(\"my-key\")".to_string(),
        ));
    }
    calls
}

/// A call of one of the API's operations, and printing its answer: the
/// first reading operation (else any) whose arguments are plain values;
/// and the features that compile it.
fn example_call<'a>(api: &'a Api, krate: &str) -> Option<(String, &'a [String])> {
    let candidates = api.operations.iter().filter(|op| {
        op.body.is_none() && !matches!(op.success, Success::Upgrade | Success::Stream)
    });
    let reading = candidates
        .clone()
        .filter(|op| op.method == crate::model::Method::Get);
    let op = reading
        .chain(candidates)
        .find(|op| call(api, op, krate).is_some())?;
    let call = call(api, op, krate)?;
    let text = format!(
        "// {} (`{}`).\nlet answer = {call}.await?;\nprintln!(\"{{answer:?}}\");",
        op.summary
            .as_deref()
            .map(|s| s.trim().trim_end_matches('.').to_string())
            .unwrap_or_else(|| format!("{} {}", op.method.http(), op.path.raw)),
        op.id
    );
    Some((text, &op.features))
}

/// `client.….method(…)` for `op`, if each argument has a plain example.
fn call(api: &Api, op: &Operation, krate: &str) -> Option<String> {
    let (receiver, place) = match op.surface.resource {
        Some(index) => {
            let resource = &api.resources[index];
            let args: Option<Vec<String>> = resource
                .shared
                .iter()
                .map(|p| value(api, &p.ty, &p.wire, krate, false))
                .collect();
            (
                format!("client.{}({})", resource.accessor, args?.join(", ")),
                Place::Handle(resource),
            )
        }
        None => ("client".to_string(), Place::Client),
    };
    let mut args: Vec<String> = positional(op, &place)
        .into_iter()
        .map(|p| value(api, &p.ty, &p.wire, krate, true))
        .collect::<Option<_>>()?;
    if let Some(options) = &op.surface.options {
        args.push(format!("{krate}::{options}::default()"));
    }
    Some(format!(
        "{receiver}.{}({})",
        op.surface.method,
        args.join(", ")
    ))
}

/// An example value of `ty` for parameter `wire`, borrowed as a method's
/// argument takes it (`borrowed`) or owned.
fn value(api: &Api, ty: &TypeRef, wire: &str, krate: &str, borrowed: bool) -> Option<String> {
    match ty {
        TypeRef::String => Some(format!("{:?}", format!("my-{}", wire.to_lowercase()))),
        TypeRef::I32 | TypeRef::I64 => Some("1".into()),
        TypeRef::F64 => Some("1.0".into()),
        TypeRef::Bool => Some("true".into()),
        TypeRef::Named(name) => match &find_type(&api.types, name)?.kind {
            TypeKind::Enum(variants) => {
                let variant = &variants.first()?.name;
                let value = format!("{krate}::models::{name}::{variant}");
                Some(if borrowed { format!("&{value}") } else { value })
            }
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    /// The README's example call is compiled (as a doc test) only with a
    /// feature that compiles its operation.
    #[test]
    fn the_example_call_is_gated_as_its_operation() {
        for (tags, gate) in [
            (json!(["Pets"]), "# #[cfg(feature = \"pets\")]\n"),
            (
                json!(["Pets", "Store"]),
                "# #[cfg(any(feature = \"pets\", feature = \"store\"))]\n",
            ),
            (json!([]), ""),
        ] {
            let api = crate::model::api_of(&json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/pets": {"get": {"operationId": "listPets", "tags": tags,
                    "responses": {"200": {"description": "ok"}}}}},
            }));
            let env = api.conventions.env.resolve("x");
            let readme = super::readme(&api, &env, "x", "c");
            let block = format!("```rust,no_run\n{gate}# async fn example()");
            assert!(readme.contains(&block), "{readme}");
            assert!(readme.contains("client.list_pets()"), "{readme}");
        }
    }
}

//! Document-level differences between OpenAPI 3.1 and 3.0.

use serde_json::{Map, Value};

use super::Lowering;
use crate::error::Result;

pub(super) fn lower_document(doc: &mut Value, cx: &mut Lowering) -> Result<()> {
    let root = doc
        .as_object_mut()
        .expect("bundle checked the root is an object");
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    root.remove("jsonSchemaDialect");
    if let Some(Value::Object(info)) = root.get_mut("info") {
        // 3.1 additions to `info` that 3.0 has no place for; documentation only.
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
    root.entry("info").or_insert_with(|| {
        let mut info = Map::new();
        info.insert("title".into(), "API".into());
        info.insert("version".into(), "0".into());
        Value::Object(info)
    });
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));

    if let Some(Value::Object(webhooks)) = root.remove("webhooks") {
        for name in webhooks.keys() {
            cx.warn(
                &crate::pointer::push("/webhooks", name),
                "webhooks are requests the API sends, so no client method is generated for them; schemas they refer to by `$ref` are still generated",
            );
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            push_down_parameters(item);
            for found in crate::structure::operations(item) {
                let Some(Value::Object(operation)) = found.get_mut(item) else {
                    continue;
                };
                let at = found.pointer(&crate::pointer::push("/paths", path));
                super::v32::querystring(operation, &at, cx)?;
                encoded_parameters(operation);
                unsupported(operation, &at, cx);
                // `responses` is optional in 3.1 (and often left out in 3.0).
                operation
                    .entry("responses")
                    .or_insert_with(|| Value::Object(Map::new()));
                form_explode_default(operation);
            }
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            // 3.1's mutual TLS is a property of the connection, set up on the
            // HTTP client; there is nothing to send per request.
            let mutual: Vec<String> = schemes
                .iter()
                .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                .map(|(name, _)| name.clone())
                .collect();
            for name in mutual {
                schemes.remove(&name);
                cx.warn(
                    &crate::pointer::push("/components/securitySchemes", &name),
                    "mutual TLS is a property of the connection, not something sent with a request; the client does not set it up, so operations that need it are sent without it",
                );
            }
        }
        // Every use of these was inlined by the bundler; what is left is unused.
        for section in crate::bundle::INLINED_COMPONENTS {
            components.remove(*section);
        }
    }
    Ok(())
}

/// Whether `value` is an object with members.
fn has_members(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_object)
        .is_some_and(|o| !o.is_empty())
}

/// Warns of what an operation describes that the client does not do:
/// callbacks, and multipart bodies it does not write.
fn unsupported(operation: &Map<String, Value>, at: &str, cx: &mut Lowering) {
    let push = crate::pointer::push;
    if has_members(operation.get("callbacks")) {
        cx.warn(
            &push(at, "callbacks"),
            "callbacks are requests the API sends, so no client method is generated for them; schemas they refer to by `$ref` are still generated",
        );
    }
    if let Some(Value::Object(content)) = operation
        .get("requestBody")
        .and_then(|body| body.get("content"))
    {
        for media in content.keys() {
            if crate::model::essence(media) == "multipart/form-data" {
                cx.warn(
                    &push(&push(&push(at, "requestBody"), "content"), media),
                    "multipart bodies are sent as bytes the caller encodes: the method takes the body and its `Content-Type` (with the boundary)",
                );
            }
        }
    }
}

/// A parameter whose value is a string holding encoded JSON (JSON Schema's
/// `contentMediaType` JSON with a `contentSchema`, `contentEncoding`
/// base64, base64url or none) is the `contentSchema`'s typed value: its
/// schema becomes that one, and the parameter is marked with how the
/// client encodes it (`x-codegen-encoded`), which `openapiv3` keeps on
/// parameters (a schema that is a `$ref` would lose it).
fn encoded_parameters(operation: &mut Map<String, Value>) {
    let Some(Value::Array(parameters)) = operation.get_mut("parameters") else {
        return;
    };
    for parameter in parameters.iter_mut().filter_map(Value::as_object_mut) {
        // A query or header value; a path segment or cookie is left a
        // string (with the warning that its encoding is not read).
        let place = parameter.get("in").and_then(Value::as_str);
        if !matches!(place, Some("query" | "header")) {
            continue;
        }
        let Some(Value::Object(schema)) = parameter.get("schema") else {
            continue;
        };
        let Some((encoding, content)) = encoded_content(schema) else {
            continue;
        };
        parameter.insert("schema".into(), content);
        parameter.insert(crate::model::ENCODED.into(), Value::String(encoding.into()));
    }
}

/// How a string schema holding encoded JSON is encoded, as its mark
/// ([`crate::model::ContentEncoding::key`]), and the schema of the JSON it
/// holds.
pub(super) fn encoded_content(schema: &Map<String, Value>) -> Option<(&'static str, Value)> {
    use crate::model::ContentEncoding;
    let json = schema
        .get("contentMediaType")
        .and_then(Value::as_str)
        .is_some_and(crate::model::is_json);
    let encoding = match schema.get("contentEncoding").and_then(Value::as_str) {
        None => ContentEncoding::Json,
        Some(e) if e.eq_ignore_ascii_case("base64") => ContentEncoding::Base64,
        Some(e) if e.eq_ignore_ascii_case("base64url") => ContentEncoding::Base64Url,
        Some(_) => return None,
    };
    let content = schema.get("contentSchema").filter(|_| json)?;
    Some((encoding.key(), content.clone()))
}

/// A form property's `explode` defaults to `true` with style `form` (the
/// default style); openapiv3 reads an absent `explode` as `false`, so the
/// default is written out.
fn form_explode_default(operation: &mut Map<String, Value>) {
    let Some(Value::Object(content)) = operation
        .get_mut("requestBody")
        .and_then(|body| body.get_mut("content"))
    else {
        return;
    };
    for media in content.values_mut() {
        let Some(Value::Object(encoding)) = media.get_mut("encoding") else {
            continue;
        };
        for property in encoding.values_mut() {
            if let Value::Object(property) = property {
                let form = property
                    .get("style")
                    .is_none_or(|style| style.as_str() == Some("form"));
                if form && !property.contains_key("explode") {
                    property.insert("explode".into(), Value::Bool(true));
                }
            }
        }
    }
}

/// Parameters declared on a path item belong to each of its operations (an
/// operation's own parameter of the same name and place wins, as does a
/// later one over an earlier one in the same list). Listing them there,
/// once each, lets every later stage look at operations only: this is the
/// one place parameters are overridden.
fn push_down_parameters(item: &mut Value) {
    let shared = match item
        .as_object_mut()
        .and_then(|item| item.remove("parameters"))
    {
        Some(Value::Array(shared)) => shared,
        _ => Vec::new(),
    };
    for found in crate::structure::operations(item) {
        let Some(Value::Object(operation)) = found.get_mut(item) else {
            continue;
        };
        let own = match operation.remove("parameters") {
            Some(Value::Array(own)) => own,
            _ => Vec::new(),
        };
        let mut merged: Vec<Value> = Vec::new();
        for parameter in shared.iter().chain(&own) {
            let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
            merged.retain(|earlier| key(earlier) != key(parameter));
            merged.push(parameter.clone());
        }
        operation.insert("parameters".into(), Value::Array(merged));
    }
}

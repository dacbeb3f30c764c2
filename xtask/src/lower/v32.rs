//! What OpenAPI 3.2 adds, brought to what the later stages read, or named
//! in a warning where the client has no use for it.
//!
//! Used: `itemSchema` (the items of a stream), `in: querystring` (see
//! [`querystring`]), a response's `summary` (its documentation), an
//! example's `dataValue`, `$self` (by the bundler), `components.mediaTypes`
//! (inlined by the bundler), `query` and `additionalOperations` (operations
//! like any other). Warned of: what is documentation the client has no
//! place for, and what it does not do.

use serde_json::{Map, Value, json};

use super::Lowering;
use crate::error::{Error, Result};
use crate::model::Framing;
use crate::model::{QUERYSTRING, TAG_PARENT, TAG_SUMMARY};
use crate::pointer::push;
use crate::structure;

pub(super) fn lower_additions(doc: &mut Value, cx: &mut Lowering) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    root.remove("$self");
    tags(root, cx);
    servers(root, cx);
    security_schemes(root, cx);
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let item_at = push("/paths", path);
            parameters(item.get_mut("parameters"), &item_at, cx);
            for found in structure::operations(item) {
                let Some(Value::Object(operation)) = found.get_mut(item) else {
                    continue;
                };
                operation_additions(operation, &found.pointer(&item_at), cx);
            }
        }
    }
}

fn operation_additions(operation: &mut Map<String, Value>, at: &str, cx: &mut Lowering) {
    if let Some(Value::Object(content)) = operation
        .get_mut("requestBody")
        .and_then(|body| body.get_mut("content"))
    {
        let content_at = push(&push(at, "requestBody"), "content");
        for (media, object) in content.iter_mut() {
            media_type(media, object, &push(&content_at, media), false, cx);
        }
    }
    if let Some(Value::Object(responses)) = operation.get_mut("responses") {
        for (status, response) in responses.iter_mut() {
            let Value::Object(response) = response else {
                continue;
            };
            let response_at = push(&push(at, "responses"), status);
            // The summary is the response's documentation too.
            if let Some(Value::String(summary)) = response.remove("summary") {
                let description = response
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .trim();
                let text = if description.is_empty() {
                    summary
                } else {
                    format!("{}\n\n{description}", summary.trim_end_matches('.'))
                };
                response.insert("description".into(), Value::String(text));
            }
            if let Some(Value::Object(content)) = response.get_mut("content") {
                for (media, object) in content.iter_mut() {
                    let media_at = push(&push(&response_at, "content"), media);
                    media_type(media, object, &media_at, true, cx);
                }
            }
        }
    }
    parameters(operation.get_mut("parameters"), at, cx);
}

/// A list of parameters (of an operation or a path item, at `at`): 3.2's
/// `cookie` style, and the data values of their examples.
fn parameters(parameters: Option<&mut Value>, at: &str, cx: &mut Lowering) {
    let Some(Value::Array(parameters)) = parameters else {
        return;
    };
    for (i, parameter) in parameters.iter_mut().enumerate() {
        let Value::Object(parameter) = parameter else {
            continue;
        };
        let parameter_at = push(&push(at, "parameters"), &i.to_string());
        if parameter.get("style").and_then(Value::as_str) == Some("cookie") {
            parameter.insert("style".into(), Value::String("form".into()));
            cx.warn(
                &push(&parameter_at, "style"),
                "written in `form` style: its value is percent-encoded, which `cookie` style does not do (letters, digits and `-._~` are the same in both)",
            );
        }
        examples(parameter.get_mut("examples"));
        if let Some(Value::Object(content)) = parameter.get_mut("content") {
            for object in content.values_mut() {
                examples(object.get_mut("examples"));
            }
        }
    }
}

/// A media type object of an answer or a request body: its items' schema
/// where it is sequential, its examples' data values.
fn media_type(media: &str, object: &mut Value, at: &str, answer: bool, cx: &mut Lowering) {
    let Value::Object(object) = object else {
        return;
    };
    examples(object.get_mut("examples"));
    for key in ["itemEncoding", "prefixEncoding"] {
        if object.remove(key).is_some() {
            cx.warn(
                &push(at, key),
                if answer {
                    "each part of the answer is decoded as its item schema says (JSON, or text for a string), so its encoding is not consulted"
                } else {
                    "the parts of a multipart body are not written by the client, so their encodings are not used: the caller sends the body's bytes with its `Content-Type`"
                },
            );
        }
    }
    let Some(items) = object.remove("itemSchema") else {
        return;
    };
    let Some(framing) = Framing::of(media) else {
        cx.warn(
            &push(at, "itemSchema"),
            format!("`{media}` is not a stream the client reads item by item (server-sent events, JSON lines, NDJSON, JSON text sequences, `multipart/mixed`), so `itemSchema` is not used"),
        );
        return;
    };
    // An event's schema describes its fields; what the client decodes is
    // its data, as `contentSchema` says (or its text).
    let item = match (framing, items.pointer("/properties/data")) {
        (Framing::Events, Some(data)) => match data.get("contentSchema") {
            Some(schema) if json_media(data) => schema.clone(),
            _ => json!({"type": "string"}),
        },
        (Framing::Events, None) => json!({"type": "string"}),
        _ => items,
    };
    object.insert("schema".into(), json!({"type": "array", "items": item}));
}

/// Whether an event's `data` schema says its text is JSON (`contentMediaType`
/// JSON, or none beside a `contentSchema`).
fn json_media(data: &Value) -> bool {
    data.get("contentMediaType")
        .and_then(Value::as_str)
        .is_none_or(crate::model::is_json)
}

/// Examples' `dataValue` is what 3.0 and 3.1 call `value`.
fn examples(examples: Option<&mut Value>) {
    let Some(Value::Object(examples)) = examples else {
        return;
    };
    for example in examples.values_mut() {
        let Value::Object(example) = example else {
            continue;
        };
        example.remove("serializedValue");
        if let Some(data) = example.remove("dataValue") {
            example.entry("value").or_insert(data);
        }
    }
}

/// Tags' `summary` and `parent` become extensions openapiv3 keeps (the
/// crate's feature per tag is described by its summary, and a parent's
/// feature turns on its children's); `kind` is not used.
fn tags(root: &mut Map<String, Value>, cx: &mut Lowering) {
    let Some(Value::Array(tags)) = root.get_mut("tags") else {
        return;
    };
    let mut first = None;
    for (i, tag) in tags.iter_mut().enumerate() {
        let Value::Object(tag) = tag else { continue };
        for (key, kept) in [("summary", TAG_SUMMARY), ("parent", TAG_PARENT)] {
            if let Some(value) = tag.remove(key) {
                tag.insert(kept.into(), value);
            }
        }
        if tag.remove("kind").is_some() && first.is_none() {
            first = Some(push(&push("/tags", &i.to_string()), "kind"));
        }
    }
    if let Some(first) = first {
        cx.warn(
            &first,
            "tags' `kind` is not used: each tag is a feature of a standalone crate, whatever its kind",
        );
    }
}

/// Servers' `name`: the client has one base URL, so names have no place.
fn servers(root: &mut Map<String, Value>, cx: &mut Lowering) {
    let Some(Value::Array(servers)) = root.get_mut("servers") else {
        return;
    };
    let mut named = Vec::new();
    for (i, server) in servers.iter_mut().enumerate() {
        if let Some(Value::Object(server)) = Some(server)
            && server.remove("name").is_some()
        {
            named.push(push(&push("/servers", &i.to_string()), "name"));
        }
    }
    if let Some(first) = named.first() {
        cx.warn(
            first,
            "server names are not used: the client has one base URL (the first server's, or the one it is given)",
        );
    }
}

/// A deprecated scheme is still sent where an operation asks for it.
fn security_schemes(root: &mut Map<String, Value>, cx: &mut Lowering) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    for (name, scheme) in schemes.iter_mut() {
        let Value::Object(scheme) = scheme else {
            continue;
        };
        if scheme.remove("deprecated") == Some(Value::Bool(true)) {
            cx.warn(
                &push(&push("/components/securitySchemes", name), "deprecated"),
                format!(
                    "`{name}` is deprecated; the client still sends it to the operations that ask for it"
                ),
            );
        }
    }
}

/// OpenAPI 3.2's `in: querystring`: one parameter that is the whole query
/// string, marked for the model (`openapiv3` reads it as a query
/// parameter): a form of an object (its properties are the query's names),
/// JSON text, or the text given. What the specification forbids beside it
/// (a `query` parameter, a second `querystring`) is refused with its
/// location.
pub(super) fn querystring(
    operation: &mut Map<String, Value>,
    at: &str,
    cx: &Lowering,
) -> Result<()> {
    let Some(Value::Array(parameters)) = operation.get_mut("parameters") else {
        return Ok(());
    };
    let place = |p: &Value| p.get("in").and_then(Value::as_str).map(str::to_owned);
    let whole: Vec<usize> = (0..parameters.len())
        .filter(|i| place(&parameters[*i]).as_deref() == Some("querystring"))
        .collect();
    let Some(&first) = whole.first() else {
        return Ok(());
    };
    let param_at = |i: usize| push(&push(at, "parameters"), &i.to_string());
    if let Some(&second) = whole.get(1) {
        return Err(Error::spec(
            &cx.at(&param_at(second)),
            "an operation has at most one `querystring` parameter: it is the whole query string. Merge them into one.",
        ));
    }
    if let Some(query) =
        (0..parameters.len()).find(|i| place(&parameters[*i]).as_deref() == Some("query"))
    {
        return Err(Error::spec(
            &cx.at(&param_at(query)),
            "a `query` parameter cannot be beside a `querystring` one, which is the whole query string. Make it a property of the `querystring` parameter's schema.",
        ));
    }
    if let Value::Object(parameter) = &mut parameters[first] {
        parameter.insert("in".into(), Value::String("query".into()));
        parameter.insert(QUERYSTRING.into(), Value::Bool(true));
    }
    Ok(())
}

//! Checks a bundled spec for mistakes that would otherwise surface as
//! confusing failures (or panics) in later stages, and reports each at the
//! file and pointer where the user can fix it.

use serde_json::{Map, Value};

use crate::bundle::Origins;
use crate::error::{Error, Location, Result};
use crate::model::PathTemplate;
use crate::pointer;
use crate::structure::{self, HTTP_METHODS};

pub fn validate(doc: &Value, origins: &Origins) -> Result<()> {
    let at = |p: &str| origins.locate(p);
    let root = doc
        .as_object()
        .expect("bundle checked the root is an object");
    check_version(root, &at)?;

    let Some(paths) = root.get("paths") else {
        return Ok(()); // a 3.1 document may have only components or webhooks
    };
    let paths = paths.as_object().ok_or_else(|| {
        Error::spec(
            &at("/paths"),
            "`paths` must be a mapping from path templates to path items.",
        )
    })?;

    // `x-` keys are extensions, not paths.
    for (path, item) in paths.iter().filter(|(key, _)| !key.starts_with("x-")) {
        let item_at = pointer::push("/paths", path);
        if !path.starts_with('/') {
            return Err(Error::spec(
                &at(&item_at),
                format!(
                    "the path `{path}` does not start with `/`. Write it as `/{path}`; paths are appended to the server URL."
                ),
            ));
        }
        PathTemplate::parse(path).map_err(|problem| {
            Error::spec(
                &at(&item_at),
                format!("the path `{path}` is not a valid template: {problem}."),
            )
        })?;
        let Value::Object(item) = item else {
            return Err(Error::spec(
                &at(&item_at),
                "a path item must be a mapping of HTTP methods to operations.",
            ));
        };
        parameters(
            item.get("parameters"),
            &pointer::push(&item_at, "parameters"),
            &at,
        )?;
        additional_operations(item, &item_at, &at)?;
        let item_value = &paths[path];
        for found in structure::operations(item_value) {
            let Some(operation) = found.get(item_value) else {
                continue;
            };
            let op_at = found.pointer(&item_at);
            let Value::Object(operation) = operation else {
                return Err(Error::spec(&at(&op_at), "an operation must be a mapping."));
            };
            parameters(
                operation.get("parameters"),
                &pointer::push(&op_at, "parameters"),
                &at,
            )?;
        }
    }
    Ok(())
}

fn check_version(root: &Map<String, Value>, at: &impl Fn(&str) -> Location) -> Result<()> {
    if let Some(swagger) = root.get("swagger") {
        return Err(Error::spec(
            &at("/swagger"),
            format!(
                "this is a Swagger {} document; OpenAPI 3.0, 3.1 or 3.2 is needed. Convert it first (for example with swagger2openapi).",
                swagger.as_str().unwrap_or("2.0")
            ),
        ));
    }
    let version = match root.get("openapi") {
        Some(Value::String(v)) => v.as_str(),
        Some(other) => {
            return Err(Error::spec(
                &at("/openapi"),
                format!(
                    "`openapi` must be a version string like \"3.1.0\", not `{other}`. Quote the version."
                ),
            ));
        }
        None => {
            return Err(Error::spec(
                &at(""),
                "the document has no `openapi` field, so it is not an OpenAPI document. Add `openapi: 3.1.0` (or the 3.0 version it follows).",
            ));
        }
    };
    let supported = ["3.0.", "3.1.", "3.2."].iter().any(|prefix| {
        version.strip_prefix(prefix).is_some_and(|patch| {
            !patch.is_empty()
                && patch
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c.is_ascii_alphabetic())
        })
    });
    if !supported {
        return Err(Error::spec(
            &at("/openapi"),
            format!(
                "OpenAPI version `{version}` is not supported; this generator reads OpenAPI 3.0.x, 3.1.x and 3.2.x. Give it a 3.0, 3.1 or 3.2 document."
            ),
        ));
    }
    Ok(())
}

/// OpenAPI 3.2's `additionalOperations`: methods HTTP can send, none of
/// them one of the path item's own fields.
fn additional_operations(
    item: &Map<String, Value>,
    item_at: &str,
    at: &impl Fn(&str) -> Location,
) -> Result<()> {
    let Some(additional) = item.get("additionalOperations") else {
        return Ok(());
    };
    let list_at = pointer::push(item_at, "additionalOperations");
    let Value::Object(additional) = additional else {
        return Err(Error::spec(
            &at(&list_at),
            "`additionalOperations` must be a mapping of HTTP methods to operations.",
        ));
    };
    for method in additional.keys() {
        let method_at = pointer::push(&list_at, method);
        let lower = method.to_ascii_lowercase();
        if HTTP_METHODS.contains(&lower.as_str()) || lower == "query" {
            return Err(Error::spec(
                &at(&method_at),
                format!(
                    "`{method}` has a field of its own in a path item; describe it as `{lower}:` there, not in `additionalOperations`."
                ),
            ));
        }
        // RFC 9110's token characters.
        let token = !method.is_empty()
            && method
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Err(Error::spec(
                &at(&method_at),
                format!(
                    "`{method}` is not an HTTP method name (a token of letters, digits and `!#$%&'*+-.^_`|~`)."
                ),
            ));
        }
    }
    Ok(())
}

/// Checks that each parameter in a `parameters` list says what it is.
fn parameters(list: Option<&Value>, list_at: &str, at: &impl Fn(&str) -> Location) -> Result<()> {
    let Some(list) = list else {
        return Ok(());
    };
    let Value::Array(list) = list else {
        return Err(Error::spec(&at(list_at), "`parameters` must be a list."));
    };
    for (i, parameter) in list.iter().enumerate() {
        let p_at = pointer::push(list_at, &i.to_string());
        let Value::Object(parameter) = parameter else {
            return Err(Error::spec(
                &at(&p_at),
                "a parameter must be a mapping with `name` and `in`.",
            ));
        };
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| {
                Error::spec(
                    &at(&p_at),
                    "this parameter has no `name`. Add the name it has in the request.",
                )
            })?;
        let location = parameter.get("in").and_then(Value::as_str).ok_or_else(|| {
            Error::spec(&at(&p_at), format!("parameter `{name}` has no `in`. Say where it goes: `path`, `query`, `header` or `cookie`."))
        })?;
        if !matches!(
            location,
            "path" | "query" | "header" | "cookie" | "querystring"
        ) {
            return Err(Error::spec(
                &at(&pointer::push(&p_at, "in")),
                format!(
                    "parameter `{name}` has `in: {location}`; it must be `path`, `query`, `header`, `cookie` or (OpenAPI 3.2) `querystring`."
                ),
            ));
        }
        if !parameter.contains_key("schema") && !parameter.contains_key("content") {
            return Err(Error::spec(
                &at(&p_at),
                format!(
                    "parameter `{name}` has no `schema`. Add one (for example `schema: {{type: string}}`)."
                ),
            ));
        }
    }
    Ok(())
}

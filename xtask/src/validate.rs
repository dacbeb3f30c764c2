//! Checks a bundled spec for mistakes that would otherwise surface as
//! confusing failures (or panics) in later stages, and reports each at the
//! file and pointer where the user can fix it.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use crate::bundle::Origins;
use crate::error::{Error, Location, Result};
use crate::pointer;
use crate::structure::HTTP_METHODS;

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

    let mut operation_ids: HashMap<&str, String> = HashMap::new();
    for (path, item) in paths {
        let item_at = pointer::push("/paths", path);
        if !path.starts_with('/') {
            return Err(Error::spec(
                &at(&item_at),
                format!(
                    "the path `{path}` does not start with `/`. Write it as `/{path}`; paths are appended to the server URL."
                ),
            ));
        }
        let template = template_names(path).map_err(|problem| {
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
        let shared = parameters(
            item.get("parameters"),
            &pointer::push(&item_at, "parameters"),
            &at,
        )?;
        for method in HTTP_METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let op_at = pointer::push(&item_at, method);
            let Value::Object(operation) = operation else {
                return Err(Error::spec(&at(&op_at), "an operation must be a mapping."));
            };
            let id = match operation.get("operationId") {
                Some(Value::String(id)) if !id.trim().is_empty() => id.as_str(),
                _ => {
                    return Err(Error::spec(
                        &at(&op_at),
                        format!(
                            "`{} {path}` has no `operationId`. Add a unique `operationId`: the generated method is named after it.",
                            method.to_uppercase()
                        ),
                    ));
                }
            };
            if let Some(first) = operation_ids.insert(id, op_at.clone()) {
                return Err(Error::spec(
                    &at(&pointer::push(&op_at, "operationId")),
                    format!(
                        "operationId `{id}` is also used by {}. Every operation needs its own operationId.",
                        at(&first)
                    ),
                ));
            }
            let own = parameters(
                operation.get("parameters"),
                &pointer::push(&op_at, "parameters"),
                &at,
            )?;
            // Operation parameters override path-item ones with the same name and location.
            let mut merged: Vec<Declared> = shared.clone();
            for parameter in own {
                merged.retain(|p| !(p.name == parameter.name && p.location == parameter.location));
                merged.push(parameter);
            }
            check_path_parameters(path, &template, &merged, &op_at, &at)?;
        }
    }
    Ok(())
}

fn check_version(root: &Map<String, Value>, at: &impl Fn(&str) -> Location) -> Result<()> {
    if let Some(swagger) = root.get("swagger") {
        return Err(Error::spec(
            &at("/swagger"),
            format!(
                "this is a Swagger {} document; OpenAPI 3.0 or 3.1 is needed. Convert it first (for example with swagger2openapi).",
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
    let supported = ["3.0.", "3.1."].iter().any(|prefix| {
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
                "OpenAPI version `{version}` is not supported; this generator reads OpenAPI 3.0.x and 3.1.x. Give it a 3.0 or 3.1 document."
            ),
        ));
    }
    Ok(())
}

/// A parameter as declared in a `parameters` list.
#[derive(Clone)]
struct Declared<'a> {
    name: String,
    location: String,
    at: String,
    object: &'a Map<String, Value>,
}

fn parameters<'a>(
    list: Option<&'a Value>,
    list_at: &str,
    at: &impl Fn(&str) -> Location,
) -> Result<Vec<Declared<'a>>> {
    let Some(list) = list else {
        return Ok(Vec::new());
    };
    let Value::Array(list) = list else {
        return Err(Error::spec(&at(list_at), "`parameters` must be a list."));
    };
    let mut out = Vec::new();
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
            Error::spec(&at(&p_at), format!("parameter `{name}` has no `in`. Say where it goes: `path`, `query` or `header`."))
        })?;
        match location {
            "path" | "query" | "header" => {}
            "cookie" => {
                return Err(Error::spec(
                    &at(&pointer::push(&p_at, "in")),
                    format!(
                        "parameter `{name}` is a cookie; cookie parameters are not supported. Send it as a header or query parameter if the API allows."
                    ),
                ));
            }
            other => {
                return Err(Error::spec(
                    &at(&pointer::push(&p_at, "in")),
                    format!(
                        "parameter `{name}` has `in: {other}`; it must be `path`, `query` or `header`."
                    ),
                ));
            }
        }
        if !parameter.contains_key("schema") && !parameter.contains_key("content") {
            return Err(Error::spec(
                &at(&p_at),
                format!(
                    "parameter `{name}` has no `schema`. Add one (for example `schema: {{type: string}}`)."
                ),
            ));
        }
        out.push(Declared {
            name: name.to_string(),
            location: location.to_string(),
            at: p_at,
            object: parameter,
        });
    }
    Ok(out)
}

fn check_path_parameters(
    path: &str,
    template: &BTreeSet<String>,
    parameters: &[Declared],
    op_at: &str,
    at: &impl Fn(&str) -> Location,
) -> Result<()> {
    let declared: BTreeSet<&str> = parameters
        .iter()
        .filter(|p| p.location == "path")
        .map(|p| p.name.as_str())
        .collect();
    for name in template {
        if !declared.contains(name.as_str()) {
            return Err(Error::spec(
                &at(op_at),
                format!(
                    "the path `{path}` has `{{{name}}}`, but this operation declares no path parameter `{name}`. Add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}` to its parameters."
                ),
            ));
        }
    }
    for Declared {
        name,
        location,
        at: p_at,
        object: parameter,
    } in parameters
    {
        if location != "path" {
            continue;
        }
        if !template.contains(name) {
            return Err(Error::spec(
                &at(p_at),
                format!(
                    "path parameter `{name}` does not appear in the path `{path}`. Add `{{{name}}}` to the path, or make it a query parameter."
                ),
            ));
        }
        if parameter.get("required") != Some(&Value::Bool(true)) {
            return Err(Error::spec(
                &at(p_at),
                format!(
                    "path parameter `{name}` must have `required: true`: a path cannot leave it out."
                ),
            ));
        }
    }
    Ok(())
}

/// The `{names}` in a path template.
fn template_names(path: &str) -> Result<BTreeSet<String>, String> {
    let mut names = BTreeSet::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err("it has a `}` without a `{`".into());
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("it has a `{` without a `}`")?;
        let name = &after[..close];
        if name.is_empty() || name.contains('{') {
            return Err(format!("`{{{name}}}` is not a parameter name"));
        }
        if !names.insert(name.to_string()) {
            return Err(format!("`{{{name}}}` appears twice"));
        }
        rest = &after[close + 1..];
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::template_names;

    #[test]
    fn template_names_are_read_and_malformed_templates_refused() {
        assert_eq!(
            template_names("/v2/a/{x}/b/{y}")
                .unwrap()
                .into_iter()
                .collect::<Vec<_>>(),
            vec!["x", "y"]
        );
        assert!(template_names("/v2/{x").is_err());
        assert!(template_names("/v2/x}").is_err());
        assert!(template_names("/v2/{}").is_err());
        assert!(template_names("/v2/{x}/{x}").is_err());
    }
}

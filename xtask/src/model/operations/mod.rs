//! Operations of the lowered document → [`Operation`]s.
//!
//! Every fact about an operation is read here, once: its parameters
//! (`params`), request body (`bodies`), responses and what its method
//! answers (`responses`), and its security. An operation the client cannot
//! send correctly is left out, with a warning that says why.

mod bodies;
mod params;
mod responses;

pub(crate) use bodies::{essence, is_json};
pub(crate) use params::{ENCODED, QUERYSTRING};

use std::borrow::Cow;

use openapiv3::{OpenAPI, ReferenceOr};

use super::TypeDef;
use super::operation::{Method, Operation, OperationConventions, Success, SurfaceNames};
use super::path::PathTemplate;
use super::schemas::Schemas;
use super::security::{self, SecurityScheme};
use crate::bundle::Origins;
use crate::error::{Error, Result, Warning};
use crate::names::{self, Unique};
use crate::pointer;

/// The operations the client offers, in spec order, and how many it leaves
/// out.
pub fn build(
    spec: &OpenAPI,
    types: &[TypeDef],
    schemes: &[SecurityScheme],
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<Operation>, usize)> {
    let schemas = Schemas::new(spec);
    let global_security = spec
        .security
        .as_deref()
        .map(|requirements| {
            security::requirements(
                requirements,
                schemes,
                &origins.locate("/security"),
                warnings,
            )
        })
        .unwrap_or_default();
    let mut names = Unique::default();
    let mut operations = Vec::new();
    let mut skipped = 0;
    for (raw_path, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            unreachable!("the bundler inlines path item references")
        };
        let item_at = pointer::push("/paths", raw_path);
        let path = PathTemplate::parse(raw_path).map_err(|problem| {
            Error::spec(
                &origins.locate(&item_at),
                format!("the path `{raw_path}` is not a valid template: {problem}."),
            )
        })?;
        let fixed = item.iter().map(|(key, operation)| {
            let method = Method::ALL
                .into_iter()
                .find(|m| m.key() == key)
                .expect("openapiv3 iterates the eight methods");
            (
                method,
                pointer::push(&item_at, key),
                Cow::Borrowed(operation),
            )
        });
        let additional = crate::lower::additional_operations(item, &item_at)
            .into_iter()
            .map(|(method, at, operation)| (Method::named(&method), at, Cow::Owned(operation)));
        for (method, bundled_at, operation) in fixed.chain(additional) {
            let operation = operation.as_ref();
            let at = origins.locate(&bundled_at);
            let id = operation
                .operation_id
                .clone()
                .expect("lowering gives every operation an operationId");
            let built = params::build(
                operation,
                &path,
                &schemas,
                types,
                &bundled_at,
                origins,
                warnings,
            );
            let params = match built {
                Ok(params) => params,
                Err(reason) => {
                    warnings.push(Warning {
                        location: at,
                        message: format!(
                            "`{} {raw_path}` (`{id}`) is left out of the client: {reason}",
                            method.http()
                        ),
                    });
                    skipped += 1;
                    continue;
                }
            };
            let body = bodies::build(operation, &schemas);
            let responses = responses::build(operation, &schemas);
            let upgrade = operation.extensions.contains_key("x-dropshot-websocket");
            let success = responses::success(&responses, upgrade, &bundled_at, origins, warnings);
            let stream = match success {
                Success::Upgrade => None,
                _ => responses::stream(operation, &responses, &schemas),
            };
            let alternates = responses::alternates(&responses, &success);
            let headers = match success {
                Success::Upgrade | Success::Stream => Vec::new(),
                _ => responses::success_headers(&responses),
            };
            let security = match &operation.security {
                Some(requirements) => {
                    security::requirements(requirements, schemes, &at.child("security"), warnings)
                }
                None => global_security.clone(),
            };
            let want = operation_name(&id);
            let name = names.claim(&want);
            if name != want {
                warnings.push(Warning {
                    location: at.child("operationId"),
                    message: format!(
                        "operationId `{id}` would be named `{want}` in Rust, as another operation is; it is named `{name}`"
                    ),
                });
            }
            let server = super::servers::operation_server(
                &operation.servers,
                &item.servers,
                &bundled_at,
                &item_at,
                origins,
                warnings,
            );
            operations.push(Operation {
                id,
                name,
                method,
                path: path.clone(),
                summary: text(&operation.summary),
                description: text(&operation.description),
                deprecated: operation.deprecated,
                server,
                params,
                body,
                responses,
                success,
                stream,
                alternates,
                headers,
                security,
                conventions: OperationConventions::default(),
                surface: SurfaceNames::default(),
                tags: operation.tags.clone(),
                features: Vec::new(),
                at,
            });
        }
    }
    Ok((operations, skipped))
}

fn text(value: &Option<String>) -> Option<String> {
    value.clone().filter(|s| !s.trim().is_empty())
}

/// An operation's Rust name: snake case, and usable alone or inside other
/// names (`<name>_command`, `NAME` of its constants): no keyword, no
/// leading digit or underscore.
pub(crate) fn operation_name(operation_id: &str) -> String {
    let name = names::snake(operation_id);
    let name = match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_op"),
        None => name,
    };
    let name = name.trim_start_matches('_');
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || name.ends_with('_') {
        format!("op_{}", name.trim_end_matches('_'))
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::operation_name;

    #[test]
    fn operation_names_are_plain_snake_case_identifiers() {
        for (id, method) in [
            ("webhookDispatch_get", "webhook_dispatch_get"),
            ("$ref", "ref_op"),
            ("type", "type_op"),
            ("404", "op_404"),
            ("_hidden", "hidden"),
            ("self", "op_self"),
            ("-", "value"),
        ] {
            assert_eq!(operation_name(id), method, "{id}");
        }
    }
}

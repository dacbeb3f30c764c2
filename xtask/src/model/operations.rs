//! Operations → the model the client emitters read.
//!
//! Runs on the client view of the spec (see `lower::operations`): each
//! operation has at most one request media type and one kind of success
//! response, as the client generator needs.

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, StatusCode};

use super::schemas::{Schemas, schema_ref};
use super::{TypeDef, TypeRef};
use crate::bundle::Origins;
use crate::error::{Error, Result, Warning};
use crate::names::{self, Unique};
use crate::pointer;

#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId as the spec spells it.
    pub id: String,
    /// The generated method's name (unique, `snake_case`).
    pub method: String,
    /// `GET`, `POST`, …
    pub http: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Path parameters in template order, then query and header parameters
    /// by name: the order of the generated method's arguments.
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub success: Success,
    /// A raw-body variant of an operation (see [`crate::lower::raw_view`]).
    pub raw_variant: bool,
}

#[derive(Debug, Clone)]
pub struct Param {
    /// The name in the request.
    pub api: String,
    /// The Rust argument or field name.
    pub name: String,
    pub kind: ParamKind,
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    Path,
    Query,
    Header,
}

#[derive(Debug, Clone)]
pub enum Body {
    /// progenitor sends a JSON body whether or not the spec requires one.
    Json {
        ty: TypeRef,
    },
    Form {
        ty: TypeRef,
    },
    Text {
        content_type: String,
    },
    /// Raw bytes; `content_types` lists what the spec accepts.
    Bytes {
        content_types: Vec<String>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Success {
    Json(TypeRef),
    /// The body as bytes: a non-JSON media type.
    Bytes,
    Empty,
}

pub fn build(
    spec: &OpenAPI,
    _types: &[TypeDef],
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Operation>> {
    let schemas = Schemas::new(spec).read_as_operations_do();
    let mut methods = Unique::default();
    let mut operations = Vec::new();
    for (path, item) in spec.paths.iter() {
        let ReferenceOr::Item(item) = item else {
            unreachable!("the bundler inlines path item references")
        };
        for (http, operation) in item.iter() {
            let at = pointer::push(&pointer::push("/paths", path), http);
            let id = operation
                .extensions
                .get("x-codegen-operation-id")
                .and_then(|v| v.as_str())
                .or(operation.operation_id.as_deref())
                .expect("validation requires an operationId");
            let method = operation
                .operation_id
                .clone()
                .expect("validation requires an operationId");
            methods.reserve(&method);

            let mut params = Vec::new();
            let mut unique = Unique::default();
            let declared = item.parameters.iter().chain(&operation.parameters);
            for parameter in declared {
                let ReferenceOr::Item(parameter) = parameter else {
                    unreachable!("the bundler inlines parameter references")
                };
                let (kind, data) = match parameter {
                    Parameter::Path { parameter_data, .. } => (ParamKind::Path, parameter_data),
                    Parameter::Query { parameter_data, .. } => (ParamKind::Query, parameter_data),
                    Parameter::Header { parameter_data, .. } => (ParamKind::Header, parameter_data),
                    Parameter::Cookie { .. } => {
                        unreachable!("validation refuses cookie parameters")
                    }
                };
                // An operation's parameter replaces the path item's of the same name and place.
                params.retain(|p: &Param| !(p.api == data.name && p.kind == kind));
                let ParameterSchemaOrContent::Schema(schema) = &data.format else {
                    return Err(Error::spec(
                        &origins.locate(&at),
                        format!(
                            "parameter `{}` describes its value with `content`; only `schema` is supported. Give it a `schema`.",
                            data.name
                        ),
                    ));
                };
                let (ty, nullable) = schemas.type_ref(schema_ref(schema));
                params.push(Param {
                    api: data.name.clone(),
                    name: String::new(),
                    kind,
                    ty,
                    required: data.required && !nullable,
                    doc: data.description.clone().filter(|d| !d.trim().is_empty()),
                });
            }
            let template: Vec<&str> = path
                .split('{')
                .skip(1)
                .filter_map(|s| s.split('}').next())
                .collect();
            params.sort_by(|a, b| {
                let rank = |p: &Param| match p.kind {
                    ParamKind::Path => (
                        0,
                        template.iter().position(|t| *t == p.api).unwrap_or(0),
                        String::new(),
                    ),
                    ParamKind::Query => (1, 0, p.api.clone()),
                    ParamKind::Header => (2, 0, p.api.clone()),
                };
                rank(a).cmp(&rank(b))
            });
            unique.reserve("body");
            for param in &mut params {
                param.name = unique.claim(&names::snake(&param.api));
            }

            // A body without content sends nothing, as progenitor reads it.
            let body = operation.request_body.as_ref().and_then(|body| {
                let ReferenceOr::Item(body) = body else {
                    unreachable!("the bundler inlines request body references")
                };
                let (media, content) = body.content.first()?;
                let ty = || {
                    content
                        .schema
                        .as_ref()
                        .map_or(TypeRef::Json, |s| schemas.type_ref(schema_ref(s)).0)
                };
                Some(match media.as_str() {
                    "application/json" => Body::Json { ty: ty() },
                    "application/x-www-form-urlencoded" => Body::Form { ty: ty() },
                    "text/plain" => Body::Text {
                        content_type: media.clone(),
                    },
                    _ => Body::Bytes {
                        content_types: content
                            .extensions
                            .get("x-codegen-content-types")
                            .and_then(|v| serde_json::from_value(v.clone()).ok())
                            .unwrap_or_else(|| vec![media.clone()]),
                    },
                })
            });

            let success = operation
                .responses
                .responses
                .iter()
                .filter(|(status, _)| {
                    matches!(status, StatusCode::Code(200..=299) | StatusCode::Range(2))
                })
                .map(|(_, r)| r)
                .chain(operation.responses.default.iter())
                .map(|response| {
                    let ReferenceOr::Item(response) = response else {
                        unreachable!("the bundler inlines response references")
                    };
                    match response.content.first() {
                        None => Success::Empty,
                        Some((media, content)) if media == "application/json" => {
                            Success::Json(content.schema.as_ref().map_or(TypeRef::Json, |s| {
                                let (ty, nullable) = schemas.type_ref(schema_ref(s));
                                ty.nullable_if(nullable)
                            }))
                        }
                        Some(_) => Success::Bytes,
                    }
                })
                .next()
                .unwrap_or(Success::Bytes);

            operations.push(Operation {
                id: id.to_string(),
                method,
                http: http.to_uppercase(),
                path: operation
                    .extensions
                    .get("x-codegen-path")
                    .and_then(|v| v.as_str())
                    .unwrap_or(path)
                    .to_string(),
                summary: operation.summary.clone().filter(|s| !s.trim().is_empty()),
                description: operation
                    .description
                    .clone()
                    .filter(|s| !s.trim().is_empty()),
                deprecated: operation.deprecated,
                params,
                body,
                success,
                raw_variant: operation.extensions.contains_key("x-codegen-raw-variant"),
            });
        }
    }
    let _ = warnings;
    Ok(operations)
}

//! An operation's parameters: where each goes, how it is written, its Rust
//! name and type. Built in passes, one function each: each declared
//! parameter read (`read`), the path's undeclared placeholders added
//! (`undeclared`), the whole sorted (`order`) and named (`name`).

use openapiv3::{
    HeaderStyle, Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle,
    ReferenceOr,
};

use super::super::operation::{ContentEncoding, Param, ParamLocation, ParamStyle};
use super::super::path::PathTemplate;
use super::super::schemas::{Schemas, schema_ref};
use super::super::{TypeDef, TypeRef, is_scalar};
use super::bodies::{essence, is_json};
use crate::bundle::Origins;
use crate::error::Warning;
use crate::names::{self, Unique};
use crate::pointer;

/// The parameters of `operation` (lowering put the path item's there too),
/// sorted: path parameters in template order, then query, header and
/// cookie parameters by wire name. `Err` says why the operation cannot be
/// sent (a required parameter the client cannot write).
pub(super) fn build(
    operation: &openapiv3::Operation,
    path: &PathTemplate,
    schemas: &Schemas,
    types: &[TypeDef],
    at: &str,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<Param>, String> {
    let mut reading = Reading {
        path,
        schemas,
        types,
        origins,
        warnings,
    };
    let mut params = Vec::new();
    for (i, parameter) in operation.parameters.iter().enumerate() {
        let ReferenceOr::Item(parameter) = parameter else {
            unreachable!("the bundler inlines parameter references")
        };
        let p_at = pointer::push(&pointer::push(at, "parameters"), &i.to_string());
        params.extend(reading.read(parameter, &p_at)?);
    }
    undeclared(&mut params, path, at, origins, reading.warnings);
    order(&mut params, path);
    name(&mut params);
    Ok(params)
}

/// What reading a parameter needs besides the parameter.
struct Reading<'a> {
    path: &'a PathTemplate,
    schemas: &'a Schemas<'a>,
    types: &'a [TypeDef],
    origins: &'a Origins,
    warnings: &'a mut Vec<Warning>,
}

impl Reading<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        self.warnings.push(Warning {
            location: self.origins.locate(pointer),
            message,
        });
    }

    /// One declared parameter, at `at`: `Ok(None)` when it is not sent
    /// (ignored as OpenAPI says, or left out with a warning).
    fn read(&mut self, parameter: &Parameter, at: &str) -> Result<Option<Param>, String> {
        let (location, mut style, allow_reserved, data) = placement(parameter);
        // OpenAPI: a header parameter named `Accept`, `Content-Type` or
        // `Authorization` "SHALL be ignored"; the client sets those itself
        // (from the responses, the body and the security schemes), so
        // nothing is lost.
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"]
                .iter()
                .any(|name| data.name.eq_ignore_ascii_case(name))
        {
            return Ok(None);
        }
        let (ty, nullable, maximum) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let (ty, nullable) = self.schemas.type_ref(schema_ref(schema));
                (ty, nullable, self.schemas.maximum(schema_ref(schema)))
            }
            ParameterSchemaOrContent::Content(content) => {
                // One media type, by the spec; JSON is written as JSON text.
                let json = content.iter().find(|(media, _)| is_json(media));
                match json {
                    Some((_, media)) => {
                        style = ParamStyle::Json;
                        match &media.schema {
                            Some(schema) => {
                                let (ty, nullable) = self.schemas.type_ref(schema_ref(schema));
                                (ty, nullable, None)
                            }
                            None => (TypeRef::Json, false, None),
                        }
                    }
                    // The whole query string: a form of an object, or the
                    // text given.
                    None if location == ParamLocation::QueryString => {
                        let form = content.iter().find(|(media, _)| {
                            essence(media) == "application/x-www-form-urlencoded"
                        });
                        match form.and_then(|(_, media)| media.schema.as_ref()) {
                            Some(schema) => {
                                style = ParamStyle::Form;
                                let (ty, nullable) = self.schemas.type_ref(schema_ref(schema));
                                (ty, nullable, None)
                            }
                            None => {
                                style = ParamStyle::Simple;
                                (TypeRef::String, false, None)
                            }
                        }
                    }
                    None => {
                        let reason = format!(
                            "{} parameter `{}` describes its value with `content` of a media type other than JSON, which the client cannot write",
                            location.key(),
                            data.name
                        );
                        if data.required || location == ParamLocation::Path {
                            return Err(reason);
                        }
                        self.warn(at, format!("{reason}; it is left out"));
                        return Ok(None);
                    }
                }
            }
        };
        let mut param = Param {
            wire: data.name.clone(),
            name: String::new(),
            location,
            style,
            explode: data.explode.unwrap_or(style == ParamStyle::Form),
            allow_reserved,
            required: data.required && !nullable,
            ty,
            maximum,
            doc: data.description.clone().filter(|d| !d.trim().is_empty()),
            deprecated: data.deprecated.unwrap_or(false),
            encoded: data
                .extensions
                .get(ENCODED)
                .and_then(serde_json::Value::as_str)
                .and_then(ContentEncoding::named),
            at: self.origins.locate(at),
        };
        if location == ParamLocation::Path {
            if !self.path.params().any(|name| name == data.name) {
                self.warn(
                    at,
                    format!(
                        "path parameter `{}` does not appear in the path `{}`; it is left out",
                        data.name, self.path.raw
                    ),
                );
                return Ok(None);
            }
            if !data.required {
                self.warn(
                    &pointer::push(at, "required"),
                    format!(
                        "path parameter `{}` is not marked `required: true`, but a path cannot leave it out; it is required",
                        data.name
                    ),
                );
            }
            param.required = true;
        }
        if let Some(problem) = unwritable(&param, self.types) {
            let reason = format!("{} parameter `{}` {problem}", location.key(), data.name);
            if param.required {
                return Err(reason);
            }
            self.warn(
                at,
                format!("{reason}; it is left out, so the generated method cannot set it"),
            );
            return Ok(None);
        }
        Ok(Some(param))
    }
}

/// The extension the lowering marks a `querystring` parameter with.
pub(crate) const QUERYSTRING: &str = "x-codegen-querystring";

/// The extension the lowering marks a parameter with whose value is
/// encoded JSON (see `lower::document::encoded_parameters`).
pub(crate) const ENCODED: &str = "x-codegen-encoded";

/// Where a parameter goes, its style (as declared), `allowReserved`, and
/// its data.
fn placement(parameter: &Parameter) -> (ParamLocation, ParamStyle, bool, &ParameterData) {
    match parameter {
        Parameter::Path {
            parameter_data,
            style,
        } => (
            ParamLocation::Path,
            match style {
                PathStyle::Simple => ParamStyle::Simple,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Matrix => ParamStyle::Matrix,
            },
            false,
            parameter_data,
        ),
        Parameter::Query {
            parameter_data,
            style,
            allow_reserved,
            ..
        } => (
            // The lowering marks OpenAPI 3.2's `querystring` so.
            if parameter_data.extensions.contains_key(QUERYSTRING) {
                ParamLocation::QueryString
            } else {
                ParamLocation::Query
            },
            match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            },
            *allow_reserved,
            parameter_data,
        ),
        Parameter::Header {
            parameter_data,
            style: HeaderStyle::Simple,
        } => (
            ParamLocation::Header,
            ParamStyle::Simple,
            false,
            parameter_data,
        ),
        Parameter::Cookie { parameter_data, .. } => (
            ParamLocation::Cookie,
            ParamStyle::Form,
            false,
            parameter_data,
        ),
    }
}

/// Adds a string parameter for each placeholder of the path that no
/// parameter declares.
fn undeclared(
    params: &mut Vec<Param>,
    path: &PathTemplate,
    at: &str,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) {
    for name in path.params() {
        if params
            .iter()
            .any(|p| p.location == ParamLocation::Path && p.wire == name)
        {
            continue;
        }
        warnings.push(Warning {
            location: origins.locate(at),
            message: format!(
                "the path `{}` has `{{{name}}}`, but the operation declares no path parameter `{name}`; it is taken as a string",
                path.raw
            ),
        });
        params.push(Param {
            wire: name.to_string(),
            name: String::new(),
            location: ParamLocation::Path,
            style: ParamStyle::Simple,
            explode: false,
            allow_reserved: false,
            required: true,
            ty: TypeRef::String,
            maximum: None,
            doc: None,
            deprecated: false,
            encoded: None,
            at: origins.locate(at),
        });
    }
}

/// Path parameters in template order, then query, header and cookie
/// parameters by wire name.
fn order(params: &mut [Param], path: &PathTemplate) {
    let template: Vec<&str> = path.params().collect();
    params.sort_by(|a, b| {
        let rank = |p: &Param| match p.location {
            ParamLocation::Path => (0, template.iter().position(|t| *t == p.wire).unwrap_or(0)),
            other => (other as usize, 0),
        };
        rank(a).cmp(&rank(b)).then_with(|| match a.location {
            ParamLocation::Path => std::cmp::Ordering::Equal,
            _ => a.wire.cmp(&b.wire),
        })
    });
}

/// Rust names: unique in the method; one taken one by one is none of the
/// names the generated code binds beside it (`names::BOUND`), an optional
/// one (a field and setter of an options struct) none of that struct's
/// own methods. Query, header and cookie parameters are named first, so a
/// path parameter is the one that yields (`type_path`).
fn name(params: &mut [Param]) {
    let mut unique = Unique::default();
    let apart = |p: &Param| {
        if p.required {
            names::BOUND
        } else {
            names::OPTIONS_METHODS
        }
    };
    let (path_params, others): (Vec<&mut Param>, Vec<&mut Param>) = params
        .iter_mut()
        .partition(|p| p.location == ParamLocation::Path);
    for param in others {
        param.name = unique.claim_apart(&names::snake(&param.wire), apart(param));
    }
    for param in path_params {
        let want = names::snake(&param.wire);
        param.name = if unique.is_taken(&want) || apart(param).contains(&want.as_str()) {
            unique.claim_apart(
                &names::joined(want.trim_start_matches("r#"), "path"),
                apart(param),
            )
        } else {
            unique.claim(&want)
        };
    }
}

/// Why the client cannot write `param` as its style asks, if it cannot.
fn unwritable(param: &Param, types: &[TypeDef]) -> Option<String> {
    let several = !is_scalar(&param.ty, types);
    (param.location == ParamLocation::Cookie && param.explode && several).then(|| {
        "is a list or object with `explode: true`, which a cookie cannot hold (OpenAPI's Appendix D calls `form` incorrect for several values in a cookie); declare it `explode: false`".into()
    })
}

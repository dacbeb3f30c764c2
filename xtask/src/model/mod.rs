//! Stage 4: the model of the API that every emitter reads.
//!
//! Built once from the lowered `openapiv3` document (and the codegen
//! config): the types, the operations with everything they send and answer,
//! the servers, the security schemes, and the conventions the client's
//! surface follows. It holds Rust names and shapes, nothing about how to
//! print them; no later stage looks at the document again.

mod conventions;
pub mod examples;
mod features;
mod nesting;
mod operation;
mod operations;
pub mod path;
mod recursion;
mod schemas;
mod security;
mod servers;
mod surface;
mod types;
mod unions;

use openapiv3::OpenAPI;

use crate::bundle::Origins;
use crate::config::Config;
use crate::error::{Result, Warning};

pub use conventions::{Conventions, ErrorShape, Grouping, NotFound};
pub use features::{Feature, Features};
pub(crate) use features::{TAG_PARENT, TAG_SUMMARY};
pub use operation::{
    BodyKind, Content, ContentEncoding, Envelope, Framing, Method, Operation, OperationConventions,
    PageFrom, Paging, Param, ParamLocation, ParamStyle, Payload, RequestBody, Response,
    ResponseHeader, Status, Stream, Success, SuccessCase, SurfaceNames,
};
pub(crate) use operations::{ENCODED, QUERYSTRING, essence, is_json};
pub use path::{PathPart, PathTemplate};
pub use security::{KeyPlace, SchemeKind, SecurityScheme};
pub use surface::{CLIENT_METHODS, MOCK_METHODS};

#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// Where requests go unless the user says otherwise: the first server's
    /// URL, with its variables at their defaults (or the configured one).
    pub default_base_url: Option<String>,
    /// The security schemes the client can send, in the spec's order.
    pub security: Vec<SecurityScheme>,
    pub conventions: Conventions,
    /// Sorted by name, so moving things around in the spec does not reorder
    /// the generated code.
    pub types: Vec<TypeDef>,
    /// In spec order (path, then method).
    pub operations: Vec<Operation>,
    /// Resource handles of the client's surface (empty when every method
    /// is on the client).
    pub resources: Vec<Resource>,
    /// The crate's feature per tag, and the types each compiles.
    pub features: Features,
    /// Operations in the spec that the client does not offer (each named in
    /// a warning that says why).
    pub skipped: usize,
}

impl Api {
    /// The same API with no feature per tag: everything compiled always.
    pub fn ungated(&self) -> Api {
        let mut api = self.clone();
        api.features = Features::default();
        for op in &mut api.operations {
            op.features.clear();
        }
        api
    }
}

/// The model of `spec` (a whole document), for unit tests.
#[cfg(test)]
pub(crate) fn api_of(spec: &serde_json::Value) -> Api {
    use std::hash::{Hash, Hasher};
    let text = spec.to_string();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    let dir = std::env::temp_dir().join(format!("xtask-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let entry = dir.join(format!("{:x}.json", hasher.finish()));
    std::fs::write(&entry, text).unwrap();
    let read = crate::read_spec(&entry).unwrap();
    std::fs::remove_file(&entry).unwrap();
    read.api
}

/// A resource handle: `client.webhook_dispatch(id)` → `WebhookDispatchClient`.
#[derive(Debug, Clone)]
pub struct Resource {
    /// What its operations share (the part of their operationId before `_`).
    pub key: String,
    /// The client's method that makes the handle.
    pub accessor: String,
    /// The handle's type name.
    pub handle: String,
    /// The path parameters every operation of the handle starts with (wire
    /// names, Rust names and types), held by the handle.
    pub shared: Vec<Param>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The schema's own `example`, if it gives one.
    pub example: Option<serde_json::Value>,
    /// Where the schema is in the spec, for messages.
    pub at: crate::error::Location,
    /// Whether the schema itself admits `null`: every use is then optional.
    pub nullable: bool,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enumeration; unknown values are kept.
    Enum(Vec<Variant>),
    Union(Union),
    Alias(TypeRef),
    /// An alias that refers to itself (`Tree = Vec<Tree>`): Rust aliases
    /// cannot, so it becomes a one-field struct.
    Newtype {
        ty: TypeRef,
        boxed: bool,
    },
}

#[derive(Debug, Clone)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Rust name of the map that keeps fields the spec does not list.
    pub extra: String,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    pub json: String,
    pub doc: Option<String>,
    pub deprecated: bool,
    pub ty: TypeRef,
    /// Absent values are allowed (not in `required`, or nullable).
    pub optional: bool,
    /// Whether an absent value is left out when serialising (not required).
    pub skip_if_none: bool,
    /// The field's type contains its own struct; it is boxed.
    pub boxed: bool,
    /// The property's `example`, if it gives one.
    pub example: Option<serde_json::Value>,
    /// The JSON text of the value, encoded so, is the property's string
    /// (`contentMediaType` JSON with a `contentSchema`).
    pub encoded: Option<ContentEncoding>,
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    /// The value as JSON text writes it: `ACTIVE`, or `3` for a number.
    pub value: String,
    /// The enumeration is of integers: values are JSON numbers.
    pub numeric: bool,
}

#[derive(Debug, Clone)]
pub struct Union {
    /// `Some(property)` when a discriminator property picks the variant.
    pub tag: Option<String>,
    /// An `anyOf` whose members one value may fit at once (nothing tells
    /// them apart, and `anyOf` allows a value to fit several): a struct
    /// holding the value read as each member it fits, at least one.
    pub all_that_fit: bool,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The discriminator value that selects this variant.
    pub tag_value: Option<String>,
    /// Other values of the tag that select it (a member whose tag is one
    /// of an `enum`'s values).
    pub also: Vec<String>,
    pub boxed: bool,
    /// The only properties a value of this member may have, where that
    /// (`additionalProperties: false`) is what tells the members apart:
    /// a value with any other is not tried as it.
    pub keys: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Bool,
    I32,
    I64,
    F64,
    String,
    DateTime,
    Date,
    /// Any JSON value.
    Json,
    /// A JSON object of unknown shape.
    JsonObject,
    Named(String),
    List(Box<TypeRef>),
    /// An array of exactly these items, in order (`prefixItems`).
    Tuple(Vec<TypeRef>),
    Map(Box<TypeRef>),
    /// A nullable value where there is no field to make optional: a list
    /// item, a map value, a whole response body.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// Whether its Rust type is `Copy` (numbers and booleans): such values
    /// are passed by value, the rest by reference.
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64
        )
    }

    /// The types it holds: a list's item, a map's value, a tuple's members.
    pub fn children(&self) -> Vec<&TypeRef> {
        match self {
            TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => vec![inner],
            TypeRef::Tuple(members) => members.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The named types inside it, through options, lists, maps and tuples.
    pub fn named_types(&self) -> Vec<&str> {
        match self {
            TypeRef::Named(name) => vec![name],
            other => other
                .children()
                .into_iter()
                .flat_map(Self::named_types)
                .collect(),
        }
    }

    /// How many containers (options, lists, maps, tuples) nest inside each
    /// other in it, at the deepest.
    pub fn levels(&self) -> usize {
        self.children()
            .into_iter()
            .map(|child| 1 + child.levels())
            .max()
            .unwrap_or(0)
    }

    /// `ty`, or `Option<ty>` when the value may be null.
    pub fn nullable_if(self, nullable: bool) -> TypeRef {
        if nullable && !matches!(self, TypeRef::Option(_)) {
            TypeRef::Option(Box::new(self))
        } else {
            self
        }
    }
}

/// The type named `name` (`types` is sorted by name).
pub fn find_type<'a>(types: &'a [TypeDef], name: &str) -> Option<&'a TypeDef> {
    types
        .binary_search_by(|t| t.name.as_str().cmp(name))
        .ok()
        .map(|i| &types[i])
}

/// The struct `ty` is, seeing through aliases.
pub fn struct_of<'a>(types: &'a [TypeDef], ty: &TypeRef) -> Option<&'a Struct> {
    let mut ty = ty;
    // An alias chain is finite: recursive aliases became newtypes.
    for _ in 0..types.len() + 1 {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        match &find_type(types, name)?.kind {
            TypeKind::Struct(s) => return Some(s),
            TypeKind::Alias(target) => ty = target,
            _ => return None,
        }
    }
    None
}

/// Whether values of `ty` are one string, number or boolean (so they can be
/// a path segment or a header).
pub fn is_scalar(ty: &TypeRef, types: &[TypeDef]) -> bool {
    let mut ty = ty;
    for _ in 0..types.len() + 1 {
        match ty {
            TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F64
            | TypeRef::String
            | TypeRef::DateTime
            | TypeRef::Date => return true,
            TypeRef::Option(inner) => ty = inner,
            TypeRef::Named(name) => match find_type(types, name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => return true,
                Some(TypeKind::Alias(target)) => ty = target,
                _ => return false,
            },
            TypeRef::Json
            | TypeRef::JsonObject
            | TypeRef::List(_)
            | TypeRef::Tuple(_)
            | TypeRef::Map(_) => {
                return false;
            }
        }
    }
    false
}

pub fn build(
    spec: &OpenAPI,
    config: &Config,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Result<Api> {
    let mut types = types::build(spec, origins, warnings)?;
    recursion::name_recursive_aliases(&mut types);
    recursion::box_cycles(&mut types);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    nesting::cap(&mut types, warnings);
    let security = security::schemes(spec, origins, warnings);
    let (mut operations, skipped) = operations::build(spec, &types, &security, origins, warnings)?;
    let conventions = conventions::read(spec, config, &types, &operations, origins, warnings)?;
    conventions::apply(&conventions, &types, &mut operations);
    let resources = surface::name(&conventions, &mut operations, warnings);
    let features = features::assign(
        &mut operations,
        &types,
        &[&conventions.errors.kind_type],
        &spec.tags,
    );
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec
            .info
            .description
            .clone()
            .filter(|d| !d.trim().is_empty()),
        default_base_url: servers::default_base_url(spec, config, origins, warnings),
        security,
        conventions,
        types,
        operations,
        resources,
        features,
        skipped,
    })
}

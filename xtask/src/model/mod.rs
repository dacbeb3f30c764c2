//! Stage 4: the small model of types and operations the emitters read.
//!
//! Built from the lowered `openapiv3` document; holds Rust names and shapes,
//! nothing about how to print them.

mod operations;
mod recursion;
mod schemas;
mod types;
mod unions;

use openapiv3::OpenAPI;

use crate::bundle::Origins;
use crate::error::{Result, Warning};

pub use operations::{Body, Operation, Param, ParamKind, Success};

#[derive(Debug)]
pub struct Api {
    pub title: String,
    pub version: String,
    /// Sorted by name, so moving things around in the spec does not reorder
    /// the generated code.
    pub types: Vec<TypeDef>,
    /// In spec order (path, then method).
    pub operations: Vec<Operation>,
    /// Operations whose body may also be sent raw, as raw-body operations
    /// (methods `…_raw` of the `raw_bodies` client).
    pub raw_variants: Vec<Operation>,
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub doc: Option<String>,
    pub deprecated: bool,
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
}

#[derive(Debug, Clone)]
pub struct Variant {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub struct Union {
    /// `Some(property)` when a discriminator property picks the variant.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// The discriminator value that selects this variant.
    pub tag_value: Option<String>,
    pub boxed: bool,
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
    Map(Box<TypeRef>),
    /// A nullable value where there is no field to make optional: a list
    /// item, a map value, a whole response body.
    Option(Box<TypeRef>),
}

impl TypeRef {
    /// `ty`, or `Option<ty>` when the value may be null.
    pub fn nullable_if(self, nullable: bool) -> TypeRef {
        if nullable && !matches!(self, TypeRef::Option(_)) {
            TypeRef::Option(Box::new(self))
        } else {
            self
        }
    }
}

pub fn build(
    spec: &OpenAPI,
    raw_bodies: Option<&OpenAPI>,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Result<Api> {
    let mut types = types::build(spec, origins, warnings)?;
    recursion::name_recursive_aliases(&mut types);
    recursion::box_cycles(&mut types);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    let operations = operations::build(spec, &types, origins, warnings)?;
    let raw_variants = match raw_bodies {
        Some(raw) => operations::build(raw, &types, origins, warnings)?,
        None => Vec::new(),
    };
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        types,
        operations,
        raw_variants,
    })
}

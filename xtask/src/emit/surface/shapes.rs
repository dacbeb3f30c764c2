//! What the models say about a response: an envelope to unwrap, a page of
//! a list to iterate, the type to return.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Cx, rust_type};
use crate::model::{Operation, ParamKind, Success, TypeKind, TypeRef};

/// What a method returns, and how to get it from the decoded body.
pub(super) struct Returns {
    pub ty: TokenStream,
    /// Applied to the decoded body (`body`).
    pub extract: TokenStream,
}

/// A paginated list: its page type and item type.
pub(super) struct Paging {
    pub total_is_i64: bool,
    /// The type of the `offset` and `limit` parameters.
    pub count: TypeRef,
    pub item: TypeRef,
}

impl Cx<'_> {
    fn struct_of(&self, ty: &TypeRef) -> Option<&crate::model::Struct> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        match &self.types.get(name.as_str())?.kind {
            TypeKind::Struct(s) => Some(s),
            TypeKind::Alias(target) => self.struct_of(target),
            _ => None,
        }
    }

    /// `{"data": X}` envelopes are unwrapped: methods return `X`.
    pub(super) fn envelope(&self, ty: &TypeRef) -> Option<TypeRef> {
        let s = self.struct_of(ty)?;
        match s.fields.as_slice() {
            [data] if data.json == "data" && !data.optional => Some(data.ty.clone()),
            _ => None,
        }
    }

    pub(super) fn paging(&self, op: &Operation, data: &TypeRef) -> Option<Paging> {
        let int_query = |name: &str| {
            op.params.iter().any(|p| {
                p.kind == ParamKind::Query
                    && p.api == name
                    && matches!(p.ty, TypeRef::I64 | TypeRef::I32 | TypeRef::F64)
            })
        };
        if op.http != "GET" || !int_query("offset") || !int_query("limit") {
            return None;
        }
        let s = self.struct_of(data)?;
        let field = |name: &str| s.fields.iter().find(|f| f.json == name && !f.optional);
        let TypeRef::List(item) = &field("items")?.ty else {
            return None;
        };
        let total = field("total").filter(|f| matches!(f.ty, TypeRef::I32 | TypeRef::I64))?;
        let count_types: Vec<&TypeRef> = op
            .params
            .iter()
            .filter(|p| p.kind == ParamKind::Query && (p.api == "offset" || p.api == "limit"))
            .map(|p| &p.ty)
            .collect();
        if count_types.iter().any(|t| *t != count_types[0]) {
            return None;
        }
        Some(Paging {
            total_is_i64: total.ty == TypeRef::I64,
            count: count_types[0].clone(),
            item: (**item).clone(),
        })
    }

    pub(super) fn is_list(&self, op: &Operation) -> bool {
        let Success::Json(ty) = &op.success else {
            return false;
        };
        let data = self.envelope(ty).unwrap_or_else(|| ty.clone());
        self.paging(op, &data).is_some()
    }

    pub(super) fn returns(&self, op: &Operation) -> Returns {
        match &op.success {
            Success::Empty => Returns {
                ty: quote!(()),
                extract: quote!(body),
            },
            Success::Bytes => Returns {
                ty: quote!(rt::RawBody),
                extract: quote!(body),
            },
            Success::Json(ty) => match self.envelope(ty) {
                Some(data) => Returns {
                    ty: rust_type(&data, &self.prefix()),
                    extract: quote!(body.data),
                },
                None => Returns {
                    ty: rust_type(ty, &self.prefix()),
                    extract: quote!(body),
                },
            },
        }
    }
}

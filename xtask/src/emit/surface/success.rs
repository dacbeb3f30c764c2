//! The enum of an operation's success cases, when they differ in kind
//! (`201` with a body, `202` with another, `204` with none).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Place, Surface};
use crate::emit::docs::{doc_attrs, from_spec};
use crate::model::{Operation, Payload, Status, SuccessCase, TypeRef};

impl Surface<'_> {
    pub(super) fn success_enum(
        &self,
        op: &Operation,
        name: &Ident,
        cases: &[SuccessCase],
        place: &Place,
    ) -> TokenStream {
        let doc = format!(
            " What [`{}::{}`] answers: one variant per success response.",
            place.type_name(),
            op.surface.method
        );
        let variants = cases.iter().map(|case| {
            let variant = format_ident!("{}", case.variant);
            let status = status_text(case.status);
            let text = match from_spec(Some(&case.doc)).filter(|d| !d.trim().is_empty()) {
                Some(doc) => format!("{status}: {}", doc.trim_end()),
                None => format!("{status}."),
            };
            let docs = doc_attrs(Some(&text));
            match &case.payload {
                None => quote!(#docs #variant,),
                // A named type may be large; the other variants should not
                // pay for it.
                Some(Payload::Json(ty @ TypeRef::Named(_))) => {
                    let ty = self.owned(ty);
                    quote!(#docs #variant(Box<#ty>),)
                }
                Some(Payload::Json(ty)) => {
                    let ty = self.owned(ty);
                    quote!(#docs #variant(#ty),)
                }
                Some(Payload::Bytes) => quote!(#docs #variant(rt::RawBody),),
                Some(Payload::JsonOrBytes(ty)) => {
                    let ty = self.owned(ty);
                    quote!(#docs #variant(rt::JsonOr<#ty>),)
                }
            }
        });
        let arms = cases.iter().map(|case| {
            let variant = format_ident!("{}", case.variant);
            let pattern = match case.status {
                Status::Code(code) => quote!(#code),
                Status::Range(first) => {
                    let (low, high) = (first * 100, first * 100 + 99);
                    quote!(#low..=#high)
                }
                Status::Default => quote!(_),
            };
            let value = match &case.payload {
                None => quote!(Ok(Self::#variant)),
                Some(Payload::Json(TypeRef::Named(_))) => {
                    quote!(response.json().map(|value| Self::#variant(Box::new(value))))
                }
                Some(Payload::Json(_)) => quote!(response.json().map(Self::#variant)),
                Some(Payload::Bytes) => quote!(Ok(Self::#variant(response.into_raw()))),
                Some(Payload::JsonOrBytes(_)) => quote!(response.json_or().map(Self::#variant)),
            };
            quote!(#pattern => #value,)
        });
        let catch_all = (!cases.iter().any(|c| c.status == Status::Default))
            .then(|| quote!(_ => Ok(Self::Other(response.into_raw())),));
        let docs = doc_attrs(Some(&doc));
        quote! {
            #docs
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A success the API description does not list, as it came.
                Other(rt::RawBody),
            }

            impl #name {
                fn decode(response: rt::Response) -> Result<Self, rt::Error> {
                    match response.status {
                        #(#arms)*
                        #catch_all
                    }
                }
            }
        }
    }
}

fn status_text(status: Status) -> String {
    match status {
        Status::Code(code) => format!("`{code}`"),
        Status::Range(first) => format!("`{first}XX`"),
        Status::Default => "Any other success".into(),
    }
}

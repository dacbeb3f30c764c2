//! The struct of an operation's optional parameters, with setters.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Place, Surface};
use crate::emit::docs::{doc_attrs, from_spec};
use crate::model::{Operation, ParamLocation, TypeRef};

impl Surface<'_> {
    pub(super) fn options_struct(
        &self,
        op: &Operation,
        name: &Ident,
        place: &Place,
    ) -> TokenStream {
        let params: Vec<_> = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path && !p.required)
            .collect();
        let doc = format!(
            " Optional parameters of [`{}::{}`]: `{}::default()`, then a setter\n per parameter (a parameter the API adds is a setter more).",
            place.type_name(),
            op.surface.method,
            name
        );
        let fields = params.iter().map(|p| {
            let n = format_ident!("{}", p.name);
            let t = self.owned(&p.ty);
            let docs = doc_attrs(from_spec(p.doc.as_deref()).as_deref());
            quote! { #docs pub #n: Option<#t>, }
        });
        let setters = params.iter().map(|p| {
            let n = format_ident!("{}", p.name);
            let doc = format!(" Sets [`Self::{}`].", p.name.trim_start_matches("r#"));
            match p.ty {
                TypeRef::String => quote! {
                    #[doc = #doc]
                    pub fn #n(mut self, value: impl Into<String>) -> Self {
                        self.#n = Some(value.into());
                        self
                    }
                },
                _ => {
                    let t = self.owned(&p.ty);
                    quote! {
                        #[doc = #doc]
                        pub fn #n(mut self, value: #t) -> Self {
                            self.#n = Some(value);
                            self
                        }
                    }
                }
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Default, PartialEq)]
            #[non_exhaustive]
            pub struct #name {
                #(#fields)*
            }

            impl #name {
                #(#setters)*
            }
        }
    }
}

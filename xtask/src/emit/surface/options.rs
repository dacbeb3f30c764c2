//! The struct of an operation's optional parameters, with setters.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Cx, rust_type};
use crate::emit::docs::doc_attrs;
use crate::model::{Param, TypeRef};

impl Cx<'_> {
    pub(super) fn options_struct(
        &self,
        name: &Ident,
        params: &[&Param],
        handle: &Ident,
        method: &Ident,
    ) -> TokenStream {
        let doc = format!(" Optional parameters of [`{handle}::{method}`].");
        let fields = params.iter().map(|p| {
            let n = format_ident!("{}", p.name);
            let t = rust_type(&p.ty, &self.prefix());
            let docs = doc_attrs(p.doc.as_deref());
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
                    let t = rust_type(&p.ty, &self.prefix());
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
            pub struct #name {
                #(#fields)*
            }

            impl #name {
                #(#setters)*
            }
        }
    }
}

//! What a method's twins need beyond the method: the stream a streaming
//! twin answers, the enum of media types an `…_as` twin takes, the struct
//! of headers a `…_with_headers` twin answers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Place, Surface};
use crate::emit::docs::doc_attrs;
use crate::model::{Framing, Operation, TypeRef};

/// The stream a streaming method answers, and the expression that sends
/// `call` (an `rt::Call` not yet sent) asking for it.
pub(super) fn items(cx: &Surface, op: &Operation, call: TokenStream) -> (TokenStream, TokenStream) {
    let stream = op.stream.as_ref().expect("a streaming method has a stream");
    let media = &stream.media_type;
    let sentinel = match &cx.api.conventions.stream_end {
        Some(data) => quote!(Some(#data)),
        None => quote!(None),
    };
    let item = cx.owned(&stream.item);
    let (ty, send) = match (stream.framing, &stream.item) {
        (Framing::Events, TypeRef::String) => {
            (quote!(rt::Event<String>), quote!(event_text(#sentinel)))
        }
        (Framing::Events, _) => (quote!(rt::Event<#item>), quote!(events::<#item>(#sentinel))),
        (Framing::Lines, _) => (item.clone(), quote!(lines::<#item>())),
        (Framing::JsonSeq, _) => (item.clone(), quote!(json_seq::<#item>())),
        (Framing::Multipart, TypeRef::String) => (quote!(String), quote!(text_parts())),
        (Framing::Multipart, _) => (item.clone(), quote!(json_parts::<#item>())),
    };
    (
        quote!(rt::ItemStream<#ty>),
        quote!(#call.accept(#media).#send.await),
    )
}

/// The media types an `…_as` twin can ask for.
pub(super) fn media_enum(
    op: &Operation,
    name: &proc_macro2::Ident,
    method: &str,
    place: &Place,
) -> TokenStream {
    let mut unique = crate::names::Unique::default();
    let idents: Vec<proc_macro2::Ident> = op
        .alternates
        .iter()
        .map(|media| format_ident!("{}", unique.claim(&crate::names::pascal(media, "M"))))
        .collect();
    let media = &op.alternates;
    let doc = format!(
        " The media types [`{}::{method}`] can ask for, as the API description lists them.",
        place.type_name()
    );
    let docs = media.iter().map(|media| format!(" `{media}`."));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #docs] #idents, )*
        }

        impl #name {
            /// As it is sent in `Accept`.
            pub fn as_str(self) -> &'static str {
                match self {
                    #( Self::#idents => #media, )*
                }
            }
        }
    }
}

/// The headers a `…_with_headers` twin answers, each typed as declared.
pub(super) fn headers_struct(
    cx: &Surface,
    op: &Operation,
    name: &proc_macro2::Ident,
    method: &str,
    place: &Place,
) -> TokenStream {
    let doc = format!(
        " The headers [`{}::{method}`] answers with, as the API description declares them.",
        place.type_name()
    );
    let fields = op.headers.iter().map(|h| {
        let field = format_ident!("{}", h.name);
        let ty = cx.owned(&h.ty);
        let ty = if h.required { ty } else { quote!(Option<#ty>) };
        let text = match &h.doc {
            Some(doc) => format!("`{}`: {}", h.wire, crate::rustdoc::markdown(doc).trim_end()),
            None => format!("`{}`.", h.wire),
        };
        let docs = doc_attrs(Some(&text));
        quote!(#docs pub #field: #ty,)
    });
    let reads = op.headers.iter().map(|h| {
        let (field, wire) = (format_ident!("{}", h.name), &h.wire);
        if h.required {
            quote!(#field: response.required_header(#wire)?,)
        } else {
            quote!(#field: response.header(#wire)?,)
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            fn read(response: &rt::Response) -> Result<Self, rt::Error> {
                Ok(Self { #(#reads)* })
            }
        }
    }
}

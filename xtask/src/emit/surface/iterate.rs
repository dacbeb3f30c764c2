//! `iterate`: every item of an offset/limit list, as a lazy stream; the
//! list's total read from the page or from a response header.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Place, Surface};
use crate::emit::docs::doc_attrs;
use crate::model::{Operation, PageFrom, Paging, Param, TypeRef};
use crate::names::bound;

/// The stream method `iterate` for the list method of `op`.
pub(super) fn iterate(
    cx: &Surface,
    op: &Operation,
    paging: &Paging,
    iterate: &Ident,
    positional: &[&Param],
    options_ty: &Ident,
    place: &Place,
) -> TokenStream {
    let method = format_ident!("{}", op.surface.method);
    let item = cx.owned(&paging.item);
    let (offset, limit) = (
        format_ident!("{}", paging.offset),
        format_ident!("{}", paging.limit),
    );
    let widen = |total: TokenStream| match paging.total_ty {
        TypeRef::I64 => total,
        _ => quote!(i64::from(#total)),
    };
    // Each page through the method, or, when the total is a header, through
    // its twin that answers the headers too.
    let (fetch, page) = match &paging.from {
        PageFrom::Body { items, total } => {
            let (items, total) = (format_ident!("{items}"), format_ident!("{total}"));
            let total = widen(quote!(page.#total));
            (
                method.clone(),
                quote!(rt::PageOf { total: #total, items: page.#items }),
            )
        }
        PageFrom::Headers { total, required } => {
            let twin = op
                .surface
                .headers_method
                .as_deref()
                .expect("headers paging reads the `_with_headers` twin");
            let total = format_ident!("{total}");
            // Without the header (or a number in it, when the spec
            // declares it as text), pages are read until one is empty.
            let total = match (&paging.total_ty, required) {
                (TypeRef::String, true) => {
                    quote!(page.headers.#total.trim().parse().unwrap_or(i64::MAX))
                }
                (TypeRef::String, false) => quote! {
                    page.headers.#total.as_deref()
                        .and_then(|total| total.trim().parse().ok())
                        .unwrap_or(i64::MAX)
                },
                (_, true) => widen(quote!(page.headers.#total)),
                (TypeRef::I64, false) => quote!(page.headers.#total.unwrap_or(i64::MAX)),
                (_, false) => quote!(page.headers.#total.map_or(i64::MAX, i64::from)),
            };
            (
                format_ident!("{twin}"),
                quote!(rt::PageOf { total: #total, items: page.body }),
            )
        }
    };
    let (options, this) = (bound("options"), bound("this"));
    let (page_offset, page_limit) = (bound("page_offset"), bound("page_limit"));
    // `offset` and `limit` may be `i32` or (in some specs) `number`
    // parameters; the runtime counts in `i64`.
    let (start, first_limit, narrow_offset, narrow_limit) = match paging.count {
        TypeRef::I32 => (
            quote!(#options.#offset.map_or(0, i64::from)),
            quote!(#options.#limit.map(i64::from)),
            quote!(i32::try_from(#page_offset).unwrap_or(i32::MAX)),
            quote!(#page_limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX))),
        ),
        TypeRef::F64 => (
            quote!(#options.#offset.map_or(0, |n| n as i64)),
            quote!(#options.#limit.map(|n| n as i64)),
            quote!(#page_offset as f64),
            quote!(#page_limit.map(|l| l as f64)),
        ),
        _ => (
            quote!(#options.#offset.unwrap_or(0)),
            quote!(#options.#limit),
            quote!(#page_offset),
            quote!(#page_limit),
        ),
    };
    let max_page = match paging.max_page {
        Some(max) => quote!(Some(#max)),
        None => quote!(None),
    };
    // The stream outlives this call, so it owns its arguments: each is
    // taken (`args`), made owned (`owned`), and lent to each page's call
    // (`passing`); the runtime gives each page a copy of them.
    let names: Vec<Ident> = positional
        .iter()
        .map(|p| format_ident!("{}", p.name))
        .collect();
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut passing = Vec::new();
    for (p, n) in positional.iter().zip(&names) {
        match p.ty {
            TypeRef::String => {
                args.push(quote!(#n: impl Into<String>));
                owned.push(quote!(#n.into()));
                passing.push(quote!(&#n));
            }
            ref ty if ty.is_copy() => {
                let t = cx.borrowed(ty);
                args.push(quote!(#n: #t));
                owned.push(quote!(#n));
                passing.push(quote!(#n));
            }
            _ => {
                let t = cx.borrowed(&p.ty);
                args.push(quote!(#n: #t));
                owned.push(quote!(#n.clone()));
                passing.push(quote!(&#n));
            }
        }
    }
    let doc = doc_attrs(Some(&format!(
        "Every item of [`Self::{method}`], fetching pages as the stream is read.\n\n\
         Starts at `options.{offset}` and yields at most `options.{limit}` items\n\
         (all of them when unset); each page is one request, retried like any other{}.",
        match paging.max_page {
            Some(max) => format!(", and asks for at most {max} items (the API's maximum)"),
            None => String::new(),
        }
    )));
    // The stream owns a copy of the handle, so it borrows only the client:
    // `client.webhook_dispatches().iterate(..)` can be kept.
    let (owner, lifetime) = match place {
        Place::Client => (quote!(self), quote!('_)),
        Place::Handle(_) => (quote!(self.clone()), quote!('a)),
    };
    // The stream calls the list method, deprecated or not.
    let allow = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    // The required parameters and the options.
    let many = super::method::allow_many_arguments(args.len() + 1);
    quote! {
        #doc
        #allow
        #many
        pub fn #iterate(&self, #(#args,)* #options: #options_ty)
            -> impl futures_util::Stream<Item = Result<#item, rt::Error>> + #lifetime
        {
            rt::paginate(
                #start,
                #first_limit,
                #max_page,
                (#owner, #(#owned,)* #options),
                |(#this, #(#names,)* mut #options), #page_offset, #page_limit| async move {
                    #options.#offset = Some(#narrow_offset);
                    #options.#limit = #narrow_limit;
                    #this
                        .#fetch(#(#passing,)* #options)
                        .await
                        .map(|page| #page)
                },
            )
        }
    }
}

//! Spec descriptions → rustdoc attributes.

use proc_macro2::TokenStream;
use quote::quote;

/// Text from the spec, made safe for rustdoc (see [`crate::rustdoc`]).
pub fn from_spec(text: Option<&str>) -> Option<String> {
    text.map(crate::rustdoc::markdown)
}

/// `#[doc]` attributes, one per line, for rustdoc Markdown. Text from the
/// spec goes through [`from_spec`] first; the templates' own text may link
/// to Rust items.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let lines: Vec<String> = text
        .lines()
        .map(|line| format!(" {}", line.trim_end()))
        .collect();
    quote! { #( #[doc = #lines] )* }
}

/// A second paragraph appended to a doc text.
pub fn with_note(text: Option<&str>, note: Option<&str>) -> Option<String> {
    match (text, note) {
        (Some(text), Some(note)) => Some(format!("{}\n\n{note}", text.trim_end())),
        (Some(text), None) => Some(text.to_string()),
        (None, Some(note)) => Some(note.to_string()),
        (None, None) => None,
    }
}

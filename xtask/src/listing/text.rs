//! Items as lines of text.

use quote::ToTokens;

/// Tokens as Rust is written (`Result<Option<T>, E>`, not `Result < Option
/// < T > , E >`).
pub(super) fn tidy(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let previous = out.chars().last();
        let next = chars.get(i + 1).copied();
        if c == ' ' {
            let drop = matches!(previous, Some('<' | '&' | '(' | '[' | '!' | '#'))
                || matches!(next, Some('<' | '>' | ',' | ')' | ']' | '?'))
                || (next == Some(':') && chars.get(i + 2) == Some(&':'))
                || (previous == Some(':') && out.ends_with("::"))
                || (next == Some('(')
                    && previous.is_some_and(|p| p.is_alphanumeric() || p == '>' || p == '_'))
                || (next == Some(':')
                    && previous.is_some_and(|p| p.is_alphanumeric() || p == '_' || p == '>'))
                || (previous == Some('\''));
            if drop {
                continue;
            }
        }
        // A trailing comma the generated code carries reads as noise.
        if matches!(c, '>' | ')') && out.ends_with(',') {
            out.pop();
        }
        out.push(c);
    }
    out
}

/// `pub async fn path…name<G>(args) -> R where …`.
pub(super) fn signature(sig: &syn::Signature, path: &str) -> String {
    let mut out = String::from("pub ");
    if sig.constness.is_some() {
        out.push_str("const ");
    }
    if sig.asyncness.is_some() {
        out.push_str("async ");
    }
    if !matches!(sig.safety, syn::Safety::Default) {
        out.push_str(&format!("{} ", tidy(&sig.safety)));
    }
    out.push_str("fn ");
    // `path` is the owner's path with `::` (a method), or the function's own.
    if path.ends_with("::") {
        out.push_str(path);
        out.push_str(&sig.ident.to_string());
    } else {
        out.push_str(path);
    }
    if !sig.generics.params.is_empty() {
        out.push_str(&tidy(&sig.generics));
    }
    let inputs: Vec<String> = sig.inputs.iter().map(tidy).collect();
    out.push('(');
    out.push_str(&inputs.join(", "));
    out.push(')');
    if let syn::ReturnType::Type(_, ty) = &sig.output {
        out.push_str(" -> ");
        out.push_str(&tidy(ty));
    }
    if let Some(clause) = &sig.generics.where_clause {
        out.push(' ');
        out.push_str(&tidy(clause));
    }
    out
}

/// The attributes a user of the item should see, as a prefix:
/// `#[non_exhaustive]`, `#[deprecated]`, `#[cfg(…)]`, `#[doc(hidden)]`.
pub(super) fn attributes(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| {
            a.path().is_ident("non_exhaustive")
                || a.path().is_ident("deprecated")
                || a.path().is_ident("cfg")
                || (a.path().is_ident("doc") && tidy(&a.meta).contains("hidden"))
        })
        .map(|a| format!("{} ", tidy(a)))
        .collect()
}

/// Those of an item's attributes that hold for its fields, variants and
/// methods as well: `#[cfg(…)]` and `#[doc(hidden)]`.
pub(super) fn inherited_attributes(attrs: &[syn::Attribute]) -> String {
    attrs
        .iter()
        .filter(|a| {
            a.path().is_ident("cfg")
                || (a.path().is_ident("doc") && tidy(&a.meta).contains("hidden"))
        })
        .map(|a| format!("{} ", tidy(a)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_read_as_rust_is_written() {
        let ty: syn::Type = syn::parse_quote!(Result<Option<Vec<crate::models::A>>, rt::Error>);
        assert_eq!(
            tidy(&ty),
            "Result<Option<Vec<crate::models::A>>, rt::Error>"
        );
        let ty: syn::Type = syn::parse_quote!(impl Fn(&mut reqwest::Request) + Send + 'static);
        assert_eq!(tidy(&ty), "impl Fn(&mut reqwest::Request) + Send + 'static");
        let sig: syn::Signature = syn::parse_quote!(
            async fn get<'a>(&self, id: &str, options: Options) -> Result<(), E> where E: Send
        );
        assert_eq!(
            signature(&sig, "c::Client::"),
            "pub async fn c::Client::get<'a>(&self, id: &str, options: Options) -> Result<(), E> where E: Send"
        );
        let attr: syn::Attribute = syn::parse_quote!(#[cfg(feature = "mock")]);
        assert_eq!(attributes(&[attr]), "#[cfg(feature = \"mock\")] ");
    }
}

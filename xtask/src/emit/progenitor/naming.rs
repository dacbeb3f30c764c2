//! The names progenitor works with: what its input calls each operation
//! and parameter, and how it turns those into the names of its methods
//! and their arguments.

use heck::ToSnakeCase;

use crate::model::{Operation, Param, ParamLocation};
use crate::names::Unique;

/// Methods progenitor's client has besides the operations' (its
/// constructors, and the methods of `ClientInfo` and `ClientHooks` that its
/// code calls on itself): an operation's method must not replace one.
const CLIENT_METHODS: &[&str] = &[
    "new",
    "new_with_client",
    "api_version",
    "baseurl",
    "client",
    "inner",
    "pre",
    "post",
    "exec",
];

/// The method name of each of `operations`, in their order: the model's
/// name (snake case, no keyword, so progenitor keeps it as it is), unless
/// progenitor's client has a method of that name.
pub fn method_names(operations: &[&Operation]) -> Vec<String> {
    let mut unique = Unique::default();
    CLIENT_METHODS.iter().for_each(|m| unique.reserve(m));
    // Every model name is kept where it can be, so one moved aside never
    // takes another's.
    for op in operations {
        if !CLIENT_METHODS.contains(&op.name.as_str()) {
            unique.reserve(&op.name);
        }
    }
    operations
        .iter()
        .map(|op| {
            if CLIENT_METHODS.contains(&op.name.as_str()) {
                unique.claim(&format!("{}_op", op.name))
            } else {
                op.name.clone()
            }
        })
        .collect()
}

/// The name progenitor's input gives parameter `p`: its name on the wire,
/// except for a path parameter, which is only a placeholder in the path
/// and is given its Rust name (so it is apart from the others).
pub fn input_name(p: &Param) -> String {
    match p.location {
        ParamLocation::Path => p.name.trim_start_matches("r#").to_string(),
        _ => p.wire.clone(),
    }
}

/// The argument name progenitor gives a parameter named `name` (its
/// `sanitize` with snake case): quotes dropped, every character that
/// cannot continue an identifier a word break, snake case; `_` before a
/// first character that cannot start one; `_` after a keyword.
pub fn argument_name(name: &str) -> String {
    let cased = match name {
        "+1" => "plus1".to_string(),
        "-1" => "minus1".to_string(),
        _ => name
            .replace('\'', "")
            .replace(|c: char| !unicode_ident::is_xid_continue(c), "-")
            .to_snake_case(),
    };
    let cased = match cased.chars().next() {
        None => "x".to_string(),
        Some(c) if unicode_ident::is_xid_start(c) => cased,
        Some(_) => format!("_{cased}"),
    };
    if KEYWORDS.contains(&cased.as_str()) {
        format!("{cased}_")
    } else {
        cased
    }
}

/// The names progenitor (typify's `accept_as_ident`) does not take as they
/// are.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "Self", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

#[cfg(test)]
mod tests {
    use super::argument_name;

    #[test]
    fn argument_names_follow_progenitors_casing() {
        for (name, argument) in [
            ("dispatchId", "dispatch_id"),
            ("X-Request-ID", "x_request_id"),
            ("page[size]", "page_size"),
            ("type", "type_"),
            ("123abc", "_123abc"),
            ("", "x"),
            ("+1", "plus1"),
            ("it's", "its"),
        ] {
            assert_eq!(argument_name(name), argument, "{name}");
        }
    }
}

//! Spec descriptions → rustdoc attributes.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes, one per line, for a description written in
/// CommonMark. Spec descriptions are not written for rustdoc, so two things
/// are defused: unlabelled code fences (rustdoc would compile them as
/// doctests) get the `text` label, and deep indentation outside fences (an
/// indented code block, also a doctest) is reduced.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let mut in_fence = false;
    let lines = text.trim_end().lines().map(|line| {
        let trimmed = line.trim_start();
        let line = if trimmed.starts_with("```") {
            let label = trimmed.trim_start_matches('`').trim();
            let opening = !in_fence;
            in_fence = !in_fence;
            if opening && (label.is_empty() || label == "rust") {
                "```text".to_string()
            } else {
                trimmed.to_string()
            }
        } else if in_fence {
            line.to_string()
        } else {
            let indent = line.len() - trimmed.len();
            format!("{}{trimmed}", " ".repeat(indent.min(3)))
        };
        format!(" {}", line.trim_end())
    });
    let lines: Vec<String> = lines.collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unlabelled_fences_and_indented_blocks_cannot_become_doctests() {
        let attrs = doc_attrs(Some(
            "Example:\n\n```\n{\"a\": 1}\n```\n\n        indented\n",
        ))
        .to_string();
        assert!(attrs.contains("\" ```text\""), "{attrs}");
        assert!(attrs.contains("\"    indented\""), "{attrs}");
        assert!(!attrs.contains("\"         indented\""), "{attrs}");
    }
}

//! Finding what a `$ref` points to, in this file or another.

use std::path::Path;
use std::rc::Rc;

use serde_json::Value;

use super::Bundler;
use crate::error::{Error, Location, Result, display_path};
use crate::load::Source;
use crate::pointer;

impl Bundler {
    /// Finds what `reference` (relative to `src`) points to.
    pub(super) fn resolve(
        &mut self,
        reference: &str,
        src: &Rc<Source>,
        here: &Location,
    ) -> Result<(Rc<Source>, String)> {
        let (file, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, Some(fragment)),
            None => (reference, None),
        };
        let file = beside_self(file, src);
        if file.contains("://") {
            return Err(Error::spec(
                here,
                format!(
                    "`$ref` `{reference}` is a URL; only files beside the spec can be read. Save the file next to the spec and refer to it by a relative path."
                ),
            ));
        }
        let target = if file.is_empty() {
            src.clone()
        } else {
            let relative = pointer::from_fragment(file);
            let base = src.path.parent().unwrap_or(Path::new(""));
            self.loader.load(&base.join(relative), Some(here))?
        };
        let at = fragment.map(pointer::from_fragment).unwrap_or_default();
        if !at.is_empty() && !at.starts_with('/') {
            return Err(Error::spec(
                here,
                format!(
                    "`$ref` `{reference}` has a fragment that is not a JSON pointer. Write it as `#/path/to/object`."
                ),
            ));
        }
        if target.value.pointer(&at).is_none() {
            return Err(Error::spec(
                here,
                format!(
                    "`$ref` `{reference}` points to `{}` in `{}`, which does not exist{}. Fix the pointer.",
                    if at.is_empty() { "/" } else { &at },
                    display_path(&target.path),
                    nearest_keys(&target.value, &at)
                ),
            ));
        }
        Ok((target, at))
    }
}

/// A reference's file part, made relative to its document where OpenAPI
/// 3.2's `$self` says the document is at a URL the reference starts with:
/// `$self: https://example.com/api/openapi.yaml` makes
/// `https://example.com/api/openapi.yaml` this document and
/// `https://example.com/api/common.yaml` the file `common.yaml` beside it.
fn beside_self<'r>(file: &'r str, src: &Source) -> &'r str {
    let Some(own) = src.value.get("$self").and_then(Value::as_str) else {
        return file;
    };
    let own = own.split('#').next().unwrap_or(own);
    if file == own {
        return "";
    }
    let dir = &own[..own.rfind('/').map_or(0, |i| i + 1)];
    match file.strip_prefix(dir) {
        Some(rest) if !dir.is_empty() && !rest.is_empty() => rest,
        _ => file,
    }
}

/// "; `/a` has: b, c" — what exists at the deepest part of `at` that does.
fn nearest_keys(value: &Value, at: &str) -> String {
    let mut parent = at;
    while let Some((up, _)) = pointer::split_last(parent) {
        parent = up;
        if let Some(Value::Object(object)) = value.pointer(parent) {
            let keys: Vec<&str> = object.keys().take(8).map(String::as_str).collect();
            let shown = if parent.is_empty() { "/" } else { parent };
            return format!(" (`{shown}` has: {})", keys.join(", "));
        }
    }
    String::new()
}

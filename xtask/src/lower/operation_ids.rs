//! Every operation gets a unique operationId, which names its method and
//! the types made for it.
//!
//! An operation without one gets one derived from its path and method as
//! openapi-generator derives it: the path's segments without braces, then
//! the method, in camel case (`GET /pets/{petId}` → `petsPetIdGet`, `GET /`
//! → `rootGet`). A derived or repeated operationId that is already taken
//! gets a number (`petsGet2`). Each change is a warning.

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::Lowering;
use crate::names::Unique;
use crate::pointer;
use crate::structure;

pub(super) fn operation_ids(doc: &mut Value, cx: &mut Lowering) {
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    let mut taken = Unique::default();
    // (path, method) of operations whose id is to be derived, in spec order.
    let mut missing = Vec::new();
    for (path, item) in paths.iter_mut() {
        for found in structure::operations(item) {
            let Some(Value::Object(operation)) = found.get_mut(item) else {
                continue;
            };
            let at = found.pointer(&pointer::push("/paths", path));
            match operation.get("operationId") {
                Some(Value::String(id)) if !id.trim().is_empty() => {
                    let id = id.clone();
                    let unique = taken.claim(&id);
                    if unique != id {
                        cx.warn(
                            &pointer::push(&at, "operationId"),
                            format!(
                                "operationId `{id}` is also used by another operation; this one is `{unique}`"
                            ),
                        );
                        operation.insert("operationId".into(), Value::String(unique));
                    }
                }
                _ => missing.push((path.clone(), found)),
            }
        }
    }
    for (path, found) in missing {
        let at = found.pointer(&pointer::push("/paths", &path));
        let want = derive(&path, &found.method.to_ascii_lowercase());
        let id = taken.claim(&want);
        cx.warn(
            &at,
            format!(
                "`{} {path}` has no `operationId`; it is named `{id}` (from its path and method)",
                found.method
            ),
        );
        if let Some(Value::Object(operation)) = paths.get_mut(&path).and_then(|i| found.get_mut(i))
        {
            operation.insert("operationId".into(), Value::String(id));
        }
    }
}

/// `GET /pets/{petId}` → `petsPetIdGet`.
fn derive(path: &str, method: &str) -> String {
    let mut words: Vec<&str> = path
        .split('/')
        .map(|segment| segment.trim_matches(|c| c == '{' || c == '}'))
        .filter(|segment| !segment.is_empty())
        .collect();
    if words.is_empty() {
        words.push("root");
    }
    words.push(method);
    let mut id = String::new();
    for (i, word) in words.iter().enumerate() {
        let cased = word.replace(['{', '}'], "").to_upper_camel_case();
        if i == 0 {
            let mut chars = cased.chars();
            if let Some(first) = chars.next() {
                id.extend(first.to_lowercase());
                id.push_str(chars.as_str());
            }
        } else {
            id.push_str(&cased);
        }
    }
    if id.is_empty() {
        method.to_string()
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::derive;

    #[test]
    fn ids_are_derived_from_path_and_method() {
        assert_eq!(derive("/pets/{petId}", "get"), "petsPetIdGet");
        assert_eq!(derive("/", "get"), "rootGet");
        assert_eq!(
            derive("/v2/key-value-stores/{storeId}/records", "put"),
            "v2KeyValueStoresStoreIdRecordsPut"
        );
        assert_eq!(
            derive("/files/{name}.{ext}", "delete"),
            "filesNameExtDelete"
        );
    }
}

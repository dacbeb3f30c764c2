//! The client's view of each operation: what the client generator can take,
//! decided here once, so the progenitor input and the model agree.
//!
//! `media` chooses media types (and derives the raw-body view), `parameters`
//! makes parameters something the generator can pass, `plain` strips the
//! schema keywords that would mislead it.
//!
//! - Method names: each operationId becomes a unique `snake_case` name.
//! - Request bodies: one media type. JSON is preferred; a body offered only
//!   in other types is sent as raw bytes with a content type of the caller's
//!   choosing. A body offered as JSON *and* in other types gets both: the
//!   JSON method here, and a raw-body method from [`raw_view`].
//! - Responses: only success responses are described to the client
//!   generator. Error responses are decoded by the hand-written runtime,
//!   which reads every error body the same way (and survives bodies that are
//!   not JSON at all).

mod media;
mod parameters;
mod plain;

use serde_json::{Map, Value, json};

use super::Cx;
use crate::names::{self, Unique};
use crate::pointer;
use crate::structure::HTTP_METHODS;

pub use media::raw_view;

pub(super) fn client_view(doc: &mut Value, cx: &mut Cx) {
    if let Some(Value::String(text)) = doc.pointer_mut("/info/description") {
        *text = crate::rustdoc::markdown(text);
    }
    let mut methods = Unique::default();
    let scalars = parameters::scalar_schemas(doc);
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    parameters::distinct_parameter_names(paths, cx);
    for (path, item) in paths.iter_mut() {
        let item_at = pointer::push("/paths", path);
        for method in HTTP_METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            let at = pointer::push(&item_at, method);
            rename(operation, &mut methods, &at, cx);
            // Doc comments are made of these, by progenitor and by the surface.
            for key in ["summary", "description"] {
                if let Some(Value::String(text)) = operation.get_mut(key) {
                    *text = crate::rustdoc::markdown(text);
                }
            }
            if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
                for parameter in parameters {
                    if let Some(Value::String(text)) = parameter.get_mut("description") {
                        *text = crate::rustdoc::markdown(text);
                    }
                }
            }
            let alternatives = match operation.get_mut("requestBody") {
                Some(Value::Object(body)) => media::request_body(body),
                _ => Vec::new(),
            };
            if !alternatives.is_empty() {
                operation.insert(media::RAW_ALTERNATIVE.into(), json!(alternatives));
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                media::success_responses(responses, &pointer::push(&at, "responses"), cx);
            }
            plain::plain_schemas(operation);
            parameters::text_parameters(operation, &scalars, &at, cx);
        }
    }
}

fn rename(operation: &mut Map<String, Value>, methods: &mut Unique, at: &str, cx: &mut Cx) {
    let id = operation["operationId"]
        .as_str()
        .expect("validated")
        .to_string();
    let want = method_name(&id);
    let method = methods.claim(&want);
    if method != want {
        cx.warn(
            &pointer::push(at, "operationId"),
            format!("operationId `{id}` gives the same method name as another, `{want}`; its method is `{method}`"),
        );
    }
    operation.insert("x-codegen-operation-id".into(), Value::String(id));
    operation.insert("operationId".into(), Value::String(method));
}

/// A method name that progenitor keeps as it is: snake case, no keyword
/// (it would append `_`), no leading digit or underscore (its casing drops
/// or adds those).
fn method_name(operation_id: &str) -> String {
    let name = names::snake(operation_id);
    let name = match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_op"),
        None => name,
    };
    let name = name.trim_start_matches('_');
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || name.ends_with('_') {
        format!("op_{}", name.trim_end_matches('_'))
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::method_name;

    #[test]
    fn method_names_survive_progenitor_casing() {
        for (id, method) in [
            ("webhookDispatch_get", "webhook_dispatch_get"),
            ("$ref", "ref_op"),
            ("type", "type_op"),
            ("404", "op_404"),
            ("_hidden", "hidden"),
            ("self", "op_self"),
            ("-", "value"),
        ] {
            assert_eq!(method_name(id), method, "{id}");
        }
    }
}

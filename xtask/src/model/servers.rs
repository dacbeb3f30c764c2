//! The default base URL (the configured one, else the spec's first
//! server), and the servers of single paths and operations.

use openapiv3::OpenAPI;

use crate::bundle::Origins;
use crate::config::Config;
use crate::error::Warning;

/// The first server's URL with each `{variable}` at its default, when it is
/// an absolute http(s) URL; `None` (and a warning) otherwise.
pub fn default_base_url(
    spec: &OpenAPI,
    config: &Config,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Option<String> {
    if let Some(url) = &config.base_url {
        return Some(url.trim_end_matches('/').to_string());
    }
    let server = spec.servers.first()?;
    let url = at_defaults(server);
    let at = origins.locate("/servers/0/url");
    if url.contains('{') {
        warnings.push(Warning {
            location: at,
            message: format!(
                "the server URL `{}` has a variable without a default; the client has no default base URL, so one must be given",
                server.url
            ),
        });
        return None;
    }
    if !is_http(&url) {
        warnings.push(Warning {
            location: at,
            message: format!(
                "the server URL `{url}` is not an absolute http(s) URL; the client has no default base URL, so one must be given (ending in the server's path, if it has one)"
            ),
        });
        return None;
    }
    Some(url.trim_end_matches('/').to_string())
}

/// The server an operation is sent to instead of the default one: its own
/// first server, else its path's; `None` when neither names one, or (with a
/// warning) when that server's URL is not an absolute http(s) URL once its
/// variables are at their defaults.
pub fn operation_server(
    own: &[openapiv3::Server],
    path: &[openapiv3::Server],
    at: &str,
    path_at: &str,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Option<String> {
    let (server, pointer) = match own.first() {
        Some(server) => (
            server,
            crate::pointer::push(&crate::pointer::push(at, "servers"), "0"),
        ),
        None => (
            path.first()?,
            crate::pointer::push(&crate::pointer::push(path_at, "servers"), "0"),
        ),
    };
    let url = at_defaults(server);
    if url.contains('{') || !is_http(&url) {
        warnings.push(Warning {
            location: origins.locate(&pointer),
            message: format!(
                "the server URL `{}` is not an absolute http(s) URL (with every variable at a default); the operation is sent to the client's base URL",
                server.url
            ),
        });
        return None;
    }
    Some(url.trim_end_matches('/').to_string())
}

/// `server`'s URL with each `{variable}` at its default.
fn at_defaults(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    url
}

fn is_http(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

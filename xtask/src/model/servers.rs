//! The default base URL: the configured one, else the spec's first server.

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
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
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
    if !(url.starts_with("https://") || url.starts_with("http://")) {
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

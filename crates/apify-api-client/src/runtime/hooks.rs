//! What every request of the low-level clients goes through (progenitor's
//! `pre` and `exec` hooks): the operation's credentials and `Accept`, a raw
//! body's content type, parameters written in their own style, a protocol upgrade, per-call headers, and the
//! user's own hooks.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{ACCEPT, COOKIE, HeaderMap, HeaderValue};

use super::auth::Credentials;
use crate::raw;

/// A hook on each outgoing request (see [`ClientBuilder::on_request`]).
///
/// [`ClientBuilder::on_request`]: super::ClientBuilder::on_request
pub type RequestHook = Arc<dyn Fn(&mut reqwest::Request) + Send + Sync>;

/// A hook on each response (see [`ClientBuilder::on_response`]).
///
/// [`ClientBuilder::on_response`]: super::ClientBuilder::on_response
pub type ResponseHook = Arc<dyn Fn(&reqwest::Response) + Send + Sync>;

/// What the low-level clients carry besides their URL and HTTP client.
#[derive(Clone, Default)]
pub struct Inner {
    /// The base URL, when it is the API's default: operations with servers
    /// of their own then go to those instead.
    pub(crate) default_base: Option<String>,
    pub(crate) credentials: Arc<Credentials>,
    /// Headers added to every request (see `CallOptions`).
    pub(crate) headers: HeaderMap,
    pub(crate) on_request: Option<RequestHook>,
    pub(crate) on_response: Option<ResponseHook>,
}

impl fmt::Debug for Inner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inner")
            .field("default_base", &self.default_base)
            .field("credentials", &self.credentials)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("on_request", &self.on_request.as_ref().map(|_| "<hook>"))
            .field("on_response", &self.on_response.as_ref().map(|_| "<hook>"))
            .finish()
    }
}

/// Prepares a request before it is sent: the operation's credentials,
/// `Accept`, a protocol upgrade, a raw body's content type, per-call
/// headers, then the user's hook (which sees the request as it will go).
pub(crate) fn prepare_request(inner: &Inner, request: &mut reqwest::Request, operation: &str) {
    // progenitor adds an `api-version` header for Dropshot servers; API
    // descriptions define none.
    request.headers_mut().remove("api-version");
    if let Some(op) = crate::API.operation(operation) {
        inner.credentials.apply(&crate::API, op, request);
        if let Some(accept) = op.accept.and_then(|a| HeaderValue::from_str(a).ok())
            && !request.headers().contains_key(ACCEPT)
        {
            request.headers_mut().insert(ACCEPT, accept);
        }
        if op.upgrade {
            super::upgrade::ask_for_websocket(request);
        }
        if let (Some(server), Some(base)) = (op.server, &inner.default_base) {
            to_server(request, base, server);
        }
    }
    super::body::apply_content_type(request);
    super::style::apply(request);
    for (name, value) in &inner.headers {
        request.headers_mut().insert(name, value.clone());
    }
    if let Some(hook) = &inner.on_request {
        hook(request);
    }
}

/// Adds `pair` (`name=value`) to the request's `Cookie` header, after the
/// cookies already there. The header is sensitive (kept out of `Debug`
/// and never indexed by HTTP/2) when `pair` is or the header was: a cookie
/// parameter joined to a cookie API key must not expose the key.
pub(crate) fn add_cookie(request: &mut reqwest::Request, pair: &str, sensitive: bool) {
    let headers = request.headers_mut();
    let (joined, was_sensitive) = match headers.get(COOKIE) {
        Some(existing) => (
            format!("{}; {pair}", String::from_utf8_lossy(existing.as_bytes())),
            existing.is_sensitive(),
        ),
        None => (pair.to_owned(), false),
    };
    if let Ok(mut value) = HeaderValue::from_str(&joined) {
        value.set_sensitive(sensitive || was_sensitive);
        headers.insert(COOKIE, value);
    }
}

/// Sends `request` (made for `base`) to `server` instead: the same path
/// and query after the base's.
fn to_server(request: &mut reqwest::Request, base: &str, server: &str) {
    let url = request.url().as_str();
    if let Some(rest) = url.strip_prefix(base)
        && let Ok(moved) = reqwest::Url::parse(&format!("{server}{rest}"))
    {
        *request.url_mut() = moved;
    }
}

/// Sends a prepared request, and shows its response to the user's hook.
pub(crate) async fn execute(
    inner: &Inner,
    http: &reqwest::Client,
    request: reqwest::Request,
) -> reqwest::Result<reqwest::Response> {
    let result = http.execute(request).await;
    if let (Ok(response), Some(hook)) = (&result, &inner.on_response) {
        hook(response);
    }
    result
}

impl progenitor_client::ClientHooks<Inner> for raw::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &progenitor_client::OperationInfo,
    ) -> Result<(), raw::Error<E>> {
        prepare_request(raw::ClientInfo::inner(self), request, info.operation_id);
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        _info: &progenitor_client::OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        execute(
            raw::ClientInfo::inner(self),
            raw::ClientInfo::client(self),
            request,
        )
        .await
    }
}

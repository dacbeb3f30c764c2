//! What every request goes through, whoever built it (the runtime's
//! [`Call`](super::Call) or a progenitor method): the operation's
//! credentials and `Accept`, a protocol upgrade, the client's extra
//! headers, then the user's hooks around sending it.

use std::fmt;
use std::sync::Arc;

use reqwest::header::{ACCEPT, COOKIE, HeaderMap, HeaderValue};

use super::api::Operation;
use super::auth::Credentials;

/// A hook on each outgoing request (see [`ClientBuilder::on_request`]).
///
/// [`ClientBuilder::on_request`]: super::ClientBuilder::on_request
pub type RequestHook = Arc<dyn Fn(&mut reqwest::Request) + Send + Sync>;

/// A hook on each response (see [`ClientBuilder::on_response`]).
///
/// [`ClientBuilder::on_response`]: super::ClientBuilder::on_response
pub type ResponseHook = Arc<dyn Fn(&reqwest::Response) + Send + Sync>;

/// What every call of one client shares: where requests go, how they are
/// sent and authenticated, and the user's hooks.
#[derive(Clone)]
pub(crate) struct Shared {
    /// The base URL, without a trailing `/`.
    pub base_url: String,
    /// The base URL is the API's default: operations with servers of their
    /// own then go to those instead.
    pub default_base: bool,
    pub http: reqwest::Client,
    pub credentials: Credentials,
    /// Headers added to every request (see `CallOptions`).
    pub headers: HeaderMap,
    pub on_request: Option<RequestHook>,
    pub on_response: Option<ResponseHook>,
    pub user_agent: String,
}

impl Shared {
    /// The base URL `op` is sent to: its own server while the client uses
    /// the API's default, else the client's.
    pub fn base_for(&self, op: &Operation) -> &str {
        match op.server {
            Some(server) if self.default_base => server,
            _ => &self.base_url,
        }
    }

    /// Prepares a request of `op` before it is sent: its credentials,
    /// `Accept`, a protocol upgrade, the client's extra headers, then the
    /// user's hook (which sees the request as it will go).
    pub fn prepare(&self, op: &Operation, request: &mut reqwest::Request) {
        self.credentials.apply(&crate::API, op, request);
        // The generator writes only media types a header can hold.
        if let Some(accept) = op.accept
            && !request.headers().contains_key(ACCEPT)
        {
            request
                .headers_mut()
                .insert(ACCEPT, HeaderValue::from_static(accept));
        }
        if op.upgrade {
            super::upgrade::ask_for_websocket(request);
        }
        for (name, value) in &self.headers {
            request.headers_mut().insert(name, value.clone());
        }
        if let Some(hook) = &self.on_request {
            hook(request);
        }
    }

    /// Sends a prepared request, and shows its response to the user's hook.
    pub async fn execute(&self, request: reqwest::Request) -> reqwest::Result<reqwest::Response> {
        let result = self.http.execute(request).await;
        if let (Ok(response), Some(hook)) = (&result, &self.on_response) {
            hook(response);
        }
        result
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shared")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("on_request", &self.on_request.as_ref().map(|_| "<hook>"))
            .field("on_response", &self.on_response.as_ref().map(|_| "<hook>"))
            .finish_non_exhaustive()
    }
}

/// Adds `pair` (`name=value`) to the request's `Cookie` header, after the
/// cookies already there. The header is sensitive (kept out of `Debug`
/// and never indexed by HTTP/2) when `pair` is or the header was: a cookie
/// parameter joined to a cookie API key must not expose the key.
pub(crate) fn add_cookie(headers: &mut HeaderMap, pair: &str, sensitive: bool) {
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

//! The client and its configuration.

use std::fmt;
use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderValue, USER_AGENT};

use super::error::{Error, Redactor};
use super::retry::RetryPolicy;
use crate::raw;

/// Where requests go unless configured otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.apify.com";

/// Settings for a [`Client`]. Start from [`Client::builder`] (defaults) or
/// [`ClientBuilder::from_env`] (defaults, then `APIFY_TOKEN` and
/// `APIFY_API_BASE_URL`).
#[derive(Clone)]
pub struct ClientBuilder {
    token: Option<String>,
    base_url: String,
    max_retries: u32,
    min_retry_delay: Duration,
    timeout: Duration,
    max_elapsed: Duration,
    user_agent_suffix: Option<String>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            token: None,
            base_url: DEFAULT_BASE_URL.to_owned(),
            max_retries: 8,
            min_retry_delay: Duration::from_millis(500),
            timeout: Duration::from_secs(360),
            max_elapsed: Duration::from_secs(15 * 60),
            user_agent_suffix: None,
        }
    }
}

impl ClientBuilder {
    /// The defaults, then the token from `APIFY_TOKEN` and the base URL from
    /// `APIFY_API_BASE_URL` where those are set and not empty.
    pub fn from_env() -> Self {
        let var = |name| {
            std::env::var(name)
                .ok()
                .filter(|v: &String| !v.trim().is_empty())
        };
        let defaults = Self::default();
        Self {
            token: var("APIFY_TOKEN"),
            base_url: var("APIFY_API_BASE_URL").unwrap_or(defaults.base_url.clone()),
            ..defaults
        }
    }

    /// The API token, sent as `Authorization: Bearer <token>`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Where the API is (default [`DEFAULT_BASE_URL`]).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// How many times a failed request is retried (default 8).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The delay before the first retry (default 500 ms); it doubles with
    /// each further retry, and a random part of up to as much again is added.
    pub fn min_retry_delay(mut self, delay: Duration) -> Self {
        self.min_retry_delay = delay;
        self
    }

    /// How long one attempt may take, response body included (default 360 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// No retry starts later than this after the first attempt began
    /// (default 15 minutes).
    pub fn max_elapsed_time(mut self, limit: Duration) -> Self {
        self.max_elapsed = limit;
        self
    }

    /// Text appended to the `User-Agent` header (which names this crate and
    /// its version).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.trim().trim_end_matches('/').to_owned();
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("the base URL `{base_url}` is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https")
            || parsed.query().is_some()
            || parsed.fragment().is_some()
        {
            return Err(Error::Config(format!(
                "the base URL `{base_url}` must be an http(s) URL without query or fragment"
            )));
        }

        let mut user_agent = format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent = format!("{user_agent} {suffix}");
        }
        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&user_agent).map_err(|_| {
                Error::Config("the user-agent suffix has characters a header cannot hold".into())
            })?,
        );
        let token = self.token.filter(|t| !t.is_empty());
        if let Some(token) = &token {
            // The message must not quote the token.
            let mut value = HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                Error::Config("the token has characters a header cannot hold".into())
            })?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }

        // reqwest is built without a bundled crypto provider (it builds much
        // faster); use ring unless the program has installed one already.
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(self.timeout.min(Duration::from_secs(30)))
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client cannot be built: {e}")))?;

        Ok(Client {
            raw: raw::Client::new_with_client(&base_url, http),
            policy: RetryPolicy {
                max_retries: self.max_retries,
                min_delay: self.min_retry_delay,
                timeout: self.timeout,
                max_elapsed: self.max_elapsed,
            },
            redactor: Redactor::new(token.as_deref()),
            has_token: token.is_some(),
            user_agent,
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("base_url", &self.base_url)
            .field("max_retries", &self.max_retries)
            .field("min_retry_delay", &self.min_retry_delay)
            .field("timeout", &self.timeout)
            .field("max_elapsed_time", &self.max_elapsed)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .finish()
    }
}

/// The Apify API client. Cheap to clone; clones share connections.
///
/// Resources are reached from here (`client.webhook_dispatch(id).get()`);
/// every call is authenticated, retried and decoded as described in the
/// crate documentation.
#[derive(Clone)]
pub struct Client {
    pub(crate) raw: raw::Client,
    pub(crate) policy: RetryPolicy,
    pub(crate) redactor: Redactor,
    has_token: bool,
    user_agent: String,
}

impl Client {
    /// A builder with the defaults; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from `APIFY_TOKEN` and `APIFY_API_BASE_URL`.
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env().build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        raw::ClientInfo::<()>::baseurl(&self.raw)
    }

    /// The generated low-level client: one method per operation, with
    /// authentication but without retries, path checks or typed errors.
    pub fn raw(&self) -> &raw::Client {
        &self.raw
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field(
                "token",
                &if self.has_token {
                    "<redacted>"
                } else {
                    "<none>"
                },
            )
            .field("user_agent", &self.user_agent)
            .field("max_retries", &self.policy.max_retries)
            .field("min_retry_delay", &self.policy.min_delay)
            .field("timeout", &self.policy.timeout)
            .field("max_elapsed_time", &self.policy.max_elapsed)
            .finish()
    }
}

/// What every request goes through before it is sent (progenitor's `pre`
/// hook, for each generated client).
pub(crate) fn prepare_request(request: &mut reqwest::Request) {
    // progenitor adds an `api-version` header for Dropshot servers; the
    // Apify API defines none.
    request.headers_mut().remove("api-version");
    super::body::apply_content_type(request);
}

impl progenitor_client::ClientHooks<()> for raw::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &progenitor_client::OperationInfo,
    ) -> Result<(), raw::Error<E>> {
        prepare_request(request);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use progenitor_client::{ClientHooks, OperationInfo};

    use super::super::body::with_content_type;
    use super::*;

    async fn prepared(client: &raw::Client) -> reqwest::Request {
        let mut request =
            reqwest::Request::new(reqwest::Method::POST, "http://127.0.0.1/x".parse().unwrap());
        request
            .headers_mut()
            .insert("api-version", HeaderValue::from_static("v2"));
        request.headers_mut().insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/octet-stream"),
        );
        let info = OperationInfo { operation_id: "x" };
        ClientHooks::pre::<()>(client, &mut request, &info)
            .await
            .unwrap();
        request
    }

    #[tokio::test]
    async fn the_pre_hook_drops_api_version_and_applies_the_chosen_content_type() {
        let client = Client::builder().build().unwrap();
        let plain = prepared(&client.raw).await;
        assert!(plain.headers().get("api-version").is_none());
        assert_eq!(
            plain.headers()[reqwest::header::CONTENT_TYPE],
            "application/octet-stream"
        );

        let labelled = with_content_type("text/csv", async { Ok(prepared(&client.raw).await) })
            .await
            .unwrap();
        assert_eq!(
            labelled.headers()[reqwest::header::CONTENT_TYPE],
            "text/csv"
        );

        let refused = with_content_type("bad\nvalue", async { Ok(()) }).await;
        assert!(matches!(
            refused,
            Err(Error::InvalidArgument {
                name: "content_type",
                ..
            })
        ));
    }
}

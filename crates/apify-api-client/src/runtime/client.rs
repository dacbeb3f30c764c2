//! The client and its configuration.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};

use super::auth::{Credentials, Secret};
use super::error::{Error, Redactor};
use super::request::{RequestHook, ResponseHook, Shared};
use super::retry::RetryPolicy;
use super::stream::{DEFAULT_MAX_ITEM_BYTES, DEFAULT_STREAM_IDLE_TIMEOUT};

/// Settings for a [`Client`]. Start from [`Client::builder`] (defaults) or
/// [`ClientBuilder::from_env`] (defaults, then the environment).
#[derive(Clone)]
pub struct ClientBuilder {
    credentials: Credentials,
    http: Option<reqwest::Client>,
    on_request: Option<RequestHook>,
    on_response: Option<ResponseHook>,
    base_url: Option<String>,
    max_retries: u32,
    min_retry_delay: Duration,
    timeout: Duration,
    max_elapsed: Duration,
    max_response_bytes: u64,
    max_item_bytes: u64,
    stream_idle_timeout: Duration,
    resume_events: bool,
    user_agent_suffix: Option<String>,
}

/// The largest response body a [`Client`] reads, unless told otherwise
/// ([`ClientBuilder::max_response_bytes`]): 64 MiB, generous for JSON.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 << 20;

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            credentials: Credentials::default(),
            http: None,
            on_request: None,
            on_response: None,
            base_url: crate::API.default_base_url.map(str::to_owned),
            max_retries: 8,
            min_retry_delay: Duration::from_millis(500),
            timeout: Duration::from_secs(360),
            max_elapsed: Duration::from_secs(15 * 60),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_item_bytes: DEFAULT_MAX_ITEM_BYTES,
            stream_idle_timeout: DEFAULT_STREAM_IDLE_TIMEOUT,
            resume_events: false,
            user_agent_suffix: None,
        }
    }
}

impl ClientBuilder {
    /// The defaults, then from the environment, each where it is set and
    /// not empty: the base URL, and the credentials the API takes (token,
    /// username and password, API key). [`crate::ENV`] has the names.
    pub fn from_env() -> Self {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .filter(|v: &String| !v.trim().is_empty())
        };
        let env = &crate::ENV;
        let mut builder = Self::default();
        if let Some(url) = var(env.base_url) {
            builder.base_url = Some(url);
        }
        // `ENV` names only what the API takes: a token set for another API
        // is no reason to refuse this one.
        builder.credentials.token = env.token.and_then(var).map(Secret);
        if let (Some(user), Some(password)) =
            (env.username.and_then(var), env.password.and_then(var))
        {
            builder.credentials.basic = Some((user, Secret(password)));
        }
        builder.credentials.api_key = env.api_key.and_then(var).map(Secret);
        builder
    }

    /// The token for bearer authentication (`Authorization: Bearer …`).
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.credentials.token = Some(Secret(token.into())).filter(|t| !t.0.is_empty());
        self
    }

    /// The username and password for HTTP basic authentication.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.basic = Some((username.into(), Secret(password.into())));
        self
    }

    /// The key for every API key scheme (a header, query parameter or
    /// cookie, as the API description says) without a key of its own.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.credentials.api_key = Some(Secret(key.into())).filter(|k| !k.0.is_empty());
        self
    }

    /// The key for the API key scheme named `scheme` in the API description.
    pub fn scheme_key(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        let scheme = scheme.into();
        self.credentials
            .scheme_keys
            .retain(|(name, _)| *name != scheme);
        self.credentials
            .scheme_keys
            .push((scheme, Secret(key.into())));
        self
    }

    /// Where the API is (default: the server its description names, if it
    /// names one).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
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

    /// The largest response body the client reads (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`], 64 MiB). A larger one ends the call
    /// with [`Error::TooLarge`]: at once when its `Content-Length` says so,
    /// else as soon as the bytes read pass the limit, so a misbehaving
    /// server cannot make the client hold more. Some calls may read more
    /// (or less) with [`CallOptions`](super::CallOptions).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The most one item of a stream may hold (default
    /// [`DEFAULT_MAX_ITEM_BYTES`], 16 MiB; for an event, its data). A
    /// larger one ends the stream with [`Error::ItemTooLarge`] as soon as
    /// the bytes held pass the limit: a stream is read in memory bounded by
    /// this, however long it runs.
    pub fn max_item_bytes(mut self, limit: u64) -> Self {
        self.max_item_bytes = limit;
        self
    }

    /// How long a stream may go without a byte (default
    /// [`DEFAULT_STREAM_IDLE_TIMEOUT`], two minutes) before it ends with
    /// [`Error::Stream`]. The call's [`timeout`](Self::timeout) covers the
    /// wait for the stream's head; this, each gap between its bytes.
    pub fn stream_idle_timeout(mut self, idle: Duration) -> Self {
        self.stream_idle_timeout = idle;
        self
    }

    /// Whether an event stream that breaks off is resumed (default: no):
    /// the call is made again after the server's `retry` time (or the
    /// minimum retry delay), with `Last-Event-ID` naming the last event
    /// seen, up to [`max_retries`](Self::max_retries) times in a row. The
    /// server decides what it sends again; without an event ID it may start
    /// over.
    pub fn resume_events(mut self, resume: bool) -> Self {
        self.resume_events = resume;
        self
    }

    /// Text appended to the `User-Agent` header (which names this crate and
    /// its version).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Sends requests with this HTTP client (its proxy, TLS and connection
    /// settings) instead of one of its own. Its default headers stand; the
    /// `User-Agent` and connect timeout set here apply only to the client
    /// this builder would make. (This crate builds reqwest with rustls but
    /// no process-wide crypto provider: its own client is given ring; one
    /// built elsewhere needs TLS settings of its own, or a provider the
    /// program installs.)
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Calls `hook` with every request just before it is sent (each attempt
    /// of each call), after credentials and headers are set: to add a
    /// header, sign the request, or record it.
    pub fn on_request(
        mut self,
        hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static,
    ) -> Self {
        self.on_request = Some(std::sync::Arc::new(hook));
        self
    }

    /// Calls `hook` with every response as it arrives (each attempt of each
    /// call, before its body is read): for metrics, or to read rate-limit
    /// headers.
    pub fn on_response(
        mut self,
        hook: impl Fn(&reqwest::Response) + Send + Sync + 'static,
    ) -> Self {
        self.on_response = Some(std::sync::Arc::new(hook));
        self
    }

    pub fn build(mut self) -> Result<Client, Error> {
        let Some(base_url) = self.base_url else {
            return Err(Error::Config(format!(
                "no base URL: the API description names no server to default to; call `base_url` or set {}",
                crate::ENV.base_url
            )));
        };
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
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
        self.credentials.check(&crate::API)?;

        let mut user_agent = format!("{}/{}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION"));
        if let Some(suffix) = &self.user_agent_suffix {
            user_agent = format!("{user_agent} {suffix}");
        }
        let http = match self.http {
            Some(http) => http,
            None => own_http_client(&user_agent, self.timeout)?,
        };

        let redactor = Redactor::new(self.credentials.secrets());
        let default_base = crate::API
            .default_base_url
            .is_some_and(|default| default.trim_end_matches('/') == base_url);
        Ok(Client {
            shared: Arc::new(Shared {
                base_url,
                default_base,
                http,
                credentials: self.credentials,
                headers: HeaderMap::new(),
                on_request: self.on_request,
                on_response: self.on_response,
                user_agent,
            }),
            policy: RetryPolicy {
                max_retries: self.max_retries,
                min_delay: self.min_retry_delay,
                timeout: self.timeout,
                max_elapsed: self.max_elapsed,
                max_response_bytes: self.max_response_bytes,
                max_item_bytes: self.max_item_bytes,
                stream_idle_timeout: self.stream_idle_timeout,
                resume_events: self.resume_events,
            },
            redactor,
        })
    }
}

/// The HTTP client a builder makes when it is given none.
fn own_http_client(user_agent: &str, timeout: Duration) -> Result<reqwest::Client, Error> {
    let mut headers = HeaderMap::new();
    headers.insert(
        USER_AGENT,
        HeaderValue::from_str(user_agent).map_err(|_| {
            Error::Config("the user-agent suffix has characters a header cannot hold".into())
        })?,
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .connect_timeout(timeout.min(Duration::from_secs(30)))
        .tls_backend_preconfigured(tls_config()?)
        .build()
        .map_err(|e| Error::Config(format!("the HTTP client cannot be built: {e}")))
}

/// TLS with ring as this client's own crypto provider and the platform's
/// certificate verifier. The provider is given to this configuration only:
/// the process's default (`CryptoProvider::install_default`) stays the
/// program's to choose, before or after a client is built.
fn tls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::Config(format!("TLS cannot be set up: {e}")))?
        .with_no_client_auth();
    // The client speaks HTTP/1.1 only, as reqwest's own configuration says.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("base_url", &self.base_url)
            .field("max_retries", &self.max_retries)
            .field("min_retry_delay", &self.min_retry_delay)
            .field("timeout", &self.timeout)
            .field("max_elapsed_time", &self.max_elapsed)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_item_bytes", &self.max_item_bytes)
            .field("stream_idle_timeout", &self.stream_idle_timeout)
            .field("resume_events", &self.resume_events)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("http_client", &self.http.as_ref().map(|_| "<given>"))
            .field("on_request", &self.on_request.as_ref().map(|_| "<hook>"))
            .field("on_response", &self.on_response.as_ref().map(|_| "<hook>"))
            .finish()
    }
}

/// The API client. Cheap to clone; clones share connections.
///
/// Every call is authenticated as its operation asks, retried, and decoded
/// as described in the crate documentation.
#[derive(Clone)]
pub struct Client {
    pub(crate) shared: Arc<Shared>,
    pub(crate) policy: RetryPolicy,
    pub(crate) redactor: Redactor,
}

impl Client {
    /// A builder with the defaults; see [`ClientBuilder`].
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment; see
    /// [`ClientBuilder::from_env`].
    pub fn from_env() -> Result<Client, Error> {
        ClientBuilder::from_env().build()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = &self.shared.credentials;
        let shown = |set: bool| if set { "<redacted>" } else { "<none>" };
        let mut out = f.debug_struct("Client");
        out.field("base_url", &self.base_url());
        // One field per kind of credential the API takes.
        if crate::ENV.token.is_some() {
            out.field("token", &shown(credentials.token.is_some()));
        }
        if crate::ENV.username.is_some() {
            out.field("basic_auth", &shown(credentials.basic.is_some()));
        }
        if crate::ENV.api_key.is_some() {
            let set = credentials.api_key.is_some() || !credentials.scheme_keys.is_empty();
            out.field("api_key", &shown(set));
        }
        out.field("user_agent", &self.shared.user_agent)
            .field("max_retries", &self.policy.max_retries)
            .field("min_retry_delay", &self.policy.min_delay)
            .field("timeout", &self.policy.timeout)
            .field("max_elapsed_time", &self.policy.max_elapsed)
            .field("max_response_bytes", &self.policy.max_response_bytes)
            .field("max_item_bytes", &self.policy.max_item_bytes)
            .field("stream_idle_timeout", &self.policy.stream_idle_timeout)
            .field("resume_events", &self.policy.resume_events)
            .finish()
    }
}

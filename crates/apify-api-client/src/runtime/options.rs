//! Per-call settings: a different timeout, number of retries or extra
//! headers for some calls, on the same connections and credentials.

use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};

use super::client::Client;
use super::error::Error;
use super::request::Shared;

/// Settings for some calls that differ from the client's (see
/// [`Client::with_options`]): a short timeout for a health probe, no
/// retries for a call that must not be repeated, a header for one request.
#[derive(Debug, Clone, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_bytes: Option<u64>,
    max_item_bytes: Option<u64>,
    stream_idle_timeout: Option<Duration>,
    resume_events: Option<bool>,
    headers: Vec<(String, String)>,
}

impl CallOptions {
    pub fn new() -> Self {
        Self::default()
    }

    /// How long one attempt may take, response body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed request is retried (`0`: never).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The largest response body these calls read (see
    /// [`ClientBuilder::max_response_bytes`](super::client::ClientBuilder::max_response_bytes)).
    pub fn max_response_bytes(mut self, limit: u64) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// The most one item of a stream may hold (see
    /// [`ClientBuilder::max_item_bytes`](super::client::ClientBuilder::max_item_bytes)).
    pub fn max_item_bytes(mut self, limit: u64) -> Self {
        self.max_item_bytes = Some(limit);
        self
    }

    /// How long a stream may go without a byte (see
    /// [`ClientBuilder::stream_idle_timeout`](super::client::ClientBuilder::stream_idle_timeout)).
    pub fn stream_idle_timeout(mut self, idle: Duration) -> Self {
        self.stream_idle_timeout = Some(idle);
        self
    }

    /// Whether an event stream that breaks off is resumed (see
    /// [`ClientBuilder::resume_events`](super::client::ClientBuilder::resume_events)).
    pub fn resume_events(mut self, resume: bool) -> Self {
        self.resume_events = Some(resume);
        self
    }

    /// A header sent with each request (replacing one of that name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

impl Client {
    /// This client with `options` for the calls made through what it
    /// returns: `client.with_options(CallOptions::new().max_retries(0))?
    /// .webhook_dispatch(id).get()`. The connections and credentials are
    /// shared; nothing is built anew.
    pub fn with_options(&self, options: CallOptions) -> Result<Client, Error> {
        let mut client = self.clone();
        if let Some(timeout) = options.timeout {
            client.policy.timeout = timeout;
        }
        if let Some(retries) = options.max_retries {
            client.policy.max_retries = retries;
        }
        if let Some(limit) = options.max_response_bytes {
            client.policy.max_response_bytes = limit;
        }
        if let Some(limit) = options.max_item_bytes {
            client.policy.max_item_bytes = limit;
        }
        if let Some(idle) = options.stream_idle_timeout {
            client.policy.stream_idle_timeout = idle;
        }
        if let Some(resume) = options.resume_events {
            client.policy.resume_events = resume;
        }
        if options.headers.is_empty() {
            return Ok(client);
        }
        let mut headers = client.shared.headers.clone();
        for (name, value) in options.headers {
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::Config(format!("`{name}` cannot be the name of a header")))?;
            // The message must not quote the value: it may be a secret.
            let value = HeaderValue::from_str(&value).map_err(|_| {
                Error::Config(format!(
                    "the value of header `{name}` has characters a header cannot hold"
                ))
            })?;
            headers.insert(header, value);
        }
        client.shared = std::sync::Arc::new(Shared {
            headers,
            ..Shared::clone(&client.shared)
        });
        Ok(client)
    }
}

//! Sending one operation: retries, timeouts, and turning every failure into
//! an [`Error`].
//!
//! As the best API clients do: 429, every 5xx and transport failures
//! (refused, reset, timed out) are retried with randomised exponential
//! backoff (the n-th retry waits a random delay in `[d, 2d)`, `d` starting
//! at the minimum delay and doubling); a `Retry-After` header raises the
//! delay to what it asks. Retries stop after the configured count, or when
//! the next one would start later than the configured total time. Other 4xx
//! answers are never retried.
//!
//! Each call is a `tracing` span (`call`, with the operationId, method and
//! path template); each attempt ends with an event (attempt number, status
//! or failure, duration), and each retry with one saying how long it waits.
//! No header, query or body is ever recorded.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};
use bytes::Bytes;
use reqwest::header::HeaderMap;
use tracing::Instrument;

use super::api::Operation;
use super::body::{self, Failed, Head, Response};
use super::client::Client;
use super::error::{ApiError, Error};
use crate::ApiErrorType;

/// One attempt: a request made and its answer awaited.
pub(crate) type AttemptFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Failed>> + Send + 'a>>;

/// Makes one attempt each time it is called.
pub(crate) type Attempts<'a, T> = dyn Fn() -> AttemptFuture<'a, T> + Sync + 'a;

/// The most of an error response's body that is read.
const MAX_ERROR_BODY_BYTES: u64 = 1 << 20;

/// A successful attempt's status, for the attempt's event.
pub(crate) trait Answered {
    fn status(&self) -> u16;
}

impl Answered for (u16, HeaderMap, Bytes) {
    fn status(&self) -> u16 {
        self.0
    }
}

impl Answered for Head {
    fn status(&self) -> u16 {
        self.status
    }
}

impl Answered for reqwest::Upgraded {
    fn status(&self) -> u16 {
        101
    }
}

#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub min_delay: Duration,
    pub timeout: Duration,
    pub max_elapsed: Duration,
    pub max_response_bytes: u64,
    /// The most one item of a stream may hold.
    pub max_item_bytes: u64,
    /// How long a stream may go without a byte.
    pub stream_idle_timeout: Duration,
    /// Whether an event stream that breaks off is resumed.
    pub resume_events: bool,
}

/// How one attempt failed.
enum Failure {
    Api(ApiError, Option<Duration>),
    Transport {
        reason: String,
        source: Option<reqwest::Error>,
        path: Option<String>,
        retryable: bool,
    },
    Invalid(String),
    /// The body is larger than the client reads; its `Content-Length`.
    TooLarge(Option<u64>),
}

impl Failure {
    fn is_retryable(&self) -> bool {
        match self {
            Failure::Api(e, _) => e.status == 429 || e.status >= 500,
            Failure::Transport { retryable, .. } => *retryable,
            Failure::Invalid(_) | Failure::TooLarge(_) => false,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Failure::Api(_, retry_after) => *retry_after,
            _ => None,
        }
    }

    fn status(&self) -> Option<u16> {
        match self {
            Failure::Api(error, _) => Some(error.status),
            _ => None,
        }
    }

    /// What went wrong, for the attempt's event: never a message from the
    /// server (which might echo a secret) beyond its error type, redacted.
    fn summary(&self) -> String {
        match self {
            Failure::Api(error, _) => match error.error_type_str() {
                Some(kind) => format!("HTTP {} {}", error.status, error.redactor.clean(kind)),
                None => format!("HTTP {}", error.status),
            },
            // Made from reqwest's error and cleaned when it was made.
            Failure::Transport { reason, .. } => reason.clone(),
            Failure::Invalid(_) => "the request could not be made".into(),
            Failure::TooLarge(_) => "the response body is too large".into(),
        }
    }
}

/// Sends an operation and reads its success response whole: `attempt`
/// makes one request, and is called again for each retry.
pub(crate) async fn send_reading<F, Fut>(
    client: &Client,
    operation: &'static Operation,
    attempt: &F,
) -> Result<Response, Error>
where
    F: Fn() -> Fut + Sync,
    Fut: Future<Output = Result<Head, Failed>> + Send,
{
    let limit = client.policy.max_response_bytes;
    let (status, headers, bytes) = retrying(client, operation, &|| {
        let head = attempt();
        Box::pin(async move { body::read(head.await?, limit).await })
    })
    .await?;
    Ok(Response {
        status,
        headers,
        bytes,
        operation,
        redactor: client.redactor.clone(),
    })
}

/// Makes attempts with `attempt` until one succeeds or retrying ends.
/// (Not generic over the attempt: one copy serves every operation.)
pub(crate) async fn retrying<'a, T: Answered + Send>(
    client: &Client,
    operation: &'static Operation,
    attempt: &Attempts<'a, T>,
) -> Result<T, Error> {
    let span = tracing::info_span!(
        "call",
        operation = operation.id,
        method = operation.method,
        path = operation.path
    );
    attempts(client, operation, attempt).instrument(span).await
}

async fn attempts<'a, T: Answered + Send>(
    client: &Client,
    operation: &'static Operation,
    call: &Attempts<'a, T>,
) -> Result<T, Error> {
    let policy = &client.policy;
    let started = Instant::now();
    // The delays before each retry; `None` once the retries are used up.
    let mut delays = ExponentialBuilder::new()
        .with_min_delay(policy.min_delay)
        .with_factor(2.0)
        .with_jitter()
        .without_max_delay()
        .with_max_times(policy.max_retries as usize)
        .build();
    let mut number = 0;
    loop {
        number += 1;
        let failure = match attempt(client, operation, call, number).await {
            Ok(answer) => return Ok(answer),
            Err(failure) => failure,
        };
        let delay = failure
            .is_retryable()
            .then(|| delays.next())
            .flatten()
            .map(|delay| {
                failure
                    .retry_after()
                    .map_or(delay, |asked| asked.max(delay))
            })
            .filter(|delay| started.elapsed() + *delay <= policy.max_elapsed);
        let Some(delay) = delay else {
            return Err(final_error(client, failure, number, operation));
        };
        tracing::info!(
            attempt = number,
            delay_ms = delay.as_millis() as u64,
            error = %failure.summary(),
            "retrying"
        );
        tokio::time::sleep(delay).await;
    }
}

/// Attempt `number`: its request, answered within the attempt's time (an
/// error body read too), and an event saying how it went.
async fn attempt<'a, T: Answered + Send>(
    client: &Client,
    operation: &'static Operation,
    call: &Attempts<'a, T>,
    number: u32,
) -> Result<T, Failure> {
    let timeout = client.policy.timeout;
    // The attempt's duration is of interest to its event only.
    let began = tracing::enabled!(tracing::Level::DEBUG).then(Instant::now);
    let answered = async {
        match call().await {
            Ok(answer) => Ok(answer),
            // Boxed: reading an error is the rarer path, and its state
            // would make every call's future larger.
            Err(failed) => Err(Box::pin(classify(client, failed, number, operation)).await),
        }
    };
    let outcome = match tokio::time::timeout(timeout, answered).await {
        Ok(outcome) => outcome,
        Err(_) => Err(Failure::Transport {
            reason: format!("the attempt timed out after {timeout:?}"),
            source: None,
            path: None,
            retryable: true,
        }),
    };
    if let Some(began) = began {
        let duration_ms = began.elapsed().as_millis() as u64;
        match &outcome {
            Ok(answer) => tracing::debug!(
                attempt = number,
                status = answer.status(),
                duration_ms,
                "attempt succeeded"
            ),
            Err(failure) => tracing::debug!(
                attempt = number,
                status = failure.status(),
                duration_ms,
                error = %failure.summary(),
                "attempt failed"
            ),
        }
    }
    outcome
}

async fn classify(client: &Client, failed: Failed, attempt: u32, operation: &Operation) -> Failure {
    match failed {
        Failed::Status(response) => {
            let status = response.status().as_u16();
            let path = response.url().path().to_owned();
            let retry_after = retry_after(response.headers());
            let limit = client.policy.max_response_bytes.min(MAX_ERROR_BODY_BYTES);
            match body::read_prefix(*response, limit).await {
                Ok(body) => Failure::Api(
                    api_error(client, status, &body, attempt, operation.method, path),
                    retry_after,
                ),
                Err(source) => Failure::Transport {
                    reason: format!("the HTTP {status} response could not be read: {source}"),
                    source: Some(source),
                    path: Some(path),
                    retryable: true,
                },
            }
        }
        Failed::Transport(source) => Failure::Transport {
            reason: client.redactor.clean(&describe(&source)),
            path: source.url().map(|u| u.path().to_owned()),
            retryable: !source.is_builder(),
            // The URL may hold an API key in its query.
            source: Some(source.without_url()),
        },
        Failed::Invalid(reason) => Failure::Invalid(reason),
        Failed::TooLarge(length) => Failure::TooLarge(length),
    }
}

/// An [`ApiError`] from an error response, whatever its body holds:
/// its type and message are read where the API description keeps them.
fn api_error(
    client: &Client,
    status: u16,
    body: &[u8],
    attempt: u32,
    method: &str,
    path: String,
) -> ApiError {
    let shape = &crate::API.errors;
    let parsed: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let text_at = |pointer: Option<&str>| {
        let value = parsed.as_ref()?.pointer(pointer?)?;
        match value {
            serde_json::Value::String(text) => Some(text.clone()),
            serde_json::Value::Number(number) => Some(number.to_string()),
            _ => None,
        }
    };
    let error_type = text_at(shape.kind);
    let message = text_at(shape.message);
    let body_excerpt =
        (error_type.is_none() && message.is_none()).then(|| client.redactor.excerpt(body));
    #[allow(
        clippy::useless_conversion,
        reason = "`ApiErrorType` is text for APIs that list no error types"
    )]
    let error_type = error_type.map(ApiErrorType::from);
    ApiError {
        status,
        error_type,
        message,
        body_excerpt,
        attempt,
        method: method.to_owned(),
        path,
        redactor: client.redactor.clone(),
    }
}

/// The error a call ends with, after its last attempt.
fn final_error(client: &Client, failure: Failure, attempts: u32, operation: &Operation) -> Error {
    let method = operation.method.to_owned();
    match failure {
        Failure::Api(error, _) => error.into(),
        Failure::Transport {
            reason,
            source,
            path,
            ..
        } => Error::Transport {
            method,
            path: path.unwrap_or_else(|| operation.path.to_owned()),
            attempts,
            reason,
            source,
        },
        Failure::Invalid(reason) => Error::InvalidArgument {
            name: "request",
            reason: client.redactor.clean(&reason),
        },
        Failure::TooLarge(length) => Error::TooLarge {
            method,
            path: operation.path.to_owned(),
            limit: client.policy.max_response_bytes,
            length,
        },
    }
}

/// `Retry-After` as seconds or as an HTTP date.
fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

/// reqwest's message plus its causes ("error sending request: connection refused").
fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(30));
        headers.insert("retry-after", later.parse().unwrap());
        let parsed = retry_after(&headers).unwrap();
        assert!(
            parsed > Duration::from_secs(27) && parsed <= Duration::from_secs(30),
            "{parsed:?}"
        );
        headers.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}

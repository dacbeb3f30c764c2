//! Sending one operation: retries, timeouts, and turning every failure into
//! an [`Error`].
//!
//! Like Apify's own clients: 429, every 5xx and transport failures
//! (refused, reset, timed out) are retried with randomised exponential
//! backoff (the n-th retry waits a random delay in `[d, 2d)`, `d` starting
//! at the minimum delay and doubling); a `Retry-After` header raises the
//! delay to what it asks. Retries stop after the configured count, or when
//! the next one would start later than the configured total time. Other 4xx
//! answers are never retried.

use std::cell::Cell;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use backon::{ExponentialBuilder, Retryable};
use serde::Deserialize;

use super::client::Client;
use super::error::{ApiError, Error};
use crate::ApiErrorType;
use crate::raw;

#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    pub max_retries: u32,
    pub min_delay: Duration,
    pub timeout: Duration,
    pub max_elapsed: Duration,
}

/// What a generated method tells the runtime about the operation it sends.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// The operationId in the API description.
    pub id: &'static str,
    pub method: &'static str,
    /// The path template, used in errors when no request URL is known.
    pub path: &'static str,
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
    Decode {
        excerpt: String,
        source: serde_json::Error,
    },
    Invalid(String),
}

impl Failure {
    fn is_retryable(&self) -> bool {
        match self {
            Failure::Api(e, _) => e.status == 429 || e.status >= 500,
            Failure::Transport { retryable, .. } => *retryable,
            Failure::Decode { .. } | Failure::Invalid(_) => false,
        }
    }

    fn retry_after(&self) -> Option<Duration> {
        match self {
            Failure::Api(_, retry_after) => *retry_after,
            _ => None,
        }
    }
}

impl Client {
    /// Sends an operation: `call` makes one attempt (one request) and is
    /// called again for each retry.
    pub(crate) async fn send<T, F, Fut>(
        &self,
        operation: Operation,
        mut call: F,
    ) -> Result<T, Error>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<raw::ResponseValue<T>, raw::Error<()>>>,
    {
        let policy = &self.policy;
        let attempts = Cell::new(0u32);
        let started = Instant::now();
        let backoff = ExponentialBuilder::new()
            .with_min_delay(policy.min_delay)
            .with_factor(2.0)
            .with_jitter()
            .without_max_delay()
            .with_max_times(policy.max_retries as usize);
        let attempt = || {
            attempts.set(attempts.get() + 1);
            let number = attempts.get();
            let request = call();
            async move {
                match tokio::time::timeout(policy.timeout, request).await {
                    Ok(Ok(response)) => Ok(response.into_inner()),
                    Ok(Err(error)) => Err(self.classify(error, number, operation).await),
                    Err(_) => Err(Failure::Transport {
                        reason: format!("the attempt timed out after {:?}", policy.timeout),
                        source: None,
                        path: None,
                        retryable: true,
                    }),
                }
            }
        };
        attempt
            .retry(backoff)
            .sleep(tokio::time::sleep)
            .when(Failure::is_retryable)
            .adjust(|failure, delay| {
                // `None`: the retries are used up.
                let delay = delay?;
                let delay = failure
                    .retry_after()
                    .map_or(delay, |asked| asked.max(delay));
                (started.elapsed() + delay <= policy.max_elapsed).then_some(delay)
            })
            .await
            .map_err(|failure| self.final_error(failure, attempts.get(), operation))
    }

    async fn classify(&self, error: raw::Error<()>, attempt: u32, operation: Operation) -> Failure {
        match error {
            raw::Error::UnexpectedResponse(response) => {
                let status = response.status().as_u16();
                let path = response.url().path().to_owned();
                let retry_after = retry_after(response.headers());
                match response.bytes().await {
                    Ok(body) => Failure::Api(
                        self.api_error(status, &body, attempt, operation.method, path),
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
            raw::Error::ErrorResponse(response) => {
                let status = response.status().as_u16();
                Failure::Api(
                    self.api_error(
                        status,
                        b"",
                        attempt,
                        operation.method,
                        operation.path.to_owned(),
                    ),
                    None,
                )
            }
            raw::Error::CommunicationError(source)
            | raw::Error::ResponseBodyError(source)
            | raw::Error::InvalidUpgrade(source) => Failure::Transport {
                reason: self.redactor.clean(&describe(&source)),
                path: source.url().map(|u| u.path().to_owned()),
                retryable: !source.is_builder(),
                source: Some(source),
            },
            raw::Error::InvalidResponsePayload(body, source) => Failure::Decode {
                excerpt: self.redactor.excerpt(&body),
                source,
            },
            raw::Error::InvalidRequest(reason) | raw::Error::Custom(reason) => {
                Failure::Invalid(reason)
            }
        }
    }

    /// An [`ApiError`] from an error response, whatever its body holds.
    fn api_error(
        &self,
        status: u16,
        body: &[u8],
        attempt: u32,
        method: &str,
        path: String,
    ) -> ApiError {
        #[derive(Deserialize)]
        struct Body {
            error: Detail,
        }
        #[derive(Deserialize)]
        struct Detail {
            #[serde(rename = "type")]
            error_type: Option<String>,
            message: Option<String>,
        }
        let parsed = serde_json::from_slice::<Body>(body)
            .ok()
            .filter(|b| b.error.error_type.is_some() || b.error.message.is_some());
        let (error_type, message, body_excerpt) = match parsed {
            Some(Body { error }) => (
                error
                    .error_type
                    .map(|t| ApiErrorType::from(self.redactor.clean(&t))),
                error.message.map(|m| self.redactor.clean(&m)),
                None,
            ),
            None => (None, None, Some(self.redactor.excerpt(body))),
        };
        ApiError {
            status,
            error_type,
            message,
            body_excerpt,
            attempt,
            method: method.to_owned(),
            path,
        }
    }

    /// The error a call ends with, after its last attempt.
    fn final_error(&self, failure: Failure, attempts: u32, operation: Operation) -> Error {
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
            Failure::Decode { excerpt, source } => Error::Decode {
                operation: operation.id,
                method,
                path: operation.path.to_owned(),
                excerpt,
                source,
            },
            Failure::Invalid(reason) => Error::InvalidArgument {
                name: "request",
                reason: self.redactor.clean(&reason),
            },
        }
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

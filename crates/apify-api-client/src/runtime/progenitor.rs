//! The runtime's side of progenitor's interface, and all of it: the inner
//! value progenitor's low-level client carries, and its hooks.
//!
//! For each call of an operation progenitor writes, the runtime makes a
//! low-level client ([`Low`]) that carries that call's own value: the
//! operation's facts and the client's shared state. progenitor's method
//! builds the request; its `pre` hook hands it to [`Shared::prepare`]
//! (credentials, `Accept`, headers, the user's hook) and its `exec` hook to
//! [`Shared::execute`]. Nothing is looked up by name and nothing travels
//! beside the call.

use std::future::Future;
use std::sync::Arc;

use progenitor_client::{ByteStream, ClientHooks, ClientInfo, OperationInfo, ResponseValue};

use super::api::Operation;
use super::body::{Failed, Response};
use super::client::Client;
use super::error::Error;
use super::request::Shared;
use crate::raw;

/// The value progenitor's client carries for one call.
#[derive(Clone, Debug)]
pub struct Inner {
    pub(crate) shared: Arc<Shared>,
    pub(crate) op: &'static Operation,
}

/// What one attempt of a progenitor method answers.
type Attempt = Result<ResponseValue<ByteStream>, progenitor_client::Error<()>>;

/// One call of an operation progenitor writes: its low-level client.
pub(crate) struct Low<'c> {
    client: &'c Client,
    op: &'static Operation,
    raw: raw::Client,
}

impl Client {
    /// The low-level client for one call of `op`.
    pub(crate) fn low(&self, op: &'static Operation) -> Low<'_> {
        let inner = Inner {
            shared: self.shared.clone(),
            op,
        };
        let raw =
            raw::Client::new_with_client(self.shared.base_for(op), self.shared.http.clone(), inner);
        Low {
            client: self,
            op,
            raw,
        }
    }
}

impl Low<'_> {
    /// Sends the call: `method` calls progenitor's method on the low-level
    /// client, once per attempt; the success body is read whole.
    pub async fn send<'l, F, Fut>(&'l self, method: F) -> Result<Response, Error>
    where
        F: Fn(&'l raw::Client) -> Fut + Sync,
        Fut: Future<Output = Attempt> + Send + 'l,
    {
        super::retry::send_reading(self.client, self.op, &|| {
            let attempt = method(&self.raw);
            async move { Failed::answer(attempt.await) }
        })
        .await
    }
}

impl Failed {
    /// A progenitor method's answer: the success it read the head of, or
    /// why there is none.
    fn answer(attempt: Attempt) -> Result<super::body::Head, Failed> {
        use progenitor_client::Error as E;
        match attempt {
            Ok(value) => Ok(super::body::Head {
                status: value.status().as_u16(),
                headers: value.headers().clone(),
                length: value.content_length(),
                body: super::body::Body::Stream(value.into_inner_stream()),
            }),
            Err(E::UnexpectedResponse(response)) => Err(Failed::Status(Box::new(response))),
            Err(E::CommunicationError(source) | E::ResponseBodyError(source)) => {
                Err(Failed::Transport(source))
            }
            // The methods progenitor writes here read no body and declare
            // no error types; anything else is a request it could not make.
            Err(other) => Err(Failed::Invalid(other.to_string())),
        }
    }
}

impl ClientHooks<Inner> for raw::Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> Result<(), raw::Error<E>> {
        let inner = self.inner();
        inner.shared.prepare(inner.op, request);
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        _info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner().shared.execute(request).await
    }
}

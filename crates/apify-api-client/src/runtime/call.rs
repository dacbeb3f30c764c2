//! A call the runtime builds whole: the generated method names the
//! operation and hands over each parameter's value and the body; each is
//! written as the API description says (see `style`), and the request is
//! made from them at the end. This is how every operation that
//! progenitor's methods cannot write exactly is sent (see `progenitor`
//! for the others).
//!
//! Each step takes a value and answers the call, so a generated method is
//! one expression that binds no names of its own. A value that cannot be
//! sent is kept as the call's error and returned by `send`, before any
//! request is made.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::api::Operation;
use super::body::{Failed, Head, Response};
use super::client::Client;
use super::error::Error;
use super::framing::{Framing, Record};
use super::path::{check_segment, encode_path};
use super::retry;
use super::stream::{self, Event, ItemStream, Source};
use super::style::{self, Style};

/// How a value's JSON text is encoded in the string that carries it (JSON
/// Schema's `contentEncoding`, for a `contentMediaType` of JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "used by operations with encoded parameters, which not every API has"
)]
pub(crate) enum Encoding {
    /// The JSON text as it is.
    Json,
    /// RFC 4648's base64.
    Base64,
    /// RFC 4648's URL-safe base64.
    Base64Url,
}

#[allow(
    dead_code,
    reason = "used by operations with encoded parameters, which not every API has"
)]
impl Encoding {
    fn encode<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<String, Error> {
        use base64::Engine;
        let json = serde_json::to_vec(value)
            .map_err(|e| invalid(name, format!("cannot be written as JSON: {e}")))?;
        Ok(match self {
            Encoding::Json => String::from_utf8_lossy(&json).into_owned(),
            Encoding::Base64 => base64::engine::general_purpose::STANDARD.encode(json),
            Encoding::Base64Url => base64::engine::general_purpose::URL_SAFE.encode(json),
        })
    }
}

/// One call of an operation, as its parameters and body are given.
#[must_use = "a call is made by `send`"]
pub(crate) struct Call<'c> {
    client: &'c Client,
    op: &'static Operation,
    /// Each path parameter's wire name and its text, written and encoded.
    path: Vec<(&'static str, String)>,
    /// `name=value` pairs, encoded.
    query: Vec<String>,
    headers: HeaderMap,
    /// `name=value` pairs, encoded.
    cookies: Vec<String>,
    /// The body and its media type.
    body: Option<(Bytes, HeaderValue)>,
    /// The first argument that cannot be sent.
    invalid: Option<Error>,
}

impl Client {
    /// A call of `op`, to be given its parameters and body, then sent.
    pub(crate) fn call(&self, op: &'static Operation) -> Call<'_> {
        Call {
            client: self,
            op,
            path: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            invalid: None,
        }
    }
}

fn invalid(name: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidArgument {
        name,
        reason: reason.into(),
    }
}

#[allow(
    dead_code,
    reason = "each step is used by the operations that take such a parameter or body, which not every API has"
)]
impl Call<'_> {
    /// Runs `step` unless an earlier argument was already invalid, keeping
    /// the first error.
    fn with(mut self, step: impl FnOnce(&mut Self) -> Result<(), Error>) -> Self {
        if self.invalid.is_none()
            && let Err(error) = step(&mut self)
        {
            self.invalid = Some(error);
        }
        self
    }

    /// A path parameter in `simple` style (the default).
    pub fn path<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        self.path_in(name, value, Style::Simple, false)
    }

    /// A path parameter in `style`. Its text must stay one segment (see
    /// [`check_segment`]).
    pub fn path_in<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
        style: Style,
        explode: bool,
    ) -> Self {
        self.with(|call| {
            let parts = style::parts(name, value, style)?;
            let text = style::path(name, &parts, style, explode);
            check_segment(name, &text)?;
            call.path.push((name, text));
            Ok(())
        })
    }

    /// A query parameter in `form` style with `explode` (the default), if
    /// it has a value.
    pub fn query<T: Serialize + ?Sized>(self, name: &'static str, value: Option<&T>) -> Self {
        self.query_in(name, value, Style::Form, true)
    }

    /// A query parameter in `style`, if it has a value.
    pub fn query_in<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
        style: Style,
        explode: bool,
    ) -> Self {
        self.query_with(encode_path, name, value, style, explode)
    }

    /// A query parameter with `allowReserved`: RFC 3986's reserved
    /// characters in its value are sent as they are.
    pub fn query_reserved<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
        style: Style,
        explode: bool,
    ) -> Self {
        self.query_with(style::encode_reserved, name, value, style, explode)
    }

    fn query_with<T: Serialize + ?Sized>(
        self,
        encode: style::Encode,
        name: &'static str,
        value: Option<&T>,
        style: Style,
        explode: bool,
    ) -> Self {
        let Some(value) = value else { return self };
        self.with(|call| {
            let parts = style::parts(name, value, style)?;
            call.query
                .extend(style::query(encode, name, &parts, style, explode));
            Ok(())
        })
    }

    /// OpenAPI 3.2's `querystring` parameter, if it has a value: the whole
    /// query string, written as a form (`Form`: each property a name, as a
    /// form body writes them), as JSON text (`Json`: every character but
    /// letters, digits and `-._~` percent-encoded), or as the text given
    /// (`Simple`: what cannot be in a query percent-encoded).
    pub fn query_string<T: Serialize + ?Sized>(self, value: Option<&T>, style: Style) -> Self {
        let Some(value) = value else { return self };
        self.with(|call| {
            let text = match style {
                Style::Form => {
                    let form = style::form_body(value, &[])?;
                    String::from_utf8_lossy(&form).into_owned()
                }
                _ => match serde_json::to_value(value) {
                    Ok(serde_json::Value::String(text)) if style != Style::Json => {
                        style::encode_reserved(&text)
                    }
                    Ok(value) => encode_path(&value.to_string()),
                    Err(e) => {
                        return Err(invalid("query string", format!("cannot be written: {e}")));
                    }
                },
            };
            if !text.is_empty() {
                call.query.push(text);
            }
            Ok(())
        })
    }

    /// A query parameter whose value travels as the string that encodes its
    /// JSON text, if it has a value.
    pub fn query_encoded<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
        encoding: Encoding,
    ) -> Self {
        self.encoded(name, value, encoding, Self::query)
    }

    /// A header parameter whose value travels as the string that encodes
    /// its JSON text, if it has a value.
    pub fn header_encoded<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
        encoding: Encoding,
    ) -> Self {
        self.encoded(name, value, encoding, Self::header)
    }

    /// `value` encoded, then given to the step `place` as its text.
    fn encoded<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
        encoding: Encoding,
        place: fn(Self, &'static str, Option<&String>) -> Self,
    ) -> Self {
        let Some(value) = value else { return self };
        match encoding.encode(name, value) {
            Ok(text) => place(self, name, Some(&text)),
            Err(error) => self.with(|_| Err(error)),
        }
    }

    /// A header parameter in `simple` style, if it has a value.
    pub fn header<T: Serialize + ?Sized>(self, name: &'static str, value: Option<&T>) -> Self {
        self.header_in(name, value, Style::Simple, false)
    }

    /// A header parameter, if it has a value; `style` is `simple`, or
    /// `Json` for a JSON `content` parameter.
    pub fn header_in<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
        style: Style,
        explode: bool,
    ) -> Self {
        let Some(value) = value else { return self };
        self.with(|call| {
            let text = style::header(&style::parts(name, value, style)?, explode);
            let header = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| invalid(name, "is not a name a header can have"))?;
            let value = HeaderValue::from_str(&text).map_err(|_| {
                invalid(
                    name,
                    "cannot be sent in a header: it holds a line break or another control character",
                )
            })?;
            call.headers.append(header, value);
            Ok(())
        })
    }

    /// A cookie parameter in `form` style, if it has a value.
    pub fn cookie<T: Serialize + ?Sized>(self, name: &'static str, value: Option<&T>) -> Self {
        self.cookie_in(name, value, Style::Form)
    }

    /// A cookie parameter, if it has a value; `style` is `form`, or `Json`
    /// for a JSON `content` parameter.
    pub fn cookie_in<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: Option<&T>,
        style: Style,
    ) -> Self {
        let Some(value) = value else { return self };
        self.with(|call| {
            let parts = style::parts(name, value, style)?;
            call.cookies.push(style::cookie(name, &parts));
            Ok(())
        })
    }

    /// A JSON body.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.with(|call| {
            let bytes = serde_json::to_vec(body)
                .map_err(|e| invalid("body", format!("cannot be written as JSON: {e}")))?;
            call.body = Some((bytes.into(), HeaderValue::from_static("application/json")));
            Ok(())
        })
    }

    /// An `application/x-www-form-urlencoded` body: each property written
    /// as its `encoding` says (property, style, explode), else in `form`
    /// style with `explode`.
    pub fn form<T: Serialize + ?Sized>(self, body: &T, encoding: &[(&str, Style, bool)]) -> Self {
        self.with(|call| {
            call.body = Some((
                style::form_body(body, encoding)?,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            ));
            Ok(())
        })
    }

    /// A `text/plain` body.
    pub fn text(self, body: &str) -> Self {
        self.with(|call| {
            call.body = Some((
                Bytes::copy_from_slice(body.as_bytes()),
                HeaderValue::from_static("text/plain"),
            ));
            Ok(())
        })
    }

    /// A body of bytes in the media type the caller names.
    pub fn bytes(self, body: Bytes, content_type: &str) -> Self {
        self.with(|call| {
            let content_type = HeaderValue::from_str(content_type).map_err(|_| {
                invalid(
                    "content_type",
                    format!("`{content_type}` cannot be sent as a Content-Type header"),
                )
            })?;
            call.body = Some((body, content_type));
            Ok(())
        })
    }

    /// Asks for an answer in `media_type` (a streaming twin asks for its
    /// stream where the operation also answers JSON).
    pub fn accept(mut self, media_type: &'static str) -> Self {
        self.headers
            .insert(ACCEPT, HeaderValue::from_static(media_type));
        self
    }

    /// Sends the call; answers its server-sent events as they arrive, each
    /// event's data decoded as JSON. Data equal to `sentinel` ends the
    /// stream.
    pub async fn events<T: DeserializeOwned + Send + 'static>(
        self,
        sentinel: Option<&'static str>,
    ) -> Result<ItemStream<Event<T>>, Error> {
        self.send_stream(Framing::Events, sentinel, stream::json_event::<T>)
            .await
    }

    /// Sends the call; answers its server-sent events as they arrive, each
    /// event's data as text.
    pub async fn event_text(
        self,
        sentinel: Option<&'static str>,
    ) -> Result<ItemStream<Event<String>>, Error> {
        self.send_stream(Framing::Events, sentinel, stream::text_event)
            .await
    }

    /// Sends the call; answers its JSON lines (NDJSON) as they arrive.
    pub async fn lines<T: DeserializeOwned + Send + 'static>(self) -> Result<ItemStream<T>, Error> {
        self.send_stream(Framing::Lines, None, stream::json::<T>)
            .await
    }

    /// Sends the call; answers its JSON text sequence (RFC 7464) as each
    /// text arrives.
    pub async fn json_seq<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<ItemStream<T>, Error> {
        self.send_stream(Framing::JsonSeq, None, stream::json::<T>)
            .await
    }

    /// Sends the call; answers the parts of its `multipart/mixed` body as
    /// they arrive, each decoded as JSON.
    pub async fn json_parts<T: DeserializeOwned + Send + 'static>(
        self,
    ) -> Result<ItemStream<T>, Error> {
        self.send_stream(Framing::Multipart, None, stream::json::<T>)
            .await
    }

    /// Sends the call; answers the parts of its `multipart/mixed` body as
    /// they arrive, each as text.
    pub async fn text_parts(self) -> Result<ItemStream<String>, Error> {
        self.send_stream(Framing::Multipart, None, stream::text)
            .await
    }

    /// Sends the call, retried as any call until a success's head arrives
    /// (never after: no item is delivered twice), and answers the body's
    /// items as they arrive.
    async fn send_stream<T: Send + 'static>(
        self,
        framing: Framing,
        sentinel: Option<&'static str>,
        decode: fn(&mut Record, &Source) -> Result<T, Error>,
    ) -> Result<ItemStream<T>, Error> {
        let (client, op) = (self.client, self.op);
        let requests = Arc::new(Requests::new(self.parts()?)?);
        let head = success_head(client, op, &requests, None).await?;
        let resume = (framing == Framing::Events && client.policy.resume_events).then(|| {
            let client = client.clone();
            Box::new(move |last: Option<String>| {
                let (client, requests) = (client.clone(), requests.clone());
                Box::pin(async move { success_head(&client, op, &requests, last).await })
                    as Pin<Box<dyn Future<Output = _> + Send>>
            }) as stream::Resume
        });
        let source = Source {
            client: client.clone(),
            op,
            framing,
            sentinel,
            resume,
        };
        Ok(stream::items(source, head, decode))
    }

    /// Sends the call and reads the success body whole.
    pub async fn send(self) -> Result<Response, Error> {
        let (client, op) = (self.client, self.op);
        let requests = Requests::new(self.parts()?)?;
        retry::send_reading(client, op, &|| {
            let attempt = attempt(client, op, &requests, None);
            async move { Head::of(attempt.await?) }
        })
        .await
    }

    /// Sends a call that switches protocols; answers the upgraded
    /// connection.
    pub async fn send_upgrade(self) -> Result<reqwest::Upgraded, Error> {
        let (client, op) = (self.client, self.op);
        let requests = Requests::new(self.parts()?)?;
        retry::retrying(client, op, &|| {
            let attempt = attempt(client, op, &requests, None);
            Box::pin(async move {
                let response = attempt.await?;
                if response.status() != reqwest::StatusCode::SWITCHING_PROTOCOLS {
                    return Err(Failed::Status(Box::new(response)));
                }
                response.upgrade().await.map_err(Failed::Transport)
            })
        })
        .await
    }

    /// What the request is made from: the parameters written and joined,
    /// before credentials and hooks (which each attempt adds).
    fn parts(self) -> Result<Parts, Error> {
        if let Some(error) = self.invalid {
            return Err(error);
        }
        let shared = &self.client.shared;
        let base = shared.base_for(self.op);
        let query_len: usize = self.query.iter().map(|pair| pair.len() + 1).sum();
        let mut url = String::with_capacity(base.len() + self.op.path.len() + 32 + query_len);
        url.push_str(base);
        write_path(&mut url, self.op.path, &self.path);
        for (i, pair) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(pair);
        }
        let method = reqwest::Method::from_bytes(self.op.method.as_bytes())
            .map_err(|_| invalid("request", "has a method HTTP cannot send"))?;
        let mut headers = self.headers;
        for pair in &self.cookies {
            super::request::add_cookie(&mut headers, pair, false);
        }
        if let Some((_, content_type)) = &self.body {
            headers.insert(CONTENT_TYPE, content_type.clone());
        }
        Ok(Parts {
            method,
            url,
            headers,
            body: self.body.map(|(body, _)| body),
        })
    }
}

/// A call's request, as each attempt makes it.
struct Parts {
    method: reqwest::Method,
    url: String,
    headers: HeaderMap,
    body: Option<Bytes>,
}

impl Parts {
    fn request(&self) -> Result<reqwest::Request, Error> {
        let url = reqwest::Url::parse(&self.url)
            .map_err(|e| invalid("request", format!("cannot be made: its URL {e}")))?;
        let mut request = reqwest::Request::new(self.method.clone(), url);
        *request.headers_mut() = self.headers.clone();
        *request.body_mut() = self.body.clone().map(reqwest::Body::from);
        Ok(request)
    }
}

/// A call's requests, one per attempt: the first made when the call is
/// sent (so parts that make no request fail before anything is sent), a
/// retry's made anew from the parts (nothing is copied for a call that
/// succeeds at once).
struct Requests {
    parts: Parts,
    first: Mutex<Option<reqwest::Request>>,
}

impl Requests {
    fn new(parts: Parts) -> Result<Self, Error> {
        let first = parts.request()?;
        Ok(Self {
            parts,
            first: Mutex::new(Some(first)),
        })
    }

    fn next(&self) -> Result<reqwest::Request, Failed> {
        match self.first.lock().ok().and_then(|mut first| first.take()) {
            Some(request) => Ok(request),
            None => self
                .parts
                .request()
                .map_err(|e| Failed::Invalid(e.to_string())),
        }
    }
}

/// Appends `template` to `url` with each `{name}` replaced by its text.
fn write_path(url: &mut String, template: &str, values: &[(&'static str, String)]) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|i| open + i) else {
            break;
        };
        url.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        if let Some((_, text)) = values.iter().find(|(wire, _)| *wire == name) {
            url.push_str(text);
        }
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
}

/// A success's head, retried as any call; `Last-Event-ID` names the last
/// event seen when a stream is resumed.
async fn success_head(
    client: &Client,
    op: &'static Operation,
    requests: &Requests,
    last_event_id: Option<String>,
) -> Result<Head, Error> {
    let last = last_event_id.and_then(|id| HeaderValue::from_str(&id).ok());
    retry::retrying(client, op, &|| {
        let attempt = attempt(client, op, requests, last.as_ref());
        Box::pin(async move { Head::of(attempt.await?) })
    })
    .await
}

/// One attempt: its request, prepared and sent; with `Last-Event-ID` when
/// it resumes an event stream.
async fn attempt(
    client: &Client,
    op: &'static Operation,
    requests: &Requests,
    last_event_id: Option<&HeaderValue>,
) -> Result<reqwest::Response, Failed> {
    let mut request = requests.next()?;
    if let Some(last) = last_event_id {
        request.headers_mut().insert("last-event-id", last.clone());
    }
    client.shared.prepare(op, &mut request);
    client
        .shared
        .execute(request)
        .await
        .map_err(Failed::Transport)
}

#[cfg(test)]
mod tests {
    use super::write_path;

    #[test]
    fn templates_take_each_value_in_its_place() {
        let mut url = String::from("http://h");
        write_path(
            &mut url,
            "/a/{x}/b{y}.json/{x}",
            &[("x", "1".into()), ("y", ";y=2".into())],
        );
        assert_eq!(url, "http://h/a/1/b;y=2.json/1");
    }
}

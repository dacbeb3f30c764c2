//! Answers that arrive item by item: server-sent events, JSON lines
//! (NDJSON), JSON text sequences (RFC 7464) and the parts of a
//! `multipart/mixed` body.
//!
//! Each item is cut from the bytes as they arrive and decoded at once,
//! never after the whole body: a chat completion's first token reaches the
//! caller while the server still writes the rest. What one item may hold
//! is bounded (`max_item_bytes`), so an endless stream of small items is
//! read in bounded memory and one endless item is an error, not an
//! allocation. A body that breaks off — a dropped connection, a silence
//! longer than the idle timeout, an event cut before its blank line — is
//! an error the caller sees, never a quiet end.

use std::borrow::Cow;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;

use super::api::Operation;
use super::body::{Body, Head};
use super::client::Client;
use super::error::Error;
use super::framing::{Broken, Framer, Framing, Record};

/// The most one item of a stream may hold, unless told otherwise
/// ([`ClientBuilder::max_item_bytes`](super::ClientBuilder::max_item_bytes)):
/// 16 MiB. For an event, its `data` lines together.
pub const DEFAULT_MAX_ITEM_BYTES: u64 = 16 << 20;

/// How long a stream may go without a byte before it is given up, unless
/// told otherwise
/// ([`ClientBuilder::stream_idle_timeout`](super::ClientBuilder::stream_idle_timeout)):
/// two minutes. Servers that keep a stream open while idle send comments
/// (`:`) or blank lines, which count as bytes.
pub const DEFAULT_STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(120);

/// The items of a call's answer, each decoded as it arrives. A
/// [`Stream`] of `Result<T, Error>`; [`next`](Self::next) reads one without
/// importing anything. It ends after the last item, or after its first
/// error, and stays ended: read again, it answers `None`.
#[must_use = "a stream reads nothing until it is polled"]
pub struct ItemStream<T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send>>,
}

impl<T> ItemStream<T> {
    /// The next item; `None` once the stream has ended.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        self.inner.next().await
    }
}

impl<T> Stream for ItemStream<T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for ItemStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ItemStream").finish_non_exhaustive()
    }
}

/// One server-sent event, as the HTML standard's parsing rules give it.
/// (As JSON: `retry` in milliseconds; `id` and `retry` left out when unset.)
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Event<T> {
    /// The event's type: its `event` field, `message` without one (not
    /// allocated: most events have that type).
    pub event: Cow<'static, str>,
    /// Its `data` lines joined with `\n`, decoded.
    pub data: T,
    /// The last event ID the server set (by this event's `id` field or an
    /// earlier one's), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The reconnection time the server asked for last (by this event's
    /// `retry` field or an earlier one's).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "millis")]
    pub retry: Option<Duration>,
}

fn millis<S: serde::Serializer>(retry: &Option<Duration>, to: S) -> Result<S::Ok, S::Error> {
    match retry {
        Some(retry) => to.serialize_u64(u64::try_from(retry.as_millis()).unwrap_or(u64::MAX)),
        None => to.serialize_none(),
    }
}

/// What a stream's items are made from, and how.
pub(crate) struct Source {
    pub client: Client,
    pub op: &'static Operation,
    pub framing: Framing,
    /// Data that ends the stream (`[DONE]`), for server-sent events.
    pub sentinel: Option<&'static str>,
    /// Sends the request again, with `Last-Event-ID`: set when the client
    /// resumes event streams.
    pub resume: Option<Resume>,
}

/// Makes the call again after its stream broke off.
pub(crate) type Resume = Box<
    dyn Fn(Option<String>) -> Pin<Box<dyn std::future::Future<Output = Result<Head, Error>> + Send>>
        + Send
        + Sync,
>;

/// A stream reading the body of `head`, decoding each item with `decode`.
pub(crate) fn items<T: Send + 'static>(
    source: Source,
    head: Head,
    decode: fn(&mut Record, &Source) -> Result<T, Error>,
) -> ItemStream<T> {
    let limit = source.client.policy.max_item_bytes;
    let framer = match source.framing {
        Framing::Multipart => match boundary(&head.headers) {
            Some(boundary) => Framer::multipart(&boundary, limit),
            None => {
                let error = source.error(
                    "the multipart answer's `Content-Type` names no boundary".into(),
                    None,
                );
                return ItemStream {
                    inner: Box::pin(futures_util::stream::iter([Err(error)])),
                };
            }
        },
        framing => Framer::new(framing, limit),
    };
    let reader = Reader {
        source,
        body: Some(head.body),
        framer,
        ended: false,
        resumes: 0,
    };
    let inner = Items {
        reader: Some(Box::new(reader)),
        waiting: None,
        decode,
    };
    ItemStream {
        inner: Box::pin(inner),
    }
}

/// The reader lent to a wait for more bytes, and what it read.
type Waiting = Pin<Box<dyn Future<Output = (Box<Reader>, Option<Result<Record, Error>>)> + Send>>;

/// The items of one body. An item the framer already holds is decoded
/// without a future: only a wait for more bytes is one, about one a
/// chunk, not one an item.
struct Items<T> {
    /// `None` while it is lent to `waiting`.
    reader: Option<Box<Reader>>,
    waiting: Option<Waiting>,
    decode: fn(&mut Record, &Source) -> Result<T, Error>,
}

impl<T> Items<T> {
    fn decoded(&mut self, record: Option<Result<Record, Error>>) -> Option<Result<T, Error>> {
        let reader = self.reader.as_mut()?;
        let item = record?.and_then(|mut record| {
            let item = (self.decode)(&mut record, &reader.source);
            reader.framer.recycle(record);
            item
        });
        reader.ended |= item.is_err();
        Some(item)
    }
}

impl<T> Stream for Items<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(waiting) = &mut this.waiting {
                let (reader, record) = std::task::ready!(waiting.as_mut().poll(cx));
                this.waiting = None;
                this.reader = Some(reader);
                return Poll::Ready(this.decoded(record));
            }
            let Some(reader) = &mut this.reader else {
                return Poll::Ready(None);
            };
            if let Some(record) = reader.ready() {
                return Poll::Ready(this.decoded(record));
            }
            let mut reader = this.reader.take().expect("checked above");
            this.waiting = Some(Box::pin(async move {
                let record = reader.next().await;
                (reader, record)
            }));
        }
    }
}

/// The `boundary` parameter of a multipart `Content-Type` (quoted or not).
fn boundary(headers: &reqwest::header::HeaderMap) -> Option<String> {
    let content_type = headers.get(reqwest::header::CONTENT_TYPE)?.to_str().ok()?;
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
            .filter(|boundary| !boundary.is_empty())
    })
}

struct Reader {
    source: Source,
    /// `None` once the body has ended.
    body: Option<Body>,
    framer: Framer,
    ended: bool,
    /// Reconnections since the last item.
    resumes: u32,
}

impl Reader {
    /// The next record without waiting: `None` when it needs more bytes.
    fn ready(&mut self) -> Option<Option<Result<Record, Error>>> {
        if self.ended {
            return Some(None);
        }
        let record = self.framer.pop()?;
        if let (Some(sentinel), Record::Event(event)) = (self.source.sentinel, &record)
            && event.data == sentinel
        {
            self.body = None;
            self.ended = true;
            return Some(None);
        }
        self.resumes = 0;
        Some(Some(Ok(record)))
    }

    async fn next(&mut self) -> Option<Result<Record, Error>> {
        loop {
            if let Some(record) = self.ready() {
                return record;
            }
            let body = self.body.as_mut()?;
            let idle = self.source.client.policy.stream_idle_timeout;
            let broken = match tokio::time::timeout(idle, body.chunk()).await {
                Ok(Ok(Some(chunk))) => self.take(&chunk),
                Ok(Ok(None)) => {
                    self.body = None;
                    match self.framer.finish() {
                        Ok(()) => continue,
                        Err(broken) => Err(self.broken(broken)),
                    }
                }
                Ok(Err(source)) => Err(self.error(
                    format!("the connection broke off: {}", self.clean(&source)),
                    Some(source.without_url()),
                )),
                Err(_) => Err(self.error(format!("no bytes arrived for {idle:?}"), None)),
            };
            if let Err(error) = broken {
                if self.resume().await {
                    continue;
                }
                self.ended = true;
                return Some(Err(error));
            }
        }
    }

    fn take(&mut self, chunk: &Bytes) -> Result<(), Error> {
        self.framer
            .push(chunk)
            .map_err(|broken| self.broken(broken))
    }

    /// After a break, the call made again where the client resumes event
    /// streams: after the server's reconnection time, asking for the
    /// events after the last one seen. Whether it was.
    async fn resume(&mut self) -> bool {
        let Some(resume) = &self.source.resume else {
            return false;
        };
        if self.resumes >= self.source.client.policy.max_retries {
            return false;
        }
        self.resumes += 1;
        let wait = self
            .framer
            .reconnection_time()
            .unwrap_or(self.source.client.policy.min_delay);
        tokio::time::sleep(wait).await;
        let last = self.framer.last_event_id().map(str::to_owned);
        match resume(last).await {
            Ok(head) => {
                self.framer = self.framer.restart();
                self.body = Some(head.body);
                true
            }
            Err(_) => false,
        }
    }

    fn clean(&self, source: &reqwest::Error) -> String {
        self.source.client.redactor.clean(&source.to_string())
    }

    fn broken(&self, broken: Broken) -> Error {
        match broken {
            Broken::TooLarge => Error::ItemTooLarge {
                method: self.source.op.method.to_owned(),
                path: self.source.op.path.to_owned(),
                limit: self.source.client.policy.max_item_bytes,
            },
            Broken::Cut(what) => self.error(format!("the body ended inside {what}"), None),
        }
    }

    fn error(&self, reason: String, source: Option<reqwest::Error>) -> Error {
        self.source.error(reason, source)
    }
}

impl Source {
    /// The stream of this call broke off, for `reason`.
    fn error(&self, reason: String, source: Option<reqwest::Error>) -> Error {
        Error::Stream {
            method: self.op.method.to_owned(),
            path: self.op.path.to_owned(),
            reason,
            source,
        }
    }

    fn decode_error(&self, bytes: &[u8], source: serde_json::Error) -> Error {
        Error::Decode {
            operation: self.op.id,
            method: self.op.method.to_owned(),
            path: self.op.path.to_owned(),
            excerpt: self.client.redactor.excerpt(bytes),
            source,
        }
    }
}

/// A JSON text of a line or record.
pub(crate) fn json<T: DeserializeOwned>(record: &mut Record, source: &Source) -> Result<T, Error> {
    match record {
        Record::Text(bytes) => {
            serde_json::from_slice(bytes).map_err(|e| source.decode_error(bytes, e))
        }
        Record::Event(event) => json_data(&event.data, source),
    }
}

fn json_data<T: DeserializeOwned>(data: &str, source: &Source) -> Result<T, Error> {
    serde_json::from_str(data).map_err(|e| source.decode_error(data.as_bytes(), e))
}

/// An event whose data is JSON. Its data's text stays in the record (the
/// framer reuses it for the next event).
pub(crate) fn json_event<T: DeserializeOwned>(
    record: &mut Record,
    source: &Source,
) -> Result<Event<T>, Error> {
    match record {
        Record::Event(event) => Ok(Event {
            data: json_data(&event.data, source)?,
            event: std::mem::take(&mut event.event),
            id: event.id.take(),
            retry: event.retry,
        }),
        Record::Text(_) => {
            let event = text_event(record, source)?;
            Ok(Event {
                data: json_data(&event.data, source)?,
                event: event.event,
                id: event.id,
                retry: event.retry,
            })
        }
    }
}

/// A part (or line, or record) as text.
pub(crate) fn text(record: &mut Record, _: &Source) -> Result<String, Error> {
    match record {
        Record::Text(bytes) => Ok(String::from_utf8_lossy(bytes).into_owned()),
        Record::Event(event) => Ok(std::mem::take(&mut event.data)),
    }
}

/// An event whose data is text.
pub(crate) fn text_event(record: &mut Record, _: &Source) -> Result<Event<String>, Error> {
    match record {
        Record::Event(event) => Ok(Event {
            event: std::mem::take(&mut event.event),
            data: std::mem::take(&mut event.data),
            id: event.id.take(),
            retry: event.retry,
        }),
        Record::Text(bytes) => Ok(Event {
            event: "message".into(),
            data: String::from_utf8_lossy(bytes).into_owned(),
            id: None,
            retry: None,
        }),
    }
}

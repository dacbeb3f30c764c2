//! Answers that arrive item by item: server-sent events, JSON lines
//! (NDJSON) and JSON text sequences (RFC 7464).
//!
//! Each item is cut from the bytes as they arrive and decoded at once,
//! never after the whole body: a chat completion's first token reaches the
//! caller while the server still writes the rest. What one item may hold
//! is bounded (`max_item_bytes`), so an endless stream of small items is
//! read in bounded memory and one endless item is an error, not an
//! allocation. A body that breaks off — a dropped connection, a silence
//! longer than the idle timeout, an event cut before its blank line — is
//! an error the caller sees, never a quiet end.

use std::collections::VecDeque;
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
/// error.
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
    /// The event's type: its `event` field, `message` without one.
    pub event: String,
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

/// How a body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// `text/event-stream`.
    Events,
    /// `application/jsonl`, `application/x-ndjson`: one JSON text per line.
    Lines,
    /// `application/json-seq`: each JSON text after a record separator.
    JsonSeq,
}

/// One item's bytes, before it is decoded.
#[derive(Debug, PartialEq)]
pub(crate) enum Record {
    Event(Event<String>),
    Text(Vec<u8>),
}

/// Why a body could not be cut into items.
#[derive(Debug, PartialEq)]
pub(crate) enum Broken {
    /// An item is larger than the limit.
    TooLarge,
    /// The body ended inside an item.
    Cut(&'static str),
}

/// Cuts items from the bytes of a body as they arrive.
pub(crate) struct Framer {
    framing: Framing,
    limit: usize,
    /// Bytes of the item (or line) not yet complete.
    pending: Vec<u8>,
    /// Where to look for the end of the pending item next.
    scanned: usize,
    /// The last line ended with CR: an LF that follows belongs to it.
    after_cr: bool,
    /// The first bytes are still to come (a byte-order mark is skipped).
    at_start: bool,
    /// The event being built (server-sent events).
    data: String,
    has_data: bool,
    event: String,
    retry: Option<Duration>,
    last_id: Option<String>,
    /// Complete items, in order.
    ready: VecDeque<Record>,
}

const RS: u8 = 0x1e;

impl Framer {
    pub fn new(framing: Framing, limit: u64) -> Self {
        Self {
            framing,
            limit: usize::try_from(limit).unwrap_or(usize::MAX),
            pending: Vec::new(),
            scanned: 0,
            after_cr: false,
            at_start: true,
            data: String::new(),
            has_data: false,
            event: String::new(),
            retry: None,
            last_id: None,
            ready: VecDeque::new(),
        }
    }

    /// The complete item that arrived first, if any.
    pub fn pop(&mut self) -> Option<Record> {
        self.ready.pop_front()
    }

    /// The last event ID the server set: what a reconnection sends as
    /// `Last-Event-ID`.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_id.as_deref()
    }

    /// The reconnection time the server asked for last.
    pub fn reconnection_time(&self) -> Option<Duration> {
        self.retry
    }

    /// Takes the next bytes of the body.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Broken> {
        self.pending.extend_from_slice(chunk);
        if self.at_start && self.framing == Framing::Events {
            // A byte-order mark may open an event stream, in pieces too.
            const MARK: &[u8] = b"\xEF\xBB\xBF";
            if self.pending.len() < MARK.len() && MARK.starts_with(&self.pending) {
                return Ok(());
            }
            if self.pending.starts_with(MARK) {
                self.pending.drain(..MARK.len());
            }
            self.at_start = false;
        }
        self.cut()
    }

    /// The body has ended: what is left must not be half an item.
    pub fn finish(&mut self) -> Result<(), Broken> {
        match self.framing {
            Framing::Events => {
                let rest = std::mem::take(&mut self.pending);
                if !rest.is_empty() {
                    self.line(&rest)?;
                }
                if self.has_data {
                    return Err(Broken::Cut("an event without the blank line that ends it"));
                }
            }
            Framing::Lines => {
                let rest = std::mem::take(&mut self.pending);
                self.text(&rest);
            }
            Framing::JsonSeq => {
                let rest = std::mem::take(&mut self.pending);
                let text = rest.strip_prefix(&[RS]).unwrap_or(&rest);
                if !text.trim_ascii().is_empty() && !complete_json(text) {
                    return Err(Broken::Cut("a JSON text cut short"));
                }
                self.text(text);
            }
        }
        Ok(())
    }

    fn cut(&mut self) -> Result<(), Broken> {
        match self.framing {
            Framing::Events => self.cut_lines(true),
            Framing::Lines => self.cut_lines(false),
            Framing::JsonSeq => self.cut_sequence(),
        }?;
        if self.pending.len() > self.limit {
            return Err(Broken::TooLarge);
        }
        Ok(())
    }

    /// Lines end with LF, or (server-sent events) CR or CRLF.
    fn cut_lines(&mut self, events: bool) -> Result<(), Broken> {
        // Taken out while its lines are read, so none is copied.
        let mut pending = std::mem::take(&mut self.pending);
        let cut = self.lines_of(&pending, events);
        if let Ok(used) = cut {
            pending.drain(..used);
        }
        self.pending = pending;
        self.scanned = self.pending.len();
        cut.map(drop)
    }

    /// Reads the complete lines of `pending`; how many bytes they took.
    fn lines_of(&mut self, pending: &[u8], events: bool) -> Result<usize, Broken> {
        let mut start = 0;
        let mut at = self.scanned;
        if self.after_cr && pending.first() == Some(&b'\n') {
            start = 1;
            at = at.max(1);
        }
        self.after_cr = false;
        let find = |bytes: &[u8]| match events {
            true => memchr::memchr2(b'\n', b'\r', bytes),
            false => memchr::memchr(b'\n', bytes),
        };
        while let Some(offset) = find(&pending[at..]) {
            let end = at + offset;
            let line = &pending[start..end];
            if events {
                self.line(line)?;
            } else {
                self.text(line);
            }
            start = end + 1;
            if pending[end] == b'\r' {
                match pending.get(start) {
                    Some(b'\n') => start += 1,
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            at = start;
        }
        Ok(start)
    }

    /// Records start with RS; one is complete at the next RS, or at a line
    /// end that closes a whole JSON text (so it is not held back until the
    /// next record begins).
    fn cut_sequence(&mut self) -> Result<(), Broken> {
        loop {
            let from = self.scanned.max(1);
            let from = from.min(self.pending.len());
            let next_rs = memchr::memchr2(RS, b'\n', &self.pending[from..]).map(|i| i + from);
            let Some(end) = next_rs else {
                self.scanned = self.pending.len();
                return Ok(());
            };
            let record = &self.pending[..end];
            let text = record.strip_prefix(&[RS]).unwrap_or(record);
            let complete = self.pending[end] == RS || complete_json(text);
            if complete {
                let text = text.to_vec();
                let skip = usize::from(self.pending[end] == b'\n');
                self.pending.drain(..end + skip);
                self.scanned = 0;
                self.text(&text);
            } else {
                self.scanned = end + 1;
            }
        }
    }

    /// A line of JSON lines, or a record of a JSON text sequence.
    fn text(&mut self, line: &[u8]) {
        let text = line.trim_ascii();
        if !text.is_empty() {
            self.ready.push_back(Record::Text(text.to_vec()));
        }
    }

    /// One line of an event stream, as the HTML standard interprets it.
    fn line(&mut self, line: &[u8]) -> Result<(), Broken> {
        if line.is_empty() {
            self.dispatch();
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        let (field, value) = match memchr::memchr(b':', line) {
            Some(colon) => {
                let value = &line[colon + 1..];
                (&line[..colon], value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &b""[..]),
        };
        let text = |value: &[u8]| String::from_utf8_lossy(value).into_owned();
        match field {
            b"event" => self.event = text(value),
            b"data" => {
                if self.data.len() + value.len() + 1 > self.limit {
                    return Err(Broken::TooLarge);
                }
                self.data.reserve(value.len() + 1);
                match std::str::from_utf8(value) {
                    Ok(value) => self.data.push_str(value),
                    Err(_) => self.data.push_str(&String::from_utf8_lossy(value)),
                }
                self.data.push('\n');
                self.has_data = true;
            }
            b"id" if !value.contains(&0) => {
                self.last_id = (!value.is_empty()).then(|| text(value));
            }
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                self.retry = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .map(Duration::from_millis);
            }
            _ => {}
        }
        Ok(())
    }

    fn dispatch(&mut self) {
        let event = std::mem::take(&mut self.event);
        if !self.has_data {
            return;
        }
        self.has_data = false;
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        self.ready.push_back(Record::Event(Event {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
            id: self.last_id.clone(),
            retry: self.retry,
        }));
    }
}

/// Whether `text` is one whole JSON text.
fn complete_json(text: &[u8]) -> bool {
    serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok()
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
    decode: fn(Record, &Source) -> Result<T, Error>,
) -> ItemStream<T> {
    let framer = Framer::new(source.framing, source.client.policy.max_item_bytes);
    let reader = Reader {
        source,
        body: Some(head.body),
        framer,
        ended: false,
        resumes: 0,
    };
    let inner = futures_util::stream::unfold(reader, move |mut reader| async move {
        let record = reader.next().await?;
        let item = record.and_then(|record| decode(record, &reader.source));
        reader.ended |= item.is_err();
        Some((item, reader))
    });
    ItemStream {
        inner: Box::pin(inner),
    }
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
    async fn next(&mut self) -> Option<Result<Record, Error>> {
        if self.ended {
            return None;
        }
        loop {
            if let Some(record) = self.framer.pop() {
                if let (Some(sentinel), Record::Event(event)) = (self.source.sentinel, &record)
                    && event.data == sentinel
                {
                    self.body = None;
                    self.ended = true;
                    return None;
                }
                self.resumes = 0;
                return Some(Ok(record));
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
                let mut framer = Framer::new(self.framer.framing, self.framer.limit as u64);
                framer.last_id = self.framer.last_id.take();
                framer.retry = self.framer.retry;
                self.framer = framer;
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
        Error::Stream {
            method: self.source.op.method.to_owned(),
            path: self.source.op.path.to_owned(),
            reason,
            source,
        }
    }
}

impl Source {
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
pub(crate) fn json<T: DeserializeOwned>(record: Record, source: &Source) -> Result<T, Error> {
    match record {
        Record::Text(bytes) => {
            serde_json::from_slice(&bytes).map_err(|e| source.decode_error(&bytes, e))
        }
        Record::Event(event) => json_data(&event.data, source),
    }
}

fn json_data<T: DeserializeOwned>(data: &str, source: &Source) -> Result<T, Error> {
    serde_json::from_str(data).map_err(|e| source.decode_error(data.as_bytes(), e))
}

/// An event whose data is JSON.
pub(crate) fn json_event<T: DeserializeOwned>(
    record: Record,
    source: &Source,
) -> Result<Event<T>, Error> {
    let event = text_event(record, source)?;
    Ok(Event {
        data: json_data(&event.data, source)?,
        event: event.event,
        id: event.id,
        retry: event.retry,
    })
}

/// An event whose data is text.
pub(crate) fn text_event(record: Record, _: &Source) -> Result<Event<String>, Error> {
    match record {
        Record::Event(event) => Ok(event),
        Record::Text(bytes) => Ok(Event {
            event: "message".into(),
            data: String::from_utf8_lossy(&bytes).into_owned(),
            id: None,
            retry: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(pieces: &[&[u8]]) -> Result<Vec<Event<String>>, Broken> {
        let mut framer = Framer::new(Framing::Events, 1 << 20);
        let mut out = Vec::new();
        for piece in pieces {
            framer.push(piece)?;
            while let Some(Record::Event(event)) = framer.pop() {
                out.push(event);
            }
        }
        framer.finish()?;
        while let Some(Record::Event(event)) = framer.pop() {
            out.push(event);
        }
        Ok(out)
    }

    fn texts(framing: Framing, pieces: &[&[u8]]) -> Result<Vec<String>, Broken> {
        let mut framer = Framer::new(framing, 64);
        let mut out = Vec::new();
        for piece in pieces {
            framer.push(piece)?;
            while let Some(Record::Text(text)) = framer.pop() {
                out.push(String::from_utf8(text).unwrap());
            }
        }
        framer.finish()?;
        while let Some(Record::Text(text)) = framer.pop() {
            out.push(String::from_utf8(text).unwrap());
        }
        Ok(out)
    }

    #[test]
    fn events_follow_the_html_standard() {
        let text = b"\xEF\xBB\xBF: comment\r\nevent: add\r\ndata: one\r\ndata:two\r\nid: 7\r\nretry: 1500\r\n\r\ndata: three\rretry: x\r\rdata\n\nid\nevent: ignored\n\n";
        let whole = events(&[text]).unwrap();
        let bytewise: Vec<&[u8]> = text.chunks(1).collect();
        assert_eq!(events(&bytewise).unwrap(), whole);
        assert_eq!(
            whole,
            vec![
                Event {
                    event: "add".into(),
                    data: "one\ntwo".into(),
                    id: Some("7".into()),
                    retry: Some(Duration::from_millis(1500)),
                },
                Event {
                    event: "message".into(),
                    data: "three".into(),
                    id: Some("7".into()),
                    retry: Some(Duration::from_millis(1500)),
                },
                Event {
                    event: "message".into(),
                    data: String::new(),
                    id: Some("7".into()),
                    retry: Some(Duration::from_millis(1500)),
                },
            ]
        );
    }

    #[test]
    fn an_event_is_dispatched_only_at_its_blank_line() {
        let mut framer = Framer::new(Framing::Events, 1 << 20);
        framer.push(b"data: a\n").unwrap();
        assert_eq!(framer.pop(), None);
        framer.push(b"\r").unwrap();
        assert!(framer.pop().is_some());
        // The LF after that CR ends the same line, not another one.
        framer.push(b"\ndata: b\n\n").unwrap();
        let Some(Record::Event(event)) = framer.pop() else {
            panic!("one event")
        };
        assert_eq!(event.data, "b");
        assert_eq!(framer.pop(), None);
    }

    #[test]
    fn a_body_cut_inside_an_event_is_an_error() {
        assert!(matches!(events(&[b"data: a\n"]), Err(Broken::Cut(_))));
        assert!(matches!(events(&[b"data: a"]), Err(Broken::Cut(_))));
        assert_eq!(events(&[b"data: a\n\n: bye"]).unwrap().len(), 1);
    }

    #[test]
    fn items_past_the_limit_are_refused_before_they_are_held() {
        let mut framer = Framer::new(Framing::Events, 10);
        assert_eq!(framer.push(b"data: 0123456789ab"), Err(Broken::TooLarge));
        let mut framer = Framer::new(Framing::Events, 10);
        framer.push(b"data: 012345\n").unwrap();
        assert_eq!(framer.push(b"data: 6789\n"), Err(Broken::TooLarge));
        assert_eq!(texts(Framing::Lines, &[&[b'1'; 65]]), Err(Broken::TooLarge));
    }

    #[test]
    fn lines_and_sequences_are_cut_where_each_text_ends() {
        assert_eq!(
            texts(Framing::Lines, &[b"{\"a\":", b"1}\r\n\n[2]\n", b"3"]).unwrap(),
            ["{\"a\":1}", "[2]", "3"]
        );
        let mut framer = Framer::new(Framing::JsonSeq, 64);
        framer.push(b"\x1e{\"a\":\n1}\n\x1e[2]\n").unwrap();
        assert_eq!(framer.pop(), Some(Record::Text(b"{\"a\":\n1}".to_vec())));
        // Complete at its line end: not held until the next record starts.
        assert_eq!(framer.pop(), Some(Record::Text(b"[2]".to_vec())));
        assert_eq!(
            texts(Framing::JsonSeq, &[b"\x1e1\n\x1e", b"\"x\"\x1e[3"]),
            Err(Broken::Cut("a JSON text cut short"))
        );
        assert_eq!(
            texts(Framing::JsonSeq, &[b"\x1e1\n\x1e", b"\"x\"\x1e[3]"]).unwrap(),
            ["1", "\"x\"", "[3]"]
        );
    }
}

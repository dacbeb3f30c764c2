//! Cutting a body into items as its bytes arrive: the lines of an event
//! stream (read as the HTML standard says), JSON lines, the records of a
//! JSON text sequence, the parts of a `multipart/mixed` body. Nothing here
//! waits or decodes: `stream` feeds the bytes in and decodes what comes
//! out. What one item may hold is bounded, so a framer holds at most that
//! much, however long the body.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::time::Duration;

use super::stream::Event;

/// How a body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Framing {
    /// `text/event-stream`.
    Events,
    /// `application/jsonl`, `application/x-ndjson`: one JSON text per line.
    Lines,
    /// `application/json-seq`: each JSON text after a record separator.
    JsonSeq,
    /// `multipart/mixed`: each part's body, between the boundary lines
    /// the response's `Content-Type` names.
    Multipart,
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
    /// An earlier event's data, decoded and given back: the next event's
    /// text is written into it rather than into a new allocation.
    spare: String,
    has_data: bool,
    event: String,
    retry: Option<Duration>,
    last_id: Option<String>,
    /// A multipart body's delimiter (`\r\n--` and the boundary), and
    /// whether its first boundary line and its closing one have passed.
    delimiter: Vec<u8>,
    opened: bool,
    closed: bool,
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
            spare: String::new(),
            has_data: false,
            event: String::new(),
            retry: None,
            last_id: None,
            delimiter: Vec::new(),
            opened: false,
            closed: false,
            ready: VecDeque::new(),
        }
    }

    /// A framer of `multipart/mixed` parts between lines of `boundary`.
    pub fn multipart(boundary: &str, limit: u64) -> Self {
        let mut framer = Self::new(Framing::Multipart, limit);
        framer.delimiter = format!("\r\n--{boundary}").into_bytes();
        framer
    }

    /// A framer for the same body sent again (a resumed event stream): it
    /// keeps the last event ID and the reconnection time.
    pub fn restart(&self) -> Self {
        let mut framer = Self::new(self.framing, self.limit as u64);
        framer.delimiter = self.delimiter.clone();
        framer.last_id = self.last_id.clone();
        framer.retry = self.retry;
        framer
    }

    /// The complete item that arrived first, if any.
    pub fn pop(&mut self) -> Option<Record> {
        self.ready.pop_front()
    }

    /// Takes back a record once it is decoded: an event's data (unless it
    /// was taken, or is large) holds the next event's.
    pub fn recycle(&mut self, record: Record) {
        const KEPT: usize = 64 << 10;
        if let Record::Event(event) = record {
            let mut data = event.data;
            if data.capacity() <= KEPT && data.capacity() > self.spare.capacity() {
                data.clear();
                self.spare = data;
            }
        }
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
            Framing::Multipart if !self.closed => {
                return Err(Broken::Cut("a multipart body without its closing boundary"));
            }
            Framing::Multipart => {}
        }
        Ok(())
    }

    fn cut(&mut self) -> Result<(), Broken> {
        match self.framing {
            Framing::Events => self.cut_lines(true),
            Framing::Lines => self.cut_lines(false),
            Framing::JsonSeq => self.cut_sequence(),
            Framing::Multipart => self.cut_parts(),
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

    /// The parts of a multipart body: each between delimiter lines
    /// (RFC 2046), its headers (if any) before a blank line, then its body.
    /// The preamble before the first boundary and the epilogue after the
    /// closing one are not parts.
    fn cut_parts(&mut self) -> Result<(), Broken> {
        loop {
            if self.closed {
                self.pending.clear();
                return Ok(());
            }
            // The first boundary line may open the body, without the CRLF
            // that the delimiter starts with.
            let delimiter = if self.opened || !self.pending.starts_with(&self.delimiter[2..]) {
                &self.delimiter[..]
            } else {
                &self.delimiter[2..]
            };
            let Some(at) = memchr::memmem::find(&self.pending, delimiter) else {
                return Ok(());
            };
            let after = at + delimiter.len();
            // The delimiter's line: `--` closes the body; else it ends at
            // CRLF (after optional whitespace).
            let rest = &self.pending[after..];
            let closing = rest.starts_with(b"--");
            let Some(line_end) = memchr::memmem::find(rest, b"\r\n").map(|i| after + i + 2) else {
                if closing {
                    // The closing boundary at the very end of the body.
                    self.finish_part(at);
                    self.closed = true;
                }
                return Ok(());
            };
            self.finish_part(at);
            self.closed = closing;
            self.pending.drain(..line_end);
            self.opened = true;
        }
    }

    /// The part that ends at `end` of the pending bytes, if one had begun.
    fn finish_part(&mut self, end: usize) {
        if !self.opened {
            return;
        }
        let part = &self.pending[..end];
        let body = match memchr::memmem::find(part, b"\r\n\r\n") {
            Some(blank) => &part[blank + 4..],
            // No headers: the part opens with its blank line.
            None => part.strip_prefix(b"\r\n").unwrap_or(part),
        };
        self.ready.push_back(Record::Text(body.to_vec()));
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
        let mut data = std::mem::replace(&mut self.data, std::mem::take(&mut self.spare));
        data.pop();
        self.ready.push_back(Record::Event(Event {
            event: if event.is_empty() {
                Cow::Borrowed("message")
            } else {
                Cow::Owned(event)
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

    /// A decoded event's data given back holds the next event's, and
    /// nothing of its own.
    #[test]
    fn data_given_back_is_written_afresh() {
        let mut framer = Framer::new(Framing::Events, 1 << 20);
        let mut data = Vec::new();
        for chunk in [
            &b"data: a longer first one\n\n"[..],
            b"data: b\n\n",
            b"data: c\n\n",
        ] {
            framer.push(chunk).unwrap();
            let record = framer.pop().expect("an event");
            if let Record::Event(event) = &record {
                data.push(event.data.clone());
            }
            framer.recycle(record);
        }
        assert_eq!(data, ["a longer first one", "b", "c"]);
        assert!(framer.spare.capacity() >= "a longer first one\n".len());
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
    fn multipart_parts_are_cut_at_their_boundaries() {
        let body: &[u8] = b"preamble\r\n--b1\r\nContent-Type: application/json\r\n\r\n{\"a\": 1}\r\n--b1\r\n\r\n[2]\r\n--b1--\r\nepilogue";
        for size in [1, 7, body.len()] {
            let mut framer = Framer::multipart("b1", 64);
            let mut parts = Vec::new();
            for piece in body.chunks(size) {
                framer.push(piece).unwrap();
                while let Some(Record::Text(part)) = framer.pop() {
                    parts.push(String::from_utf8(part).unwrap());
                }
            }
            framer.finish().unwrap();
            assert_eq!(parts, ["{\"a\": 1}", "[2]"], "read {size} bytes at a time");
        }
        let mut framer = Framer::multipart("b1", 64);
        framer.push(b"--b1\r\n\r\n1\r\n--b1\r\n\r\n2").unwrap();
        assert_eq!(framer.pop(), Some(Record::Text(b"1".to_vec())));
        assert_eq!(
            framer.finish(),
            Err(Broken::Cut("a multipart body without its closing boundary"))
        );
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

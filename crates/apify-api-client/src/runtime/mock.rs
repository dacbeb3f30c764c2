//! A local mock of the API for the tests of programs that use this crate
//! (the `mock` feature): a server on 127.0.0.1 that answers as stubs say,
//! and hands out clients pointed at itself. The generated `mock` module has
//! a typed stub per operation on top of [`Stub`].

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Map, Value};
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

use super::client::{Client, ClientBuilder};
use super::path::encode_path;

/// A mock of the API on a local port.
pub struct MockApi {
    server: MockServer,
}

impl MockApi {
    /// Starts a mock that answers nothing (404) until stubs are mounted.
    pub async fn start() -> Self {
        Self {
            server: MockServer::start().await,
        }
    }

    /// Where the mock listens.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client of the mock: the real client, pointed here, with retries
    /// that wait milliseconds instead of seconds.
    pub fn client(&self) -> Client {
        self.builder()
            .build()
            .expect("a client of a local mock builds")
    }

    /// A builder for a client of the mock, to change more settings.
    pub fn builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.uri())
            .min_retry_delay(Duration::from_millis(5))
    }

    /// Every request the mock has received, in order.
    pub async fn received(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// Checks that each stub with an expected count was called that often
    /// (also done when the mock is dropped).
    pub async fn verify(&self) {
        self.server.verify().await;
    }

    /// The underlying wiremock server, for anything the stubs do not say.
    pub fn server(&self) -> &MockServer {
        &self.server
    }
}

/// What one operation's requests must look like to be answered, and the
/// answers, in order (the last one repeats).
pub struct Stub<'m> {
    mock: &'m MockApi,
    method: &'static str,
    path: PathMatch,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    answers: Vec<ResponseTemplate>,
    expect: Option<u64>,
}

impl<'m> Stub<'m> {
    #[doc(hidden)]
    pub fn new(mock: &'m MockApi, method: &'static str, template: &'static str) -> Self {
        Self {
            mock,
            method,
            path: PathMatch::new(template),
            query: Vec::new(),
            headers: Vec::new(),
            answers: Vec::new(),
            expect: None,
        }
    }

    /// Only requests whose path parameter `name` is `value`.
    #[doc(hidden)]
    pub fn path_param(mut self, name: &str, value: &str) -> Self {
        self.path.fix(name, &encode_path(value));
        self
    }

    /// Only requests with query parameter `name` set to `value`.
    #[doc(hidden)]
    pub fn query(mut self, name: &str, value: impl ToString) -> Self {
        self.query.push((name.to_owned(), value.to_string()));
        self
    }

    /// Only requests with header `name` set to `value`.
    #[doc(hidden)]
    pub fn header(mut self, name: &str, value: impl ToString) -> Self {
        self.headers.push((name.to_owned(), value.to_string()));
        self
    }

    /// Answers with `status` and `body` as JSON.
    #[doc(hidden)]
    pub fn json(mut self, status: u16, body: Value) -> Self {
        self.answers
            .push(ResponseTemplate::new(status).set_body_json(body));
        self
    }

    /// Answers with `status` and `body` as it is, labelled `content_type`.
    #[doc(hidden)]
    pub fn bytes(mut self, status: u16, body: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.answers
            .push(ResponseTemplate::new(status).set_body_raw(body.into(), content_type));
        self
    }

    /// Answers with `items` as a stream in `media_type`: one server-sent
    /// event per item (its data the item's JSON, or a string item's text),
    /// one part per item of a `multipart/mixed` body (likewise), one record
    /// per item in a JSON text sequence, else one line each.
    #[doc(hidden)]
    pub fn items(self, status: u16, media_type: &str, items: Vec<Value>) -> Self {
        const BOUNDARY: &str = "mock-part";
        let essence = media_type.split(';').next().unwrap_or("").trim();
        let mut body = Vec::new();
        let last = items.len();
        for (i, item) in items.into_iter().enumerate() {
            let text = match item {
                Value::String(text)
                    if matches!(essence, "text/event-stream" | "multipart/mixed") =>
                {
                    text
                }
                item => item.to_string(),
            };
            match essence {
                "multipart/mixed" => {
                    body.extend_from_slice(format!("--{BOUNDARY}\r\n\r\n").as_bytes());
                    body.extend_from_slice(text.as_bytes());
                    body.extend_from_slice(b"\r\n");
                    if i + 1 == last {
                        body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
                    }
                }
                "text/event-stream" => {
                    for line in text.split('\n') {
                        body.extend_from_slice(b"data: ");
                        body.extend_from_slice(line.as_bytes());
                        body.push(b'\n');
                    }
                    body.push(b'\n');
                }
                "application/json-seq" => {
                    body.push(0x1e);
                    body.extend_from_slice(text.as_bytes());
                    body.push(b'\n');
                }
                _ => {
                    body.extend_from_slice(text.as_bytes());
                    body.push(b'\n');
                }
            }
        }
        if essence == "multipart/mixed" {
            if last == 0 {
                body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
            }
            return self.bytes(status, body, &format!("{essence}; boundary={BOUNDARY}"));
        }
        self.bytes(status, body, media_type)
    }

    /// The answer given last, sent after `delay` (a slow server).
    pub fn delay(mut self, delay: std::time::Duration) -> Self {
        if let Some(last) = self.answers.pop() {
            self.answers.push(last.set_delay(delay));
        }
        self
    }

    /// Answers with an error of the API: `status`, and a body that holds
    /// `error_type` and `message` where the API's error bodies do.
    pub fn error(self, status: u16, error_type: &str, message: &str) -> Self {
        let body = error_body(error_type, message);
        self.json(status, body)
    }

    /// Answers with `status` and no body (a `429` to test retries, a `204`).
    pub fn status(mut self, status: u16) -> Self {
        self.answers.push(ResponseTemplate::new(status));
        self
    }

    /// Answers with this response, for what the other answers do not say.
    pub fn answer(mut self, response: ResponseTemplate) -> Self {
        self.answers.push(response);
        self
    }

    /// Fails the test (when the mock is dropped or verified) unless the
    /// stub is called exactly `times` times.
    pub fn expect(mut self, times: u64) -> Self {
        self.expect = Some(times);
        self
    }

    /// Starts answering.
    pub async fn mount(self) {
        let mut mock = Mock::given(wiremock::matchers::method(self.method)).and(self.path);
        for (name, value) in &self.query {
            mock = mock.and(wiremock::matchers::query_param(
                name.as_str(),
                value.as_str(),
            ));
        }
        for (name, value) in &self.headers {
            mock = mock.and(wiremock::matchers::header(name.as_str(), value.as_str()));
        }
        let mut answers = self.answers;
        if answers.is_empty() {
            answers.push(ResponseTemplate::new(200));
        }
        let mut mock = mock.respond_with(Answers(Arc::new(Mutex::new(answers.into()))));
        if let Some(times) = self.expect {
            mock = mock.expect(times);
        }
        mock.mount(&self.mock.server).await;
    }
}

/// A stub of one operation, typed by `Op`, a marker the generated code
/// defines per operation (`mock::operations`): what every stub answers is
/// here; what one operation's stub matches and answers (its parameters, its
/// typed success) is generated for it.
pub struct Typed<'m, Op> {
    stub: Stub<'m>,
    op: PhantomData<Op>,
}

impl<'m, Op> Typed<'m, Op> {
    #[doc(hidden)]
    pub fn new(mock: &'m MockApi, method: &'static str, template: &'static str) -> Self {
        Self {
            stub: Stub::new(mock, method, template),
            op: PhantomData,
        }
    }

    /// This stub with its untyped part changed (for the generated methods).
    #[doc(hidden)]
    pub fn with(self, change: impl FnOnce(Stub<'m>) -> Stub<'m>) -> Self {
        Self {
            stub: change(self.stub),
            op: PhantomData,
        }
    }

    /// Answers with an error of the API: `status`, and a body that holds
    /// `error_type` and `message` where the API's errors do.
    pub fn error(self, status: u16, error_type: &str, message: &str) -> Self {
        self.with(|stub| stub.error(status, error_type, message))
    }

    /// Answers with `status` and no body (a `429`, to test retries).
    pub fn status(self, status: u16) -> Self {
        self.with(|stub| stub.status(status))
    }

    /// Answers with this response, for what the other answers do not say.
    pub fn answer(self, response: ResponseTemplate) -> Self {
        self.with(|stub| stub.answer(response))
    }

    /// The answer given last, sent after `delay` (a slow server).
    pub fn delay(self, delay: std::time::Duration) -> Self {
        self.with(|stub| stub.delay(delay))
    }

    /// Fails the test unless the stub is called exactly `times` times.
    pub fn expect(self, times: u64) -> Self {
        self.with(|stub| stub.expect(times))
    }

    /// Starts answering.
    pub async fn mount(self) {
        self.stub.mount().await
    }
}

/// An error body of the API's shape (where its description keeps an
/// error's type and message).
pub fn error_body(error_type: &str, message: &str) -> Value {
    let shape = &crate::API.errors;
    let mut body = Value::Object(Map::new());
    let kind_at = shape.kind.unwrap_or("/type");
    let message_at = shape.message.unwrap_or("/message");
    set(&mut body, kind_at, Value::String(error_type.to_owned()));
    set(&mut body, message_at, Value::String(message.to_owned()));
    body
}

/// Sets the value at a JSON pointer, making objects on the way.
fn set(root: &mut Value, pointer: &str, value: Value) {
    let mut at = root;
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    for (i, segment) in segments.iter().enumerate() {
        let Value::Object(object) = at else { return };
        if i + 1 == segments.len() {
            object.insert(segment.clone(), value);
            return;
        }
        at = object
            .entry(segment.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

/// The answers of a stub, in order; the last one repeats.
struct Answers(Arc<Mutex<VecDeque<ResponseTemplate>>>);

impl Respond for Answers {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut answers = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if answers.len() > 1 {
            answers.pop_front().expect("more than one")
        } else {
            answers
                .front()
                .cloned()
                .unwrap_or_else(|| ResponseTemplate::new(200))
        }
    }
}

/// A path template as requests must match it: each parameter any one
/// segment, unless fixed to a value.
#[derive(Clone)]
struct PathMatch {
    parts: Vec<Part>,
}

#[derive(Clone)]
enum Part {
    Literal(String),
    Param { name: String, value: Option<String> },
}

impl PathMatch {
    fn new(template: &str) -> Self {
        let mut parts = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_owned()));
            }
            parts.push(Part::Param {
                name: rest[open + 1..open + close].to_owned(),
                value: None,
            });
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_owned()));
        }
        Self { parts }
    }

    fn fix(&mut self, param: &str, encoded: &str) {
        for part in &mut self.parts {
            if let Part::Param { name, value } = part
                && name == param
            {
                *value = Some(encoded.to_owned());
            }
        }
    }

    /// Whether `path` (as sent, percent-encoded) matches from `at` on.
    fn matches_from(&self, path: &str, from: usize) -> bool {
        let Some(part) = self.parts.get(from) else {
            return path.is_empty();
        };
        match part {
            Part::Literal(text) => path
                .strip_prefix(text.as_str())
                .is_some_and(|rest| self.matches_from(rest, from + 1)),
            Part::Param {
                value: Some(value), ..
            } => path
                .strip_prefix(value.as_str())
                .is_some_and(|rest| self.matches_from(rest, from + 1)),
            // Any value that stays in its segment; try each end.
            Part::Param { value: None, .. } => {
                let segment_end = path.find('/').unwrap_or(path.len());
                (1..=segment_end).any(|end| self.matches_from(&path[end..], from + 1))
            }
        }
    }
}

impl Match for PathMatch {
    fn matches(&self, request: &Request) -> bool {
        // The API's paths come after the base URL's, which is the mock's root.
        self.matches_from(request.url.path(), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_templates_match_segments_and_fixed_values() {
        let mut path = PathMatch::new("/v2/items/{id}/logs/{day}.txt");
        assert!(path.matches_from("/v2/items/a%2Fb/logs/mon.txt", 0));
        assert!(!path.matches_from("/v2/items/a/b/logs/mon.txt", 0));
        assert!(!path.matches_from("/v2/items//logs/mon.txt", 0));
        path.fix("id", "x");
        assert!(path.matches_from("/v2/items/x/logs/mon.txt", 0));
        assert!(!path.matches_from("/v2/items/y/logs/mon.txt", 0));
    }

    #[test]
    fn error_bodies_put_type_and_message_where_the_api_does() {
        let mut body = Value::Object(Map::new());
        set(&mut body, "/error/type", Value::from("t"));
        set(&mut body, "/error/message", Value::from("m"));
        assert_eq!(
            body,
            serde_json::json!({"error": {"type": "t", "message": "m"}})
        );
    }
}

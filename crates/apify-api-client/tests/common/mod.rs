//! Shared by the client's tests: a mock API on 127.0.0.1 and sample data.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use apify_api_client::{Client, ClientBuilder};
use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const TOKEN: &str = "apify_api_t0k3n_do_not_leak";

pub fn dispatch(id: &str) -> Value {
    json!({
        "id": id,
        "userId": "wRsJZtadYvn4mBZmm",
        "webhookId": "asdLZtadYvn4mBZmm",
        "createdAt": "2019-12-12T07:34:14.202Z",
        "status": "SUCCEEDED",
        "eventType": "ACTOR.RUN.SUCCEEDED",
        "eventData": {"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "JgwXN9BdwxGcu9MMF"},
        "calls": [{
            "startedAt": "2019-12-12T07:34:14.202Z",
            "finishedAt": "2019-12-12T07:34:14.502Z",
            "errorMessage": null,
            "responseStatus": 200,
            "responseBody": "ok"
        }]
    })
}

pub fn error_body(error_type: &str, message: &str) -> Value {
    json!({"error": {"type": error_type, "message": message}})
}

/// A client for `server` with the token, and retries fast enough for tests.
pub fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .token(TOKEN)
        .min_retry_delay(Duration::from_millis(20))
        .max_retries(3)
        .timeout(Duration::from_secs(5))
}

pub fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client builds")
}

/// Answers with a script of responses (the last one repeats) and records
/// when each request arrived.
#[derive(Clone)]
pub struct Script {
    responses: Arc<Mutex<VecDeque<ResponseTemplate>>>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Script {
    pub fn new(responses: impl IntoIterator<Item = ResponseTemplate>) -> Self {
        Self {
            responses: Arc::new(Mutex::new(responses.into_iter().collect())),
            arrivals: Arc::default(),
        }
    }

    /// Mounts the script for every request to `path` (of any method).
    pub async fn mount(&self, server: &MockServer, path: &str) {
        Mock::given(wiremock::matchers::path(path))
            .respond_with(self.clone())
            .mount(server)
            .await;
    }

    pub fn count(&self) -> usize {
        self.arrivals.lock().unwrap().len()
    }

    /// Time between consecutive requests.
    pub fn gaps(&self) -> Vec<Duration> {
        let arrivals = self.arrivals.lock().unwrap();
        arrivals.windows(2).map(|w| w[1] - w[0]).collect()
    }
}

impl Respond for Script {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        self.arrivals.lock().unwrap().push(Instant::now());
        let mut responses = self.responses.lock().unwrap();
        if responses.len() > 1 {
            responses.pop_front().unwrap()
        } else {
            responses.front().cloned().expect("a script has a response")
        }
    }
}

/// An example binary; `cargo test` builds the examples beside the test binaries.
pub fn example(name: &str) -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path = dir.join("examples").join(name);
    assert!(
        path.exists(),
        "{} is not built; run the tests with `cargo test`",
        path.display()
    );
    path
}

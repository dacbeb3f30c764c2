//! Each call is a `tracing` span and each attempt an event, and neither
//! ever holds the token. (Alone in its test program: `tracing` caches which
//! call sites are of interest process-wide, and tests on other threads
//! without a subscriber would make it skip events here.)

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use common::{Script, TOKEN, client, dispatch, error_body};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

/// Everything a `tracing` subscriber writes while the test runs.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

#[tokio::test]
async fn each_call_is_a_span_and_each_attempt_an_event_without_the_token() {
    let server = MockServer::start().await;
    // The server echoes the token in its error; it must not reach the log.
    Script::new([
        ResponseTemplate::new(429).set_body_json(error_body(
            "rate-limit-exceeded",
            &format!("slow down, {TOKEN}"),
        )),
        ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("x")})),
    ])
    .mount(&server, "/v2/webhook-dispatches/x")
    .await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("apify_api_client=trace")
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    client(&server)
        .webhook_dispatch("x")
        .get()
        .await
        .unwrap()
        .unwrap();

    let log = captured.text();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 3, "{log}");
    for line in &lines {
        assert!(
            line.contains("call{operation=\"webhookDispatch_get\" method=\"GET\" path=\"/v2/webhook-dispatches/{dispatchId}\"}"),
            "{line}"
        );
        assert!(!line.contains(TOKEN), "{line}");
    }
    assert!(
        lines[0].contains("attempt failed attempt=1 status=429 duration_ms="),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("error=HTTP 429 rate-limit-exceeded"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("retrying attempt=1 delay_ms="),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains("attempt succeeded attempt=2 status=200 duration_ms="),
        "{}",
        lines[2]
    );
}

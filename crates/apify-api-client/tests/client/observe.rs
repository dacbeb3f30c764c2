//! Watching and shaping calls: hooks on requests and responses, an HTTP
//! client of the user's own, per-call options. (Tracing is in `tests/tracing.rs`.)

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use apify_api_client::{CallOptions, Error};
use common::{Script, TOKEN, builder, client, dispatch};
use serde_json::json;
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn hooks_see_every_request_and_response() {
    let server = MockServer::start().await;
    Script::new([
        ResponseTemplate::new(503),
        ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("x")})),
    ])
    .mount(&server, "/v2/webhook-dispatches/x")
    .await;
    let statuses = Arc::new(Mutex::new(Vec::new()));
    let seen = statuses.clone();
    let stamped = Arc::new(AtomicUsize::new(0));
    let stamps = stamped.clone();
    let client = builder(&server)
        .on_request(move |request| {
            let n = stamps.fetch_add(1, Ordering::SeqCst);
            request
                .headers_mut()
                .insert("x-attempt", n.to_string().parse().unwrap());
        })
        .on_response(move |response| seen.lock().unwrap().push(response.status().as_u16()))
        .build()
        .unwrap();
    client.webhook_dispatch("x").get().await.unwrap().unwrap();

    assert_eq!(*statuses.lock().unwrap(), [503, 200]);
    let requests = server.received_requests().await.unwrap();
    let attempts: Vec<&str> = requests
        .iter()
        .map(|r| r.headers.get("x-attempt").unwrap().to_str().unwrap())
        .collect();
    assert_eq!(attempts, ["0", "1"]);
    // The hook runs after authentication: the request it sees is complete.
    assert!(requests[0].headers.get("authorization").is_some());
}

#[tokio::test]
async fn a_users_own_http_client_sends_the_calls() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches/x"))
        .and(header("x-from", "my-client"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("x")})))
        .expect(1)
        .mount(&server)
        .await;
    // This crate's reqwest brings no TLS crypto provider of its own, and
    // building a client installs none: a program that builds its own
    // reqwest client gives it one, here as the process's default.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from", "my-client".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = builder(&server).http_client(http).build().unwrap();
    client.webhook_dispatch("x").get().await.unwrap().unwrap();
}

#[tokio::test]
async fn per_call_options_change_only_the_calls_made_with_them() {
    let server = MockServer::start().await;
    let script = Script::new([ResponseTemplate::new(429)]);
    script.mount(&server, "/v2/webhook-dispatches/busy").await;
    Mock::given(path("/v2/webhook-dispatches/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": dispatch("slow")}))
                .set_delay(Duration::from_millis(800)),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v2/webhook-dispatches/x"))
        .and(header("x-request-id", "r-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("x")})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);

    // No retries for this call; the client itself retries (3 times here).
    let once = client
        .with_options(CallOptions::new().max_retries(0))
        .unwrap();
    let error = once.webhook_dispatch("busy").get().await.unwrap_err();
    assert_eq!(error.status(), Some(429));
    assert_eq!(script.count(), 1);
    client.webhook_dispatch("busy").get().await.unwrap_err();
    assert_eq!(script.count(), 1 + 4);

    // A short timeout for a probe.
    let probe = client
        .with_options(
            CallOptions::new()
                .timeout(Duration::from_millis(100))
                .max_retries(0),
        )
        .unwrap();
    let started = std::time::Instant::now();
    match probe.webhook_dispatch("slow").get().await {
        Err(Error::Transport { reason, .. }) => assert!(reason.contains("timed out"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_millis(700));

    // A header for one call only.
    let tagged = client
        .with_options(CallOptions::new().header("X-Request-Id", "r-1"))
        .unwrap();
    tagged.webhook_dispatch("x").get().await.unwrap().unwrap();

    let bad = client.with_options(CallOptions::new().header("X-Secret", "line\nbreak-s3cret"));
    let message = bad.unwrap_err().to_string();
    assert!(
        message.contains("X-Secret") && !message.contains("s3cret"),
        "{message}"
    );
}

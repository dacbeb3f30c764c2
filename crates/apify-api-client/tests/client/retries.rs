//! Retries: what is retried, how long between attempts, and what the last
//! failure says.

use crate::common;

use std::time::{Duration, Instant};

use apify_api_client::Error;
use common::{Script, builder, client, dispatch, error_body};
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

const PATH: &str = "/v2/webhook-dispatches/abc";

fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("abc")}))
}

fn status(code: u16, error_type: &str) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(error_body(error_type, "try again"))
}

/// Requests go to a port nothing listens on.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}

#[tokio::test]
async fn a_429_then_200_succeeds_on_the_second_attempt() {
    let server = MockServer::start().await;
    let script = Script::new([status(429, "rate-limit-exceeded"), ok()]);
    script.mount(&server, PATH).await;
    let found = client(&server).webhook_dispatch("abc").get().await.unwrap();
    assert_eq!(found.unwrap().id, "abc");
    assert_eq!(script.count(), 2);
}

/// The schedule: the n-th retry waits a random time in [d, 2d), with d the
/// minimum delay doubled n-1 times.
#[tokio::test]
async fn two_503s_then_200_back_off_exponentially() {
    let server = MockServer::start().await;
    let script = Script::new([
        status(503, "server-error"),
        status(503, "server-error"),
        ok(),
    ]);
    script.mount(&server, PATH).await;
    let d = Duration::from_millis(300);
    let client = builder(&server).min_retry_delay(d).build().unwrap();
    let started = Instant::now();
    client.webhook_dispatch("abc").get().await.unwrap().unwrap();
    let gaps = script.gaps();
    eprintln!(
        "retry schedule (min delay {d:?}): total {:?}, gaps between attempts {gaps:?}",
        started.elapsed()
    );
    assert_eq!(gaps.len(), 2);
    // Request handling (and a busy machine) adds a little on top of each
    // delay; the lower bounds are exact.
    let slack = Duration::from_millis(250);
    assert!(
        gaps[0] >= d && gaps[0] < 2 * d + slack,
        "first retry after {:?}",
        gaps[0]
    );
    assert!(
        gaps[1] >= 2 * d && gaps[1] < 4 * d + slack,
        "second retry after {:?}",
        gaps[1]
    );
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    let limited = status(429, "rate-limit-exceeded").insert_header("retry-after", "1");
    let script = Script::new([limited, ok()]);
    script.mount(&server, PATH).await;
    client(&server)
        .webhook_dispatch("abc")
        .get()
        .await
        .unwrap()
        .unwrap();
    let gap = script.gaps()[0];
    assert!(
        gap >= Duration::from_secs(1),
        "retried after {gap:?}, before Retry-After"
    );
    assert!(gap < Duration::from_millis(2500), "waited {gap:?}");
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let server = MockServer::start().await;
    let script = Script::new([status(400, "invalid-input"), ok()]);
    script.mount(&server, PATH).await;
    let error = client(&server)
        .webhook_dispatch("abc")
        .get()
        .await
        .unwrap_err();
    let api = error.as_api().unwrap();
    assert_eq!(
        (api.status, api.error_type_str(), api.attempt),
        (400, Some("invalid-input"), 1)
    );
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn every_4xx_but_429_is_final_and_every_5xx_is_retried() {
    for (code, retried) in [
        (401, false),
        (403, false),
        (405, false),
        (409, false),
        (500, true),
        (502, true),
        (504, true),
    ] {
        let server = MockServer::start().await;
        let script = Script::new([status(code, "x"), ok()]);
        script.mount(&server, PATH).await;
        let result = client(&server).webhook_dispatch("abc").get().await;
        assert_eq!(result.is_ok(), retried, "HTTP {code}");
        assert_eq!(script.count(), if retried { 2 } else { 1 }, "HTTP {code}");
    }
}

#[tokio::test]
async fn exhausted_retries_report_how_many_attempts_were_made() {
    let server = MockServer::start().await;
    let script = Script::new([status(503, "server-unavailable")]);
    script.mount(&server, PATH).await;
    let client = builder(&server).max_retries(2).build().unwrap();
    let error = client.webhook_dispatch("abc").get().await.unwrap_err();
    let api = error.as_api().unwrap();
    assert_eq!((api.status, api.attempt), (503, 3));
    assert_eq!(script.count(), 3);
    let text = error.to_string();
    assert!(
        text.contains("GET /v2/webhook-dispatches/abc") && text.contains("attempt 3"),
        "{text}"
    );
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported_with_the_attempt_count() {
    let client = apify_api_client::Client::builder()
        .base_url(closed_port())
        .max_retries(2)
        .min_retry_delay(Duration::from_millis(5))
        .build()
        .unwrap();
    match client.webhook_dispatch("abc").get().await {
        Err(Error::Transport {
            attempts,
            path,
            method,
            ..
        }) => {
            assert_eq!(
                (attempts, method.as_str(), path.as_str()),
                (3, "GET", "/v2/webhook-dispatches/abc")
            );
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_attempt_that_times_out_is_retried() {
    let server = MockServer::start().await;
    let slow = ok().set_delay(Duration::from_secs(3));
    let script = Script::new([slow, ok()]);
    script.mount(&server, PATH).await;
    let client = builder(&server)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    client.webhook_dispatch("abc").get().await.unwrap().unwrap();
    assert_eq!(script.count(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "waited for the slow answer"
    );
}

#[tokio::test]
async fn retries_stop_at_the_time_limit() {
    let server = MockServer::start().await;
    let script = Script::new([status(503, "server-unavailable")]);
    script.mount(&server, PATH).await;
    let client = builder(&server)
        .max_retries(20)
        .min_retry_delay(Duration::from_millis(100))
        .max_elapsed_time(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.webhook_dispatch("abc").get().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    // Twenty retries from 100 ms would take minutes without the limit.
    assert!(
        started.elapsed() < Duration::from_millis(2000),
        "took {:?}",
        started.elapsed()
    );
    assert!(
        (2..=4).contains(&script.count()),
        "{} attempts",
        script.count()
    );
}

/// A server that drops the first connection after reading the request (no
/// answer at all), then answers normally.
#[tokio::test]
async fn a_connection_closed_without_an_answer_is_retried() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut buffer = [0u8; 4096];
            let _ = socket.read(&mut buffer).await;
            if n == 0 {
                drop(socket); // reset: the client gets no response
                continue;
            }
            let body = json!({"data": dispatch("abc")}).to_string();
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(response.as_bytes()).await.unwrap();
        }
    });
    let client = apify_api_client::Client::builder()
        .base_url(format!("http://{address}"))
        .min_retry_delay(Duration::from_millis(10))
        .build()
        .unwrap();
    let found = client.webhook_dispatch("abc").get().await.unwrap();
    assert_eq!(found.unwrap().id, "abc");
    assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 2);
}

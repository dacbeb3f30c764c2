//! The examples as scripts use them: arguments in, JSON and exit status out.

use crate::common;

use std::process::Output;

use common::{TOKEN, dispatch, error_body, example};
use serde_json::{Value, json};
use wiremock::matchers::{header, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn run(name: &str, server: &MockServer, args: &[&str]) -> Output {
    let mut command = std::process::Command::new(example(name));
    command
        .args(args)
        .env("APIFY_TOKEN", TOKEN)
        .env("APIFY_API_BASE_URL", server.uri());
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn get_dispatch_prints_the_dispatch_as_json_and_sends_the_token() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches/Zib4xbZsmvZeK55ua"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": dispatch("Zib4xbZsmvZeK55ua")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = run("get_dispatch", &server, &["Zib4xbZsmvZeK55ua"]).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    let mut expected = dispatch("Zib4xbZsmvZeK55ua");
    expected["calls"][0]
        .as_object_mut()
        .unwrap()
        .remove("errorMessage"); // null, left out
    assert_eq!(printed, expected);
    assert!(!text(&output.stdout).contains(TOKEN) && !text(&output.stderr).contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread")]
async fn get_dispatch_exits_2_with_one_line_when_not_found() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches/nope"))
        .respond_with(ResponseTemplate::new(404).set_body_json(error_body(
            "record-not-found",
            "Webhook dispatch was not found.",
        )))
        .mount(&server)
        .await;
    let output = run("get_dispatch", &server, &["nope"]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nope"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn get_dispatch_exits_1_with_status_type_and_message_on_other_failures() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches/x"))
        .respond_with(
            ResponseTemplate::new(403)
                .set_body_json(error_body("insufficient-permissions", "Not yours.")),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v2/webhook-dispatches/busy"))
        .respond_with(ResponseTemplate::new(503).set_body_json(error_body("server-busy", "Later.")))
        .mount(&server)
        .await;

    let output = run("get_dispatch", &server, &["x"]).await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for part in ["403", "insufficient-permissions", "Not yours."] {
        assert!(stderr.contains(part), "{part} missing from {stderr}");
    }
    assert!(!stderr.contains(TOKEN));

    let output = run(
        "get_dispatch",
        &server,
        &[
            "busy",
            "--max-retries",
            "1",
            "--min-retry-delay-ms",
            "1",
            "--timeout-secs",
            "5",
        ],
    )
    .await;
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("503") && stderr.contains("attempt 2"),
        "{stderr}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);

    let output = run("get_dispatch", &server, &["x", "--max-retries", "lots"]).await;
    assert_eq!(
        output.status.code(),
        Some(1),
        "bad arguments must not look like 'not found'"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn list_dispatches_prints_one_json_object_per_line() {
    let server = MockServer::start().await;
    let items: Vec<Value> = (0..3).map(|i| dispatch(&format!("d{i}"))).collect();
    Mock::given(path("/v2/webhook-dispatches"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {
            "total": 3, "offset": 0, "limit": 1000, "desc": true, "count": 3, "items": items
        }})))
        .mount(&server)
        .await;
    let output = run("list_dispatches", &server, &["--desc", "--limit", "2"]).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let lines: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines
            .iter()
            .map(|d| d["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["d0", "d1"]
    );
    let query = server.received_requests().await.unwrap()[0]
        .url
        .query()
        .unwrap()
        .to_string();
    assert!(
        query.contains("desc=true") && query.contains("limit=2"),
        "{query}"
    );
}

//! `apify-api` as a user runs it, against a local server.

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};

use apify_api_client::mock::MockApi;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const TOKEN: &str = "apify_api_t0k3n_for_the_cli";

fn dispatch(id: &str) -> Value {
    json!({
        "id": id, "userId": "u", "webhookId": "w",
        "createdAt": "2019-12-12T07:34:14.202Z",
        "status": "SUCCEEDED", "eventType": "ACTOR.RUN.SUCCEEDED"
    })
}

fn apify_api(server: &MockServer) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_apify-api"));
    command
        .env("APIFY_TOKEN", TOKEN)
        .env("APIFY_API_BASE_URL", server.uri())
        .env_remove("RUST_LOG");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn run(server: &MockServer, args: &[&str]) -> Output {
    let mut command = apify_api(server);
    command.args(args);
    tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_found_dispatch_is_json_on_stdout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/webhook-dispatches/Zib4xbZsmvZeK55ua"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"data": dispatch("Zib4xbZsmvZeK55ua")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let output = run(
        &server,
        &["webhook-dispatch-get", "--dispatch-id", "Zib4xbZsmvZeK55ua"],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    // Piped: one line of JSON, with the API's field names.
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    let value: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(value["id"], "Zib4xbZsmvZeK55ua");
    assert_eq!(value["eventType"], "ACTOR.RUN.SUCCEEDED");
    assert!(output.stderr.is_empty());
}

#[tokio::test]
async fn a_missing_dispatch_exits_2_and_other_failures_1() {
    // The client crate's own mock answers as the API does.
    let mock = MockApi::start().await;
    mock.webhook_dispatch_get()
        .with_dispatch_id("nope")
        .not_found()
        .mount()
        .await;
    mock.webhook_dispatch_get()
        .with_dispatch_id("forbidden")
        .error(
            403,
            "insufficient-permissions",
            &format!("no access for {TOKEN}"),
        )
        .mount()
        .await;
    let server = mock.server();
    let missing = run(server, &["webhook-dispatch-get", "--dispatch-id", "nope"]).await;
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
    let stderr = text(&missing.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("not found: "), "{stderr}");

    let forbidden = run(
        server,
        &["webhook-dispatch-get", "--dispatch-id", "forbidden"],
    )
    .await;
    assert_eq!(forbidden.status.code(), Some(1));
    let stderr = text(&forbidden.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("HTTP 403 insufficient-permissions"),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN), "{stderr}");

    // Arguments it cannot take: exit 1, before any request.
    let wrong = run(server, &["webhook-dispatches-get", "--limit", "many"]).await;
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        text(&wrong.stderr).contains("--limit"),
        "{}",
        text(&wrong.stderr)
    );
}

#[tokio::test]
async fn too_many_requests_are_retried() {
    let server = MockServer::start().await;
    let tries = Arc::new(Mutex::new(0));
    let counter = tries.clone();
    Mock::given(path("/v2/webhook-dispatches/x"))
        .respond_with(move |_: &Request| {
            let mut tries = counter.lock().unwrap();
            *tries += 1;
            if *tries < 3 {
                ResponseTemplate::new(429).insert_header("retry-after", "0")
            } else {
                ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("x")}))
            }
        })
        .mount(&server)
        .await;
    let output = run(&server, &["webhook-dispatch-get", "--dispatch-id", "x"]).await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(*tries.lock().unwrap(), 3);
}

/// `total` dispatches, in pages of at most 1000; records each `limit`.
#[derive(Clone)]
struct Pages {
    total: usize,
    limits: Arc<Mutex<Vec<Option<usize>>>>,
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.parse::<usize>().unwrap())
        };
        let (offset, limit) = (query("offset").unwrap_or(0), query("limit"));
        self.limits.lock().unwrap().push(limit);
        let size = limit.unwrap_or(1000).min(1000);
        let end = (offset + size).min(self.total);
        let items: Vec<Value> = (offset.min(end)..end)
            .map(|i| dispatch(&format!("d{i}")))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"data": {
            "total": self.total, "offset": offset, "limit": size,
            "desc": false, "count": items.len(), "items": items
        }}))
    }
}

async fn pages(total: usize) -> (MockServer, Pages) {
    let server = MockServer::start().await;
    let pages = Pages {
        total,
        limits: Arc::default(),
    };
    Mock::given(path("/v2/webhook-dispatches"))
        .respond_with(pages.clone())
        .mount(&server)
        .await;
    (server, pages)
}

#[tokio::test]
async fn all_streams_every_item_as_json_lines_in_pages_the_api_allows() {
    let (server, pages) = pages(2500).await;
    let output = run(
        &server,
        &["webhook-dispatches-get", "--all", "--limit", "2100"],
    )
    .await;
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let ids: Vec<String> = stdout
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 2100);
    assert_eq!(ids[2099], "d2099");
    assert_eq!(
        *pages.limits.lock().unwrap(),
        [Some(1000), Some(1000), Some(100)]
    );

    // Without --all: one page, as one JSON document.
    let one = run(
        &server,
        &["webhook-dispatches-get", "--limit", "3", "--desc"],
    )
    .await;
    let page: Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!(page["count"], 3);
}

#[tokio::test]
async fn a_reader_that_stops_early_ends_the_program_quietly() {
    let (server, _) = pages(5000).await;
    // `apify-api … | head -1`: read one line, then close the pipe.
    let mut child = apify_api(&server)
        .args(["webhook-dispatches-get", "--all"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let first = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    assert!(first.contains("\"d0\""), "{first}");
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stderr.is_empty(), "{}", text(&output.stderr));

    // `2>&1 | head -1`: stderr is the closed pipe too; still no panic.
    let script = format!(
        "\"{}\" webhook-dispatches-get --all 2>&1 | head -1 >/dev/null; exit ${{PIPESTATUS[0]}}",
        env!("CARGO_BIN_EXE_apify-api")
    );
    let mut command = Command::new("bash");
    command
        .args(["-c", &script])
        .env("APIFY_API_BASE_URL", server.uri())
        .env("APIFY_TOKEN", TOKEN);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[tokio::test]
async fn rust_log_prints_each_attempt_to_stderr_without_the_token() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches/x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("x")})))
        .mount(&server)
        .await;
    let mut command = apify_api(&server);
    command.env("RUST_LOG", "apify_api_client=debug").args([
        "webhook-dispatch-get",
        "--dispatch-id",
        "x",
    ]);
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("attempt succeeded attempt=1 status=200"),
        "{stderr}"
    );
    assert!(
        stderr.contains("operation=\"webhookDispatch_get\""),
        "{stderr}"
    );
    assert!(!stderr.contains(TOKEN), "{stderr}");
}

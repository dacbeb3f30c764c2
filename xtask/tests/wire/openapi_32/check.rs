//! An OpenAPI 3.2 document's additions on the wire: the `QUERY` method
//! and `additionalOperations`, `querystring` parameters (a form, JSON, the
//! text given), and streams whose items `itemSchema` describes (reached
//! through `components.mediaTypes` too).

use wire_openapi_32::models::{JobFilter, JobsSearchQ, LogLine};
use wire_openapi_32::{Client, JobsRawOptions, JobsSearchOptions};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(server.uri())
        .token("secret")
        .build()
        .unwrap();
    (server, client)
}

async fn last_request(server: &MockServer) -> wiremock::Request {
    server.received_requests().await.unwrap().pop().unwrap()
}

#[tokio::test]
async fn query_and_additional_operations_are_sent_with_their_methods() {
    let (server, client) = server().await;
    Mock::given(method("QUERY"))
        .and(path("/jobs"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!([{"id": "a", "state": "done"}])),
        )
        .mount(&server)
        .await;
    Mock::given(method("PURGE"))
        .and(path("/jobs"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut filter = JobFilter::new();
    filter.states = Some(vec!["done".into()]);
    let jobs = client.jobs_query(&filter).await.unwrap();
    assert_eq!(jobs[0].id, "a");
    let request = last_request(&server).await;
    assert_eq!(request.method.as_str(), "QUERY");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        serde_json::json!({"states": ["done"]})
    );
    assert_eq!(request.headers["authorization"], "Bearer secret");
    client.jobs_purge().await.unwrap();
    assert_eq!(last_request(&server).await.method.as_str(), "PURGE");
}

#[tokio::test]
async fn a_querystring_parameter_is_the_whole_query_string() {
    let (server, client) = server().await;
    Mock::given(path("/jobs/search"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;
    Mock::given(path("/jobs/filter"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(path("/jobs/raw"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;

    // A form of an object: its properties are the query's names.
    let mut q = JobsSearchQ::new();
    q.label = Some("a b".into());
    q.min = Some(2);
    q.tags = Some(vec!["x".into(), "y".into()]);
    client
        .jobs_search(JobsSearchOptions::default().q(q))
        .await
        .unwrap();
    let url = last_request(&server).await.url;
    assert_eq!(url.query(), Some("label=a%20b&min=2&tags=x&tags=y"));

    // JSON text, percent-encoded, as the whole query.
    let mut filter = JobFilter::new();
    filter.states = Some(vec!["done".into()]);
    client.jobs_filter(&filter).await.unwrap();
    let url = last_request(&server).await.url;
    assert_eq!(
        url.query(),
        Some("%7B%22states%22%3A%5B%22done%22%5D%7D")
    );

    // The text given; what a query cannot hold is encoded.
    client
        .jobs_raw(JobsRawOptions::default().query("a=1&b=two words"))
        .await
        .unwrap();
    let url = last_request(&server).await.url;
    assert_eq!(url.query(), Some("a=1&b=two%20words"));
}

#[tokio::test]
async fn item_schemas_type_the_items_of_streams() {
    let (server, client) = server().await;
    Mock::given(path("/jobs/j1/events"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "event: progress\nid: 1\ndata: {\"percent\": 50}\n\ndata: {\"percent\": 100}\n\n",
            "text/event-stream",
        ))
        .mount(&server)
        .await;
    Mock::given(path("/jobs/j1/log"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            "{\"message\": \"started\"}\n{\"message\": \"done\"}\n",
            "application/jsonl",
        ))
        .mount(&server)
        .await;
    let mut events = client.job_events("j1").await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    assert_eq!(
        (&*first.event, first.id.as_deref(), first.data.percent),
        ("progress", Some("1"), 50)
    );
    assert_eq!(events.next().await.unwrap().unwrap().data.percent, 100);
    assert!(events.next().await.is_none());

    let mut log = client.job_log("j1").await.unwrap();
    let mut lines: Vec<LogLine> = Vec::new();
    while let Some(line) = log.next().await {
        lines.push(line.unwrap());
    }
    let messages: Vec<&str> = lines.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(messages, ["started", "done"]);
}

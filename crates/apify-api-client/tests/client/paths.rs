//! Every path parameter stays inside its own path segment.

use crate::common;

use apify_api_client::Error;
use common::{client, dispatch};
use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The path each ID reaches the server at (as sent, still encoded).
async fn requested_path(id: &str) -> String {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("x")})))
        .mount(&server)
        .await;
    client(&server)
        .webhook_dispatch(id)
        .get()
        .await
        .unwrap()
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let url = &requests[0].url;
    assert_eq!(url.query(), None, "{id:?} leaked into the query: {url}");
    url.path().to_string()
}

#[tokio::test]
async fn reserved_and_non_ascii_characters_are_percent_encoded() {
    for (id, expected) in [
        ("a/b", "a%2Fb"),
        ("a?b#c", "a%3Fb%23c"),
        ("100%", "100%25"),
        ("ž", "%C5%BE"),
        ("two words", "two%20words"),
        ("back\\slash", "back%5Cslash"),
        ("%2E%2E", "%252E%252E"),
        ("...", "..."),
        ("janedoe~my-store_1.x", "janedoe~my-store_1.x"),
    ] {
        assert_eq!(
            requested_path(id).await,
            format!("/v2/webhook-dispatches/{expected}"),
            "for {id:?}"
        );
    }
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_any_request() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client(&server);
    for id in ["..", ".", ""] {
        match client.webhook_dispatch(id).get().await {
            Err(Error::InvalidArgument { name, reason }) => {
                assert_eq!(name, "dispatchId");
                assert!(!reason.is_empty());
            }
            other => panic!("{id:?}: expected an invalid-argument error, got {other:?}"),
        }
    }
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "a request was sent"
    );
}

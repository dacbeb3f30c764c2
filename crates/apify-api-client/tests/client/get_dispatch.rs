//! Getting one webhook dispatch: decoding, authentication, not-found.

use crate::common;

use apify_api_client::models::{WebhookDispatchStatus, WebhookEventType};
use apify_api_client::{Client, Error};
use common::{TOKEN, client, dispatch, error_body};
use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_dispatch_decodes_into_the_typed_model_and_the_token_is_sent_as_bearer() {
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

    let found = client(&server)
        .webhook_dispatch("Zib4xbZsmvZeK55ua")
        .get()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, "Zib4xbZsmvZeK55ua");
    assert_eq!(found.status, WebhookDispatchStatus::Succeeded);
    assert_eq!(found.event_type, WebhookEventType::ActorRunSucceeded);
    assert_eq!(found.calls.unwrap()[0].response_status, Some(200));

    let request = &server.received_requests().await.unwrap()[0];
    let user_agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
    assert!(
        user_agent.starts_with(concat!("apify-api-client/", env!("CARGO_PKG_VERSION"))),
        "{user_agent}"
    );
    assert_eq!(request.headers.get("accept").unwrap(), "application/json");
    assert!(
        request.headers.get("api-version").is_none(),
        "a header the API does not define"
    );
}

#[tokio::test]
async fn without_a_token_no_authorization_header_is_sent() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches/x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": dispatch("x")})))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.webhook_dispatch("x").get().await.unwrap().unwrap();
    let request = &server.received_requests().await.unwrap()[0];
    assert!(request.headers.get("authorization").is_none());
}

/// What the API may send that the spec does not (yet) describe, or that the
/// first description of the endpoint got wrong, still decodes.
#[tokio::test]
async fn forward_compatible_and_irregular_payloads_decode() {
    let mut unknown = dispatch("unknown");
    unknown["eventType"] = json!("ACTOR.RUN.MIGRATED");
    unknown["brandNewField"] = json!({"nested": true});
    let mut null_event = dispatch("null-event");
    null_event["eventData"] = json!(null);
    let mut build = dispatch("build");
    build["eventType"] = json!("ACTOR.BUILD.SUCCEEDED");
    build["eventData"] =
        json!({"actorId": "vvE7iMKuMc5qTHHsR", "actorBuildId": "HG7ML7M8z78YcAPEB"});
    let mut null_call = dispatch("null-call");
    null_call["calls"] = json!([{"startedAt": null, "finishedAt": null, "errorMessage": null, "responseStatus": null, "responseBody": null}]);

    let server = MockServer::start().await;
    for body in [&unknown, &null_event, &build, &null_call] {
        let id = body["id"].as_str().unwrap();
        Mock::given(path(format!("/v2/webhook-dispatches/{id}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "data": body })))
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let get = |id: &'static str| {
        let client = client.clone();
        async move { client.webhook_dispatch(id).get().await.unwrap().unwrap() }
    };

    let found = get("unknown").await;
    assert_eq!(
        found.event_type,
        WebhookEventType::Unknown("ACTOR.RUN.MIGRATED".into())
    );
    assert_eq!(found.extra["brandNewField"], json!({"nested": true}));
    assert_eq!(get("null-event").await.event_data, None);
    let event = get("build").await.event_data.unwrap();
    assert_eq!(
        (event.actor_build_id.as_deref(), event.actor_run_id),
        (Some("HG7ML7M8z78YcAPEB"), None)
    );
    let call = &get("null-call").await.calls.unwrap()[0];
    assert_eq!((call.started_at, call.response_status), (None, None));
}

#[tokio::test]
async fn a_missing_dispatch_is_none() {
    let server = MockServer::start().await;
    for (id, error_type) in [
        ("gone", "record-not-found"),
        ("hidden", "record-or-token-not-found"),
    ] {
        Mock::given(path(format!("/v2/webhook-dispatches/{id}")))
            .respond_with(
                ResponseTemplate::new(404)
                    .set_body_json(error_body(error_type, "Webhook dispatch was not found.")),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server);
    assert_eq!(client.webhook_dispatch("gone").get().await.unwrap(), None);
    assert_eq!(client.webhook_dispatch("hidden").get().await.unwrap(), None);
}

#[tokio::test]
async fn another_404_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches/x"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(error_body("page-not-found", "No such endpoint.")),
        )
        .mount(&server)
        .await;
    Mock::given(path("/v2/webhook-dispatches/html"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>Not Found</html>"))
        .mount(&server)
        .await;
    let client = client(&server);

    let error = client.webhook_dispatch("x").get().await.unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(
        (api.status, api.error_type_str(), api.message.as_deref()),
        (404, Some("page-not-found"), Some("No such endpoint."))
    );
    assert!(!api.is_not_found());

    let error = client.webhook_dispatch("html").get().await.unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(
        (
            api.status,
            api.error_type.clone(),
            api.body_excerpt.as_deref()
        ),
        (404, None, Some("<html>Not Found</html>"))
    );
}

#[tokio::test]
async fn a_malformed_success_body_is_an_error_value() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches/truncated"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data": {"id": "trunc"#))
        .mount(&server)
        .await;
    Mock::given(path("/v2/webhook-dispatches/wrong"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": {"id": 7}})))
        .mount(&server)
        .await;
    let client = client(&server);
    for id in ["truncated", "wrong"] {
        match client.webhook_dispatch(id).get().await {
            Err(Error::Decode {
                operation, excerpt, ..
            }) => {
                assert_eq!(operation, "webhookDispatch_get");
                assert!(excerpt.starts_with(r#"{"data""#), "{excerpt}");
            }
            other => panic!("{id}: expected a decode error, got {other:?}"),
        }
    }
    // Not retried: a wrong body does not get better.
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

//! The token never shows: not in `Debug`, not in errors, not in excerpts of
//! bodies that echo it back.

use crate::common;

use apify_api_client::{Client, ClientBuilder};
use common::{TOKEN, builder, client};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn debug_output_of_the_client_and_builder_hides_the_token() {
    let server = MockServer::start().await;
    let builder = builder(&server);
    let client = client(&server);
    for text in [
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.webhook_dispatch("x")),
    ] {
        assert!(!text.contains(TOKEN), "{text}");
    }
    assert!(format!("{client:?}").contains("token: \"<redacted>\""));
    let without = Client::builder().build().unwrap();
    assert!(format!("{without:?}").contains("token: \"<none>\""));
}

#[tokio::test]
async fn errors_never_show_the_token_even_when_the_server_echoes_it() {
    let server = MockServer::start().await;
    let echo = format!("<html>Bad gateway for request with Authorization: Bearer {TOKEN}</html>");
    Mock::given(any())
        .respond_with(ResponseTemplate::new(502).set_body_string(echo))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/v2/webhook-dispatches/json"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": {"type": format!("bad-{TOKEN}"), "message": format!("token {TOKEN} rejected")}
        })))
        .with_priority(1)
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(0).build().unwrap();
    for id in ["html", "json"] {
        let error = client.webhook_dispatch(id).get().await.unwrap_err();
        for text in [
            error.to_string(),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!text.contains(TOKEN), "{text}");
            assert!(text.contains("<redacted>"), "{text}");
        }
    }
}

#[test]
fn a_token_that_cannot_be_a_header_is_refused_without_quoting_it() {
    let error = ClientBuilder::default()
        .token("bad\ntoken-value")
        .build()
        .unwrap_err();
    assert!(!error.to_string().contains("token-value"), "{error}");
}

#[test]
fn bad_base_urls_are_configuration_errors() {
    for url in [
        "not a url",
        "ftp://example.com",
        "https://api.apify.com?x=1",
    ] {
        let error = Client::builder().base_url(url).build().unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid client configuration"),
            "{error}"
        );
    }
    let client = Client::builder()
        .base_url("https://api.apify.com/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.apify.com");
}

use wire_api_key_query::{Client, ENV};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "k3y-that-must-not-leak";

/// The mock server, on the port the spec's server names (one test uses it).
async fn server() -> MockServer {
    let port: u16 = wire_api_key_query::DEFAULT_BASE_URL
        .trim_start_matches("http://127.0.0.1:")
        .parse()
        .unwrap();
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    MockServer::builder().listener(listener).start().await
}

#[tokio::test]
async fn the_key_goes_in_the_query_and_never_into_errors() {
    assert_eq!(ENV.api_key, Some("WIRE_API_KEY_QUERY_API_KEY"));
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/things/7"))
        .and(query_param("api_key", KEY))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": 7})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/8"))
        .respond_with(ResponseTemplate::new(500).set_body_string(format!("upstream saw api_key={KEY}")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/things/9"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            serde_json::json!({"message": format!("no thing for key {KEY}"), "code": "missing"}),
        ))
        .mount(&server)
        .await;

    let client = Client::builder().api_key(KEY).max_retries(0).build().unwrap();
    let thing = client.thing_get(7).await.unwrap().unwrap();
    assert_eq!(thing.id, Some(7));

    // A declared 404 reads as "not there".
    assert!(client.thing_get(9).await.unwrap().is_none());

    let error = client.thing_get(8).await.unwrap_err();
    for text in [error.to_string(), format!("{error:?}"), format!("{error:#?}")] {
        assert!(!text.contains(KEY), "{text}");
    }

    // No server: the transport error must not quote the URL with the key.
    let gone = Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9")
        .max_retries(0)
        .build()
        .unwrap();
    let error = gone.thing_get(1).await.unwrap_err();
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        texts.push(cause.to_string());
        source = cause.source();
    }
    for text in texts {
        assert!(!text.contains(KEY), "{text}");
    }
}

#[tokio::test]
async fn schemes_required_together_are_sent_together_and_none_means_none() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/admin"))
        .and(query_param("api_key", KEY))
        .and(header("x-admin-key", "adm1n-key-value"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/health"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key(KEY)
        .scheme_key("adminKey", "adm1n-key-value")
        .build()
        .unwrap();
    client.admin_post().await.unwrap();
    client.health_get().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let health = requests.iter().find(|r| r.url.path() == "/health").unwrap();
    assert_eq!(health.url.query(), None, "security: [] sends no key");
    assert!(health.headers.get("x-admin-key").is_none());
}

use wire_basic_auth::{Client, ClientBuilder, ENV, PairGetOptions};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The mock server, on the port the spec's server names.
async fn server() -> MockServer {
    let url = wire_basic_auth::DEFAULT_BASE_URL;
    let port: u16 = url
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    MockServer::builder().listener(listener).start().await
}

#[tokio::test]
async fn basic_credentials_and_every_parameter_reach_the_spec_server() {
    let server = server().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/items/one/two"))
        .and(query_param("offset", "10"))
        .and(query_param("limit", "5"))
        .and(query_param("page", "3"))
        .and(header("x-left", "L"))
        .and(header("x-right", "R"))
        // alice:s3cret-password
        .and(header("authorization", "Basic YWxpY2U6czNjcmV0LXBhc3N3b3Jk"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"first": "one", "second": "two"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    // No base URL given: the spec's server, with its variable's default.
    let client = Client::builder()
        .basic_auth("alice", "s3cret-password")
        .build()
        .unwrap();
    let pair = client
        .pair_get("one", "two", 5, 10, "L", "R", PairGetOptions::default().page(3))
        .await
        .unwrap();
    assert_eq!((pair.first.as_str(), pair.second.as_str()), ("one", "two"));
    let request = &server.received_requests().await.unwrap()[0];
    assert_eq!(request.url.query_pairs().count(), 3, "{}", request.url);
}

#[tokio::test]
async fn credentials_come_from_variables_named_after_the_crate() {
    assert_eq!(ENV.base_url, "WIRE_BASIC_AUTH_BASE_URL");
    assert_eq!(ENV.username, Some("WIRE_BASIC_AUTH_USERNAME"));
    assert_eq!(ENV.password, Some("WIRE_BASIC_AUTH_PASSWORD"));
    assert_eq!(ENV.token, None, "the API takes no bearer token");
    assert_eq!(ENV.api_key, None);
    // SAFETY: this is the only test of the program that touches the environment.
    unsafe {
        std::env::set_var("WIRE_BASIC_AUTH_USERNAME", "bob");
        std::env::set_var("WIRE_BASIC_AUTH_PASSWORD", "an0ther-password");
        std::env::set_var("WIRE_BASIC_AUTH_BASE_URL", "http://127.0.0.1:9/x");
    }
    let client = ClientBuilder::from_env().build().unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/x");
    let shown = format!("{client:?}");
    assert!(shown.contains("basic_auth: \"<redacted>\""), "{shown}");
    assert!(!shown.contains("an0ther-password"), "{shown}");
}

#[test]
fn a_token_is_refused_where_the_api_takes_none() {
    let error = Client::builder().token("t0ken-for-another-api").build().unwrap_err();
    assert!(error.to_string().contains("takes no bearer token"), "{error}");
}

use wire_methods::Client;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn each_operation_is_sent_with_its_own_method() {
    let server = MockServer::start().await;
    Mock::given(path("/thing"))
        .respond_with(ResponseTemplate::new(204))
        .expect(8)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.thing_get().await.unwrap();
    client.thing_put().await.unwrap();
    client.thing_post().await.unwrap();
    client.thing_delete().await.unwrap();
    client.thing_options().await.unwrap();
    client.thing_head().await.unwrap();
    client.thing_patch().await.unwrap();
    client.thing_trace().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let methods: Vec<String> = requests.iter().map(|r| r.method.to_string()).collect();
    assert_eq!(
        methods,
        ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
    );
    // progenitor's methods (every method reqwest has a function for) send
    // the `api-version` header it always adds, with the spec's version;
    // OPTIONS and TRACE, which the runtime builds, send none.
    for request in &requests {
        let version = request.headers.get("api-version");
        match request.method.as_str() {
            "OPTIONS" | "TRACE" => assert_eq!(version, None, "{}", request.method),
            _ => assert_eq!(
                version.map(|v| v.to_str().unwrap()),
                Some("1"),
                "{}",
                request.method
            ),
        }
    }
}

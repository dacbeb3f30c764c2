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
    let methods: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert_eq!(
        methods,
        ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]
    );
}

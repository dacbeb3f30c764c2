use wire_several_successes::{Client, JobSubmitSuccess};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn each_status_decodes_into_its_own_variant() {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let answers = [
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"value": 42})),
        ResponseTemplate::new(202).set_body_json(serde_json::json!({"poll": "/jobs/1"})),
        ResponseTemplate::new(204),
        ResponseTemplate::new(203).set_body_string("unlisted"),
    ];
    let mut seen = Vec::new();
    for answer in answers {
        server.reset().await;
        Mock::given(path("/jobs")).respond_with(answer).mount(&server).await;
        seen.push(client.job_submit().await.unwrap());
    }
    match &seen[0] {
        JobSubmitSuccess::Ok(result) => assert_eq!(result.value, Some(42)),
        other => panic!("{other:?}"),
    }
    match &seen[1] {
        JobSubmitSuccess::Accepted(body) => assert_eq!(body.poll.as_deref(), Some("/jobs/1")),
        other => panic!("{other:?}"),
    }
    assert_eq!(seen[2], JobSubmitSuccess::NoContent);
    match &seen[3] {
        JobSubmitSuccess::Other(raw) => assert_eq!(raw.text(), Some("unlisted")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_crates_own_mock_answers_each_case_in_its_type() {
    use wire_several_successes::mock::MockApi;
    use wire_several_successes::models::ResultType as Outcome;

    let mock = MockApi::start().await;
    let mut done: Outcome = wire_several_successes::mock::examples::result_type();
    done.value = Some(7);
    mock.job_submit()
        .status(503)
        .returns_no_content()
        .returns_ok(&done)
        .expect(3)
        .mount()
        .await;
    let client = mock.client();
    assert_eq!(client.job_submit().await.unwrap(), JobSubmitSuccess::NoContent);
    match client.job_submit().await.unwrap() {
        JobSubmitSuccess::Ok(result) => assert_eq!(result.value, Some(7)),
        other => panic!("{other:?}"),
    }
}

//! Form bodies, `allowReserved`, JSON `content` parameters and one-way
//! properties, as a local server receives them.

#![allow(
    deprecated,
    reason = "the spec deprecates `Item.legacy`; this test sets it on purpose"
)]

use serde_json::json;
use wire_features::models::{FormPostBody, FormPostBodyFilter, Item, SearchGetFilter, Webhook};
use wire_features::{
    Client, DEFAULT_BASE_URL, EntriesListOptions, JsonOr, RawPostMediaType, RunStartOptions,
    SearchGetOptions,
};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

async fn last_request(server: &MockServer) -> wiremock::Request {
    server.received_requests().await.unwrap().pop().unwrap()
}

#[tokio::test]
async fn a_form_is_written_field_by_field_as_its_encoding_says() {
    let (server, client) = server().await;
    Mock::given(path("/form"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut filter = FormPostBodyFilter::default();
    filter.min = Some(1);
    filter.max = Some(5);
    let mut body = FormPostBody::new("a b&c".into());
    body.tags = Some(vec!["x".into(), "y".into()]);
    body.flat = Some(vec!["p".into(), "q".into()]);
    body.filter = Some(filter);
    client.form_post(&body).await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(request.body).unwrap(),
        "name=a%20b%26c&tags=x&tags=y&flat=p,q&filter%5Bmin%5D=1&filter%5Bmax%5D=5"
    );
}

#[tokio::test]
async fn reserved_characters_pass_where_allowed_and_json_parameters_are_json() {
    let (server, client) = server().await;
    Mock::given(path("/search"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let mut filter = SearchGetFilter::default();
    filter.tag = Some("a&b".into());
    filter.limit = Some(2);
    client
        .search_get(
            SearchGetOptions::default()
                .path("/docs/a b?x=1".to_string())
                .filter(filter),
        )
        .await
        .unwrap();
    let request = last_request(&server).await;
    // Each in the order the parameters are declared by name: filter, path.
    assert_eq!(
        request.url.query().unwrap(),
        "filter=%7B%22tag%22%3A%22a%26b%22%2C%22limit%22%3A2%7D&path=/docs/a%20b?x=1"
    );
}

#[tokio::test]
async fn encoded_content_is_the_typed_value_encoded_on_the_wire() {
    use base64::Engine;
    let (server, client) = server().await;
    Mock::given(path("/runs"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let webhook = Webhook::new(
        vec!["ACTOR.RUN.SUCCEEDED".into()],
        "https://example.com/hook".into(),
    );
    client
        .run_start(
            RunStartOptions::default()
                .webhooks(vec![webhook])
                .x_labels(vec!["a".into(), "b c".into()]),
        )
        .await
        .unwrap();
    let request = last_request(&server).await;
    let (_, sent) = request
        .url
        .query_pairs()
        .find(|(name, _)| name == "webhooks")
        .unwrap();
    // Decoded back as the server does: base64, then JSON.
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(sent.as_bytes())
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&decoded).unwrap(),
        json!([{"eventTypes": ["ACTOR.RUN.SUCCEEDED"], "requestUrl": "https://example.com/hook"}])
    );
    assert_eq!(request.headers["x-labels"], r#"["a","b c"]"#);
}

#[tokio::test]
async fn read_only_fields_stay_out_of_requests_and_write_only_ones_out_of_responses() {
    let (server, client) = server().await;
    Mock::given(method("POST"))
        .and(path("/items"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "i-1", "name": "n"})))
        .mount(&server)
        .await;
    let mut item = Item::new("n".into());
    item.password = Some("s3cret".into());
    item.legacy = Some("old".into());
    let created = client.item_create(&item).await.unwrap();
    let sent: serde_json::Value =
        serde_json::from_slice(&last_request(&server).await.body).unwrap();
    assert_eq!(
        sent,
        json!({"name": "n", "password": "s3cret", "legacy": "old"})
    );
    assert_eq!(created.id.as_deref(), Some("i-1"));
    assert_eq!(created.password, None);
}

#[tokio::test]
async fn operations_with_servers_of_their_own_go_there_unless_the_base_url_is_given() {
    // The spec's own server is this test's server.
    let address = DEFAULT_BASE_URL.trim_start_matches("http://");
    let listener = std::net::TcpListener::bind(address).unwrap();
    let server = MockServer::builder().listener(listener).start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let by_default = Client::builder().build().unwrap();
    by_default.elsewhere_get().await.unwrap();
    by_default.elsewhere_put().await.unwrap();
    let given = Client::builder()
        .base_url(format!("{}/given", server.uri()))
        .build()
        .unwrap();
    given.elsewhere_get().await.unwrap();
    let paths: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/path-server/elsewhere",
            "/beta/op-server/elsewhere",
            "/given/elsewhere"
        ]
    );
}

#[tokio::test]
async fn raw_text_and_image_bodies_go_as_they_are_with_their_media_types() {
    let (server, client) = server().await;
    Mock::given(path("/raw"))
        .and(header("accept", "image/png"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![0x89, b'P', b'N', b'G'], "image/png"),
        )
        .mount(&server)
        .await;
    Mock::given(path("/raw"))
        .and(header("accept", "application/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"size": 4})))
        .mount(&server)
        .await;
    Mock::given(path("/text"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("hello back", "text/plain"))
        .mount(&server)
        .await;
    // The answer comes as JSON or as an image: the method asks for JSON,
    // its `_as` twin for the media type named.
    let png = bytes::Bytes::from_static(&[0x89, b'P', b'N', b'G', 0]);
    let described = client.raw_post(png.clone(), "image/png").await.unwrap();
    assert_eq!(described.size, Some(4));
    let image = client
        .raw_post_as(png, "image/png", RawPostMediaType::ImagePng)
        .await
        .unwrap();
    let sent = last_request(&server).await;
    assert_eq!(sent.headers["content-type"], "image/png");
    assert_eq!(sent.headers["accept"], "image/png");
    assert_eq!(sent.body, [0x89, b'P', b'N', b'G', 0]);
    assert_eq!(image.content_type.as_deref(), Some("image/png"));
    assert_eq!(&image.bytes[..], [0x89, b'P', b'N', b'G']);

    let text = client.text_post("hello").await.unwrap();
    let sent = last_request(&server).await;
    assert_eq!(sent.headers["content-type"], "text/plain");
    assert_eq!(sent.body, b"hello");
    assert_eq!(text.text(), Some("hello back"));
}

#[tokio::test]
async fn json_beside_any_media_type_is_decoded_or_kept_by_its_content_type() {
    let (server, client) = server().await;
    Mock::given(path("/records/a"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"size": 1})))
        .mount(&server)
        .await;
    Mock::given(path("/records/b"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(vec![1u8, 2, 3], "image/png"))
        .mount(&server)
        .await;
    let JsonOr::Json(record) = client.record_get("a").await.unwrap() else {
        panic!("JSON is decoded");
    };
    assert_eq!(record.size, Some(1));
    assert_eq!(
        last_request(&server).await.headers["accept"],
        "application/json, */*"
    );
    let JsonOr::Other(body) = client.record_get("b").await.unwrap() else {
        panic!("an image is kept as it came");
    };
    assert_eq!(body.content_type.as_deref(), Some("image/png"));
    assert_eq!(&body.bytes[..], [1, 2, 3]);
}

#[tokio::test]
async fn declared_response_headers_are_typed_beside_the_body() {
    let (server, client) = server().await;
    Mock::given(path("/export"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "i-1", "name": "n"}]))
                .insert_header("X-Total", "41")
                .insert_header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")
                .insert_header("X-Done", "true")
                .insert_header("Type", "full"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(path("/export"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    // The plain method still answers the body alone.
    let answer = client.export_get_with_headers().await.unwrap();
    assert_eq!(answer.body[0].name, "n");
    assert_eq!(answer.headers.x_total, 41);
    assert_eq!(answer.headers.x_next, None);
    assert_eq!(answer.headers.x_done, Some(true));
    assert_eq!(answer.headers.r#type.as_deref(), Some("full"));
    assert_eq!(
        answer.headers.last_modified.unwrap().to_rfc3339(),
        "2015-10-21T07:28:00+00:00"
    );
    // A required header missing is an error that names it.
    let error = client.export_get_with_headers().await.unwrap_err();
    assert!(error.to_string().contains("`X-Total` is missing"), "{error}");
    assert!(client.export_get().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_default_response_is_decoded_and_an_operation_without_responses_answers_its_body() {
    let (server, client) = server().await;
    Mock::given(path("/fallback"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ok": true})))
        .mount(&server)
        .await;
    Mock::given(path("/bare"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("anything", "text/plain"))
        .mount(&server)
        .await;
    assert_eq!(client.fallback_get().await.unwrap().ok, Some(true));
    assert_eq!(client.bare_get().await.unwrap().text(), Some("anything"));
}

#[tokio::test]
async fn cookie_keys_and_delegated_tokens_are_sent_where_their_schemes_say() {
    let (server, _) = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let header = |request: &wiremock::Request, name: &str| {
        request
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };

    let keyed = Client::builder()
        .base_url(server.uri())
        .scheme_key("session", "s-1")
        .build()
        .unwrap();
    keyed.session_get().await.unwrap();
    assert_eq!(
        header(&last_request(&server).await, "cookie").as_deref(),
        Some("session_id=s-1")
    );
    // Either alternative will do: the one with credentials is sent.
    keyed.either_get().await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        header(&request, "cookie").as_deref(),
        Some("session_id=s-1")
    );
    assert_eq!(header(&request, "authorization"), None);

    let delegated = Client::builder()
        .base_url(server.uri())
        .token("t-2")
        .build()
        .unwrap();
    delegated.delegated_get().await.unwrap();
    assert_eq!(
        header(&last_request(&server).await, "authorization").as_deref(),
        Some("Bearer t-2")
    );
    delegated.either_get().await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        header(&request, "authorization").as_deref(),
        Some("Bearer t-2")
    );
    assert_eq!(header(&request, "cookie"), None);
}

#[tokio::test]
async fn a_cookie_parameter_joins_a_cookie_key_which_stays_out_of_debug_output() {
    let (server, _) = server().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    let client = Client::builder()
        .base_url(server.uri())
        .scheme_key("session", "s3cret-key")
        .on_request(move |request| log.lock().unwrap().push(format!("{request:?}")))
        .build()
        .unwrap();
    client.themed_get("dark").await.unwrap();
    let request = last_request(&server).await;
    assert_eq!(
        request.headers["cookie"],
        "theme=dark; session_id=s3cret-key"
    );
    let logged = seen.lock().unwrap().join("\n");
    assert!(
        logged.contains("cookie") && !logged.contains("s3cret-key"),
        "{logged}"
    );
}

/// Five items, two a page; the total in a header only when `total` says.
async fn paged_by_headers(total: bool) -> MockServer {
    let server = MockServer::start().await;
    for offset in [0, 2, 4] {
        let items: Vec<_> = (offset..5.min(offset + 2)).map(|n| json!({"n": n})).collect();
        let mut answer = ResponseTemplate::new(200)
            .set_body_json(items)
            .insert_header("X-Pagination-Offset", offset.to_string().as_str());
        if total {
            answer = answer.insert_header("X-Pagination-Total", "5");
        }
        Mock::given(path("/entries"))
            .and(query_param("offset", offset.to_string().as_str()))
            .and(query_param("limit", "2"))
            .respond_with(answer)
            .mount(&server)
            .await;
    }
    // Past the end: an empty page.
    Mock::given(path("/entries"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn a_list_paged_by_headers_is_iterated_by_the_total_they_give() {
    use futures_util::TryStreamExt;
    for total in [true, false] {
        let server = paged_by_headers(total).await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        let items: Vec<_> = client
            .entries_list_iterate(Default::default())
            .try_collect()
            .await
            .unwrap();
        let numbers: Vec<i64> = items.iter().map(|item| item.n).collect();
        assert_eq!(numbers, [0, 1, 2, 3, 4]);
        // With the total, the last page is known; without, an empty page ends the list.
        let pages = server.received_requests().await.unwrap().len();
        assert_eq!(pages, if total { 3 } else { 4 });
    }
    // Each page's figures, as the headers give them.
    let server = paged_by_headers(true).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let options = EntriesListOptions::default().offset(2).limit(2);
    let page = client.entries_list_with_headers(options).await.unwrap();
    assert_eq!(page.body.len(), 2);
    assert_eq!(page.headers.x_pagination_offset.as_deref(), Some("2"));
    assert_eq!(page.headers.x_pagination_total.as_deref(), Some("5"));

    // The command line's `--all` reads every page too.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_wire-features"))
        .env("WIRE_FEATURES_BASE_URL", server.uri())
        .args(["entries-list", "--all"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(printed, (0..5).map(|n| json!({"n": n})).collect::<Vec<_>>());
}

#[tokio::test]
async fn properties_holding_encoded_json_are_read_as_their_values() {
    use base64::Engine as _;
    let (server, client) = server().await;
    let hooks = json!([{"eventTypes": ["ACTOR.RUN.FAILED"], "requestUrl": "https://a.test/"}]);
    let body = json!({
        "webhooks": base64::engine::general_purpose::STANDARD.encode(hooks.to_string()),
        "labels": r#"["a","b"]"#,
        // base64url, written without its padding
        "meta": base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(r#"{"depth":3}"#),
    });
    Mock::given(path("/runs/last"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let run = client.run_last().await.unwrap();
    assert_eq!(run.webhooks[0].event_types, ["ACTOR.RUN.FAILED"]);
    assert_eq!(run.webhooks[0].request_url, "https://a.test/");
    assert_eq!(run.labels.as_deref(), Some(&["a".to_owned(), "b".to_owned()][..]));
    assert_eq!(run.meta.as_ref().unwrap().depth, Some(3));
    // Written back encoded (base64url with its padding).
    let written = serde_json::to_value(&run).unwrap();
    assert_eq!(written["webhooks"], body["webhooks"]);
    assert_eq!(written["labels"], body["labels"]);
    let meta = written["meta"].as_str().unwrap();
    assert_eq!(
        base64::engine::general_purpose::URL_SAFE.decode(meta).unwrap(),
        br#"{"depth":3}"#
    );

    // Text that is not base64 is an error that says so.
    Mock::given(path("/runs/last"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"webhooks": "%%%"})))
        .mount(&server)
        .await;
    let error = client.run_last().await.unwrap_err();
    assert!(error.to_string().contains("Invalid"), "{error}");
}

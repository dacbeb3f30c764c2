use serde_json::json;
use wire_schemas::Client;
use wire_schemas::models::{EverythingKind, EverythingLevelsItem, EverythingMemory, Shape};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn each_schema_row_decodes_to_its_type_and_encodes_back_unchanged() {
    let server = MockServer::start().await;
    let body = json!({
        "shape": {"shapeType": "Square", "side": 3},
        "merged": {"id": "0b7f3c2e-8f5a-4a8e-9a59-0d5d6f1e2a3b", "home": "https://x.test/"},
        "limits": {"max": 5, "unlisted": true},
        "labels": {"a": "1", "b": "2"},
        "open": {"known": "k", "other": [1, 2]},
        "formats": {
            "day": "2024-02-29",
            "at": "2024-02-29T12:34:56Z",
            "blob": "aGVsbG8=",
            "big": 9007199254740993i64,
            "small": -7
        },
        "maybe": null,
        "legacy": "old",
        "memory": [256, 512],
        "kind": "everything",
        "levels": [2, 7],
        "point": [1.5, -2.0],
        "span": ["2024-01-02", {"label": "x"}, {"shapeType": "Circle", "radius": 1.0}],
        "loose": [1, "more"]
    });
    Mock::given(path("/everything"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let got = client.everything_get().await.unwrap();

    // A discriminator without mapping: the members' names are the values.
    assert!(matches!(&got.shape, Shape::Square(square) if square.side == 3));
    // allOf: one struct with both members' fields.
    assert_eq!(got.merged.id, "0b7f3c2e-8f5a-4a8e-9a59-0d5d6f1e2a3b");
    assert_eq!(got.merged.home.as_deref(), Some("https://x.test/"));
    // additionalProperties: a schema gives a map; unknown fields are kept.
    assert_eq!(got.labels["b"], "2");
    assert_eq!(got.limits.extra["unlisted"], json!(true));
    assert_eq!(got.open.as_ref().unwrap().extra["other"], json!([1, 2]));
    // Formats.
    let formats = &got.formats;
    assert_eq!(formats.day.unwrap().to_string(), "2024-02-29");
    assert_eq!(
        formats.at.unwrap().to_rfc3339(),
        "2024-02-29T12:34:56+00:00"
    );
    assert_eq!(formats.big, Some(9_007_199_254_740_993));
    assert_eq!(formats.small, Some(-7i32));
    // Nullable in both forms, a union by JSON kind, a const.
    assert_eq!(got.maybe, None);
    assert_eq!(got.legacy.as_deref(), Some("old"));
    assert_eq!(got.memory, Some(EverythingMemory::List(vec![256, 512])));
    assert_eq!(got.kind, Some(EverythingKind::Everything));
    // An integer enum: a listed value, and one the spec does not list, kept.
    assert_eq!(
        got.levels,
        Some(vec![
            EverythingLevelsItem::V2,
            EverythingLevelsItem::Unknown("7".into())
        ])
    );

    // Tuples: each member its own type, in order; one that may grow is a list.
    assert_eq!(got.point, Some((1.5, -2.0)));
    let (day, labelled, shape) = got.span.as_ref().unwrap();
    assert_eq!(day.to_string(), "2024-01-02");
    assert_eq!(labelled.label, "x");
    assert!(matches!(shape, Shape::Circle(circle) if circle.radius == 1.0));
    assert_eq!(got.loose.as_ref().unwrap().len(), 2);

    // Encoded again: the same JSON, but for the null member left out.
    let mut expected = body.clone();
    expected.as_object_mut().unwrap().remove("maybe");
    expected["formats"]["at"] = json!("2024-02-29T12:34:56Z");
    assert_eq!(serde_json::to_value(&got).unwrap(), expected);
}

#[tokio::test]
async fn a_tuple_of_another_length_is_an_error() {
    let server = MockServer::start().await;
    let body = json!({
        "shape": {"shapeType": "Square", "side": 3},
        "merged": {"id": "i"},
        "limits": {},
        "labels": {},
        "formats": {},
        "point": [1.5]
    });
    Mock::given(path("/everything"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client.everything_get().await.unwrap_err();
    assert!(error.to_string().contains("invalid length 1"), "{error}");
}

//! Decoding and re-encoding webhook dispatches: typed where the spec says,
//! and losing nothing the spec does not know about.

use apify_api_models::{
    ListOfWebhookDispatchesResponse, WebhookDispatch, WebhookDispatchResponse,
    WebhookDispatchStatus, WebhookEventType,
};
use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

fn dispatch() -> Value {
    json!({
        "id": "asdLZtadYvn4mBZmm",
        "userId": "wRsJZtadYvn4mBZmm",
        "webhookId": "asdLZtadYvn4mBZmm",
        "createdAt": "2019-12-12T07:34:14.202Z",
        "status": "SUCCEEDED",
        "eventType": "ACTOR.RUN.SUCCEEDED",
        "eventData": {
            "actorId": "vvE7iMKuMc5qTHHsR",
            "actorRunId": "JgwXN9BdwxGcu9MMF",
            "actorTaskId": "zRLp8SDOZz2NyLg7K"
        },
        "webhook": {
            "actionType": "HTTP_REQUEST",
            "condition": {"actorId": "hksJZtadYvn4mBuin", "actorTaskId": null, "actorRunId": null},
            "requestUrl": "https://example.com/webhook",
            "isAdHoc": false
        },
        "calls": [{
            "startedAt": "2019-12-12T07:34:14.202Z",
            "finishedAt": "2019-12-12T07:34:15.001Z",
            "errorMessage": "Cannot send request",
            "responseStatus": 200,
            "responseBody": "{\"foo\": \"bar\"}"
        }]
    })
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: &Value) -> (T, Value) {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    (decoded, encoded)
}

/// `value` without object members that are `null`: an optional field sent
/// as `null` decodes to `None`, and `None` is encoded by leaving it out.
fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

#[test]
fn a_full_dispatch_decodes_into_typed_fields_and_re_encodes_equal() {
    let (decoded, encoded) = round_trip::<WebhookDispatch>(&dispatch());
    assert_eq!(decoded.status, WebhookDispatchStatus::Succeeded);
    assert_eq!(decoded.event_type, WebhookEventType::ActorRunSucceeded);
    assert_eq!(
        decoded.created_at,
        Utc.with_ymd_and_hms(2019, 12, 12, 7, 34, 14).unwrap()
            + chrono::Duration::milliseconds(202)
    );
    let event = decoded.event_data.as_ref().expect("event data");
    assert_eq!(event.actor_id, "vvE7iMKuMc5qTHHsR");
    assert_eq!(event.actor_task_id.as_deref(), Some("zRLp8SDOZz2NyLg7K"));
    let webhook = decoded.webhook.as_ref().expect("webhook summary");
    assert_eq!(
        webhook.request_url.as_deref(),
        Some("https://example.com/webhook")
    );
    assert_eq!(webhook.condition.as_ref().unwrap().actor_run_id, None);
    let calls = decoded.calls.as_ref().expect("calls");
    assert_eq!(calls[0].response_status, Some(200));
    assert!(decoded.extra.is_empty());
    assert_ne!(
        without_nulls(&dispatch()),
        dispatch(),
        "the sample has explicit nulls"
    );
    assert_eq!(encoded, without_nulls(&dispatch()));
}

#[test]
fn unknown_enum_values_are_kept_and_re_encoded() {
    let mut value = dispatch();
    value["eventType"] = json!("ACTOR.RUN.SOMETHING_NEW");
    value["status"] = json!("PAUSED");
    let (decoded, encoded) = round_trip::<WebhookDispatch>(&value);
    assert_eq!(
        decoded.event_type,
        WebhookEventType::Unknown("ACTOR.RUN.SOMETHING_NEW".into())
    );
    assert_eq!(decoded.status.as_str(), "PAUSED");
    assert_eq!(encoded, without_nulls(&value));
}

#[test]
fn unknown_fields_are_kept_at_every_level_and_re_encoded() {
    let mut value = dispatch();
    value["retryCount"] = json!(3);
    value["eventData"]["actorBuildNumber"] = json!("0.1.2");
    value["calls"][0]["requestHeaders"] = json!({"x-a": "1"});
    value["webhook"]["condition"]["somethingElse"] = json!([1, 2]);
    let (decoded, encoded) = round_trip::<WebhookDispatch>(&value);
    assert_eq!(decoded.extra["retryCount"], json!(3));
    assert_eq!(
        decoded.event_data.as_ref().unwrap().extra["actorBuildNumber"],
        json!("0.1.2")
    );
    assert_eq!(
        decoded.calls.as_ref().unwrap()[0].extra["requestHeaders"],
        json!({"x-a": "1"})
    );
    assert_eq!(encoded, without_nulls(&value));
}

#[test]
fn build_events_need_no_run_id() {
    let mut value = dispatch();
    value["eventType"] = json!("ACTOR.BUILD.SUCCEEDED");
    value["eventData"] =
        json!({"actorId": "vvE7iMKuMc5qTHHsR", "actorBuildId": "HG7ML7M8z78YcAPEB"});
    let (decoded, encoded) = round_trip::<WebhookDispatch>(&value);
    let event = decoded.event_data.unwrap();
    assert_eq!(event.actor_build_id.as_deref(), Some("HG7ML7M8z78YcAPEB"));
    assert_eq!(event.actor_run_id, None);
    assert_eq!(encoded, without_nulls(&value));
}

#[test]
fn a_call_with_every_field_null_decodes() {
    let mut value = dispatch();
    value["calls"] = json!([{
        "startedAt": null, "finishedAt": null, "errorMessage": null,
        "responseStatus": null, "responseBody": null
    }]);
    let decoded: WebhookDispatch = serde_json::from_value(value).unwrap();
    let call = &decoded.calls.unwrap()[0];
    assert_eq!(
        (
            call.started_at,
            call.finished_at,
            &call.error_message,
            call.response_status,
            &call.response_body
        ),
        (None, None, &None, None, &None)
    );
}

/// An optional field sent as `null` decodes to `None`, which is encoded by
/// leaving the field out: the one normalisation the models make. Fields the
/// spec does not list keep their `null`.
#[test]
fn null_event_data_decodes_to_none_and_is_left_out_when_encoding() {
    let mut value = dispatch();
    value["eventData"] = Value::Null;
    value["webhook"] = Value::Null;
    value["notInTheSpec"] = Value::Null;
    let (decoded, encoded) = round_trip::<WebhookDispatch>(&value);
    assert_eq!(decoded.event_data, None);
    assert_eq!(decoded.webhook, None);
    let encoded = encoded.as_object().unwrap();
    assert!(!encoded.contains_key("eventData") && !encoded.contains_key("webhook"));
    assert_eq!(encoded["notInTheSpec"], Value::Null);
}

#[test]
fn missing_required_fields_and_wrong_types_are_errors_not_panics() {
    let mut value = dispatch();
    value.as_object_mut().unwrap().remove("createdAt");
    let error = serde_json::from_value::<WebhookDispatch>(value).unwrap_err();
    assert!(error.to_string().contains("createdAt"), "{error}");

    let mut value = dispatch();
    value["createdAt"] = json!("yesterday");
    assert!(serde_json::from_value::<WebhookDispatch>(value).is_err());

    let mut value = dispatch();
    value["eventData"] = json!({"actorRunId": "JgwXN9BdwxGcu9MMF"});
    let error = serde_json::from_value::<WebhookDispatch>(value).unwrap_err();
    assert!(error.to_string().contains("actorId"), "{error}");
}

#[test]
fn envelopes_and_pages_round_trip() {
    let single = json!({"data": dispatch()});
    let (decoded, encoded) = round_trip::<WebhookDispatchResponse>(&single);
    assert_eq!(decoded.data.id, "asdLZtadYvn4mBZmm");
    assert_eq!(encoded, without_nulls(&single));

    let page = json!({"data": {
        "total": 2, "offset": 0, "limit": 1000, "count": 2, "desc": false,
        "items": [dispatch(), dispatch()]
    }});
    let (decoded, encoded) = round_trip::<ListOfWebhookDispatchesResponse>(&page);
    assert_eq!(
        (
            decoded.data.total,
            decoded.data.count,
            decoded.data.items.len()
        ),
        (2, 2, 2)
    );
    assert_eq!(encoded, without_nulls(&page));
}

#[test]
fn enums_convert_from_and_to_text() {
    for value in ["ACTOR.BUILD.TIMED_OUT", "TEST", "NOT.A.KNOWN.EVENT"] {
        let parsed: WebhookEventType = value.parse().unwrap();
        assert_eq!(parsed.to_string(), value);
        assert_eq!(WebhookEventType::from(value.to_string()), parsed);
    }
    assert_eq!(WebhookEventType::from("TEST"), WebhookEventType::Test);
}

/// Types whose fields are all optional can be built from just the fields
/// that matter; the rest are left out of the JSON.
#[test]
fn all_optional_types_build_from_defaults() {
    let mut condition = apify_api_models::WebhookCondition::new();
    condition.actor_id = Some("hksJZtadYvn4mBuin".into());
    assert_eq!(
        serde_json::to_value(&condition).unwrap(),
        json!({"actorId": "hksJZtadYvn4mBuin"})
    );
}

/// Read from text, as responses are: a field given twice is an error, and
/// so is a value of the wrong type, reported at its line; a struct reads
/// from an object only.
#[test]
fn a_field_given_twice_or_a_wrong_value_in_text_is_an_error_where_it_is() {
    let twice = r#"{"id": "a", "userId": "b", "id": "c"}"#;
    let error = serde_json::from_str::<WebhookDispatch>(twice).unwrap_err();
    assert!(
        error.to_string().contains("duplicate field `id`"),
        "{error}"
    );

    let text = serde_json::to_string_pretty(&dispatch())
        .unwrap()
        .replace("\"SUCCEEDED\"", "42");
    let error = serde_json::from_str::<WebhookDispatch>(&text).unwrap_err();
    let line = text.lines().position(|l| l.contains("42")).unwrap() + 1;
    assert_eq!(error.line(), line, "{error}");

    let error = serde_json::from_str::<WebhookDispatch>("[1, 2]").unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected struct WebhookDispatch"),
        "{error}"
    );
}

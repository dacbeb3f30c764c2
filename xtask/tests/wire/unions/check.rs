use serde_json::json;
use wire_unions::Client;
use wire_unions::models::{
    Action, DeletedListResponsePayloadsItem, DeletedRequest, DiskState, Pet, PetsListResponseFavourite, Phase, SourceEntry,
};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client of a server answering `body` as JSON at `route` (kept alive by
/// the server handle).
async fn answering(route: &str, body: &serde_json::Value) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (server, client)
}

#[tokio::test]
async fn members_are_told_apart_by_the_property_they_fix() {
    let body = json!([
        {"state": {"state": "creating"}, "phase": "starting", "action": {"kind": "SNAPSHOT", "name": "s1"}},
        {"state": {"state": "attached", "instance": "i-1"}, "phase": "running", "action": {"kind": "WIPE", "secure": true}},
        {"state": {"state": "melted", "heat": 9}, "phase": "frozen"},
    ]);
    let (_server, client) = answering("/disks", &body).await;
    let disks = client.disks_list().await.unwrap();

    assert!(matches!(&disks[0].state, DiskState::Creating(_)));
    assert_eq!(disks[0].phase, Phase::Starting);
    let DiskState::Attached(attached) = &disks[1].state else {
        panic!("{:?}", disks[1].state);
    };
    assert_eq!(attached.instance, "i-1");
    assert_eq!(disks[1].phase, Phase::Running);
    let Some(Action::Snapshot(snapshot)) = &disks[0].action else {
        panic!("{:?}", disks[0].action);
    };
    assert_eq!(snapshot.name, "s1");
    assert!(matches!(&disks[1].action, Some(Action::Wipe(wipe)) if wipe.secure == Some(true)));
    // Values the spec does not list are kept, and sent back as they came.
    assert!(matches!(&disks[2].state, DiskState::Unknown(_)));
    assert_eq!(disks[2].phase, Phase::Unknown("frozen".into()));
    assert_eq!(serde_json::to_value(&disks).unwrap(), body);
}

#[tokio::test]
async fn a_discriminated_base_is_one_of_the_schemas_that_extend_it() {
    let body = json!({
        "pets": [
            {"petType": "Cat", "name": "Tom", "hunts": true},
            {"petType": "Dog", "name": "Rex", "barks": false},
        ],
        "favourite": {"petType": "Dog", "name": "Rex", "barks": false},
    });
    let (_server, client) = answering("/pets", &body).await;
    let answer = client.pets_list().await.unwrap();
    let pets = answer.pets.as_deref().unwrap();
    assert!(
        matches!(&pets[0], Pet::Cat(cat) if cat.hunts == Some(true) && cat.name.as_deref() == Some("Tom"))
    );
    assert!(matches!(&pets[1], Pet::Dog(dog) if dog.barks == Some(false)));
    assert!(matches!(
        answer.favourite,
        Some(PetsListResponseFavourite::Dog(_))
    ));
    assert_eq!(serde_json::to_value(&answer).unwrap(), body);
}

#[tokio::test]
async fn objects_are_told_apart_by_the_properties_they_require() {
    let body = json!({
        "deleted": [{"id": "r1"}, {"uniqueKey": "https://a.b"}, {"id": "r3", "uniqueKey": "k"}],
        "files": [{"name": "src/main.js", "content": "1"}, {"name": "src", "folder": true}],
        "payloads": ["text", {"a": 1}],
    });
    let (_server, client) = answering("/deleted", &body).await;
    let answer = client.deleted_list().await.unwrap();
    let deleted = answer.deleted.as_ref().unwrap();
    assert!(matches!(&deleted[0], DeletedRequest::DeletedById(d) if d.id == "r1"));
    assert!(
        matches!(&deleted[1], DeletedRequest::DeletedByUniqueKey(d) if d.unique_key == "https://a.b")
    );
    // Both fit; either member reads it whole.
    assert!(!matches!(&deleted[2], DeletedRequest::Other(_)));
    let files = answer.files.as_ref().unwrap();
    // The folder requires more (`folder` too), so it is tried first.
    assert!(matches!(&files[0], SourceEntry::SourceFile(f) if f.content.as_deref() == Some("1")));
    assert!(matches!(&files[1], SourceEntry::SourceFolder(f) if f.folder));
    // `type: [string, object]`: an enum by JSON kind.
    let payloads = answer.payloads.as_ref().unwrap();
    assert!(matches!(&payloads[0], DeletedListResponsePayloadsItem::String(s) if s == "text"));
    assert!(matches!(&payloads[1], DeletedListResponsePayloadsItem::Object(o) if o["a"] == 1));
    assert_eq!(serde_json::to_value(&answer).unwrap(), body);
}

#[tokio::test]
async fn an_any_of_whose_members_overlap_is_read_as_each_member_it_fits() {
    let body = json!([
        {"error": {"items": [2], "type": "schema"}},
        {"error": {"type": "not-found", "message": "gone"}},
        {"error": {"items": [1], "message": 5}},
    ]);
    let (_server, client) = answering("/problems", &body).await;
    let problems = client.problems_list().await.unwrap();
    // Both members fit the first; each reads it.
    let both = &problems[0];
    assert_eq!(both.validation_problem.as_ref().unwrap().error.items, [2]);
    assert_eq!(
        both.api_problem.as_ref().unwrap().error.r#type.as_deref(),
        Some("schema")
    );
    // The second lacks the `items` the first member requires.
    assert!(problems[1].validation_problem.is_none());
    assert_eq!(
        problems[1].api_problem.as_ref().unwrap().error.message.as_deref(),
        Some("gone")
    );
    // The third has a `message` that is not the text the second member wants.
    assert!(problems[2].validation_problem.is_some());
    assert!(problems[2].api_problem.is_none());
    // Written back as they came.
    assert_eq!(serde_json::to_value(&problems).unwrap(), body);

    // A value no member fits is an error, not a panic.
    let (_server, client) = answering("/problems", &json!([{"error": "x"}])).await;
    let error = client.problems_list().await.unwrap_err();
    assert!(
        error.to_string().contains("fits none of `ValidationProblem`, `ApiProblem`"),
        "{error}"
    );
}

#[tokio::test]
async fn closed_objects_are_told_apart_by_their_keys() {
    use wire_unions::models::Target;
    let body = json!([
        {"phone": "+1 555", "note": "n"},
        {"email": "a@b.c"},
        {"email": "a@b.c", "phone": "+1 555"},
    ]);
    let (_server, client) = answering("/targets", &body).await;
    let targets = client.targets_list().await.unwrap();
    // Neither member requires anything: the keys alone tell them apart.
    assert!(matches!(&targets[0], Target::ByPhone(p) if p.phone.as_deref() == Some("+1 555")));
    assert!(matches!(&targets[1], Target::ByEmail(e) if e.email.as_deref() == Some("a@b.c")));
    // Keys neither member allows: kept as it came.
    assert!(matches!(&targets[2], Target::Other(_)));
    assert_eq!(serde_json::to_value(&targets).unwrap(), body);
}

#[tokio::test]
async fn members_are_told_apart_by_the_values_their_tag_may_take() {
    use wire_unions::models::Lifecycle;
    let body = json!([
        {"kind": "created"},
        {"kind": "started", "at": "now"},
        {"kind": "stopped", "code": 0},
        {"kind": "paused"},
    ]);
    let (_server, client) = answering("/events", &body).await;
    let events = client.events_list().await.unwrap();
    // Either value of the first member's enum selects it.
    assert!(matches!(&events[0], Lifecycle::Begun(_)));
    assert!(matches!(&events[1], Lifecycle::Begun(b) if b.at.as_deref() == Some("now")));
    assert!(matches!(&events[2], Lifecycle::Stopped(e) if e.code == 0));
    assert!(matches!(&events[3], Lifecycle::Unknown(_)));
    assert_eq!(serde_json::to_value(&events).unwrap(), body);
}

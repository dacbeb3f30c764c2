use serde_json::json;
use wire_unions::Client;
use wire_unions::models::{
    Action, DeletedListResponsePayloadsItem, DeletedRequest, DiskState, Pet, PetsListResponseFavourite, Phase, SourceEntry,
};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn members_are_told_apart_by_the_property_they_fix() {
    let server = MockServer::start().await;
    let body = json!([
        {"state": {"state": "creating"}, "phase": "starting", "action": {"kind": "SNAPSHOT", "name": "s1"}},
        {"state": {"state": "attached", "instance": "i-1"}, "phase": "running", "action": {"kind": "WIPE", "secure": true}},
        {"state": {"state": "melted", "heat": 9}, "phase": "frozen"},
    ]);
    Mock::given(path("/disks"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
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
    let server = MockServer::start().await;
    let body = json!({
        "pets": [
            {"petType": "Cat", "name": "Tom", "hunts": true},
            {"petType": "Dog", "name": "Rex", "barks": false},
        ],
        "favourite": {"petType": "Dog", "name": "Rex", "barks": false},
    });
    Mock::given(path("/pets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
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
    let server = MockServer::start().await;
    let body = json!({
        "deleted": [{"id": "r1"}, {"uniqueKey": "https://a.b"}, {"id": "r3", "uniqueKey": "k"}],
        "files": [{"name": "src/main.js", "content": "1"}, {"name": "src", "folder": true}],
        "payloads": ["text", {"a": 1}],
    });
    Mock::given(path("/deleted"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&body))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
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

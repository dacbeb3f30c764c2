//! The standalone crate's command line (`--features cli`), as a user runs it.

use std::io::Write;
use std::process::{Command, Stdio};

use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn program(server: &MockServer) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_wire-cli-body"));
    command.env("WIRE_CLI_BODY_BASE_URL", server.uri());
    command
}

#[tokio::test]
async fn a_body_is_checked_against_its_type_before_it_is_sent() {
    let server = MockServer::start().await;
    let pet = serde_json::json!({"name": "Rex", "age": 3, "owner": {"email": "a@b.c"}});
    Mock::given(method("POST"))
        .and(path("/pets"))
        .and(query_param("dryRun", "true"))
        .and(body_json(&pet))
        .respond_with(ResponseTemplate::new(201).set_body_json(&pet))
        .expect(2)
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("cli-body-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("pet.json");
    std::fs::write(&file, pet.to_string()).unwrap();

    // From a file.
    let output = program(&server)
        .args(["pet-create", "--dry-run", "--body"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let echoed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(echoed, pet);

    // From stdin.
    let mut child = program(&server)
        .args(["pet-create", "--dry-run", "true", "--body", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(pet.to_string().as_bytes()).unwrap();
    assert!(child.wait_with_output().unwrap().status.success());

    // A body of the wrong shape: refused, naming the field; nothing sent.
    std::fs::write(&file, r#"{"name": "Rex", "owner": {"email": 7}}"#).unwrap();
    let output = program(&server)
        .args(["pet-create", "--dry-run", "--body"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: the body is not what the API takes: at `owner.email`"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn help_lists_the_operations_flags_with_their_types() {
    let output = Command::new(env!("CARGO_BIN_EXE_wire-cli-body"))
        .args(["pet-create", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&output.stdout);
    for expected in ["--dry-run [<DRY_RUN>]", "--x-tags <X_TAGS>", "header `X-Tags`", "--body <FILE>", "JSON of type `Pet`"] {
        assert!(help.contains(expected), "{expected} in {help}");
    }
}

//! Code a user wrote against a crate generated from `spec/` (compiled by
//! `tests/evolution.rs` against each version of the spec): it builds a
//! model, reads fields by their types, matches an enum, calls the client.

use evo_api::models::{WebhookDispatch, WebhookDispatchStatus, WebhookEventType};
use evo_api::{Client, WebhookDispatchesListOptions};

pub fn describe(dispatch: &WebhookDispatch) -> String {
    let kind = match &dispatch.event_type {
        WebhookEventType::ActorRunSucceeded => "run succeeded",
        WebhookEventType::Test => "test",
        _ => "other",
    };
    let calls = dispatch.calls.as_ref().map_or(0, Vec::len);
    let age = chrono::DateTime::from_timestamp(1_700_000_000, 0)
        .unwrap_or_default()
        .signed_duration_since(dispatch.created_at);
    format!("{kind}, {calls} calls, {} s old", age.num_seconds())
}

pub fn made_here() -> WebhookDispatch {
    let mut dispatch = WebhookDispatch::new(
        "id".into(),
        "user".into(),
        "webhook".into(),
        chrono::DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default(),
        WebhookDispatchStatus::Succeeded,
        WebhookEventType::Test,
    );
    dispatch.calls = Some(Vec::new());
    dispatch
}

pub async fn fetch(client: &Client) -> Result<usize, evo_api::Error> {
    let found = client.webhook_dispatch("x").get().await?;
    let page = client
        .webhook_dispatches()
        .list(WebhookDispatchesListOptions::default().limit(10).desc(true))
        .await?;
    Ok(found.map_or(0, |d| describe(&d).len()) + page.items.len())
}

//! How a program that uses this crate tests itself with its mock (the
//! `mock` feature): written against the public API only, as a downstream
//! crate would write it. `cargo test -p apify-api-client --features mock`.

use apify_api_client::mock::{MockApi, examples};
use apify_api_client::{Error, WebhookDispatchesListOptions};
use futures_util::TryStreamExt;

#[tokio::test]
async fn a_found_dispatch_and_a_missing_one() {
    let mock = MockApi::start().await;
    let mut dispatch = examples::webhook_dispatch();
    dispatch.id = "Zib4xbZsmvZeK55ua".into();
    mock.webhook_dispatch_get()
        .with_dispatch_id("Zib4xbZsmvZeK55ua")
        .returns(&dispatch)
        .expect(1)
        .mount()
        .await;
    mock.webhook_dispatch_get()
        .with_dispatch_id("gone")
        .not_found()
        .mount()
        .await;

    let client = mock.client();
    let found = client
        .webhook_dispatch("Zib4xbZsmvZeK55ua")
        .get()
        .await
        .unwrap();
    assert_eq!(found, Some(dispatch));
    assert_eq!(client.webhook_dispatch("gone").get().await.unwrap(), None);
}

#[tokio::test]
async fn a_rate_limited_call_is_retried_until_it_succeeds() {
    let mock = MockApi::start().await;
    mock.webhook_dispatch_get()
        .status(429)
        .status(429)
        .returns(&examples::webhook_dispatch())
        .expect(3)
        .mount()
        .await;
    let dispatch = mock.client().webhook_dispatch("x").get().await.unwrap();
    assert!(dispatch.is_some());

    // An error of the API's shape reaches the caller typed.
    let failing = MockApi::start().await;
    failing
        .webhook_dispatch_get()
        .error(403, "insufficient-permissions", "You cannot see this.")
        .mount()
        .await;
    let error = failing
        .client()
        .webhook_dispatch("x")
        .get()
        .await
        .unwrap_err();
    let api = error.as_api().unwrap();
    assert_eq!(api.status, 403);
    assert_eq!(api.error_type_str(), Some("insufficient-permissions"));
    assert_eq!(api.message.as_deref(), Some("You cannot see this."));
    assert!(matches!(error, Error::Api(_)));
}

#[tokio::test]
async fn iterating_a_list_fetches_each_page() {
    let mock = MockApi::start().await;
    let page = |ids: &[&str], offset: i64| {
        let mut page = examples::list_of_webhook_dispatches();
        page.items = ids
            .iter()
            .map(|id| {
                let mut dispatch = examples::webhook_dispatch();
                dispatch.id = (*id).into();
                dispatch
            })
            .collect();
        page.total = 3;
        page.offset = offset;
        page.count = ids.len() as i64;
        page
    };
    mock.webhook_dispatches_get()
        .with_offset(0)
        .returns(&page(&["a", "b"], 0))
        .mount()
        .await;
    mock.webhook_dispatches_get()
        .with_offset(2)
        .returns(&page(&["c"], 2))
        .mount()
        .await;

    let client = mock.client();
    let ids: Vec<String> = client
        .webhook_dispatches()
        .iterate(WebhookDispatchesListOptions::default())
        .map_ok(|d| d.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(mock.received().await.len(), 2);
}

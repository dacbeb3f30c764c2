//! Listing: one page with `list`, every item lazily with `iterate`.

use crate::common;

use std::sync::{Arc, Mutex};

use apify_api_client::WebhookDispatchesListOptions;
use common::{client, dispatch};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The `offset` and `limit` of one request.
type PageRequest = (usize, Option<usize>);

/// A list of `total` dispatches served in pages of at most 1000, as the API
/// does; records each request.
#[derive(Clone)]
struct Pages {
    total: usize,
    requests: Arc<Mutex<Vec<PageRequest>>>,
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.parse::<usize>().expect("a whole number"))
        };
        let (offset, limit) = (query("offset").unwrap_or(0), query("limit"));
        self.requests.lock().unwrap().push((offset, limit));
        let desc = request
            .url
            .query_pairs()
            .any(|(k, v)| k == "desc" && v == "true");
        let page_size = limit.unwrap_or(1000).min(1000);
        let end = (offset + page_size).min(self.total);
        let items: Vec<_> = (offset.min(end)..end)
            .map(|i| dispatch(&format!("d{}", if desc { self.total - 1 - i } else { i })))
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({"data": {
            "total": self.total, "offset": offset, "limit": page_size,
            "desc": desc, "count": items.len(), "items": items
        }}))
    }
}

async fn serve(total: usize) -> (MockServer, Pages) {
    let server = MockServer::start().await;
    let pages = Pages {
        total,
        requests: Arc::default(),
    };
    Mock::given(method("GET"))
        .and(path("/v2/webhook-dispatches"))
        .respond_with(pages.clone())
        .mount(&server)
        .await;
    (server, pages)
}

fn ids(items: &[apify_api_client::models::WebhookDispatch]) -> Vec<String> {
    items.iter().map(|d| d.id.clone()).collect()
}

#[tokio::test]
async fn list_returns_one_page() {
    let (server, pages) = serve(2500).await;
    let options = WebhookDispatchesListOptions::default()
        .offset(10)
        .limit(5)
        .desc(true);
    let page = client(&server)
        .webhook_dispatches()
        .list(options)
        .await
        .unwrap();
    assert_eq!(
        (page.total, page.offset, page.count, page.desc),
        (2500, 10, 5, true)
    );
    assert_eq!(
        ids(&page.items),
        ["d2489", "d2488", "d2487", "d2486", "d2485"]
    );
    assert_eq!(*pages.requests.lock().unwrap(), [(10, Some(5))]);
}

#[tokio::test]
async fn iterate_walks_2500_items_in_pages_of_1000() {
    let (server, pages) = serve(2500).await;
    let all: Vec<_> = client(&server)
        .webhook_dispatches()
        .iterate(Default::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2500);
    assert_eq!(
        ids(&all),
        (0..2500).map(|i| format!("d{i}")).collect::<Vec<_>>()
    );
    // Without a limit, each page asks for the API's maximum.
    assert_eq!(
        *pages.requests.lock().unwrap(),
        [(0, Some(1000)), (1000, Some(1000)), (2000, Some(1000))]
    );
}

#[tokio::test]
async fn iterate_honours_an_overall_limit_and_a_start_offset() {
    let (server, pages) = serve(2500).await;
    let options = WebhookDispatchesListOptions::default()
        .offset(300)
        .limit(1500);
    let all: Vec<_> = client(&server)
        .webhook_dispatches()
        .iterate(options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        ids(&all),
        (300..1800).map(|i| format!("d{i}")).collect::<Vec<_>>()
    );
    // A page never asks for more than the API's maximum (1000).
    assert_eq!(
        *pages.requests.lock().unwrap(),
        [(300, Some(1000)), (1300, Some(500))]
    );
}

#[tokio::test]
async fn no_page_asks_for_more_than_the_api_allows() {
    let (server, pages) = serve(2500).await;
    let options = WebhookDispatchesListOptions::default().limit(2100);
    let all: Vec<_> = client(&server)
        .webhook_dispatches()
        .iterate(options)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 2100);
    assert_eq!(
        *pages.requests.lock().unwrap(),
        [(0, Some(1000)), (1000, Some(1000)), (2000, Some(100))]
    );
}

#[tokio::test]
async fn iterate_is_lazy() {
    let (server, pages) = serve(2500).await;
    let client = client(&server);
    let mut stream = std::pin::pin!(client.webhook_dispatches().iterate(Default::default()));
    assert!(
        pages.requests.lock().unwrap().is_empty(),
        "fetched before being read"
    );
    let first: Vec<_> = stream.as_mut().take(1000).try_collect().await.unwrap();
    assert_eq!(first.len(), 1000);
    assert_eq!(
        pages.requests.lock().unwrap().len(),
        1,
        "fetched ahead of the reader"
    );
    stream.next().await.unwrap().unwrap();
    assert_eq!(pages.requests.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn iterate_stops_at_an_empty_page_and_at_the_end() {
    let (server, pages) = serve(0).await;
    let none: Vec<_> = client(&server)
        .webhook_dispatches()
        .iterate(Default::default())
        .try_collect()
        .await
        .unwrap();
    assert!(none.is_empty());
    assert_eq!(pages.requests.lock().unwrap().len(), 1);

    let (server, pages) = serve(1000).await;
    let all: Vec<_> = client(&server)
        .webhook_dispatches()
        .iterate(Default::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 1000);
    assert_eq!(
        pages.requests.lock().unwrap().len(),
        1,
        "asked for a page past the total"
    );
}

#[tokio::test]
async fn a_failing_page_ends_the_stream_with_its_error() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/webhook-dispatches"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(common::error_body("invalid-token", "Bad token.")),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let mut stream = std::pin::pin!(client.webhook_dispatches().iterate(Default::default()));
    let error = stream.next().await.unwrap().unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert!(stream.next().await.is_none());
}

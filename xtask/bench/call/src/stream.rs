//! Server-sent events read through a generated client's streaming method,
//! and the same stream read with plain `reqwest` and `serde_json` by hand
//! (chunks split at blank lines, `data: ` lines decoded): interleaved
//! rounds on a local server. Prints, for `cargo xtask bench` to read:
//!
//! ```text
//! stream_plain_us <µs an event>    stream_ours_us <µs an event>    stream_ratio <median of rounds>
//! ```

use std::time::Instant;

use bench_streams::Client;
use bench_streams::models::Step;

use super::{head, median, serve};

/// The body every request is answered with: `events` events of a small
/// JSON object each.
fn body(events: usize) -> Vec<u8> {
    let mut body = Vec::new();
    for n in 0..events {
        body.extend_from_slice(
            format!("data: {{\"n\": {n}, \"label\": \"step {n} of the job\"}}\n\n").as_bytes(),
        );
    }
    body
}

/// Each event's data decoded, as a hand-written reader does it.
async fn plain(http: &reqwest::Client, url: &str) -> usize {
    let mut response = http
        .get(url)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap();
    let mut pending: Vec<u8> = Vec::new();
    let mut count = 0;
    while let Some(chunk) = response.chunk().await.unwrap() {
        pending.extend_from_slice(&chunk);
        let mut start = 0;
        while let Some(end) = pending[start..].windows(2).position(|w| w == b"\n\n") {
            let event = &pending[start..start + end];
            for line in event.split(|b| *b == b'\n') {
                if let Some(data) = line.strip_prefix(b"data: ") {
                    std::hint::black_box(serde_json::from_slice::<Step>(data).unwrap());
                    count += 1;
                }
            }
            start += end + 2;
        }
        pending.drain(..start);
    }
    count
}

async fn ours(client: &Client) -> usize {
    let mut events = client.events().await.unwrap();
    let mut count = 0;
    while let Some(event) = events.next().await {
        std::hint::black_box(event.unwrap());
        count += 1;
    }
    count
}

pub fn run(rounds: usize, events: usize) {
    let base = format!("http://{}", {
        // The head, then the body in writes of 16 KiB.
        let body = body(events);
        let mut writes = vec![head("text/event-stream", body.len())];
        writes.extend(body.chunks(16 << 10).map(<[u8]>::to_vec));
        serve(writes)
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let http = reqwest::Client::new();
    let url = format!("{base}/events");
    let client = Client::builder().base_url(&base).build().unwrap();
    runtime.block_on(async {
        assert_eq!(plain(&http, &url).await, events);
        assert_eq!(ours(&client).await, events);
        let (mut plain_us, mut ours_us, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..rounds {
            let time_plain = async || {
                let started = Instant::now();
                plain(&http, &url).await;
                started.elapsed().as_secs_f64() * 1e6 / events as f64
            };
            let time_ours = async || {
                let started = Instant::now();
                ours(&client).await;
                started.elapsed().as_secs_f64() * 1e6 / events as f64
            };
            let (p, o) = if round % 2 == 0 {
                let p = time_plain().await;
                (p, time_ours().await)
            } else {
                let o = time_ours().await;
                (time_plain().await, o)
            };
            plain_us.push(p);
            ours_us.push(o);
            ratios.push(o / p);
        }
        println!(
            "stream_plain_us {:.3} stream_ours_us {:.3} stream_ratio {:.3}",
            median(plain_us),
            median(ours_us),
            median(ratios)
        );
    });
}

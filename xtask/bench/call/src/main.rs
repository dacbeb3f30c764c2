//! One `get()` of the workspace's client, and the same request made with
//! plain `reqwest` and decoded with `serde_json`, against a local
//! keep-alive server: interleaved rounds, each the median of many calls.
//! Prints one line per figure for `cargo xtask bench` to read:
//!
//! ```text
//! plain_us <µs a call>    ours_us <µs a call>    ratio <ours / plain, median of rounds>
//! plain_cpu_us <CPU µs a call>    ours_cpu_us <…>
//! ```
//!
//! CPU time is this thread's (the client's; the server runs on another).
//!
//! `bench-call stream` measures a stream of server-sent events instead
//! (see `stream`).

mod stream;

use std::time::{Duration, Instant};

use apify_api_client::Client;
use apify_api_models::WebhookDispatchResponse;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "bench-token-0123456789";

fn body() -> String {
    serde_json::json!({"data": {
        "id": "Zib4xbZsmvZeK55ua",
        "userId": "wRsJZtadYvn4mBZmm",
        "webhookId": "asdLZtadYvn4mBZmm",
        "createdAt": "2019-12-12T07:34:14.202Z",
        "status": "SUCCEEDED",
        "eventType": "ACTOR.RUN.SUCCEEDED",
        "eventData": {"actorId": "vvE7iMKuMc5qTHHsR", "actorRunId": "JgwXN9BdwxGcu9MMF"},
        "calls": [{
            "startedAt": "2019-12-12T07:34:14.202Z",
            "finishedAt": "2019-12-12T07:34:14.502Z",
            "errorMessage": null,
            "responseStatus": 200,
            "responseBody": "ok"
        }]
    }})
    .to_string()
}

/// The head of an answer of `length` bytes of `content_type`.
fn head(content_type: &str, length: usize) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\ncontent-length: {length}\r\n\r\n")
        .into_bytes()
}

/// A keep-alive HTTP/1.1 server answering every request with `writes`,
/// each written whole in turn, on a thread of its own; its address.
fn serve(writes: Vec<Vec<u8>>) -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let response = std::sync::Arc::new(writes);
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            loop {
                let (mut socket, _) = listener.accept().await.unwrap();
                let response = response.clone();
                tokio::spawn(async move {
                    let mut buffer = vec![0u8; 8192];
                    let mut head = Vec::new();
                    loop {
                        let Ok(n) = socket.read(&mut buffer).await else {
                            return;
                        };
                        if n == 0 {
                            return;
                        }
                        head.extend_from_slice(&buffer[..n]);
                        // Requests carry no body: each ends at its blank line.
                        while let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                            head.drain(..end + 4);
                            for piece in response.iter() {
                                if socket.write_all(piece).await.is_err() {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
        });
    });
    address
}

/// This thread's CPU time.
fn cpu() -> Duration {
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage.
    unsafe { libc::getrusage(libc::RUSAGE_THREAD, &mut usage) };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some("stream") {
        let mut args = std::env::args().skip(2);
        let rounds: usize = args.next().map_or(7, |a| a.parse().unwrap());
        let events: usize = args.next().map_or(100_000, |a| a.parse().unwrap());
        let _ = rustls::crypto::ring::default_provider().install_default();
        stream::run(rounds, events);
        return;
    }
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().map_or(7, |a| a.parse().unwrap());
    let calls: usize = args.next().map_or(2000, |a| a.parse().unwrap());
    let base = format!("http://{}", {
        // Head and body in one write.
        let body = body();
        serve(vec![
            [head("application/json", body.len()), body.into_bytes()].concat(),
        ])
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // This program's own reqwest client takes the process's crypto
    // provider (the workspace builds reqwest without one).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let plain_http = reqwest::Client::new();
    let url = format!("{base}/v2/webhook-dispatches/Zib4xbZsmvZeK55ua");
    let ours = Client::builder()
        .base_url(&base)
        .token(TOKEN)
        .build()
        .unwrap();
    let plain = || async {
        let bytes = plain_http
            .get(&url)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap()
            .error_for_status()
            .unwrap()
            .bytes()
            .await
            .unwrap();
        serde_json::from_slice::<WebhookDispatchResponse>(&bytes)
            .unwrap()
            .data
    };
    let ours_call = || async {
        ours.webhook_dispatch("Zib4xbZsmvZeK55ua")
            .get()
            .await
            .unwrap()
            .unwrap()
    };
    // `BENCH_ONLY=plain|ours` makes only those calls, for a profiler.
    if let Ok(only) = std::env::var("BENCH_ONLY") {
        runtime.block_on(async {
            for _ in 0..calls {
                match only.as_str() {
                    "plain" => std::hint::black_box(plain().await),
                    _ => std::hint::black_box(ours_call().await),
                };
            }
        });
        return;
    }
    runtime.block_on(async {
        // Warm both: connections, allocator, caches.
        for _ in 0..calls / 4 {
            std::hint::black_box(plain().await);
            std::hint::black_box(ours_call().await);
        }
        let (mut plain_us, mut ours_us, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        let (mut plain_cpu, mut ours_cpu) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            // Which goes first alternates, so neither always gets the
            // warmer machine.
            let measure_plain = async || {
                let (started, cpu_started) = (Instant::now(), cpu());
                for _ in 0..calls {
                    std::hint::black_box(plain().await);
                }
                (started.elapsed(), cpu() - cpu_started)
            };
            let (p, o) = if round % 2 == 0 {
                let p = measure_plain().await;
                let (started, cpu_started) = (Instant::now(), cpu());
                for _ in 0..calls {
                    std::hint::black_box(ours_call().await);
                }
                (p, (started.elapsed(), cpu() - cpu_started))
            } else {
                let (started, cpu_started) = (Instant::now(), cpu());
                for _ in 0..calls {
                    std::hint::black_box(ours_call().await);
                }
                let o = (started.elapsed(), cpu() - cpu_started);
                (measure_plain().await, o)
            };
            let per = |d: Duration| d.as_secs_f64() * 1e6 / calls as f64;
            plain_us.push(per(p.0));
            ours_us.push(per(o.0));
            ratios.push(per(o.0) / per(p.0));
            plain_cpu.push(per(p.1));
            ours_cpu.push(per(o.1));
        }
        println!(
            "plain_us {:.1} ours_us {:.1} ratio {:.3}",
            median(plain_us),
            median(ours_us),
            median(ratios)
        );
        println!(
            "plain_cpu_us {:.1} ours_cpu_us {:.1}",
            median(plain_cpu),
            median(ours_cpu)
        );
    });
}

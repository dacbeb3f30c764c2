//! Responses the client must not hold: bodies past the size limit, told by
//! `Content-Length` or found while streaming, and servers too slow to wait
//! for. The servers here speak raw HTTP/1.1, so they can lie and stall.

use crate::common;

use std::time::{Duration, Instant};

use apify_api_client::{CallOptions, Client, Error};
use common::{TOKEN, dispatch, example};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the raw server answers to every request.
#[derive(Clone, Copy)]
enum Answer {
    /// `Content-Length: 1 GiB`, then spaces for as long as the client reads.
    DeclaredHuge,
    /// A chunked body of spaces that never ends.
    Endless,
    /// A 2 KiB JSON body, one byte a second.
    Slow,
    /// A valid dispatch of about `n` bytes (padded), with its length.
    Padded(usize),
}

async fn serve(answer: Answer) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(respond(socket, answer));
        }
    });
    format!("http://{address}")
}

async fn respond(mut socket: TcpStream, answer: Answer) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
            return;
        }
        head.push(byte[0]);
    }
    let spaces = vec![b' '; 64 << 10];
    // Each write fails once the client hangs up, which ends the answer.
    let _ = match answer {
        Answer::DeclaredHuge => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1073741824\r\n\r\n";
            async {
                socket.write_all(head.as_bytes()).await?;
                loop {
                    socket.write_all(&spaces).await?;
                }
            }
            .await
        }
        Answer::Endless => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
            async {
                socket.write_all(head.as_bytes()).await?;
                loop {
                    socket.write_all(b"10000\r\n").await?;
                    socket.write_all(&spaces).await?;
                    socket.write_all(b"\r\n").await?;
                }
            }
            .await
        }
        Answer::Slow => {
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2048\r\n\r\n";
            async {
                socket.write_all(head.as_bytes()).await?;
                for _ in 0..2048 {
                    socket.write_all(b" ").await?;
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Ok::<_, std::io::Error>(())
            }
            .await
        }
        Answer::Padded(n) => {
            let mut body = serde_json::json!({ "data": dispatch("Zib4xbZsmvZeK55ua") }).to_string();
            body.push_str(&" ".repeat(n.saturating_sub(body.len())));
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            async {
                socket.write_all(head.as_bytes()).await?;
                socket.write_all(body.as_bytes()).await
            }
            .await
        }
    };
}

/// The example's exit code, stderr and peak resident memory in bytes.
async fn run_get_dispatch(base_url: String, args: &[&str]) -> (Option<i32>, String, u64) {
    let mut command = std::process::Command::new(example("get_dispatch"));
    command
        .arg("Zib4xbZsmvZeK55ua")
        .args(args)
        .env("APIFY_TOKEN", TOKEN)
        .env("APIFY_API_BASE_URL", base_url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    tokio::task::spawn_blocking(move || {
        #[allow(
            clippy::zombie_processes,
            reason = "waited for by wait4, which also tells its peak memory"
        )]
        let mut child = command.spawn().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
        let (code, peak) = wait_with_peak_memory(child.id());
        (code, stderr, peak)
    })
    .await
    .unwrap()
}

/// Waits for the child `pid`; its exit code (none after a signal) and its
/// peak resident set, which only the kernel's accounting knows at the end.
fn wait_with_peak_memory(pid: u32) -> (Option<i32>, u64) {
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value, and both pointers
    // are to locals that outlive the call.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid as libc::pid_t, "wait4 failed");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // Linux counts in KiB.
    (code, usage.ru_maxrss as u64 * 1024)
}

const MAX_RESIDENT: u64 = 200 << 20;

#[tokio::test(flavor = "multi_thread")]
async fn a_body_declared_at_one_gib_is_refused_before_it_is_read() {
    let (code, stderr, peak) = run_get_dispatch(serve(Answer::DeclaredHuge).await, &[]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("too large: 1 GiB by its Content-Length")
            && stderr.contains("reads at most 64 MiB"),
        "{stderr}"
    );
    assert!(peak < MAX_RESIDENT, "peak resident {peak} bytes");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endless_body_is_refused_once_it_passes_the_limit() {
    let (code, stderr, peak) = run_get_dispatch(serve(Answer::Endless).await, &[]).await;
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("too large: more than that") && stderr.contains("reads at most 64 MiB"),
        "{stderr}"
    );
    assert!(peak < MAX_RESIDENT, "peak resident {peak} bytes");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_sending_a_byte_a_second_ends_at_the_attempt_timeout() {
    let started = Instant::now();
    let (code, stderr, _) = run_get_dispatch(
        serve(Answer::Slow).await,
        &["--timeout-secs", "2", "--max-retries", "0"],
    )
    .await;
    let took = started.elapsed();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("timed out after 2s"), "{stderr}");
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(10),
        "{took:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_limit_is_set_per_client_and_per_call_and_raw_streams_past_it() {
    let base_url = serve(Answer::Padded(4096)).await;
    let client = Client::builder()
        .base_url(&base_url)
        .token(TOKEN)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let error = client
        .webhook_dispatch("Zib4xbZsmvZeK55ua")
        .get()
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::TooLarge {
                limit: 1024,
                length: Some(4096),
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "GET /v2/webhook-dispatches/{dispatchId}: the response body is too large: 4 KiB by its Content-Length, and the client reads at most 1 KiB (set with `max_response_bytes`, for the client or for some calls with `CallOptions`)"
    );

    // One call may read more, without a second client.
    let roomy = client
        .with_options(CallOptions::new().max_response_bytes(8192))
        .unwrap();
    let found = roomy.webhook_dispatch("Zib4xbZsmvZeK55ua").get().await;
    assert_eq!(found.unwrap().unwrap().id, "Zib4xbZsmvZeK55ua");
}

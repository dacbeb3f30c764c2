//! Streams read from a raw server that writes them in awkward pieces: one
//! byte at a time, fields split across reads, CRLF, comments, pauses, a
//! body cut short. Each item must reach the caller as soon as its bytes
//! are in.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wire_streams::models::{ChatBody, Step};
use wire_streams::{CallOptions, Client, Error, Event};

/// What the server does after the response head.
enum Piece {
    /// One chunk of the body.
    Bytes(Vec<u8>),
    /// The same chunk, again and again.
    Repeat(Vec<u8>, usize),
    /// A silence.
    Pause(Duration),
}

/// One response: its status and media type, its body's chunks, and
/// whether the body ends properly (else the connection is dropped).
struct Reply {
    status: u16,
    media_type: &'static str,
    pieces: Vec<Piece>,
    ends: bool,
}

fn reply(media_type: &'static str, pieces: Vec<Piece>) -> Reply {
    Reply {
        status: 200,
        media_type,
        pieces,
        ends: true,
    }
}

fn bytes(text: &[u8]) -> Piece {
    Piece::Bytes(text.to_vec())
}

/// A server answering its n-th connection with the n-th reply (one request
/// each), writing each piece as a chunk of its own and flushing it; the
/// request heads it received, in order.
async fn serve(replies: Vec<Reply>) -> (Client, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        for reply in replies {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buffer = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buffer).await.unwrap();
                assert!(n > 0, "the request ended early");
                request.extend_from_slice(&buffer[..n]);
            }
            seen.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&request).into_owned());
            let head = format!(
                "HTTP/1.1 {} X\r\ncontent-type: {}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n",
                reply.status, reply.media_type
            );
            socket.write_all(head.as_bytes()).await.unwrap();
            for piece in reply.pieces {
                let (bytes, times) = match piece {
                    Piece::Bytes(bytes) => (bytes, 1),
                    Piece::Repeat(bytes, times) => (bytes, times),
                    Piece::Pause(pause) => {
                        tokio::time::sleep(pause).await;
                        continue;
                    }
                };
                let chunk = [
                    format!("{:x}\r\n", bytes.len()).into_bytes(),
                    bytes,
                    b"\r\n".to_vec(),
                ]
                .concat();
                for _ in 0..times {
                    // The client may have stopped reading (a sentinel).
                    if socket.write_all(&chunk).await.is_err() {
                        break;
                    }
                    let _ = socket.flush().await;
                }
            }
            if reply.ends {
                let _ = socket.write_all(b"0\r\n\r\n").await;
            }
            drop(socket);
        }
    });
    let client = Client::builder()
        .base_url(base)
        .min_retry_delay(Duration::from_millis(10))
        .build()
        .unwrap();
    (client, heads)
}

fn step(n: i64, label: Option<&str>) -> Step {
    let mut step = Step::new(n);
    step.label = label.map(str::to_owned);
    step
}

const EVENTS: &[u8] = b": a comment, then a BOM-less stream with CRLF\r\n\
event: progress\r\n\
data: {\"n\": 1,\r\n\
data:  \"label\": \"first\"}\r\n\
id: 41\r\n\
retry: 2500\r\n\
\r\n\
: keep-alive\n\
data: {\"n\": 2}\r\r\
data: {\"n\": 3}\n\n";

fn expected_events() -> Vec<Event<Step>> {
    let event = |event: &str, data: Step| Event {
        event: event.to_owned().into(),
        data,
        id: Some("41".to_owned()),
        retry: Some(Duration::from_millis(2500)),
    };
    vec![
        event("progress", step(1, Some("first"))),
        event("message", step(2, None)),
        event("message", step(3, None)),
    ]
}

/// Every item to the stream's end; read past its end, it stays ended.
async fn all<T>(mut stream: wire_streams::ItemStream<T>) -> Vec<Result<T, Error>> {
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    for _ in 0..2 {
        assert!(stream.next().await.is_none(), "an item after the end");
    }
    items
}

#[tokio::test]
async fn events_written_one_byte_at_a_time_are_the_events_sent() {
    let pieces = EVENTS.iter().map(|b| bytes(&[*b])).collect();
    let (client, heads) = serve(vec![reply("text/event-stream", pieces)]).await;
    let events: Vec<Event<Step>> = all(client.events().await.unwrap())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(events, expected_events());
    let head = heads.lock().unwrap()[0].to_ascii_lowercase();
    assert!(head.starts_with("get /events "), "{head}");
    assert!(head.contains("accept: text/event-stream\r\n"), "{head}");
}

#[tokio::test]
async fn each_event_reaches_the_caller_before_the_next_is_written() {
    let pause = Duration::from_millis(1500);
    let (client, _) = serve(vec![reply(
        "text/event-stream",
        vec![
            // A field split mid-line across reads.
            bytes(b"data: {\"n\""),
            bytes(b": 1}\n\n"),
            Piece::Pause(pause),
            bytes(b"data: {\"n\": 2}\n\n"),
        ],
    )])
    .await;
    let started = Instant::now();
    let mut events = client.events().await.unwrap();
    let first = events.next().await.unwrap().unwrap();
    let first_at = started.elapsed();
    assert_eq!(first.data, step(1, None));
    assert!(
        first_at < pause / 2,
        "the first event arrived after {first_at:?}, not before the pause of {pause:?} ended"
    );
    // The same through `futures`' `Stream`.
    let second = StreamExt::next(&mut events).await.unwrap().unwrap();
    assert_eq!(second.data, step(2, None));
    assert!(started.elapsed() >= pause);
    assert!(events.next().await.is_none());
}

#[tokio::test]
async fn done_ends_the_stream_while_the_server_keeps_it_open() {
    let (client, _) = serve(vec![reply(
        "text/event-stream",
        vec![
            bytes(b"data: hello\ndata: world\n\n"),
            bytes(b"data: [DONE]\n\n"),
            Piece::Pause(Duration::from_secs(30)),
        ],
    )])
    .await;
    let started = Instant::now();
    let notes = all(client.notes().await.unwrap()).await;
    assert!(started.elapsed() < Duration::from_secs(10));
    let texts: Vec<String> = notes.into_iter().map(|e| e.unwrap().data).collect();
    assert_eq!(texts, ["hello\nworld"]);
}

#[tokio::test]
async fn a_body_that_stops_mid_event_is_an_error_after_the_events_before_it() {
    for ends in [true, false] {
        let mut cut = reply(
            "text/event-stream",
            vec![bytes(b"data: {\"n\": 1}\n\n"), bytes(b"data: {\"n\": 2")],
        );
        cut.ends = ends;
        let (client, _) = serve(vec![cut]).await;
        let items = all(client.events().await.unwrap()).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0].as_ref().unwrap().data, step(1, None));
        let error = items[1].as_ref().unwrap_err();
        assert!(matches!(error, Error::Stream { .. }), "{error:?}");
        assert!(error.to_string().contains("GET /events"), "{error}");
    }
}

#[tokio::test]
async fn an_item_past_the_size_limit_is_an_error_not_an_allocation() {
    let (client, _) = serve(vec![reply(
        "text/event-stream",
        vec![
            bytes(b"data: {\"n\": 1}\n\n"),
            bytes(format!("data: {}\n\n", "x".repeat(5000)).as_bytes()),
            bytes(b"data: {\"n\": 3}\n\n"),
        ],
    )])
    .await;
    let client = client
        .with_options(CallOptions::new().max_item_bytes(1024))
        .unwrap();
    let items = all(client.events().await.unwrap()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    let error = items[1].as_ref().unwrap_err();
    assert!(
        matches!(error, Error::ItemTooLarge { limit: 1024, .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("1 KiB"), "{error}");
}

/// The most memory this process has held, in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_gigabyte_of_small_events_is_read_in_memory_bounded_by_the_item_limit() {
    const EVENT: usize = 4 << 10;
    const TOTAL: usize = 1 << 30;
    // 16 events of 4 KiB per write; the server writes as fast as they are read.
    let mut event = b"data: ".to_vec();
    event.resize(EVENT - 2, b'x');
    event.extend_from_slice(b"\n\n");
    let chunk = event.repeat(16);
    let times = TOTAL / chunk.len();
    let (client, _) = serve(vec![reply("text/event-stream", vec![Piece::Repeat(chunk, times)])]).await;
    let client = client
        .with_options(CallOptions::new().max_item_bytes(64 << 10))
        .unwrap();
    let before = peak_kib();
    let mut notes = client.notes().await.unwrap();
    let mut count = 0;
    while let Some(note) = notes.next().await {
        assert_eq!(note.unwrap().data.len(), EVENT - 8);
        count += 1;
    }
    assert_eq!(count, TOTAL / EVENT);
    let grew = peak_kib().saturating_sub(before);
    assert!(
        grew < 64 << 10,
        "reading 1 GiB of events raised the peak memory by {grew} KiB"
    );
}

#[tokio::test]
async fn a_silence_past_the_idle_timeout_is_an_error() {
    let (client, _) = serve(vec![reply(
        "text/event-stream",
        vec![
            bytes(b"data: {\"n\": 1}\n\n"),
            Piece::Pause(Duration::from_secs(5)),
        ],
    )])
    .await;
    let client = client
        .with_options(CallOptions::new().stream_idle_timeout(Duration::from_millis(200)))
        .unwrap();
    let started = Instant::now();
    let items = all(client.events().await.unwrap()).await;
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(items.len(), 2);
    let error = items[1].as_ref().unwrap_err();
    assert!(error.to_string().contains("no bytes arrived"), "{error}");
}

#[tokio::test]
async fn a_failed_head_is_retried_but_a_broken_stream_only_when_asked() {
    let failing = Reply {
        status: 503,
        media_type: "text/plain",
        pieces: Vec::new(),
        ends: true,
    };
    let first = Reply {
        ends: false,
        ..reply(
            "text/event-stream",
            vec![bytes(b"id: 1\ndata: {\"n\": 1}\n\nid: 2\ndata: {\"n\": 2}\n\n")],
        )
    };
    let rest = reply(
        "text/event-stream",
        vec![bytes(b"retry: 10\nid: 3\ndata: {\"n\": 3}\n\n")],
    );
    let (client, heads) = serve(vec![failing, first, rest]).await;
    let client = client
        .with_options(CallOptions::new().resume_events(true))
        .unwrap();
    let numbers: Vec<i64> = all(client.events().await.unwrap())
        .await
        .into_iter()
        .map(|e| e.unwrap().data.n)
        .collect();
    assert_eq!(numbers, [1, 2, 3]);
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 3);
    assert!(!heads[1].to_ascii_lowercase().contains("last-event-id"));
    assert!(
        heads[2].to_ascii_lowercase().contains("last-event-id: 2\r\n"),
        "{}",
        heads[2]
    );
}

#[tokio::test]
async fn a_broken_stream_is_not_resumed_by_default() {
    let first = Reply {
        ends: false,
        ..reply("text/event-stream", vec![bytes(b"id: 1\ndata: {\"n\": 1}\n\n")])
    };
    let (client, heads) = serve(vec![first]).await;
    let items = all(client.events().await.unwrap()).await;
    assert_eq!(items.len(), 2);
    assert!(matches!(items[1], Err(Error::Stream { .. })));
    assert_eq!(heads.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn json_or_a_stream_by_media_type_gives_a_method_and_its_streaming_twin() {
    let whole = reply("application/json", vec![bytes(b"{\"text\": \"hi there\"}")]);
    let pieces = reply(
        "text/event-stream",
        vec![
            bytes(b"data: {\"delta\": \"hi\"}\n\n"),
            bytes(b"data: {\"delta\": \" there\"}\n\ndata: [DONE]\n\n"),
        ],
    );
    let (client, heads) = serve(vec![whole, pieces]).await;
    let body = ChatBody::new("hello".into());
    assert_eq!(client.chat(&body).await.unwrap().text, "hi there");
    let deltas: Vec<String> = all(client.chat_stream(&body).await.unwrap())
        .await
        .into_iter()
        .map(|e| e.unwrap().data.delta)
        .collect();
    assert_eq!(deltas, ["hi", " there"]);
    let heads = heads.lock().unwrap();
    let (json, stream) = (heads[0].to_ascii_lowercase(), heads[1].to_ascii_lowercase());
    assert!(json.contains("accept: application/json\r\n"), "{json}");
    assert!(stream.contains("accept: text/event-stream\r\n"), "{stream}");
    assert!(stream.starts_with("post /chat "), "{stream}");
}

#[tokio::test]
async fn json_lines_ndjson_and_sequences_are_cut_where_each_text_ends() {
    let lines = reply(
        "application/jsonl",
        vec![bytes(b"{\"a\": 1}\n[1, "), bytes(b"2]\r\n\n\"x\"\n")],
    );
    let steps = reply(
        "application/x-ndjson",
        vec![bytes(b"{\"n\": 1}\n{\"n\":"), bytes(b" 2, \"label\": \"b\"}\n")],
    );
    let records = reply(
        "application/json-seq",
        vec![bytes(b"\x1e{\"n\": 1}\n\x1e{\"n\""), bytes(b": 2}\n")],
    );
    let (client, _) = serve(vec![lines, steps, records]).await;
    let values: Vec<serde_json::Value> = all(client.items().await.unwrap())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        values,
        [serde_json::json!({"a": 1}), serde_json::json!([1, 2]), serde_json::json!("x")]
    );
    let steps: Vec<Step> = all(client.steps().await.unwrap())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(steps, [step(1, None), step(2, Some("b"))]);
    let records: Vec<Step> = all(client.records().await.unwrap())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(records, [step(1, None), step(2, None)]);
}

#[tokio::test]
async fn multipart_parts_are_items_as_each_arrives() {
    let media = "multipart/mixed; boundary=\"part-7\"";
    let body: &[u8] = b"ignored preamble\r\n--part-7\r\ncontent-type: application/json\r\n\r\n{\"n\": 1}\r\n--part-7\r\n\r\n{\"n\": 2, \"label\": \"b\"}\r\n--part-7--\r\n";
    let pieces = body.chunks(5).map(bytes).collect();
    let cut = Reply {
        ends: false,
        // Inside the second part.
        ..reply(media, vec![bytes(&body[..85])])
    };
    let (client, heads) = serve(vec![reply(media, pieces), cut]).await;
    let steps: Vec<Step> = all(client.batch().await.unwrap())
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(steps, [step(1, None), step(2, Some("b"))]);
    let head = heads.lock().unwrap()[0].to_ascii_lowercase();
    assert!(head.contains("accept: multipart/mixed\r\n"), "{head}");
    // Cut after the first part: it, then an error.
    let items = all(client.batch().await.unwrap()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(matches!(items[1], Err(Error::Stream { .. })), "{items:?}");
}

#[tokio::test]
async fn invalid_utf_8_in_an_event_is_replaced_as_the_html_standard_decodes_it() {
    let body: &[u8] = b"data: {\"n\": 1, \"label\": \"a\xFFb\"}\n\n";
    let (client, _) = serve(vec![
        reply("text/event-stream", vec![bytes(body)]),
        reply("text/event-stream", vec![bytes(b"data: a\xFFb\n\n")]),
    ])
    .await;
    let events = all(client.events().await.unwrap()).await;
    assert_eq!(events.len(), 1, "{events:?}");
    let label = events[0].as_ref().unwrap().data.label.clone();
    assert_eq!(label.as_deref(), Some("a\u{FFFD}b"));
    let notes = all(client.notes().await.unwrap()).await;
    assert_eq!(notes[0].as_ref().unwrap().data, "a\u{FFFD}b");
}

#[tokio::test]
async fn an_item_that_is_not_its_type_is_a_decode_error() {
    let (client, _) = serve(vec![reply(
        "application/x-ndjson",
        vec![bytes(b"{\"n\": 1}\n{\"n\": \"one\"}\n")],
    )])
    .await;
    let items = all(client.steps().await.unwrap()).await;
    assert!(items[0].is_ok());
    assert!(matches!(items[1], Err(Error::Decode { .. })), "{items:?}");
}

#[tokio::test]
async fn the_command_line_prints_one_json_line_per_event_as_it_arrives() {
    let pause = Duration::from_millis(1500);
    let (client, _) = serve(vec![reply(
        "text/event-stream",
        vec![
            bytes(b"data: {\"n\": 1}\n\n"),
            Piece::Pause(pause),
            bytes(b"data: {\"n\": 2}\n\n"),
        ],
    )])
    .await;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_wire-streams"))
        .arg("events")
        .env("WIRE_STREAMS_BASE_URL", client.base_url())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let stdout = child.stdout.take().unwrap();
    // Each line with the time it was read.
    let lines = tokio::task::spawn_blocking(move || {
        std::io::BufRead::lines(std::io::BufReader::new(stdout))
            .map(|line| (line.unwrap(), started.elapsed()))
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(lines[0].0, "{\"event\":\"message\",\"data\":{\"n\":1}}");
    assert_eq!(lines[1].0, "{\"event\":\"message\",\"data\":{\"n\":2}}");
    assert!(
        lines[0].1 < pause && lines[1].1 >= pause,
        "the lines came after {:?} and {:?}",
        lines[0].1,
        lines[1].1
    );
}

#[tokio::test]
async fn the_mock_answers_a_stream_of_typed_items() {
    let mock = wire_streams::mock::MockApi::start().await;
    mock.events()
        .returns_items(&[step(1, None), step(2, Some("b"))])
        .mount()
        .await;
    mock.chat()
        .returns_items(&[wire_streams::models::Piece::new("x".into())])
        .mount()
        .await;
    mock.batch()
        .returns_items(&[step(3, None)])
        .delay(Duration::from_millis(100))
        .mount()
        .await;
    let client = mock.client();
    let steps: Vec<Step> = all(client.events().await.unwrap())
        .await
        .into_iter()
        .map(|e| e.unwrap().data)
        .collect();
    assert_eq!(steps, [step(1, None), step(2, Some("b"))]);
    let pieces = all(
        client
            .chat_stream(&ChatBody::new("q".into()))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(pieces[0].as_ref().unwrap().data.delta, "x");
    let started = Instant::now();
    let parts = all(client.batch().await.unwrap()).await;
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert_eq!(parts.len(), 1);
    assert_eq!(parts[0].as_ref().unwrap(), &step(3, None));
}

//! HTTPS: the client speaks TLS and checks the server's certificate.
//!
//! The server is a TLS listener on 127.0.0.1 with a certificate for
//! `localhost` signed by a test authority (`tests/tls/`).

use crate::common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use apify_api_client::{Client, Error};
use common::{TOKEN, dispatch, example};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// Serves `body` as a 200 JSON response to every HTTPS request; records
/// each request's head.
async fn https_server(body: String) -> (u16, Arc<Mutex<Vec<String>>>) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let certs = CertificateDer::pem_file_iter("tests/tls/localhost.pem")
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = PrivateKeyDer::from_pem_file("tests/tls/localhost.key").unwrap();
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let heads: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = heads.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                return;
            };
            let (acceptor, seen, body) = (acceptor.clone(), seen.clone(), body.clone());
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if tls.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                seen.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).to_lowercase());
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (port, heads)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_certificate_from_an_unknown_authority_is_refused() {
    let (port, heads) = https_server(json!({"data": dispatch("x")}).to_string()).await;
    let client = Client::builder()
        .base_url(format!("https://localhost:{port}"))
        .token(TOKEN)
        .max_retries(0)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    match client.webhook_dispatch("x").get().await {
        Err(Error::Transport { reason, .. }) => {
            assert!(reason.to_lowercase().contains("certificate"), "{reason}");
        }
        other => panic!("expected a certificate failure, got {other:?}"),
    }
    assert!(
        heads.lock().unwrap().is_empty(),
        "a request went over an unverified connection"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn get_dispatch_works_over_https_when_the_authority_is_trusted() {
    let (port, heads) =
        https_server(json!({"data": dispatch("Zib4xbZsmvZeK55ua")}).to_string()).await;
    let mut command = std::process::Command::new(example("get_dispatch"));
    command
        .arg("Zib4xbZsmvZeK55ua")
        .env("APIFY_TOKEN", TOKEN)
        .env("APIFY_API_BASE_URL", format!("https://localhost:{port}"))
        // The platform verifier reads trusted roots from here on Linux.
        .env("SSL_CERT_FILE", "tests/tls/ca.pem")
        .env_remove("SSL_CERT_DIR");
    let output = tokio::task::spawn_blocking(move || command.output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let printed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["id"], "Zib4xbZsmvZeK55ua");
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 1);
    assert!(
        heads[0].starts_with("get /v2/webhook-dispatches/zib4xbzsmvzek55ua "),
        "{}",
        heads[0]
    );
    assert!(
        heads[0].contains(&format!("authorization: bearer {}", TOKEN.to_lowercase())),
        "{}",
        heads[0]
    );
}

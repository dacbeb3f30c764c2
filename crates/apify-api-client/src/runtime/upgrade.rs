//! Protocol upgrades: an operation that answers `101 Switching Protocols`
//! (a websocket) is sent as an upgrade request, and answers with the
//! upgraded connection for a websocket library to speak over.

use std::hash::{BuildHasher, Hasher};

use base64::Engine;
use reqwest::header::{CONNECTION, HeaderValue, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_VERSION, UPGRADE};

/// Adds the headers of a websocket opening handshake (RFC 6455, 4.1).
pub(crate) fn ask_for_websocket(request: &mut reqwest::Request) {
    let headers = request.headers_mut();
    headers.insert(CONNECTION, HeaderValue::from_static("Upgrade"));
    headers.insert(UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
    let key = base64::engine::general_purpose::STANDARD.encode(nonce());
    if let Ok(key) = HeaderValue::from_str(&key) {
        headers.insert(SEC_WEBSOCKET_KEY, key);
    }
}

/// 16 random bytes: each `RandomState` is seeded from the operating
/// system's randomness, which is all a handshake nonce needs.
fn nonce() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    for half in bytes.chunks_mut(8) {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u8(0);
        half.copy_from_slice(&hasher.finish().to_le_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_handshake_headers_are_set_with_a_fresh_key() {
        let mut request =
            reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1/ws".parse().unwrap());
        ask_for_websocket(&mut request);
        let first = request.headers()[SEC_WEBSOCKET_KEY].clone();
        assert_eq!(request.headers()[UPGRADE], "websocket");
        assert_eq!(
            base64::engine::general_purpose::STANDARD
                .decode(first.as_bytes())
                .unwrap()
                .len(),
            16
        );
        ask_for_websocket(&mut request);
        assert_ne!(request.headers()[SEC_WEBSOCKET_KEY], first);
    }
}

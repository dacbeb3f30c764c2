//! Path parameters: each value must stay inside its own path segment.
//!
//! Every path parameter is encoded with [`encode_path`], which leaves only
//! RFC 3986 unreserved characters as they are, so `/`, `?`, `#`, `%`, `\`,
//! spaces and non-ASCII cannot change which resource a request names.
//! `.` and `..` are the exception: URL parsers (the WHATWG URL standard,
//! which `reqwest` follows) resolve them, *and* their percent-encoded forms
//! `%2E`, as path steps, so a request to `/v2/webhook-dispatches/..` would
//! go to `/v2/`. No encoding survives that, so [`check_segment`] refuses
//! them (and the empty value) before any request is sent.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use super::Error;

/// Everything but `A-Z a-z 0-9 - . _ ~`.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes one path segment.
pub fn encode_path(segment: &str) -> String {
    // Through `Cow`, not `Display`: no formatting machinery per call.
    std::borrow::Cow::from(utf8_percent_encode(segment, SEGMENT)).into_owned()
}

/// Checks that `text`, path parameter `name` as written, can be sent.
pub fn check_segment(name: &'static str, text: &str) -> Result<(), Error> {
    let reason = match text {
        "" => "is empty; a path parameter must have a value",
        "." | ".." => {
            "cannot be sent: URL parsers read `.` and `..` (even percent-encoded) as path steps, so the request would reach a different resource"
        }
        _ => return Ok(()),
    };
    Err(Error::InvalidArgument {
        name,
        reason: reason.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_and_non_ascii_characters_are_encoded() {
        assert_eq!(encode_path("a/b"), "a%2Fb");
        assert_eq!(encode_path("a?b#c"), "a%3Fb%23c");
        assert_eq!(encode_path("100%"), "100%25");
        assert_eq!(encode_path("a b\\c"), "a%20b%5Cc");
        assert_eq!(encode_path("ž"), "%C5%BE");
        assert_eq!(encode_path("user~store-name_1.x"), "user~store-name_1.x");
    }

    #[test]
    fn dot_segments_and_empty_values_are_refused() {
        assert!(check_segment("id", "..").is_err());
        assert!(check_segment("id", ".").is_err());
        assert!(check_segment("id", "").is_err());
        assert!(check_segment("id", "...").is_ok());
        assert!(check_segment("id", "..a").is_ok());
    }
}

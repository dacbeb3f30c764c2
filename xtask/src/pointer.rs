//! JSON pointers (RFC 6901) as they appear in `$ref` fragments.

use percent_encoding::percent_decode_str;

pub fn escape(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    escape_into(&mut out, segment);
    out
}

/// Every node bundling walks into gets a pointer: built in one allocation,
/// since it was a tenth of reading a spec.
fn escape_into(out: &mut String, segment: &str) {
    // Most segments need no escape; `[u8]::contains` is a `memchr`, fast
    // even in the dev profile, where a char-set search is not.
    let bytes = segment.as_bytes();
    if !bytes.contains(&b'~') && !bytes.contains(&b'/') {
        out.push_str(segment);
        return;
    }
    for part in segment.split_inclusive(['~', '/']) {
        match part.as_bytes().last() {
            Some(b'~') => {
                out.push_str(&part[..part.len() - 1]);
                out.push_str("~0");
            }
            Some(b'/') => {
                out.push_str(&part[..part.len() - 1]);
                out.push_str("~1");
            }
            _ => out.push_str(part),
        }
    }
}

pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// `pointer` with one more segment.
pub fn push(pointer: &str, segment: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + segment.len());
    out.push_str(pointer);
    out.push('/');
    escape_into(&mut out, segment);
    out
}

/// The pointer to where `serde_path_to_error` says deserializing failed.
pub fn from_serde_path(path: &serde_path_to_error::Path) -> String {
    let mut at = String::new();
    for segment in path.iter() {
        use serde_path_to_error::Segment;
        match segment {
            Segment::Seq { index } => at = push(&at, &index.to_string()),
            Segment::Map { key } => at = push(&at, key),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    at
}

/// The unescaped segments of a pointer; `None` if it does not start with `/`.
pub fn segments(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(rest.split('/').map(unescape).collect())
}

/// A `$ref` fragment is a URI fragment: it may be percent-encoded
/// (`#/paths/~1v2~1items%7Bid%7D`).
pub fn from_fragment(fragment: &str) -> String {
    percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned()
}

/// The pointer without its last segment, and that segment.
pub fn split_last(pointer: &str) -> Option<(&str, String)> {
    let at = pointer.rfind('/')?;
    Some((&pointer[..at], unescape(&pointer[at + 1..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_round_trips_slashes_and_tildes() {
        let pointer = push(&push("", "/v2/items/{id}"), "a~b");
        assert_eq!(pointer, "/~1v2~1items~1{id}/a~0b");
        assert_eq!(push("/x", "~/~~//"), "/x/~0~1~0~0~1~1");
        assert_eq!(escape("~1/"), "~01~1");
        assert_eq!(
            segments(&pointer).unwrap(),
            vec!["/v2/items/{id}".to_string(), "a~b".to_string()]
        );
        assert_eq!(
            split_last(&pointer).unwrap(),
            ("/~1v2~1items~1{id}", "a~b".to_string())
        );
    }

    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(from_fragment("/paths/~1a%7Bid%7D"), "/paths/~1a{id}");
        assert_eq!(segments("no-slash"), None);
    }
}

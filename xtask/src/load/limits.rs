//! How much a spec file may ask of the generator, and the check that a
//! JSON text stays within it before serde_json (which recurses) reads it.
//!
//! Every later stage walks the document recursively, on a stack sized for
//! these limits (see `main.rs`), so a file that passes here is a file every
//! stage can hold.

/// Collections (mappings and lists) nested in one another, at most: room
/// for a schema nested 2,000 levels through `properties`, and far more
/// than any real spec (Apify's and GitHub's stay under 40).
pub const MAX_DEPTH: usize = 4_096;

/// Nodes that YAML aliases may add to one file by repeating their anchors,
/// at most: an "alias bomb" of a few lines would otherwise stand for
/// billions. Real specs repeat a few thousand.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// Where a JSON text first nests deeper than [`MAX_DEPTH`]: line and
/// column (1-based) and the JSON pointer of the collection that opens
/// there. `None` when it does not (or is not JSON: the parser says so).
pub(super) fn too_deep_json(text: &str) -> Option<(usize, usize, String)> {
    // A collection's place: the key being read, or the index in a list.
    enum Place {
        Key(Option<String>),
        Index(usize),
    }
    let mut stack: Vec<Place> = Vec::new();
    let (mut line, mut column) = (1, 0);
    let mut chars = text.chars();
    // The last string read in a mapping, until a `:` makes it the key.
    let mut last_string: Option<String> = None;
    while let Some(c) = chars.next() {
        column += 1;
        match c {
            '\n' => {
                line += 1;
                column = 0;
            }
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    column += 1;
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(escaped) = chars.next() {
                                column += 1;
                                s.push(escaped);
                            }
                        }
                        '\n' => {
                            line += 1;
                            column = 0;
                        }
                        c => s.push(c),
                    }
                }
                last_string = Some(s);
            }
            ':' => {
                if let Some(Place::Key(key)) = stack.last_mut() {
                    *key = last_string.take();
                }
            }
            ',' => {
                if let Some(Place::Index(i)) = stack.last_mut() {
                    *i += 1;
                }
            }
            '{' | '[' => {
                if stack.len() == MAX_DEPTH {
                    return Some((line, column, pointer(&stack)));
                }
                stack.push(if c == '{' {
                    Place::Key(None)
                } else {
                    Place::Index(0)
                });
            }
            '}' | ']' => {
                stack.pop();
            }
            _ => {}
        }
    }
    return None;

    fn pointer(stack: &[Place]) -> String {
        let mut out = String::new();
        for place in stack {
            match place {
                Place::Key(Some(key)) => out = crate::pointer::push(&out, key),
                Place::Key(None) => break,
                Place::Index(i) => out = crate::pointer::push(&out, &i.to_string()),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_depth_is_measured_and_placed() {
        let at_limit = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert_eq!(too_deep_json(&at_limit), None);
        let past = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let (line, column, pointer) = too_deep_json(&past).unwrap();
        assert_eq!((line, column), (1, MAX_DEPTH + 1));
        assert_eq!(pointer, "/0".repeat(MAX_DEPTH));
        // Brackets in strings are text; keys are tracked.
        let text = format!("{{\"a\\\"[\": [1, {{\"b\": {}}}]}}", "[".repeat(MAX_DEPTH));
        let (_, _, pointer) = too_deep_json(&text).unwrap();
        assert!(pointer.starts_with("/a\"[/1/b/0/0"), "{pointer}");
    }
}

//! Turning spec names into Rust identifiers: casing, keywords, and clashes.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Names the generated files use unqualified (prelude types, imports); a spec
/// type with one of these names is renamed so it cannot shadow them.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "BTreeMap",
    "Clone",
    "DateTime",
    "Debug",
    "Default",
    "Deserialize",
    "Deserializer",
    "Display",
    "Eq",
    "Err",
    "Error",
    "FromStr",
    "Hash",
    "Infallible",
    "Map",
    "NaiveDate",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Serialize",
    "Serializer",
    "Some",
    "String",
    "ToString",
    "Utc",
    "Value",
    "Vec",
];

/// Every name the generated code binds for itself where the parameters a
/// method takes one by one are bound too: the methods' own arguments
/// (`body`, `content_type`, `options`), a resource handle's `client` field
/// (beside the path parameters it holds), and the arguments of the
/// closures in generated methods. No such parameter is named one of these
/// (`model::operations::params`), and the emitters write them only through
/// [`bound`], so the two cannot drift apart; other names the generated code
/// binds are in scopes where no name from the spec is.
pub const BOUND: &[&str] = &[
    "body",
    "content_type",
    "options",
    "client",
    "low",
    "this",
    "page_offset",
    "page_limit",
    "media_type",
];

/// The methods every options struct has besides its setters (its
/// derives); an optional parameter, whose setter has its name, is never
/// named one of these.
pub const OPTIONS_METHODS: &[&str] = &["clone", "clone_from", "default", "eq", "ne", "fmt"];

/// The identifier `name`, one of [`BOUND`].
pub fn bound(name: &str) -> proc_macro2::Ident {
    assert!(
        BOUND.contains(&name),
        "`{name}` is bound by generated code beside parameters, so it belongs in `names::BOUND`"
    );
    quote::format_ident!("{name}")
}

/// `first_second`, of two snake_case names; where one ends or the other
/// starts with `_` (`self_`, `_2fa`), with one underscore between them, as
/// snake case has (`self_path`, `with_2fa`).
pub fn joined(first: &str, second: &str) -> String {
    let name = format!("{first}_{second}");
    match name.contains("__") {
        true => snake(&name),
        false => name,
    }
}

/// `UpperCamelCase` identifier for a type or enum variant. Characters that
/// cannot appear in an identifier separate words; a leading digit gets
/// `prefix` in front (`3d-secure` → `V3dSecure` for variants).
pub fn pascal(raw: &str, prefix: &str) -> String {
    let cased = match plain_words(raw) {
        Some(words) => words.iter().map(|w| capitalized(w)).collect(),
        None => words(raw).to_upper_camel_case(),
    };
    let cased = match cased.as_str() {
        "" => "Empty".to_string(),
        // The one keyword in UpperCamelCase.
        "Self" => "SelfValue".to_string(),
        _ => cased,
    };
    if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{prefix}{cased}")
    } else {
        cased
    }
}

/// A type name that is a valid identifier and not reserved.
pub fn type_name(raw: &str) -> String {
    let name = pascal(raw, "T");
    if RESERVED_TYPE_NAMES.contains(&name.as_str()) {
        format!("{name}Type")
    } else {
        name
    }
}

/// `snake_case` identifier for a field, method or module; keywords become raw
/// identifiers (`r#type`), except those that cannot be raw (`self_`).
pub fn snake(raw: &str) -> String {
    let cased = match plain_words(raw) {
        Some(words) => words.join("_").to_ascii_lowercase(),
        None => words(raw).to_snake_case(),
    };
    let cased = if cased.is_empty() {
        "value".to_string()
    } else {
        cased
    };
    let cased = if cased.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{cased}")
    } else {
        cased
    };
    if matches!(cased.as_str(), "self" | "super" | "crate" | "_") {
        format!("{cased}_")
    } else if is_keyword(&cased) {
        format!("r#{cased}")
    } else {
        cased
    }
}

/// The words heck would find in `raw`, where it is plainly written: ASCII
/// letters and digits, words apart by `-`, `_` or a space or starting at
/// a capital after a lowercase letter (`createdAt`, `invalid-input`,
/// `WebhookDispatch2`), each capital followed by a lowercase letter.
/// Most names are written so, and splitting them here is far cheaper than
/// heck's conversion in the dev profile (a string per word and character).
/// `None` for anything else (a run of capitals, a sign, other characters).
fn plain_words(raw: &str) -> Option<Vec<&str>> {
    let bytes = raw.as_bytes();
    if matches!(bytes.first(), None | Some(b'+' | b'-')) {
        return None;
    }
    let mut words = Vec::new();
    let mut start = None;
    // Whether the current word's last letter is lowercase: a capital then
    // starts a word (as in heck; digits keep the case before them).
    let mut after_lower = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'-' | b'_' | b' ' => {
                if let Some(from) = start.take() {
                    words.push(&raw[from..i]);
                }
                after_lower = false;
            }
            b'a'..=b'z' | b'0'..=b'9' => {
                start.get_or_insert(i);
                after_lower |= b.is_ascii_lowercase();
            }
            b'A'..=b'Z' => {
                if !bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase) {
                    return None;
                }
                if after_lower && let Some(from) = start.take() {
                    words.push(&raw[from..i]);
                }
                start.get_or_insert(i);
                after_lower = false;
            }
            _ => return None,
        }
    }
    if let Some(from) = start {
        words.push(&raw[from..]);
    }
    Some(words)
}

/// `word` with its first letter a capital and the rest lowercase.
fn capitalized(word: &str) -> String {
    let mut out = word.to_ascii_lowercase();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

/// heck treats only some punctuation as word breaks; make every character
/// that cannot be in an identifier a break.
/// A leading sign is a word (`+1` → `plus 1`, `-createdAt` → `minus
/// created At`): names that differ only by it (GitHub's reactions, sort
/// orders) then stay apart.
fn words(raw: &str) -> String {
    let (sign, rest) = match raw.chars().next() {
        Some('+') if raw.len() > 1 => ("plus ", &raw[1..]),
        Some('-') if raw.len() > 1 => ("minus ", &raw[1..]),
        _ => ("", raw),
    };
    let rest: String = rest
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    format!("{sign}{rest}")
}

/// Rust's strict and reserved keywords (2024 edition, which generated crates
/// use), which cannot be identifiers as they are.
pub const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

/// Longest name a composed type name (`Parent` + `Property` + …) keeps.
pub const MAX_COMPOSED: usize = 96;

/// `name` (PascalCase) cut to at most [`MAX_COMPOSED`] characters at word
/// boundaries, keeping its first and last words: a schema nested a
/// thousand levels deep then gives names of bounded length
/// (`DeepGetResponseNext…NextNext`, numbered where they repeat), not names
/// as long as the nesting.
pub fn bounded(name: &str) -> String {
    if name.len() <= MAX_COMPOSED {
        return name.to_string();
    }
    let starts: Vec<usize> = name
        .char_indices()
        .filter(|&(i, c)| i == 0 || c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .collect();
    let words: Vec<&str> = starts
        .iter()
        .enumerate()
        .map(|(k, &i)| &name[i..starts.get(k + 1).copied().unwrap_or(name.len())])
        .collect();
    let half = MAX_COMPOSED / 2;
    let mut head = String::new();
    for word in &words {
        if head.len() + word.len() > half {
            break;
        }
        head.push_str(word);
    }
    let mut tail = String::new();
    for word in words.iter().rev() {
        if head.len() + tail.len() + word.len() > MAX_COMPOSED {
            break;
        }
        tail.insert_str(0, word);
    }
    if head.is_empty() && tail.is_empty() {
        // One word longer than the bound.
        return name.chars().take(MAX_COMPOSED).collect();
    }
    format!("{head}{tail}")
}

/// Hands out names, making each unique by appending `2`, `3`, … to repeats.
#[derive(Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `want` if free, else the first free `want2`, `want3`, …
    pub fn claim(&mut self, want: &str) -> String {
        self.claim_apart(want, &[])
    }

    /// As [`Unique::claim`], with `also` taken too (for this claim only).
    pub fn claim_apart(&mut self, want: &str, also: &[&str]) -> String {
        let mut name = want.to_string();
        let mut n = 2;
        while self.taken.contains(&name) || also.contains(&name.as_str()) {
            // `r#type` + 2 must become `type2`, which is no keyword.
            name = format!("{}{n}", want.trim_start_matches("r#"));
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_names_keep_one_underscore_between_words() {
        assert_eq!(joined("id", "path"), "id_path");
        assert_eq!(joined("self_", "path"), "self_path");
        assert_eq!(joined("with", "_2fa"), "with_2fa");
        assert_eq!(joined("with", "self_"), "with_self_");
    }

    /// Where [`plain_words`] splits a name, the names made of its words are
    /// heck's: every string of up to six characters of two lowercase and
    /// two capital letters, a digit, `-`, `_` and a space (and the names specs are
    /// written with are split).
    #[test]
    fn names_split_by_hand_are_what_heck_would_make() {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        let alphabet = ['a', 'b', 'A', 'B', '1', '_', '-', ' '];
        let mut names = vec![String::new()];
        let mut split = 0;
        for _ in 0..6 {
            names = names
                .iter()
                .flat_map(|name| alphabet.iter().map(move |c| format!("{name}{c}")))
                .collect();
            for name in &names {
                let Some(split_words) = plain_words(name) else {
                    continue;
                };
                split += 1;
                let pascal: String = split_words.iter().map(|w| capitalized(w)).collect();
                assert_eq!(pascal, words(name).to_upper_camel_case(), "{name}");
                let snake = split_words.join("_").to_ascii_lowercase();
                assert_eq!(snake, words(name).to_snake_case(), "{name}");
            }
        }
        assert!(split > 10_000, "{split}");
        for name in [
            "WebhookDispatch2",
            "createdAt",
            "invalid-input",
            "created_at",
        ] {
            assert!(plain_words(name).is_some(), "{name}");
        }
        assert_eq!(plain_words("HTTPServer"), None);
    }

    #[test]
    fn enum_values_become_variants() {
        assert_eq!(pascal("ACTOR.RUN.FAILED", "V"), "ActorRunFailed");
        assert_eq!(pascal("TIMED-OUT", "V"), "TimedOut");
        assert_eq!(pascal("3d-secure-auth-failed", "V"), "V3dSecureAuthFailed");
        assert_eq!(pascal("", "V"), "Empty");
        assert_eq!(pascal("self", "V"), "SelfValue");
        assert_eq!(pascal("acts@{actorId}", "V"), "ActsActorId");
    }

    #[test]
    fn field_names_avoid_keywords() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("eventData"), "event_data");
        assert_eq!(snake("404"), "_404");
        assert_eq!(snake("x-api-key"), "x_api_key");
        assert_eq!(snake("+1"), "plus_1");
        assert_eq!(snake("-1"), "minus_1");
        assert_eq!(snake("-"), "value");
        assert_eq!(pascal("-createdAt", "V"), "MinusCreatedAt");
    }

    #[test]
    fn composed_names_are_bounded_at_word_boundaries() {
        assert_eq!(bounded("ShortName"), "ShortName");
        let deep = format!("DeepGetResponse{}", "Next".repeat(100));
        let cut = bounded(&deep);
        assert!(cut.len() <= MAX_COMPOSED, "{cut}");
        assert!(cut.starts_with("DeepGetResponseNext"), "{cut}");
        assert!(cut.ends_with("NextNext"), "{cut}");
        assert_eq!(bounded(&"A".repeat(100)).len(), MAX_COMPOSED);
    }

    #[test]
    fn reserved_type_names_are_renamed() {
        assert_eq!(type_name("string"), "StringType");
        assert_eq!(type_name("webhook dispatch"), "WebhookDispatch");
    }

    #[test]
    fn the_keyword_list_agrees_with_the_parser() {
        // syn reads `gen` as an identifier; in the 2024 edition, which the
        // generated crates use, it is reserved.
        for word in KEYWORDS.iter().filter(|w| **w != "gen") {
            assert!(
                syn::parse_str::<syn::Ident>(word).is_err(),
                "{word} is an identifier"
            );
        }
        assert_eq!(snake("gen"), "r#gen");
        for word in ["union", "raw", "default", "value", "r#type"] {
            assert!(!is_keyword(word), "{word}");
        }
    }

    #[test]
    fn unique_appends_numbers() {
        let mut unique = Unique::default();
        assert_eq!(unique.claim("a"), "a");
        assert_eq!(unique.claim("a"), "a2");
        assert_eq!(unique.claim("a"), "a3");
        assert_eq!(unique.claim("r#type"), "r#type");
        assert_eq!(unique.claim("r#type"), "type2");
    }
}

//! Stage 1: read spec files (YAML or JSON) into JSON values.
//!
//! YAML is read with `serde_yaml` (into a tree of its own, see `yaml`) and converted to
//! `serde_json::Value`, so every later stage sees one kind of tree with string
//! keys in document order. Merge keys (`<<: *anchor`) are applied here.

mod yaml;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::error::{Error, Location, Result, Warning};
use crate::pointer;
use yaml::Node;

/// One parsed file.
#[derive(Debug)]
pub struct Source {
    /// The path as the user or a `$ref` named it (normalised, relative when
    /// the user's was), used in messages.
    pub path: PathBuf,
    /// The file's identity: two `$ref`s that spell a path differently still
    /// reach the same file.
    pub canonical: PathBuf,
    pub value: Value,
}

/// A file's value and what reading it lost.
pub struct Parsed {
    pub value: Value,
    pub warnings: Vec<Warning>,
}

/// Reads each file once, however many `$ref`s point into it.
#[derive(Default)]
pub struct Loader {
    by_canonical: HashMap<PathBuf, Rc<Source>>,
    /// The same file reached by the same spelling is not looked up again
    /// (Apify's spec has ~2,300 `$ref`s into 410 files).
    by_path: HashMap<PathBuf, Rc<Source>>,
    /// What reading the files lost (numbers past 64 bits), in reading order.
    pub warnings: Vec<Warning>,
}

impl Loader {
    /// Loads `path`. `referrer` is the `$ref` that led here, if any: a missing
    /// file is then reported against the `$ref`, where the mistake is.
    pub fn load(&mut self, path: &Path, referrer: Option<&Location>) -> Result<Rc<Source>> {
        let path = normalize(path);
        if let Some(source) = self.by_path.get(&path) {
            return Ok(source.clone());
        }
        let canonical = std::fs::canonicalize(&path).map_err(|source| match referrer {
            Some(at) => Error::spec(
                at,
                format!(
                    "`$ref` points to `{}`, which {}. \
                     Fix the path: it is relative to the file that holds the `$ref`.",
                    crate::error::display_path(&path),
                    match source.kind() {
                        std::io::ErrorKind::NotFound => "does not exist".to_string(),
                        _ => format!("cannot be read ({source})"),
                    }
                ),
            ),
            None => Error::io(&path, source),
        })?;
        if let Some(source) = self.by_canonical.get(&canonical) {
            self.by_path.insert(path, source.clone());
            return Ok(source.clone());
        }
        let text = std::fs::read_to_string(&canonical).map_err(|e| Error::io(&path, e))?;
        let Parsed {
            value,
            mut warnings,
        } = read(&path, &text)?;
        self.warnings.append(&mut warnings);
        let source = Rc::new(Source {
            path: path.clone(),
            canonical: canonical.clone(),
            value,
        });
        self.by_canonical.insert(canonical, source.clone());
        self.by_path.insert(path, source.clone());
        Ok(source)
    }
}

/// Removes `.` and resolvable `..` components without touching the disk, so
/// `spec/paths/../schemas/A.yaml` is shown as `spec/schemas/A.yaml`.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let ends_in_normal =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if ends_in_normal {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Parses one file's text. JSON files (by extension) are read as JSON, all
/// others as YAML. What the conversion loses is dropped; see [`read`].
pub fn parse(path: &Path, text: &str) -> Result<Value> {
    read(path, text).map(|parsed| parsed.value)
}

/// Parses one file's text, saying what was lost on the way.
pub fn read(path: &Path, text: &str) -> Result<Parsed> {
    let root = Location::new(path, "");
    if text.trim().is_empty() {
        return Err(Error::spec(
            &root,
            "the file is empty. A spec file, and every file a `$ref` points to, must hold a YAML or JSON document.",
        ));
    }
    let is_json = path
        .extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    if is_json {
        let value = serde_json::from_str(text).map_err(|e| {
            // The line heuristic reads YAML's block style; JSON gets the root.
            let at = Location::new(path, "");
            Error::spec(
                &at,
                format!(
                    "not valid JSON: {e}. Fix the syntax near line {}, column {}.",
                    e.line(),
                    e.column()
                ),
            )
        })?;
        return Ok(Parsed {
            value,
            warnings: Vec::new(),
        });
    }
    let yaml: Node = serde_yaml::from_str(text).map_err(|e| {
        let line = e.location().map_or(1, |l| l.line());
        let at = Location::new(path, pointer_near_line(text, line));
        Error::spec(
            &at,
            format!("not valid YAML: {e}. Fix the syntax near that line."),
        )
    })?;
    let mut warnings = Vec::new();
    let value = yaml_to_json(yaml, &root, &mut warnings)?;
    Ok(Parsed { value, warnings })
}

fn yaml_to_json(node: Node, at: &Location, warnings: &mut Vec<Warning>) -> Result<Value> {
    Ok(match node {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => match (i64::try_from(i), u64::try_from(i)) {
            (Ok(small), _) => Value::from(small),
            (_, Ok(unsigned)) => Value::from(unsigned),
            _ => lossy_number(&i.to_string(), i as f64, at, warnings),
        },
        Node::BigUnsigned(u) => lossy_number(&u.to_string(), u as f64, at, warnings),
        Node::Float(f) => match serde_json::Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => {
                return Err(Error::spec(
                    at,
                    format!("the number `{f}` has no JSON form. Use a finite number."),
                ));
            }
        },
        Node::String(s) => Value::String(s),
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, &at.child(&i.to_string()), warnings))
                .collect::<Result<_>>()?,
        ),
        Node::Map(entries) => Value::Object(mapping_to_json(entries, at, warnings)?),
        Node::Tagged(tag) => {
            return Err(Error::spec(
                at,
                format!("YAML tag `{tag}` is not supported: a spec is plain data. Remove the tag."),
            ));
        }
    })
}

/// An integer past 64 bits becomes the nearest `f64`, as JSON readers take it.
fn lossy_number(written: &str, nearest: f64, at: &Location, warnings: &mut Vec<Warning>) -> Value {
    warnings.push(Warning {
        location: at.clone(),
        message: format!(
            "the integer `{written}` does not fit in 64 bits; it is read as the nearest floating-point number, `{nearest:e}`"
        ),
    });
    serde_json::Number::from_f64(nearest).map_or(Value::Null, Value::Number)
}

/// Converts a mapping, applying YAML merge keys: the mapping's own keys win
/// over merged ones, and earlier merge sources win over later ones. A merge
/// source is converted (and so has its own merges applied) before it is used.
fn mapping_to_json(
    entries: Vec<(Node, Node)>,
    at: &Location,
    warnings: &mut Vec<Warning>,
) -> Result<Map<String, Value>> {
    let mut out = Map::new();
    let mut merges = Vec::new();
    for (key, value) in entries {
        let key = match key {
            Node::String(s) if s == "<<" => {
                merges.push(value);
                continue;
            }
            Node::String(s) => s,
            // `200:` and `true:` are common unquoted keys; JSON keys are strings.
            Node::Int(n) => n.to_string(),
            Node::BigUnsigned(n) => n.to_string(),
            Node::Float(n) => n.to_string(),
            Node::Bool(b) => b.to_string(),
            other => {
                return Err(Error::spec(
                    at,
                    format!(
                        "a mapping key here is not a string, number or boolean ({}). Quote the key.",
                        other.describe()
                    ),
                ));
            }
        };
        let child = at.child(&key);
        out.insert(key, yaml_to_json(value, &child, warnings)?);
    }
    let merge_at = at.child("<<");
    for merge in merges {
        let sources = match merge {
            Node::Map(m) => vec![m],
            Node::Seq(items) => items
                .into_iter()
                .map(|item| match item {
                    Node::Map(m) => Ok(m),
                    other => Err(merge_error(&merge_at, &other)),
                })
                .collect::<Result<_>>()?,
            other => return Err(merge_error(&merge_at, &other)),
        };
        for source in sources {
            for (key, value) in mapping_to_json(source, &merge_at, warnings)? {
                out.entry(key).or_insert(value);
            }
        }
    }
    Ok(out)
}

fn merge_error(at: &Location, found: &Node) -> Error {
    Error::spec(
        at,
        format!(
            "a YAML merge key `<<` must be given a mapping or a list of mappings (`<<: *defaults`), not {}. Point it at an anchored mapping.",
            found.describe()
        ),
    )
}

/// Best-effort JSON pointer of the block-style mapping key in force at `line`
/// (1-based), for syntax errors, which the parser reports by line only.
/// Flow-style collections and list items are not tracked; the pointer then
/// names the nearest enclosing mapping key.
fn pointer_near_line(text: &str, line: usize) -> String {
    let mut stack: Vec<(usize, String)> = Vec::new();
    for raw in text.lines().take(line.saturating_sub(1)) {
        let content = raw.trim_start();
        if content.is_empty() || content.starts_with('#') || content.starts_with('-') {
            continue;
        }
        let indent = raw.len() - content.len();
        let Some(colon) = content.find(':') else {
            continue;
        };
        let after = &content[colon + 1..];
        if !(after.is_empty() || after.starts_with(' ')) {
            continue;
        }
        let key = content[..colon]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        stack.push((indent, key.to_string()));
    }
    stack
        .iter()
        .fold(String::new(), |p, (_, key)| pointer::push(&p, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Value {
        parse(Path::new("t.yaml"), text).unwrap()
    }

    #[test]
    fn merge_keys_apply_with_own_keys_winning_and_nested_merges_resolved() {
        let v = yaml(
            "base: &base {a: 1, b: 1}\n\
             mid: &mid {<<: *base, b: 2, c: 2}\n\
             top: {<<: *mid, c: 3}\n",
        );
        assert_eq!(v["top"], serde_json::json!({"c": 3, "b": 2, "a": 1}));
        assert!(v["top"].get("<<").is_none());
    }

    #[test]
    fn merge_list_prefers_earlier_sources() {
        let v = yaml("x: &x {k: x}\ny: &y {k: y, j: y}\nz: {<<: [*x, *y]}\n");
        assert_eq!(v["z"], serde_json::json!({"k": "x", "j": "y"}));
    }

    #[test]
    fn integers_past_64_bits_are_read_with_a_located_warning() {
        let parsed = read(
            Path::new("t.yaml"),
            "s: {minimum: -9223372036854776000, maximum: 18446744073709551615, big: 18446744073709551616}\n",
        )
        .unwrap();
        assert_eq!(parsed.value["s"]["maximum"], serde_json::json!(u64::MAX));
        assert_eq!(
            parsed.value["s"]["minimum"].as_f64(),
            Some(-9.223372036854776e18)
        );
        assert_eq!(
            parsed.value["s"]["big"].as_f64(),
            Some(1.8446744073709552e19)
        );
        let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with(
                "t.yaml#/s/minimum: the integer `-9223372036854776000` does not fit in 64 bits"
            ),
            "{warnings:?}"
        );
        assert!(warnings[1].starts_with("t.yaml#/s/big: "), "{warnings:?}");
    }

    #[test]
    fn numeric_keys_become_strings() {
        let v = yaml("responses:\n  200: {description: ok}\n");
        assert_eq!(v["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn urls_in_flow_sequences_parse() {
        let v = yaml("examples: [https://api.example.com/v2/x/keys?signature=abc123]\n");
        assert_eq!(
            v["examples"][0],
            "https://api.example.com/v2/x/keys?signature=abc123"
        );
    }

    #[test]
    fn syntax_errors_name_the_enclosing_key() {
        let err = parse(
            Path::new("t.yaml"),
            "paths:\n  /a:\n    get:\n      summary: [unclosed\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("t.yaml#/paths/~1a/get/summary: not valid YAML"),
            "{err}"
        );
    }

    #[test]
    fn normalize_resolves_parent_components_lexically() {
        assert_eq!(
            normalize(Path::new("spec/paths/../schemas/./A.yaml")),
            Path::new("spec/schemas/A.yaml")
        );
        assert_eq!(
            normalize(Path::new("../x/../y.yaml")),
            Path::new("../y.yaml")
        );
    }
}

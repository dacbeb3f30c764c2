//! Stage 1: read spec files (YAML or JSON) into JSON values.
//!
//! JSON is read with serde_json once its depth is known to be within
//! bounds (`limits`); YAML is read from saphyr's parser events into a tree
//! of its own (`yaml`) and converted to `serde_json::Value`, so every later
//! stage sees one kind of tree with string keys in document order. Merge
//! keys (`<<: *anchor`) are applied here.

mod ahead;
pub mod limits;
mod yaml;

pub use ahead::Ahead;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::error::{Error, Location, Result, Warning};
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

impl Source {
    /// The file's identity as a map key (see [`FileKey`]).
    pub fn key(&self) -> FileKey {
        self.canonical.clone().into_os_string()
    }
}

/// A normalised or canonical path as a map key: hashed and compared as its
/// bytes, which for such paths is the same as by components. `Path`'s own
/// hash walks its components, and in the dev profile that was a third of
/// bundling a small spec.
pub type FileKey = std::ffi::OsString;

/// A file's value and what reading it lost.
pub struct Parsed {
    pub value: Value,
    pub warnings: Vec<Warning>,
}

/// Reads each file once, however many `$ref`s point into it.
#[derive(Default)]
pub struct Loader {
    by_canonical: HashMap<FileKey, Rc<Source>>,
    /// The same file reached by the same spelling is not looked up again
    /// (Apify's spec has ~2,300 `$ref`s into 410 files).
    by_path: HashMap<FileKey, Rc<Source>>,
    /// What reading the files lost (numbers past 64 bits), in reading order.
    pub warnings: Vec<Warning>,
    /// Files another thread reads ahead, if one does.
    ahead: Option<Arc<Ahead>>,
}

impl Loader {
    /// A loader that takes the files `ahead` has read.
    pub fn reading_ahead(ahead: Arc<Ahead>) -> Self {
        Self {
            ahead: Some(ahead),
            ..Self::default()
        }
    }

    /// Loads `path`. `referrer` is the `$ref` that led here, if any: a missing
    /// file is then reported against the `$ref`, where the mistake is.
    pub fn load(&mut self, path: &Path, referrer: Option<&Location>) -> Result<Rc<Source>> {
        let path = normalize(path);
        if let Some(source) = self.by_path.get(path.as_os_str()) {
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
        if let Some(source) = self.by_canonical.get(canonical.as_os_str()) {
            self.by_path.insert(path.into_os_string(), source.clone());
            return Ok(source.clone());
        }
        let ready = self.ahead.as_ref();
        let value = match ready.and_then(|ahead| ahead.take(&canonical, as_json(&path))) {
            Some(value) => value,
            None => {
                let text = std::fs::read_to_string(&canonical).map_err(|e| Error::io(&path, e))?;
                let Parsed {
                    value,
                    mut warnings,
                } = read(&path, &text)?;
                self.warnings.append(&mut warnings);
                value
            }
        };
        let source = Rc::new(Source {
            path: path.clone(),
            canonical: canonical.clone(),
            value,
        });
        self.by_canonical
            .insert(canonical.into_os_string(), source.clone());
        self.by_path.insert(path.into_os_string(), source.clone());
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
    let is_json = as_json(path);
    // JSON is YAML too, but its own reader has no limit on flow nesting
    // and is faster: a `.yaml` file that holds JSON is read as JSON.
    let looks_like_json = text.trim_start().starts_with(['{', '[']);
    if is_json || looks_like_json {
        match json(path, text) {
            Ok(value) => {
                return Ok(Parsed {
                    value,
                    warnings: Vec::new(),
                });
            }
            Err(error) if is_json => return Err(error),
            Err(_) => {} // YAML in flow style, which JSON is not
        }
    }
    let yaml = yaml::read(text).map_err(|failure| yaml_error(path, failure))?;
    let mut warnings = Vec::new();
    let value = yaml_to_json(yaml, At::Root(&root), &mut warnings)?;
    Ok(Parsed { value, warnings })
}

/// Whether the file at `path` is read as JSON only, by its name.
fn as_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("json"))
}

fn json(path: &Path, text: &str) -> Result<Value> {
    if let Some((line, column, pointer)) = limits::too_deep_json(text) {
        return Err(too_deep(path, line, column, &pointer));
    }
    let mut reader = serde_json::Deserializer::from_str(text);
    // The depth is checked above; serde_json's own limit (128) is far
    // below what real specs may need.
    reader.disable_recursion_limit();
    let value = serde::Deserialize::deserialize(&mut reader).and_then(|value| {
        reader.end()?;
        Ok(value)
    });
    value.map_err(|e| {
        Error::spec(
            &Location::new(path, ""),
            format!(
                "not valid JSON: {e}. Fix the syntax near line {}, column {}.",
                e.line(),
                e.column()
            ),
        )
    })
}

/// Nesting past [`limits::MAX_DEPTH`].
fn too_deep(path: &Path, line: usize, column: usize, pointer: &str) -> Error {
    Error::spec(
        &Location::new(path, pointer),
        format!(
            "collections nest deeper than {} levels here (at line {line}, column {column}), the most a spec may nest. Is the file what it should be? A real spec nests a few dozen levels.",
            group(limits::MAX_DEPTH)
        ),
    )
}

fn yaml_error(path: &Path, failure: yaml::Failure) -> Error {
    use yaml::Problem;
    let (line, column) = (failure.line, failure.column);
    let at = Location::new(path, failure.pointer.clone());
    let message = match failure.problem {
        Problem::TooDeep => return too_deep(path, line, column, &failure.pointer),
        Problem::Syntax(problem) => format!(
            "not valid YAML: {problem} at line {line}, column {column}. Fix the syntax there."
        ),
        Problem::FlowTooDeep => format!(
            "flow collections (`{{…}}`, `[…]`) nest deeper than 255 levels at line {line}, column {column}, the most the YAML reader takes. Write the deeper levels in block style, or the file as JSON."
        ),
        Problem::AliasesTooLarge => format!(
            "YAML aliases expand this file past {} nodes at line {line}, column {column}, the most a file may repeat: is it an alias bomb? Write the repeated parts out, or refer to them with `$ref`.",
            group(limits::MAX_ALIAS_NODES)
        ),
        Problem::UnknownAnchor => format!(
            "the alias at line {line}, column {column} names no anchor defined before it. Define the anchor (`&name`) first, or fix the alias's name."
        ),
        Problem::SecondDocument => format!(
            "a second YAML document starts at line {line}. A spec file holds one document: split the file, or remove the `---`."
        ),
    };
    Error::spec(&at, message)
}

/// `4096` → `4,096`.
pub(crate) fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where a node is, made into a [`Location`] only for an error or a
/// warning: a file name and pointer built for every node were a tenth of
/// reading a small spec.
#[derive(Clone, Copy)]
enum At<'a> {
    Root(&'a Location),
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn location(self) -> Location {
        match self {
            At::Root(root) => root.clone(),
            At::Key(parent, key) => parent.location().child(key),
            At::Index(parent, index) => parent.location().child(&index.to_string()),
        }
    }
}

fn yaml_to_json(node: Node, at: At<'_>, warnings: &mut Vec<Warning>) -> Result<Value> {
    Ok(match node {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(i) => match (i64::try_from(i), u64::try_from(i)) {
            (Ok(small), _) => Value::from(small),
            (_, Ok(unsigned)) => Value::from(unsigned),
            _ => lossy_number(&i.to_string(), i as f64, at.location(), warnings),
        },
        Node::BigUnsigned(u) => lossy_number(&u.to_string(), u as f64, at.location(), warnings),
        Node::Float(f) => match serde_json::Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None => {
                return Err(Error::spec(
                    &at.location(),
                    format!("the number `{f}` has no JSON form. Use a finite number."),
                ));
            }
        },
        Node::String(s) => Value::String(s),
        Node::Seq(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| yaml_to_json(item, At::Index(&at, i), warnings))
                .collect::<Result<_>>()?,
        ),
        Node::Map(entries) => Value::Object(mapping_to_json(entries, at, warnings)?),
        Node::Tagged(tag) => {
            return Err(Error::spec(
                &at.location(),
                format!("YAML tag `{tag}` is not supported: a spec is plain data. Remove the tag."),
            ));
        }
    })
}

/// An integer past 64 bits becomes the nearest `f64`, as JSON readers take it.
fn lossy_number(written: &str, nearest: f64, at: Location, warnings: &mut Vec<Warning>) -> Value {
    warnings.push(Warning {
        location: at,
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
    at: At<'_>,
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
                    &at.location(),
                    format!(
                        "a mapping key here is not a string, number or boolean ({}). Quote the key.",
                        other.describe()
                    ),
                ));
            }
        };
        let value = yaml_to_json(value, At::Key(&at, &key), warnings)?;
        out.insert(key, value);
    }
    let merge_at = At::Key(&at, "<<");
    for merge in merges {
        let sources = match merge {
            Node::Map(m) => vec![m],
            Node::Seq(items) => items
                .into_iter()
                .map(|item| match item {
                    Node::Map(m) => Ok(m),
                    other => Err(merge_error(merge_at, &other)),
                })
                .collect::<Result<_>>()?,
            other => return Err(merge_error(merge_at, &other)),
        };
        for source in sources {
            for (key, value) in mapping_to_json(source, merge_at, warnings)? {
                out.entry(key).or_insert(value);
            }
        }
    }
    Ok(out)
}

fn merge_error(at: At<'_>, found: &Node) -> Error {
    Error::spec(
        &at.location(),
        format!(
            "a YAML merge key `<<` must be given a mapping or a list of mappings (`<<: *defaults`), not {}. Point it at an anchored mapping.",
            found.describe()
        ),
    )
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
    fn syntax_errors_name_where_the_reader_was() {
        let err = parse(
            Path::new("t.yaml"),
            "paths:\n  /a:\n    get:\n      summary: [unclosed\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with(
                "t.yaml#/paths/~1a/get/summary/1: not valid YAML: while parsing a flow sequence"
            ),
            "{err}"
        );
        assert!(err.contains("at line 5, column 1"), "{err}");
    }

    #[test]
    fn json_in_a_yaml_file_is_read_as_json() {
        let deep = format!("{}1{}", "[".repeat(1_000), "]".repeat(1_000));
        assert!(crate::stack::deep(
            || parse(Path::new("t.yaml"), &deep).is_ok()
        ));
        // Flow-style YAML that is not JSON is still YAML.
        assert_eq!(yaml("{a: [b, 'c']}"), serde_json::json!({"a": ["b", "c"]}));
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

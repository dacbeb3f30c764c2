//! Stage 2: resolve `$ref`s across files into one self-contained document.
//!
//! A `$ref` to a schema stays a reference: the schema it reaches becomes a
//! named entry under `components/schemas`, named by where it lives or by its
//! title. That keeps recursive schemas finite and gives every type exactly one
//! name. Anything else a `$ref` reaches (path items, operations, parameters,
//! responses, …) is copied in place of the `$ref`.
//!
//! The bundled document remembers where each part came from ([`Origins`]), so
//! later stages report problems against the file and pointer the user wrote.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use serde_json::{Map, Value};

use crate::error::{Error, Location, Result, Warning, display_path};
use crate::load::{Loader, Source};
use crate::names::{self, Unique};
use crate::pointer;
use crate::structure::{self, Child, Kind};

/// One document with every `$ref` internal: `#/components/schemas/<Name>`.
pub struct Bundle {
    pub doc: Value,
    pub origins: Origins,
    pub warnings: Vec<Warning>,
}

/// Where each part of the bundled document came from.
#[derive(Debug, Default, Clone)]
pub struct Origins {
    map: BTreeMap<String, Location>,
}

impl Origins {
    pub fn record(&mut self, bundled: &str, origin: Location) {
        self.map.insert(bundled.to_string(), origin);
    }

    /// The source location of a pointer into the bundled document: the origin
    /// of its longest recorded prefix, with the rest of the pointer appended.
    pub fn locate(&self, bundled: &str) -> Location {
        let mut prefix = bundled;
        loop {
            if let Some(origin) = self.map.get(prefix) {
                let rest = &bundled[prefix.len()..];
                return Location::new(origin.file.clone(), format!("{}{rest}", origin.pointer));
            }
            match prefix.rfind('/') {
                Some(at) => prefix = &prefix[..at],
                None => return Location::new(PathBuf::from("<spec>"), bundled),
            }
        }
    }
}

pub fn bundle(entry: &Path) -> Result<Bundle> {
    let mut loader = Loader::default();
    let entry = loader.load(entry, None)?;
    let mut bundler = Bundler {
        loader,
        schemas: Map::new(),
        schema_names: HashMap::new(),
        names: Unique::default(),
        inlining: Vec::new(),
        origins: Origins::default(),
        warnings: Vec::new(),
    };
    for reserved in names::RESERVED_TYPE_NAMES {
        bundler.names.reserve(reserved);
    }
    bundler
        .origins
        .record("", Location::new(entry.path.clone(), ""));

    let Value::Object(root) = &entry.value else {
        return Err(Error::spec(
            &Location::new(entry.path.clone(), ""),
            format!(
                "the spec is {}, not an object. An OpenAPI document is a mapping with `openapi`, `info` and `paths`.",
                crate::error::describe(&entry.value)
            ),
        ));
    };

    // The entry's own component schemas keep their names, ahead of any name
    // derived from a file or title, and are generated even when nothing
    // refers to them (webhook payloads, for instance).
    let own: Vec<String> = root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    for key in &own {
        let at = Location::new(
            entry.path.clone(),
            pointer::push("/components/schemas", key),
        );
        let name = bundler.claim_name(names::type_name(key), &at);
        // `Node: {$ref: Node.yaml}` gives its name to what it points to.
        let mut link = (entry.clone(), at.pointer.clone());
        let mut seen = Vec::new();
        while let Some(next) = link.0.value.pointer(&link.1).and_then(bare_ref) {
            let from = Location::new(link.0.path.clone(), link.1.clone());
            let Ok(target) = bundler.resolve(next, &link.0, &from) else {
                break;
            };
            if seen.contains(&(target.0.canonical.clone(), target.1.clone())) {
                break; // reported with its chain when the schema is bundled
            }
            seen.push((target.0.canonical.clone(), target.1.clone()));
            link = target;
        }
        for target in seen {
            bundler
                .schema_names
                .entry(target)
                .or_insert_with(|| name.clone());
        }
        bundler
            .schema_names
            .insert((entry.canonical.clone(), at.pointer), name);
    }

    let mut doc = bundler.walk(&entry.value, Kind::Document, &entry, "", "")?;
    for key in &own {
        let reference = format!("#{}", pointer::push("/components/schemas", key));
        let at = Location::new(entry.path.clone(), "/components/schemas");
        bundler.schema_ref(&reference, &entry, &at)?;
    }

    let components = doc
        .as_object_mut()
        .expect("walk keeps an object an object")
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(components) = components {
        components.insert(
            "schemas".into(),
            Value::Object(std::mem::take(&mut bundler.schemas)),
        );
    }
    Ok(Bundle {
        doc,
        origins: bundler.origins,
        warnings: bundler.warnings,
    })
}

struct Bundler {
    loader: Loader,
    /// Bundled schemas by name, in the order they were first reached.
    schemas: Map<String, Value>,
    /// (file, pointer) of each named schema → its name.
    schema_names: HashMap<(PathBuf, String), String>,
    names: Unique,
    /// The non-schema `$ref`s being inlined, outermost first: a repeat is a
    /// cycle that inlining would never finish.
    inlining: Vec<((PathBuf, String), Location)>,
    origins: Origins,
    warnings: Vec<Warning>,
}

impl Bundler {
    /// Copies `value` (an object of `kind` at `at` in `src`) to `out` in the
    /// bundle, resolving `$ref`s on the way.
    fn walk(
        &mut self,
        value: &Value,
        kind: Kind,
        src: &Rc<Source>,
        at: &str,
        out: &str,
    ) -> Result<Value> {
        if kind == Kind::Schema {
            return self.schema(value, src, at, out);
        }
        match value {
            Value::Object(object) => {
                if let Some(reference) = object.get("$ref") {
                    return self.inline(object, reference, kind, src, at, out);
                }
                let skip_own_schemas = kind == Kind::Components && out == "/components";
                let mut result = Map::new();
                for (key, child) in object {
                    if skip_own_schemas && key == "schemas" {
                        continue; // bundled by name in `bundle`
                    }
                    let child_at = pointer::push(at, key);
                    let child_out = pointer::push(out, key);
                    let copied = match structure::child(kind, key) {
                        None => child.clone(),
                        Some(shape) => self.walk_child(child, shape, src, &child_at, &child_out)?,
                    };
                    result.insert(key.clone(), copied);
                }
                Ok(Value::Object(result))
            }
            Value::Array(items) if kind == Kind::Generic => {
                self.walk_items(items, kind, src, at, out)
            }
            // Values of the wrong type are left for validation to report.
            other => Ok(other.clone()),
        }
    }

    fn walk_child(
        &mut self,
        value: &Value,
        shape: Child,
        src: &Rc<Source>,
        at: &str,
        out: &str,
    ) -> Result<Value> {
        match (shape, value) {
            (Child::One(Kind::Schema), Value::Array(items)) => {
                self.walk_items(items, Kind::Schema, src, at, out)
            }
            (Child::One(kind), _) => self.walk(value, kind, src, at, out),
            (Child::List(kind), Value::Array(items)) => self.walk_items(items, kind, src, at, out),
            // A whole map written as a `$ref` (`responses: {$ref: common.yaml#/responses}`).
            (Child::Map(_) | Child::MapOfMaps(_), Value::Object(map))
                if map.contains_key("$ref") =>
            {
                self.follow(
                    &map["$ref"],
                    src,
                    at,
                    out,
                    |this, value, target, target_at| {
                        this.walk_child(value, shape, target, target_at, out)
                    },
                )
            }
            (Child::Map(kind), Value::Object(map)) => {
                let mut result = Map::new();
                for (key, item) in map {
                    let item = self.walk(
                        item,
                        kind,
                        src,
                        &pointer::push(at, key),
                        &pointer::push(out, key),
                    )?;
                    result.insert(key.clone(), item);
                }
                Ok(Value::Object(result))
            }
            (Child::MapOfMaps(kind), Value::Object(map)) => {
                let mut result = Map::new();
                for (key, inner) in map {
                    let inner = self.walk_child(
                        inner,
                        Child::Map(kind),
                        src,
                        &pointer::push(at, key),
                        &pointer::push(out, key),
                    )?;
                    result.insert(key.clone(), inner);
                }
                Ok(Value::Object(result))
            }
            _ => self.walk(value, Kind::Generic, src, at, out),
        }
    }

    fn walk_items(
        &mut self,
        items: &[Value],
        kind: Kind,
        src: &Rc<Source>,
        at: &str,
        out: &str,
    ) -> Result<Value> {
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let i = i.to_string();
                self.walk(
                    item,
                    kind,
                    src,
                    &pointer::push(at, &i),
                    &pointer::push(out, &i),
                )
            })
            .collect::<Result<_>>()
            .map(Value::Array)
    }

    /// Replaces a non-schema `$ref` with (a bundled copy of) what it points to.
    /// Keys beside the `$ref` (`summary`, `description`) override the target's.
    fn inline(
        &mut self,
        object: &Map<String, Value>,
        reference: &Value,
        kind: Kind,
        src: &Rc<Source>,
        at: &str,
        out: &str,
    ) -> Result<Value> {
        let mut result =
            self.follow(reference, src, at, out, |this, value, target, target_at| {
                this.walk(value, kind, target, target_at, out)
            })?;
        if let Value::Object(result) = &mut result {
            let here = Location::new(src.path.clone(), at);
            for (key, sibling) in object {
                if key != "$ref" {
                    self.origins
                        .record(&pointer::push(out, key), here.child(key));
                    result.insert(key.clone(), sibling.clone());
                }
            }
        }
        Ok(result)
    }

    /// Resolves the non-schema `$ref` at `at` and bundles what it points to
    /// with `bundle`, refusing a `$ref` that leads back to itself (inlining
    /// it would never end) and recording where the copy came from.
    fn follow(
        &mut self,
        reference: &Value,
        src: &Rc<Source>,
        at: &str,
        out: &str,
        bundle: impl FnOnce(&mut Self, &Value, &Rc<Source>, &str) -> Result<Value>,
    ) -> Result<Value> {
        let here = Location::new(src.path.clone(), at);
        let reference = reference.as_str().ok_or_else(|| {
            Error::spec(
                &here,
                "`$ref` must be a string (a relative path and/or `#/json/pointer`).",
            )
        })?;
        let (target, target_at) = self.resolve(reference, src, &here)?;
        let key = (target.canonical.clone(), target_at.clone());
        if let Some(start) = self.inlining.iter().position(|(k, _)| *k == key) {
            let chain: Vec<String> = self.inlining[start..]
                .iter()
                .map(|(_, shown)| shown.to_string())
                .collect();
            return Err(Error::spec(
                &here,
                format!(
                    "`$ref` `{reference}` leads back to itself ({} → …) with no schema in between, so it can never be resolved. Point one of these `$ref`s at the object itself.",
                    chain.join(" → ")
                ),
            ));
        }
        let origin = Location::new(target.path.clone(), target_at.clone());
        self.inlining.push((key, origin.clone()));
        self.origins.record(out, origin);
        let value = target
            .value
            .pointer(&target_at)
            .expect("resolve checked the pointer");
        let result = bundle(self, value, &target, &target_at);
        self.inlining.pop();
        result
    }

    fn schema(&mut self, value: &Value, src: &Rc<Source>, at: &str, out: &str) -> Result<Value> {
        let Value::Object(object) = value else {
            return Ok(value.clone()); // `true`/`false` schemas, or an error for validation
        };
        let mut result = Map::new();
        for (key, child) in object {
            let child_at = pointer::push(at, key);
            let child_out = pointer::push(out, key);
            let copied = if key == "$ref" {
                let here = Location::new(src.path.clone(), at);
                let reference = child.as_str().ok_or_else(|| {
                    Error::spec(
                        &here,
                        "`$ref` must be a string (a relative path and/or `#/json/pointer`).",
                    )
                })?;
                let name = self.schema_ref(reference, src, &here)?;
                Value::String(format!("#{}", pointer::push("/components/schemas", &name)))
            } else if key == "discriminator" {
                self.discriminator(child, src, &child_at)?
            } else {
                match structure::schema_child(key) {
                    None => child.clone(),
                    Some(shape) => self.walk_child(child, shape, src, &child_at, &child_out)?,
                }
            };
            result.insert(key.clone(), copied);
        }
        Ok(Value::Object(result))
    }

    /// Discriminator mappings name schemas by `$ref`; point them at the
    /// bundled names.
    fn discriminator(&mut self, value: &Value, src: &Rc<Source>, at: &str) -> Result<Value> {
        let mut value = value.clone();
        if let Some(Value::Object(mapping)) = value.get_mut("mapping") {
            for (tag, target) in mapping.iter_mut() {
                let Some(reference) = target.as_str() else {
                    continue;
                };
                if reference.contains('#')
                    || reference.contains('/')
                    || reference.ends_with(".yaml")
                    || reference.ends_with(".json")
                {
                    let here = Location::new(
                        src.path.clone(),
                        pointer::push(&pointer::push(at, "mapping"), tag),
                    );
                    let name = self.schema_ref(reference, src, &here)?;
                    *target =
                        Value::String(format!("#{}", pointer::push("/components/schemas", &name)));
                }
            }
        }
        Ok(value)
    }

    /// The name of the schema `reference` reaches, bundling it on first use.
    ///
    /// A schema that is nothing but a `$ref` (`Node: {$ref: Node.yaml}`) is
    /// another name for what it points to, not a type of its own: the chain
    /// is followed to the schema at its end, and every link gets one name,
    /// the first a link already has (the entry's own names are given out
    /// first), else one derived from the schema at the end.
    fn schema_ref(&mut self, reference: &str, src: &Rc<Source>, here: &Location) -> Result<String> {
        let mut chain = vec![self.resolve(reference, src, here)?];
        loop {
            let (source, at) = chain.last().expect("not empty").clone();
            let value = source
                .value
                .pointer(&at)
                .expect("resolve checked the pointer");
            let Some(next) = bare_ref(value) else { break };
            let link = Location::new(source.path.clone(), at.clone());
            let next = self.resolve(next, &source, &link)?;
            if chain
                .iter()
                .any(|(s, a)| s.canonical == next.0.canonical && *a == next.1)
            {
                let names: Vec<String> = chain
                    .iter()
                    .chain(std::iter::once(&next))
                    .map(|(s, a)| format!("{}#{a}", display_path(&s.path)))
                    .collect();
                return Err(Error::spec(
                    &link,
                    format!(
                        "these schemas only refer to each other, with no schema in between: {}. Give one of them a real schema (a `type`, `properties`, …).",
                        names.join(" → ")
                    ),
                ));
            }
            chain.push(next);
        }
        let keys: Vec<(PathBuf, String)> = chain
            .iter()
            .map(|(s, a)| (s.canonical.clone(), a.clone()))
            .collect();
        let (target, target_at) = chain.pop().expect("not empty");
        let named = keys.iter().find_map(|k| self.schema_names.get(k).cloned());
        let name = match named {
            Some(name) if self.schemas.contains_key(&name) => {
                for key in keys {
                    self.schema_names.insert(key, name.clone());
                }
                return Ok(name);
            }
            Some(name) => name, // one of the entry's own, reserved up front
            None => {
                let value = target
                    .value
                    .pointer(&target_at)
                    .expect("resolve checked the pointer");
                self.name_for(&target, &target_at, value)
            }
        };
        for key in keys {
            self.schema_names.insert(key, name.clone());
        }
        // Placed before walking, so a schema that refers to itself finds its name.
        self.schemas.insert(name.clone(), Value::Null);
        let out = pointer::push("/components/schemas", &name);
        self.origins
            .record(&out, Location::new(target.path.clone(), target_at.clone()));
        let value = target
            .value
            .pointer(&target_at)
            .expect("resolve checked the pointer");
        let bundled = self.schema(value, &target, &target_at, &out)?;
        self.schemas.insert(name.clone(), bundled);
        Ok(name)
    }

    /// A schema's name: its key under `components/schemas`, else its
    /// `title`, else the last pointer segment, else the file name.
    fn name_for(&mut self, target: &Source, at: &str, value: &Value) -> String {
        let segments = pointer::segments(at).unwrap_or_default();
        let title = value
            .get("title")
            .and_then(Value::as_str)
            .filter(|t| !t.trim().is_empty());
        let stem = || {
            target
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "Schema".into())
        };
        let base = match (segments.as_slice(), title) {
            ([components, schemas, name], _)
                if components == "components" && schemas == "schemas" =>
            {
                name.clone()
            }
            (_, Some(title)) => title.to_string(),
            ([.., last], None) if !last.chars().all(|c| c.is_ascii_digit()) => last.clone(),
            _ => stem(),
        };
        let want = names::type_name(&base);
        if !self.names.is_taken(&want) {
            return self.names.claim(&want);
        }
        // Another schema has this name: qualify by the directory this one
        // lives in (`actors/Foo.yaml` → `ActorsFoo`), then by number.
        let dir = target
            .path
            .parent()
            .and_then(Path::file_name)
            .map(|d| names::type_name(&d.to_string_lossy()))
            .unwrap_or_default();
        let qualified = format!("{dir}{want}");
        let at_loc = Location::new(target.path.clone(), at);
        let name = if !dir.is_empty() && !self.names.is_taken(&qualified) {
            self.names.claim(&qualified)
        } else {
            self.names.claim(&want)
        };
        self.warnings.push(Warning {
            location: at_loc,
            message: format!(
                "another schema is already named `{want}`; this one is named `{name}`"
            ),
        });
        name
    }

    fn claim_name(&mut self, want: String, at: &Location) -> String {
        let name = self.names.claim(&want);
        if name != want {
            self.warnings.push(Warning {
                location: at.clone(),
                message: format!(
                    "another schema is already named `{want}`; this one is named `{name}`"
                ),
            });
        }
        name
    }

    /// Finds what `reference` (relative to `src`) points to.
    fn resolve(
        &mut self,
        reference: &str,
        src: &Rc<Source>,
        here: &Location,
    ) -> Result<(Rc<Source>, String)> {
        let (file, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, Some(fragment)),
            None => (reference, None),
        };
        if file.contains("://") {
            return Err(Error::spec(
                here,
                format!(
                    "`$ref` `{reference}` is a URL; only files beside the spec can be read. Save the file next to the spec and refer to it by a relative path."
                ),
            ));
        }
        let target = if file.is_empty() {
            src.clone()
        } else {
            let relative = pointer::from_fragment(file);
            let base = src.path.parent().unwrap_or(Path::new(""));
            self.loader.load(&base.join(relative), Some(here))?
        };
        let at = fragment.map(pointer::from_fragment).unwrap_or_default();
        if !at.is_empty() && !at.starts_with('/') {
            return Err(Error::spec(
                here,
                format!(
                    "`$ref` `{reference}` has a fragment that is not a JSON pointer. Write it as `#/path/to/object`."
                ),
            ));
        }
        if target.value.pointer(&at).is_none() {
            return Err(Error::spec(
                here,
                format!(
                    "`$ref` `{reference}` points to `{}` in `{}`, which does not exist{}. Fix the pointer.",
                    if at.is_empty() { "/" } else { &at },
                    display_path(&target.path),
                    nearest_keys(&target.value, &at)
                ),
            ));
        }
        Ok((target, at))
    }
}

/// The target of a schema that is only a `$ref`.
fn bare_ref(schema: &Value) -> Option<&str> {
    let object = schema.as_object()?;
    if object.len() != 1 {
        return None;
    }
    object.get("$ref")?.as_str()
}

/// "; `/a` has: b, c" — what exists at the deepest part of `at` that does.
fn nearest_keys(value: &Value, at: &str) -> String {
    let mut parent = at;
    while let Some((up, _)) = pointer::split_last(parent) {
        parent = up;
        if let Some(Value::Object(object)) = value.pointer(parent) {
            let keys: Vec<&str> = object.keys().take(8).map(String::as_str).collect();
            let shown = if parent.is_empty() { "/" } else { parent };
            return format!(" (`{shown}` has: {})", keys.join(", "));
        }
    }
    String::new()
}

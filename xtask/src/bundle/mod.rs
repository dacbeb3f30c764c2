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
//!
//! This module walks the document; `schemas` names the schemas it reaches,
//! `resolve` finds what a `$ref` points to.

mod origins;
mod resolve;
mod schemas;

pub use origins::Origins;

use std::collections::HashMap;
use std::path::Path;
use std::rc::Rc;
use std::sync::Arc;

use serde_json::{Map, Value};

use crate::error::{Error, Location, Result, Warning};
use crate::load::{Ahead, FileKey, Loader, Source};
use crate::names::{self, Unique};
use crate::pointer;
use crate::stack;
use crate::structure::{self, Child, Kind};

/// One document with every `$ref` internal: `#/components/schemas/<Name>`.
pub struct Bundle {
    pub doc: Value,
    pub origins: Origins,
    pub warnings: Vec<Warning>,
}

pub fn bundle(entry: &Path) -> Result<Bundle> {
    // While this thread bundles, another reads the files ahead of it.
    let ahead = Arc::new(Ahead::default());
    std::thread::scope(|scope| {
        let reader = {
            let ahead = ahead.clone();
            stack::spawn(scope, "xtask-read-ahead".into(), move || {
                ahead.read_from(entry)
            })
        };
        let bundled = bundle_with(entry, Loader::reading_ahead(ahead.clone()));
        ahead.finish();
        stack::join(reader);
        bundled
    })
}

fn bundle_with(entry: &Path, mut loader: Loader) -> Result<Bundle> {
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
        // `Node: {$ref: Node.yaml}` gives its name to what it points to. (A
        // broken or circular chain is reported when the schema is bundled.)
        // A link some earlier chain reached has its name, and so has every
        // link after it: the walk ends there.
        let known =
            |bundler: &Bundler, key: &(FileKey, String)| bundler.schema_names.contains_key(key);
        if let Ok(chain) = bundler.alias_chain((entry.clone(), at.pointer.clone()), known) {
            for (source, target) in chain.into_iter().skip(1) {
                bundler
                    .schema_names
                    .entry((source.key(), target))
                    .or_insert_with(|| name.clone());
            }
        }
        bundler.schema_names.insert((entry.key(), at.pointer), name);
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
    let mut warnings = std::mem::take(&mut bundler.loader.warnings);
    warnings.append(&mut bundler.warnings);
    Ok(Bundle {
        doc,
        origins: bundler.origins,
        warnings,
    })
}

pub(super) struct Bundler {
    loader: Loader,
    /// Bundled schemas by name, in the order they were first reached.
    schemas: Map<String, Value>,
    /// (file, pointer) of each named schema → its name.
    schema_names: HashMap<(FileKey, String), String>,
    names: Unique,
    /// The non-schema `$ref`s being inlined, outermost first: a repeat is a
    /// cycle that inlining would never finish.
    inlining: Vec<((FileKey, String), Location)>,
    origins: Origins,
    warnings: Vec<Warning>,
}

/// The component sections whose entries are inlined where a `$ref` uses
/// them (schemas become named types; security schemes are named by
/// requirements).
pub(crate) const INLINED_COMPONENTS: &[&str] = &[
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "pathItems",
    "examples",
    "links",
    "callbacks",
    "mediaTypes",
];

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
                let own_components = kind == Kind::Components && out == "/components";
                let mut result = Map::new();
                for (key, child) in object {
                    if own_components && key == "schemas" {
                        continue; // bundled by name in `bundle`
                    }
                    // These are copied where they are used, each `$ref` to
                    // them resolved there; one nothing uses is not read, so
                    // a broken one that nothing uses breaks nothing.
                    if own_components && INLINED_COMPONENTS.contains(&key.as_str()) {
                        continue;
                    }
                    // Most keys are leaves, copied as they are: pointers
                    // are built only for what is walked (building them for
                    // every key was half of bundling).
                    let copied = match structure::child(kind, key) {
                        None => child.clone(),
                        Some(shape) => {
                            let (child_at, child_out) =
                                (pointer::push(at, key), pointer::push(out, key));
                            self.walk_child(child, shape, src, &child_at, &child_out)?
                        }
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
            // Keys of these maps are names (properties, headers, status
            // codes), so a key `$ref` is a name (SCIM schemas have a property
            // `$ref`) — unless it is the map's only key and holds a string,
            // which none of these maps' values can be: then the whole map is
            // written elsewhere (`headers: {$ref: headers.yaml}`, as Apify's
            // published spec does).
            (Child::Map(_) | Child::MapOfMaps(_), Value::Object(map))
                if map.len() == 1 && map.get("$ref").is_some_and(Value::is_string) =>
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
        let key = (target.key(), target_at.clone());
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
                self.discriminator(child, src, &pointer::push(at, key))?
            } else {
                match structure::schema_child(key) {
                    None => child.clone(),
                    Some(shape) => {
                        let (child_at, child_out) =
                            (pointer::push(at, key), pointer::push(out, key));
                        self.walk_child(child, shape, src, &child_at, &child_out)?
                    }
                }
            };
            result.insert(key.clone(), copied);
        }
        Ok(Value::Object(result))
    }

    /// Discriminator mappings name schemas by `$ref`; point them at the
    /// bundled names. A mapping is a hint for telling union members apart
    /// (the members themselves are `$ref`s): one that cannot be followed is
    /// left out, with a warning, rather than stopping the run.
    fn discriminator(&mut self, value: &Value, src: &Rc<Source>, at: &str) -> Result<Value> {
        let mut value = value.clone();
        if let Some(Value::Object(mapping)) = value.get_mut("mapping") {
            let mut broken = Vec::new();
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
                    match self.schema_ref(reference, src, &here) {
                        Ok(name) => {
                            *target = Value::String(format!(
                                "#{}",
                                pointer::push("/components/schemas", &name)
                            ))
                        }
                        Err(error) => {
                            let reason = match error {
                                Error::Spec { message, .. } => message,
                                other => other.to_string(),
                            };
                            self.warnings.push(Warning {
                                location: here,
                                message: format!(
                                    "this discriminator mapping is left out: {}",
                                    reason.trim_end_matches('.')
                                ),
                            });
                            broken.push(tag.clone());
                        }
                    }
                }
            }
            mapping.retain(|tag, _| !broken.contains(tag));
        }
        Ok(value)
    }
}

//! Naming the schemas `$ref`s reach: one name per schema, however many
//! `$ref`s (and aliases) lead to it.

use std::collections::HashSet;
use std::path::Path;
use std::rc::Rc;

use serde_json::Value;

use super::Bundler;
use crate::error::{Error, Location, Result, Warning, display_path};
use crate::load::{FileKey, Source};
use crate::names;
use crate::pointer;

impl Bundler {
    /// The name of the schema `reference` reaches, bundling it on first use.
    ///
    /// A schema that is nothing but a `$ref` (`Node: {$ref: Node.yaml}`) is
    /// another name for what it points to, not a type of its own: the chain
    /// is followed to the schema at its end, and every link gets one name,
    /// the first a link already has (the entry's own names are given out
    /// first), else one derived from the schema at the end.
    pub(super) fn schema_ref(
        &mut self,
        reference: &str,
        src: &Rc<Source>,
        here: &Location,
    ) -> Result<String> {
        let start = self.resolve(reference, src, here)?;
        // The chain's name is its first link's that has one; once that
        // name is bundled, the rest of the chain adds nothing. Without this,
        // every link of a chain of n aliases walks the rest of it: n² steps.
        let mut first_name: Option<String> = None;
        let mut chain = self.alias_chain(start, |bundler, key| {
            if first_name.is_none() {
                first_name = bundler.schema_names.get(key).cloned();
            }
            first_name
                .as_ref()
                .is_some_and(|name| bundler.schemas.contains_key(name))
        })?;
        let keys: Vec<(FileKey, String)> =
            chain.iter().map(|(s, a)| (s.key(), a.clone())).collect();
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

    /// The schemas from `start` to the first that is more than a `$ref`,
    /// following each bare `$ref` (`A: {$ref: B}`) once, or to the first
    /// link for which `enough` (given each link's key in turn) says the
    /// rest is known; a chain that comes back on itself is an error naming
    /// every link.
    pub(super) fn alias_chain(
        &mut self,
        start: (Rc<Source>, String),
        mut enough: impl FnMut(&Bundler, &(FileKey, String)) -> bool,
    ) -> Result<Vec<(Rc<Source>, String)>> {
        let mut seen: HashSet<(FileKey, String)> = HashSet::new();
        let mut key = (start.0.key(), start.1.clone());
        seen.insert(key.clone());
        let mut chain = vec![start];
        loop {
            if enough(self, &key) {
                return Ok(chain);
            }
            let (source, at) = chain.last().expect("not empty").clone();
            let value = source
                .value
                .pointer(&at)
                .expect("resolve checked the pointer");
            let Some(next) = bare_ref(value) else {
                return Ok(chain);
            };
            let link = Location::new(source.path.clone(), at.clone());
            let next = self.resolve(next, &source, &link)?;
            if !seen.insert((next.0.key(), next.1.clone())) {
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
            key = (next.0.key(), next.1.clone());
            chain.push(next);
        }
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

    pub(super) fn claim_name(&mut self, want: String, at: &Location) -> String {
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
}

/// The target of a schema that is only a `$ref`.
pub(super) fn bare_ref(schema: &Value) -> Option<&str> {
    let object = schema.as_object()?;
    if object.len() != 1 {
        return None;
    }
    object.get("$ref")?.as_str()
}

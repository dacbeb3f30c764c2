//! Which Cargo feature compiles what: one feature per tag of the spec, so
//! that a user of a large API compiles only the operations they call (and
//! the types those reach). An operation is compiled by any feature of its
//! tags (always, when it has none); a type by any feature of the
//! operations that reach it (always, when something compiled always
//! reaches it, or nothing does).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::{Operation, TypeDef, TypeKind, TypeRef};

/// The features of a crate, and what each compiles.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Sorted by name.
    pub list: Vec<Feature>,
    /// The features that compile each type some feature gates (by the
    /// type's name); a type not here is compiled always.
    pub types: HashMap<String, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Its name in `Cargo.toml`.
    pub name: String,
    /// The tags it is made from, as the spec spells them (tags whose names
    /// differ only in case or punctuation share one feature).
    pub tags: Vec<String>,
    /// How many operations it compiles.
    pub operations: usize,
    /// One line on what it holds: its tag's `summary`, or the first line
    /// of its description.
    pub doc: Option<String>,
    /// The features of the tags whose `parent` its tag is (OpenAPI 3.2),
    /// which it turns on.
    pub includes: Vec<String>,
}

/// Where the lowering keeps a tag's 3.2 `summary` and `parent`.
pub(crate) const TAG_SUMMARY: &str = "x-codegen-summary";
pub(crate) const TAG_PARENT: &str = "x-codegen-parent";

/// crates.io accepts at most 300 features in a manifest; a spec with more
/// tags than fit beside the crate's own (`cli`, `mock`, `default`) gets no
/// feature per tag, and compiles whole.
const MOST: usize = 290;

/// Features the crate has whatever the spec: a tag of the same name gets
/// a suffix.
const RESERVED: &[&str] = &["default", "cli", "mock"];

impl Features {
    /// The features that compile `name`: empty when it is compiled always.
    pub fn of_type(&self, name: &str) -> &[String] {
        self.types.get(name).map_or(&[], Vec::as_slice)
    }
}

/// Names each operation's features (`Operation::features`) from its tags,
/// and finds the types each feature reaches.
pub fn assign(
    operations: &mut [Operation],
    types: &[TypeDef],
    always_used: &[&TypeRef],
    declared: &[openapiv3::Tag],
) -> Features {
    let mut names = feature_names(operations);
    if names.is_empty() || names.values().collect::<BTreeSet<_>>().len() > MOST {
        return Features::default();
    }
    let mut list: BTreeMap<String, Feature> = BTreeMap::new();
    for op in operations.iter_mut() {
        let mut features: Vec<String> = Vec::new();
        for tag in &op.tags {
            let Some(name) = names.get(tag) else {
                continue;
            };
            let feature = list
                .entry(name.clone())
                .or_insert_with(|| Feature::new(name));
            if !feature.tags.contains(tag) {
                feature.tags.push(tag.clone());
            }
            if !features.contains(name) {
                feature.operations += 1;
                features.push(name.clone());
            }
        }
        features.sort();
        op.features = features;
    }
    let declared: HashMap<&str, &openapiv3::Tag> =
        declared.iter().map(|t| (t.name.as_str(), t)).collect();
    nest(&mut list, &mut names, &declared);
    for feature in list.values_mut() {
        feature.doc = feature.tags.iter().find_map(|tag| {
            let declared = declared.get(tag.as_str())?;
            let summary = declared
                .extensions
                .get(TAG_SUMMARY)
                .and_then(|s| s.as_str());
            let line = summary
                .or(declared.description.as_deref())?
                .lines()
                .next()?
                .trim();
            // Its first sentence.
            let sentence = line.find(". ").map_or(line, |end| &line[..=end]);
            (!sentence.is_empty()).then(|| sentence.to_string())
        });
    }
    let list: Vec<Feature> = list.into_values().collect();
    Features {
        types: type_features(&list, operations, types, always_used),
        list,
    }
}

impl Feature {
    fn new(name: &str) -> Feature {
        Feature {
            name: name.to_string(),
            tags: Vec::new(),
            operations: 0,
            doc: None,
            includes: Vec::new(),
        }
    }
}

/// Each tag's feature is included in its parent tag's (made for a parent
/// that has no operation of its own), up the chain of parents; a parent
/// that would include itself is left out.
fn nest(
    list: &mut BTreeMap<String, Feature>,
    names: &mut BTreeMap<String, String>,
    declared: &HashMap<&str, &openapiv3::Tag>,
) {
    let parent_of = |tag: &str| {
        let declared = declared.get(tag)?;
        declared
            .extensions
            .get(TAG_PARENT)?
            .as_str()
            .map(str::to_string)
    };
    let mut pending: Vec<String> = names.keys().cloned().collect();
    while let Some(child) = pending.pop() {
        let Some(parent) = parent_of(&child) else {
            continue;
        };
        let child_feature = names[&child].clone();
        if !names.contains_key(&parent) {
            let name = feature_name(&parent, names.len() + 1);
            names.insert(parent.clone(), name);
            pending.push(parent.clone());
        }
        let parent_feature = names[&parent].clone();
        if parent_feature == child_feature || includes(list, &child_feature, &parent_feature) {
            continue;
        }
        let feature = list
            .entry(parent_feature.clone())
            .or_insert_with(|| Feature::new(&parent_feature));
        if !feature.tags.contains(&parent) {
            feature.tags.push(parent.clone());
        }
        if !feature.includes.contains(&child_feature) {
            feature.includes.push(child_feature);
            feature.includes.sort();
        }
    }
}

/// Whether `from` turns `to` on, itself or through what it includes.
fn includes(list: &BTreeMap<String, Feature>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(at) = stack.pop() {
        if at == to {
            return true;
        }
        if seen.insert(at) {
            stack.extend(
                list.get(at)
                    .iter()
                    .flat_map(|f| f.includes.iter().map(String::as_str)),
            );
        }
    }
    false
}

/// A feature name for each tag the operations carry: lower case, words
/// joined by `-` (`Actor builds` → `actor-builds`); a tag with no letter or
/// digit of ASCII gets `tag-<n>`, its place among the tags.
fn feature_names(operations: &[Operation]) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut order = 0;
    for tag in operations.iter().flat_map(|op| &op.tags) {
        if names.contains_key(tag) {
            continue;
        }
        order += 1;
        names.insert(tag.clone(), feature_name(tag, order));
    }
    names
}

/// `tag`'s feature name; `order`, its place among the tags.
fn feature_name(tag: &str, order: usize) -> String {
    let mut name = String::new();
    // `Run's log` → `runs-log`: an apostrophe joins, it does not split.
    let joined: String = tag.chars().filter(|c| !matches!(c, '\'' | '’')).collect();
    for word in joined
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(&word.to_ascii_lowercase());
    }
    if name.is_empty() {
        name = format!("tag-{order}");
    } else if RESERVED.contains(&name.as_str()) {
        name.push_str("-tag");
    }
    name
}

/// What a type is compiled with, as found so far.
#[derive(Clone, PartialEq)]
enum Reach {
    Unreached,
    By(BTreeSet<usize>),
    Always,
}

/// The features of each type that only gated operations reach.
fn type_features(
    list: &[Feature],
    operations: &[Operation],
    types: &[TypeDef],
    always_used: &[&TypeRef],
) -> HashMap<String, Vec<String>> {
    let index: HashMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    // The types `refs` name, by index.
    let roots = |refs: &[&TypeRef]| -> Vec<usize> {
        refs.iter()
            .flat_map(|ty| ty.named_types())
            .filter_map(|name| index.get(name).copied())
            .collect()
    };
    let refers: Vec<Vec<usize>> = types.iter().map(|t| roots(&type_refs(t))).collect();
    // A feature by its place in `list`, which is sorted by name.
    let feature_id = |name: &String| {
        list.binary_search_by(|f| f.name.cmp(name))
            .expect("an operation's feature is listed")
    };
    let mut reach = vec![Reach::Unreached; types.len()];
    // Always first: what it reaches needs no feature, and is not walked
    // again for one.
    let mut always: Vec<usize> = roots(always_used);
    for op in operations.iter().filter(|op| op.features.is_empty()) {
        always.extend(roots(&operation_refs(op)));
    }
    mark(&mut reach, &refers, always, &|_| Reach::Always);
    for op in operations.iter().filter(|op| !op.features.is_empty()) {
        let ids: BTreeSet<usize> = op.features.iter().map(feature_id).collect();
        mark(
            &mut reach,
            &refers,
            roots(&operation_refs(op)),
            &|r| match r {
                Reach::Always => Reach::Always,
                Reach::Unreached => Reach::By(ids.clone()),
                Reach::By(had) => Reach::By(had.union(&ids).copied().collect()),
            },
        );
    }
    // Types no operation reaches stay in the crate, with what they reach.
    let unreached: Vec<usize> = (0..types.len())
        .filter(|&i| reach[i] == Reach::Unreached)
        .collect();
    mark(&mut reach, &refers, unreached, &|_| Reach::Always);
    types
        .iter()
        .zip(reach)
        .filter_map(|(t, r)| match r {
            // In order of id, so by name.
            Reach::By(ids) => Some((
                t.name.clone(),
                ids.iter().map(|&i| list[i].name.clone()).collect(),
            )),
            _ => None,
        })
        .collect()
}

/// Walks from `from` through the types they refer to, updating each
/// type's reach with `step`; a type whose reach `step` does not change is
/// not walked through again.
fn mark(
    reach: &mut [Reach],
    refers: &[Vec<usize>],
    from: Vec<usize>,
    step: &dyn Fn(&Reach) -> Reach,
) {
    let mut stack = from;
    while let Some(i) = stack.pop() {
        let next = step(&reach[i]);
        if next == reach[i] {
            continue;
        }
        reach[i] = next;
        stack.extend(refers[i].iter().copied());
    }
}

fn payload(p: &super::Payload) -> Option<&TypeRef> {
    match p {
        super::Payload::Json(ty) | super::Payload::JsonOrBytes(ty) => Some(ty),
        super::Payload::Bytes => None,
    }
}

/// The types a type's definition names.
fn type_refs(def: &TypeDef) -> Vec<&TypeRef> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => vec![ty],
        TypeKind::Enum(_) => Vec::new(),
    }
}

/// Every type an operation's code names: its parameters, body, responses
/// and what its conventions read.
fn operation_refs(op: &Operation) -> Vec<&TypeRef> {
    use super::{BodyKind, Success};
    let mut refs: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
    if let Some(BodyKind::Json(ty) | BodyKind::Form(ty)) = op.body.as_ref().map(|b| &b.kind) {
        refs.push(ty);
    }
    for response in &op.responses {
        refs.extend(response.content.iter().filter_map(|c| payload(&c.payload)));
        refs.extend(response.headers.iter().map(|h| &h.ty));
    }
    match &op.success {
        Success::Json(ty) | Success::JsonOrBytes(ty) => refs.push(ty),
        Success::Several(cases) => {
            refs.extend(
                cases
                    .iter()
                    .filter_map(|c| c.payload.as_ref().and_then(payload)),
            );
        }
        _ => {}
    }
    refs.extend(op.stream.iter().map(|s| &s.item));
    refs.extend(op.headers.iter().map(|h| &h.ty));
    if let Some(envelope) = &op.conventions.envelope {
        refs.push(&envelope.ty);
    }
    if let Some(paging) = &op.conventions.paging {
        refs.extend([&paging.count, &paging.total_ty, &paging.item]);
    }
    refs
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn api(spec: serde_json::Value) -> super::super::Api {
        super::super::api_of(&spec)
    }

    fn get(tags: &[&str], schema: &str) -> serde_json::Value {
        json!({"get": {"tags": tags, "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}}}}})
    }

    #[test]
    fn a_type_is_compiled_by_the_features_of_what_reaches_it() {
        let object = |refs: &[&str]| {
            let properties: serde_json::Map<String, serde_json::Value> = refs
                .iter()
                .map(|r| {
                    (
                        r.to_lowercase(),
                        json!({"$ref": format!("#/components/schemas/{r}")}),
                    )
                })
                .collect();
            json!({"type": "object", "properties": properties})
        };
        let api = api(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/pets": get(&["Pets"], "Pet"),
                "/orders": get(&["Store", "Pet store"], "Order"),
                "/both": get(&["Pets", "Store"], "Shared"),
                "/plain": get(&[], "Plain"),
            },
            "components": {"schemas": {
                "Pet": object(&["Owner", "Shared"]),
                "Owner": object(&[]),
                "Order": object(&["Shared"]),
                "Shared": object(&[]),
                "Plain": object(&["Owner"]),
                "Lonely": object(&["Friend"]),
                "Friend": object(&[]),
            }},
        }));
        let features = |name: &str| api.features.of_type(name).join(" ");
        assert_eq!(features("Pet"), "pets");
        assert_eq!(features("Order"), "pet-store store");
        assert_eq!(features("Shared"), "pet-store pets store");
        // Reached by an operation with no tag too, or by nothing.
        for always in ["Owner", "Plain", "Lonely", "Friend"] {
            assert_eq!(features(always), "", "{always}");
        }
        let list: Vec<(&str, &[String], usize)> = api
            .features
            .list
            .iter()
            .map(|f| (f.name.as_str(), f.tags.as_slice(), f.operations))
            .collect();
        assert_eq!(
            list,
            [
                ("pet-store", &["Pet store".to_string()][..], 1),
                ("pets", &["Pets".to_string()][..], 2),
                ("store", &["Store".to_string()][..], 2),
            ]
        );
        let ops: Vec<String> = api
            .operations
            .iter()
            .map(|op| op.features.join(" "))
            .collect();
        assert_eq!(ops, ["pets", "pet-store store", "pets store", ""]);
    }

    #[test]
    fn tags_become_cargo_feature_names() {
        let tags = [
            "Actor builds",
            "mock",
            "Issues",
            "issues",
            "☃",
            "3D/models",
            "Run's log",
        ];
        let paths: serde_json::Map<String, serde_json::Value> = tags
            .iter()
            .enumerate()
            .map(|(i, tag)| (format!("/p{i}"), get(&[tag], "Thing")))
            .collect();
        let api = api(json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": {"schemas": {"Thing": {"type": "object"}}},
        }));
        let names: Vec<(&str, String)> = api
            .features
            .list
            .iter()
            .map(|f| (f.name.as_str(), f.tags.join("|")))
            .collect();
        assert_eq!(
            names,
            [
                ("3d-models", "3D/models".to_string()),
                ("actor-builds", "Actor builds".to_string()),
                ("issues", "Issues|issues".to_string()),
                ("mock-tag", "mock".to_string()),
                ("runs-log", "Run's log".to_string()),
                ("tag-5", "☃".to_string()),
            ]
        );
    }

    /// OpenAPI 3.2's nested tags: a parent's feature turns on its
    /// children's (made for a parent with no operation), up the chain; a
    /// loop of parents is cut where it would close; the summary, else the
    /// description's first line, describes a feature.
    #[test]
    fn a_parent_tags_feature_turns_on_its_childrens() {
        let api = api(json!({
            "openapi": "3.2.0",
            "info": {"title": "t", "version": "1"},
            "tags": [
                {"name": "Actors", "summary": "Everything about actors"},
                {"name": "Actor builds", "parent": "Actors", "description": "Builds. Of actors.\nMore."},
                {"name": "Actor runs", "parent": "Actors"},
                {"name": "Run logs", "parent": "Actor runs"},
                {"name": "Ping", "parent": "Pong"},
                {"name": "Pong", "parent": "Ping"},
            ],
            "paths": {
                "/builds": get(&["Actor builds"], "Thing"),
                "/logs": get(&["Run logs"], "Thing"),
                "/runs": get(&["Actor runs"], "Thing"),
                "/ping": get(&["Ping"], "Thing"),
            },
            "components": {"schemas": {"Thing": {"type": "object"}}},
        }));
        let list: Vec<(&str, usize, String, Option<&str>)> = api
            .features
            .list
            .iter()
            .map(|f| {
                (
                    f.name.as_str(),
                    f.operations,
                    f.includes.join(" "),
                    f.doc.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            list,
            [
                ("actor-builds", 1, String::new(), Some("Builds.")),
                ("actor-runs", 1, "run-logs".into(), None),
                (
                    "actors",
                    0,
                    "actor-builds actor-runs".into(),
                    Some("Everything about actors")
                ),
                ("ping", 1, String::new(), None),
                ("pong", 0, "ping".into(), None),
                ("run-logs", 1, String::new(), None),
            ]
        );
    }
}

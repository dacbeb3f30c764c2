//! The walk over two models that both comparisons share.

use std::collections::HashSet;

use super::{Aspect, Change, Crates, Effect};
use crate::emit::rust_type_text as label;
use crate::error::Location;
use crate::model::{
    Api, BodyKind, Operation, Struct, Success, TypeDef, TypeKind, TypeRef, find_type,
};

pub(super) struct Comparer<'a> {
    pub(super) old: &'a Api,
    pub(super) new: &'a Api,
    /// Follow types through their structure (two specs that may name them
    /// differently), rather than match them by name (two versions of one).
    structural: bool,
    /// Pairs of named types already compared, so loops end.
    seen: HashSet<(String, String)>,
    out: Vec<Change>,
}

impl<'a> Comparer<'a> {
    pub fn new(old: &'a Api, new: &'a Api, structural: bool) -> Self {
        Self {
            old,
            new,
            structural,
            seen: HashSet::new(),
            out: Vec::new(),
        }
    }

    pub fn finish(mut self) -> Vec<Change> {
        self.out.sort_by(|a, b| {
            (b.effect, &a.subject, a.aspect).cmp(&(a.effect, &b.subject, b.aspect))
        });
        self.out.dedup();
        self.out
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn change(
        &mut self,
        effect: Effect,
        crates: Crates,
        subject: String,
        aspect: Aspect,
        detail: String,
        old: Option<&Location>,
        new: Option<&Location>,
    ) {
        self.out.push(Change {
            effect,
            subject,
            aspect,
            detail,
            crates,
            old: old.cloned(),
            new: new.cloned(),
        });
    }

    /// Every named type, matched by name.
    pub fn all_types(&mut self) {
        for old in &self.old.types {
            match find_type(&self.new.types, &old.name) {
                Some(new) => self.defs(old, new),
                None => self.change(
                    Effect::Breaking,
                    Crates::TYPES,
                    format!("type `{}`", old.name),
                    Aspect::Removed,
                    "removed".into(),
                    Some(&old.at),
                    None,
                ),
            }
        }
        for new in &self.new.types {
            if find_type(&self.old.types, &new.name).is_none() {
                self.change(
                    Effect::Additive,
                    Crates::TYPES,
                    format!("type `{}`", new.name),
                    Aspect::Added,
                    "added".into(),
                    None,
                    Some(&new.at),
                );
            }
        }
    }

    /// Every operation, matched by operationId.
    pub fn all_operations(&mut self) {
        for old in &self.old.operations {
            match self.new.operations.iter().find(|op| op.id == old.id) {
                Some(new) => self.operation(old, new),
                None => self.change(
                    Effect::Breaking,
                    Crates::OPERATIONS,
                    format!("operation `{}`", old.id),
                    Aspect::Removed,
                    format!("removed (`{} {}`)", old.method.http(), old.path.raw),
                    Some(&old.at),
                    None,
                ),
            }
        }
        for new in &self.new.operations {
            if !self.old.operations.iter().any(|op| op.id == new.id) {
                self.change(
                    Effect::Additive,
                    Crates::OPERATIONS,
                    format!("operation `{}`", new.id),
                    Aspect::Added,
                    format!("added (`{} {}`)", new.method.http(), new.path.raw),
                    None,
                    Some(&new.at),
                );
            }
        }
    }

    /// The old side's operations, each matched by method and path.
    pub fn covered_operations(&mut self) {
        let route = |op: &Operation| (op.method, op.path.render(|_| String::new()));
        for old in &self.old.operations {
            match self
                .new
                .operations
                .iter()
                .find(|op| route(op) == route(old))
            {
                Some(new) => self.operation(old, new),
                None => self.change(
                    Effect::Breaking,
                    Crates::OPERATIONS,
                    format!("operation `{}`", old.id),
                    Aspect::Removed,
                    format!(
                        "no `{} {}` on the other side",
                        old.method.http(),
                        old.path.raw
                    ),
                    Some(&old.at),
                    None,
                ),
            }
        }
    }

    fn defs(&mut self, old: &TypeDef, new: &TypeDef) {
        let subject = |what: &str| format!("{what} `{}`", old.name);
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => self.fields(old, a, new, b),
            (TypeKind::Enum(a), TypeKind::Enum(b)) => {
                let values = |v: &[crate::model::Variant]| -> Vec<String> {
                    v.iter().map(|v| v.value.clone()).collect()
                };
                let (a, b) = (values(a), values(b));
                let removed: Vec<&String> = a.iter().filter(|v| !b.contains(v)).collect();
                let added: Vec<&String> = b.iter().filter(|v| !a.contains(v)).collect();
                if !removed.is_empty() {
                    self.change(
                        Effect::Breaking,
                        Crates::TYPES,
                        subject("enum"),
                        Aspect::ValuesRemoved,
                        format!("values removed: {}", listed(&removed)),
                        Some(&old.at),
                        Some(&new.at),
                    );
                }
                if !added.is_empty() {
                    // Enums are `#[non_exhaustive]`: a new value is no break.
                    self.change(
                        Effect::Additive,
                        Crates::TYPES,
                        subject("enum"),
                        Aspect::ValuesAdded,
                        format!("values added: {}", listed(&added)),
                        Some(&old.at),
                        Some(&new.at),
                    );
                }
            }
            // A union read as one member and one read as each member that
            // fits are different types; the last arm says so.
            (TypeKind::Union(a), TypeKind::Union(b)) if a.all_that_fit == b.all_that_fit => {
                for variant in &a.variants {
                    let other = b.variants.iter().find(|v| {
                        v.name == variant.name
                            || (v.tag_value.is_some() && v.tag_value == variant.tag_value)
                    });
                    match other {
                        Some(other) => self.type_refs(
                            &variant.ty,
                            &other.ty,
                            format!("variant `{}::{}`", old.name, variant.name),
                            Crates::TYPES,
                            &old.at,
                            &new.at,
                        ),
                        None => self.change(
                            Effect::Breaking,
                            Crates::TYPES,
                            format!("variant `{}::{}`", old.name, variant.name),
                            Aspect::Removed,
                            "removed".into(),
                            Some(&old.at),
                            Some(&new.at),
                        ),
                    }
                }
                for variant in &b.variants {
                    if !a.variants.iter().any(|v| {
                        v.name == variant.name
                            || (v.tag_value.is_some() && v.tag_value == variant.tag_value)
                    }) {
                        self.change(
                            Effect::Additive,
                            Crates::TYPES,
                            format!("variant `{}::{}`", new.name, variant.name),
                            Aspect::Added,
                            "added".into(),
                            Some(&old.at),
                            Some(&new.at),
                        );
                    }
                }
            }
            (
                TypeKind::Alias(a) | TypeKind::Newtype { ty: a, .. },
                TypeKind::Alias(b) | TypeKind::Newtype { ty: b, .. },
            ) => self.type_refs(a, b, subject("type"), Crates::TYPES, &old.at, &new.at),
            (a, b) => self.change(
                Effect::Breaking,
                Crates::TYPES,
                subject("type"),
                Aspect::Type,
                format!("{} → {}", kind_label(a), kind_label(b)),
                Some(&old.at),
                Some(&new.at),
            ),
        }
    }

    fn fields(&mut self, old: &TypeDef, a: &Struct, new: &TypeDef, b: &Struct) {
        // Structs are `#[non_exhaustive]`: an optional field added is no
        // break; a required one is an argument more for `new`.
        let members = |def: &TypeDef, s: &Struct| -> Vec<Member> {
            s.fields
                .iter()
                .map(|f| Member {
                    key: f.json.clone(),
                    subject: format!("field `{}.{}`", def.name, f.json),
                    required: !f.optional,
                    ty: f.ty.clone(),
                    at: def.at.child("properties").child(&f.json),
                })
                .collect()
        };
        let (a, b) = (members(old, a), members(new, b));
        self.members(Crates::TYPES, &a, &b, &old.at, &new.at);
    }

    /// Members of two versions of a struct or an operation (fields,
    /// parameters), matched by key: one removed, made required or
    /// optional, or retyped breaks; one added breaks when it is required.
    fn members(
        &mut self,
        crates: Crates,
        old: &[Member],
        new: &[Member],
        old_at: &Location,
        new_at: &Location,
    ) {
        let word = |required: bool| if required { "required" } else { "optional" };
        for member in old {
            let Some(other) = new.iter().find(|m| m.key == member.key) else {
                self.change(
                    Effect::Breaking,
                    crates,
                    member.subject.clone(),
                    Aspect::Removed,
                    "removed".into(),
                    Some(&member.at),
                    Some(new_at),
                );
                continue;
            };
            if member.required != other.required {
                self.change(
                    Effect::Breaking,
                    crates,
                    member.subject.clone(),
                    Aspect::Required,
                    format!("{} → {}", word(member.required), word(other.required)),
                    Some(&member.at),
                    Some(&other.at),
                );
            }
            self.type_refs(
                &member.ty,
                &other.ty,
                member.subject.clone(),
                crates,
                &member.at,
                &other.at,
            );
        }
        for member in new {
            if !old.iter().any(|m| m.key == member.key) {
                self.change(
                    if member.required {
                        Effect::Breaking
                    } else {
                        Effect::Additive
                    },
                    crates,
                    member.subject.clone(),
                    Aspect::Added,
                    format!("added ({}, `{}`)", word(member.required), label(&member.ty)),
                    Some(old_at),
                    Some(&member.at),
                );
            }
        }
    }

    /// Two uses of types: equal by name, or (structurally) alike all the
    /// way down.
    pub(super) fn type_refs(
        &mut self,
        old: &TypeRef,
        new: &TypeRef,
        subject: String,
        crates: Crates,
        old_at: &Location,
        new_at: &Location,
    ) {
        if !self.structural {
            if old != new {
                self.change(
                    Effect::Breaking,
                    crates,
                    subject,
                    Aspect::Type,
                    format!("`{}` → `{}`", label(old), label(new)),
                    Some(old_at),
                    Some(new_at),
                );
            }
            return;
        }
        let (old, new) = (resolve(old, self.old), resolve(new, self.new));
        match (old, new) {
            (TypeRef::Named(a), TypeRef::Named(b)) => {
                let (Some(a), Some(b)) =
                    (find_type(&self.old.types, a), find_type(&self.new.types, b))
                else {
                    return;
                };
                if self.seen.insert((a.name.clone(), b.name.clone())) {
                    self.defs(a, b);
                }
            }
            (TypeRef::List(a), TypeRef::List(b))
            | (TypeRef::Map(a), TypeRef::Map(b))
            | (TypeRef::Option(a), TypeRef::Option(b)) => {
                self.type_refs(a, b, format!("{subject} (items)"), crates, old_at, new_at)
            }
            (a, b) if a == b => {}
            (a, b) => self.change(
                Effect::Breaking,
                crates,
                subject,
                Aspect::Type,
                format!("`{}` → `{}`", label(a), label(b)),
                Some(old_at),
                Some(new_at),
            ),
        }
    }

    fn operation(&mut self, old: &Operation, new: &Operation) {
        let subject = format!("operation `{}`", old.id);
        if old.method != new.method || old.path.raw != new.path.raw {
            self.change(
                Effect::Neutral,
                Crates::OPERATIONS,
                subject.clone(),
                Aspect::Route,
                format!(
                    "`{} {}` → `{} {}`",
                    old.method.http(),
                    old.path.raw,
                    new.method.http(),
                    new.path.raw
                ),
                Some(&old.at),
                Some(&new.at),
            );
        }
        // Optional parameters are setters of a `#[non_exhaustive]` options
        // struct; a required one is an argument more.
        let members = |op: &Operation| -> Vec<Member> {
            op.params
                .iter()
                .map(|p| Member {
                    key: format!("{} {}", p.location.key(), p.wire),
                    subject: format!("{subject}, {} parameter `{}`", p.location.key(), p.wire),
                    required: p.required,
                    ty: p.ty.clone(),
                    at: p.at.clone(),
                })
                .collect()
        };
        let (a, b) = (members(old), members(new));
        self.members(Crates::OPERATIONS, &a, &b, &old.at, &new.at);
        let body_at = |op: &Operation| op.at.child("requestBody");
        match (&old.body, &new.body) {
            (None, None) => {}
            (Some(a), Some(b)) => match (&a.kind, &b.kind) {
                (BodyKind::Json(x), BodyKind::Json(y)) | (BodyKind::Form(x), BodyKind::Form(y)) => {
                    self.type_refs(
                        x,
                        y,
                        format!("{subject}, request body"),
                        Crates::OPERATIONS,
                        &body_at(old),
                        &body_at(new),
                    )
                }
                (x, y) if std::mem::discriminant(x) == std::mem::discriminant(y) => {}
                (x, y) => self.change(
                    Effect::Breaking,
                    Crates::OPERATIONS,
                    format!("{subject}, request body"),
                    Aspect::Type,
                    format!("{} → {}", body_label(x), body_label(y)),
                    Some(&body_at(old)),
                    Some(&body_at(new)),
                ),
            },
            (a, _) => self.change(
                Effect::Breaking,
                Crates::OPERATIONS,
                format!("{subject}, request body"),
                if a.is_none() {
                    Aspect::Added
                } else {
                    Aspect::Removed
                },
                if a.is_none() {
                    "added".into()
                } else {
                    "removed".into()
                },
                Some(&body_at(old)),
                Some(&body_at(new)),
            ),
        }
        if self.structural {
            // Two descriptions of the API: everything either may answer,
            // and how each lets a caller authenticate.
            self.responses(old, new, &subject);
            self.security(old, new, &subject);
        } else {
            self.success(old, new, &subject);
            self.surface(old, new, &subject);
        }
    }

    /// What the client's method answers with.
    fn success(&mut self, old: &Operation, new: &Operation, subject: &str) {
        let answer_at = |op: &Operation| op.at.child("responses");
        match (&old.success, &new.success) {
            (Success::Json(a), Success::Json(b)) => self.type_refs(
                a,
                b,
                format!("{subject}, answer"),
                Crates::OPERATIONS,
                &answer_at(old),
                &answer_at(new),
            ),
            (a, b) if a == b => {}
            (a, b) => self.change(
                Effect::Breaking,
                Crates::OPERATIONS,
                format!("{subject}, answer"),
                Aspect::Type,
                format!("{} → {}", success_label(a), success_label(b)),
                Some(&answer_at(old)),
                Some(&answer_at(new)),
            ),
        }
    }

    /// How the client offers the operation: its method's name and place,
    /// answering `None`, its list's stream.
    fn surface(&mut self, old: &Operation, new: &Operation, subject: &str) {
        let place = |api: &Api, op: &Operation| {
            let method = &op.surface.method;
            match op.surface.resource {
                Some(i) => format!("{}(…).{method}", api.resources[i].accessor),
                None => method.clone(),
            }
        };
        let (a, b) = (place(self.old, old), place(self.new, new));
        if a != b {
            self.change(
                Effect::Breaking,
                Crates::OPERATIONS,
                subject.to_string(),
                Aspect::Surface,
                format!("the client's method `{a}` → `{b}`"),
                Some(&old.at),
                Some(&new.at),
            );
        }
        if old.conventions.none_on_not_found != new.conventions.none_on_not_found {
            self.change(
                Effect::Breaking,
                Crates::OPERATIONS,
                subject.to_string(),
                Aspect::Surface,
                if new.conventions.none_on_not_found {
                    "now answers `None` when nothing is found".into()
                } else {
                    "no longer answers `None` when nothing is found".into()
                },
                Some(&old.at),
                Some(&new.at),
            );
        }
        match (&old.surface.iterate, &new.surface.iterate) {
            (Some(_), None) => self.change(
                Effect::Breaking,
                Crates::OPERATIONS,
                subject.to_string(),
                Aspect::Surface,
                "its list can no longer be iterated".into(),
                Some(&old.at),
                Some(&new.at),
            ),
            (None, Some(iterate)) => self.change(
                Effect::Additive,
                Crates::OPERATIONS,
                subject.to_string(),
                Aspect::Surface,
                format!("its list can be iterated (`{iterate}`)"),
                Some(&old.at),
                Some(&new.at),
            ),
            _ => {}
        }
    }
}

/// `ty` seen through aliases.
fn resolve<'t>(ty: &'t TypeRef, api: &'t Api) -> &'t TypeRef {
    let mut ty = ty;
    for _ in 0..api.types.len() + 1 {
        let TypeRef::Named(name) = ty else { return ty };
        match find_type(&api.types, name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) => ty = target,
            _ => return ty,
        }
    }
    ty
}

/// A field or parameter, for [`Comparer::members`].
struct Member {
    /// What matches it with its other version.
    key: String,
    /// How the report names it.
    subject: String,
    required: bool,
    ty: TypeRef,
    at: Location,
}

/// Values as a reader takes them in: the first twenty, then how many more.
fn listed(values: &[&String]) -> String {
    const SHOWN: usize = 20;
    let mut out = values
        .iter()
        .take(SHOWN)
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if values.len() > SHOWN {
        out.push_str(&format!(" and {} more", values.len() - SHOWN));
    }
    out
}

fn kind_label(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(u) if u.all_that_fit => "a struct of the `anyOf` members a value fits",
        TypeKind::Union(_) => "a union",
        TypeKind::Alias(_) => "an alias",
        TypeKind::Newtype { .. } => "a newtype",
    }
}

fn body_label(kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json(ty) => format!("JSON `{}`", label(ty)),
        BodyKind::Form(ty) => format!("a form `{}`", label(ty)),
        BodyKind::Text => "text".into(),
        BodyKind::Bytes { .. } => "bytes".into(),
    }
}

fn success_label(success: &Success) -> String {
    match success {
        Success::Empty => "nothing".into(),
        Success::Json(ty) => format!("`{}`", label(ty)),
        Success::Bytes => "a raw body".into(),
        Success::Upgrade => "an upgraded connection".into(),
        Success::Several(cases) => format!("one of {} cases", cases.len()),
        Success::Stream => "a stream of items".into(),
        Success::JsonOrBytes(ty) => format!("`{}` or bytes", label(ty)),
    }
}

//! Which resource each operation belongs to, and its method's name.

use proc_macro2::{Ident, TokenStream};

use super::{CLIENT_METHODS, Cx};
use crate::model::{Operation, Param, ParamKind};
use crate::names::{self, Unique};

pub(super) struct Group<'a> {
    pub key: String,
    pub operations: Vec<&'a Operation>,
}

impl<'a> Group<'a> {
    /// The path parameters every operation of the group starts with.
    pub fn shared_path_params(&self) -> Vec<&'a Param> {
        let lists: Vec<Vec<&Param>> = self
            .operations
            .iter()
            .map(|op| {
                op.params
                    .iter()
                    .filter(|p| p.kind == ParamKind::Path)
                    .collect()
            })
            .collect();
        let Some(first) = lists.first() else {
            return Vec::new();
        };
        first
            .iter()
            .enumerate()
            .take_while(|(i, p)| {
                lists
                    .iter()
                    .all(|l| l.get(*i).is_some_and(|q| q.api == p.api && q.ty == p.ty))
            })
            .map(|(_, p)| *p)
            .collect()
    }
}

/// Operations grouped by the part of their operationId before the first
/// `_`; a raw-body variant joins its operation's group.
pub(super) fn groups<'a>(
    operations: &'a [Operation],
    raw_variants: &'a [Operation],
) -> Vec<Group<'a>> {
    let mut groups: Vec<Group> = Vec::new();
    for op in operations.iter().chain(raw_variants) {
        let key = match op.id.split_once('_') {
            Some((key, _)) => key.to_string(),
            None => String::new(),
        };
        match groups.iter_mut().find(|g| g.key == key) {
            Some(group) => group.operations.push(op),
            None => groups.push(Group {
                key,
                operations: vec![op],
            }),
        }
    }
    groups
}

/// A handle's methods, and the items (options structs) they use.
pub(super) struct Methods {
    pub methods: TokenStream,
    pub items: Vec<TokenStream>,
}

pub(super) fn methods(
    cx: &Cx,
    group: &Group,
    shared: &[&Param],
    handle: &Ident,
    handle_base: &str,
) -> Methods {
    // Short names where they are unambiguous within the group.
    let originals: Vec<&Operation> = group
        .operations
        .iter()
        .copied()
        .filter(|op| !op.raw_variant)
        .collect();
    let planned: Vec<(String, String)> = originals
        .iter()
        .map(|op| {
            let action = op
                .id
                .split_once('_')
                .map_or(op.id.as_str(), |(_, rest)| rest);
            let verb = op.http.to_ascii_lowercase();
            let stem = action
                .strip_suffix(&format!("_{verb}"))
                .or(if action == verb { Some("") } else { None });
            let short = match stem {
                Some("") => match verb.as_str() {
                    "get" if cx.is_list(op) => "list".to_string(),
                    "get" => "get".into(),
                    "post" => "create".into(),
                    "put" | "patch" => "update".into(),
                    other => other.into(),
                },
                Some(stem) => names::snake(stem),
                None => names::snake(action),
            };
            (short, names::snake(action))
        })
        .collect();
    let mut unique = Unique::default();
    if handle == "Client" {
        CLIENT_METHODS.iter().for_each(|m| unique.reserve(m));
    }
    let mut methods = TokenStream::new();
    let mut items = Vec::new();
    for (op, (short, full)) in originals.iter().zip(&planned) {
        let clashes = planned.iter().filter(|(s, _)| s == short).count() > 1;
        let name = unique.claim(if clashes { full } else { short });
        let (method, extra) =
            super::method::method(cx, op, &name, shared, handle, handle_base, &mut unique);
        methods.extend(method);
        items.extend(extra);
        let variants = group
            .operations
            .iter()
            .filter(|v| v.raw_variant && v.id == op.id && v.http == op.http);
        for variant in variants {
            let raw_name = unique.claim(&format!("{name}_raw"));
            let (method, extra) = super::method::method(
                cx,
                variant,
                &raw_name,
                shared,
                handle,
                handle_base,
                &mut unique,
            );
            methods.extend(method);
            items.extend(extra);
        }
    }
    Methods { methods, items }
}

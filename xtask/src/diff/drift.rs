//! What only a comparison of two descriptions of one API looks at: every
//! response an operation may answer with (errors too), and the ways it
//! lets a caller authenticate. Two versions of one spec are compared by
//! what the crates' users see instead (`Comparer::success`, `surface`).

use super::compare::Comparer;
use super::{Aspect, Crates, Effect};
use crate::model::{Api, KeyPlace, Operation, Payload, Response, SchemeKind, Status};

impl Comparer<'_> {
    /// Each response, matched by status; their JSON bodies followed.
    pub(super) fn responses(&mut self, old: &Operation, new: &Operation, subject: &str) {
        let at = |op: &Operation, status: Status| op.at.child("responses").child(&key(status));
        for response in &old.responses {
            let what = format!("{subject}, response `{}`", key(response.status));
            let here = at(old, response.status);
            match new.responses.iter().find(|r| r.status == response.status) {
                None => self.change(
                    Effect::Breaking,
                    Crates::OPERATIONS,
                    what,
                    Aspect::Removed,
                    "removed".into(),
                    Some(&here),
                    Some(&new.at.child("responses")),
                ),
                Some(other) => {
                    let there = at(new, other.status);
                    match (json(response), json(other)) {
                        (Some(a), Some(b)) => {
                            self.type_refs(a, b, what, Crates::OPERATIONS, &here, &there)
                        }
                        (None, None) => {}
                        (a, _) => self.change(
                            Effect::Breaking,
                            Crates::OPERATIONS,
                            what,
                            Aspect::Type,
                            if a.is_some() {
                                "a JSON body → none".into()
                            } else {
                                "no JSON body → one".into()
                            },
                            Some(&here),
                            Some(&there),
                        ),
                    }
                }
            }
        }
        for response in &new.responses {
            if !old.responses.iter().any(|r| r.status == response.status) {
                self.change(
                    Effect::Additive,
                    Crates::OPERATIONS,
                    format!("{subject}, response `{}`", key(response.status)),
                    Aspect::Added,
                    "added".into(),
                    Some(&old.at.child("responses")),
                    Some(&at(new, response.status)),
                );
            }
        }
    }

    /// The credentials each side accepts, by what is sent (their scheme
    /// names are the spec's own and need not agree).
    pub(super) fn security(&mut self, old: &Operation, new: &Operation, subject: &str) {
        let (a, b) = (credentials(self.old, old), credentials(self.new, new));
        for (credential, effect, aspect, exists) in a
            .iter()
            .filter(|c| !b.contains(c))
            .map(|c| (c, Effect::Breaking, Aspect::Removed, "removed"))
            .chain(
                b.iter()
                    .filter(|c| !a.contains(c))
                    .map(|c| (c, Effect::Additive, Aspect::Added, "added")),
            )
        {
            self.change(
                effect,
                Crates::OPERATIONS,
                format!("{subject}, credential: {credential}"),
                aspect,
                exists.into(),
                // Security may be the operation's or the spec's default.
                Some(&old.at),
                Some(&new.at),
            );
        }
    }
}

/// `404`, `4XX`, `default`: as the spec writes it.
fn key(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(first) => format!("{first}XX"),
        Status::Default => "default".into(),
    }
}

fn json(response: &Response) -> Option<&crate::model::TypeRef> {
    response.content.iter().find_map(|c| match &c.payload {
        Payload::Json(ty) | Payload::JsonOrBytes(ty) => Some(ty),
        Payload::Bytes => None,
    })
}

/// What an operation accepts, each scheme as what goes on the wire:
/// "bearer token", "basic auth", "API key `token` in query".
fn credentials(api: &Api, op: &Operation) -> Vec<String> {
    let mut out: Vec<String> = op
        .security
        .iter()
        .flatten()
        .map(|&i| match &api.security[i].kind {
            SchemeKind::Bearer => "bearer token".to_string(),
            SchemeKind::Basic => "basic auth".to_string(),
            SchemeKind::ApiKey { place, name } => {
                let place = match place {
                    KeyPlace::Header => "header",
                    KeyPlace::Query => "query",
                    KeyPlace::Cookie => "cookie",
                };
                format!("API key `{name}` in {place}")
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

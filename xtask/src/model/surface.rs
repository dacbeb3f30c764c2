//! Names on the client's surface: which methods the client and its
//! resource handles have, and the types that go with them. Every name is
//! claimed once, against everything it could clash with; a name changed to
//! avoid a clash is named in a warning.

use super::Resource;
use super::conventions::{Conventions, Grouping};
use super::operation::{Method, Operation, Param, ParamLocation, Success};
use crate::error::Warning;
use crate::names::{self, Unique};

/// Methods of the runtime's `Client` (and of the traits it implements); a
/// generated method or accessor on the client must differ from each.
/// (`layout`'s tests check this against the runtime's source.) `new` too:
/// clippy expects a `new` to return `Self` (`new_ret_no_self`).
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "builder",
    "from_env",
    "base_url",
    "with_options",
    "call",
    "low",
    "clone",
    "fmt",
];

/// Type names at the root of the client crate that are not generated from
/// operations.
pub const ROOT_TYPES: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Error",
    "ApiError",
    "ApiErrorType",
    "RawBody",
    "CallOptions",
    "Env",
];

/// Methods of the mock (`runtime::mock::MockApi`); a stub method must
/// differ. (`layout`'s tests check this against the runtime's source.)
pub const MOCK_METHODS: &[&str] = &[
    "new", "start", "uri", "client", "builder", "received", "verify", "server",
];

/// Types of the `mock` module that are not generated per operation.
const MOCK_TYPES: &[&str] = &["MockApi", "Stub"];

/// Methods every handle has (it derives `Clone` and `Debug`), and `new`
/// (see [`CLIENT_METHODS`]).
const HANDLE_METHODS: &[&str] = &["new", "clone", "fmt"];

/// Gives every operation its surface names; returns the resource handles.
pub fn name(
    conventions: &Conventions,
    operations: &mut [Operation],
    warnings: &mut Vec<Warning>,
) -> Vec<Resource> {
    let mut namer = Namer {
        root: Unique::default(),
        types: Unique::default(),
        warnings,
    };
    CLIENT_METHODS.iter().for_each(|m| namer.root.reserve(m));
    ROOT_TYPES.iter().for_each(|t| namer.types.reserve(t));
    // The mock's stubs are named in a namespace of their own.
    let mut mock_methods = Unique::default();
    let mut stubs = Unique::default();
    MOCK_METHODS.iter().for_each(|m| mock_methods.reserve(m));
    MOCK_TYPES.iter().for_each(|t| stubs.reserve(t));
    for op in operations.iter_mut() {
        op.surface.mock = claim(
            &mut mock_methods,
            &op.name,
            "mock method",
            op,
            namer.warnings,
        );
        let stub = format!("{}Stub", names::pascal(&op.surface.mock, "M"));
        op.surface.stub = claim(&mut stubs, &stub, "stub type", op, namer.warnings);
    }
    match conventions.grouping {
        Grouping::Flat => {
            for op in operations.iter_mut() {
                let method = namer.claim_method(None, &op.name, op);
                namer.extras(None, &method, &names::pascal(&method, "M"), op);
            }
            Vec::new()
        }
        Grouping::OperationIdPrefix => namer.grouped(operations),
    }
}

struct Namer<'w> {
    /// Methods of the client.
    root: Unique,
    /// Types at the crate root.
    types: Unique,
    warnings: &'w mut Vec<Warning>,
}

impl Namer<'_> {
    /// Claims `want` among the methods of the client (`handle: None`) or of
    /// a handle, warning when it had to change.
    fn claim_method(&mut self, handle: Option<&mut Unique>, want: &str, op: &Operation) -> String {
        let unique = handle.unwrap_or(&mut self.root);
        claim(unique, want, "method", op, self.warnings)
    }

    fn claim_type(&mut self, want: &str, op: &Operation) -> String {
        claim(&mut self.types, want, "type", op, self.warnings)
    }

    /// The raw-body twin, the stream of a paged list, the options struct and
    /// the enum of success cases of `op`, whose method is `method`.
    fn extras(
        &mut self,
        mut handle: Option<&mut Unique>,
        method: &str,
        type_base: &str,
        op: &mut Operation,
    ) {
        let raw_method = (op
            .body
            .as_ref()
            .is_some_and(|b| !b.raw_alternatives.is_empty()))
        .then(|| self.claim_method(handle.as_deref_mut(), &format!("{method}_raw"), op));
        let stream_method = (op.stream.is_some() && op.success != Success::Stream)
            .then(|| self.claim_method(handle.as_deref_mut(), &format!("{method}_stream"), op));
        let headers_method = (!op.headers.is_empty()).then(|| {
            self.claim_method(handle.as_deref_mut(), &format!("{method}_with_headers"), op)
        });
        let as_method = (!op.alternates.is_empty())
            .then(|| self.claim_method(handle.as_deref_mut(), &format!("{method}_as"), op));
        let iterate = op.conventions.paging.is_some().then(|| {
            let want = if method == "list" {
                "iterate".to_string()
            } else {
                format!("{method}_iterate")
            };
            self.claim_method(handle, &want, op)
        });
        let has_options = op
            .params
            .iter()
            .any(|p| p.location != ParamLocation::Path && !p.required);
        let options = has_options.then(|| self.claim_type(&format!("{type_base}Options"), op));
        let response_enum = matches!(op.success, Success::Several(_))
            .then(|| self.claim_type(&format!("{type_base}Success"), op));
        let headers_struct = headers_method
            .is_some()
            .then(|| self.claim_type(&format!("{type_base}Headers"), op));
        let media_enum = as_method
            .is_some()
            .then(|| self.claim_type(&format!("{type_base}MediaType"), op));
        op.surface.method = method.to_string();
        op.surface.raw_method = raw_method;
        op.surface.iterate = iterate;
        op.surface.stream_method = stream_method;
        op.surface.as_method = as_method;
        op.surface.headers_method = headers_method;
        op.surface.headers_struct = headers_struct;
        op.surface.media_enum = media_enum;
        op.surface.options = options;
        op.surface.response_enum = response_enum;
    }

    fn grouped(&mut self, operations: &mut [Operation]) -> Vec<Resource> {
        // An operationId without `_` that is another's prefix (`whoami`
        // beside `whoami_put_name`) belongs to that resource.
        let prefixes: Vec<String> = operations
            .iter()
            .filter_map(|op| op.id.split_once('_').map(|(key, _)| key.to_string()))
            .collect();
        let key_of = |op: &Operation| match op.id.split_once('_') {
            Some((key, _)) => key.to_string(),
            None if prefixes.contains(&op.id) => op.id.clone(),
            None => String::new(),
        };
        let mut keys: Vec<String> = Vec::new();
        for op in operations.iter() {
            let key = key_of(op);
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let mut resources = Vec::new();
        for key in keys {
            let members: Vec<usize> = (0..operations.len())
                .filter(|&i| key_of(&operations[i]) == key)
                .collect();
            if key.is_empty() {
                for i in members {
                    let op = &mut operations[i];
                    let method = self.claim_method(None, &op.name, op);
                    self.extras(None, &method, &names::pascal(&method, "M"), op);
                }
                continue;
            }
            let first = &operations[members[0]];
            let accessor = self.claim_method(None, &names::snake(&key), first);
            let handle_base = names::pascal(&key, "R");
            let handle = self.claim_type(&format!("{handle_base}Client"), first);
            let shared = shared_path_params(members.iter().map(|&i| &operations[i]));
            let index = resources.len();
            resources.push(Resource {
                key: key.clone(),
                accessor,
                handle,
                shared,
            });
            let mut methods = Unique::default();
            HANDLE_METHODS.iter().for_each(|m| methods.reserve(m));
            let planned: Vec<(String, String)> = members
                .iter()
                .map(|&i| short_and_full(&operations[i], &key))
                .collect();
            for (&i, (short, full)) in members.iter().zip(&planned) {
                let clashes = planned.iter().filter(|(s, _)| s == short).count() > 1;
                let op = &mut operations[i];
                let method =
                    self.claim_method(Some(&mut methods), if clashes { full } else { short }, op);
                let type_base = format!("{handle_base}{}", names::pascal(&method, "M"));
                self.extras(Some(&mut methods), &method, &type_base, op);
                op.surface.resource = Some(index);
            }
        }
        resources
    }
}

/// `want`, or (with a warning) the name it had to become.
fn claim(
    unique: &mut Unique,
    want: &str,
    what: &str,
    op: &Operation,
    warnings: &mut Vec<Warning>,
) -> String {
    let name = unique.claim(want);
    if name != want {
        warnings.push(Warning {
            location: op.at.clone(),
            message: format!(
                "the {what} `{want}` for `{}` would clash with another name; it is named `{name}`",
                op.id
            ),
        });
    }
    name
}

/// A method's short name in its resource (`get`, `list`, `create`, or the
/// action: `webhookDispatch_get` → `get`, `actor_runSync_post` →
/// `run_sync`), and its full one (`run_sync_post`).
fn short_and_full(op: &Operation, key: &str) -> (String, String) {
    let action = op
        .id
        .strip_prefix(key)
        .map(|rest| rest.trim_start_matches('_'))
        .unwrap_or(&op.id);
    let verb = op.method.key();
    let stem =
        action
            .strip_suffix(&format!("_{verb}"))
            .or(if action == verb || action.is_empty() {
                Some("")
            } else {
                None
            });
    let short = match stem {
        Some("") => match op.method {
            Method::Get if op.conventions.paging.is_some() => "list".to_string(),
            Method::Get => "get".into(),
            Method::Post => "create".into(),
            Method::Put | Method::Patch => "update".into(),
            other => other.key().into(),
        },
        Some(stem) => names::snake(stem),
        None => names::snake(action),
    };
    let full = if action.is_empty() {
        short.clone()
    } else {
        names::snake(action)
    };
    (short, full)
}

/// The path parameters every operation of a resource starts with (same
/// wire name and type): the handle holds them.
fn shared_path_params<'a>(mut ops: impl Iterator<Item = &'a Operation>) -> Vec<Param> {
    let path_params = |op: &'a Operation| -> Vec<&'a Param> {
        op.params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .collect()
    };
    let Some(first) = ops.next() else {
        return Vec::new();
    };
    let mut shared = path_params(first);
    for op in ops {
        let own = path_params(op);
        let common = shared
            .iter()
            .zip(&own)
            .take_while(|(a, b)| a.wire == b.wire && a.ty == b.ty)
            .count();
        shared.truncate(common);
    }
    shared.into_iter().cloned().collect()
}

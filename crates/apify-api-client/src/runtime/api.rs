//! What the generated code tells the runtime about its API: servers,
//! environment variable names, security schemes, the shape of error bodies,
//! the not-found rule, and each operation's facts. The runtime reads these
//! and names no API itself.

/// Facts about one API, generated from its description (`crate::API`).
#[derive(Debug)]
pub struct Api {
    /// Where requests go unless configured otherwise; `None` when the
    /// description names no absolute server URL.
    pub default_base_url: Option<&'static str>,
    pub schemes: &'static [Scheme],
    pub errors: ErrorShape,
    pub not_found: NotFound,
}

/// Names of the environment variables [`ClientBuilder::from_env`] reads
/// (the crate's `ENV`); `None` where the API takes no such credential.
///
/// [`ClientBuilder::from_env`]: super::ClientBuilder::from_env
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Env {
    pub base_url: &'static str,
    /// A token for bearer authentication.
    pub token: Option<&'static str>,
    /// A username and password for HTTP basic authentication.
    pub username: Option<&'static str>,
    pub password: Option<&'static str>,
    /// A key for the API key schemes.
    pub api_key: Option<&'static str>,
}

/// A way to send credentials.
#[derive(Debug)]
pub struct Scheme {
    /// The scheme's name in the API description.
    pub name: &'static str,
    pub kind: SchemeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "which kinds an API uses depends on its security schemes"
)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <username:password>`.
    Basic,
    /// An API key in a header, query parameter or cookie.
    ApiKey { place: KeyPlace, name: &'static str },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    dead_code,
    reason = "which places an API uses depends on its security schemes"
)]
pub enum KeyPlace {
    Header,
    Query,
    Cookie,
}

/// Where an error body keeps the error's type and message (JSON pointers).
#[derive(Debug)]
pub struct ErrorShape {
    pub kind: Option<&'static str>,
    pub message: Option<&'static str>,
}

/// Which error answers of a reading operation mean "not found".
#[derive(Debug)]
pub struct NotFound {
    pub status: u16,
    /// When not empty, only errors of these types mean "not found".
    pub error_types: &'static [&'static str],
}

/// What a generated method tells the runtime about the operation it sends.
#[derive(Debug)]
pub struct Operation {
    /// The operationId in the API description.
    pub id: &'static str,
    pub method: &'static str,
    /// The path template, as the API description writes it.
    pub path: &'static str,
    /// Ways to authenticate, any one of which will do; each lists the
    /// schemes (indices into [`Api::schemes`]) that are all sent. No
    /// alternative, or an empty one: nothing is sent.
    pub security: &'static [&'static [usize]],
    /// The `Accept` header, from the media types of its success responses.
    pub accept: Option<&'static str>,
    /// A protocol switch (a websocket): the request asks for the upgrade.
    pub upgrade: bool,
    /// The server this operation goes to (its own `servers`, or its
    /// path's) while the client uses the API's default base URL.
    pub server: Option<&'static str>,
}

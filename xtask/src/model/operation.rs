//! The model of one operation: what it sends, what it answers, and the
//! facts the client's surface is built from (its method's names, envelope,
//! pagination, not-found rule). Built once; every emitter reads it.

use super::TypeRef;
use super::path::PathTemplate;
use crate::error::Location;

#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId: as the spec spells it, or derived from the method
    /// and path when the spec gives none (see `lower::operation_ids`).
    pub id: String,
    /// A `snake_case` name made from the operationId, unique among the
    /// operations: an identifier, and a part of others (no keyword, no
    /// leading digit or underscore).
    pub name: String,
    pub method: Method,
    pub path: PathTemplate,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// The server the operation is sent to instead of the default one (its
    /// own `servers`, or its path's), while the client uses the default.
    pub server: Option<String>,
    /// Path parameters in template order, then query, header and cookie
    /// parameters by wire name.
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    /// Every response the spec lists, in its order.
    pub responses: Vec<Response>,
    /// What the method answers on success, from `responses`.
    pub success: Success,
    /// The items a success answers in a sequential media type (server-sent
    /// events, JSON lines, a JSON text sequence): what the method answers
    /// when `success` is `Success::Stream`, else what its streaming twin
    /// does.
    pub stream: Option<Stream>,
    /// Media types other than JSON a success also comes in, that the
    /// caller may ask for by name (an `…_as` twin answers their bytes).
    pub alternates: Vec<String>,
    /// The headers a success declares (a `…_with_headers` twin answers
    /// them beside the body): each success response's, once by name,
    /// required where every success response requires it.
    pub headers: Vec<ResponseHeader>,
    /// Alternative ways to authenticate (any one will do); each lists
    /// schemes (indices into `Api::security`) that must all be sent. Empty:
    /// send no credentials.
    pub security: Vec<Vec<usize>>,
    /// Conventions that apply to this operation.
    pub conventions: OperationConventions,
    /// Where the client's surface puts this operation.
    pub surface: SurfaceNames,
    /// Its tags, as the spec spells them.
    pub tags: Vec<String>,
    /// The Cargo features, any of which compiles it (made from its tags);
    /// empty: it is compiled always.
    pub features: Vec<String>,
    /// Where the operation is in the spec, for messages.
    pub at: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
    /// Any other: OpenAPI 3.2's `query` (`QUERY`) and its
    /// `additionalOperations` (`COPY`, `PURGE`, …).
    Other {
        /// As on the wire.
        http: &'static str,
        /// In lower case, for names.
        key: &'static str,
    },
}

impl Method {
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The method named `http` (`QUERY`, `COPY`; case kept as given, which
    /// HTTP distinguishes): one of the eight, or another.
    pub fn named(http: &str) -> Method {
        Method::ALL
            .into_iter()
            .find(|m| m.http() == http)
            .unwrap_or_else(|| Method::Other {
                http: intern(http),
                key: intern(&http.to_ascii_lowercase()),
            })
    }

    /// As in the spec: `get` (another method, in lower case).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
            Method::Other { key, .. } => key,
        }
    }

    /// As on the wire: `GET`.
    pub fn http(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
            Method::Other { http, .. } => http,
        }
    }
}

/// `text`, kept for the rest of the process: method names beyond HTTP's
/// eight are few, and a `Method` stays `Copy`.
fn intern(text: &str) -> &'static str {
    static NAMES: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(name) = names.iter().find(|name| **name == text) {
        return name;
    }
    let name: &'static str = Box::leak(text.to_owned().into_boxed_str());
    names.push(name);
    name
}

#[derive(Debug, Clone)]
pub struct Param {
    /// The name on the wire.
    pub wire: String,
    /// The Rust argument or field name, unique within the operation.
    pub name: String,
    pub location: ParamLocation,
    pub style: ParamStyle,
    pub explode: bool,
    /// `allowReserved`: reserved characters in a query value are sent as
    /// they are.
    pub allow_reserved: bool,
    /// The value must be given: what the spec requires, and every path
    /// parameter (a path cannot leave one out).
    pub required: bool,
    pub ty: TypeRef,
    /// The largest value the spec allows, for a number.
    pub maximum: Option<i64>,
    pub doc: Option<String>,
    pub deprecated: bool,
    /// The value travels as a string that encodes it (JSON Schema's
    /// `contentMediaType` JSON with a `contentSchema`, and
    /// `contentEncoding`): `ty` is the decoded value's type.
    pub encoded: Option<ContentEncoding>,
    /// Where the parameter is in the spec (its operation, for a path
    /// placeholder nothing declares).
    pub at: Location,
}

/// How a value's JSON text is encoded in the string that carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ContentEncoding {
    /// The JSON text as it is.
    Json,
    /// RFC 4648's base64 of the JSON text.
    Base64,
    /// RFC 4648's URL-safe base64 of it.
    Base64Url,
}

impl ContentEncoding {
    const ALL: [Self; 3] = [Self::Json, Self::Base64, Self::Base64Url];

    /// As the lowering marks it (`x-codegen-encoded`).
    pub fn named(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.key() == name)
    }

    /// Its mark (the inverse of [`Self::named`]).
    pub fn key(self) -> &'static str {
        match self {
            Self::Json => "json",
            Self::Base64 => "base64",
            Self::Base64Url => "base64url",
        }
    }

    /// `value`'s JSON text, encoded so (as the generated code does).
    pub fn encode(self, value: &serde_json::Value) -> String {
        use base64::Engine as _;
        let text = value.to_string();
        match self {
            Self::Json => text,
            Self::Base64 => base64::engine::general_purpose::STANDARD.encode(text),
            Self::Base64Url => base64::engine::general_purpose::URL_SAFE.encode(text),
        }
    }
}

impl Param {
    /// Whether the value is written as its text alone: a `simple` path
    /// segment or header, or a `form` query or cookie value, with nothing
    /// reserved left as it is.
    pub fn written_plain(&self) -> bool {
        !self.allow_reserved
            && matches!(
                (self.location, self.style),
                (
                    ParamLocation::Path | ParamLocation::Header,
                    ParamStyle::Simple
                ) | (
                    ParamLocation::Query | ParamLocation::Cookie,
                    ParamStyle::Form
                )
            )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
    /// OpenAPI 3.2's `querystring`: the whole query string, as JSON text
    /// (style `Json`) or as the text given (style `Simple`).
    QueryString,
}

impl ParamLocation {
    pub fn key(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            ParamLocation::QueryString => "querystring",
        }
    }
}

/// How a parameter's value is written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// Not a style: the parameter's `content` is `application/json`, so its
    /// value is sent as JSON text.
    Json,
}

impl ParamStyle {
    pub fn key(self) -> &'static str {
        match self {
            ParamStyle::Simple => "simple",
            ParamStyle::Label => "label",
            ParamStyle::Matrix => "matrix",
            ParamStyle::Form => "form",
            ParamStyle::SpaceDelimited => "spaceDelimited",
            ParamStyle::PipeDelimited => "pipeDelimited",
            ParamStyle::DeepObject => "deepObject",
            ParamStyle::Json => "content: application/json",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RequestBody {
    pub required: bool,
    pub doc: Option<String>,
    /// What the operation's method sends.
    pub kind: BodyKind,
    /// Other media types the API takes the body in; a second method sends
    /// the body in any of them as raw bytes.
    pub raw_alternatives: Vec<String>,
    /// How a form's properties are written, where its `encoding` says
    /// (`form` with `explode: true` otherwise).
    pub form_encoding: Vec<FormEncoding>,
}

/// A form property's `encoding`.
#[derive(Debug, Clone, PartialEq)]
pub struct FormEncoding {
    pub property: String,
    pub style: ParamStyle,
    pub explode: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(TypeRef),
    Form(TypeRef),
    /// `text/plain`: a string.
    Text,
    /// Raw bytes, with a content type the caller names from these.
    Bytes {
        content_types: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    pub description: String,
    /// By media type, in the spec's order; empty when there is no body.
    pub content: Vec<Content>,
    /// The headers it declares, in the spec's order.
    pub headers: Vec<ResponseHeader>,
}

/// A header a response declares.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The name on the wire.
    pub wire: String,
    /// The field that holds it, unique among the operation's headers.
    pub name: String,
    /// Its value's type (text, a number, a date…; read from the text).
    pub ty: TypeRef,
    pub required: bool,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `2XX`: the first digit.
    Range(u16),
    Default,
}

impl Status {
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(first) => first == 2,
            Status::Default => false,
        }
    }

    pub fn is_error(self) -> bool {
        match self {
            Status::Code(code) => code >= 400,
            Status::Range(first) => first >= 4,
            Status::Default => true,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub media_type: String,
    pub payload: Payload,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Payload {
    Json(TypeRef),
    /// Anything else: the body as it comes, with its content type.
    Bytes,
    /// JSON beside a wildcard (`*/*`): the decoded JSON when the response
    /// says it is JSON, else the bytes with their content type. (A kind of
    /// answer, never one media type's.)
    JsonOrBytes(TypeRef),
}

/// What an operation's method answers on success.
#[derive(Debug, Clone, PartialEq)]
pub enum Success {
    /// No body (or one that is of no interest).
    Empty,
    Json(TypeRef),
    Bytes,
    /// A switch of protocols (`101`, a websocket): the upgraded connection.
    Upgrade,
    /// Several kinds of success: an enum with a variant per case.
    Several(Vec<SuccessCase>),
    /// Items, decoded as they arrive: `Operation::stream` says of what.
    Stream,
    /// The decoded JSON, or the bytes of another media type, by the
    /// response's `Content-Type`.
    JsonOrBytes(TypeRef),
}

/// A success answered item by item.
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    /// The media type asked for with `Accept`.
    pub media_type: String,
    pub framing: Framing,
    /// One item: for server-sent events, each event's `data` (`String`:
    /// its text as sent; `Json`: any JSON); for multipart, each part's body
    /// (`String`: its text); else each JSON text.
    pub item: TypeRef,
}

/// How a sequential body is cut into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// `text/event-stream`.
    Events,
    /// JSON lines, NDJSON.
    Lines,
    /// `application/json-seq` (RFC 7464).
    JsonSeq,
    /// `multipart/mixed`: each part.
    Multipart,
}

impl Framing {
    /// The framing of a media type's items, if it is sequential.
    pub fn of(media_type: &str) -> Option<Framing> {
        match super::essence(media_type).as_str() {
            "text/event-stream" => Some(Framing::Events),
            "application/jsonl"
            | "application/x-jsonl"
            | "application/jsonlines"
            | "application/x-jsonlines"
            | "application/x-ndjson"
            | "application/ndjson" => Some(Framing::Lines),
            "application/json-seq" => Some(Framing::JsonSeq),
            "multipart/mixed" => Some(Framing::Multipart),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SuccessCase {
    /// The enum variant's name.
    pub variant: String,
    pub status: Status,
    /// `None`: no body.
    pub payload: Option<Payload>,
    pub doc: String,
}

/// Conventions of the API that apply to one operation.
#[derive(Debug, Clone, Default)]
pub struct OperationConventions {
    /// The success body wraps the result in one field (`{"data": …}`); the
    /// method returns the field's value.
    pub envelope: Option<Envelope>,
    /// A page of an offset/limit list: the method has an `iterate` twin.
    pub paging: Option<Paging>,
    /// Reads one thing: the method answers `None` when it is not found.
    pub none_on_not_found: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    /// The field's Rust name.
    pub field: String,
    /// The field's name in JSON.
    pub json: String,
    pub ty: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// Rust names of the offset and limit parameters.
    pub offset: String,
    pub limit: String,
    /// Their type (an integer, or a number in some specs).
    pub count: TypeRef,
    /// The most items one page may ask for (the limit's `maximum`).
    pub max_page: Option<i64>,
    /// Where a page's items and the list's total are.
    pub from: PageFrom,
    pub total_ty: TypeRef,
    pub item: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PageFrom {
    /// The body is an object: Rust names of its item list and total
    /// count fields.
    Body { items: String, total: String },
    /// The body is the list, and a response header counts the whole list
    /// (`X-Pagination-Total`): its field in the operation's headers struct,
    /// and whether every answer has it.
    Headers { total: String, required: bool },
}

/// Names of the operation's parts of the client surface.
#[derive(Debug, Clone, Default)]
pub struct SurfaceNames {
    /// The resource handle the method is on (index into
    /// `Api::resources`); `None`: on the client itself.
    pub resource: Option<usize>,
    pub method: String,
    /// The raw-body twin (`…_raw`), when the body has raw alternatives.
    pub raw_method: Option<String>,
    /// The stream of every item, for a paged list.
    pub iterate: Option<String>,
    /// The streaming twin (`…_stream`), when the operation answers JSON or
    /// a stream of items by media type.
    pub stream_method: Option<String>,
    /// The twin that asks for one of `Operation::alternates` (`…_as`), and
    /// the enum of those media types it takes.
    pub as_method: Option<String>,
    pub media_enum: Option<String>,
    /// The twin that answers the body with `Operation::headers`
    /// (`…_with_headers`), and the struct of those headers.
    pub headers_method: Option<String>,
    pub headers_struct: Option<String>,
    /// The struct of optional parameters, if there are any.
    pub options: Option<String>,
    /// The enum of success cases, for `Success::Several`.
    pub response_enum: Option<String>,
    /// The mock's method that stubs the operation, and its stub's type.
    pub mock: String,
    pub stub: String,
}

impl SurfaceNames {
    /// The methods of the operation on the client or its handle: its
    /// method and each twin it has.
    pub fn methods(&self) -> impl Iterator<Item = &String> {
        [
            Some(&self.method),
            self.raw_method.as_ref(),
            self.iterate.as_ref(),
            self.stream_method.as_ref(),
            self.as_method.as_ref(),
            self.headers_method.as_ref(),
        ]
        .into_iter()
        .flatten()
    }

    /// The types of the operation at the crate's root: its options, its
    /// success cases, its media types and its headers, those it has.
    pub fn types(&self) -> impl Iterator<Item = &String> {
        [
            &self.options,
            &self.response_enum,
            &self.media_enum,
            &self.headers_struct,
        ]
        .into_iter()
        .flatten()
    }
}

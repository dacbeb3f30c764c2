//! Parameters written in the style their description asks for (OpenAPI's
//! `style` and `explode`, after RFC 6570): `;color=blue,black` in a path,
//! `color=blue%7Cblack` or `color%5BR%5D=100` in a query, `R=100,G=200` in a
//! header, `color=blue` in a cookie — exactly as the OpenAPI
//! Specification's "Style Examples" table writes them (tested cell by cell
//! below).
//!
//! A call's parameters reach these writers through [`Call`](super::Call)
//! as typed values. Combinations the table marks *n/a* are written as the
//! nearest defined one: `spaceDelimited` and `pipeDelimited` with
//! `explode: true`, and `deepObject` of a list or a single value, as
//! `form` with `explode: true`.

#![allow(
    dead_code,
    reason = "used by APIs whose parameters have styles of their own, which not every API has"
)]

use serde::Serialize;
use serde_json::Value;

use super::Error;
// Each value is encoded as a path segment is, leaving only RFC 3986's
// unreserved characters (`A-Z a-z 0-9 - . _ ~`); the style's delimiters
// are then added as they are.
use super::path::encode_path as encode;

/// How a parameter is written: OpenAPI's `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
    /// Not a style: the parameter's `content` is JSON, so its value is
    /// written as JSON text, as one value.
    Json,
}

/// RFC 6570's reserved expansion (`allowReserved`): RFC 3986's reserved
/// characters and percent-encoded triples stay as they are; everything
/// else that cannot be in a URL is encoded.
pub(super) fn encode_reserved(text: &str) -> String {
    const RESERVED: &[u8] = b":/?#[]@!$&'()*+,;=";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for (i, c) in text.char_indices() {
        let triple = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if triple || (c.is_ascii() && RESERVED.contains(&(c as u8))) {
            out.push(c);
        } else {
            out.push_str(&encode(c.encode_utf8(&mut [0; 4])));
        }
    }
    out
}

/// A value as RFC 6570 expands it: nothing, one text, a list of texts or
/// pairs of them (an object's members, in their order).
pub(super) enum Parts {
    Undefined,
    One(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        // Numbers and booleans as JSON writes them; nested lists and
        // objects, which no style defines, as JSON.
        other => other.to_string(),
    }
}

pub(super) fn parts(
    name: &'static str,
    value: &(impl Serialize + ?Sized),
    style: Style,
) -> Result<Parts, Error> {
    // Most parameters are one text or number: written directly, without
    // making a JSON value first.
    if style != Style::Json
        && let Ok(scalar) = value.serialize(Scalar)
    {
        return Ok(scalar.map_or(Parts::Undefined, Parts::One));
    }
    let value = serde_json::to_value(value).map_err(|e| Error::InvalidArgument {
        name,
        reason: format!("cannot be written as a parameter: {e}"),
    })?;
    if style == Style::Json {
        return Ok(Parts::One(value.to_string()));
    }
    // RFC 6570 §2.3: null, and lists and objects with nothing in them,
    // are undefined; so are null members.
    Ok(match value {
        Value::Null => Parts::Undefined,
        Value::Array(items) => {
            let items: Vec<String> = items.iter().filter(|v| !v.is_null()).map(text).collect();
            if items.is_empty() {
                Parts::Undefined
            } else {
                Parts::List(items)
            }
        }
        Value::Object(members) => {
            let pairs: Vec<(String, String)> = members
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), text(v)))
                .collect();
            if pairs.is_empty() {
                Parts::Undefined
            } else {
                Parts::Pairs(pairs)
            }
        }
        scalar => Parts::One(text(&scalar)),
    })
}

/// A value that is one string, number or boolean, as [`text`] writes it
/// (`None` for null); anything else is an error, and is written through a
/// JSON value instead.
struct Scalar;

#[derive(Debug)]
struct NotScalar;

impl std::fmt::Display for NotScalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not one value")
    }
}

impl std::error::Error for NotScalar {}

impl serde::ser::Error for NotScalar {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotScalar
    }
}

macro_rules! scalar_numbers {
    ($($method:ident: $ty:ty),*) => {
        $(fn $method(self, value: $ty) -> Result<Self::Ok, NotScalar> {
            Ok(Some(serde_json::Number::from(value).to_string()))
        })*
    };
}

impl serde::Serializer for Scalar {
    type Ok = Option<String>;
    type Error = NotScalar;
    type SerializeSeq = serde::ser::Impossible<Self::Ok, NotScalar>;
    type SerializeTuple = serde::ser::Impossible<Self::Ok, NotScalar>;
    type SerializeTupleStruct = serde::ser::Impossible<Self::Ok, NotScalar>;
    type SerializeTupleVariant = serde::ser::Impossible<Self::Ok, NotScalar>;
    type SerializeMap = serde::ser::Impossible<Self::Ok, NotScalar>;
    type SerializeStruct = serde::ser::Impossible<Self::Ok, NotScalar>;
    type SerializeStructVariant = serde::ser::Impossible<Self::Ok, NotScalar>;

    scalar_numbers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);

    fn serialize_f32(self, value: f32) -> Result<Self::Ok, NotScalar> {
        self.serialize_f64(f64::from(value))
    }
    fn serialize_f64(self, value: f64) -> Result<Self::Ok, NotScalar> {
        // As a JSON value writes it (`1.0`); JSON has no NaN or infinity.
        serde_json::Number::from_f64(value)
            .map(|n| Some(n.to_string()))
            .ok_or(NotScalar)
    }
    fn serialize_bool(self, value: bool) -> Result<Self::Ok, NotScalar> {
        Ok(Some(value.to_string()))
    }
    fn serialize_char(self, value: char) -> Result<Self::Ok, NotScalar> {
        Ok(Some(value.to_string()))
    }
    fn serialize_str(self, value: &str) -> Result<Self::Ok, NotScalar> {
        Ok(Some(value.to_owned()))
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Self::Ok, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_none(self) -> Result<Self::Ok, NotScalar> {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, NotScalar> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, NotScalar> {
        Ok(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, NotScalar> {
        Ok(None)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, NotScalar> {
        Ok(Some(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, NotScalar> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotScalar> {
        Err(NotScalar)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, NotScalar> {
        Err(NotScalar)
    }
}

pub(super) type Encode = fn(&str) -> String;

/// `k1 inner v1 outer k2 inner v2`, each encoded with `enc`.
fn join_pairs(enc: Encode, pairs: &[(String, String)], inner: &str, outer: &str) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}{inner}{}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join(outer)
}

fn join(enc: Encode, items: &[String], with: &str) -> String {
    items.iter().map(|i| enc(i)).collect::<Vec<_>>().join(with)
}

/// A path parameter's text, encoded, in `simple`, `label` or `matrix`
/// style.
pub(super) fn path(name: &'static str, parts: &Parts, style: Style, explode: bool) -> String {
    let wire = encode(name);
    match (style, parts) {
        (Style::Label, Parts::Undefined) => ".".into(),
        (Style::Label, Parts::One(value)) => format!(".{}", encode(value)),
        (Style::Label, Parts::List(items)) => {
            format!(".{}", join(encode, items, if explode { "." } else { "," }))
        }
        (Style::Label, Parts::Pairs(pairs)) if explode => {
            format!(".{}", join_pairs(encode, pairs, "=", "."))
        }
        (Style::Label, Parts::Pairs(pairs)) => format!(".{}", join_pairs(encode, pairs, ",", ",")),
        (Style::Matrix, Parts::Undefined) => format!(";{wire}"),
        (Style::Matrix, Parts::One(value)) if value.is_empty() => format!(";{wire}"),
        (Style::Matrix, Parts::One(value)) => format!(";{wire}={}", encode(value)),
        (Style::Matrix, Parts::List(items)) if explode => items
            .iter()
            .map(|i| format!(";{wire}={}", encode(i)))
            .collect(),
        (Style::Matrix, Parts::List(items)) => format!(";{wire}={}", join(encode, items, ",")),
        (Style::Matrix, Parts::Pairs(pairs)) if explode => {
            format!(";{}", join_pairs(encode, pairs, "=", ";"))
        }
        (Style::Matrix, Parts::Pairs(pairs)) => {
            format!(";{wire}={}", join_pairs(encode, pairs, ",", ","))
        }
        // `simple`, the default.
        (_, Parts::Undefined) => String::new(),
        (_, Parts::One(value)) => encode(value),
        (_, Parts::List(items)) => join(encode, items, ","),
        (_, Parts::Pairs(pairs)) if explode => join_pairs(encode, pairs, "=", ","),
        (_, Parts::Pairs(pairs)) => join_pairs(encode, pairs, ",", ","),
    }
}

/// A query parameter's `name=value` pairs, its values encoded with `enc`.
pub(super) fn query(
    enc: Encode,
    name: &str,
    parts: &Parts,
    style: Style,
    explode: bool,
) -> Vec<String> {
    let wire = encode(name);
    let flat = |with: &str| match parts {
        Parts::List(items) => Some(format!("{wire}={}", join(enc, items, with))),
        Parts::Pairs(pairs) => Some(format!("{wire}={}", join_pairs(enc, pairs, with, with))),
        _ => None,
    };
    match (style, parts) {
        (Style::SpaceDelimited, _) if !explode => flat("%20"),
        (Style::PipeDelimited, _) if !explode => flat("%7C"),
        (Style::DeepObject, Parts::Pairs(pairs)) => {
            return pairs
                .iter()
                .map(|(k, v)| format!("{}={}", encode(&format!("{name}[{k}]")), enc(v)))
                .collect();
        }
        (Style::Form, Parts::List(_) | Parts::Pairs(_)) if !explode => flat(","),
        _ => None,
    }
    .map_or_else(
        // `form` with `explode: true`, and single values of every style.
        || match parts {
            Parts::Undefined => vec![format!("{wire}=")],
            Parts::One(value) => vec![format!("{wire}={}", enc(value))],
            Parts::List(items) => items.iter().map(|i| format!("{wire}={}", enc(i))).collect(),
            Parts::Pairs(pairs) => pairs
                .iter()
                .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
                .collect(),
        },
        |pair| vec![pair],
    )
}

/// A header parameter's value in `simple` style: not percent-encoded, as
/// headers are not URLs.
pub(super) fn header(parts: &Parts, explode: bool) -> String {
    let pairs = |pairs: &[(String, String)], inner: &str| {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}{inner}{v}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    match parts {
        Parts::Undefined => String::new(),
        Parts::One(value) => value.clone(),
        Parts::List(items) => items.join(","),
        Parts::Pairs(members) => pairs(members, if explode { "=" } else { "," }),
    }
}

/// A cookie parameter in `form` style without `explode`: `name=value`, a
/// list or object comma-separated, each value percent-encoded. (OpenAPI's
/// Appendix D calls `form` with `explode: true` incorrect for several
/// values in a cookie; the generator refuses it.)
pub(super) fn cookie(name: &'static str, parts: &Parts) -> String {
    let wire = encode(name);
    match parts {
        Parts::Undefined => format!("{wire}="),
        Parts::One(value) => format!("{wire}={}", encode(value)),
        Parts::List(items) => format!("{wire}={}", join(encode, items, ",")),
        Parts::Pairs(pairs) => format!("{wire}={}", join_pairs(encode, pairs, ",", ",")),
    }
}

/// An `application/x-www-form-urlencoded` body: each property of `value`
/// written as a query parameter of that name, in the style its `encoding`
/// gives (`encoding`: property, style, explode), else `form` with
/// `explode: true`; absent and null properties are left out.
pub(super) fn form_body(
    value: &(impl Serialize + ?Sized),
    encoding: &[(&str, Style, bool)],
) -> Result<bytes::Bytes, Error> {
    let value = serde_json::to_value(value).map_err(|e| Error::InvalidArgument {
        name: "body",
        reason: format!("cannot be written as a form: {e}"),
    })?;
    let Value::Object(members) = value else {
        return Err(Error::InvalidArgument {
            name: "body",
            reason: "is not an object, so it has no fields to write as a form".into(),
        });
    };
    let mut pairs = Vec::new();
    for (name, member) in &members {
        if member.is_null() {
            continue;
        }
        let (style, explode) = encoding
            .iter()
            .find(|(property, _, _)| property == name)
            .map_or((Style::Form, true), |(_, style, explode)| {
                (*style, *explode)
            });
        let parts = parts("body", member, style)?;
        pairs.extend(query(encode, name, &parts, style, explode));
    }
    Ok(bytes::Bytes::from(pairs.join("&")))
}

#[cfg(test)]
mod tests {
    //! The OpenAPI Specification's "Style Examples" (3.1.1, Parameter
    //! Object): a parameter `color` with the values below, every style ×
    //! explode, cell by cell; `n/a` cells are not checked.

    use super::*;
    use serde_json::json;

    fn values() -> [Value; 4] {
        [
            Value::Null,
            json!("blue"),
            json!(["blue", "black", "brown"]),
            json!({"R": 100, "G": 200, "B": 150}),
        ]
    }

    /// `row`: the cells for undefined, string, array and object.
    fn check(write: impl Fn(&Parts) -> String, row: [Option<&str>; 4]) {
        for (value, cell) in values().iter().zip(row) {
            if let Some(cell) = cell {
                assert_eq!(
                    write(&parts("color", value, Style::Form).unwrap()),
                    cell,
                    "{value}"
                );
            }
        }
    }

    fn in_query(style: Style, explode: bool) -> impl Fn(&Parts) -> String {
        move |p| format!("?{}", query(encode, "color", p, style, explode).join("&"))
    }

    #[test]
    fn path_styles() {
        use Style::*;
        let row = |style, explode| move |p: &Parts| path("color", p, style, explode);
        check(
            row(Matrix, false),
            [
                Some(";color"),
                Some(";color=blue"),
                Some(";color=blue,black,brown"),
                Some(";color=R,100,G,200,B,150"),
            ],
        );
        check(
            row(Matrix, true),
            [
                Some(";color"),
                Some(";color=blue"),
                Some(";color=blue;color=black;color=brown"),
                Some(";R=100;G=200;B=150"),
            ],
        );
        check(
            row(Label, false),
            [
                Some("."),
                Some(".blue"),
                Some(".blue,black,brown"),
                Some(".R,100,G,200,B,150"),
            ],
        );
        check(
            row(Label, true),
            [
                Some("."),
                Some(".blue"),
                Some(".blue.black.brown"),
                Some(".R=100.G=200.B=150"),
            ],
        );
        check(
            row(Simple, false),
            [
                Some(""),
                Some("blue"),
                Some("blue,black,brown"),
                Some("R,100,G,200,B,150"),
            ],
        );
        check(
            row(Simple, true),
            [
                Some(""),
                Some("blue"),
                Some("blue,black,brown"),
                Some("R=100,G=200,B=150"),
            ],
        );
    }

    #[test]
    fn query_styles() {
        use Style::*;
        check(
            in_query(Form, false),
            [
                Some("?color="),
                Some("?color=blue"),
                Some("?color=blue,black,brown"),
                Some("?color=R,100,G,200,B,150"),
            ],
        );
        check(
            in_query(Form, true),
            [
                Some("?color="),
                Some("?color=blue"),
                Some("?color=blue&color=black&color=brown"),
                Some("?R=100&G=200&B=150"),
            ],
        );
        check(
            in_query(SpaceDelimited, false),
            [
                None,
                None,
                Some("?color=blue%20black%20brown"),
                Some("?color=R%20100%20G%20200%20B%20150"),
            ],
        );
        check(
            in_query(PipeDelimited, false),
            [
                None,
                None,
                Some("?color=blue%7Cblack%7Cbrown"),
                Some("?color=R%7C100%7CG%7C200%7CB%7C150"),
            ],
        );
        check(
            in_query(DeepObject, true),
            [
                None,
                None,
                None,
                Some("?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"),
            ],
        );
    }

    #[test]
    fn header_and_cookie() {
        check(
            |p| header(p, false),
            [
                None,
                Some("blue"),
                Some("blue,black,brown"),
                Some("R,100,G,200,B,150"),
            ],
        );
        check(
            |p| header(p, true),
            [
                None,
                Some("blue"),
                Some("blue,black,brown"),
                Some("R=100,G=200,B=150"),
            ],
        );
        check(
            |p| cookie("color", p),
            [
                Some("color="),
                Some("color=blue"),
                Some("color=blue,black,brown"),
                Some("color=R,100,G,200,B,150"),
            ],
        );
    }

    #[test]
    fn scalars_are_written_as_their_json_values_are() {
        let one = |value: &dyn erased::Serialize| match value.parts() {
            Parts::One(text) => Some(text),
            Parts::Undefined => None,
            _ => panic!("not one value"),
        };
        for (value, json) in [
            (&"a b" as &dyn erased::Serialize, json!("a b")),
            (&7i64, json!(7)),
            (&-3i32, json!(-3)),
            (&1.0f64, json!(1.0)),
            (&2.5f64, json!(2.5)),
            (&true, json!(true)),
            (&Option::<i64>::None, json!(null)),
        ] {
            assert_eq!(
                one(value),
                match &json {
                    Value::Null => None,
                    other => Some(text(other)),
                },
                "{json}"
            );
        }
    }

    /// Values of several types behind one reference, for the table above.
    mod erased {
        use super::*;
        pub trait Serialize {
            fn parts(&self) -> Parts;
        }
        impl<T: serde::Serialize> Serialize for T {
            fn parts(&self) -> Parts {
                parts("p", self, Style::Form).unwrap()
            }
        }
    }

    #[test]
    fn values_are_encoded_and_delimiters_are_not() {
        let value = json!(["a,b", "c d", "é/?"]);
        let p = parts("q", &value, Style::Form).unwrap();
        assert_eq!(
            query(encode, "q", &p, Style::Form, false),
            ["q=a%2Cb,c%20d,%C3%A9%2F%3F"]
        );
        assert_eq!(
            path("q", &p, Style::Label, true),
            ".a%2Cb.c%20d.%C3%A9%2F%3F"
        );
    }

    #[test]
    fn reserved_characters_pass_when_allowed_and_json_is_one_value() {
        let p = parts("path", &json!("/a b/%2F?x=1&ž"), Style::Form).unwrap();
        assert_eq!(
            query(encode_reserved, "path", &p, Style::Form, true),
            ["path=/a%20b/%2F?x=1&%C5%BE"]
        );
        assert_eq!(
            query(encode, "path", &p, Style::Form, true),
            ["path=%2Fa%20b%2F%252F%3Fx%3D1%26%C5%BE"]
        );
        let p = parts("filter", &json!({"a": [1, 2]}), Style::Json).unwrap();
        assert_eq!(
            query(encode, "filter", &p, Style::Json, false),
            ["filter=%7B%22a%22%3A%5B1%2C2%5D%7D"]
        );
    }

    #[test]
    fn form_bodies_write_each_field_as_its_encoding_says() {
        let body =
            json!({"name": "a b", "tags": ["x", "y"], "color": {"R": 1, "G": 2}, "gone": null});
        let form = form_body(&body, &[("color", Style::DeepObject, true)]).unwrap();
        assert_eq!(
            form,
            "name=a%20b&tags=x&tags=y&color%5BR%5D=1&color%5BG%5D=2"
        );
        let form = form_body(&body, &[("tags", Style::Form, false)]).unwrap();
        assert_eq!(form, "name=a%20b&tags=x,y&R=1&G=2");
    }
}

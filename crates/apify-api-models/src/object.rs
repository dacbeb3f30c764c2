//! How generated types read and write JSON, written once.
//!
//! A struct keeps the keys it does not list. serde's derive does that with
//! `flatten`, and its code for every struct is large: checking it was most
//! of what `cargo check` spent on a generated crate. Here each struct names
//! its fields' keys ([`reader!`] writes its [`Object`] impl and its
//! `Deserialize`); the rest is written once. It reads as the derive does: a
//! field given twice is an error, a missing field is `None` if it is an
//! `Option` and an error otherwise, a value of the wrong type is an error
//! where it is, and every other key is kept.
//!
//! An enum of strings keeps the values it does not list; [`text_enum!`]
//! writes what every such enum has beside its `as_str` and `From<&str>`.
//!
//! Macros rather than code written out for each type: the generator parses
//! and formats every line it writes, and these lines were the most of a
//! models file. The API listing reads the impls a macro writes from its
//! definition here.

use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, Visitor};
use serde_json::{Map, Value};

/// A struct read from an object.
pub(crate) trait Object: Sized {
    /// Its name, for errors (`expected struct …`).
    const NAME: &'static str;
    /// Its fields' keys.
    const KEYS: &'static [&'static str];

    /// Reads the struct from `map`, taking keys with [`next`].
    fn read<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `T` read from an object.
pub(crate) fn read<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(Reader(PhantomData))
}

/// The next of `T`'s keys in `map`; the other keys before it are kept in
/// `extra` with their values.
pub(crate) fn next<'de, T: Object, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut Map<String, Value>,
) -> Result<Option<&'static str>, A::Error> {
    while let Some(key) = map.next_key_seed(Keys(T::KEYS))? {
        match key {
            Key::Known(key) => return Ok(Some(key)),
            Key::Other(key) => {
                extra.insert(key, map.next_value()?);
            }
        }
    }
    Ok(None)
}

/// The value of the field `key`, into `slot`; a field given twice is an
/// error.
pub(crate) fn once<'de, A: MapAccess<'de>, T: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// The field `key`'s value, or what a missing field reads as: `None` for
/// an `Option`, an error naming the field for anything else.
pub(crate) fn given<'de, T: serde::Deserialize<'de>, E: Error>(
    slot: Option<T>,
    key: &'static str,
) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        None => T::deserialize(Missing(key, PhantomData)),
    }
}

/// A struct's `Deserialize` and [`Object`] impls: its name, its field that
/// keeps the other keys, then each field with its key, as in
/// `reader!(Pet, extra, name("name"), r#type("type"))`.
macro_rules! reader {
    ($name:ident, $extra:ident $(, $field:ident($key:literal))* $(,)?) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::object::read(deserializer)
            }
        }

        impl $crate::object::Object for $name {
            const NAME: &str = stringify!($name);
            const KEYS: &[&str] = &[$($key),*];

            // Each field's value is held in a local named as the field;
            // a field may be named `foo`, or have no field but the others.
            #[allow(
                clippy::disallowed_names,
                clippy::match_single_binding,
                clippy::single_match
            )]
            fn read<'de, A: serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                let mut $extra = serde_json::Map::new();
                while let Some(key) = $crate::object::next::<Self, A>(&mut map, &mut $extra)? {
                    match key {
                        $($key => $crate::object::once(&mut map, &mut $field, key)?,)*
                        _ => {}
                    }
                }
                Ok(Self {
                    $($field: $crate::object::given($field, $key)?,)*
                    $extra,
                })
            }
        }
    };
}

pub(crate) use reader;

/// What an enum of strings with an `Unknown(String)` variant has beside
/// its own `as_str` and `From<&str>`: conversions from and to text, and
/// JSON as its text (`text_enum!(Status)`), or, for an enum of integers,
/// as a number whose digits are its text (`text_enum!(Code, number)`; a
/// number the spec does not list is kept as its digits).
macro_rules! text_enum {
    ($name:ident) => {
        $crate::object::text_enum!(@text $name);

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
    ($name:ident, number) => {
        $crate::object::text_enum!(@text $name);

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self.as_str().parse::<serde_json::Number>() {
                    Ok(number) => serde::Serialize::serialize(&number, serializer),
                    Err(_) => serializer.serialize_str(self.as_str()),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                match <serde_json::Value as serde::Deserialize>::deserialize(deserializer)? {
                    serde_json::Value::Number(number) => Ok(Self::from(number.to_string())),
                    serde_json::Value::String(text) => Ok(Self::from(text)),
                    other => Err(serde::de::Error::custom(format!(
                        "expected an integer, found {other}"
                    ))),
                }
            }
        }
    };
    (@text $name:ident) => {
        impl From<String> for $name {
            fn from(value: String) -> Self {
                match Self::from(value.as_str()) {
                    Self::Unknown(_) => Self::Unknown(value),
                    known => known,
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use text_enum;

struct Reader<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for Reader<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(map)
    }
}

/// A key of an object: one of a struct's, or another.
enum Key {
    Known(&'static str),
    Other(String),
}

/// Reads a key, telling a struct's keys from others.
struct Keys(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Keys {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Keys {
    type Value = Key;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key, E> {
        Ok(match self.0.iter().find(|known| **known == key) {
            Some(known) => Key::Known(known),
            None => Key::Other(key.to_owned()),
        })
    }
}

/// A missing field, as a value to read: `None` as an `Option`, an error as
/// anything else.
struct Missing<E>(&'static str, PhantomData<E>);

impl<'de, E: Error> Deserializer<'de> for Missing<E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, E> {
        Err(E::missing_field(self.0))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_none()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple tuple_struct
        map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A struct of two fields, read as the generated ones are.
    #[derive(Debug, PartialEq)]
    struct Pair {
        id: String,
        note: Option<u8>,
        extra: Map<String, Value>,
    }

    reader!(Pair, extra, id("id"), note("note"));

    /// No field but the other keys: the reader has nothing to match.
    #[derive(Debug, PartialEq)]
    struct Rest {
        extra: Map<String, Value>,
    }

    reader!(Rest, extra);

    fn pair(text: &str) -> Result<Pair, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn fields_are_read_and_other_keys_kept_in_order() {
        let read = pair(r#"{"z": 1, "id": "a", "note": 7, "a": [true]}"#).unwrap();
        assert_eq!((read.id.as_str(), read.note), ("a", Some(7)));
        let kept: Vec<&str> = read.extra.keys().map(String::as_str).collect();
        assert_eq!(kept, ["z", "a"]);
        assert_eq!(read.extra["a"], serde_json::json!([true]));
    }

    #[test]
    fn a_missing_option_is_none_and_a_missing_value_an_error() {
        assert_eq!(pair(r#"{"id": "a"}"#).unwrap().note, None);
        let error = pair(r#"{"note": 1}"#).unwrap_err().to_string();
        assert!(error.starts_with("missing field `id`"), "{error}");
    }

    #[test]
    fn a_field_twice_or_of_the_wrong_type_is_an_error_where_it_is() {
        let error = pair(r#"{"id": "a", "id": "b"}"#).unwrap_err().to_string();
        assert!(error.starts_with("duplicate field `id`"), "{error}");
        let error = pair("{\"id\": \"a\",\n\"note\": \"seven\"}").unwrap_err();
        assert_eq!(error.line(), 2, "{error}");
        let error = pair("[1]").unwrap_err().to_string();
        assert!(error.contains("expected struct Pair"), "{error}");
    }

    #[test]
    fn a_struct_of_no_fields_keeps_every_key() {
        let rest: Rest = serde_json::from_str(r#"{"b": 1, "a": 2}"#).unwrap();
        let kept: Vec<&str> = rest.extra.keys().map(String::as_str).collect();
        assert_eq!(kept, ["b", "a"]);
    }

    /// Enums as the generated ones are: their own `as_str` and `From<&str>`.
    #[derive(Debug, PartialEq)]
    enum Status {
        Active,
        Unknown(String),
    }

    #[derive(Debug, PartialEq)]
    enum Code {
        Ok,
        Unknown(String),
    }

    impl Status {
        fn as_str(&self) -> &str {
            match self {
                Self::Active => "ACTIVE",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<&str> for Status {
        fn from(value: &str) -> Self {
            match value {
                "ACTIVE" => Self::Active,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    impl Code {
        fn as_str(&self) -> &str {
            match self {
                Self::Ok => "200",
                Self::Unknown(value) => value,
            }
        }
    }

    impl From<&str> for Code {
        fn from(value: &str) -> Self {
            match value {
                "200" => Self::Ok,
                other => Self::Unknown(other.to_owned()),
            }
        }
    }

    text_enum!(Status);
    text_enum!(Code, number);

    #[test]
    fn a_text_enum_keeps_values_it_does_not_list() {
        assert_eq!("ACTIVE".parse::<Status>().unwrap(), Status::Active);
        assert_eq!(
            Status::from("GONE".to_string()),
            Status::Unknown("GONE".into())
        );
        assert_eq!(Status::Active.to_string(), "ACTIVE");
        assert_eq!(Status::Unknown("GONE".into()).as_ref(), "GONE");
        let read: Vec<Status> = serde_json::from_str(r#"["ACTIVE", "GONE"]"#).unwrap();
        assert_eq!(
            serde_json::to_string(&read).unwrap(),
            r#"["ACTIVE","GONE"]"#
        );
        assert!(serde_json::from_str::<Status>("1").is_err());
    }

    #[test]
    fn an_enum_of_integers_is_read_and_written_as_numbers() {
        let read: Vec<Code> = serde_json::from_str(r#"[200, "200", 404]"#).unwrap();
        assert_eq!(read, [Code::Ok, Code::Ok, Code::Unknown("404".into())]);
        assert_eq!(serde_json::to_string(&read).unwrap(), "[200,200,404]");
        let error = serde_json::from_str::<Code>("true")
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("expected an integer, found true"),
            "{error}"
        );
    }
}

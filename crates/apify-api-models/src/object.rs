//! Reading a JSON object into a generated struct that keeps the keys it
//! does not list. serde's derive does that with `flatten`, and its code for
//! every struct is large: checking it was most of what `cargo check` spent
//! on a generated crate. Here each struct names its fields' keys and reads
//! their values ([`Object`], written by [`reader!`] from its keys); the
//! rest is written once.
//!
//! It reads as the derive does: a field given twice is an error, a missing
//! field is `None` if it is an `Option` and an error otherwise, a value of
//! the wrong type is an error where it is, and every other key is kept.

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

/// A struct's [`Object`] impl: its name, its field that keeps the other
/// keys, then each field with its key, as in
/// `reader!(Pet, extra, name("name"), r#type("type"))`.
///
/// A macro rather than code written out for each struct: the generator
/// parses and formats every line it writes, and these lines were the
/// most of a models file.
macro_rules! reader {
    ($name:ident, $extra:ident $(, $field:ident($key:literal))* $(,)?) => {
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
            fn read<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
                $(let mut $field = None;)*
                let mut $extra = ::serde_json::Map::new();
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

    impl<'de> serde::Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            read(deserializer)
        }
    }

    reader!(Pair, extra, id("id"), note("note"));

    /// No field but the other keys: the reader has nothing to match.
    #[derive(Debug, PartialEq)]
    struct Rest {
        extra: Map<String, Value>,
    }

    reader!(Rest, extra);

    impl<'de> serde::Deserialize<'de> for Rest {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            read(deserializer)
        }
    }

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
}

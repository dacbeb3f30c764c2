//! A YAML document as a tree of plain nodes.
//!
//! `serde_yaml::Value` refuses integers that need more than 64 bits (public
//! specs write `maximum: 18446744073709551616` and
//! `minimum: -9223372036854776000`), so YAML is read into this tree instead,
//! which keeps them as 128-bit integers for the JSON conversion to decide.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node {
    Null,
    Bool(bool),
    /// An integer in YAML's syntax, however large (up to 128 bits).
    Int(i128),
    /// An unsigned integer too large for `i128`.
    BigUnsigned(u128),
    Float(f64),
    String(String),
    Seq(Vec<Node>),
    /// Entries in document order; keys may be any node, as in YAML.
    Map(Vec<(Node, Node)>),
    /// A value with an explicit tag (`!Ref foo`).
    Tagged(String),
}

impl Node {
    pub(super) fn describe(&self) -> &'static str {
        match self {
            Node::Null => "null",
            Node::Bool(_) => "a boolean",
            Node::Int(_) | Node::BigUnsigned(_) | Node::Float(_) => "a number",
            Node::String(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
            Node::Tagged(_) => "a tagged value",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> de::Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(i128::try_from(v).map_or(Node::BigUnsigned(v), Node::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        // serde_yaml presents `!tag value` as an enum variant named by the tag.
        let (tag, contents): (String, _) = data.variant()?;
        contents.newtype_variant::<Node>()?;
        Ok(Node::Tagged(format!("!{tag}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        serde_yaml::from_str(text).unwrap()
    }

    #[test]
    fn integers_past_64_bits_are_read() {
        assert_eq!(
            node("-9223372036854776000"),
            Node::Int(-9_223_372_036_854_776_000)
        );
        assert_eq!(
            node("18446744073709551616"),
            Node::Int(18_446_744_073_709_551_616)
        );
        assert_eq!(
            node("340282366920938463463374607431768211455"),
            Node::BigUnsigned(u128::MAX)
        );
    }

    #[test]
    fn tags_and_plain_values_are_told_apart() {
        assert_eq!(node("!Ref x"), Node::Tagged("!Ref".into()));
        assert_eq!(node("~"), Node::Null);
        assert_eq!(node("'12'"), Node::String("12".into()));
        assert_eq!(node("1.5"), Node::Float(1.5));
    }
}

//! YAML text as a tree of plain nodes, built from the parser's events.
//!
//! The tree is built with an explicit stack, not by recursion, so how deep
//! a document may nest is a limit this module sets ([`MAX_DEPTH`]) and
//! names when it is reached, never the size of the thread's stack. Aliases
//! are expanded within a budget ([`MAX_ALIAS_NODES`]), so an alias bomb is
//! refused after a bounded amount of work. Plain scalars are resolved as
//! YAML 1.2's core schema says (`true`, `~`, `0x1F`, `1e3`, …); integers
//! are kept up to 128 bits, since public specs write
//! `maximum: 18446744073709551616`, for the JSON conversion to decide.

use std::borrow::Cow;
use std::collections::HashMap;

use std::ops::ControlFlow;

use yaml_events::{Event, ScalarStyle, ScanError, Span, Tag};

use super::limits::{MAX_ALIAS_NODES, MAX_DEPTH};

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

/// Why a document could not be read, and where: the line and column
/// (1-based) and the JSON pointer of the value being read there.
#[derive(Debug)]
pub(super) struct Failure {
    pub line: usize,
    pub column: usize,
    pub pointer: String,
    pub problem: Problem,
}

#[derive(Debug, PartialEq)]
pub(super) enum Problem {
    /// The text is not YAML; the parser's words.
    Syntax(String),
    /// Collections nested deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Flow collections (`{…}`, `[…]`) nested deeper than the parser
    /// allows (255 levels).
    FlowTooDeep,
    /// Aliases that would expand past [`MAX_ALIAS_NODES`] nodes.
    AliasesTooLarge,
    /// An alias to an anchor not (yet) defined.
    UnknownAnchor,
    /// A second document in the stream.
    SecondDocument,
}

/// A node with what an alias of it costs.
#[derive(Clone)]
struct Built {
    node: Node,
    /// Nodes in it, itself included.
    size: usize,
    /// Levels of collections in it (a scalar: 0).
    depth: usize,
}

enum Frame {
    Seq(Vec<Node>),
    /// Entries so far, and the key read for the next one.
    Map(Vec<(Node, Node)>, Option<Node>),
}

struct Open {
    frame: Frame,
    anchor: usize,
    tag: Option<String>,
    size: usize,
    depth: usize,
}

/// Reads the one document in `text` (none: `Node::Null`).
pub(super) fn read(text: &str) -> Result<Node, Failure> {
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        alias_nodes: 0,
        documents: 0,
        done: None,
    };
    let mut failed = None;
    yaml_events::each(text, &mut |next| {
        let step = next
            .map_err(|e| builder.scan_failure(&e))
            .and_then(|(event, span)| builder.event(event, &span));
        match step {
            Ok(()) => ControlFlow::Continue(()),
            Err(failure) => {
                failed = Some(failure);
                ControlFlow::Break(())
            }
        }
    });
    if let Some(failure) = failed {
        return Err(failure);
    }
    Ok(builder.done.map_or(Node::Null, |b| b.node))
}

struct Builder {
    stack: Vec<Open>,
    anchors: HashMap<usize, Built>,
    /// Nodes added by expanding aliases so far.
    alias_nodes: usize,
    documents: usize,
    done: Option<Built>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: &Span) -> Result<(), Failure> {
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.failure(span, Problem::SecondDocument));
                }
            }
            Event::Alias(id) => self.alias(id, span)?,
            Event::Scalar(value, style, anchor, tag) => {
                let node = scalar(value, style, tag.as_deref());
                self.complete(
                    Built {
                        node,
                        size: 1,
                        depth: 0,
                    },
                    anchor,
                );
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(Frame::Seq(Vec::new()), anchor, tag.as_deref(), span)?
            }
            Event::MappingStart(anchor, tag) => {
                self.open(Frame::Map(Vec::new(), None), anchor, tag.as_deref(), span)?
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Ok(())
    }

    fn open(
        &mut self,
        frame: Frame,
        anchor: usize,
        tag: Option<&Tag>,
        at: &Span,
    ) -> Result<(), Failure> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.failure(at, Problem::TooDeep));
        }
        self.stack.push(Open {
            frame,
            anchor,
            tag: tag.filter(|t| !t.is_yaml_core_schema()).map(tag_text),
            size: 1,
            depth: 1,
        });
        Ok(())
    }

    fn close(&mut self) {
        let open = self.stack.pop().expect("the parser balances collections");
        let node = match (open.tag, open.frame) {
            (Some(tag), _) => Node::Tagged(tag),
            (None, Frame::Seq(items)) => Node::Seq(items),
            (None, Frame::Map(entries, _)) => Node::Map(entries),
        };
        let built = Built {
            node,
            size: open.size,
            depth: open.depth,
        };
        self.complete(built, open.anchor);
    }

    fn alias(&mut self, id: usize, at: &Span) -> Result<(), Failure> {
        let Some(built) = self.anchors.get(&id) else {
            return Err(self.failure(at, Problem::UnknownAnchor));
        };
        if self.stack.len() + built.depth > MAX_DEPTH {
            return Err(self.failure(at, Problem::TooDeep));
        }
        self.alias_nodes += built.size;
        if self.alias_nodes > MAX_ALIAS_NODES {
            return Err(self.failure(at, Problem::AliasesTooLarge));
        }
        let built = built.clone();
        self.complete(built, 0);
        Ok(())
    }

    /// Puts a finished node where it belongs: into the open collection, or
    /// as the document.
    fn complete(&mut self, built: Built, anchor: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, built.clone());
        }
        let Some(open) = self.stack.last_mut() else {
            self.done = Some(built);
            return;
        };
        open.size += built.size;
        open.depth = open.depth.max(built.depth + 1);
        match &mut open.frame {
            Frame::Seq(items) => items.push(built.node),
            Frame::Map(entries, key) => match key.take() {
                None => *key = Some(built.node),
                Some(k) => entries.push((k, built.node)),
            },
        }
    }

    /// The pointer of the value being read: the keys and indices of the
    /// open collections.
    fn pointer(&self) -> String {
        let mut pointer = String::new();
        for open in &self.stack {
            let segment = match &open.frame {
                Frame::Seq(items) => items.len().to_string(),
                Frame::Map(_, Some(key)) => key_text(key),
                // Reading a key: the mapping itself is the place.
                Frame::Map(_, None) => break,
            };
            pointer = crate::pointer::push(&pointer, &segment);
        }
        pointer
    }

    fn failure(&self, at: &Span, problem: Problem) -> Failure {
        Failure {
            line: at.start.line(),
            column: at.start.col() + 1,
            pointer: self.pointer(),
            problem,
        }
    }

    fn scan_failure(&self, error: &ScanError) -> Failure {
        // The parser counts flow levels in a byte.
        let problem = if error.info() == "recursion limit exceeded" {
            Problem::FlowTooDeep
        } else {
            Problem::Syntax(error.info().to_string())
        };
        Failure {
            line: error.marker().line(),
            column: error.marker().col() + 1,
            pointer: self.pointer(),
            problem,
        }
    }
}

/// A key as a pointer segment.
fn key_text(key: &Node) -> String {
    match key {
        Node::String(s) => s.clone(),
        Node::Int(n) => n.to_string(),
        Node::BigUnsigned(n) => n.to_string(),
        Node::Float(n) => n.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Null => "null".into(),
        other => other.describe().into(),
    }
}

fn tag_text(tag: &Tag) -> String {
    if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

/// A scalar's value: quoted and block scalars are strings; plain ones are
/// what they look like; a core-schema tag (`!!str 12`) decides; any other
/// tag is kept for the caller to refuse.
fn scalar(value: Cow<'_, str>, style: ScalarStyle, tag: Option<&Tag>) -> Node {
    match tag {
        Some(tag) if tag.is_yaml_core_schema() => match tag.suffix.as_str() {
            "str" | "binary" | "timestamp" => Node::String(value.into_owned()),
            "null" => Node::Null,
            "bool" => parse_bool(&value).map_or(Node::String(value.into_owned()), Node::Bool),
            "int" => parse_int(&value).unwrap_or(Node::String(value.into_owned())),
            "float" => parse_float(&value)
                .or_else(|| parse_int(&value).map(|n| as_f64(&n)))
                .map_or(Node::String(value.into_owned()), Node::Float),
            _ => plain(value),
        },
        Some(tag) => Node::Tagged(tag_text(tag)),
        None if style == ScalarStyle::Plain => plain(value),
        None => Node::String(value.into_owned()),
    }
}

/// A plain scalar as YAML 1.2's core schema resolves it.
fn plain(value: Cow<'_, str>) -> Node {
    let v = value.as_ref();
    if v.is_empty() || matches!(v, "~" | "null" | "Null" | "NULL") {
        return Node::Null;
    }
    if let Some(b) = parse_bool(v) {
        return Node::Bool(b);
    }
    // A number starts with a digit, a sign or a point (`.5`, `.inf`); most
    // plain scalars are words, which then need no number parsed.
    if !matches!(v.as_bytes()[0], b'0'..=b'9' | b'+' | b'-' | b'.') {
        return Node::String(value.into_owned());
    }
    if let Some(n) = parse_int(v) {
        return n;
    }
    if !leading_zero_digits(v)
        && let Some(f) = parse_float(v)
    {
        return Node::Float(f);
    }
    Node::String(value.into_owned())
}

fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// `12`, `-12`, `+12`, `0x1F`, `0o17`, `0b101`; not `012` (a string in
/// YAML 1.2) and not `1_000`.
fn parse_int(v: &str) -> Option<Node> {
    let (negative, digits) = match v.as_bytes().first()? {
        b'-' => (true, &v[1..]),
        b'+' => (false, &v[1..]),
        _ => (false, v),
    };
    let (radix, digits) = if let Some(rest) = digits.strip_prefix("0x") {
        (16, rest)
    } else if let Some(rest) = digits.strip_prefix("0o") {
        (8, rest)
    } else if let Some(rest) = digits.strip_prefix("0b") {
        (2, rest)
    } else {
        if leading_zero_digits(digits) {
            return None;
        }
        (10, digits)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = u128::from_str_radix(digits, radix).ok()?;
    if negative {
        // -2^127 is the most negative i128.
        if magnitude <= i128::MAX as u128 {
            Some(Node::Int(-(magnitude as i128)))
        } else if magnitude == i128::MAX as u128 + 1 {
            Some(Node::Int(i128::MIN))
        } else {
            None
        }
    } else {
        Some(i128::try_from(magnitude).map_or(Node::BigUnsigned(magnitude), Node::Int))
    }
}

fn as_f64(n: &Node) -> f64 {
    match n {
        Node::Int(i) => *i as f64,
        Node::BigUnsigned(u) => *u as f64,
        _ => f64::NAN,
    }
}

/// `1.5`, `-1e3`, `.5`, `.inf`, `-.Inf`, `.nan`; finite numbers must be
/// written with digits (Rust's parser would take `inf` and `NaN` too).
fn parse_float(v: &str) -> Option<f64> {
    let unsigned = v.strip_prefix(['+', '-']).unwrap_or(v);
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if v.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == v.len() => return Some(f64::NAN),
        _ => {}
    }
    let numeric = unsigned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && unsigned.chars().any(|c| c.is_ascii_digit());
    if !numeric {
        return None;
    }
    v.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// `012`, `-007`: digits after a leading zero, which YAML 1.2 reads as a
/// string.
fn leading_zero_digits(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    v.len() > 1 && v.starts_with('0') && v[1..].bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(text: &str) -> Node {
        read(text).unwrap()
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
    fn plain_scalars_resolve_as_the_core_schema_says() {
        assert_eq!(node("~"), Node::Null);
        assert_eq!(node("null"), Node::Null);
        assert_eq!(node("True"), Node::Bool(true));
        assert_eq!(node("yes"), Node::String("yes".into()));
        assert_eq!(node("0x1F"), Node::Int(31));
        assert_eq!(node("-0o17"), Node::Int(-15));
        assert_eq!(node("012"), Node::String("012".into()));
        assert_eq!(node("1.5"), Node::Float(1.5));
        assert_eq!(node("-1e3"), Node::Float(-1000.0));
        assert_eq!(node(".5"), Node::Float(0.5));
        assert_eq!(node("-.inf"), Node::Float(f64::NEG_INFINITY));
        assert_eq!(node("inf"), Node::String("inf".into()));
        assert_eq!(node("1.2.3"), Node::String("1.2.3".into()));
        assert_eq!(node("2026-08-07"), Node::String("2026-08-07".into()));
        assert_eq!(node("'12'"), Node::String("12".into()));
        assert_eq!(node("!!str 12"), Node::String("12".into()));
        assert_eq!(node("!!float 1"), Node::Float(1.0));
    }

    #[test]
    fn tags_and_plain_values_are_told_apart() {
        assert_eq!(node("!Ref x"), Node::Tagged("!Ref".into()));
        assert_eq!(node("!Join [a, b]"), Node::Tagged("!Join".into()));
        assert_eq!(node(""), Node::Null);
        assert_eq!(node("# only a comment\n"), Node::Null);
    }

    #[test]
    fn aliases_repeat_their_anchor() {
        assert_eq!(
            node("a: &x [1, 2]\nb: *x\n"),
            Node::Map(vec![
                (
                    Node::String("a".into()),
                    Node::Seq(vec![Node::Int(1), Node::Int(2)])
                ),
                (
                    Node::String("b".into()),
                    Node::Seq(vec![Node::Int(1), Node::Int(2)])
                ),
            ])
        );
    }

    #[test]
    fn limits_are_reached_with_a_place() {
        let bomb = (1..=9).fold(String::from("l0: &l0 lol\n"), |text, level| {
            let aliases = vec![format!("*l{}", level - 1); 9].join(", ");
            format!("{text}l{level}: &l{level} [{aliases}]\n")
        });
        let failure = read(&bomb).unwrap_err();
        assert_eq!(failure.problem, Problem::AliasesTooLarge);
        assert!(failure.pointer.starts_with("/l"), "{failure:?}");

        let deep = "- ".repeat(MAX_DEPTH + 1) + "x\n";
        let failure = read(&deep).unwrap_err();
        assert_eq!(failure.problem, Problem::TooDeep);
        assert_eq!(failure.pointer, "/0".repeat(MAX_DEPTH));
        assert!(read(&("- ".repeat(MAX_DEPTH) + "x\n")).is_ok());

        let flow = "[".repeat(300) + &"]".repeat(300);
        assert_eq!(read(&flow).unwrap_err().problem, Problem::FlowTooDeep);

        let failure = read("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!(failure.problem, Problem::SecondDocument);
        assert_eq!(failure.line, 2);
    }
}

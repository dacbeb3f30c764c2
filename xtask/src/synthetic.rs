//! Specs of a chosen size or shape, made up: for the benchmarks that watch
//! how the generator scales, and for the tests of its limits. Each is the
//! text of an entry file, built as text (not as a JSON value) so that even
//! a shape no reader should accept can be written.

use std::fmt::Write;

const HEAD: &str = r#""openapi":"3.1.0","info":{"title":"Synthetic","version":"1"}"#;

/// `operations` operations, each with a path of its own and a response
/// schema of its own (JSON).
pub fn wide(operations: usize) -> String {
    let mut paths = String::new();
    let mut schemas = String::new();
    for i in 0..operations {
        if i > 0 {
            paths.push(',');
            schemas.push(',');
        }
        let _ = write!(
            paths,
            r##""/r{i}/{{id}}":{{"get":{{"operationId":"r{i}_get","parameters":[{{"name":"id","in":"path","required":true,"schema":{{"type":"string"}}}}],"responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/R{i}"}}}}}}}}}}}}}}"##
        );
        let _ = write!(
            schemas,
            r#""R{i}":{{"type":"object","required":["id"],"properties":{{"id":{{"type":"string"}},"count":{{"type":"integer"}},"tags":{{"type":"array","items":{{"type":"string"}}}}}}}}"#
        );
    }
    format!(r#"{{{HEAD},"paths":{{{paths}}},"components":{{"schemas":{{{schemas}}}}}}}"#)
}

/// Schemas `S0 → S1 → … → S{links}`, each only a `$ref` to the next but
/// the last, and one operation that answers `S0` (JSON).
pub fn alias_chain(links: usize) -> String {
    let mut schemas = String::new();
    for i in 0..links {
        let _ = write!(
            schemas,
            r##""S{i}":{{"$ref":"#/components/schemas/S{}"}},"##,
            i + 1
        );
    }
    let _ = write!(
        schemas,
        r#""S{links}":{{"type":"object","properties":{{"id":{{"type":"string"}}}}}}"#
    );
    format!(
        r##"{{{HEAD},"paths":{{"/chain":{{"get":{{"operationId":"chain_get","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{{"$ref":"#/components/schemas/S0"}}}}}}}}}}}}}}}},"components":{{"schemas":{{{schemas}}}}}}}"##
    )
}

/// One response schema nested `levels` deep through inline `properties`
/// (each level an object whose property `next` is the next level), as JSON
/// or as YAML in block style (how YAML specs are written).
pub fn nested(levels: usize, yaml: bool) -> String {
    if !yaml {
        let open = r#"{"type":"object","properties":{"next":"#;
        let schema = format!(
            "{}{}{}",
            open.repeat(levels),
            r#"{"type":"string"}"#,
            "}}".repeat(levels)
        );
        return answering(&schema);
    }
    let mut text = String::from(
        "openapi: 3.1.0\ninfo: {title: Synthetic, version: '1'}\npaths:\n  /deep:\n    get:\n      operationId: deep_get\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n",
    );
    let mut indent = 16;
    for _ in 0..levels {
        let pad = " ".repeat(indent);
        let _ = write!(text, "{pad}type: object\n{pad}properties:\n{pad}  next:\n");
        indent += 4;
    }
    let _ = writeln!(text, "{}type: string", " ".repeat(indent));
    text
}

/// One response schema, arrays of arrays `levels` deep, with an example
/// value of lists nested `example_levels` deep (JSON): depth that no stage
/// hoists into named types, so every stage holds it whole. The example's
/// outermost list is [`LEVELS_ABOVE_ANSWER`] + 1 levels down in the
/// document, the innermost `items` schema `LEVELS_ABOVE_ANSWER + levels +
/// 1`.
pub fn deep_values(levels: usize, example_levels: usize) -> String {
    let example = format!(
        "{}\"x\"{}",
        "[".repeat(example_levels),
        "]".repeat(example_levels)
    );
    let inner = format!(
        "{}{}{}",
        r#"{"type":"array","items":"#.repeat(levels.saturating_sub(1)),
        r#"{"type":"string"}"#,
        "}".repeat(levels.saturating_sub(1))
    );
    let schema = format!(r#"{{"type":"array","example":{example},"items":{inner}}}"#);
    answering(&schema)
}

/// Levels of the document around an answer's schema ([`deep_values`],
/// [`nested`] in JSON): the schema object itself is this deep.
pub const LEVELS_ABOVE_ANSWER: usize = 9;

/// A spec with one operation that answers `schema` (JSON).
fn answering(schema: &str) -> String {
    format!(
        r#"{{{HEAD},"paths":{{"/deep":{{"get":{{"operationId":"deep_get","responses":{{"200":{{"description":"ok","content":{{"application/json":{{"schema":{schema}}}}}}}}}}}}}}}}}"#
    )
}

/// A YAML "billion laughs": `levels` anchors, each a list of `width`
/// aliases of the one before, so the last stands for `width^levels`
/// strings.
pub fn alias_bomb(levels: usize, width: usize) -> String {
    let mut text = String::from(
        "openapi: 3.1.0\ninfo: {title: Synthetic, version: '1'}\npaths: {}\nx-laughs:\n  l0: &l0 lol\n",
    );
    for level in 1..=levels {
        let aliases = vec![format!("*l{}", level - 1); width].join(", ");
        let _ = writeln!(text, "  l{level}: &l{level} [{aliases}]");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_shapes_are_json() {
        for text in [wide(3), alias_chain(3), nested(5, false), deep_values(3, 3)] {
            serde_json::from_str::<serde_json::Value>(&text).unwrap();
        }
        let chain: serde_json::Value = serde_json::from_str(&alias_chain(2)).unwrap();
        assert_eq!(
            chain["components"]["schemas"]["S1"]["$ref"],
            "#/components/schemas/S2"
        );
        let deep: serde_json::Value = serde_json::from_str(&nested(2, false)).unwrap();
        let schema = &deep["paths"]["/deep"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        assert_eq!(
            schema["properties"]["next"]["properties"]["next"]["type"],
            "string"
        );
    }
}

//! OpenAPI 3.2 documents that break the specification's rules, one per
//! rule its schema tests check (the themes of `tests/schema/fail` in the
//! OpenAPI Initiative's repository, written anew): each gives a crate or an
//! error naming its file and pointer — never a panic, never a hang. Those
//! the generator must refuse, because it would otherwise send something
//! else, are refused where the rule is broken.

use std::sync::mpsc;
use std::time::Duration;

const HEAD: &str = "openapi: 3.2.0\ninfo: {title: T, version: '1'}\n";

/// (what is wrong, the document after `HEAD`, the pointer it must be
/// refused at, if it must be).
const BROKEN: &[(&str, &str, Option<&str>)] = &[
    ("$self not a string", "$self: 5\npaths: {}\n", None),
    (
        "$self with a fragment",
        "$self: https://example.com/api#frag\npaths: {}\n",
        None,
    ),
    (
        "a query parameter beside a querystring (path item and operation)",
        "paths:\n  /a:\n    parameters:\n      - {name: q, in: querystring, content: {application/x-www-form-urlencoded: {schema: {type: object}}}}\n    get:\n      parameters:\n        - {name: p, in: query, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
        Some("/paths/~1a/get/parameters/1"),
    ),
    (
        "two querystring parameters",
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: a, in: querystring, content: {text/plain: {schema: {type: string}}}}\n        - {name: b, in: querystring, content: {text/plain: {schema: {type: string}}}}\n      responses: {'204': {description: ok}}\n",
        Some("/paths/~1a/get/parameters/1"),
    ),
    (
        "a querystring parameter with a schema instead of content",
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: querystring, schema: {type: object}}\n      responses: {'204': {description: ok}}\n",
        None,
    ),
    (
        "an additional operation for a method with a field of its own",
        "paths:\n  /a:\n    additionalOperations:\n      POST: {responses: {'204': {description: ok}}}\n",
        Some("/paths/~1a/additionalOperations/POST"),
    ),
    (
        "an additional operation whose name is not a method",
        "paths:\n  /a:\n    additionalOperations:\n      'NOT A METHOD': {responses: {'204': {description: ok}}}\n",
        Some("/paths/~1a/additionalOperations/NOT A METHOD"),
    ),
    (
        "an example with both value and dataValue",
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: integer}\n              examples: {one: {value: 1, dataValue: 2, serializedValue: '3'}}\n",
        None,
    ),
    (
        "itemEncoding beside encoding",
        "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          multipart/mixed:\n            schema: {type: object}\n            encoding: {a: {contentType: text/plain}}\n            itemEncoding: {contentType: text/plain}\n      responses: {'204': {description: ok}}\n",
        None,
    ),
    (
        "an event stream's itemSchema that is not an object",
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            text/event-stream:\n              itemSchema: {type: string}\n",
        None,
    ),
    (
        "itemSchema that is not a schema",
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/jsonl:\n              itemSchema: 5\n",
        None,
    ),
    (
        "allowReserved on a header and a path parameter",
        "paths:\n  /a/{p}:\n    get:\n      parameters:\n        - {name: p, in: path, required: true, allowReserved: true, schema: {type: string}}\n        - {name: h, in: header, allowReserved: true, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
        None,
    ),
    (
        "a tag whose parent is not a tag",
        "tags: [{name: a, parent: missing}]\npaths: {}\n",
        None,
    ),
    (
        "components.mediaTypes holding something else",
        "components:\n  mediaTypes: {Bad: 5}\npaths: {}\n",
        None,
    ),
    (
        "a reference to a missing media type component",
        "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/jsonl: {$ref: '#/components/mediaTypes/Missing'}\n",
        Some("/paths/~1a/get/responses/200/content/application~1jsonl"),
    ),
    (
        "an XML node type beside attribute",
        "components:\n  schemas:\n    A:\n      type: object\n      properties:\n        x: {type: string, xml: {attribute: true, nodeType: element}}\npaths: {}\n",
        None,
    ),
    (
        "a querystring parameter without content or schema",
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: querystring}\n      responses: {'204': {description: ok}}\n",
        Some("/paths/~1a/get/parameters/0"),
    ),
];

#[test]
fn broken_3_2_documents_give_a_crate_or_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (what, body, refused_at)) in BROKEN.iter().enumerate() {
        let file = dir.path().join(format!("broken-{i}.yaml"));
        std::fs::write(&file, format!("{HEAD}{body}")).unwrap();
        let (sent, received) = mpsc::channel();
        let path = file.clone();
        std::thread::spawn(move || {
            let outcome = std::panic::catch_unwind(|| {
                xtask::read_spec(&path)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            });
            let _ = sent.send(outcome);
        });
        let outcome = received
            .recv_timeout(Duration::from_secs(20))
            .unwrap_or_else(|_| panic!("{what}: no answer within 20 s"))
            .unwrap_or_else(|_| panic!("{what}: the generator panicked"));
        match (outcome, refused_at) {
            (Ok(()), None) => {}
            (Err(message), None) => assert!(
                message.contains(".yaml#/"),
                "{what}: an error without a location: {message}"
            ),
            (Err(message), Some(at)) => assert!(
                message.contains(&format!(".yaml#{at}:")),
                "{what}: refused, but not at {at}: {message}"
            ),
            (Ok(()), Some(at)) => panic!("{what}: accepted, but must be refused at {at}"),
        }
    }
}

/// Components that are copied where they are used (parameters, headers,
/// responses, media types…) are read only there: one nothing uses does not
/// stop generation, even with a `$ref` that leads nowhere (as the
/// specification's own example of header objects has).
#[test]
fn a_broken_component_that_nothing_uses_breaks_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.yaml");
    std::fs::write(
        &file,
        format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{$ref: '#/components/parameters/used'}}]\n      responses: {{'204': {{description: ok}}}}\n\
             components:\n  parameters:\n    used: {{name: q, in: query, schema: {{type: string}}}}\n    unused: {{$ref: '#/components/parameters/missing'}}\n\
             \x20 headers:\n    Reference: {{$ref: '#/components/schemas/ETag'}}\n  mediaTypes:\n    Broken: {{$ref: '#/nowhere'}}\n"
        ),
    )
    .unwrap();
    let spec = xtask::read_spec(&file).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(spec.api.operations[0].params[0].wire, "q");
}

//! Every cell of the OpenAPI Specification's "Style Examples" table (3.1.1,
//! Parameter Object) sent by the generated client: the value `"blue"`,
//! `["blue", "black", "brown"]` or `{"R": 100, "G": 200, "B": 150}` of a
//! parameter `color`, compared with the raw request a local server reads —
//! the request line's target for path and query parameters, the header
//! line for header and cookie parameters.

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use wire_style_examples::Client;
use wire_style_examples::models::*;

/// A server that answers every request with 204 and passes on its head.
async fn server() -> (Client, mpsc::UnboundedReceiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (heads, received) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let heads = heads.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                loop {
                    while !head.ends_with(b"\r\n\r\n") {
                        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
                            return;
                        }
                        head.push(byte[0]);
                    }
                    let _ = heads.send(String::from_utf8(std::mem::take(&mut head)).unwrap());
                    let _ = socket
                        .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                        .await;
                }
            });
        }
    });
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .build()
        .unwrap();
    (client, received)
}

/// The request target of a request head.
fn target(head: &str) -> &str {
    head.split(' ').nth(1).unwrap()
}

/// The value of header `name` in a request head.
fn header<'a>(head: &'a str, name: &str) -> Vec<&'a str> {
    head.lines()
        .filter_map(|line| line.split_once(": "))
        .filter(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .collect()
}

fn array() -> Vec<String> {
    ["blue", "black", "brown"].map(String::from).to_vec()
}

/// Sends one call and returns the request head the server read.
macro_rules! sent {
    ($received:ident, $call:expr) => {{
        $call.await.unwrap();
        $received.recv().await.unwrap()
    }};
}

#[tokio::test]
async fn path_parameters_are_written_as_the_table_says() {
    let (c, mut r) = server().await;
    let a = array();
    let cases = [
        // matrix, explode false
        (
            sent!(r, c.path_matrix_flat_string("blue")),
            "/path/matrix/flat/string/;color=blue",
        ),
        (
            sent!(r, c.path_matrix_flat_array(&a)),
            "/path/matrix/flat/array/;color=blue,black,brown",
        ),
        (
            sent!(
                r,
                c.path_matrix_flat_object(&PathMatrixFlatObjectColor::new(100, 200, 150))
            ),
            "/path/matrix/flat/object/;color=R,100,G,200,B,150",
        ),
        // matrix, explode true
        (
            sent!(r, c.path_matrix_explode_string("blue")),
            "/path/matrix/explode/string/;color=blue",
        ),
        (
            sent!(r, c.path_matrix_explode_array(&a)),
            "/path/matrix/explode/array/;color=blue;color=black;color=brown",
        ),
        (
            sent!(
                r,
                c.path_matrix_explode_object(&PathMatrixExplodeObjectColor::new(100, 200, 150))
            ),
            "/path/matrix/explode/object/;R=100;G=200;B=150",
        ),
        // label
        (
            sent!(r, c.path_label_flat_string("blue")),
            "/path/label/flat/string/.blue",
        ),
        (
            sent!(r, c.path_label_flat_array(&a)),
            "/path/label/flat/array/.blue,black,brown",
        ),
        (
            sent!(
                r,
                c.path_label_flat_object(&PathLabelFlatObjectColor::new(100, 200, 150))
            ),
            "/path/label/flat/object/.R,100,G,200,B,150",
        ),
        (
            sent!(r, c.path_label_explode_string("blue")),
            "/path/label/explode/string/.blue",
        ),
        (
            sent!(r, c.path_label_explode_array(&a)),
            "/path/label/explode/array/.blue.black.brown",
        ),
        (
            sent!(
                r,
                c.path_label_explode_object(&PathLabelExplodeObjectColor::new(100, 200, 150))
            ),
            "/path/label/explode/object/.R=100.G=200.B=150",
        ),
        // simple
        (
            sent!(r, c.path_simple_flat_string("blue")),
            "/path/simple/flat/string/blue",
        ),
        (
            sent!(r, c.path_simple_flat_array(&a)),
            "/path/simple/flat/array/blue,black,brown",
        ),
        (
            sent!(
                r,
                c.path_simple_flat_object(&PathSimpleFlatObjectColor::new(100, 200, 150))
            ),
            "/path/simple/flat/object/R,100,G,200,B,150",
        ),
        (
            sent!(r, c.path_simple_explode_string("blue")),
            "/path/simple/explode/string/blue",
        ),
        (
            sent!(r, c.path_simple_explode_array(&a)),
            "/path/simple/explode/array/blue,black,brown",
        ),
        (
            sent!(
                r,
                c.path_simple_explode_object(&PathSimpleExplodeObjectColor::new(100, 200, 150))
            ),
            "/path/simple/explode/object/R=100,G=200,B=150",
        ),
    ];
    for (head, expected) in &cases {
        assert_eq!(target(head), *expected);
    }
}

#[tokio::test]
async fn query_parameters_are_written_as_the_table_says() {
    let (c, mut r) = server().await;
    let a = array();
    let cases = [
        // form, explode false
        (
            sent!(r, c.query_form_flat_string("blue")),
            "/query/form/flat/string?color=blue",
        ),
        (
            sent!(r, c.query_form_flat_array(&a)),
            "/query/form/flat/array?color=blue,black,brown",
        ),
        (
            sent!(
                r,
                c.query_form_flat_object(&QueryFormFlatObjectColor::new(100, 200, 150))
            ),
            "/query/form/flat/object?color=R,100,G,200,B,150",
        ),
        // form, explode true
        (
            sent!(r, c.query_form_explode_string("blue")),
            "/query/form/explode/string?color=blue",
        ),
        (
            sent!(r, c.query_form_explode_array(&a)),
            "/query/form/explode/array?color=blue&color=black&color=brown",
        ),
        (
            sent!(
                r,
                c.query_form_explode_object(&QueryFormExplodeObjectColor::new(100, 200, 150))
            ),
            "/query/form/explode/object?R=100&G=200&B=150",
        ),
        // spaceDelimited and pipeDelimited, explode false
        (
            sent!(r, c.query_space_delimited_flat_array(&a)),
            "/query/spaceDelimited/flat/array?color=blue%20black%20brown",
        ),
        (
            sent!(
                r,
                c.query_space_delimited_flat_object(&QuerySpaceDelimitedFlatObjectColor::new(
                    100, 200, 150
                ))
            ),
            "/query/spaceDelimited/flat/object?color=R%20100%20G%20200%20B%20150",
        ),
        (
            sent!(r, c.query_pipe_delimited_flat_array(&a)),
            "/query/pipeDelimited/flat/array?color=blue%7Cblack%7Cbrown",
        ),
        (
            sent!(
                r,
                c.query_pipe_delimited_flat_object(&QueryPipeDelimitedFlatObjectColor::new(
                    100, 200, 150
                ))
            ),
            "/query/pipeDelimited/flat/object?color=R%7C100%7CG%7C200%7CB%7C150",
        ),
        // deepObject, explode true
        (
            sent!(
                r,
                c.query_deep_object_explode_object(&QueryDeepObjectExplodeObjectColor::new(
                    100, 200, 150
                ))
            ),
            "/query/deepObject/explode/object?color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150",
        ),
    ];
    for (head, expected) in &cases {
        assert_eq!(target(head), *expected);
    }
}

#[tokio::test]
async fn header_and_cookie_parameters_are_written_in_their_styles() {
    let (c, mut r) = server().await;
    let a = array();
    let headers = [
        (sent!(r, c.header_simple_flat_string("blue")), "blue"),
        (sent!(r, c.header_simple_flat_array(&a)), "blue,black,brown"),
        (
            sent!(
                r,
                c.header_simple_flat_object(&HeaderSimpleFlatObjectColor::new(100, 200, 150))
            ),
            "R,100,G,200,B,150",
        ),
        (sent!(r, c.header_simple_explode_string("blue")), "blue"),
        (
            sent!(r, c.header_simple_explode_array(&a)),
            "blue,black,brown",
        ),
        (
            sent!(
                r,
                c.header_simple_explode_object(&HeaderSimpleExplodeObjectColor::new(100, 200, 150))
            ),
            "R=100,G=200,B=150",
        ),
    ];
    for (head, expected) in &headers {
        assert_eq!(header(head, "color"), [*expected], "{head}");
    }
    let cookies = [
        (sent!(r, c.cookie_form_flat_string("blue")), "color=blue"),
        (
            sent!(r, c.cookie_form_flat_array(&a)),
            "color=blue,black,brown",
        ),
        (
            sent!(
                r,
                c.cookie_form_flat_object(&CookieFormFlatObjectColor::new(100, 200, 150))
            ),
            "color=R,100,G,200,B,150",
        ),
        (sent!(r, c.cookie_form_explode_string("blue")), "color=blue"),
    ];
    for (head, expected) in &cookies {
        assert_eq!(header(head, "cookie"), [*expected], "{head}");
    }
}

#[tokio::test]
async fn values_are_percent_encoded_and_dot_segments_refused() {
    let (c, mut r) = server().await;
    let odd = vec!["a,b".to_string(), "c d/é".to_string()];
    let head = sent!(r, c.query_form_flat_array(&odd));
    assert_eq!(
        target(&head),
        "/query/form/flat/array?color=a%2Cb,c%20d%2F%C3%A9"
    );
    let head = sent!(r, c.path_label_explode_array(&odd));
    assert_eq!(
        target(&head),
        "/path/label/explode/array/.a%2Cb.c%20d%2F%C3%A9"
    );
    // `.` + `.` would be the path step `..`: refused before anything is sent.
    let error = c.path_label_flat_string(".").await.unwrap_err();
    assert!(error.to_string().contains("path step"), "{error}");
    assert!(r.try_recv().is_err());
}

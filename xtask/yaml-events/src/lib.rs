//! The events of a YAML text, handed one by one to a callback.
//!
//! saphyr-parser's parser is generic over its input, so its code is
//! compiled in whichever crate names `Parser<StrInput>`: at the generator's
//! opt-level in the dev profile (none), where a small spec's parse took a
//! fifth of codegen. Named here, in a non-generic function, it is compiled
//! with this crate's opt-level instead.

use std::ops::ControlFlow;

pub use saphyr_parser::{Event, ScalarStyle, ScanError, Span, Tag};

/// Hands `sink` each event of `text` in order, or the error that ends it,
/// until the events end or `sink` breaks.
pub fn each<'a>(
    text: &'a str,
    sink: &mut dyn FnMut(Result<(Event<'a>, Span), ScanError>) -> ControlFlow<()>,
) {
    let mut parser = saphyr_parser::Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        if sink(next).is_break() {
            return;
        }
    }
}

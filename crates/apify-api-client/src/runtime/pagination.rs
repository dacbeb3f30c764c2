//! Lazy iteration over offset/limit pages.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::Stream;

use super::Error;

/// The part of a page that iteration needs.
#[allow(
    dead_code,
    reason = "used by generated list methods, which not every API has"
)]
#[derive(Debug)]
pub struct PageOf<T> {
    pub items: Vec<T>,
    /// How many items the whole list holds.
    pub total: i64,
}

/// A stream of items that fetches the page at `offset` only when the items
/// before it have been consumed, asking each time for the items still
/// wanted but never more than `max_page` (the API's maximum; `None` for the
/// server's page size when no `limit` is given). It ends when `limit` items
/// (if given) have been yielded, when the list's total is reached, or at an
/// empty page. `fetch` is given a copy of `state` (what the stream owns of
/// the call: its client and arguments) and the page's offset and limit.
#[allow(
    dead_code,
    reason = "used by generated list methods, which not every API has"
)]
pub fn paginate<S, T, F, Fut>(
    offset: i64,
    limit: Option<i64>,
    max_page: Option<i64>,
    call: S,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    S: Clone,
    F: FnMut(S, i64, Option<i64>) -> Fut,
    Fut: Future<Output = Result<PageOf<T>, Error>>,
{
    struct State<S, T, F> {
        call: S,
        fetch: F,
        offset: i64,
        remaining: Option<i64>,
        buffer: VecDeque<T>,
        done: bool,
    }
    let state = State {
        call,
        fetch,
        offset,
        remaining: limit,
        buffer: VecDeque::new(),
        done: limit == Some(0),
    };
    futures_util::stream::try_unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Ok(Some((item, state)));
            }
            if state.done {
                return Ok(None);
            }
            let ask = match (state.remaining, max_page) {
                (Some(remaining), Some(max)) => Some(remaining.min(max)),
                (remaining, None) => remaining,
                (None, max) => max,
            };
            let page = (state.fetch)(state.call.clone(), state.offset, ask).await?;
            let mut items = page.items;
            if items.is_empty() {
                return Ok(None);
            }
            state.offset += items.len() as i64;
            if let Some(remaining) = &mut state.remaining {
                items.truncate((*remaining).max(0) as usize);
                *remaining -= items.len() as i64;
                state.done |= *remaining <= 0;
            }
            state.done |= state.offset >= page.total;
            state.buffer.extend(items);
        }
    })
}

//! Spec descriptions → Markdown that rustdoc takes without warnings.
//!
//! Descriptions are written for API documentation sites, not rustdoc, which
//! would compile an unlabelled code block as a doctest, read `[DEPRECATED]`
//! as a link to a Rust item, and flag bare URLs. Each of those is defused
//! here, keeping what the text says.

pub fn markdown(text: &str) -> String {
    let tags = balanced_tags(text);
    let mut out = Vec::new();
    let mut in_fence = false;
    // Inside a list item: where its text starts. A line that continues the
    // item is indented to there (a "lazy" continuation renders the same,
    // but clippy flags it in doc comments).
    let mut item_indent: Option<usize> = None;
    // Inside a block quote: a line that continues it without its own `>`
    // is given one (the same rendering; clippy flags the lazy form).
    let mut in_quote = false;
    for line in text.trim_end().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            let label = trimmed.trim_start_matches('`').trim();
            let opening = !in_fence;
            in_fence = !in_fence;
            out.push(if opening && (label.is_empty() || label == "rust") {
                "```text".to_string()
            } else {
                trimmed.to_string()
            });
        } else if in_fence || is_reference_definition(trimmed) {
            out.push(line.to_string());
        } else if trimmed.is_empty() {
            item_indent = None;
            in_quote = false;
            out.push(String::new());
        } else if trimmed.starts_with('>') || in_quote {
            let quoted = trimmed.strip_prefix('>').unwrap_or(trimmed).trim_start();
            in_quote = true;
            out.push(
                format!("> {}", inline(quoted, &tags))
                    .trim_end()
                    .to_string(),
            );
        } else {
            // Four spaces of indentation would make an indented code block
            // (another doctest); three keep nested lists nested.
            let mut indent = (line.len() - trimmed.len()).min(3);
            match list_marker(trimmed) {
                Some(width) => item_indent = Some(indent + width),
                None => {
                    if let Some(item) = item_indent {
                        indent = indent.max(item);
                    }
                }
            }
            out.push(format!("{}{}", " ".repeat(indent), inline(trimmed, &tags)));
        }
    }
    out.join("\n")
}

/// One line outside code blocks. `<word>` stays HTML only when `tags`
/// (the balanced or void tags of the whole text) has it; otherwise it is
/// text (`<num>` in "a URL with <num> in it"), which rustdoc would read as
/// an unclosed tag.
fn inline(line: &str, tags: &[String]) -> String {
    // Most lines have nothing to defuse; the byte searches are `memchr`s,
    // fast even in the dev profile, where the loop below is not.
    let bytes = line.as_bytes();
    if !bytes.contains(&b'`')
        && !bytes.contains(&b'[')
        && !bytes.contains(&b'<')
        && !line.contains("http")
    {
        return line.to_string();
    }
    let line = line.replace("</br>", "<br>");
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut in_code = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let previous = if i > 0 { Some(chars[i - 1]) } else { None };
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        if c == '['
            && previous != Some('\\')
            && let Some(close) = chars[i..].iter().position(|&ch| ch == ']').map(|p| p + i)
        {
            let next = chars.get(close + 1).copied();
            if next == Some('[') {
                // `[text][label]`: a reference link, both parts kept.
                let end = chars[close + 1..]
                    .iter()
                    .position(|&ch| ch == ']')
                    .map_or(close, |p| p + close + 1);
                out.extend(&chars[i..=end]);
                i = end + 1;
                continue;
            }
            if next == Some('(')
                && let Some(end) = chars[close + 1..]
                    .iter()
                    .position(|&ch| ch == ')')
                    .map(|p| p + close + 1)
            {
                let target: String = chars[close + 2..end].iter().collect();
                if is_rust_path(&target) {
                    // A link to an item of the server's code, which the
                    // generated crate does not have: its text alone.
                    out.push_str(&inline(
                        &chars[i + 1..close].iter().collect::<String>(),
                        tags,
                    ));
                    i = end + 1;
                    continue;
                }
            }
            if !matches!(next, Some('(') | Some(':')) {
                out.push_str("\\[");
                out.extend(&chars[i + 1..close]);
                out.push_str("\\]");
                i = close + 1;
                continue;
            }
        }
        if c == '<'
            && let Some(name) = tag_name(&chars[i + 1..])
            && !tags.contains(&name)
        {
            out.push_str("&lt;");
            i += 1;
            continue;
        }
        // A URL is already a link's target after `](`, and an attribute's
        // value after `="`; in plain parentheses it is bare.
        let link_target = previous == Some('(') && i >= 2 && chars[i - 2] == ']';
        if c == 'h'
            && (starts_with(&chars[i..], "https://") || starts_with(&chars[i..], "http://"))
            && !link_target
            && !matches!(previous, Some('<' | '"' | '\'' | '[' | '=' | '/'))
        {
            let mut end = i;
            while end < chars.len()
                && !chars[end].is_whitespace()
                && !matches!(chars[end], ')' | ']' | '<' | '>' | '"' | '\'' | '`')
            {
                end += 1;
            }
            while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?') {
                end -= 1;
            }
            out.push('<');
            out.extend(&chars[i..end]);
            out.push('>');
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Where the text of a list item starts (`- `, `*   `, `1. `), if `line`
/// starts one: after its marker and the spaces that follow it (CommonMark:
/// one to four; with more, the text starts after the first).
fn list_marker(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || !line[digits..].starts_with('.') {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|c| *c == ' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        _ => Some(marker + 1),
    }
}

/// The lowercase name of the HTML tag that `after` (what follows a `<`)
/// opens or closes, if it looks like one.
fn tag_name(after: &[char]) -> Option<String> {
    let after = after.strip_prefix(&['/']).unwrap_or(after);
    let name: String = after
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '-')
        .collect();
    let next = after.get(name.len());
    (name.starts_with(|c: char| c.is_ascii_alphabetic()) && matches!(next, Some('>' | ' ' | '/')))
        .then(|| name.to_ascii_lowercase())
}

/// Tags that may stay HTML in `text`: void ones (`<br>`) always, the
/// others only if every tag of the text (outside code) nests properly, as
/// rustdoc checks. Broken HTML (`</code>` closing nothing, a `<p>` never
/// closed) is escaped whole and reads as text.
fn balanced_tags(text: &str) -> Vec<String> {
    const VOID: &[&str] = &["br", "hr", "img", "wbr"];
    let mut tags: Vec<String> = VOID.iter().map(|t| t.to_string()).collect();
    if !text.as_bytes().contains(&b'<') {
        return tags;
    }
    let mut open: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let mut nested = true;
    for chars in prose(text) {
        for (i, c) in chars.iter().enumerate() {
            if *c != '<' {
                continue;
            }
            let Some(name) = tag_name(&chars[i + 1..]) else {
                continue;
            };
            // `<num>` in "a URL with <num> in it" is a placeholder, never HTML.
            if VOID.contains(&name.as_str()) || !HTML_ELEMENTS.contains(&name.as_str()) {
                continue;
            }
            let self_closing = chars[i..]
                .iter()
                .position(|&c| c == '>')
                .is_some_and(|end| end > 0 && chars[i + end - 1] == '/');
            if chars.get(i + 1) == Some(&'/') {
                nested &= open.pop().as_ref() == Some(&name);
            } else if !self_closing {
                open.push(name.clone());
            }
            if !seen.contains(&name) {
                seen.push(name);
            }
        }
    }
    if nested && open.is_empty() {
        tags.extend(seen);
    }
    tags
}

/// The HTML elements descriptions use; any other `<word>` is text.
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "big",
    "blockquote",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "font",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "i",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
];

/// The text outside fenced code blocks and code spans, as rustdoc reads
/// HTML tags.
fn prose(text: &str) -> Vec<Vec<char>> {
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut in_code = false;
        out.push(
            line.chars()
                .filter(|&c| {
                    if c == '`' {
                        in_code = !in_code;
                        return false;
                    }
                    !in_code
                })
                .collect(),
        );
    }
    out
}

/// Whether a link target is a Rust path (`crate::a::B`, `Disk`), which
/// rustdoc would resolve as an intra-doc link.
fn is_rust_path(target: &str) -> bool {
    let target = target.trim();
    !target.is_empty()
        && !target.starts_with(':')
        && target
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '<' | '>' | '!'))
}

/// `[label]: https://…`
fn is_reference_definition(line: &str) -> bool {
    line.starts_with('[')
        && line
            .find("]:")
            .is_some_and(|end| !line[1..end].contains('['))
}

fn starts_with(chars: &[char], prefix: &str) -> bool {
    prefix
        .chars()
        .enumerate()
        .all(|(i, p)| chars.get(i) == Some(&p))
}

#[cfg(test)]
mod tests {
    use super::markdown;

    #[test]
    fn a_block_quote_continued_without_its_marker_gets_one() {
        assert_eq!(
            markdown("> Unofficial\nReturns a 430.\n\nAfter."),
            "> Unofficial\n> Returns a 430.\n\nAfter."
        );
    }

    #[test]
    fn angle_brackets_that_are_not_balanced_html_are_text() {
        assert_eq!(
            markdown("The URL must contain <num>; <b>bold</b><br> `<code>` <https://x.test>"),
            "The URL must contain &lt;num>; <b>bold</b><br> `<code>` <https://x.test>"
        );
    }

    #[test]
    fn html_that_does_not_nest_is_escaped_whole() {
        assert_eq!(
            markdown("<p>The <b>date</b> is in the header.</code></p> <ul><li>a</li></ul>"),
            "&lt;p>The &lt;b>date&lt;/b> is in the header.&lt;/code>&lt;/p> &lt;ul>&lt;li>a&lt;/li>&lt;/ul>"
        );
        assert_eq!(
            markdown("<p>Fine <code>x</code><br/></p>"),
            "<p>Fine <code>x</code><br/></p>"
        );
    }

    #[test]
    fn a_url_in_plain_parentheses_is_bare_and_a_link_target_is_not() {
        assert_eq!(
            markdown("Board (https://x.test/) and [site](https://y.test/)"),
            "Board (<https://x.test/>) and [site](https://y.test/)"
        );
    }

    #[test]
    fn a_url_that_is_an_anchors_text_ends_at_the_tag() {
        assert_eq!(
            markdown("(see: <a href=\"http://x.test/a\">http://x.test/a</a>)"),
            "(see: <a href=\"http://x.test/a\"><http://x.test/a></a>)"
        );
    }

    #[test]
    fn links_to_rust_items_of_the_server_keep_their_text() {
        assert_eq!(
            markdown(
                "A [`Disk`](omicron_common::api::external::Disk) or [x](crate::a::B), see [docs](https://x.test/a) and [up](../a.html)"
            ),
            "A `Disk` or x, see [docs](https://x.test/a) and [up](../a.html)"
        );
    }

    #[test]
    fn list_continuations_are_indented_to_the_item_text() {
        assert_eq!(
            markdown("*   Use the [Git Trees\n  API](https://x.test/t).\n-   b\nc"),
            "*   Use the [Git Trees\n    API](https://x.test/t).\n-   b\n    c"
        );
        assert_eq!(markdown("-x\n1.5 mm"), "-x\n1.5 mm");
    }

    #[test]
    fn code_blocks_cannot_become_doctests() {
        let text =
            markdown("Example:\n\n```\n{\"a\": 1}\n```\n\n        indented\n```json\n{}\n```");
        assert_eq!(
            text,
            "Example:\n\n```text\n{\"a\": 1}\n```\n\n   indented\n```json\n{}\n```"
        );
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            markdown("**[DEPRECATED]** moved"),
            "**\\[DEPRECATED\\]** moved"
        );
        assert_eq!(
            markdown("see [the docs](https://x.io) and [ref][1]"),
            "see [the docs](https://x.io) and [ref][1]"
        );
        assert_eq!(markdown("[1]: https://x.io"), "[1]: https://x.io");
        assert_eq!(markdown("`a[0]` and \\[kept\\]"), "`a[0]` and \\[kept\\]");
    }

    #[test]
    fn bare_urls_become_links_and_others_stay() {
        assert_eq!(
            markdown("pages (e.g. https://apify.com/apify). Or http://x.io/a?b=1, then"),
            "pages (e.g. <https://apify.com/apify>). Or <http://x.io/a?b=1>, then"
        );
        for kept in [
            "<https://x.io>",
            "[x](https://x.io)",
            "href=\"https://x.io\"",
            "`https://x.io`",
        ] {
            assert_eq!(markdown(kept), kept);
        }
    }

    #[test]
    fn list_items_continue_indented() {
        assert_eq!(
            markdown(
                "- For [Node.js](https://nodejs.org), the\n`apify-client` package.\n- next\n\nafter"
            ),
            "- For [Node.js](https://nodejs.org), the\n  `apify-client` package.\n- next\n\nafter"
        );
        assert_eq!(markdown("10. ten\nmore"), "10. ten\n    more");
    }

    #[test]
    fn stray_closing_breaks_are_repaired() {
        assert_eq!(markdown("a <br/></br>b"), "a <br/><br>b");
    }

    #[test]
    fn defusing_twice_changes_nothing_more() {
        let once = markdown("**[X]** at https://x.io\n```\ncode\n```");
        assert_eq!(markdown(&once), once);
    }
}

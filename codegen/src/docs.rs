//! Descriptions and titles → rustdoc lines that rustdoc and clippy accept as they are, and that
//! work where users read them (docs.rs).
//!
//! Spec prose is Markdown written for the API's own site. Left alone, rustdoc would run its code
//! blocks as doctests, warn on bare URLs, read `[foo]` as a broken intra-doc link and `<think>` as
//! an unclosed HTML tag, and the site's root-relative links (`/docs/guides/...`) would be dead.
//! Each description is parsed once, as a whole Markdown document, by pulldown-cmark (the parser
//! rustdoc itself uses), so a construct is rewritten exactly when rustdoc would see it and a link
//! the spec wraps over two lines stays a link. Only these spans change; the rest is copied as
//! written:
//!
//! - fenced code becomes ```` ```text ````, indented code a ```` ```text ```` fence (never a
//!   doctest), and an unclosed fence is closed;
//! - bare URLs get `<...>`; brackets that are not part of a link are escaped;
//! - HTML is escaped (`&lt;`): it shows as written and never opens a tag;
//! - a root-relative link target (`/docs/...`) is joined to the link base
//!   ([`Config::link_base`](crate::Config::link_base)); a link whose target cannot be made
//!   absolute (no base, `./page`, `#anchor`) keeps its text only;
//! - lazy continuation lines of a list item are indented under it (clippy's
//!   `doc_lazy_continuation`).
//!
//! A type's docs then start with a one-sentence paragraph ([`summary`]): rustdoc shows the first
//! paragraph in item lists.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// The text of the one `#[doc]` that stands for a block of doc lines while a file is emitted
/// (`emit`'s `docs`): prettyplease prints it as `///` and this, and the render stage writes the
/// block's lines there. Here, beside the lines it stands for, so that neither stage imports the
/// other.
pub const DOC_PLACEHOLDER: &str = "\u{1}";

/// Stands, on a line of its own, for an item the emitter laid out as text itself (`emit`'s
/// `laid_out`; the text is among the file's blocks, in order with the doc blocks): the render
/// stage writes the text there as it is.
pub const ITEM_PLACEHOLDER: &str = "\u{2}";

/// The rustdoc lines for a schema: the title, a blank line, the description. `link_base` is
/// joined to root-relative link targets.
pub fn doc_lines(title: Option<&str>, description: Option<&str>, link_base: Option<&str>) -> Vec<String> {
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    let description = description.map(str::trim).filter(|d| !d.is_empty());
    let text = match (title, description) {
        (Some(title), Some(description)) if title != description => format!("{title}\n\n{description}"),
        (Some(text), _) | (None, Some(text)) => text.to_owned(),
        (None, None) => return Vec::new(),
    };
    let cleaned = clean(&text, link_base);
    let mut lines: Vec<String> = Vec::new();
    for line in cleaned.lines() {
        // One blank line between paragraphs, none at the ends.
        if line.is_empty() && lines.last().is_none_or(|l: &String| l.is_empty()) {
            continue;
        }
        lines.push(line.to_owned());
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// Cleans one Markdown text.
pub fn clean(text: &str, link_base: Option<&str>) -> String {
    let text = normalize(text);
    if is_plain(&text) {
        return indent_lazy_continuations(&text);
    }
    indent_lazy_continuations(&rewrite(&text, link_base))
}

/// [`clean`] with every text parsed, plain or not: what the shortcut must equal (for tests).
#[doc(hidden)]
pub fn clean_parsed(text: &str, link_base: Option<&str>) -> String {
    indent_lazy_continuations(&rewrite(&normalize(text), link_base))
}

/// Whether `rewrite` would leave the (normalized) text as it is, seen without parsing it: it
/// holds nothing that starts a span `rewrite` edits. No code block (a fence, or a line indented
/// as code), no HTML or autolink (`<`), no link or bracket (`[`, `]`), no bare URL (`http`),
/// and no backslash (inline code is edited only where it escapes a quote). Nine texts in ten of
/// the OpenAI spec are plain, and their parse was most of the time spent cleaning docs.
fn is_plain(text: &str) -> bool {
    // One pass over the bytes (five searches of the text were a fifth of cleaning it).
    let bytes = text.as_bytes();
    let mut line_start = true;
    for (at, &byte) in bytes.iter().enumerate() {
        let starts = |pattern: &[u8]| bytes[at..].starts_with(pattern);
        match byte {
            b'<' | b'[' | b']' | b'\\' => return false,
            b'h' if starts(b"http") => return false,
            b'`' if starts(b"```") => return false,
            b'~' if starts(b"~~~") => return false,
            b' ' if line_start && starts(b"    ") => return false,
            _ => {}
        }
        line_start = byte == b'\n';
    }
    true
}

/// Unix line ends, tabs as four spaces, the indentation common to all lines removed, no
/// trailing spaces.
fn normalize(text: &str) -> String {
    // Most texts have neither: not copied for nothing.
    let text = match text.contains('\r') {
        true => std::borrow::Cow::Owned(text.replace("\r\n", "\n")),
        false => std::borrow::Cow::Borrowed(text),
    };
    let text = match text.contains('\t') {
        true => std::borrow::Cow::Owned(text.replace('\t', "    ")),
        false => text,
    };
    let common = text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut out = String::with_capacity(text.len() + 1);
    for line in text.lines() {
        out.push_str(line.get(common..).unwrap_or(line.trim_start()).trim_end());
        out.push('\n');
    }
    out
}

/// The Markdown extensions rustdoc turns on.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// A replacement of the source text in `range`.
type Edit = (Range<usize>, String);

/// Rewrites the spans of `text` that rustdoc would misread or that are dead where docs are read.
fn rewrite(text: &str, link_base: Option<&str>) -> String {
    let mut edits: Vec<Edit> = Vec::new();
    // The run of adjacent text events being gathered (the parser splits text at `_`, `[`, ...).
    let mut prose: Option<Range<usize>> = None;
    let mut links = 0usize;
    let mut code = false;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let continues = matches!(event, Event::Text(_)) && !code && prose.as_ref().is_some_and(|run| run.end == range.start);
        if !continues {
            if let Some(run) = prose.take() {
                edits.extend(escape_prose(text, run, links > 0));
            }
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                code = true;
                edits.push(code_block(text, range, &kind));
            }
            Event::End(TagEnd::CodeBlock) => code = false,
            Event::Text(_) if !code => prose = Some(prose.map_or(range.clone(), |run| run.start..range.end)),
            Event::Html(_) | Event::InlineHtml(_) => edits.push((range.clone(), text[range].replace('<', "&lt;"))),
            Event::Code(_) => edits.extend(unescape_quotes(text, range)),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                edits.extend(link(text, range, &dest_url, link_base));
                links += 1;
            }
            Event::End(TagEnd::Link | TagEnd::Image) => links = links.saturating_sub(1),
            _ => {}
        }
    }
    if let Some(run) = prose {
        edits.extend(escape_prose(text, run, links > 0));
    }
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for (range, replacement) in edits {
        if range.start < at {
            continue; // never happens: edits do not overlap; a stray one is dropped, not applied twice
        }
        out.push_str(&text[at..range.start]);
        out.push_str(&replacement);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Text outside code: bare URLs wrapped in `<...>` (not inside a link's text), brackets escaped.
fn escape_prose(text: &str, run: Range<usize>, in_link: bool) -> Option<Edit> {
    let slice = &text[run.clone()];
    // Most runs hold neither: not walked a character at a time.
    if !slice.contains(['[', ']']) && !slice.contains("http") {
        return None;
    }
    let mut out = String::with_capacity(slice.len() + 8);
    let mut changed = false;
    let mut i = 0;
    while let Some(c) = slice[i..].chars().next() {
        let rest = &slice[i..];
        let word_start = slice[..i].chars().last().is_none_or(|p| !p.is_alphanumeric());
        if !in_link && word_start && (rest.starts_with("https://") || rest.starts_with("http://")) {
            let length = url_length(rest);
            out.push('<');
            out.push_str(&rest[..length]);
            out.push('>');
            i += length;
            changed = true;
            continue;
        }
        if matches!(c, '[' | ']') && !escaped(text, run.start + i) {
            out.push('\\');
            changed = true;
        }
        out.push(c);
        i += c.len_utf8();
    }
    changed.then_some((run, out))
}

/// Inline code whose quotes the spec escaped as if in a JSON string (`` `[\"audio\"]` ``): in a
/// code span a backslash shows as written, so it reads `["audio"]`. A span with a bare quote too
/// (`` `"{\"a\": 1}"` ``, a JSON string holding JSON) is left alone: there the escapes mean it.
fn unescape_quotes(text: &str, range: Range<usize>) -> Option<Edit> {
    let span = &text[range.clone()];
    let bare = span.char_indices().any(|(at, c)| c == '"' && !escaped(span, at));
    (span.contains("\\\"") && !bare).then(|| (range, span.replace("\\\"", "\"")))
}

/// Whether the character at `at` follows an odd number of backslashes.
fn escaped(text: &str, at: usize) -> bool {
    text[..at].bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1
}

/// A link or image: a root-relative target joined to the base; one that cannot be made absolute
/// unwrapped to its text. Only inline links have their target in place to edit.
fn link(text: &str, range: Range<usize>, dest: &str, base: Option<&str>) -> Vec<Edit> {
    if is_absolute(dest) {
        return Vec::new();
    }
    let source = &text[range.clone()];
    let Some(close) = source.rfind("](") else { return Vec::new() };
    let target = range.start + close + 2;
    let target = target + (text[target..].len() - text[target..].trim_start_matches([' ', '\n', '<']).len());
    match base {
        Some(base) if dest.starts_with('/') => vec![(target..target, base.trim_end_matches('/').to_owned())],
        _ => {
            let opening = 1 + usize::from(source.starts_with('!'));
            vec![(range.start..range.start + opening, String::new()), (range.start + close..range.end, String::new())]
        }
    }
}

/// A target with a scheme (`https:`, `mailto:`) or protocol-relative (`//host/...`).
fn is_absolute(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let scheme = dest.split(':').next().unwrap_or("");
    scheme.len() < dest.len()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A code block as a ```` ```text ```` fence: never a doctest, shown as written.
fn code_block(text: &str, range: Range<usize>, kind: &CodeBlockKind) -> Edit {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    match kind {
        CodeBlockKind::Fenced(_) => {
            let block = &text[range.clone()];
            let first_end = block.find('\n').unwrap_or(block.len());
            let marker = if block.starts_with('~') { '~' } else { '`' };
            let run: String = block.chars().take_while(|c| *c == marker).collect();
            let body = &block[first_end..];
            let closed = first_end < block.len() && {
                let last = body.trim_end().rsplit('\n').next().unwrap_or("").trim();
                last.len() >= run.len() && last.chars().all(|c| c == marker)
            };
            let mut out = format!("{run}text{body}");
            if !closed {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&text[line_start..range.start]);
                out.push_str(&run);
                out.push('\n');
            }
            (range, out)
        }
        CodeBlockKind::Indented => {
            let indent = range.start - line_start;
            let pad = " ".repeat(indent.saturating_sub(4));
            let mut lines: Vec<&str> = text[line_start..range.end].lines().collect();
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            // The block's own common indentation goes too: the fence shows where the code is.
            let common = lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
            let mut out = format!("{pad}```text\n");
            for line in lines {
                let strip = (line.len() - line.trim_start().len()).min(common);
                if !line[strip..].is_empty() {
                    out.push_str(&pad);
                    out.push_str(&line[strip..]);
                }
                out.push('\n');
            }
            out.push_str(&pad);
            out.push_str("```\n");
            (line_start..range.end, out)
        }
    }
}

/// Indents a list item's lazy continuation lines under the item, outside code fences.
fn indent_lazy_continuations(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<String> = None;
    let mut list_indent: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            if trimmed.starts_with(marker.as_str()) && trimmed.trim_start_matches(marker.chars().next().unwrap_or('`')).is_empty() {
                fence = None;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(marker) = ["```", "~~~"].iter().find(|m| trimmed.starts_with(**m)) {
            fence = Some(trimmed.chars().take_while(|c| marker.starts_with(*c)).collect());
            list_indent = None;
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if trimmed.is_empty() {
            out.push('\n');
            list_indent = None;
            continue;
        }
        let indent = line.len() - trimmed.len();
        let indent = match (list_item_content(trimmed), list_indent) {
            (Some(content), _) => {
                list_indent = Some(indent + content);
                indent
            }
            (None, Some(column)) if indent < column => column,
            _ => indent,
        };
        out.push_str(&" ".repeat(indent));
        out.push_str(trimmed);
        out.push('\n');
    }
    out
}

/// The width of a list marker (`- `, `* `, `+ `, `12. `) at the start of a line.
fn list_item_content(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then_some(digits + 2)
}

/// Where a bare URL ends: at whitespace, or before sentence punctuation; a `)` belongs to the URL
/// only when it closes a `(` inside it.
fn url_length(text: &str) -> usize {
    let mut end = text.find(|c: char| c.is_whitespace() || c == '<' || c == '>' || c == '`' || c == '"').unwrap_or(text.len());
    loop {
        let url = &text[..end];
        let Some(last) = url.chars().last() else { return end };
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | ']') || unbalanced {
            end -= last.len_utf8();
        } else {
            return end;
        }
    }
}

/// The summary of one type's doc lines: they start with a one-sentence paragraph, else with
/// `fallback` (`ir` gives every type of the model its summary with it).
pub fn summary(lines: &[String], fallback: impl FnOnce() -> String) -> Vec<String> {
    let text = lines.join("\n");
    // A first paragraph of plain lines whose first sentence is all of it (or that has no
    // sentence end) is kept as it is, seen without parsing it: the parse could only find fewer
    // sentence ends in it (none inside code or emphasis), and would keep it too.
    if let Some(paragraph_end) = plain_first_paragraph(&text) {
        match sentence_end(&text, 0..paragraph_end) {
            None => return lines.to_vec(),
            Some(end) if text[end..paragraph_end].trim().is_empty() => return lines.to_vec(),
            Some(_) => {}
        }
    }
    summary_parsed(&text, lines, fallback)
}

/// [`summary`] with every text parsed: what the shortcut must equal (for tests).
#[doc(hidden)]
pub fn summary_of_parsed(lines: &[String], fallback: impl FnOnce() -> String) -> Vec<String> {
    summary_parsed(&lines.join("\n"), lines, fallback)
}

/// Where the first paragraph of `text` ends, when the parser reads it as a paragraph of plain
/// lines: each starts with a letter, so no block starts there or interrupts the paragraph (a
/// heading's underline, a list, a quote, code, HTML), and none holds a `|` (a table).
fn plain_first_paragraph(text: &str) -> Option<usize> {
    let mut end = 0;
    for line in text.split('\n') {
        if line.trim().is_empty() {
            break;
        }
        if !line.starts_with(|c: char| c.is_ascii_alphabetic()) || line.contains('|') {
            return None;
        }
        end += line.len() + 1;
    }
    (end > 0).then(|| end - 1)
}

fn summary_parsed(text: &str, lines: &[String], fallback: impl FnOnce() -> String) -> Vec<String> {
    let mut events = Parser::new_ext(text, options()).into_offset_iter();
    match events.next() {
        Some((Event::Start(Tag::Paragraph), paragraph)) => {
            let mut depth = 0usize;
            for (event, range) in events {
                match event {
                    Event::Start(_) => depth += 1,
                    Event::End(_) if depth == 0 => break,
                    Event::End(_) => depth -= 1,
                    Event::Text(_) if depth == 0 => {
                        let Some(end) = sentence_end(text, range) else { continue };
                        if text[end..paragraph.end].trim().is_empty() {
                            break;
                        }
                        // The rest of the paragraph starts on a line of its own, joined with
                        // the next line of the paragraph (no line of one word left over).
                        let rest = text[end..].trim_start();
                        let in_paragraph = paragraph.end.saturating_sub(text.len() - rest.len());
                        let rest = match rest[..in_paragraph.min(rest.len())].find('\n') {
                            Some(newline) => format!("{} {}", &rest[..newline], rest[newline + 1..].trim_start()),
                            None => rest.to_owned(),
                        };
                        let split = format!("{}\n\n{rest}", &text[..end]);
                        return split.lines().map(str::to_owned).collect();
                    }
                    _ => {}
                }
            }
            lines.to_vec()
        }
        Some(_) => [fallback(), String::new()].into_iter().chain(lines.iter().cloned()).collect(),
        None => vec![fallback()],
    }
}

/// The end of the first sentence inside `range`: `.`, `!` or `?` followed by whitespace and a word
/// that does not start in lower case (so `e.g. this` goes on).
fn sentence_end(text: &str, range: Range<usize>) -> Option<usize> {
    for (offset, c) in text[range.clone()].char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let end = range.start + offset + 1;
        let after = &text[end..];
        let next = after.trim_start();
        if after.len() == next.len() || next.is_empty() || next.starts_with(char::is_lowercase) {
            continue;
        }
        let word = text[..end].rsplit(char::is_whitespace).next().unwrap_or("");
        if ["e.g.", "i.e.", "etc.", "vs.", "approx.", "cf."].contains(&word.to_lowercase().as_str()) {
            continue;
        }
        return Some(end);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Option<&str> = Some("https://platform.openai.com");

    #[test]
    fn prose_is_made_safe_for_rustdoc() {
        let cases = [
            ("see https://example.com/a_(b).", "see <https://example.com/a_(b)>."),
            ("(https://example.com)", "(<https://example.com>)"),
            ("[the docs](https://platform.openai.com/docs)", "[the docs](https://platform.openai.com/docs)"),
            ("values are `[\"audio\"]` or [\"text\"]", "values are `[\"audio\"]` or \\[\"text\"\\]"),
            ("Use <think> tags", "Use &lt;think> tags"),
            ("an <https://example.com> autolink", "an <https://example.com> autolink"),
            ("`https://in.code` stays", "`https://in.code` stays"),
            ("already \\[escaped\\]", "already \\[escaped\\]"),
            ("footnote[^1]", "footnote\\[^1\\]"),
            ("a `code\nspan [x]` over two lines", "a `code\nspan [x]` over two lines"),
            ("x &amp; y", "x &amp; y"),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(input, BASE), format!("{expected}\n"), "clean({input:?})");
        }
    }

    #[test]
    fn links_work_where_the_docs_are_read() {
        let cases = [
            ("[Learn more](/docs/guides/x#y).", Some("https://platform.openai.com"), "[Learn more](https://platform.openai.com/docs/guides/x#y)."),
            ("[Learn more](/docs/x)", Some("https://site/"), "[Learn more](https://site/docs/x)"),
            ("[Learn more](/docs/x).", None, "Learn more."),
            ("[streaming](./streaming-events).", BASE, "streaming."),
            ("[below](#anchor)", BASE, "below"),
            ("![a diagram](/images/a.png)", BASE, "![a diagram](https://platform.openai.com/images/a.png)"),
            ("[mail](mailto:a@b.c)", BASE, "[mail](mailto:a@b.c)"),
            // A link the spec wraps over two lines is still a link.
            (
                "Learn more in the [Structured Outputs\nguide](/docs/guides/structured-outputs).",
                BASE,
                "Learn more in the [Structured Outputs\nguide](https://platform.openai.com/docs/guides/structured-outputs).",
            ),
        ];
        for (input, base, expected) in cases {
            assert_eq!(clean(input, base), format!("{expected}\n"), "clean({input:?}, {base:?})");
        }
    }

    #[test]
    fn quotes_escaped_in_inline_code_read_as_quotes() {
        assert_eq!(clean(r#"values are `[\"audio\"]`, `[\"text\"]`."#, None), "values are `[\"audio\"]`, `[\"text\"]`.\n");
        // A JSON string that holds JSON keeps its escapes; so does code outside a span.
        assert_eq!(clean(r#"as `"{\"a\": 1}"`"#, None), "as `\"{\\\"a\\\": 1}\"`\n");
        assert_eq!(clean("```\n[\\\"a\\\"]\n```", None), "```text\n[\\\"a\\\"]\n```\n");
    }

    #[test]
    fn html_is_shown_as_written() {
        assert_eq!(
            clean("<table>\n<tr><td>a</td></tr>\n</table>\n\nafter", None),
            "&lt;table>\n&lt;tr>&lt;td>a&lt;/td>&lt;/tr>\n&lt;/table>\n\nafter\n"
        );
        assert_eq!(clean("a <br/> b", None), "a &lt;br/> b\n");
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        assert_eq!(clean("```python\nprint(1)\n```", None), "```text\nprint(1)\n```\n");
        assert_eq!(clean("```\nunclosed", None), "```text\nunclosed\n```\n");
        assert_eq!(clean("Example:\n\n        {\"a\": [1]}\n", None), "Example:\n\n```text\n{\"a\": [1]}\n```\n");
        assert_eq!(clean("- item\n\n      code\n", None), "- item\n\n  ```text\n  code\n  ```\n");
        assert_eq!(clean("\tTabbed", None), "Tabbed\n");
        assert_eq!(clean("```json\n[https://x.y]\n```", None), "```text\n[https://x.y]\n```\n");
    }

    /// Texts near the edge of plain (code spans, lists, emphasis, tables, entities, headings,
    /// indents short of code, URLs without a scheme) and past it: the shortcut cleans each as
    /// the parse does.
    #[test]
    fn plain_texts_are_cleaned_as_when_parsed() {
        let texts = [
            "One `code` span, and `two`.",
            "- a list\nlazy line\n  - nested\n\n1. one\n2) two",
            "*emphasis* and _under_ and **strong** ~struck~",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "&amp; &lt;tag&gt; &#91;",
            "# Heading\n\nText.\n   three spaces in\n\n   and after a blank",
            "See www.example.com or HTTP://EXAMPLE.COM or ftp://x.",
            "A `\\\"quoted\\\"` span.",
            "    indented code",
            "text\n\n    indented code after a blank",
            "```\nfence\n```",
            "~~~\nfence\n~~~",
            "<b>html</b>",
            "[link](/docs) and [bracket]",
            "a https://example.com/x url",
            "\tTabbed in.",
            "  Indented alike\n  on both lines.",
            "Unicode — “quotes” and é.",
        ];
        for text in texts {
            for base in [None, Some("https://example.com")] {
                assert_eq!(clean(text, base), clean_parsed(text, base), "{text:?}");
            }
        }
        assert!(is_plain("One `code` span.") && !is_plain("    code") && !is_plain("a [b]"));
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(clean("- one\ntwo\n\nafter", None), "- one\n  two\n\nafter\n");
        assert_eq!(clean("1. one\ntwo", None), "1. one\n   two\n");
    }

    #[test]
    fn title_and_description() {
        assert_eq!(doc_lines(Some("Title"), Some("Text.\n"), None), ["Title", "", "Text."]);
        assert_eq!(doc_lines(Some("Same"), Some("Same"), None), ["Same"]);
        assert_eq!(doc_lines(None, Some("\n\nA\n\n\n\nB\n\n"), None), ["A", "", "B"]);
        assert!(doc_lines(Some("  "), None, None).is_empty());
    }

    #[test]
    fn the_first_paragraph_is_one_sentence() {
        let lines = |text: &str| text.lines().map(str::to_owned).collect::<Vec<_>>();
        let fallback = || "The `X` schema.".to_owned();
        assert_eq!(summary(&lines("One sentence. And a\nsecond one.\n\nMore."), fallback), lines("One sentence.\n\nAnd a second one.\n\nMore."));
        assert_eq!(
            summary(&lines("Wraps\nhere. Then [a link. Inside](https://x.y)."), fallback),
            lines("Wraps\nhere.\n\nThen [a link. Inside](https://x.y).")
        );
        assert_eq!(summary(&lines("Like e.g. this, or 0.5. Then"), fallback), lines("Like e.g. this, or 0.5.\n\nThen"));
        assert_eq!(summary(&lines("Only one sentence. "), fallback), lines("Only one sentence. "));
        assert_eq!(summary(&lines("`a.b` and *c. D*"), fallback), lines("`a.b` and *c. D*"));
        assert_eq!(summary(&lines("- a list"), fallback), lines("The `X` schema.\n\n- a list"));
        assert_eq!(summary(&[], fallback), lines("The `X` schema."));
    }
}

//! Descriptions and titles → rustdoc lines that rustdoc and clippy accept as they are.
//!
//! Spec prose is Markdown written for other renderers. Left alone, rustdoc would run its code
//! blocks as doctests, warn on bare URLs, read `[foo]` as a broken intra-doc link and `<think>` as
//! an unclosed HTML tag. Each is rewritten once, here, before emission:
//! fences become ```` ```text ````, indented blocks are dedented to prose, bare URLs get `<...>`,
//! stray brackets are escaped and `<` outside code becomes `&lt;`.

/// The rustdoc lines for a schema: the title, a blank line, the description.
pub fn doc_lines(title: Option<&str>, description: Option<&str>) -> Vec<String> {
    let title = title.map(str::trim).filter(|t| !t.is_empty());
    let description = description.map(str::trim).filter(|d| !d.is_empty());
    let text = match (title, description) {
        (Some(title), Some(description)) if title != description => format!("{title}\n\n{description}"),
        (Some(text), _) | (None, Some(text)) => text.to_owned(),
        (None, None) => return Vec::new(),
    };
    let cleaned = clean(&text);
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
pub fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\t', "    ");
    let common = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len() + 16);
    let mut fence: Option<String> = None;
    let mut list_indent: Option<usize> = None;
    for raw in text.lines() {
        let line = raw.get(common..).unwrap_or(raw.trim_start()).trim_end();
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            out.push_str(line);
            out.push('\n');
            if trimmed.starts_with(marker.as_str()) && trimmed.trim_start_matches(marker.chars().next().unwrap_or('`')).is_empty() {
                fence = None;
            }
            continue;
        }
        if let Some(marker) = ["```", "~~~"].iter().find(|m| trimmed.starts_with(**m)) {
            let run: String = trimmed.chars().take_while(|c| *c == marker.chars().next().unwrap_or('`')).collect();
            out.push_str(&format!("{run}text\n"));
            fence = Some(run);
            list_indent = None;
            continue;
        }
        if trimmed.is_empty() {
            out.push('\n');
            list_indent = None;
            continue;
        }
        let indent = (line.len() - trimmed.len()).min(3);
        // A line right after a list item that is not itself indented or an item is a "lazy
        // continuation"; indent it under the item so clippy's `doc_lazy_continuation` is quiet.
        let indent = match (list_item_content(trimmed), list_indent) {
            (Some(content), _) => {
                list_indent = Some(indent + content);
                indent
            }
            (None, Some(column)) if indent < column => column,
            _ => indent,
        };
        out.push_str(&" ".repeat(indent));
        out.push_str(&inline(trimmed));
        out.push('\n');
    }
    if let Some(marker) = fence {
        out.push_str(&marker);
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

/// Rewrites one line of prose outside code spans.
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while !rest.is_empty() {
        // Code spans are copied as they are.
        if rest.starts_with('`') {
            let ticks = rest.chars().take_while(|c| *c == '`').count();
            let marker = &rest[..ticks];
            if let Some(end) = rest[ticks..].find(marker) {
                let span = ticks + end + ticks;
                out.push_str(&rest[..span]);
                rest = &rest[span..];
                continue;
            }
            out.push_str(marker);
            rest = &rest[ticks..];
            continue;
        }
        // A Markdown link `[text](url)` is kept whole.
        if rest.starts_with('[') || rest.starts_with("![") {
            if let Some(length) = link_length(rest) {
                out.push_str(&rest[..length]);
                rest = &rest[length..];
                continue;
            }
        }
        if rest.starts_with("https://") || rest.starts_with("http://") {
            let length = url_length(rest);
            out.push('<');
            out.push_str(&rest[..length]);
            out.push('>');
            rest = &rest[length..];
            continue;
        }
        if rest.starts_with('<') {
            // An autolink stays; anything else that could be taken for an HTML tag is escaped.
            if let Some(end) = rest.find('>').filter(|&end| rest[1..end].starts_with("http")) {
                out.push_str(&rest[..=end]);
                rest = &rest[end + 1..];
                continue;
            }
            out.push_str("&lt;");
            rest = &rest[1..];
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        match c {
            '\\' => {
                // An escape stays with the character it escapes.
                let next = rest[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&rest[..1 + next]);
                rest = &rest[1 + next..];
                continue;
            }
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of `[text](target)` or `![alt](target)` at the start, if there is one.
fn link_length(text: &str) -> Option<usize> {
    let start = usize::from(text.starts_with('!'));
    let close = text[start..].find("](")? + start;
    if text[start + 1..close].contains(['[', ']']) {
        return None;
    }
    let target = &text[close + 2..];
    let end = target.find(')')?;
    (!target[..end].contains(char::is_whitespace)).then_some(close + 2 + end + 1)
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

#[cfg(test)]
mod tests {
    use super::*;

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
        ];
        for (input, expected) in cases {
            assert_eq!(clean(input), format!("{expected}\n"), "clean({input:?})");
        }
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        assert_eq!(clean("```python\nprint(1)\n```"), "```text\nprint(1)\n```\n");
        assert_eq!(clean("```\nunclosed"), "```text\nunclosed\n```\n");
        assert_eq!(clean("Example:\n\n        {\"a\": 1}\n"), "Example:\n\n   {\"a\": 1}\n");
        assert_eq!(clean("\tTabbed"), "Tabbed\n");
    }

    #[test]
    fn lazy_list_continuations_are_indented() {
        assert_eq!(clean("- one\ntwo\n\nafter"), "- one\n  two\n\nafter\n");
        assert_eq!(clean("1. one\ntwo"), "1. one\n   two\n");
    }

    #[test]
    fn title_and_description() {
        assert_eq!(doc_lines(Some("Title"), Some("Text.\n")), ["Title", "", "Text."]);
        assert_eq!(doc_lines(Some("Same"), Some("Same")), ["Same"]);
        assert_eq!(doc_lines(None, Some("\n\nA\n\n\n\nB\n\n")), ["A", "", "B"]);
        assert!(doc_lines(Some("  "), None).is_empty());
    }
}

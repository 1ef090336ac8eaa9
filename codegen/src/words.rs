//! Tokens as a person writes them: the spacing of the text that `render` lays out itself (the
//! runtime's macro lines, plain definitions) and of the types `emit` writes into the impls it
//! lays out, cut into the words a line may break between. A leaf both stages share.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// prettyplease's margin: lines no longer than the ones it prints around them.
pub const MARGIN: usize = 89;
pub const INDENT: &str = "    ";

/// The words of `tokens`, spaced as a person writes them.
pub fn words(tokens: TokenStream) -> WordList {
    let mut words = Words::default();
    words.stream(tokens);
    words.finish()
}

/// A group's tokens, read without copying them: proc-macro2 copies every token of a stream
/// that is iterated while another handle holds it, and the group is one.
pub fn take_stream(group: proc_macro2::Group) -> TokenStream {
    let stream = group.stream();
    drop(group);
    stream
}

/// The pieces joined, in one allocation: what `format!` writes in the emitter's hot paths,
/// without the formatter's machinery (a line of a definition, a member, a macro line).
pub fn concat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|piece| piece.len()).sum());
    pieces.iter().for_each(|piece| text.push_str(piece));
    text
}

/// `value` as a string literal, written as proc-macro2 writes it: quoted as it is when it holds
/// only printable ASCII other than `"` and `\` (a field's JSON name, an enum's value), else
/// escaped by proc-macro2 itself.
pub fn string_literal(value: &str) -> String {
    if quotes_as_is(value) {
        let mut literal = String::with_capacity(value.len() + 2);
        literal.push('"');
        literal.push_str(value);
        literal.push('"');
        return literal;
    }
    proc_macro2::Literal::string(value).to_string()
}

/// Whether `value` is written as it is between quotes, both as a string literal and as `{:?}`
/// writes it: printable ASCII other than `"` and `\`.
fn quotes_as_is(value: &str) -> bool {
    value.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\')
}

/// `value` as `{:?}` writes it, appended to `out` (quoted as it is where it needs no escape).
pub fn push_debug_str(out: &mut String, value: &str) {
    if quotes_as_is(value) {
        out.push('"');
        out.push_str(value);
        out.push('"');
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{value:?}");
    }
}

/// `tokens` on one line.
pub fn one_line(tokens: TokenStream) -> String {
    words(tokens).line
}

/// The kinds of token the spacing looks at.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Word,
    Open(Delimiter),
    Close(Delimiter),
    /// An operator, its characters joined (`::`, `=>`, `,`).
    Op(&'static str),
    Other,
}

/// Text cut into the words a line may break between.
pub struct Words {
    /// The words so far, a space between two (one string, not one per word: a crate's macro
    /// lines are a hundred thousand words).
    line: String,
    /// Where each word before the current one ends in `line`.
    ends: Vec<usize>,
    /// Where the current word starts in `line`.
    start: usize,
    last: Option<Kind>,
    /// The characters of a joint operator read so far.
    joint: String,
}

/// Words on one line, a space between two; a word may hold a space (a string literal).
#[derive(Debug, Default, PartialEq)]
pub struct WordList {
    line: String,
    ends: Vec<usize>,
}

impl WordList {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let word = &self.line[start..end];
            start = end + 1;
            word
        })
    }
}

impl Default for Words {
    /// Room for a macro line of a struct of a dozen fields, grown once at most.
    fn default() -> Self {
        Words { line: String::with_capacity(512), ends: Vec::with_capacity(64), start: 0, last: None, joint: String::new() }
    }
}

impl Words {
    pub fn stream(&mut self, stream: TokenStream) {
        for tree in stream {
            match tree {
                TokenTree::Group(group) => {
                    let delimiter = group.delimiter();
                    self.open(delimiter);
                    self.stream(take_stream(group));
                    self.close(delimiter);
                }
                TokenTree::Ident(ident) => self.push(Kind::Word, &ident.to_string()),
                TokenTree::Literal(literal) => self.push(Kind::Word, &literal.to_string()),
                TokenTree::Punct(punct) => {
                    self.joint.push(punct.as_char());
                    if punct.spacing() == Spacing::Alone || punct.as_char() == '\'' {
                        self.flush_joint();
                    }
                }
            }
        }
    }

    /// A type on one line as `Paths::ty_text` writes it (the words of its tokens, joined by
    /// spaces), taken as `stream` takes its tokens: its words are the text's, cut at its spaces.
    pub fn type_text(&mut self, ty: &str) {
        let mut parts = ty.split(' ');
        let first = parts.next().unwrap_or_default();
        self.push(if first.starts_with("::") { Kind::Op("::") } else { Kind::Word }, first);
        for part in parts {
            self.end_word();
            self.line.push_str(part);
        }
        self.last = Some(if ty.ends_with('>') { Kind::Op(">") } else { Kind::Word });
    }

    /// A name, keyword or literal, as a token would be.
    pub fn word(&mut self, text: &str) {
        self.push(Kind::Word, text);
    }

    /// One of the operators the spacing knows (`,`, `|`, `::`...), as a token would be.
    pub fn op(&mut self, op: &'static str) {
        let kind = OPERATORS.iter().find(|known| **known == op).map_or(Kind::Other, |known| Kind::Op(known));
        self.push(kind, op);
    }

    pub fn open(&mut self, delimiter: Delimiter) {
        self.push(Kind::Open(delimiter), delimiters(delimiter).0);
    }

    pub fn close(&mut self, delimiter: Delimiter) {
        self.push(Kind::Close(delimiter), delimiters(delimiter).1);
    }

    /// The joint characters read so far, as the operators they spell, the longest first: `>>`
    /// closes two lists of generics, and tokens lexed from text join `>` to a `,` after it (or
    /// end a list cut before that comma with a joint `>`).
    fn flush_joint(&mut self) {
        let joint = std::mem::take(&mut self.joint);
        let mut rest = joint.as_str();
        while !rest.is_empty() {
            let op = OPERATORS.iter().find(|known| rest.starts_with(**known));
            let (kind, len) = op.map_or((Kind::Other, rest.len()), |known| (Kind::Op(known), known.len()));
            self.push(kind, &rest[..len]);
            rest = &rest[len..];
        }
    }

    fn push(&mut self, kind: Kind, text: &str) {
        if !self.joint.is_empty() {
            self.flush_joint();
        }
        if let Some(last) = self.last {
            if spaced(last, kind) && self.line.len() > self.start {
                self.end_word();
            }
        }
        self.line.push_str(text);
        self.last = Some(kind);
    }

    /// Ends the current word: a space, and the next starts after it.
    fn end_word(&mut self) {
        self.ends.push(self.line.len());
        self.line.push(' ');
        self.start = self.line.len();
    }

    pub fn finish(mut self) -> WordList {
        self.flush_joint();
        if self.line.len() > self.start {
            self.ends.push(self.line.len());
        } else if self.line.ends_with(' ') {
            self.line.pop();
        }
        WordList { line: self.line, ends: self.ends }
    }
}

/// The operators the spacing knows, those of two characters before their first.
fn delimiters(delimiter: Delimiter) -> (&'static str, &'static str) {
    match delimiter {
        Delimiter::Parenthesis => ("(", ")"),
        Delimiter::Brace => ("{", "}"),
        Delimiter::Bracket => ("[", "]"),
        Delimiter::None => ("", ""),
    }
}

/// A macro line, `path!(words);`: on one line when it fits, else the words filled on indented
/// lines between `path!(` and `);`, as a person writes a long list of arguments.
pub fn macro_line(path: &str, words: &WordList) -> String {
    // `path(`, each word and a space or `)`, `;`.
    let one_line = path.len() + 1 + words.line.len() + usize::from(!words.ends.is_empty()) + 1;
    if one_line <= MARGIN {
        return concat(&[path, "(", &words.line, ");\n"]);
    }
    let mut text = String::with_capacity(path.len() + words.line.len() + words.line.len() / 8 + 8);
    text.push_str(path);
    text.push_str("(\n");
    let mut width = 0;
    for word in words.iter() {
        if width > 0 && width + 1 + word.len() > MARGIN {
            text.push('\n');
            width = 0;
        }
        if width == 0 {
            text.push_str(INDENT);
            width = INDENT.len();
        } else {
            text.push(' ');
            width += 1;
        }
        text.push_str(word);
        width += word.len();
    }
    text.push_str("\n);\n");
    text
}

const OPERATORS: &[&str] = &["::", "=>", "->", ",", ";", ":", "=", "|", "!", "#", "&", "'", "<", ">", "?", ".", "-", "+", "*"];

/// Whether a space goes between two tokens: as a person writes `new(name: String, tags: Vec<String>)`,
/// `Name { a "a" 0, b "b" 1 }`, `"x" | "y" => Variant`, `&'static str`, `#[cfg(x)]`, `crate::Name`.
fn spaced(last: Kind, next: Kind) -> bool {
    use Kind::{Close, Op, Open};
    match (last, next) {
        (Open(_), Close(_)) => false,
        (Open(Delimiter::Brace), _) | (_, Close(Delimiter::Brace)) => true,
        (Open(_), _) | (_, Close(_)) => false,
        (Op("::" | "#" | "'" | "&" | "!" | "<"), _) => false,
        // `crate::Name`, `Vec<T>::new`; a path from the root after anything else: `key: ::indexmap::IndexMap`.
        (Kind::Word | Op(">"), Op("::")) => false,
        (_, Op("::")) => true,
        (_, Op("," | ";" | ":" | "?" | "." | "!" | ">")) => false,
        (Kind::Word | Close(_) | Op(">"), Open(Delimiter::Parenthesis)) => false,
        (Kind::Word, Op("<")) => false,
        // A negative number (a binary minus is not among the runtime's arguments).
        (Op("-"), Kind::Word) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    /// Plain values are quoted as they are; anything else as proc-macro2 escapes it.
    #[test]
    fn string_literals_read_as_proc_macro2_writes_them() {
        let values = [
            "type",
            "gpt-4.1",
            "a b",
            "it's",
            "say \"hi\"",
            "back\\slash",
            "tab\there",
            "line\nbreak",
            "nul\0",
            "nul\u{0}7",
            "é",
            "✓",
            "e\u{301}",
            "\u{7f}",
            "",
            "~!@#$%^&*()",
        ];
        for value in values {
            assert_eq!(super::string_literal(value), proc_macro2::Literal::string(value).to_string(), "{value:?}");
            let mut debug = String::from("x");
            super::push_debug_str(&mut debug, value);
            assert_eq!(debug, format!("x{value:?}"), "{value:?} as Debug writes it");
        }
    }
}

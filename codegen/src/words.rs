//! Tokens as a person writes them: the spacing of the text that `render` lays out itself (the
//! runtime's macro lines, plain definitions) and of the types `emit` writes into the impls it
//! lays out, cut into the words a line may break between. A leaf both stages share.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// prettyplease's margin: lines no longer than the ones it prints around them.
pub const MARGIN: usize = 89;
pub const INDENT: &str = "    ";

/// The words of `tokens`, spaced as a person writes them.
pub fn words(tokens: TokenStream) -> Vec<String> {
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

/// `tokens` on one line.
pub fn one_line(tokens: TokenStream) -> String {
    words(tokens).join(" ")
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
#[derive(Default)]
pub struct Words {
    words: Vec<String>,
    current: String,
    last: Option<Kind>,
    /// The characters of a joint operator read so far.
    joint: String,
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
            self.words.push(std::mem::take(&mut self.current));
            self.current.push_str(part);
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
            if spaced(last, kind) && !self.current.is_empty() {
                self.words.push(std::mem::take(&mut self.current));
            }
        }
        self.current.push_str(text);
        self.last = Some(kind);
    }

    pub fn finish(mut self) -> Vec<String> {
        self.flush_joint();
        if !self.current.is_empty() {
            self.words.push(self.current);
        }
        self.words
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
pub fn macro_line(path: &str, words: &[String]) -> String {
    let one_line: usize = path.len() + 1 + words.iter().map(|w| w.len() + 1).sum::<usize>() + 1;
    if one_line <= MARGIN {
        return format!("{path}({});\n", words.join(" "));
    }
    let mut text = format!("{path}(\n");
    let mut width = 0;
    for word in words {
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

//! The runtime's macro lines (`crate::__runtime::serde_struct!(...);` and the like), laid out as
//! text without syn or prettyplease.
//!
//! They are two fifths of a generated crate's code, and neither parser nor printer has anything
//! to do with them: syn keeps a macro's arguments as tokens, and prettyplease prints them token
//! by token (`crate ::Name`, `Vec < String >`). So a file's top-level items are cut at each such
//! line: the items between go through syn and prettyplease, and each line is printed here, the
//! way a person writes macro arguments, filled to the printer's margin.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// prettyplease's margin: lines no longer than the ones it prints around them.
const MARGIN: usize = 89;
const INDENT: &str = "    ";

/// A file's top-level tokens, cut at the runtime's macro lines.
pub enum Piece {
    /// Items for syn and prettyplease (never empty).
    Items(TokenStream),
    /// A macro line, laid out, with its newline.
    Line(String),
}

/// Cuts `tokens` at each `crate::__runtime::name!(...);` that starts an item (at the start, or
/// after a top-level `;` or `{...}`: an item with attributes stays with syn).
pub fn split(tokens: TokenStream) -> Vec<Piece> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut lines = Vec::new();
    let mut at_item = true;
    let mut index = 0;
    while index < trees.len() {
        if at_item {
            if let Some(end) = macro_line_end(&trees[index..]) {
                lines.push(index..index + end);
                index += end;
                continue;
            }
        }
        at_item = match &trees[index] {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => group.delimiter() == Delimiter::Brace,
            _ => false,
        };
        index += 1;
    }
    let mut pieces = Vec::with_capacity(lines.len() * 2 + 1);
    let mut trees = trees.into_iter().enumerate().peekable();
    for line in lines {
        let items: TokenStream = std::iter::from_fn(|| trees.next_if(|(i, _)| *i < line.start).map(|(_, tree)| tree)).collect();
        if !items.is_empty() {
            pieces.push(Piece::Items(items));
        }
        let tokens: Vec<TokenTree> = std::iter::from_fn(|| trees.next_if(|(i, _)| *i < line.end).map(|(_, tree)| tree)).collect();
        pieces.push(Piece::Line(lay_out(&tokens)));
    }
    let rest: TokenStream = trees.map(|(_, tree)| tree).collect();
    if !rest.is_empty() {
        pieces.push(Piece::Items(rest));
    }
    pieces
}

/// The length of `crate :: __runtime :: name ! (...) ;` at the start of `trees`, if it is one.
fn macro_line_end(trees: &[TokenTree]) -> Option<usize> {
    let ident = |i: usize, text: Option<&str>| matches!(trees.get(i), Some(TokenTree::Ident(id)) if text.is_none_or(|t| id == t));
    let punct = |i: usize, c: char| matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c);
    let parens = matches!(trees.get(8), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis);
    let path = ident(0, Some("crate")) && punct(1, ':') && punct(2, ':') && ident(3, Some("__runtime")) && punct(4, ':') && punct(5, ':');
    (path && ident(6, None) && punct(7, '!') && parens && punct(9, ';')).then_some(10)
}

/// `path!(arguments);` on one line when it fits, else the arguments filled on indented lines
/// between `path!(` and `);`.
fn lay_out(line: &[TokenTree]) -> String {
    let (head, arguments) = line.split_at(8);
    let mut path = String::new();
    head.iter().for_each(|tree| path.push_str(&tree.to_string()));
    let mut words = Words::default();
    // `macro_line_end` checked the parentheses: the group's stream is the arguments.
    if let TokenTree::Group(group) = &arguments[0] {
        words.stream(group.stream());
    }
    let words = words.finish();
    let one_line: usize = path.len() + 1 + words.iter().map(|w| w.len() + 1).sum::<usize>() + 1;
    if one_line <= MARGIN {
        return format!("{path}({});\n", words.join(" "));
    }
    let mut text = format!("{path}(\n");
    let mut width = 0;
    for word in &words {
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
struct Words {
    words: Vec<String>,
    current: String,
    last: Option<Kind>,
    /// The characters of a joint operator read so far.
    joint: String,
}

impl Words {
    fn stream(&mut self, stream: TokenStream) {
        for tree in stream {
            match tree {
                TokenTree::Group(group) => {
                    let delimiter = group.delimiter();
                    let (open, close) = match delimiter {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    self.push(Kind::Open(delimiter), open);
                    self.stream(group.stream());
                    self.push(Kind::Close(delimiter), close);
                }
                TokenTree::Ident(ident) => self.push(Kind::Word, &ident.to_string()),
                TokenTree::Literal(literal) => self.push(Kind::Word, &literal.to_string()),
                TokenTree::Punct(punct) => {
                    self.joint.push(punct.as_char());
                    if punct.spacing() == Spacing::Alone || punct.as_char() == '\'' {
                        let op = std::mem::take(&mut self.joint);
                        // `>>` closes two lists of generics.
                        if op.len() > 1 && op.chars().all(|c| c == '>') {
                            op.chars().for_each(|_| self.push(Kind::Op(">"), ">"));
                            continue;
                        }
                        let kind = OPERATORS.iter().find(|known| **known == op).map_or(Kind::Other, |known| Kind::Op(known));
                        self.push(kind, &op);
                    }
                }
            }
        }
    }

    fn push(&mut self, kind: Kind, text: &str) {
        if let Some(last) = self.last {
            if spaced(last, kind) && !self.current.is_empty() {
                self.words.push(std::mem::take(&mut self.current));
            }
        }
        self.current.push_str(text);
        self.last = Some(kind);
    }

    fn finish(mut self) -> Vec<String> {
        if !self.current.is_empty() {
            self.words.push(self.current);
        }
        self.words
    }
}

const OPERATORS: &[&str] = &["::", ",", ";", ":", "=>", "->", "=", "|", "!", "#", "&", "'", "<", ">", "?", ".", "-", "+", "*"];

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
    use super::*;
    use quote::quote;

    fn printed(tokens: TokenStream) -> String {
        split(tokens)
            .into_iter()
            .map(|piece| match piece {
                Piece::Line(text) => text,
                Piece::Items(items) => format!("<items {items}>\n"),
            })
            .collect()
    }

    #[test]
    fn a_line_is_spaced_as_written_by_hand() {
        let tokens = quote! {
            crate::__runtime::constructors!(Name; new(id: String, tags: Vec<crate::Tag>, kind: &'static str); fill(a, b); set());
        };
        assert_eq!(
            printed(tokens),
            "crate::__runtime::constructors!(\n    Name; new(id: String, tags: Vec<crate::Tag>, kind: &'static str); fill(a, b); set()\n);\n"
        );
        let tokens = quote!(crate::__runtime::tagged_union!(M "role" { 0 "user" | "me" => User } else Unknown););
        assert_eq!(printed(tokens), "crate::__runtime::tagged_union!(M \"role\" { 0 \"user\" | \"me\" => User } else Unknown);\n");
    }

    #[test]
    fn a_long_line_fills_indented_lines_within_the_margin() {
        let fields = (0..30).map(|i| quote::format_ident!("field_{i}"));
        let text = printed(quote!(crate::__runtime::serde_struct!(Name { #(#fields "wire" 0 lenient),* } keep extra);));
        assert!(text.starts_with("crate::__runtime::serde_struct!(\n    Name { field_0 \"wire\" 0 lenient, "), "{text}");
        assert!(text.ends_with(" } keep extra\n);\n"), "{text}");
        assert!(text.lines().all(|line| line.len() <= MARGIN), "{text}");
    }

    #[test]
    fn the_text_reads_back_as_the_same_tokens() {
        let arguments = quote!(Name { r#type "type" 0 lenient in_slot, x "x" 1 } keep extra; [A("a"), B("b")], str -, int (V nullable), map none, -1, Vec<Vec<T>>, {}, m: ::a::B, f: Vec<T>::new, x => Y);
        let text = printed(quote!(crate::__runtime::m!(#arguments);));
        let read: TokenStream = text.parse().expect("the line lexes");
        assert_eq!(flat(read), flat(quote!(crate::__runtime::m!(#arguments);)));
    }

    /// The tokens as rustc's macros see them: a joint punctuation glued to the next where the
    /// two are one operator (`::`, `=>`), else alone (`-,` reads as a joint `-` and a `,`, two
    /// tokens to `macro_rules!` all the same).
    fn flat(tokens: TokenStream) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut glue = false;
        for tree in tokens {
            match tree {
                TokenTree::Group(group) => {
                    out.push(format!("{:?}", group.delimiter()));
                    out.extend(flat(group.stream()));
                    out.push("end".to_owned());
                    glue = false;
                }
                TokenTree::Punct(punct) => {
                    let c = punct.as_char().to_string();
                    match out.last_mut() {
                        Some(last) if glue && ["::", "=>", "->", ">>"].contains(&format!("{last}{c}").as_str()) => last.push_str(&c),
                        _ => out.push(c),
                    }
                    glue = punct.spacing() == Spacing::Joint;
                }
                other => {
                    out.push(other.to_string());
                    glue = false;
                }
            }
        }
        out
    }

    #[test]
    fn only_a_macro_line_that_starts_an_item_is_cut_out() {
        let tokens = quote! {
            #![doc = "module"]
            pub struct A { a: u8 }
            crate::__runtime::one!(A);
            #[cfg(x)]
            crate::__runtime::two!(A);
            const B: u8 = 1;
            crate::__runtime::three!(B);
        };
        let pieces = split(tokens);
        let kinds: Vec<&str> = pieces.iter().map(|p| if matches!(p, Piece::Line(_)) { "line" } else { "items" }).collect();
        assert_eq!(kinds, ["items", "line", "items", "line"]);
    }
}

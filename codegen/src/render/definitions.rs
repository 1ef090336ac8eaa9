//! Plain definitions laid out as text, as prettyplease prints them: a struct of named fields, a
//! tuple struct, an enum of unit and tuple variants, a type alias, a module declared and a name
//! imported, public, without generics, their attributes one to a line.
//!
//! They are most of the items between the runtime's macro lines, and the most regular: syn's
//! parse of them was the larger part of formatting a crate. A member too long for its line is
//! broken as prettyplease breaks it (`breaks::Member`). Anything else (generics, a struct
//! variant, a field that is not public, a token a plain type does not hold) and any other line
//! past prettyplease's margin, where it would break the line, is left to syn and prettyplease.

use crate::breaks::Member;
use crate::words::{one_line, INDENT, MARGIN};
use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};

/// The definition at the start of `trees` laid out, and how many trees it took; `None` when it
/// is not a plain definition.
pub(super) fn lay_out(trees: &[TokenTree]) -> Option<(usize, String)> {
    let mut text = String::new();
    let mut at = attributes(trees, "", &mut text)?;
    if !is_ident(trees.get(at), "pub") {
        return None;
    }
    let keyword = match trees.get(at + 1) {
        Some(TokenTree::Ident(keyword)) => keyword.to_string(),
        _ => return None,
    };
    if keyword == "mod" || keyword == "use" {
        // `pub mod name;`, `pub use path::Name;`
        let semi = at + 2 + trees[at + 2..].iter().position(|tree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ';'))?;
        let path = &trees[at + 2..semi];
        let plain = !path.is_empty()
            && path.iter().all(|tree| matches!(tree, TokenTree::Ident(_)) || matches!(tree, TokenTree::Punct(p) if p.as_char() == ':'));
        let path = plain.then(|| one_line(path.iter().cloned().collect()))?;
        line(&format!("pub {keyword} {path};"), &mut text)?;
        return Some((semi + 1, text));
    }
    let Some(TokenTree::Ident(name)) = trees.get(at + 2) else { return None };
    at += 3;
    let head = format!("pub {keyword} {name}");
    match (keyword.as_str(), trees.get(at), trees.get(at + 1)) {
        ("struct", Some(TokenTree::Group(body)), _) if body.delimiter() == Delimiter::Brace => {
            let fields = split_commas(body.stream())?;
            block(&head, &fields, field, &mut text)?;
            Some((at + 1, text))
        }
        ("struct", Some(TokenTree::Group(fields)), Some(TokenTree::Punct(semi)))
            if fields.delimiter() == Delimiter::Parenthesis && semi.as_char() == ';' =>
        {
            let fields = plain(fields.stream())?;
            line(&format!("{head}({fields});"), &mut text)?;
            Some((at + 2, text))
        }
        ("enum", Some(TokenTree::Group(body)), _) if body.delimiter() == Delimiter::Brace => {
            let variants = split_commas(body.stream())?;
            block(&head, &variants, variant, &mut text)?;
            Some((at + 1, text))
        }
        ("type", Some(TokenTree::Punct(equals)), _) if equals.as_char() == '=' => {
            let semi = at + 1 + trees[at + 1..].iter().position(|tree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ';'))?;
            let ty = plain(trees[at + 1..semi].iter().cloned().collect())?;
            line(&format!("{head} = {ty};"), &mut text)?;
            Some((semi + 1, text))
        }
        _ => None,
    }
}

/// A file's inner doc attribute (`#![doc = "..."]`, the module's docs) at the start of
/// `trees`, as prettyplease prints it: `//!` and the text.
pub(super) fn inner_doc(trees: &[TokenTree]) -> Option<(usize, String)> {
    match trees {
        [TokenTree::Punct(hash), TokenTree::Punct(bang), TokenTree::Group(attribute), ..]
            if hash.as_char() == '#' && bang.as_char() == '!' && attribute.delimiter() == Delimiter::Bracket =>
        {
            let doc = doc(attribute)??;
            Some((3, format!("//!{}\n", doc.trim_end_matches(' '))))
        }
        _ => None,
    }
}

/// `head {` with a line for each member (`member` lays it out, without its comma), then `}`;
/// `head {}` without members.
fn block(head: &str, members: &[Vec<TokenTree>], member: fn(&[TokenTree]) -> Option<Member>, text: &mut String) -> Option<()> {
    if members.is_empty() {
        return line(&format!("{head} {{}}"), text);
    }
    line(&format!("{head} {{"), text)?;
    for tokens in members {
        let at = attributes(tokens, INDENT, text)?;
        let member = member(&tokens[at..])?;
        let flat = member.flat();
        if INDENT.len() + flat.len() < MARGIN {
            line(&format!("{INDENT}{flat},"), text)?;
        } else {
            // Too long for its line: broken as prettyplease breaks it.
            text.push_str(INDENT);
            text.push_str(&member.lay_out(INDENT.len())?);
            text.push('\n');
        }
    }
    line("}", text)
}

/// `pub name: Type`.
fn field(tokens: &[TokenTree]) -> Option<Member> {
    match tokens {
        [TokenTree::Ident(public), TokenTree::Ident(name), TokenTree::Punct(colon), ty @ ..]
            if public == "pub" && colon.as_char() == ':' && colon.spacing() == Spacing::Alone =>
        {
            Some(Member { head: format!("pub {name}: "), ty: Some((plain(ty.iter().cloned().collect())?, false)) })
        }
        _ => None,
    }
}

/// `Name`, `Name(Type)`, `Name = 1`.
fn variant(tokens: &[TokenTree]) -> Option<Member> {
    let head = match tokens {
        [TokenTree::Ident(name)] => name.to_string(),
        [TokenTree::Ident(name), TokenTree::Group(fields)] if fields.delimiter() == Delimiter::Parenthesis => {
            return Some(Member { head: name.to_string(), ty: Some((plain(fields.stream())?, true)) });
        }
        [TokenTree::Ident(name), TokenTree::Punct(equals), TokenTree::Literal(value)] if equals.as_char() == '=' => format!("{name} = {value}"),
        _ => return None,
    };
    Some(Member { head, ty: None })
}

/// Types (and `pub` before a tuple struct's), on one line: paths, generics, references. Any
/// other token (a group, an attribute) is for prettyplease.
fn plain(tokens: TokenStream) -> Option<String> {
    let plain = tokens.clone().into_iter().all(|tree| match tree {
        TokenTree::Ident(_) => true,
        TokenTree::Punct(punct) => matches!(punct.as_char(), ':' | '<' | '>' | ',' | '&' | '\''),
        _ => false,
    });
    plain.then(|| one_line(tokens))
}

/// The outer attributes at the start of `trees`, each on a line at `indent`; how many trees
/// they took.
fn attributes(trees: &[TokenTree], indent: &str, text: &mut String) -> Option<usize> {
    let mut at = 0;
    while let (Some(TokenTree::Punct(hash)), Some(TokenTree::Group(attribute))) = (trees.get(at), trees.get(at + 1)) {
        if hash.as_char() != '#' || attribute.delimiter() != Delimiter::Bracket {
            break;
        }
        match doc(attribute) {
            // prettyplease's `///` line: the text as it is (it starts with its space), trailing
            // spaces trimmed, however long.
            Some(doc) => {
                text.push_str(indent);
                text.push_str("///");
                text.push_str(doc?.trim_end_matches(' '));
                text.push('\n');
            }
            None => {
                let mut inner = String::new();
                attribute_tokens(attribute.stream(), &mut inner);
                line(&format!("{indent}#[{inner}]"), text)?
            }
        }
        at += 2;
    }
    Some(at)
}

/// An attribute's tokens as prettyplease prints them on one line: a space between two words
/// (identifiers, literals), after a comma and around `=`, none elsewhere; a comma that ends a
/// group left out.
fn attribute_tokens(stream: TokenStream, out: &mut String) {
    let mut after_word = false;
    let mut trees = stream.into_iter().peekable();
    while let Some(tree) = trees.next() {
        match tree {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&tree.to_string());
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                let c = punct.as_char();
                if c == ',' && trees.peek().is_none() {
                    break;
                }
                if c == '=' && after_word {
                    out.push(' ');
                }
                out.push(c);
                if c == '=' || c == ',' {
                    out.push(' ');
                }
                after_word = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                attribute_tokens(group.stream(), out);
                out.push_str(close);
                after_word = false;
            }
        }
    }
}

/// The text of a `doc = "..."` attribute's contents (`Some(None)` when prettyplease would not
/// print it as a `///` line, or the literal is not one this reads); `None` for another attribute.
fn doc(attribute: &Group) -> Option<Option<String>> {
    let tokens: Vec<TokenTree> = attribute.stream().into_iter().collect();
    match tokens.as_slice() {
        [TokenTree::Ident(name), TokenTree::Punct(equals), TokenTree::Literal(literal)] if name == "doc" && equals.as_char() == '=' => {
            let text = string_value(&literal.to_string()).filter(|text| !text.contains('\n') && !text.starts_with('/'));
            Some(text)
        }
        _ => None,
    }
}

/// The value of a string literal as written: raw (`r"..."`, `r#"..."#`) or with the escapes
/// `quote` writes (`\"`, `\\`, `\n`, `\t`, `\r`, `\0`, `\'`, `\u{...}`).
fn string_value(literal: &str) -> Option<String> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let inner = raw.get(hashes..raw.len().checked_sub(hashes)?)?;
        return inner.strip_prefix('"')?.strip_suffix('"').map(str::to_owned);
    }
    let inner = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut value = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        value.push(match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '\'' => '\'',
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            '0' => '\0',
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let close = rest.find('}')?;
                let c = char::from_u32(u32::from_str_radix(&rest[..close], 16).ok()?)?;
                chars = rest[close + 1..].chars();
                c
            }
            _ => return None,
        });
    }
    Some(value)
}

/// `stream` cut at its commas, a comma between generic arguments (`Map<K, V>`) aside; a
/// trailing comma ends the last piece.
fn split_commas(stream: TokenStream) -> Option<Vec<Vec<TokenTree>>> {
    let mut pieces = Vec::new();
    let mut piece = Vec::new();
    let mut depth = 0usize;
    for tree in stream {
        if let TokenTree::Punct(punct) = &tree {
            match punct.as_char() {
                '<' => depth += 1,
                // `->` is no plain type's: the generics would not balance.
                '>' => depth = depth.checked_sub(1)?,
                ',' if depth == 0 => {
                    pieces.push(std::mem::take(&mut piece));
                    continue;
                }
                _ => {}
            }
        }
        piece.push(tree);
    }
    if !piece.is_empty() {
        pieces.push(piece);
    }
    (depth == 0).then_some(pieces)
}

/// `text` as a line, if it fits the margin (prettyplease would break a longer one).
fn line(text: &str, out: &mut String) -> Option<()> {
    if text.len() > MARGIN {
        return None;
    }
    out.push_str(text);
    out.push('\n');
    Some(())
}

fn is_ident(tree: Option<&TokenTree>, text: &str) -> bool {
    matches!(tree, Some(TokenTree::Ident(ident)) if ident == text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// What prettyplease prints for `tokens`.
    fn prettyplease(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("the test's tokens parse"))
    }

    fn laid_out(tokens: TokenStream) -> Option<String> {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let (end, text) = lay_out(&trees)?;
        assert_eq!(end, trees.len(), "the whole definition is taken");
        Some(text)
    }

    #[test]
    fn plain_definitions_read_as_prettyplease_prints_them() {
        let placeholder = crate::docs::DOC_PLACEHOLDER;
        let long = quote::format_ident!("{}", "a".repeat(80));
        let definitions = [
            quote! {
                #[doc = #placeholder]
                #[derive(Clone, Debug, Default, PartialEq,)]
                #[cfg_attr(feature = "registry", derive(serde::Serialize, serde::Deserialize))]
                pub struct Name {
                    /// Kept as sent.
                    #[serde(rename = "type")]
                    pub r#type: Option<Vec<crate::Kind>>,
                    #[deprecated]
                    pub extra: ::indexmap::IndexMap<String, serde_json::Value>,
                    pub raw: &'static str,
                }
            },
            quote!(
                pub struct Empty {}
            ),
            quote!(
                #[derive(Debug)]
                pub struct Id(pub String);
            ),
            quote! {
                #[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
                pub enum Status {
                    #[doc = " `completed`  "]
                    #[default]
                    Completed,
                    Boxed(Box<crate::Status>),
                    Other(String),
                }
            },
            quote!(
                pub enum Never {}
            ),
            quote!(
                #[repr(u8)]
                pub enum Code {
                    One = 1,
                    Two = 2,
                }
            ),
            quote!(
                pub type Alias = ::indexmap::IndexMap<String, Vec<crate::Alias>>;
            ),
            // Members too long for their lines.
            quote!(pub struct Long { pub #long: Option<String>, pub short: Option<crate::#long> }),
            quote!(pub enum Long { #long(crate::#long), Short(::indexmap::IndexMap<String, crate::#long>) }),
        ];
        for tokens in definitions {
            let expected = prettyplease(tokens.clone());
            assert_eq!(laid_out(tokens).as_deref(), Some(expected.as_str()));
        }
    }

    #[test]
    fn a_module_doc_reads_as_prettyplease_prints_it() {
        let tokens = quote!(#![doc = " `Name`, and \"more\"  "]);
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        assert_eq!(inner_doc(&trees), Some((3, prettyplease(tokens))));
        let block: Vec<TokenTree> = quote!(#![doc = "a\nb"]).into_iter().collect();
        assert_eq!(inner_doc(&block), None);
    }

    #[test]
    fn anything_else_is_left_to_prettyplease() {
        let long = quote::format_ident!("{}", "a".repeat(80));
        let others = [
            quote!(
                pub struct Generic<T> {
                    pub value: T,
                }
            ),
            quote!(
                struct Private {
                    pub value: String,
                }
            ),
            quote!(
                pub struct Inner {
                    value: String,
                }
            ),
            quote!(
                pub struct Scoped {
                    pub(crate) value: String,
                }
            ),
            quote!(
                pub enum Shapes {
                    Point { x: f64 },
                }
            ),
            quote!(pub struct Long { pub #long: &'static Option<String> }),
            quote!(
                pub struct Array {
                    pub value: [u8; 4],
                }
            ),
            quote!(
                #[doc = "two\nlines"]
                pub struct Block {}
            ),
            quote!(impl Name {}),
            quote!(
                pub use a::{B, C};
            ),
            quote!(
                pub mod inline {}
            ),
        ];
        for tokens in others {
            assert_eq!(laid_out(tokens.clone()), None, "{tokens}");
        }
    }

    #[test]
    fn string_literals_read_back_as_their_value() {
        assert_eq!(string_value(r#""a \"b\" \\ \u{1}""#).as_deref(), Some("a \"b\" \\ \u{1}"));
        assert_eq!(string_value(r###"r#"a "b""#"###).as_deref(), Some("a \"b\""));
        assert_eq!(string_value(r#"r" raw""#).as_deref(), Some(" raw"));
        assert_eq!(string_value(r#""\x41""#), None);
    }
}

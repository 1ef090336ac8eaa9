//! The runtime's macro lines (`crate::__runtime::serde_struct!(...);` and the like), laid out as
//! text without syn or prettyplease.
//!
//! They are two fifths of a generated crate's code, and neither parser nor printer has anything
//! to do with them: syn keeps a macro's arguments as tokens, and prettyplease prints them token
//! by token (`crate ::Name`, `Vec < String >`). Each is printed here instead, the way a person
//! writes macro arguments, filled to the printer's margin.

use crate::words::words;
use proc_macro2::{Delimiter, TokenTree};

/// The length of `crate :: __runtime :: name ! (...) ;` at the start of `trees`, if it is one.
pub(super) fn end(trees: &[TokenTree]) -> Option<usize> {
    let ident = |i: usize, text: Option<&str>| matches!(trees.get(i), Some(TokenTree::Ident(id)) if text.is_none_or(|t| id == t));
    let punct = |i: usize, c: char| matches!(trees.get(i), Some(TokenTree::Punct(p)) if p.as_char() == c);
    let parens = matches!(trees.get(8), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis);
    let path = ident(0, Some("crate")) && punct(1, ':') && punct(2, ':') && ident(3, Some("__runtime")) && punct(4, ':') && punct(5, ':');
    (path && ident(6, None) && punct(7, '!') && parens && punct(9, ';')).then_some(10)
}

/// `path!(arguments);` on one line when it fits, else the arguments filled on indented lines
/// between `path!(` and `);`. `line` is what [`end`] measured.
pub(super) fn lay_out(mut line: Vec<TokenTree>) -> String {
    let arguments = line.drain(8..).next();
    let mut path = String::new();
    line.iter().for_each(|tree| path.push_str(&tree.to_string()));
    // `end` checked the parentheses: the group's stream is the arguments.
    let words = match arguments {
        Some(TokenTree::Group(group)) => words(crate::words::take_stream(group)),
        _ => Default::default(),
    };
    crate::words::macro_line(&path, &words)
}

//! A file's top-level tokens cut into what `render` lays out as text (the runtime's macro lines,
//! plain definitions) and the items between, for syn and prettyplease.

use super::{definitions, macro_lines};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use std::ops::Range;

pub enum Piece {
    /// Items for syn and prettyplease (never empty).
    Items(TokenStream),
    /// Text laid out here, whole lines.
    Text(String),
}

/// Cuts `tokens` at each item that starts where an item may (at the start, or after a top-level
/// `;` or `{...}`) and is laid out as text: a `crate::__runtime::name!(...);` line, a plain
/// definition, the module's doc, an item the emitter laid out.
pub fn split(tokens: TokenStream) -> Vec<Piece> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    // A macro line is laid out once its trees are taken (owned, their groups are read without
    // copying them); a definition as it is checked.
    let cuts = cuts(&trees, |rest| match macro_lines::end(rest) {
        Some(end) => Some((end, None)),
        None if is_laid_out(rest) => Some((1, Some(format!("{}\n", crate::docs::ITEM_PLACEHOLDER)))),
        None => definitions::inner_doc(rest).or_else(|| definitions::lay_out(rest)).map(|(end, text)| (end, Some(text))),
    });
    let mut pieces = Vec::with_capacity(cuts.len() * 2 + 1);
    let mut trees = trees.into_iter().enumerate().peekable();
    for (range, text) in cuts {
        let items: TokenStream = std::iter::from_fn(|| trees.next_if(|(i, _)| *i < range.start).map(|(_, tree)| tree)).collect();
        if !items.is_empty() {
            pieces.push(Piece::Items(items));
        }
        let cut: Vec<TokenTree> = std::iter::from_fn(|| trees.next_if(|(i, _)| *i < range.end).map(|(_, tree)| tree)).collect();
        pieces.push(Piece::Text(text.unwrap_or_else(|| macro_lines::lay_out(cut))));
    }
    let rest: TokenStream = trees.map(|(_, tree)| tree).collect();
    if !rest.is_empty() {
        pieces.push(Piece::Items(rest));
    }
    pieces
}

/// The marker of an item the emitter laid out itself (`emit`'s `laid_out`): its text takes the
/// marker's place once the file is formatted (`render::fill_docs`).
fn is_laid_out(trees: &[TokenTree]) -> bool {
    matches!(trees.first(), Some(TokenTree::Punct(punct)) if punct.as_char() == '@')
}

/// The ranges of `trees` that `cut` takes, each with what it says, trying it at each place an
/// item may start: at the start, or after a top-level `;` or `{...}`.
fn cuts<T>(trees: &[TokenTree], mut cut: impl FnMut(&[TokenTree]) -> Option<(usize, T)>) -> Vec<(Range<usize>, T)> {
    let mut cuts = Vec::new();
    let mut at_item = true;
    let mut index = 0;
    while index < trees.len() {
        if at_item {
            if let Some((end, value)) = cut(&trees[index..]) {
                cuts.push((index..index + end, value));
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
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proc_macro2::Spacing;
    use quote::quote;

    fn printed(tokens: TokenStream) -> String {
        split(tokens)
            .into_iter()
            .map(|piece| match piece {
                Piece::Text(text) => text,
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
        assert!(text.lines().all(|line| line.len() <= crate::words::MARGIN), "{text}");
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
    fn only_what_starts_an_item_is_cut_out() {
        let tokens = quote! {
            #![doc = "module"]
            pub struct A { a: u8 }
            crate::__runtime::one!(A);
            #[cfg(x)]
            crate::__runtime::two!(A);
            const B: u8 = 1;
            crate::__runtime::three!(B);
            pub struct C { pub c: u8 }
            pub const D: u8 = 1;
        };
        let pieces = split(tokens);
        let kinds: Vec<&str> = pieces.iter().map(|p| if matches!(p, Piece::Text(_)) { "text" } else { "items" }).collect();
        assert_eq!(kinds, ["text", "items", "text", "items", "text", "text", "items"]);
    }

    /// Every definition and module doc `render::definitions` lays out, in every module, lib.rs
    /// and operation of every fixture of the repository, reads exactly as prettyplease prints
    /// the same tokens (macro lines aside: they are laid out as a person writes them, on
    /// purpose).
    #[test]
    fn every_definition_of_the_fixtures_reads_as_prettyplease_prints_it() {
        let mut laid_out = 0;
        for (case, config, analyzed) in crate::fixtures::each() {
            let model = &analyzed.model;
            let mut files: Vec<TokenStream> = (0..model.modules.len()).map(|index| crate::emit::module(model, index)).collect();
            files.push(crate::emit::lib(model, &config).0);
            if crate::emit::has_operations(model) {
                files.push(crate::emit::operations_module(model));
            }
            for tokens in files {
                let trees: Vec<TokenTree> = tokens.into_iter().collect();
                for (range, text) in cuts(&trees, |rest| definitions::inner_doc(rest).or_else(|| definitions::lay_out(rest))) {
                    let item: TokenStream = trees[range].iter().cloned().collect();
                    let printed = prettyplease::unparse(&syn::parse2(item.clone()).expect("a laid-out definition parses"));
                    assert_eq!(text, printed, "{}: {item}", case.display());
                    laid_out += 1;
                }
            }
        }
        assert!(laid_out > 1000, "only {laid_out} definitions laid out across the fixtures");
    }
}

//! How a type is written at a use site: `TypeRef` → tokens.
//!
//! Standard types are written short (`Option<String>`) unless the module defines a type with
//! the same name (a schema called `Option`), where they are written in full
//! (`::std::option::Option`), so the output always compiles and reads plainly where it can.

use crate::docs::DOC_PLACEHOLDER;
use crate::ir::{Model, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::cell::RefCell;

/// Names the prelude gives that generated code uses.
const PRELUDE: &[&str] = &["Option", "String", "Vec", "Box", "Result", "Some", "None", "Ok", "Err"];

/// The writer of type paths for one module.
pub struct Paths<'m> {
    pub model: &'m Model,
    pub module: usize,
    /// A local type shadows a prelude name.
    pub full: bool,
}

impl<'m> Paths<'m> {
    pub fn new(model: &'m Model, module: usize) -> Self {
        let full = model.modules[module].types.iter().any(|&id| PRELUDE.contains(&model.types[id].name.as_str()));
        Paths { model, module, full }
    }

    pub fn ty(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(id) => {
                let def = &self.model.types[*id];
                let name = ident(&def.name);
                let home = &self.model.modules[def.module];
                if def.module == self.module {
                    quote!(#name)
                } else if let Some(parent) = home.parent {
                    let (parent, module) = (ident(parent), ident(&home.name));
                    quote!(crate::#parent::#module::#name)
                } else if home.root == *id {
                    quote!(crate::#name)
                } else {
                    let module = ident(&home.name);
                    quote!(crate::#module::#name)
                }
            }
            TypeRef::String => self.string(),
            TypeRef::Bool => quote!(bool),
            TypeRef::I32 => quote!(i32),
            TypeRef::I64 => quote!(i64),
            TypeRef::F64 => quote!(f64),
            TypeRef::Vec(inner) => {
                let inner = self.ty(inner);
                if self.full {
                    quote!(::std::vec::Vec<#inner>)
                } else {
                    quote!(Vec<#inner>)
                }
            }
            // Any JSON values: serde_json's map, as an object without properties is.
            TypeRef::Map(inner) if **inner == TypeRef::Any => self.ty(&TypeRef::Object),
            // Ordered as sent, so a map reads and writes back with its keys in their order.
            TypeRef::Map(inner) => {
                let (inner, key) = (self.ty(inner), self.string());
                quote!(::indexmap::IndexMap<#key, #inner>)
            }
            TypeRef::Option(inner) => self.option(self.ty(inner)),
            TypeRef::Box(inner) => {
                let inner = self.ty(inner);
                if self.full {
                    quote!(::std::boxed::Box<#inner>)
                } else {
                    quote!(Box<#inner>)
                }
            }
            TypeRef::Object => {
                let key = self.string();
                quote!(serde_json::Map<#key, serde_json::Value>)
            }
            TypeRef::Any => quote!(serde_json::Value),
            TypeRef::File => quote!(crate::call::File),
        }
    }

    /// [`Paths::ty`] as text, on one line as `words::one_line` writes it: a field's type is
    /// text in a definition the emitter lays out, and made as tokens it was read back into
    /// words, a tenth of emitting a crate.
    pub fn ty_text(&self, ty: &TypeRef) -> String {
        let mut out = String::with_capacity(64);
        self.write_ty(ty, &mut out);
        out
    }

    /// `Option<ty>` as text (see [`Paths::ty_text`]).
    pub fn option_text(&self, ty: &TypeRef) -> String {
        let mut out = String::from(if self.full { "::std::option::Option<" } else { "Option<" });
        self.write_ty(ty, &mut out);
        out.push('>');
        out
    }

    pub fn string_text(&self) -> &'static str {
        if self.full {
            "::std::string::String"
        } else {
            "String"
        }
    }

    fn write_ty(&self, ty: &TypeRef, out: &mut String) {
        let generic = |out: &mut String, path: &str, inner: &TypeRef| {
            out.push_str(path);
            out.push('<');
            self.write_ty(inner, out);
            out.push('>');
        };
        match ty {
            TypeRef::Named(id) => {
                let def = &self.model.types[*id];
                let home = &self.model.modules[def.module];
                if def.module != self.module {
                    out.push_str("crate::");
                    if let Some(parent) = home.parent {
                        out.push_str(parent);
                        out.push_str("::");
                        out.push_str(&home.name);
                        out.push_str("::");
                    } else if home.root != *id {
                        out.push_str(&home.name);
                        out.push_str("::");
                    }
                }
                out.push_str(&def.name);
            }
            TypeRef::String => out.push_str(self.string_text()),
            TypeRef::Bool => out.push_str("bool"),
            TypeRef::I32 => out.push_str("i32"),
            TypeRef::I64 => out.push_str("i64"),
            TypeRef::F64 => out.push_str("f64"),
            TypeRef::Vec(inner) => generic(out, if self.full { "::std::vec::Vec" } else { "Vec" }, inner),
            TypeRef::Map(inner) if **inner == TypeRef::Any => self.write_ty(&TypeRef::Object, out),
            TypeRef::Map(inner) => {
                out.push_str("::indexmap::IndexMap<");
                out.push_str(self.string_text());
                out.push_str(", ");
                self.write_ty(inner, out);
                out.push('>');
            }
            TypeRef::Option(inner) => generic(out, if self.full { "::std::option::Option" } else { "Option" }, inner),
            TypeRef::Box(inner) => generic(out, if self.full { "::std::boxed::Box" } else { "Box" }, inner),
            TypeRef::Object => {
                out.push_str("serde_json::Map<");
                out.push_str(self.string_text());
                out.push_str(", serde_json::Value>");
            }
            TypeRef::Any => out.push_str("serde_json::Value"),
            TypeRef::File => out.push_str("crate::call::File"),
        }
    }

    pub fn string(&self) -> TokenStream {
        if self.full {
            quote!(::std::string::String)
        } else {
            quote!(String)
        }
    }

    pub fn option(&self, inner: TokenStream) -> TokenStream {
        if self.full {
            quote!(::std::option::Option<#inner>)
        } else {
            quote!(Option<#inner>)
        }
    }

    /// The path serde calls to skip absent fields.
    pub fn is_none(&self) -> &'static str {
        if self.full {
            "::std::option::Option::is_none"
        } else {
            "Option::is_none"
        }
    }
}

/// An identifier from naming's source text (`r#type` is raw).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

thread_local! {
    /// The doc blocks of the file this thread is emitting, and the items it laid out as text, in
    /// order, while [`collect_docs`] collects them.
    static DOC_BLOCKS: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// `#[doc = "..."]` lines; while the file's docs are collected (see [`collect_docs`]), one
/// placeholder attribute for them all. Docs are a third of a crate's text: as attributes, each
/// line is escaped into a literal, parsed back by syn and printed by prettyplease, where as a
/// block they are written once, after formatting (`render::fill_docs`).
pub fn docs(lines: &[String]) -> TokenStream {
    if lines.is_empty() {
        return TokenStream::new();
    }
    // A line with a line break is printed by prettyplease as a block comment: it keeps its attribute.
    if !lines.iter().any(|line| line.contains('\n')) {
        let collected = DOC_BLOCKS.with(|blocks| blocks.borrow_mut().as_mut().map(|blocks| blocks.push(lines.join("\n"))));
        if collected.is_some() {
            return quote!(#[doc = #DOC_PLACEHOLDER]);
        }
    }
    let lines = lines.iter().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    quote!(#(#[doc = #lines])*)
}

/// Runs `emit` with `docs` collecting the doc blocks it emits: its result and the blocks, in
/// the order of their placeholders in its tokens.
pub fn collect_docs<T>(emit: impl FnOnce() -> T) -> (T, Vec<String>) {
    let outer = DOC_BLOCKS.with(|blocks| blocks.replace(Some(Vec::new())));
    let value = emit();
    let blocks = DOC_BLOCKS.with(|blocks| blocks.replace(outer)).unwrap_or_default();
    (value, blocks)
}

/// Doc blocks whose placeholders the caller writes, collected in order when the file's blocks
/// are (else `false`: the caller writes the docs as they are).
pub fn collect_doc_blocks(blocks: Vec<String>) -> bool {
    DOC_BLOCKS.with(|collected| collected.borrow_mut().as_mut().map(|collected| collected.extend(blocks)).is_some())
}

/// An item the emitter laid out as prettyplease prints it (`emit::breaks`): while the file's
/// blocks are collected, a marker for it (`@`, which starts no Rust item) that the render stage
/// replaces by the text, neither parsed nor printed again; else `tokens(text)`, for prettyplease.
pub fn laid_out(text: String, tokens: impl FnOnce(String) -> TokenStream) -> TokenStream {
    let text = DOC_BLOCKS.with(|blocks| match blocks.borrow_mut().as_mut() {
        Some(blocks) => {
            blocks.push(text);
            None
        }
        None => Some(text),
    });
    match text {
        None => quote!(@),
        Some(text) => tokens(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same item, its docs as attributes and as a placeholder filled after formatting.
    fn both_ways(lines: &[String]) -> (String, String) {
        let item = || {
            let (a, b, c) = (docs(lines), docs(lines), docs(lines));
            quote!(#a pub struct A { #b pub a: u8 } impl A { #c pub fn f() {} })
        };
        let attributes = crate::render::format(item(), &[]).expect("formats");
        let (tokens, blocks) = collect_docs(item);
        assert_eq!(blocks.len(), 3, "one block per placeholder");
        let filled = crate::render::format(tokens, &blocks).expect("formats");
        (attributes, filled)
    }

    /// A macro line's words with a type between `name:` and `,` or `)`.
    fn words_around(ty: impl Fn(&mut crate::words::Words)) -> crate::words::WordList {
        let mut words = crate::words::Words::default();
        words.open(proc_macro2::Delimiter::Parenthesis);
        for close in [false, true] {
            words.word("name");
            words.op(":");
            ty(&mut words);
            match close {
                false => words.op(","),
                true => words.close(proc_macro2::Delimiter::Parenthesis),
            }
        }
        words.finish()
    }

    /// Every type of every fixture, from every module (where it is written short, in full, with
    /// its module's path): as text, the tokens' words on one line, and taken into a macro line's
    /// words as its tokens are.
    #[test]
    fn types_as_text_are_their_tokens_on_one_line() {
        use crate::words::one_line;
        let (mut compared, mut full) = (0, 0);
        for (_, _, analyzed) in crate::fixtures::each() {
            let model = &analyzed.model;
            for module in 0..model.modules.len() {
                let paths = Paths::new(model, module);
                full += usize::from(paths.full);
                for id in 0..model.types.len() {
                    for ty in [TypeRef::Named(id), TypeRef::Vec(Box::new(TypeRef::Named(id))), TypeRef::Map(Box::new(TypeRef::Named(id)))] {
                        assert_eq!(paths.ty_text(&ty), one_line(paths.ty(&ty)));
                        assert_eq!(words_around(|words| words.type_text(&paths.ty_text(&ty))), words_around(|words| words.stream(paths.ty(&ty))));
                        assert_eq!(paths.option_text(&ty), one_line(paths.option(paths.ty(&ty))));
                        compared += 1;
                    }
                }
                let others = [TypeRef::String, TypeRef::Bool, TypeRef::I32, TypeRef::I64, TypeRef::F64, TypeRef::Any, TypeRef::Object, TypeRef::File];
                for ty in others.into_iter().flat_map(|ty| [TypeRef::Box(Box::new(ty.clone())), TypeRef::Map(Box::new(ty.clone())), ty]) {
                    assert_eq!(paths.ty_text(&ty), one_line(paths.ty(&ty)));
                    assert_eq!(words_around(|words| words.type_text(&paths.ty_text(&ty))), words_around(|words| words.stream(paths.ty(&ty))));
                }
                assert_eq!(paths.string_text(), one_line(paths.string()));
            }
        }
        assert!(compared > 5_000 && full > 0, "only {compared} types compared, {full} modules that write the prelude in full");
    }

    #[test]
    fn docs_written_after_formatting_read_as_prettyplease_prints_them() {
        let lines: Vec<String> = ["First.", "", "  indented  ", "   ", "trailing ", "`code` \u{1} and * / ", "last"].map(String::from).to_vec();
        let (attributes, filled) = both_ways(&lines);
        assert_eq!(filled, attributes);
        assert!(filled.contains("\n    ///   indented\n    ///\n    /// trailing\n"), "{filled}");
    }

    #[test]
    fn a_line_with_a_line_break_keeps_its_attribute() {
        let lines = vec!["one\ntwo".to_owned()];
        let (tokens, blocks) = collect_docs(|| docs(&lines));
        assert!(blocks.is_empty());
        assert!(!tokens.to_string().contains(DOC_PLACEHOLDER));
    }

    #[test]
    fn docs_and_placeholders_that_do_not_pair_are_an_error() {
        let (tokens, mut blocks) = collect_docs(|| {
            quote!(
                pub struct A;
            )
        });
        blocks.push("orphan".to_owned());
        assert!(crate::render::format(tokens, &blocks).is_err());
        let (tokens, _) = collect_docs(|| docs(&["text".to_owned()]));
        assert!(crate::render::format(quote!(#tokens pub struct A;), &[]).is_err());
    }
}

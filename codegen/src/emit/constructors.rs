//! Constructors: `Foo::new(required...)` and a fluent setter per optional field, written by the
//! runtime's `constructors!` macro from one line per struct.
//!
//! `new` takes each required field that is not a constant, as `impl Into<T>`; constants take
//! their value, optional fields start as `None`, maps of other fields start empty. A setter
//! (named after its field) sets an optional field and returns the value, so a request reads
//! `CreateChatCompletionRequest::new(model, messages).temperature(0.2)`. A deprecated field's
//! setter is deprecated too; `new` never touches one.

use super::paths::Paths;
use super::text::laid_out_item;
use crate::ir::{Struct, TypeDef, TypeKind, TypeRef};
use crate::words::{macro_line, Words};
use proc_macro2::{Delimiter, TokenStream};

/// Method names a setter does not take.
const RESERVED: &[&str] = &["new", "default", "clone", "clone_from", "eq", "ne", "fmt", "hash", "into", "from", "to_owned", "to_string"];

pub fn constructors(def: &TypeDef, object: &Struct, paths: &Paths) -> TokenStream {
    let mut line = Line::default();
    for field in &object.fields {
        if field.optional() {
            line.fill.push(&field.name);
            // A setter may not take the constructor's name, nor shadow a method of the derived
            // traits (`Foo::default()` must stay the trait's).
            if !RESERVED.contains(&field.name.as_str()) {
                line.setters.push((field.deprecated, &field.name, paths.ty_text(&field.ty)));
            }
        } else if is_constant(paths, &field.ty) {
            line.fill.push(&field.name);
        } else {
            line.args.push((&field.name, paths.ty_text(&field.ty)));
        }
    }
    for (name, ty) in &object.flattened {
        line.args.push((name, paths.ty_text(ty)));
    }
    line.fill.extend(object.additional.iter().map(|(name, _)| name.as_str()).chain(object.unknown_fields.as_deref()));
    line.tokens(&def.name)
}

/// A `constructors!` line: `new`'s arguments, the fields it fills, the setters (each with
/// whether it is deprecated). The names are the fields' own, borrowed.
#[derive(Default)]
pub struct Line<'a> {
    pub args: Vec<(&'a str, String)>,
    pub fill: Vec<&'a str>,
    pub setters: Vec<(bool, &'a str, String)>,
}

impl Line<'_> {
    /// `crate::__runtime::constructors!(Name; new(a: A); fill(b); set(c: C));`, written as text
    /// (its words made as the render stage would space the same tokens).
    pub fn tokens(self, name: &str) -> TokenStream {
        let mut words = Words::default();
        words.word(name);
        words.op(";");
        fn list<'x>(words: &mut Words, keyword: &str, items: impl Iterator<Item = (bool, &'x str, Option<&'x str>)>) {
            words.word(keyword);
            words.open(Delimiter::Parenthesis);
            for (index, (deprecated, name, ty)) in items.enumerate() {
                if index > 0 {
                    words.op(",");
                }
                if deprecated {
                    words.op("#");
                    words.open(Delimiter::Bracket);
                    words.word("deprecated");
                    words.close(Delimiter::Bracket);
                }
                words.word(name);
                if let Some(ty) = ty {
                    words.op(":");
                    words.type_text(ty);
                }
            }
            words.close(Delimiter::Parenthesis);
        }
        list(&mut words, "new", self.args.iter().map(|(name, ty)| (false, *name, Some(ty.as_str()))));
        words.op(";");
        list(&mut words, "fill", self.fill.iter().map(|name| (false, *name, None)));
        words.op(";");
        list(&mut words, "set", self.setters.iter().map(|(deprecated, name, ty)| (*deprecated, *name, Some(ty.as_str()))));
        laid_out_item(macro_line("crate::__runtime::constructors!", &words.finish()))
    }
}

/// A field whose type is a constant (through boxes and aliases): it takes its one value.
fn is_constant(paths: &Paths, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Box(inner) => is_constant(paths, inner),
        TypeRef::Named(id) => match &paths.model.types[*id].kind {
            TypeKind::Const(_) => true,
            TypeKind::Alias(inner) => is_constant(paths, inner),
            _ => false,
        },
        _ => false,
    }
}

//! Constructors: `Foo::new(required...)` and a fluent setter per optional field, written by the
//! runtime's `constructors!` macro from one line per struct.
//!
//! `new` takes each required field that is not a constant, as `impl Into<T>`; constants take
//! their value, optional fields start as `None`, maps of other fields start empty. A setter
//! (named after its field) sets an optional field and returns the value, so a request reads
//! `CreateChatCompletionRequest::new(model, messages).temperature(0.2)`. A deprecated field's
//! setter is deprecated too; `new` never touches one.

use super::paths::{ident, Paths};
use crate::ir::{Struct, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Method names a setter does not take.
const RESERVED: &[&str] = &["new", "default", "clone", "clone_from", "eq", "ne", "fmt", "hash", "into", "from", "to_owned", "to_string"];

pub fn constructors(def: &TypeDef, object: &Struct, paths: &Paths) -> TokenStream {
    let (mut args, mut fill, mut setters) = (Vec::new(), Vec::new(), Vec::new());
    for field in &object.fields {
        let name = ident(&field.name);
        if field.optional() {
            fill.push(name.clone());
            // A setter may not take the constructor's name, nor shadow a method of the derived
            // traits (`Foo::default()` must stay the trait's).
            if !RESERVED.contains(&field.name.as_str()) {
                let ty = paths.ty(&field.ty);
                let deprecated = field.deprecated.then(|| quote!(#[deprecated]));
                setters.push(quote!(#deprecated #name: #ty));
            }
        } else if is_constant(paths, &field.ty) {
            fill.push(name);
        } else {
            let ty = paths.ty(&field.ty);
            args.push(quote!(#name: #ty));
        }
    }
    for (name, ty) in &object.flattened {
        let (name, ty) = (ident(name), paths.ty(ty));
        args.push(quote!(#name: #ty));
    }
    for name in object.additional.iter().map(|(name, _)| name).chain(&object.unknown_fields) {
        fill.push(ident(name));
    }
    let name = ident(&def.name);
    quote!(crate::__runtime::constructors!(#name; new(#(#args),*); fill(#(#fill),*); set(#(#setters),*));)
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

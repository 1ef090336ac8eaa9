//! Stage 4: the model → Rust tokens, one token stream per file. Reads only the model.

mod items;
mod paths;
mod unions;

use crate::config::Config;
use crate::ir::{Model, TypeKind};
use paths::{ident, Paths};
use proc_macro2::TokenStream;
use quote::quote;

/// The tokens of one module file.
pub fn module(model: &Model, module: usize) -> TokenStream {
    let paths = Paths::new(model, module);
    let info = &model.modules[module];
    let root_name = &model.types[info.root].name;
    let summary = if info.types.len() > 1 {
        format!(" `{root_name}` and the types nested inside it.")
    } else {
        format!(" `{root_name}`.")
    };
    let items = info.types.iter().map(|&id| {
        let def = &model.types[id];
        match &def.kind {
            TypeKind::Struct(object) => items::structure(def, object, &paths),
            TypeKind::Enum(values) => items::string_enum(def, values, &paths),
            TypeKind::Const(variant) => items::constant(def, variant),
            TypeKind::Union(union) => unions::union(def, union, &paths),
            TypeKind::Alias(ty) => items::alias(def, ty, &paths),
            TypeKind::Newtype(ty) => items::newtype(def, ty, &paths),
            TypeKind::Pending => TokenStream::new(),
        }
    });
    quote! {
        #![doc = #summary]
        #(#items)*
    }
}

/// The tokens of `lib.rs`: crate docs, lints, the modules and the root re-exports.
pub fn lib(model: &Model, config: &Config) -> TokenStream {
    let doc = config.crate_doc.lines().map(|line| format!(" {line}"));
    let modules = model.modules.iter().map(|m| ident(&m.name));
    let exports = model.modules.iter().map(|m| {
        let module = ident(&m.name);
        let name = ident(&model.types[m.root].name);
        quote!(pub use #module::#name;)
    });
    quote! {
        #(#![doc = #doc])*
        // Deprecated items are still (de)serialized here; variants of a union differ in size by
        // the nature of the data; variant names come from the spec's values.
        #![allow(deprecated, clippy::large_enum_variant, clippy::enum_variant_names)]

        mod __runtime;
        #(pub mod #modules;)*
        #(#exports)*
    }
}

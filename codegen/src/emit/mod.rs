//! Stage 4: the model → Rust tokens, one token stream per file. Reads only the model.

mod enums;
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
            TypeKind::Enum(values) => enums::string_enum(def, values, &paths),
            TypeKind::Const(constant) => enums::constant(def, constant, &paths),
            TypeKind::Integers(integers) => enums::integers(def, integers),
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
    let registry = config.registry.then(|| {
        quote! {
            /// Round trips by spec name, for conformance tooling.
            #[cfg(feature = "registry")]
            #[doc(hidden)]
            pub mod __registry;
        }
    });
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
        #registry
        #(pub mod #modules;)*
        #(#exports)*
    }
}

/// The tokens of `__registry.rs`: a round trip of a JSON text by the spec name of its type.
pub fn registry(model: &Model) -> TokenStream {
    let wires = model.modules.iter().map(|module| &module.wire);
    let arms = model.modules.iter().map(|module| {
        let wire = &module.wire;
        let name = ident(&model.types[module.root].name);
        quote!(#wire => run::<crate::#name>(json),)
    });
    quote! {
        //! Round trips by the spec name of a type (crate feature `registry`), for tools that
        //! check the crate against example payloads.

        /// Deserializes `json` as the type the spec calls `name` and serializes it back;
        /// `None` when no type has that name.
        pub fn round_trip(name: &str, json: &str) -> Option<Result<serde_json::Value, String>> {
            Some(match name {
                #(#arms)*
                _ => return None,
            })
        }

        /// Every spec name that has a type.
        pub fn names() -> &'static [&'static str] {
            &[#(#wires),*]
        }

        fn run<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<serde_json::Value, String> {
            let typed: T = serde_json::from_str(json).map_err(|e| e.to_string())?;
            serde_json::to_value(&typed).map_err(|e| e.to_string())
        }
    }
}

//! String enums, constants and integer enums: the type, then one invocation of the runtime's
//! macro that writes its serde impls (see `assets/runtime.rs`).
//!
//! serde's derive writes a field visitor, a variant visitor and an enum visitor for every enum,
//! and an `#[serde(untagged)]` catch-all variant makes it buffer every value before matching. A
//! crate with a thousand constants and hundreds of enums pays for that in compile time and in
//! speed; the macros read the value once and match it, and keep the generated files short.

use super::items::{head, plain_derives};
use super::paths::{ident, Paths};
use crate::ir::{Constant, Enum, Integers, TypeDef};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

pub fn string_enum(def: &TypeDef, values: &Enum, paths: &Paths) -> TokenStream {
    let head = head(def);
    let copy = values.other.is_none().then(|| quote!(Copy,));
    // An open enum's `Default` (its catch-all, empty) comes from the macro.
    let derives = plain_derives(&TypeDef { default: false, ..def.clone() }, quote!(#copy Eq, Hash,));
    let name = ident(&def.name);
    let names: Vec<_> = values.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&String> = values.variants.iter().map(|v| &v.wire).collect();
    let variant_docs = values.variants.iter().map(|v| wire_doc(&v.wire));
    let (other_variant, mode) = fallback(values.other.as_deref(), paths.string(), TokenStream::new());
    quote! {
        #head
        #derives
        pub enum #name {
            #(#[doc = #variant_docs] #names,)*
            #other_variant
        }
        crate::__runtime::string_enum!(#name, #mode, #(#names(#wires)),*);
    }
}

/// A single value (`object: "realtime.response"`): a one-variant enum whose `Default` is that
/// value. A union's tag reads and writes exactly that value; any other constant also keeps
/// another value in a catch-all variant (a lenient read).
pub fn constant(def: &TypeDef, constant: &Constant, paths: &Paths) -> TokenStream {
    let head = head(def);
    let name = ident(&def.name);
    let variant_name = ident(&constant.variant.name);
    let wire = &constant.variant.wire;
    let doc = wire_doc(wire);
    match &constant.other {
        None => {
            let derives = plain_derives(def, quote!(Copy, Eq, Hash,));
            quote! {
                #head
                #derives
                pub enum #name {
                    #[doc = #doc]
                    #[default]
                    #variant_name,
                }
                crate::__runtime::constant!(#name, #variant_name(#wire));
            }
        }
        Some(other) => {
            let derives = plain_derives(def, quote!(Eq, Hash,));
            let (other_variant, _) = fallback(Some(other), paths.string(), TokenStream::new());
            let other = ident(other);
            quote! {
                #head
                #derives
                pub enum #name {
                    #[doc = #doc]
                    #[default]
                    #variant_name,
                    #other_variant
                }
                crate::__runtime::string_enum!(#name, lenient #other, #variant_name(#wire));
            }
        }
    }
}

/// An integer enum: a constant (`rate: 24000`) with a `Default`, or a list of values, open or
/// closed like string enums.
pub fn integers(def: &TypeDef, integers: &Integers) -> TokenStream {
    let head = head(def);
    // A constant derives its `Default`; an open list's (its catch-all, 0) comes from the macro.
    let derives = plain_derives(&TypeDef { default: integers.is_constant(), ..def.clone() }, quote!(Copy, Eq, Hash,));
    let default_attr = integers.is_constant().then(|| quote!(#[default]));
    let name = ident(&def.name);
    let names: Vec<_> = integers.variants.iter().map(|(name, _)| ident(name)).collect();
    let values: Vec<_> = integers.variants.iter().map(|(_, value)| Literal::i64_unsuffixed(*value)).collect();
    let variant_docs = integers.variants.iter().map(|(_, value)| format!(" `{value}`"));
    // A closed integer enum says which values it expected (serde has no `unknown_variant` for them).
    let expected = integers.variants.iter().map(|(_, value)| format!("`{value}`")).collect::<Vec<_>>().join(", ");
    let (other_variant, mode) = fallback(integers.other.as_deref(), quote!(i64), quote!(#expected));
    quote! {
        #head
        #derives
        pub enum #name {
            #(#[doc = #variant_docs] #default_attr #names,)*
            #other_variant
        }
        crate::__runtime::integer_enum!(#name, #mode, #(#names(#values)),*);
    }
}

/// The catch-all variant of an open enum (carrying `payload`) and the macro's mode: `open Other`,
/// or `closed` followed by `closed_detail`.
fn fallback(other: Option<&str>, payload: TokenStream, closed_detail: TokenStream) -> (TokenStream, TokenStream) {
    match other {
        Some(other) => {
            let other = ident(other);
            let variant = quote! {
                /// A value this version of the crate does not know, kept as sent.
                #other(#payload),
            };
            (variant, quote!(open #other))
        }
        None => (TokenStream::new(), quote!(closed #closed_detail)),
    }
}

/// A variant's doc: the value as sent, as code (variant names cannot always show it: `gpt-4.1`).
fn wire_doc(wire: &str) -> String {
    if wire.is_empty() {
        " The empty string.".to_owned()
    } else if wire.contains('`') {
        format!(" `` {wire} ``")
    } else {
        format!(" `{wire}`")
    }
}

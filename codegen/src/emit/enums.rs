//! String enums and constants, with small hand-written serde impls.
//!
//! serde's derive writes a field visitor, a variant visitor and an enum visitor for every enum,
//! and an `#[serde(untagged)]` catch-all variant makes it buffer every value before matching. A
//! crate with a thousand constants and hundreds of enums pays for that in compile time and in
//! speed, so both are written here as a match on the string: one function call into the
//! runtime (`crate::__runtime`) and one `match` per type.

use super::items::{head, plain_derives};
use super::paths::{ident, Paths, Std};
use crate::ir::{Enum, Integers, TypeDef, Variant};
use proc_macro2::TokenStream;
use quote::quote;

pub fn string_enum(def: &TypeDef, values: &Enum, paths: &Paths) -> TokenStream {
    let head = head(def);
    let copy = values.other.is_none().then(|| quote!(Copy,));
    let derives = plain_derives(def, quote!(#copy Eq, Hash,));
    let name = ident(&def.name);
    let Std { ok, err, result, .. } = &Std::new(paths.full);
    let names: Vec<_> = values.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&String> = values.variants.iter().map(|v| &v.wire).collect();
    let variant_docs = values.variants.iter().map(|v| wire_doc(&v.wire));
    let (other_variant, other_wire, other_read, str_lifetime) = match &values.other {
        Some(other) => {
            let other = ident(other);
            let string = paths.string();
            (
                quote! {
                    /// A value this version of the crate does not know, kept as sent.
                    #other(#string),
                },
                quote!(Self::#other(value) => value,),
                quote!(_ => #ok(Self::#other(value.into_owned())),),
                quote!(&str),
            )
        }
        None => (
            TokenStream::new(),
            TokenStream::new(),
            quote!(_ => #err(serde::de::Error::unknown_variant(&value, &[#(#wires),*])),),
            quote!(&'static str),
        ),
    };
    quote! {
        #head
        #derives
        pub enum #name {
            #(#[doc = #variant_docs] #names,)*
            #other_variant
        }

        impl #name {
            /// The value as it is sent.
            pub fn as_str(&self) -> #str_lifetime {
                match self {
                    #(Self::#names => #wires,)*
                    #other_wire
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = crate::__runtime::string(deserializer)?;
                match &*value {
                    #(#wires => #ok(Self::#names),)*
                    #other_read
                }
            }
        }
    }
}

/// A single value (`object: "realtime.response"`): a one-variant enum that reads and writes
/// exactly that value. Unions dispatch on these, so they never accept another value.
pub fn constant(def: &TypeDef, variant: &Variant, paths: &Paths) -> TokenStream {
    let head = head(def);
    let derives = plain_derives(def, quote!(Copy, Eq, Hash,));
    let name = ident(&def.name);
    let variant_name = ident(&variant.name);
    let wire = &variant.wire;
    let Std { result, .. } = &Std::new(paths.full);
    let doc = wire_doc(wire);
    quote! {
        #head
        #derives
        pub enum #name {
            #[doc = #doc]
            #[default]
            #variant_name,
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(#wire)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                crate::__runtime::constant(deserializer, #wire).map(|()| Self::#variant_name)
            }
        }
    }
}

/// An integer enum: a constant (`rate: 24000`) with a `Default`, or a list of values, open or
/// closed like string enums.
pub fn integers(def: &TypeDef, integers: &Integers, paths: &Paths) -> TokenStream {
    let head = head(def);
    let constant = integers.is_constant();
    let default_derive = constant.then(|| quote!(Default,));
    let derives = quote!(#[derive(Clone, Copy, Debug, #default_derive PartialEq, Eq, Hash)]);
    let default_attr = constant.then(|| quote!(#[default]));
    let name = ident(&def.name);
    let Std { ok, err, result, .. } = &Std::new(paths.full);
    let names: Vec<_> = integers.variants.iter().map(|(name, _)| ident(name)).collect();
    let values: Vec<_> = integers.variants.iter().map(|(_, value)| proc_macro2::Literal::i64_unsuffixed(*value)).collect();
    let variant_docs = integers.variants.iter().map(|(_, value)| format!(" `{value}`"));
    let expected = integers.variants.iter().map(|(_, value)| format!("`{value}`")).collect::<Vec<_>>().join(", ");
    let (other_variant, other_value, other_read) = match &integers.other {
        Some(other) => {
            let other = ident(other);
            (
                quote! {
                    /// A value this version of the crate does not know, kept as sent.
                    #other(i64),
                },
                quote!(Self::#other(value) => *value,),
                quote!(other => #ok(Self::#other(other)),),
            )
        }
        None => (
            TokenStream::new(),
            TokenStream::new(),
            quote!(other => #err(serde::de::Error::invalid_value(serde::de::Unexpected::Signed(other), &#expected)),),
        ),
    };
    quote! {
        #head
        #derives
        pub enum #name {
            #(#[doc = #variant_docs] #default_attr #names,)*
            #other_variant
        }

        impl #name {
            /// The value as it is sent.
            pub fn value(&self) -> i64 {
                match self {
                    #(Self::#names => #values,)*
                    #other_value
                }
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                match <i64 as serde::Deserialize>::deserialize(deserializer)? {
                    #(#values => #ok(Self::#names),)*
                    #other_read
                }
            }
        }
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

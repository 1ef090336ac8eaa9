//! Structs, aliases and newtypes.

use super::paths::{docs, ident, Paths};
use crate::ir::{Dispatch, Field, Struct, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[deprecated]` where the spec says so.
pub fn deprecated(flag: bool) -> TokenStream {
    if flag {
        quote!(#[deprecated])
    } else {
        TokenStream::new()
    }
}

/// The derives every data type gets, with `Default` where every field has one.
fn derives(def: &TypeDef, extra: TokenStream) -> TokenStream {
    plain_derives(def, quote!(#extra serde::Serialize, serde::Deserialize,))
}

/// [`derives`] without serde's, for types whose serde impls are written out.
pub fn plain_derives(def: &TypeDef, extra: TokenStream) -> TokenStream {
    let default = def.default.then(|| quote!(Default,));
    quote!(#[derive(Clone, Debug, #default PartialEq, #extra)])
}

pub fn structure(def: &TypeDef, object: &Struct, paths: &Paths) -> TokenStream {
    let head = head(def);
    let streamed = streams(paths.model, object);
    let derives = if streamed { plain_derives(def, quote!(serde::Serialize,)) } else { derives(def, TokenStream::new()) };
    let fields = object.fields.iter().map(|field| self::field(field, paths, !streamed));
    let additional = object.additional.as_ref().map(|(name, ty)| {
        let name = ident(name);
        let ty = paths.ty(&TypeRef::Map(Box::new(ty.clone())));
        quote! {
            /// Properties not declared above.
            #[serde(flatten)]
            pub #name: #ty,
        }
    });
    let flattened = object.flattened.iter().map(|(name, ty)| {
        let (name, ty) = (ident(name), paths.ty(ty));
        quote! {
            /// The fields not declared above, read as this union.
            #[serde(flatten)]
            pub #name: #ty,
        }
    });
    let unknown = object.unknown_fields.as_ref().map(|name| {
        let name = ident(name);
        let ty = ident(&super::unknown_fields_type(paths.model));
        quote! {
            /// Fields this version of the crate does not know, kept as sent.
            #[serde(flatten)]
            pub #name: crate::#ty,
        }
    });
    let name = ident(&def.name);
    let deserializer = streamed.then(|| deserializer(def, object, paths));
    quote! {
        #head
        #derives
        pub struct #name {
            #(#fields)*
            #(#flattened)*
            #additional
            #unknown
        }
        #deserializer
    }
}

/// The struct's `Deserialize`: one line for the runtime's `deserialize_struct!`, naming each
/// field with its JSON name and how it reads (see the macro), then where other keys go.
fn deserializer(def: &TypeDef, object: &Struct, paths: &Paths) -> TokenStream {
    let model = paths.model;
    let fields = object.fields.iter().map(|field| {
        let (name, wire) = (ident(&field.name), &field.wire);
        let kind = if field.optional() {
            "optional"
        } else if !model.lenient || !model.has_default(&field.ty) {
            "required"
        } else if field.ty == TypeRef::Any {
            // Any JSON value, `null` included, is already one.
            "any"
        } else {
            "lenient"
        };
        let kind = ident(kind);
        let slot = if kind != "any" && reads_into_slot(model, &field.ty) {
            Some(quote!(in_slot))
        } else if kind != "required" && model.holds_null(&field.ty) {
            // `null` is a value of the type (a union with a nullable member): it is handed to
            // the type, which writes it back, rather than read as the field's `None` or default.
            Some(quote!(with_null))
        } else if kind != "any" && is_numbers(&field.ty) {
            Some(quote!(numbers))
        } else {
            None
        };
        quote!(#name #wire #kind #slot)
    });
    let rest = match (&object.flattened[..], object.additional.as_ref().map(|(name, _)| name).or(object.unknown_fields.as_ref())) {
        ([(union, _)], _) => {
            let union = ident(union);
            quote!(union #union)
        }
        (_, Some(map)) => {
            let map = ident(map);
            quote!(keep #map)
        }
        (_, None) => quote!(skip),
    };
    let name = ident(&def.name);
    quote!(crate::__runtime::deserialize_struct!(#name { #(#fields),* } #rest);)
}

/// Whether the struct's `Deserialize` is the runtime's (its fields streamed into their slots)
/// rather than serde's derive: always, unless the config asks for the derive, or the struct
/// merges several unions (or a union and a map), each of which would need every key serde's
/// `flatten` hands it.
fn streams(model: &crate::ir::Model, object: &Struct) -> bool {
    let merged = match &object.flattened[..] {
        [] => true,
        [_] => object.additional.is_none(),
        _ => false,
    };
    merged && !model.derive_deserialize
}

/// Whether a field of type `ty` is read into its slot (the runtime's `ReadInto`): a generated
/// struct that streams its fields, or a tagged union. Either may be large, and returned through
/// serde_json it would be moved into the slot.
fn reads_into_slot(model: &crate::ir::Model, ty: &TypeRef) -> bool {
    let TypeRef::Named(id) = ty else { return false };
    match &model.types[*id].kind {
        TypeKind::Struct(object) => streams(model, object),
        TypeKind::Union(union) => matches!(union.dispatch, Dispatch::Tagged(_)),
        TypeKind::Alias(target) => reads_into_slot(model, target),
        _ => false,
    }
}

/// Whether a field of type `ty` is a list of numbers, read by the runtime's `Numbers`: its first
/// allocation holds several (a logprob's `bytes`, an embedding).
fn is_numbers(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Vec(item) if matches!(**item, TypeRef::I32 | TypeRef::I64 | TypeRef::F64))
}

/// A field; `derived` when serde's derive reads it too (its lenient attributes then matter).
fn field(field: &Field, paths: &Paths, derived: bool) -> TokenStream {
    let docs = docs(&field.docs);
    let deprecated = deprecated(field.deprecated);
    let name = ident(&field.name);
    let mut serde = Vec::new();
    if field.name.strip_prefix("r#").unwrap_or(&field.name) != field.wire {
        let wire = &field.wire;
        serde.push(quote!(rename = #wire));
    }
    let ty = paths.ty(&field.ty);
    let ty = if field.optional() {
        if !field.required {
            let is_none = paths.is_none();
            serde.push(quote!(skip_serializing_if = #is_none));
        }
        if derived && paths.model.holds_null(&field.ty) {
            // `null` is a value of the type, as in the runtime's `with_null` reads.
            serde.push(quote!(default, deserialize_with = "crate::__runtime::some"));
        }
        paths.option(ty)
    } else {
        if derived {
            serde.extend(lenient(&field.ty, paths));
        }
        ty
    };
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// A required field read leniently: absent or `null`, it takes its type's default.
fn lenient(ty: &TypeRef, paths: &Paths) -> Option<TokenStream> {
    let model = paths.model;
    if !model.lenient || !model.has_default(ty) {
        return None;
    }
    Some(match ty {
        // Any JSON value, `null` included, is already one; so is a type that holds `null`.
        _ if *ty == TypeRef::Any || model.holds_null(ty) => quote!(default = "crate::__runtime::absent"),
        _ => quote!(default = "crate::__runtime::absent", deserialize_with = "crate::__runtime::or_default"),
    })
}

pub fn head(def: &TypeDef) -> TokenStream {
    let docs = docs(&def.docs);
    let deprecated = deprecated(def.deprecated);
    quote!(#docs #deprecated)
}

pub fn alias(def: &TypeDef, ty: &TypeRef, paths: &Paths) -> TokenStream {
    let head = head(def);
    let name = ident(&def.name);
    let ty = paths.ty(ty);
    quote! {
        #head
        pub type #name = #ty;
    }
}

pub fn newtype(def: &TypeDef, ty: &TypeRef, paths: &Paths) -> TokenStream {
    let head = head(def);
    let derives = derives(def, TokenStream::new());
    let name = ident(&def.name);
    let ty = paths.ty(ty);
    quote! {
        #head
        #derives
        #[serde(transparent)]
        pub struct #name(pub #ty);
    }
}

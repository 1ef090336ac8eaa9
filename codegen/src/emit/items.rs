//! Structs, aliases and newtypes.

use super::paths::{docs, ident, Paths};
use crate::ir::{Field, Struct, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// `#[deprecated]` where the spec says so.
pub fn deprecated(flag: bool) -> TokenStream {
    if flag { quote!(#[deprecated]) } else { TokenStream::new() }
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
    let derives = derives(def, TokenStream::new());
    let fields = object.fields.iter().map(|field| self::field(field, paths));
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
        let ty = paths.ty(&TypeRef::Object);
        quote! {
            /// Fields this version of the crate does not know, kept as sent.
            #[serde(flatten)]
            pub #name: #ty,
        }
    });
    let name = ident(&def.name);
    quote! {
        #head
        #derives
        pub struct #name {
            #(#fields)*
            #(#flattened)*
            #additional
            #unknown
        }
    }
}

fn field(field: &Field, paths: &Paths) -> TokenStream {
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
        paths.option(ty)
    } else {
        serde.extend(lenient(&field.ty, paths));
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
        // Any JSON value, `null` included, is already one.
        TypeRef::Any => quote!(default = "crate::__runtime::absent"),
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

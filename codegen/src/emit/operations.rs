//! Operations: the struct that holds a call's parameters and body, its `new` and setters, and
//! its `call::Call` (method, path, query, headers, body, and what its answers read into); the
//! `call::Page` of a list answer. What varies is written here; how a value is encoded is the
//! runtime's (`call.rs`), so each operation is a few lines of calls into it.

use super::items::deprecated;
use super::paths::{docs, ident, Paths};
use crate::ir::operations::Next;
use crate::ir::{Answer, Encoding, Location, Operation, Output, PageDef, Param, RequestBody, Style, TypeDef, TypeRef, CALL};
use proc_macro2::TokenStream;
use quote::quote;

/// serde's attributes of an operation's value: only with the registry's feature, which reads
/// operations from JSON (`render_call`); a user's calls do not pay for two derives per operation.
fn serde_attr(paths: &Paths, inner: TokenStream) -> TokenStream {
    if paths.model.registry {
        quote!(#[cfg_attr(feature = "registry", #inner)])
    } else {
        TokenStream::new()
    }
}

pub fn operation(def: &TypeDef, operation: &Operation, paths: &Paths) -> TokenStream {
    let name = ident(&def.name);
    let call = ident(CALL);
    let doc = docs(&def.docs);
    let deprecated = deprecated(def.deprecated);
    let fields = operation.params.iter().map(|param| field(param, paths));
    let body_ty = operation.body.as_ref().map(|body| body_type(body, paths));
    let body_field = operation.body.as_ref().zip(body_ty.as_ref()).map(|(body, ty)| {
        let ty = if body.required { ty.clone() } else { paths.option(ty.clone()) };
        let optional = (!body.required).then(|| {
            let is_none = paths.is_none();
            serde_attr(paths, quote!(serde(skip_serializing_if = #is_none)))
        });
        quote! {
            /// The request body.
            #optional
            pub body: #ty,
        }
    });
    let choice = operation.body.as_ref().and_then(|body| body_choice(def, body, paths));
    let constructors = constructors(def, operation, body_ty.as_ref(), paths);
    let call_impl = call_impl(def, operation, paths);
    let paged = operation.cursor.as_ref().map(|cursor| {
        let cursor = ident(cursor);
        let some = if paths.full { quote!(::core::option::Option::Some) } else { quote!(Some) };
        let string = paths.string();
        quote! {
            impl crate::#call::Paged for #name {
                fn set_cursor(&mut self, cursor: #string) {
                    self.#cursor = #some(cursor);
                }
            }
        }
    });
    // An operation that needs nothing has a `Default` beside its `new()`.
    let needs_nothing = operation.params.iter().all(|p| !p.required) && !operation.body.as_ref().is_some_and(|body| body.required);
    let default = needs_nothing.then(|| quote!(Default,));
    let serde = serde_attr(paths, quote!(derive(serde::Serialize, serde::Deserialize)));
    quote! {
        #doc
        #deprecated
        #[derive(Clone, Debug, #default PartialEq)]
        #serde
        pub struct #name {
            #(#fields)*
            #body_field
        }
        #constructors
        #call_impl
        #paged
        #choice
    }
}

fn field(param: &Param, paths: &Paths) -> TokenStream {
    let name = ident(&param.name);
    let ty = paths.ty(&param.ty);
    let ty = if param.required { ty } else { paths.option(ty) };
    let doc = docs(&param.docs);
    let where_ = match param.location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    };
    let place = format!(" The {where_} parameter `{}`.", param.wire);
    let separator = (!param.docs.is_empty()).then(|| quote!(#[doc = ""]));
    let rename = (param.name.strip_prefix("r#").unwrap_or(&param.name) != param.wire).then(|| {
        let wire = &param.wire;
        serde_attr(paths, quote!(serde(rename = #wire)))
    });
    let optional = (!param.required).then(|| {
        let is_none = paths.is_none();
        serde_attr(paths, quote!(serde(skip_serializing_if = #is_none)))
    });
    let deprecated = deprecated(param.deprecated);
    quote! {
        #doc
        #separator
        #[doc = #place]
        #deprecated
        #rename
        #optional
        pub #name: #ty,
    }
}

/// The type of the `body` field: the one media type's, or the enum of several.
fn body_type(body: &RequestBody, paths: &Paths) -> TokenStream {
    match (&body.choice, body.media.as_slice()) {
        (Some(choice), _) => {
            let choice = ident(choice);
            quote!(#choice)
        }
        (None, [one]) => paths.ty(&one.ty),
        (None, _) => quote!(()),
    }
}

/// The enum of a body sent in one of several media types, and a `From` for each type that
/// stands for one media type only.
fn body_choice(def: &TypeDef, body: &RequestBody, paths: &Paths) -> Option<TokenStream> {
    let choice = ident(body.choice.as_ref()?);
    let doc = format!(" The body of [`{}`], in one of the media types it is sent in.", def.name);
    let variants = body.media.iter().map(|media| {
        let (variant, ty) = (ident(&media.variant), paths.ty(&media.ty));
        let doc = format!(" Sent as `{}`.", media.media_type);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    let conversions = body
        .media
        .iter()
        .enumerate()
        .filter(|(index, media)| {
            body.media.iter().filter(|m| m.ty == media.ty).count() == 1 || body.media.iter().position(|m| m.ty == media.ty) == Some(*index)
        })
        .map(|(_, media)| {
            let (variant, ty) = (ident(&media.variant), paths.ty(&media.ty));
            quote! {
                impl ::core::convert::From<#ty> for #choice {
                    fn from(value: #ty) -> Self {
                        Self::#variant(value)
                    }
                }
            }
        });
    let serde = serde_attr(paths, quote!(derive(serde::Serialize, serde::Deserialize)));
    let untagged = serde_attr(paths, quote!(serde(untagged)));
    Some(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #serde
        #untagged
        pub enum #choice {
            #(#variants)*
        }
        #(#conversions)*
    })
}

/// `new` (required parameters, then a required body) and a setter per optional parameter, by the
/// runtime's `constructors!`; an optional body's setter is `with_body` (`body()` is the call's).
fn constructors(def: &TypeDef, operation: &Operation, body_ty: Option<&TokenStream>, paths: &Paths) -> TokenStream {
    let name = ident(&def.name);
    let (mut args, mut fill, mut setters) = (Vec::new(), Vec::new(), Vec::new());
    for param in &operation.params {
        let (field, ty) = (ident(&param.name), paths.ty(&param.ty));
        if param.required {
            args.push(quote!(#field: #ty));
        } else {
            let deprecated = deprecated(param.deprecated);
            fill.push(field.clone());
            setters.push(quote!(#deprecated #field: #ty));
        }
    }
    let mut with_body = TokenStream::new();
    if let (Some(body), Some(ty)) = (&operation.body, body_ty) {
        if body.required {
            args.push(quote!(body: #ty));
        } else {
            fill.push(ident("body"));
            let some = if paths.full { quote!(::core::option::Option::Some) } else { quote!(Some) };
            with_body = quote! {
                impl #name {
                    /// Sets the request body.
                    pub fn with_body(mut self, body: impl ::core::convert::Into<#ty>) -> Self {
                        self.body = #some(body.into());
                        self
                    }
                }
            };
        }
    }
    quote! {
        crate::__runtime::constructors!(#name; new(#(#args),*); fill(#(#fill),*); set(#(#setters),*));
        #with_body
    }
}

fn call_impl(def: &TypeDef, operation: &Operation, paths: &Paths) -> TokenStream {
    let name = ident(&def.name);
    let call = ident(CALL);
    let (string, result) = (paths.string(), if paths.full { quote!(::core::result::Result) } else { quote!(Result) });
    let vec = |inner: TokenStream| if paths.full { quote!(::std::vec::Vec<#inner>) } else { quote!(Vec<#inner>) };
    let some = if paths.full { quote!(::core::option::Option::Some) } else { quote!(Some) };
    let output = match &operation.output {
        Output::None => quote!(()),
        Output::Json(ty) => paths.ty(ty),
        Output::Bytes => vec(quote!(u8)),
        Output::Text => string.clone(),
    };
    let event = operation.events.as_ref().map_or_else(|| quote!(crate::#call::NoEvents), |ty| paths.ty(ty));
    let error = operation.error.as_ref().map_or_else(|| quote!(serde_json::Value), |ty| paths.ty(ty));
    let method = ident(&heck::ToUpperCamelCase::to_upper_camel_case(operation.method));
    let (template, id) = (&operation.path, &operation.id);
    let ok = if paths.full { quote!(::core::result::Result::Ok) } else { quote!(Ok) };

    let path_params = operation.params.iter().filter(|p| p.location == Location::Path).map(|p| {
        let (field, wire) = (ident(&p.name), &p.wire);
        quote!((#wire, crate::#call::value(&self.#field)))
    });
    let brackets = paths.model.query_brackets;
    let fixed = operation.fixed_query.iter().map(|(name, value)| quote!(.fixed(#name, #value)));
    let query = operation.params.iter().filter(|p| p.location == Location::Query).map(|p| {
        let (field, wire, explode) = (ident(&p.name), &p.wire, p.explode);
        let value = if p.required { quote!(#some(&self.#field)) } else { quote!(self.#field.as_ref()) };
        let style = style(p.style);
        quote!(query.add(#wire, #value, crate::#call::Style::#style, #explode);)
    });
    let has_query = operation.params.iter().any(|p| p.location == Location::Query);
    let query_body = if has_query {
        quote! {
            let mut query = crate::#call::Query::new(#brackets)#(#fixed)*;
            #(#query)*
            query.into_pairs()
        }
    } else {
        quote!(crate::#call::Query::new(#brackets)#(#fixed)*.into_pairs())
    };
    let headers: Vec<TokenStream> = operation
        .params
        .iter()
        .filter(|p| p.location == Location::Header)
        .map(|p| {
            let (field, wire) = (ident(&p.name), &p.wire);
            let value = if p.required { quote!(#some(&self.#field)) } else { quote!(self.#field.as_ref()) };
            quote!(headers.extend(crate::#call::header_value(#value).map(|value| (#wire, value)));)
        })
        .collect();
    let new_vec = if paths.full { quote!(::std::vec::Vec::new()) } else { quote!(Vec::new()) };
    let headers_body = if headers.is_empty() {
        new_vec
    } else {
        quote! {
            let mut headers = #new_vec;
            #(#headers)*
            headers
        }
    };
    let body = body_expression(def, operation, paths);
    let rules = operation.answers.iter().map(|rule| {
        let (status, media) = (&rule.status, &rule.media_type);
        let answer = match rule.answer {
            Answer::Output => quote!(Output),
            Answer::Events => quote!(Events),
            Answer::Error => quote!(Error),
        };
        quote!((#status, #media, crate::#call::Answer::#answer))
    });
    let read = match &operation.output {
        Output::None => quote!(#ok(())),
        Output::Json(_) => quote!(serde_json::from_slice(body)),
        Output::Bytes => quote!(#ok(body.to_vec())),
        // Text that is not UTF-8 is an error, never a string with characters replaced.
        Output::Text => quote!(#string::from_utf8(body.to_vec()).map_err(<serde_json::Error as serde::de::Error>::custom)),
    };
    let body_name = if matches!(operation.output, Output::None) { quote!(_) } else { quote!(body) };
    let (pairs, named) = (vec(quote!((#string, #string))), vec(quote!((&'static str, #string))));
    // The trait's defaults (no parameter of the kind, no body) are left to it.
    let path_fn = operation.params.iter().any(|p| p.location == Location::Path).then(|| {
        quote! {
            fn path(&self) -> #result<#string, crate::#call::PathError> {
                crate::#call::render_path(Self::PATH, &[#(#path_params),*])
            }
        }
    });
    let query_fn = (has_query || !operation.fixed_query.is_empty()).then(|| quote!(fn query(&self) -> #pairs { #query_body }));
    let headers_fn = (!headers.is_empty()).then(|| quote!(fn headers(&self) -> #named { #headers_body }));
    let body_fn = operation.body.is_some().then(|| quote!(fn body(&self) -> #result<crate::#call::Body, crate::#call::BodyError> { #body }));
    quote! {
        impl crate::#call::Call for #name {
            type Output = #output;
            type Event = #event;
            type Error = #error;
            const METHOD: crate::#call::Method = crate::#call::Method::#method;
            const PATH: &'static str = #template;
            const OPERATION_ID: &'static str = #id;

            #path_fn
            #query_fn
            #headers_fn
            #body_fn

            fn answer(status: u16, content_type: &str) -> crate::#call::Answer {
                crate::#call::answer(status, content_type, &[#(#rules),*])
            }

            fn read_output(#body_name: &[u8]) -> #result<Self::Output, serde_json::Error> {
                #read
            }
        }
    }
}

fn style(style: Style) -> TokenStream {
    match style {
        Style::Form => quote!(Form),
        Style::SpaceDelimited => quote!(SpaceDelimited),
        Style::PipeDelimited => quote!(PipeDelimited),
        Style::DeepObject => quote!(DeepObject),
        Style::Simple | Style::Label | Style::Matrix => quote!(Simple),
    }
}

/// The body in the media type it is sent in.
fn body_expression(def: &TypeDef, operation: &Operation, paths: &Paths) -> TokenStream {
    let call = ident(CALL);
    let ok = if paths.full { quote!(::core::result::Result::Ok) } else { quote!(Ok) };
    let Some(body) = &operation.body else { return quote!(#ok(crate::#call::Body::Empty)) };
    let brackets = paths.model.query_brackets;
    let encode = |media: &crate::ir::BodyMedia, value: TokenStream| -> TokenStream {
        let media_type = &media.media_type;
        match media.encoding {
            Encoding::Json => quote!(crate::#call::json_body(#value)),
            Encoding::Multipart => quote!(crate::#call::multipart_body(#value, #brackets)),
            Encoding::Form => quote!(crate::#call::form_body(#value, #brackets)),
            Encoding::Raw => match &media.ty {
                TypeRef::File => quote!(#ok(crate::#call::raw_body(#media_type, #value.bytes.clone()))),
                TypeRef::String => quote!(#ok(crate::#call::raw_body(#media_type, #value.as_bytes()))),
                _ => quote!(crate::#call::json_body(#value)),
            },
        }
    };
    let sent = match (&body.choice, body.media.as_slice()) {
        (Some(choice), media) => {
            let choice = ident(choice);
            let arms = media.iter().map(|media| {
                let variant = ident(&media.variant);
                let encoded = encode(media, quote!(body));
                quote!(#choice::#variant(body) => #encoded,)
            });
            quote!(match body { #(#arms)* })
        }
        (None, [one]) => encode(one, quote!(body)),
        (None, _) => quote!(#ok(crate::#call::Body::Empty)),
    };
    let _ = def;
    if body.required {
        quote! {
            let body = &self.body;
            #sent
        }
    } else {
        let (some, none) =
            if paths.full { (quote!(::core::option::Option::Some), quote!(::core::option::Option::None)) } else { (quote!(Some), quote!(None)) };
        quote! {
            match &self.body {
                #some(body) => #sent,
                #none => #ok(crate::#call::Body::Empty),
            }
        }
    }
}

/// `call::Page` for a list answer: its items, whether there is more, the next cursor.
pub fn page(def: &TypeDef, page: &PageDef, paths: &Paths) -> TokenStream {
    let name = ident(&def.name);
    let call = ident(CALL);
    let (items_field, item, items_optional) = &page.items;
    let items_field = ident(items_field);
    let item = paths.ty(item);
    let items = if *items_optional { quote!(self.#items_field.as_deref().unwrap_or_default()) } else { quote!(&self.#items_field) };
    let has_more = match &page.has_more {
        Some((field, false)) => {
            let field = ident(field);
            quote!(self.#field)
        }
        Some((field, true)) => {
            let field = ident(field);
            quote!(self.#field.unwrap_or(false))
        }
        None => quote!(crate::#call::Page::next_cursor(self).is_some()),
    };
    let string = paths.string();
    let option = paths.option(string.clone());
    let some = if paths.full { quote!(::core::option::Option::Some) } else { quote!(Some) };
    let next = match &page.next {
        Next::Field(field, true) => {
            let field = ident(field);
            quote!(self.#field.clone())
        }
        Next::Field(field, false) => {
            let field = ident(field);
            quote!(#some(self.#field.clone()))
        }
        Next::LastItemId(field, optional) => {
            let field = ident(field);
            let items = quote!(crate::#call::Page::items(self));
            if *optional {
                quote!(#items.last().and_then(|item| item.#field.clone()))
            } else {
                quote!(#items.last().map(|item| item.#field.clone()))
            }
        }
    };
    quote! {
        impl crate::#call::Page for #name {
            type Item = #item;

            fn items(&self) -> &[Self::Item] {
                #items
            }

            fn has_more(&self) -> bool {
                #has_more
            }

            fn next_cursor(&self) -> #option {
                #next
            }
        }
    }
}

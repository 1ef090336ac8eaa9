//! Stage 4: the model → Rust tokens, one token stream per file. Reads only the model.
//!
//! The most common items are written as text instead, laid out as the render stage would lay
//! out their tokens (`text`: the definitions of structs, enums, unions and operations, and the
//! runtime's `serde_struct!`, `constructors!`, `string_enum!` and `constant!` lines; `impls`:
//! the operations' `Call` and `Paged`): the stream holds a marker where each stands (see
//! `paths::laid_out`), so no tokens are made for them nor read back. An item that does not fit
//! its lines is lexed from its text into tokens for prettyplease.

mod area_modules;
mod arms;
mod code;
mod constructors;
mod enums;
mod expr;
mod impls;
mod items;
mod kinds;
mod module_list;
mod moved;
mod operations;
mod paths;
mod tagged;
mod text;
mod unions;

use crate::config::Config;
use crate::ir::{Model, TypeKind};
use area_modules::areas_doc;
pub use area_modules::{areas, areas_module};
use moved::moved;
pub use paths::collect_docs;
use paths::{ident, Paths};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashSet;

/// The tokens of one module file.
pub fn module(model: &Model, module: usize) -> TokenStream {
    let paths = Paths::new(model, module);
    let info = &model.modules[module];
    let root_name = &model.types[info.root].name;
    let summary = if info.types.len() > 1 { format!(" `{root_name}` and the types nested inside it.") } else { format!(" `{root_name}`.") };
    let items = info.types.iter().map(|&id| {
        let def = &model.types[id];
        let tokens = match &def.kind {
            TypeKind::Struct(object) => {
                let mut tokens = items::structure(def, object, &paths);
                if model.constructors {
                    tokens.extend(constructors::constructors(def, object, &paths));
                }
                if let Some(page) = model.pages.iter().find(|page| page.ty == id) {
                    tokens.extend(operations::page(def, page, &paths));
                }
                tokens
            }
            TypeKind::Operation(operation) => operations::operation(def, operation, &paths),
            TypeKind::Enum(values) => enums::string_enum(def, values, &paths),
            TypeKind::Const(constant) => enums::constant(def, constant, &paths),
            TypeKind::Integers(integers) => enums::integers(def, integers),
            TypeKind::Union(union) => unions::union(def, union, &paths),
            TypeKind::Alias(ty) => items::alias(def, ty, &paths),
            TypeKind::Newtype(ty) => items::newtype(def, ty, &paths),
            TypeKind::Pending => TokenStream::new(),
        };
        moved(tokens)
    });
    // The module's doc line, as prettyplease prints the attribute (its summary is one line).
    let doc = paths::laid_out(format!("//!{summary}\n"), |_| quote!(#![doc = #summary]));
    quote! {
        #doc
        #(#items)*
    }
}

/// How every value is built, the same for every type (the crate docs' section).
const BUILDING_DOC: &str = "

# Building values

Every struct has `new`, taking its required fields (each as `impl Into<T>`), and a method per
optional field, named after it, that sets it and returns the value. Constants take their value
and optional fields start as `None`; nothing else needs naming:

```text
// Pet { name, age } required, tag optional, kind a constant:
let pet = Pet::new(\"Rex\", 3).tag(\"dog\");
```

- A member of a union converts into it with `.into()` (`From<Member>`), and a plain string
  converts into an open enum or into a union that has a text member (`From<&str>`).
- String enums parse (`FromStr`) and print (`Display`) the value as sent; `as_str()` gives it.
- A struct whose fields all have defaults also implements `Default`, so
  `Foo { a: 1, ..Default::default() }` works too.
- A deprecated field's setter is deprecated; `new` never touches one, so a value built without
  it compiles without a warning.";

/// How `null` and absent fields are read and written, for a crate whose structs keep unknown
/// fields (where the notes of presence live; the crate docs' section).
const PRESENCE_DOC: &str = "

# `null`, absent, and what `==` compares

What is read is written back as it came: a field the payload left out stays out and a `null`
stays `null`, while required fields stay `T` and optional ones `Option<T>`. Where a value cannot
say how it was sent (an optional field's `None`, which is `null` or absent; a required field
read as its default because it was absent or `null`), the struct notes it beside its unknown
fields (`extra`): one bit per field, in the map's own word (no byte more in the struct, and no
allocation but for a required field sent as `null`). The field is written as noted while its
value stays the same; a value set since is written as it is. A value built in Rust has no notes:
`None` is left out and a required field is written.

- **`null` on purpose.** Each optional field that may be `null` has a method `null_<field>`,
  which sets it to `None` written as `null`:

  ```text
  // {\"expires_after\": null}: a vector store that no longer expires
  let update = UpdateVectorStoreRequest::new().null_expires_after();
  ```

- **How a field was sent.** `value.field_presence(\"max_output_tokens\")` is `Some(Presence::Value)`,
  `Some(Presence::Null)` or `Some(Presence::Absent)` (`None` for a name the struct does not
  declare), as Python's `model_fields_set` tells set fields apart.
- **`==` compares values,** not how they were sent: a field read as `null` equals one left `None`
  (the unknown fields are compared by content, in any order). Compare the written JSON to tell
  them apart.";

/// How a call is made, for a crate with operations (the crate docs' section).
const CALLS_DOC: &str = "

# Calls

Every operation of the API is a value in [`operations`], named after its `operationId`: `new`
takes its required path, query and header parameters and its body, and a method per optional
parameter sets it. [`call::Call`] gives what any HTTP client needs, each in one call; the crate
depends on no HTTP crate:

```text
let call = operations::ListFiles::new().limit(2);
ListFiles::METHOD                  // Method::Get
call.path()?                       // \"/files\", each path parameter percent-encoded; an empty id is an error
call.query()                       // [(\"limit\", \"2\")]: the pairs in order, by each parameter's style
call.path_and_query()?             // \"/files?limit=2\"
call.headers()                     // header parameters by name
call.body()?                       // Body::Json, Body::Multipart(parts), Body::Form, Body::Raw or Body::Empty
ListFiles::answer(status, content_type)   // Answer::Output, Events or Error
ListFiles::read_output(&bytes)?           // the success body as its type (bytes for a download)
```

- A file to upload is a [`call::File`]: bytes, a filename and a content type
  (`File::named(\"train.jsonl\", bytes)`); a multipart body yields its parts in order.
- A `text/event-stream` answer: [`call::EventReader`] splits it, [`call::read_event`] reads each
  event into the call's `Event` type.
- A list answer is a [`call::Page`] (its items, whether there is more, the next cursor) and its
  call is [`call::Paged`]: [`call::next_call`] gives the call of the next page, so one loop pages
  through any list.";

/// `lib.rs`: its items (crate docs, lints, the runtime's and the call modules) as tokens, and
/// the module list that ends it (every module and its root type's re-export) as text (see
/// `emit::module_list`).
pub fn lib(model: &Model, config: &Config) -> (TokenStream, String) {
    let registry = config.registry.then(|| {
        quote! {
            /// Round trips by spec name, for conformance tooling.
            #[cfg(feature = "registry")]
            #[doc(hidden)]
            pub mod __registry;
        }
    });
    let mut crate_doc = config.crate_doc.clone();
    // A hand-written front page, in the API's own terms, takes the place of the generic
    // sections; it is included, so the generator never reads or copies it.
    let front_page = config.helpers.as_ref().and_then(|helpers| helpers.front_page.as_ref().map(|page| format!("{}/{page}", helpers.module)));
    if front_page.is_none() && model.constructors {
        crate_doc.push_str(BUILDING_DOC);
    }
    if front_page.is_none() && has_operations(model) {
        crate_doc.push_str(CALLS_DOC);
    }
    if front_page.is_some() {
        crate_doc.push_str("\n\n");
    }
    let front_page = front_page.map(|page| quote!(#![doc = include_str!(#page)]));
    let mut after_doc = String::new();
    if keeps_unknown_fields(model) {
        // After an included front page, the section goes on in doc attributes of its own.
        match front_page {
            Some(_) => after_doc.push_str(&PRESENCE_DOC[1..]),
            None => crate_doc.push_str(PRESENCE_DOC),
        }
    }
    let areas = (!model.areas.is_empty()).then(|| {
        let module = ident(&areas_module(model));
        // After an included front page, the section goes on in doc attributes of its own.
        match front_page {
            Some(_) => {
                let doc = areas_doc(model);
                after_doc.push_str(if after_doc.is_empty() { &doc[1..] } else { &doc });
            }
            None => crate_doc.push_str(&areas_doc(model)),
        }
        quote! {
            // A helper that no type of the areas turned on uses is left unused.
            #[allow(unused)]
            mod __runtime;
            pub mod #module;
        }
    });
    let runtime = areas.is_none().then(|| {
        quote!(
            mod __runtime;
        )
    });
    let unknown_fields = keeps_unknown_fields(model).then(|| {
        let name = ident(&unknown_fields_type(model));
        let presence = ident(&presence_type(model));
        let map = if name == "UnknownFields" { quote!(UnknownFields) } else { quote!(UnknownFields as #name) };
        let presence = if presence == "Presence" { quote!(Presence) } else { quote!(Presence as #presence) };
        quote!(pub use __runtime::{#map, #presence};)
    });
    let doc = crate_doc.lines().map(|line| format!(" {line}"));
    let after_doc = after_doc.lines().map(|line| format!(" {line}"));
    // Hand-written code: its own module, declared here and never written by the generator.
    let helpers = config.helpers.as_ref().map(|helpers| {
        let module = ident(&helpers.module);
        quote!(pub mod #module;)
    });
    let call = has_call(model).then(|| {
        let call = ident(crate::ir::CALL);
        quote!(pub mod #call;)
    });
    let operations = has_operations(model).then(|| {
        let operations = ident(crate::ir::OPERATIONS);
        quote!(pub mod #operations;)
    });
    let tokens = quote! {
        #(#![doc = #doc])*
        #front_page
        #(#![doc = #after_doc])*
        // Deprecated items are still (de)serialized here; variants of a union differ in size by
        // the nature of the data; variant names come from the spec's values; setters are named
        // after their fields (`add`, `to_language`) and `new` takes every required field.
        #![allow(
            deprecated,
            clippy::large_enum_variant,
            clippy::enum_variant_names,
            clippy::should_implement_trait,
            clippy::wrong_self_convention,
            clippy::too_many_arguments
        )]

        #runtime
        #areas
        #unknown_fields
        #registry
        #call
        #operations
        #helpers
    };
    (tokens, module_list::module_list(model))
}

/// Whether the crate has the module `call`: it has operations, or a type holds a file.
pub fn has_call(model: &Model) -> bool {
    has_operations(model) || model.types.iter().any(|def| uses_file(&def.kind))
}

fn uses_file(kind: &TypeKind) -> bool {
    fn file(ty: &crate::ir::TypeRef) -> bool {
        use crate::ir::TypeRef;
        match ty {
            TypeRef::File => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Box(inner) => file(inner),
            _ => false,
        }
    }
    match kind {
        TypeKind::Struct(object) => object.fields.iter().any(|f| file(&f.ty)) || object.additional.as_ref().is_some_and(|(_, ty)| file(ty)),
        TypeKind::Union(union) => union.variants.iter().any(|v| matches!(&v.payload, crate::ir::Payload::Value(ty) if file(ty))),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => file(ty),
        _ => false,
    }
}

/// Whether the model has operations (the crate then has the module `operations`).
pub fn has_operations(model: &Model) -> bool {
    model.modules.iter().any(|m| m.parent == Some(crate::ir::OPERATIONS))
}

/// The tokens of `operations.rs`: one module per operation, each type re-exported (those
/// lines as text, as `module_list` writes `lib.rs`'s).
pub fn operations_module(model: &Model) -> TokenStream {
    let mut entries = String::new();
    for (index, module) in model.modules.iter().enumerate().filter(|(_, m)| m.parent == Some(crate::ir::OPERATIONS)) {
        let (gate, name) = (module_list::gate(model, index), &model.types[module.root].name);
        entries.push_str(&format!("{gate}pub mod {};\n{gate}pub use {}::{name};\n", module.name, module.name));
    }
    let doc = quote! {
        //! Every operation of the API as a value: build one with `new` (the required parameters
        //! and body) and its setters (the optional ones), then take what the call needs from
        //! [`crate::call::Call`]. Each operation's module holds the types its parameters need.
    };
    let mut tokens = doc;
    if !entries.is_empty() {
        tokens.extend(text::laid_out_item(entries));
    }
    tokens
}

/// The name of the runtime's map of unknown fields at the crate root: `UnknownFields`, unless a
/// schema has it.
pub fn unknown_fields_type(model: &Model) -> String {
    root_names(model)[0].clone()
}

/// The name of the runtime's `Presence` (how a field was sent) at the crate root, as
/// [`unknown_fields_type`] picks its name.
pub fn presence_type(model: &Model) -> String {
    root_names(model)[1].clone()
}

/// Both names, looked up among the crate's root types once per model.
fn root_names(model: &Model) -> &[String; 2] {
    model.root_names.get_or_init(|| {
        let roots: HashSet<&str> = model.modules.iter().map(|m| model.types[m.root].name.as_str()).collect();
        let pick = |names: [&str; 4]| names.into_iter().find(|name| !roots.contains(name)).unwrap_or(names[3]).to_owned();
        [
            pick(["UnknownFields", "UnknownFieldMap", "UndeclaredFields", "GeneratedUnknownFields"]),
            pick(["Presence", "FieldPresence", "MemberPresence", "GeneratedPresence"]),
        ]
    })
}

/// Whether any struct keeps unknown fields (the crate then exports their map's type).
pub(super) fn keeps_unknown_fields(model: &Model) -> bool {
    model.types.iter().any(|def| matches!(&def.kind, TypeKind::Struct(object) if object.unknown_fields.is_some()))
}

/// The tokens of `__registry.rs`: a round trip of a JSON text by the spec name of its type.
pub fn registry(model: &Model) -> (TokenStream, String) {
    // One entry per type and per operation (its spec name, its Rust name, the features that
    // compile it), from which the runtime's `registry_types!` and `registry_calls!` write the
    // match arms and the list: one table where there were two. The tables are text, one entry
    // to a line, appended to the formatted file: from tokens, prettyplease would pack the
    // macros' arguments as it packs any macro's, and formatting the registry's tables was a
    // tenth of the crate's formatting.
    // Each entry's text written into the table's (formatted piece by piece, they were 1% of a
    // generation).
    let entry = |out: &mut String, index: usize, module: &crate::ir::Module| {
        out.push_str("    ");
        crate::words::push_debug_str(out, &module.wire);
        out.push(' ');
        out.push_str(&model.types[module.root].name);
        let mut features = model.areas.of(index).peekable();
        if features.peek().is_none() {
            out.push_str(" (all()),\n");
            return;
        }
        out.push_str(" (any(");
        for (at, name) in features.enumerate() {
            out.push_str(if at == 0 { "feature = " } else { ", feature = " });
            crate::words::push_debug_str(out, name);
        }
        out.push_str(")),\n");
    };
    let table = |name: &str, parent: Option<&str>| {
        let mut text = crate::words::concat(&["crate::__runtime::", name, "! {\n"]);
        for (index, module) in model.modules.iter().enumerate().filter(|(_, module)| module.parent == parent) {
            entry(&mut text, index, module);
        }
        text.push_str("}\n");
        text
    };
    let mut tables = table("registry_types", None);
    if has_operations(model) {
        tables.push_str(&table("registry_calls", Some(crate::ir::OPERATIONS)));
    }
    let render_call = has_operations(model).then(|| {
        let call = ident(crate::ir::CALL);
        quote! {
            /// A call's path and query pairs.
            pub type Rendered = (String, Vec<(String, String)>);

            #[allow(dead_code)]
            fn call<C: crate::#call::Call + serde::de::DeserializeOwned>(params: serde_json::Value) -> Result<Rendered, String> {
                let call: C = serde_json::from_value(params).map_err(|e| e.to_string())?;
                Ok((call.path().map_err(|e| e.to_string())?, call.query()))
            }
        }
    });
    let tokens = quote! {
        //! Round trips by the spec name of a type (crate feature `registry`), for tools that
        //! check the crate against example payloads.

        #render_call

        #[allow(dead_code)]
        fn run<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<serde_json::Value, String> {
            let typed: T = serde_json::from_str(json).map_err(|e| e.to_string())?;
            serde_json::to_value(&typed).map_err(|e| e.to_string())
        }
    };
    (tokens, tables)
}

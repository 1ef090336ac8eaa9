//! Structs, aliases and newtypes.

use super::paths::{docs, ident, Paths};
use super::text::{laid_out_item, Lines};
use crate::breaks::Member;
use crate::ir::{Dispatch, Field, Struct, TypeDef, TypeKind, TypeRef};
use crate::words::{concat, macro_line, Words, INDENT};
use proc_macro2::{Delimiter, TokenStream};
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

/// A struct: its definition written as text (`emit::text`), then the runtime's line that reads
/// and writes it.
pub fn structure(def: &TypeDef, object: &Struct, paths: &Paths) -> TokenStream {
    let streamed = streams(paths.model, object);
    let mut tokens = definition(def, object, paths).tokens();
    if streamed {
        tokens.extend(deserializer(def, object, paths));
    }
    tokens
}

/// The struct's definition, its docs and attributes.
fn definition(def: &TypeDef, object: &Struct, paths: &Paths) -> Lines {
    let streamed = streams(paths.model, object);
    // The runtime writes a streamed struct too, unless a union merged into it takes the rest.
    let written = streamed && object.flattened.is_empty();
    let mut lines = Lines::default();
    lines.docs("", &def.docs);
    if def.deprecated {
        lines.line("", "#[deprecated]");
    }
    let extra: &[&str] = match (streamed, written) {
        (true, true) => &[],
        (true, false) => &["serde::Serialize"],
        _ => &["serde::Serialize", "serde::Deserialize"],
    };
    let default: &[&str] = if def.default { &["Default"] } else { &[] };
    let derives = [&["Clone", "Debug"], default, &["PartialEq"], extra].concat();
    lines.line("", &concat(&["#[derive(", &derives.join(", "), ")]"]));
    let members =
        object.fields.len() + object.flattened.len() + usize::from(object.additional.is_some()) + usize::from(object.unknown_fields.is_some());
    if members == 0 {
        lines.line("", &format!("pub struct {} {{}}", def.name));
    } else {
        lines.line("", &format!("pub struct {} {{", def.name));
    }
    for field in &object.fields {
        self::field(field, paths, !streamed, !written, &mut lines);
    }
    let flatten = !written;
    let mut member = |docs: &[&str], flatten: bool, name: &str, ty: String| {
        for doc in docs {
            lines.line(INDENT, &concat(&["///", doc]));
        }
        if flatten {
            lines.line(INDENT, "#[serde(flatten)]");
        }
        lines.member(INDENT, Member { head: concat(&["pub ", name, ": "]), ty: Some((ty, false)) });
    };
    for (name, ty) in &object.flattened {
        member(&[" The fields not declared above, read as this union."], true, name, paths.ty_text(ty));
    }
    if let Some((name, ty)) = &object.additional {
        let ty = if additional_unknown(paths.model, object) {
            format!("crate::{}", super::unknown_fields_type(paths.model))
        } else {
            paths.ty_text(&TypeRef::Map(Box::new(ty.clone())))
        };
        member(&[" Properties not declared above."], flatten, name, ty);
    }
    if let Some(name) = &object.unknown_fields {
        let docs = [
            " Fields this version of the crate does not know, kept as sent (and how the",
            " declared ones were sent, where their values cannot say: see the crate docs).",
        ];
        member(&docs, flatten, name, format!("crate::{}", super::unknown_fields_type(paths.model)));
    }
    if members > 0 {
        lines.line("", "}");
    }
    lines
}

/// The struct's `Deserialize` and `Serialize`: one line for the runtime's `serde_struct!`,
/// naming each field with its JSON name, its index and how it reads (see the macro), then where
/// other keys go.
fn deserializer(def: &TypeDef, object: &Struct, paths: &Paths) -> TokenStream {
    let model = paths.model;
    // Presence is kept in the unknown-field map: only a struct that has one says it, and only
    // such a struct gets the methods that set `null` on purpose.
    let tracked = (object.unknown_fields.is_some() || additional_unknown(model, object)) && object.flattened.is_empty();
    let names = method_names(object);
    // The line's words made here, as the render stage would space the same tokens.
    let mut words = Words::default();
    words.word(&def.name);
    words.open(Delimiter::Brace);
    for (index, field) in object.fields.iter().enumerate() {
        if index > 0 {
            words.op(",");
        }
        let kind = if !field.required {
            "optional"
        } else if field.nullable {
            "nullable"
        } else if !model.lenient || !model.has_default(&field.ty) {
            "required"
        } else if field.ty == TypeRef::Any {
            // Any JSON value, `null` included, is already one.
            "any"
        } else {
            "lenient"
        };
        words.word(&field.name);
        words.word(&crate::words::string_literal(&field.wire));
        words.word(&index.to_string());
        words.word(kind);
        if kind != "any" && reads_into_slot(model, &field.ty) {
            words.word("in_slot");
        } else if kind != "required" && model.holds_null(&field.ty) {
            // `null` is a value of the type (a union with a nullable member): it is handed to
            // the type, which writes it back, rather than read as the field's `None` or default.
            words.word("with_null");
        } else if kind != "any" && is_numbers(&field.ty) {
            words.word("numbers");
        }
        if let Some(method) = (tracked && !field.required && field.nullable).then(|| null_method(field)).filter(|method| !names.contains(method)) {
            words.op("|");
            words.word(&method);
        }
    }
    words.close(Delimiter::Brace);
    match (&object.flattened[..], object.additional.as_ref().map(|(name, _)| name).or(object.unknown_fields.as_ref())) {
        ([(union, ty)], _) => {
            words.word("union");
            words.word(union);
            if reads_into_slot(model, ty) {
                words.word("in_slot");
            }
        }
        (_, Some(map)) => {
            words.word("keep");
            words.word(map);
            if tracked && !names.contains(PRESENCE) {
                words.word(PRESENCE);
            }
        }
        (_, None) => words.word("skip"),
    }
    laid_out_item(macro_line("crate::__runtime::serde_struct!", &words.finish()))
}

/// Whether the struct's map of `additionalProperties` takes any JSON value, and so is the
/// crate's unknown-field map (which also keeps the notes of presence).
fn additional_unknown(model: &crate::ir::Model, object: &Struct) -> bool {
    matches!(&object.additional, Some((_, TypeRef::Any))) && super::keeps_unknown_fields(model)
}

/// The method that says how each field was sent.
const PRESENCE: &str = "field_presence";

/// The method that sets a field to `null` on purpose: `null_expires_after`.
fn null_method(field: &Field) -> String {
    format!("null_{}", field.name.strip_prefix("r#").unwrap_or(&field.name))
}

/// The names a struct's fields already give methods (their setters, `new`): a `null_*` or
/// presence method of the same name is left out rather than clash.
fn method_names(object: &Struct) -> foldhash::HashSet<String> {
    let setters = object.fields.iter().map(|field| field.name.strip_prefix("r#").unwrap_or(&field.name).to_owned());
    let nulls = object.fields.iter().filter(|field| !field.required && field.nullable).map(null_method);
    // A null method that another null method or a setter would clash with is counted twice,
    // and so left out below.
    let mut seen = foldhash::HashSet::default();
    let mut names: foldhash::HashSet<String> = setters.chain(["new".to_owned()]).collect();
    for null in nulls {
        if !seen.insert(null.clone()) {
            names.insert(null);
        }
    }
    names
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

/// A field; `derived` when serde's derive reads it too (its lenient attributes then matter),
/// `written` when serde's derive writes it (its name and skip then matter).
fn field(field: &Field, paths: &Paths, derived: bool, written: bool, lines: &mut Lines) {
    lines.docs(INDENT, &field.docs);
    if field.deprecated {
        lines.line(INDENT, "#[deprecated]");
    }
    let mut serde: Vec<String> = Vec::new();
    if written && field.name.strip_prefix("r#").unwrap_or(&field.name) != field.wire {
        serde.push(concat(&["rename = ", &crate::words::string_literal(&field.wire)]));
    }
    let ty = if field.optional() {
        if written && !field.required {
            serde.push(concat(&["skip_serializing_if = \"", paths.is_none(), "\""]));
        }
        if derived && paths.model.holds_null(&field.ty) {
            // `null` is a value of the type, as in the runtime's `with_null` reads.
            serde.push("default, deserialize_with = \"crate::__runtime::some\"".to_owned());
        }
        paths.option_text(&field.ty)
    } else {
        if derived {
            serde.extend(lenient(&field.ty, paths).map(str::to_owned));
        }
        paths.ty_text(&field.ty)
    };
    if !serde.is_empty() {
        lines.line(INDENT, &concat(&["#[serde(", &serde.join(", "), ")]"]));
    }
    lines.member(INDENT, Member { head: concat(&["pub ", &field.name, ": "]), ty: Some((ty, false)) });
}

/// A required field read leniently: absent or `null`, it takes its type's default.
fn lenient(ty: &TypeRef, paths: &Paths) -> Option<&'static str> {
    let model = paths.model;
    if !model.lenient || !model.has_default(ty) {
        return None;
    }
    Some(match ty {
        // Any JSON value, `null` included, is already one; so is a type that holds `null`.
        _ if *ty == TypeRef::Any || model.holds_null(ty) => "default = \"crate::__runtime::absent\"",
        _ => "default = \"crate::__runtime::absent\", deserialize_with = \"crate::__runtime::or_default\"",
    })
}

pub fn head(def: &TypeDef) -> TokenStream {
    let docs = docs(&def.docs);
    let deprecated = deprecated(def.deprecated);
    quote!(#docs #deprecated)
}

/// `pub type Name = Type;`, as text.
pub fn alias(def: &TypeDef, ty: &TypeRef, paths: &Paths) -> TokenStream {
    alias_lines(def, ty, paths).tokens()
}

fn alias_lines(def: &TypeDef, ty: &TypeRef, paths: &Paths) -> Lines {
    let mut lines = Lines::default();
    lines.docs("", &def.docs);
    if def.deprecated {
        lines.line("", "#[deprecated]");
    }
    let ty = paths.ty_text(ty);
    lines.line_with_type("", &format!("pub type {} = {ty};", def.name), &ty);
    lines
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every struct of every fixture whose definition is laid out as text reads exactly as
    /// prettyplease prints it.
    #[test]
    fn every_struct_laid_out_in_the_fixtures_reads_as_prettyplease_prints_it() {
        let (mut laid_out, mut left) = (0, 0);
        for (case, _, analyzed) in crate::fixtures::each() {
            let model = &analyzed.model;
            for def in &model.types {
                let TypeKind::Struct(object) = &def.kind else { continue };
                let lines = definition(def, object, &Paths::new(model, def.module));
                match lines.laid_out() {
                    Some(text) => {
                        crate::fixtures::assert_printed_by_prettyplease(text, &case);
                        laid_out += 1;
                    }
                    None => left += 1,
                }
            }
        }
        assert!(laid_out > 150 && laid_out > 10 * left, "{laid_out} structs laid out, {left} left to prettyplease");
    }

    /// Every alias of every fixture laid out as text reads exactly as prettyplease prints it.
    #[test]
    fn every_alias_laid_out_in_the_fixtures_reads_as_prettyplease_prints_it() {
        let mut laid_out = 0;
        for (case, _, analyzed) in crate::fixtures::each() {
            let model = &analyzed.model;
            for def in &model.types {
                let TypeKind::Alias(ty) = &def.kind else { continue };
                if let Some(text) = alias_lines(def, ty, &Paths::new(model, def.module)).laid_out() {
                    crate::fixtures::assert_printed_by_prettyplease(text, &case);
                    laid_out += 1;
                }
            }
        }
        assert!(laid_out >= 5, "only {laid_out} aliases laid out");
    }
}

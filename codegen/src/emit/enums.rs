//! String enums, constants and integer enums: the type, then one invocation of the runtime's
//! macro that writes its serde impls (see `assets/runtime.rs`).
//!
//! serde's derive writes a field visitor, a variant visitor and an enum visitor for every enum,
//! and an `#[serde(untagged)]` catch-all variant makes it buffer every value before matching. A
//! crate with a thousand constants and hundreds of enums pays for that in compile time and in
//! speed; the macros read the value once and match it, and keep the generated files short.

use super::items::{head, plain_derives};
use super::paths::{ident, Paths};
use super::text::{laid_out_item, Lines};
use crate::ir::{Constant, Enum, Integers, TypeDef};
use crate::words::{concat, macro_line, Words, INDENT};
use proc_macro2::{Delimiter, Literal, TokenStream};
use quote::quote;

pub fn string_enum(def: &TypeDef, values: &Enum, paths: &Paths) -> TokenStream {
    // An open enum's `Default` (its catch-all, empty) comes from the macro.
    let extra: &[&str] = if values.other.is_none() { &["Copy", "Eq", "Hash"] } else { &["Eq", "Hash"] };
    let variants: Vec<(&str, bool)> = values.variants.iter().map(|v| (v.name.as_str(), false)).collect();
    let docs: Vec<String> = values.variants.iter().map(|v| wire_doc(&v.wire)).collect();
    let string = paths.string_text();
    let other = values.other.as_deref().map(|other| (other, string));
    let mut tokens = definition(def, false, extra, &variants, &docs, other).tokens();
    let mode: &[&str] = match values.other.as_deref() {
        Some(other) => &["open", other],
        None => &["closed"],
    };
    let wires: Vec<(&str, &str)> = values.variants.iter().map(|v| (v.name.as_str(), v.wire.as_str())).collect();
    tokens.extend(macro_call("string_enum", &def.name, mode, &wires));
    tokens
}

/// A single value (`object: "realtime.response"`): a one-variant enum whose `Default` is that
/// value. A union's tag reads and writes exactly that value; any other constant also keeps
/// another value in a catch-all variant (a lenient read).
pub fn constant(def: &TypeDef, constant: &Constant, paths: &Paths) -> TokenStream {
    let variant = [(constant.variant.name.as_str(), true)];
    let docs = [wire_doc(&constant.variant.wire)];
    let wire = [(constant.variant.name.as_str(), constant.variant.wire.as_str())];
    let string = paths.string_text();
    match constant.other.as_deref() {
        None => {
            let mut tokens = definition(def, def.default, &["Copy", "Eq", "Hash"], &variant, &docs, None).tokens();
            tokens.extend(macro_call("constant", &def.name, &[], &wire));
            tokens
        }
        Some(other) => {
            let mut tokens = definition(def, def.default, &["Eq", "Hash"], &variant, &docs, Some((other, string))).tokens();
            tokens.extend(macro_call("string_enum", &def.name, &["lenient", other], &wire));
            tokens
        }
    }
}

/// The enum's definition as text: its docs and derives, each variant with its doc (and
/// `#[default]` where marked), then the catch-all variant holding `payload` when there is one.
fn definition(def: &TypeDef, default: bool, extra: &[&str], variants: &[(&str, bool)], docs: &[String], other: Option<(&str, &str)>) -> Lines {
    let mut lines = Lines::default();
    lines.docs("", &def.docs);
    if def.deprecated {
        lines.line("", "#[deprecated]");
    }
    let default: &[&str] = if default { &["Default"] } else { &[] };
    lines.line("", &concat(&["#[derive(", &[&["Clone", "Debug"], default, &["PartialEq"], extra].concat().join(", "), ")]"]));
    lines.line("", &concat(&["pub enum ", &def.name, " {"]));
    for ((name, is_default), doc) in variants.iter().zip(docs) {
        lines.docs(INDENT, std::slice::from_ref(doc));
        if *is_default {
            lines.line(INDENT, "#[default]");
        }
        lines.line(INDENT, &concat(&[name, ","]));
    }
    if let Some((other, payload)) = other {
        lines.line(INDENT, "/// A value this version of the crate does not know, kept as sent.");
        lines.line(INDENT, &format!("{other}({payload}),"));
    }
    lines.line("", "}");
    lines
}

/// `crate::__runtime::{name}!(Type, mode..., Variant("wire"), ...);` as text.
fn macro_call(macro_name: &str, name: &str, mode: &[&str], wires: &[(&str, &str)]) -> TokenStream {
    let mut words = Words::default();
    words.word(name);
    if !mode.is_empty() {
        words.op(",");
        mode.iter().for_each(|word| words.word(word));
    }
    for (variant, wire) in wires {
        words.op(",");
        words.word(variant);
        words.open(Delimiter::Parenthesis);
        words.word(&crate::words::string_literal(wire));
        words.close(Delimiter::Parenthesis);
    }
    laid_out_item(macro_line(&format!("crate::__runtime::{macro_name}!"), &words.finish()))
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
        "The empty string.".to_owned()
    } else if wire.contains('`') {
        concat(&["`` ", wire, " ``"])
    } else {
        concat(&["`", wire, "`"])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;

    /// Every string enum and constant of every fixture: its definition laid out as text reads
    /// exactly as prettyplease prints it.
    #[test]
    fn every_enum_laid_out_in_the_fixtures_reads_as_prettyplease_prints_it() {
        let mut laid_out = 0;
        for (case, _, analyzed) in crate::fixtures::each() {
            let model = &analyzed.model;
            for def in &model.types {
                let string = Paths::new(model, def.module).string_text();
                let lines = match &def.kind {
                    TypeKind::Enum(values) => {
                        let variants: Vec<(&str, bool)> = values.variants.iter().map(|v| (v.name.as_str(), false)).collect();
                        let docs: Vec<String> = values.variants.iter().map(|v| wire_doc(&v.wire)).collect();
                        definition(def, false, &["Eq", "Hash"], &variants, &docs, values.other.as_deref().map(|other| (other, string)))
                    }
                    TypeKind::Const(constant) => {
                        let other = constant.other.as_deref().map(|other| (other, string));
                        definition(
                            def,
                            def.default,
                            &["Eq", "Hash"],
                            &[(constant.variant.name.as_str(), true)],
                            &[wire_doc(&constant.variant.wire)],
                            other,
                        )
                    }
                    _ => continue,
                };
                if let Some(text) = lines.laid_out() {
                    crate::fixtures::assert_printed_by_prettyplease(text, &case);
                    laid_out += 1;
                }
            }
        }
        assert!(laid_out > 50, "only {laid_out} enums laid out");
    }
}

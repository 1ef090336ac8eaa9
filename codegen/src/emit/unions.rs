//! Unions: serde's derive for those it can try in order; a `Deserialize` that reads the tag
//! first for those that dispatch on a property.

use super::kinds::{kinds, BOOL, FLOAT, INT, MAP, SEQ, STR};
use super::paths::Paths;
use super::text::{laid_out_item, Lines};
use crate::breaks::Member;
use crate::ir::{Dispatch, Payload, TypeDef, TypeRef, Union};
use crate::words::{macro_line, Words, INDENT};
use proc_macro2::{Delimiter, TokenStream};

pub fn union(def: &TypeDef, union: &Union, paths: &Paths) -> TokenStream {
    let mut tokens = definition(def, union, paths).tokens();
    tokens.extend(match &union.dispatch {
        Dispatch::Untagged => untagged_deserialize(def, union, paths),
        Dispatch::Tagged(tagged) => super::tagged::deserialize(def, union, tagged, paths),
    });
    tokens.extend(default(def, union));
    tokens.extend(conversions(def, union, paths));
    tokens
}

/// The union's enum, as text: its docs, derives and variants.
fn definition(def: &TypeDef, union: &Union, paths: &Paths) -> Lines {
    let has_units = union.variants.iter().any(|v| matches!(v.payload, Payload::Unit { .. }));
    // With unit variants, only the others are untagged (serde requires them last).
    let per_variant = matches!(union.dispatch, Dispatch::Untagged) && has_units;
    // A unit variant as the default is derived; a variant with a payload gets an impl.
    let default_index = union.default.filter(|_| def.default);
    let derived_default = default_index.filter(|&i| matches!(union.variants[i].payload, Payload::Unit { .. }));
    let mut lines = Lines::default();
    lines.docs("", &def.docs);
    if def.deprecated {
        lines.line("", "#[deprecated]");
    }
    let derive_default = if derived_default.is_some() { "Default, " } else { "" };
    lines.line("", &format!("#[derive(Clone, Debug, {derive_default}PartialEq, serde::Serialize)]"));
    // Untagged as a whole, or (with unit variants) variant by variant; a tagged union's own
    // `Deserialize` reads the tag, and serde writes each variant as its value.
    if !per_variant {
        lines.line("", "#[serde(untagged)]");
    }
    lines.line("", &format!("pub enum {} {{", def.name));
    for (index, variant) in union.variants.iter().enumerate() {
        lines.docs(INDENT, &variant.docs);
        if derived_default == Some(index) {
            lines.line(INDENT, "#[default]");
        }
        match &variant.payload {
            Payload::Unit { wire } => {
                lines.line(INDENT, &format!("#[serde(rename = {})]", crate::words::string_literal(wire)));
                lines.line(INDENT, &format!("{},", variant.name));
            }
            Payload::Value(ty) => {
                if per_variant {
                    lines.line(INDENT, "#[serde(untagged)]");
                }
                let ty = paths.ty_text(ty);
                lines.member(INDENT, Member { head: variant.name.clone(), ty: Some((ty, true)) });
            }
        }
    }
    lines.line("", "}");
    lines
}

/// `From` each member's type, so a member converts into the union with `.into()` (where no
/// other member has the same type; `serde_json::Value` of `Unknown` is left out), and `From<&str>`
/// where a member takes a plain string, whatever its shape (see [`from_str`]).
fn conversions(def: &TypeDef, union: &Union, paths: &Paths) -> TokenStream {
    let own = paths.model.modules[def.module].types.iter().copied().find(|&id| paths.model.types[id].name == def.name);
    let payloads: Vec<(&crate::ir::UnionVariant, &TypeRef)> = union
        .variants
        .iter()
        .filter_map(|variant| match &variant.payload {
            Payload::Value(ty) => Some((variant, ty)),
            Payload::Unit { .. } => None,
        })
        .collect();
    // The type each `From` takes: a boxed member converts from what it boxes. Two members are
    // the same Rust type when they are once aliases are seen through (`type Name = String`), and
    // then neither has a `From` (the two impls would conflict).
    let from_types: Vec<(TypeRef, bool)> = payloads
        .iter()
        .map(|(_, ty)| match ty {
            TypeRef::Box(inner) => (unaliased(paths.model, inner, 0), true),
            other => (unaliased(paths.model, other, 0), false),
        })
        .collect();
    // Each member is one entry of a `members_from!` line, which the runtime expands into the
    // `From` impl: a type at the crate's root named by one word goes to the `root` line, which
    // leaves `crate::` out; any other type to the other line.
    let (mut root, mut here) = (Vec::new(), Vec::new());
    for ((variant, ty), (from, boxed)) in payloads.iter().zip(&from_types) {
        let unique = from_types.iter().filter(|(other, _)| other == from).count() == 1;
        // The union itself (through a box) already converts into itself.
        if !unique || *from == TypeRef::Any || own.is_some_and(|id| *from == TypeRef::Named(id)) {
            continue;
        }
        let from_ty = paths.ty_text(match ty {
            TypeRef::Box(inner) => inner,
            other => other,
        });
        match from_ty.strip_prefix("crate::").filter(|word| is_word(word)) {
            Some(word) => root.push((variant.name.as_str(), word.to_owned(), *boxed)),
            None => here.push((variant.name.as_str(), from_ty, *boxed)),
        }
    }
    // A plain string goes to the first member that takes one: a string, an open enum, or a
    // union that does (`model: "gpt-4.1"` where the model is a union of enums of ids), each
    // possibly boxed or nullable.
    let str_member = payloads.iter().find_map(|(variant, ty)| Some((variant.name.as_str(), from_str(paths.model, ty, 0)?)));
    // `Name { Variant(Type) boxed, ... } str Variant wrappers`.
    let line = |root_line: bool, members: &[(&str, String, bool)], str_member: Option<&(&str, Vec<&str>)>| {
        let mut words = Words::default();
        if root_line {
            words.word("root");
        }
        words.word(&def.name);
        words.open(Delimiter::Brace);
        for (index, (variant, ty, boxed)) in members.iter().enumerate() {
            if index > 0 {
                words.op(",");
            }
            words.word(variant);
            words.open(Delimiter::Parenthesis);
            words.type_text(ty);
            words.close(Delimiter::Parenthesis);
            if *boxed {
                words.word("boxed");
            }
        }
        words.close(Delimiter::Brace);
        if let Some((variant, wrappers)) = str_member {
            words.word("str");
            words.word(variant);
            wrappers.iter().for_each(|wrapper| words.word(wrapper));
        }
        laid_out_item(macro_line("crate::__runtime::members_from!", &words.finish()))
    };
    let mut tokens = TokenStream::new();
    if !root.is_empty() {
        tokens.extend(line(true, &root, str_member.as_ref().filter(|_| here.is_empty())));
    }
    if !here.is_empty() || (root.is_empty() && str_member.is_some()) {
        tokens.extend(line(false, &here, str_member.as_ref()));
    }
    tokens
}

/// Whether `text` is one identifier (a type named by one word), not a keyword's raw form.
fn is_word(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// How a value of `ty` is made from a `&str` (see [`conversions`]), when it can be: the wrappers
/// around the `From<&str>` of a string, an open string enum or a union with such a member,
/// outermost first (`boxed` for a `Box`, `some` for an `Option`), seen through aliases. Lists,
/// maps and other types take no string. Unions nest a few levels at most; the bound is a guard,
/// and a union that answers at some depth answers at depth 0 too, so the `From<&str>` used
/// here exists.
fn from_str(model: &crate::ir::Model, ty: &TypeRef, depth: usize) -> Option<Vec<&'static str>> {
    use crate::ir::TypeKind;
    if depth > 8 {
        return None;
    }
    let wrapped = |wrapper: &'static str, inner: &TypeRef| {
        let mut wrappers = vec![wrapper];
        wrappers.extend(from_str(model, inner, depth + 1)?);
        Some(wrappers)
    };
    match ty {
        TypeRef::String => Some(Vec::new()),
        TypeRef::Box(inner) => wrapped("boxed", inner),
        TypeRef::Option(inner) => wrapped("some", inner),
        TypeRef::Named(id) => match &model.types[*id].kind {
            TypeKind::Enum(values) => values.other.is_some().then(Vec::new),
            TypeKind::Alias(inner) => from_str(model, inner, depth + 1),
            TypeKind::Union(union) => union
                .variants
                .iter()
                .any(|variant| match &variant.payload {
                    Payload::Value(ty) => *ty != TypeRef::Any && from_str(model, ty, depth + 1).is_some(),
                    Payload::Unit { .. } => false,
                })
                .then(Vec::new),
            _ => None,
        },
        _ => None,
    }
}

/// `ty` with every alias replaced by the type it names, as the Rust type it is written as.
fn unaliased(model: &crate::ir::Model, ty: &TypeRef, depth: usize) -> TypeRef {
    use crate::ir::TypeKind;
    let inner = |inner: &TypeRef| Box::new(unaliased(model, inner, depth + 1));
    match ty {
        // Alias chains are acyclic (a recursive alias is a newtype); the bound is only a guard.
        _ if depth > 64 => ty.clone(),
        TypeRef::Named(id) => match &model.types[*id].kind {
            TypeKind::Alias(aliased) => unaliased(model, aliased, depth + 1),
            _ => ty.clone(),
        },
        TypeRef::Vec(of) => TypeRef::Vec(inner(of)),
        // A map of any JSON value is serde_json's map, as a free-form object is.
        TypeRef::Map(of) if unaliased(model, of, depth + 1) == TypeRef::Any => TypeRef::Object,
        TypeRef::Map(of) => TypeRef::Map(inner(of)),
        TypeRef::Option(of) => TypeRef::Option(inner(of)),
        TypeRef::Box(of) => TypeRef::Box(inner(of)),
        _ => ty.clone(),
    }
}

/// `Default` of a union whose default variant has a payload: that payload's default
/// (`Unknown(null)`, or the first variant that has one).
fn default(def: &TypeDef, union: &Union) -> TokenStream {
    let Some(index) = union.default.filter(|_| def.default) else { return TokenStream::new() };
    let variant = &union.variants[index];
    match variant.payload {
        Payload::Unit { .. } => TokenStream::new(),
        Payload::Value(_) => {
            let mut words = Words::default();
            words.word(&def.name);
            words.op("::");
            words.word(&variant.name);
            laid_out_item(macro_line("crate::__runtime::default_member!", &words.finish()))
        }
    }
}

/// An untagged union (the runtime's `untagged!`): a value streams into the one variant that reads
/// its kind of JSON; a kind several variants read is buffered, then constant strings are matched
/// first and each variant is tried in order, preferring one that reads the value without
/// leniency.
fn untagged_deserialize(def: &TypeDef, union: &Union, paths: &Paths) -> TokenStream {
    let (mut units, mut values) = (Vec::new(), Vec::new());
    let (mut read_kinds, mut nullable) = (Vec::new(), Vec::new());
    for variant in &union.variants {
        match &variant.payload {
            Payload::Unit { wire } => units.push((variant.name.as_str(), wire)),
            Payload::Value(ty) => {
                values.push(variant.name.as_str());
                read_kinds.push(kinds(paths.model, ty, 0));
                nullable.push(matches!(ty, TypeRef::Option(_)));
            }
        }
    }
    let mut words = Words::default();
    words.word(&def.name);
    words.op(",");
    words.open(Delimiter::Bracket);
    for (index, (unit, wire)) in units.iter().enumerate() {
        if index > 0 {
            words.op(",");
        }
        words.word(unit);
        words.open(Delimiter::Parenthesis);
        words.word(&crate::words::string_literal(wire));
        words.close(Delimiter::Parenthesis);
    }
    words.close(Delimiter::Bracket);
    words.op(",");
    words.open(Delimiter::Bracket);
    for (index, value) in values.iter().enumerate() {
        if index > 0 {
            words.op(",");
        }
        words.word(value);
    }
    words.close(Delimiter::Bracket);
    // The one variant that reads each kind; `-` when several do (buffered, then tried), `none`
    // when none does (the value is skipped, not buffered, and the union's error follows). A
    // nullable variant (`Option<T>`) is `(Variant nullable)`: what streams into it is its `T`,
    // since an `Option` reads only through a deserializer that can say `null`, and a string or
    // list handed over alone cannot.
    for (name, kind) in [("str", STR), ("int", INT), ("float", FLOAT), ("bool", BOOL), ("seq", SEQ), ("map", MAP)] {
        words.op(",");
        words.word(name);
        let mut readers = values.iter().zip(&read_kinds).zip(&nullable).filter(|((_, kinds), _)| **kinds & kind != 0);
        match (readers.next(), readers.next()) {
            (Some(((variant, _), true)), None) => {
                words.open(Delimiter::Parenthesis);
                words.word(variant);
                words.word("nullable");
                words.close(Delimiter::Parenthesis);
            }
            (Some(((variant, _), false)), None) => words.word(variant),
            (None, _) => words.word("none"),
            _ => words.op("-"),
        }
    }
    laid_out_item(macro_line("crate::__runtime::untagged!", &words.finish()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;

    /// Every union of every fixture: its enum laid out as text reads exactly as prettyplease
    /// prints it.
    #[test]
    fn every_union_laid_out_in_the_fixtures_reads_as_prettyplease_prints_it() {
        let mut laid_out = 0;
        for (case, _, analyzed) in crate::fixtures::each() {
            let model = &analyzed.model;
            for def in &model.types {
                let TypeKind::Union(union) = &def.kind else { continue };
                if let Some(text) = definition(def, union, &Paths::new(model, def.module)).laid_out() {
                    crate::fixtures::assert_printed_by_prettyplease(text, &case);
                    laid_out += 1;
                }
            }
        }
        assert!(laid_out > 30, "only {laid_out} unions laid out");
    }
}

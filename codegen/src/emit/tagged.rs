//! A tagged union's `Deserialize`: the runtime's `tagged_union!` line, and for the unions the
//! line does not cover, the `Tagged` impl that reads the tag values and deserializes the one
//! variant they name. The impl is written as text (`emit::impls`, `emit::expr`, `emit::arms`),
//! laid out as prettyplease prints it, so neither syn nor prettyplease reads it.

use super::code::{call, string, verbatim, word, Arm, Body, Expr, Pat, Stmt};
use super::impls::{Impl, Item, Signature};
use super::kinds::{kinds, BOOL, FLOAT, INT, STR};
use super::paths::Paths;
use super::text::laid_out_item;
use crate::ir::{Payload, Tagged, TypeDef, Union};
use crate::words::{macro_line, WordList, Words};
use proc_macro2::{Delimiter, TokenStream};

/// The prelude names the impl uses, in full where the module shadows them.
struct Std {
    some: &'static str,
    none: &'static str,
    ok: &'static str,
    err: &'static str,
    result: &'static str,
    option: &'static str,
}

impl Std {
    fn new(full: bool) -> Self {
        if full {
            Std {
                some: "::core::option::Option::Some",
                none: "::core::option::Option::None",
                ok: "::core::result::Result::Ok",
                err: "::core::result::Result::Err",
                result: "::core::result::Result",
                option: "::core::option::Option",
            }
        } else {
            Std { some: "Some", none: "None", ok: "Ok", err: "Err", result: "Result", option: "Option" }
        }
    }
}

/// What trying variants in order comes to (see [`attempts`]).
enum Attempts {
    None,
    /// One variant whose error is the result.
    Value(Expr),
    Block(Vec<Stmt>),
}

impl Attempts {
    fn into_stmt(self) -> Option<Stmt> {
        match self {
            Attempts::None => None,
            Attempts::Value(value) => Some(Stmt::Tail(value)),
            Attempts::Block(body) => Some(Stmt::Block(body)),
        }
    }
}

/// Reads the tag values from the object, then deserializes the one variant they name.
pub fn deserialize(def: &TypeDef, union: &Union, tagged: &Tagged, paths: &Paths) -> TokenStream {
    if let Some(words) = one_tag_line(def, union, tagged, paths) {
        return laid_out_item(macro_line("crate::__runtime::tagged_union!", &words));
    }
    let mut name = Words::default();
    name.word(&def.name);
    let mut tokens = laid_out_item(macro_line("crate::__runtime::tagged_union!", &name.finish()));
    tokens.extend(tagged_impl(def, union, tagged, paths).tokens());
    tokens
}

fn tagged_impl(def: &TypeDef, union: &Union, tagged: &Tagged, paths: &Paths) -> Impl {
    let std = Std::new(paths.full);
    let variant = |index: usize| union.variants[index].name.as_str();
    let keys = &tagged.keys;
    let first = &keys[0];
    // Tags that name one variant go through `streamed` and `variant`, as when streaming; the
    // match below keeps the tags several variants share.
    let mut arms: Vec<Arm> = tagged
        .arms
        .iter()
        .filter(|arm| arm.variants.len() > 1)
        .map(|arm| {
            let variants: Vec<&str> = arm.variants.iter().map(|&i| variant(i)).collect();
            let body = match attempts(&variants, true, &std) {
                Attempts::Block(body) => Body::Block(body),
                Attempts::Value(value) => Body::Value(value),
                Attempts::None => Body::Block(Vec::new()),
            };
            Arm { pat: pattern(arm, &std), body }
        })
        .collect();
    let fallback: Vec<&str> = tagged.fallback.iter().map(|&i| variant(i)).collect();
    let last_resort: Vec<Stmt> = match tagged.unknown {
        Some(unknown) => {
            let unknown = call(std.ok, vec![call(format!("Self::{}", variant(unknown)), vec![word("value").method("into", vec![])])]);
            let mut body: Vec<Stmt> = attempts(&fallback, false, &std).into_stmt().into_iter().collect();
            if paths.model.lenient {
                // Without its tag too: lenient reading never fails on an object it cannot place.
                body.push(Stmt::Tail(unknown));
            } else {
                let missing = call("crate::__runtime::missing", vec![string(first), verbatim(format!("stringify!({})", def.name))]);
                let arms = vec![
                    Arm { pat: Pat::Call(std.some.to_owned(), vec![Pat::Lit("_".to_owned())]), body: Body::Value(unknown) },
                    Arm { pat: Pat::Path(std.none.to_owned()), body: Body::Value(call(std.err, vec![missing])) },
                ];
                body.push(Stmt::Tail(Expr::Match(Box::new(word("tag")), arms)));
            }
            body
        }
        None if !fallback.is_empty() => attempts(&fallback, true, &std).into_stmt().into_iter().collect(),
        None => {
            let unknown = call("crate::__runtime::unknown", vec![string(first), word("tag"), verbatim(format!("stringify!({})", def.name))]);
            vec![Stmt::Tail(call(std.err, vec![unknown]))]
        }
    };
    let reads_value = |key: &str| call("crate::__runtime::tag", vec![word("value").by_ref(), string(key)]);
    let scrutinee = match keys.get(1) {
        None => word("tag"),
        Some(second) => Expr::Tuple(vec![word("tag"), reads_value(second)]),
    };

    // Arms that name one variant can stream it; the rest need the whole object.
    let single: Vec<&crate::ir::Arm> = tagged.arms.iter().filter(|arm| arm.variants.len() == 1).collect();
    let tags = if keys.len() == 1 {
        Expr::Index("tags[0]".to_owned())
    } else {
        Expr::Tuple(vec![Expr::Index("tags[0]".to_owned()), Expr::Index("tags[1]".to_owned())])
    };
    let mut compound_firsts: Vec<&String> = Vec::new();
    for arm in tagged.arms.iter().filter(|arm| arm.patterns.get(1).is_some_and(Option::is_some)) {
        for value in arm.patterns[0].iter().flatten() {
            if !compound_firsts.contains(&value) {
                compound_firsts.push(value);
            }
        }
    }
    let (first_param, needs_second) = if compound_firsts.is_empty() {
        ("_first", Stmt::Tail(word("false")))
    } else {
        let values: Vec<String> = compound_firsts.iter().map(|value| crate::words::string_literal(value)).collect();
        let matches = format!("matches!(first, {}({}))", std.some, values.join(" | "));
        // prettyplease spaces a macro's tokens by rules of its own: one value in `Some` reads
        // as written here; more, or a path from the root, are left to it.
        match values.len() == 1 && !paths.full {
            true => ("first", Stmt::Tail(verbatim(matches))),
            false => ("first", Stmt::Code(matches)),
        }
    };
    let (streamed_body, variant_body) = if single.is_empty() {
        (word(std.none), call(std.err, vec![call("serde::de::Error::custom", vec![string("no variant is certain from the tags")])]))
    } else {
        let mut picks: Vec<Arm> = single
            .iter()
            .enumerate()
            .map(|(i, arm)| Arm { pat: pattern(arm, &std), body: Body::Value(call(std.some, vec![word(i.to_string())])) })
            .collect();
        picks.push(Arm { pat: Pat::Lit("_".to_owned()), body: Body::Value(word(std.none)) });
        let mut streamed: Vec<Arm> = single
            .iter()
            .enumerate()
            .map(|(i, arm)| {
                let read = call("serde::Deserialize::deserialize", vec![word("object")]);
                Arm { pat: Pat::Lit(i.to_string()), body: Body::Value(read.method("map", vec![word(format!("Self::{}", variant(arm.variants[0])))])) }
            })
            .collect();
        let no_index = call(std.err, vec![call("serde::de::Error::custom", vec![string("no variant has this index")])]);
        streamed.push(Arm { pat: Pat::Lit("_".to_owned()), body: Body::Value(no_index) });
        (Expr::Match(Box::new(tags), picks), Expr::Match(Box::new(word("index")), streamed))
    };
    let mut from_value = Vec::new();
    // The first tag's value, which every decision below reads but lenient reading's, when no
    // tag names a variant.
    let reads_tag = !(single.is_empty() && arms.is_empty() && paths.model.lenient && tagged.unknown.is_some());
    if reads_tag {
        from_value.push(Stmt::Let("tag", reads_value(first)));
    }
    if !single.is_empty() {
        let tags = match keys.get(1) {
            Some(second) => vec![word("tag"), reads_value(second)],
            None => vec![word("tag")],
        };
        let streamed = call("Self::streamed", vec![Expr::Array(tags).by_ref()]);
        let read = call("Self::variant", vec![word("index"), word("value").by_ref()]).method("map_err", vec![word("serde::de::Error::custom")]);
        let index = Pat::Call(std.some.to_owned(), vec![Pat::Path("index".to_owned())]);
        from_value.push(Stmt::IfLet(index, streamed, vec![Stmt::Semi(Expr::Return(Box::new(read)))]));
    }
    if arms.is_empty() {
        from_value.extend(last_resort);
    } else {
        arms.push(Arm { pat: Pat::Lit("_".to_owned()), body: Body::Block(last_resort) });
        from_value.push(Stmt::Tail(Expr::Match(Box::new(scrutinee), arms)));
    }
    let (tags_param, index_param, object_param) = if single.is_empty() { ("_tags", "_index", "_object") } else { ("tags", "index", "object") };
    let Std { option, result, .. } = std;
    let keys: Vec<String> = keys.iter().map(|key| crate::words::string_literal(key)).collect();
    let mut items = vec![
        Item::Type(format!("const KEYS: &'static [&'static str] = &[{}];", keys.join(", "))),
        Item::Method(
            Signature {
                head: "fn needs_second".to_owned(),
                parameters: vec![format!("{first_param}: {option}<&str>")],
                output: " -> bool".to_owned(),
            },
            vec![needs_second],
        ),
        Item::Method(
            Signature {
                head: "fn streamed".to_owned(),
                parameters: vec![format!("{tags_param}: &[{option}<&str>]")],
                output: format!(" -> {option}<usize>"),
            },
            vec![Stmt::Tail(streamed_body)],
        ),
        Item::Type("#[inline]".to_owned()),
        Item::Method(
            Signature {
                head: "fn variant<'de, D: serde::Deserializer<'de>>".to_owned(),
                parameters: vec![format!("{index_param}: usize"), format!("{object_param}: D")],
                output: format!(" -> {result}<Self, D::Error>"),
            },
            vec![Stmt::Tail(variant_body)],
        ),
        Item::Method(
            Signature {
                head: "fn from_value<E: serde::de::Error>".to_owned(),
                parameters: vec!["value: crate::__runtime::Buffered<'_>".to_owned()],
                output: format!(" -> {result}<Self, E>"),
            },
            from_value,
        ),
    ];
    items.extend(scalar_fallbacks(union, tagged, paths, &std));
    Impl { header: format!("impl crate::__runtime::Tagged for {}", def.name), items }
}

/// The runtime's `tagged_union!` line, for the most common tagged union (154 of the OpenAI
/// crate's 182): one tag, each of whose values names one variant, any other object kept in the
/// unknown variant (lenient reading), no fallbacks. It expands into the impls [`deserialize`]
/// writes for it, in a line of a few tokens rather than 2 KB of them to emit, parse and format.
fn one_tag_line(def: &TypeDef, union: &Union, tagged: &Tagged, paths: &Paths) -> Option<WordList> {
    let unknown = tagged.unknown.filter(|_| paths.model.lenient && tagged.keys.len() == 1 && tagged.fallback.is_empty())?;
    if tagged.arms.is_empty() {
        return None;
    }
    let mut words = Words::default();
    words.word(&def.name);
    words.word(&crate::words::string_literal(&tagged.keys[0]));
    words.open(Delimiter::Brace);
    for (index, arm) in tagged.arms.iter().enumerate() {
        let ([variant], [Some(values)]) = (&arm.variants[..], &arm.patterns[..]) else { return None };
        if index > 0 {
            words.op(",");
        }
        words.word(&index.to_string());
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                words.op("|");
            }
            words.word(&crate::words::string_literal(value));
        }
        words.op("=>");
        words.word(&union.variants[*variant].name);
    }
    words.close(Delimiter::Brace);
    words.word("else");
    words.word(&union.variants[unknown].name);
    Some(words.finish())
}

/// `Tagged::scalar`, when a string, number or bool has one fallback variant that reads it: that
/// variant reads such a value straight from the input (a tool choice `"auto"`), where the other
/// fallbacks could not have read it and `from_value` would pick the same one.
fn scalar_fallbacks(union: &Union, tagged: &Tagged, paths: &Paths, std: &Std) -> Option<Item> {
    let readers: Vec<(&str, u8)> = tagged
        .fallback
        .iter()
        .filter_map(|&i| match &union.variants[i].payload {
            Payload::Value(ty) => Some((union.variants[i].name.as_str(), kinds(paths.model, ty, 0))),
            Payload::Unit { .. } => None,
        })
        .collect();
    // Each member with the kinds it alone reads, in member order: one arm per member.
    let mut alone: Vec<(&str, Vec<&str>)> = Vec::new();
    for (kind, name) in [(STR, "Str"), (INT, "Int"), (FLOAT, "Float"), (BOOL, "Bool")] {
        let mut reading = readers.iter().filter(|(_, kinds)| kinds & kind != 0);
        if let (Some((variant, _)), None) = (reading.next(), reading.next()) {
            match alone.iter_mut().find(|(v, _)| v == variant) {
                Some((_, kinds)) => kinds.push(name),
                None => alone.push((variant, vec![name])),
            }
        }
    }
    let covered: usize = alone.iter().map(|(_, kinds)| kinds.len()).sum();
    let mut arms: Vec<Arm> = alone
        .iter()
        .map(|(variant, kinds)| {
            let mut cases: Vec<Pat> = kinds.iter().map(|kind| Pat::Path(format!("crate::__runtime::Scalar::{kind}"))).collect();
            let pat = if cases.len() == 1 { cases.remove(0) } else { Pat::Or(cases) };
            let read = call("serde::Deserialize::deserialize", vec![word("value")]).method("map", vec![word(format!("Self::{variant}"))]);
            Arm { pat, body: Body::Value(call(std.some, vec![read])) }
        })
        .collect();
    if arms.is_empty() {
        return None;
    }
    if covered < 4 {
        arms.push(Arm { pat: Pat::Lit("_".to_owned()), body: Body::Value(word(std.none)) });
    }
    let signature = Signature {
        head: "fn scalar<'de, D: serde::Deserializer<'de>>".to_owned(),
        parameters: vec!["kind: crate::__runtime::Scalar".to_owned(), "value: D".to_owned()],
        output: format!(" -> {}<{}<Self, D::Error>>", std.option, std.result),
    };
    Some(Item::Method(signature, vec![Stmt::Tail(Expr::Match(Box::new(word("kind")), arms))]))
}

/// `Some("message")` or `(Some("message"), Some("user" | "system"))`.
fn pattern(arm: &crate::ir::Arm, std: &Std) -> Pat {
    let mut parts: Vec<Pat> = arm
        .patterns
        .iter()
        .map(|values| match values {
            Some(values) => {
                let mut cases: Vec<Pat> = values.iter().map(|value| Pat::Lit(crate::words::string_literal(value))).collect();
                let inner = if cases.len() == 1 { cases.remove(0) } else { Pat::Or(cases) };
                Pat::Call(std.some.to_owned(), vec![inner])
            }
            None => Pat::Lit("_".to_owned()),
        })
        .collect();
    match parts.len() {
        1 => parts.remove(0),
        _ => Pat::Tuple(parts),
    }
}

/// Tries each variant in order (see [`tries`]); with `strict`, the last one's error is the result.
fn attempts(variants: &[&str], strict: bool, std: &Std) -> Attempts {
    let Some(last) = variants.last() else { return Attempts::None };
    let last = strict.then(|| call("crate::__runtime::variant", vec![word("value").by_ref()]).method("map", vec![word(format!("Self::{last}"))]));
    match last {
        Some(last) if variants.len() == 1 => Attempts::Value(last),
        last => {
            let mut body = tries(variants, std);
            body.extend(last.map(Stmt::Tail));
            Attempts::Block(body)
        }
    }
}

/// Tries each variant on `value` and returns the first that reads it without leniency, else the
/// first that reads it at all; falls through when none does.
fn tries(variants: &[&str], std: &Std) -> Vec<Stmt> {
    let read = |value: Expr| {
        let returned = Stmt::Semi(Expr::Return(Box::new(call(std.ok, vec![word("read")]))));
        Stmt::IfLet(Pat::Call(std.some.to_owned(), vec![Pat::Path("read".to_owned())]), value, vec![returned])
    };
    let mut body = vec![Stmt::Let("mut choice", call("crate::__runtime::Choice::new", vec![]))];
    for variant in variants {
        body.push(read(word("choice").method("attempt", vec![word("value").by_ref(), word(format!("Self::{variant}"))])));
    }
    body.push(read(word("choice").method("lenient", vec![])));
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Dispatch, TypeKind};

    /// Every tagged union of every fixture: its `Tagged` impl laid out as text reads exactly as
    /// prettyplease prints it.
    #[test]
    fn every_tagged_impl_in_the_fixtures_reads_as_prettyplease_prints_it() {
        let mut laid_out = 0;
        for (case, _, analyzed) in crate::fixtures::each() {
            let model = &analyzed.model;
            for def in &model.types {
                let TypeKind::Union(union) = &def.kind else { continue };
                let Dispatch::Tagged(tagged) = &union.dispatch else { continue };
                let paths = Paths::new(model, def.module);
                if one_tag_line(def, union, tagged, &paths).is_some() {
                    continue;
                }
                let text = tagged_impl(def, union, tagged, &paths);
                let printed = prettyplease::unparse(&syn::parse_str(&text.flat()).expect("the impl parses"));
                if let Some(text) = text.lay_out() {
                    assert_eq!(text, printed, "{}: {}", case.display(), def.name);
                    laid_out += 1;
                }
            }
        }
        assert!(laid_out > 5, "only {laid_out} impls laid out");
    }

    /// Each fixture's tagged unions with their variant names and tag values lengthened by 0 to
    /// 60 characters, read leniently and strictly, with the prelude's names written in full or
    /// not: laid out as prettyplease prints them, at every width around the margin (or-patterns
    /// that fill lines, arm values that move into braces, calls whose arguments break).
    #[test]
    fn tagged_impls_read_as_prettyplease_prints_them_at_every_width() {
        let mut compared = 0;
        for (_, _, analyzed) in crate::fixtures::each() {
            let tagged_unions: Vec<usize> = (0..analyzed.model.types.len())
                .filter(|&id| matches!(&analyzed.model.types[id].kind, TypeKind::Union(union) if matches!(union.dispatch, Dispatch::Tagged(_))))
                .collect();
            for length in 0..=60 {
                for lenient in [true, false] {
                    let mut model = analyzed.model.clone();
                    model.lenient = lenient;
                    for &id in &tagged_unions {
                        let TypeKind::Union(union) = &mut model.types[id].kind else { continue };
                        for variant in &mut union.variants {
                            variant.name.push_str(&"V".repeat(length));
                        }
                        let Dispatch::Tagged(tagged) = &mut union.dispatch else { continue };
                        for value in tagged.arms.iter_mut().flat_map(|arm| arm.patterns.iter_mut().flatten().flatten()) {
                            value.push_str(&"t".repeat(length / 2));
                        }
                    }
                    for &id in &tagged_unions {
                        let def = &model.types[id];
                        let (TypeKind::Union(union), Some(module)) = (&def.kind, Some(def.module)) else { continue };
                        let Dispatch::Tagged(tagged) = &union.dispatch else { continue };
                        for full in [false, true] {
                            let paths = Paths { full, ..Paths::new(&model, module) };
                            let text = tagged_impl(def, union, tagged, &paths);
                            let Some(laid_out) = text.lay_out() else { continue };
                            let printed = prettyplease::unparse(&syn::parse_str(&text.flat()).expect("the impl parses"));
                            assert_eq!(laid_out, printed, "{} lengthened by {length}, lenient {lenient}, full {full}", def.name);
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 1000, "only {compared} impls compared");
    }
}

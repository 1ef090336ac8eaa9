//! Operations: the struct that holds a call's parameters and body, its `new` and setters, and
//! its `call::Call` (method, path, query, headers, body, and what its answers read into); the
//! `call::Page` of a list answer. What varies is written here; how a value is encoded is the
//! runtime's (`call.rs`), so each operation is a few lines of calls into it.

use super::code::{call as call_expr, string as string_literal, verbatim, word, Arm, Body, Expr, Pat, Stmt};
use super::constructors::Line;
use super::impls::{Impl, Item, Signature};
use super::paths::{ident, Paths};
use super::text::Lines;
use crate::breaks::Member;
use crate::ir::operations::Next;
use crate::ir::{Answer, Encoding, Location, Operation, Output, PageDef, Param, RequestBody, Style, TypeDef, TypeRef, CALL};
use crate::words::{one_line, INDENT};
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
    // Everything that collects a doc block or an item laid out as text is made here in the order
    // it comes in the file: render fills the placeholders in that order.
    let body_ty = operation.body.as_ref().map(|body| body_type(body, paths));
    let mut tokens = definition(def, operation, body_ty.as_ref(), paths).tokens();
    tokens.extend(constructors(def, operation, body_ty.as_ref(), paths));
    tokens.extend(call_impl(def, operation, paths));
    if let Some(cursor) = &operation.cursor {
        tokens.extend(paged(def, cursor, paths));
    }
    if let Some(choice) = operation.body.as_ref().and_then(|body| body_choice(def, body, paths)) {
        tokens.extend(choice);
    }
    tokens
}

/// The operation's struct, as text: a field per parameter, then the body.
fn definition(def: &TypeDef, operation: &Operation, body_ty: Option<&TokenStream>, paths: &Paths) -> Lines {
    let mut lines = Lines::default();
    lines.docs("", &def.docs);
    if def.deprecated {
        lines.line("", "#[deprecated]");
    }
    // An operation that needs nothing has a `Default` beside its `new()`.
    let needs_nothing = operation.params.iter().all(|p| !p.required) && !operation.body.as_ref().is_some_and(|body| body.required);
    lines.line("", &format!("#[derive(Clone, Debug, {}PartialEq)]", if needs_nothing { "Default, " } else { "" }));
    serde_line(paths, &mut lines, "", "derive(serde::Serialize, serde::Deserialize)");
    if operation.params.is_empty() && operation.body.is_none() {
        lines.line("", &format!("pub struct {} {{}}", def.name));
        return lines;
    }
    lines.line("", &format!("pub struct {} {{", def.name));
    let skip = format!("serde(skip_serializing_if = \"{}\")", paths.is_none());
    for param in &operation.params {
        let where_ = match param.location {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        };
        let mut docs = param.docs.to_vec();
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(format!("The {where_} parameter `{}`.", param.wire));
        lines.docs(INDENT, &docs);
        if param.deprecated {
            lines.line(INDENT, "#[deprecated]");
        }
        if param.name.strip_prefix("r#").unwrap_or(&param.name) != param.wire {
            serde_line(paths, &mut lines, INDENT, &format!("serde(rename = {})", crate::words::string_literal(&param.wire)));
        }
        if !param.required {
            serde_line(paths, &mut lines, INDENT, &skip);
        }
        let ty = if param.required { paths.ty_text(&param.ty) } else { paths.option_text(&param.ty) };
        lines.member(INDENT, Member { head: format!("pub {}: ", param.name), ty: Some((ty, false)) });
    }
    if let (Some(body), Some(ty)) = (&operation.body, body_ty) {
        lines.line(INDENT, "/// The request body.");
        if !body.required {
            serde_line(paths, &mut lines, INDENT, &skip);
        }
        let ty = one_line(if body.required { ty.clone() } else { paths.option(ty.clone()) });
        lines.member(INDENT, Member { head: "pub body: ".to_owned(), ty: Some((ty, false)) });
    }
    lines.line("", "}");
    lines
}

/// serde's attribute, as a line of text: only with the registry's feature (see [`serde_attr`]).
fn serde_line(paths: &Paths, lines: &mut Lines, indent: &str, inner: &str) {
    if paths.model.registry {
        lines.line(indent, &format!("#[cfg_attr(feature = \"registry\", {inner})]"));
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
    let mut line = Line::default();
    for param in &operation.params {
        let ty = paths.ty_text(&param.ty);
        if param.required {
            line.args.push((&param.name, ty));
        } else {
            line.fill.push(&param.name);
            line.setters.push((param.deprecated, &param.name, ty));
        }
    }
    let mut with_body = None;
    if let (Some(body), Some(ty)) = (&operation.body, body_ty) {
        if body.required {
            line.args.push(("body", one_line(ty.clone())));
        } else {
            line.fill.push("body");
            with_body = Some(one_line(ty.clone()));
        }
    }
    // In the file's order: an item laid out as text takes its place as it is made.
    let mut tokens = line.tokens(&def.name);
    if let Some(ty) = with_body {
        tokens.extend(with_body_text(def, &ty, paths).tokens());
    }
    tokens
}

/// `with_body`, the setter of an optional body.
fn with_body_text(def: &TypeDef, body_ty: &str, paths: &Paths) -> Impl {
    let names = Names::new(paths);
    let signature = Signature {
        head: "pub fn with_body".to_owned(),
        parameters: vec!["mut self".to_owned(), format!("body: impl ::core::convert::Into<{body_ty}>")],
        output: " -> Self".to_owned(),
    };
    let set = Stmt::Assign(word("self").field("body"), call_expr(names.some, vec![word("body").method("into", vec![])]));
    let items = vec![Item::Doc("Sets the request body.".to_owned()), Item::Method(signature, vec![set, Stmt::Tail(word("self"))])];
    Impl { header: format!("impl {}", def.name), items }
}

/// The names the impls write, in full where the module shadows the prelude's.
struct Names {
    string: String,
    result: &'static str,
    some: &'static str,
    ok: &'static str,
    full: bool,
}

impl Names {
    fn new(paths: &Paths) -> Self {
        let full = paths.full;
        Names {
            string: paths.string_text().to_owned(),
            result: if full { "::core::result::Result" } else { "Result" },
            some: if full { "::core::option::Option::Some" } else { "Some" },
            ok: if full { "::core::result::Result::Ok" } else { "Ok" },
            full,
        }
    }

    fn vec(&self, inner: &str) -> String {
        if self.full {
            format!("::std::vec::Vec<{inner}>")
        } else {
            format!("Vec<{inner}>")
        }
    }
}

fn call_impl(def: &TypeDef, operation: &Operation, paths: &Paths) -> TokenStream {
    call_impl_text(def, operation, paths).tokens()
}

/// `call::Call` for the operation: what the call sends and what its answers read into.
fn call_impl_text(def: &TypeDef, operation: &Operation, paths: &Paths) -> Impl {
    let names = Names::new(paths);
    let (call, string, result) = (CALL, &names.string, names.result);
    let ty = |ty: &TypeRef| paths.ty_text(ty);
    let output = match &operation.output {
        Output::None => "()".to_owned(),
        Output::Json(json) => ty(json),
        Output::Bytes => names.vec("u8"),
        Output::Text => string.clone(),
    };
    let event = operation.events.as_ref().map_or_else(|| format!("crate::{call}::NoEvents"), ty);
    let error = operation.error.as_ref().map_or_else(|| "serde_json::Value".to_owned(), ty);
    let method = crate::case::upper_camel(operation.method);
    let mut items = vec![
        Item::Type(format!("type Output = {output};")),
        Item::Type(format!("type Event = {event};")),
        Item::Type(format!("type Error = {error};")),
        Item::Const(format!("const METHOD: crate::{call}::Method = crate::{call}::Method::{method};")),
        Item::Const(format!("const PATH: &'static str = {};", literal(&operation.path))),
        Item::Const(format!("const OPERATION_ID: &'static str = {};", literal(&operation.id))),
    ];
    let of = |location: Location| operation.params.iter().filter(move |p| p.location == location);
    // The trait's defaults (no parameter of the kind, no body) are left to it.
    if of(Location::Path).next().is_some() {
        let params = of(Location::Path).map(|p| {
            Expr::Tuple(vec![string_literal(&p.wire), call_expr(format!("crate::{call}::value"), vec![word("self").field(&p.name).by_ref()])])
        });
        let render = call_expr(format!("crate::{call}::render_path"), vec![word("Self::PATH"), Expr::Array(params.collect()).by_ref()]);
        items.push(Item::Fn(format!("fn path(&self) -> {result}<{string}, crate::{call}::PathError>"), vec![Stmt::Tail(render)]));
    }
    let value = |p: &Param| {
        let field = word("self").field(&p.name);
        if p.required {
            call_expr(names.some, vec![field.by_ref()])
        } else {
            field.method("as_ref", vec![])
        }
    };
    let brackets = paths.model.query_brackets.to_string();
    let has_query = of(Location::Query).next().is_some();
    if has_query || !operation.fixed_query.is_empty() {
        let mut new = call_expr(format!("crate::{call}::Query::new"), vec![word(&brackets)]);
        for (name, fixed) in &operation.fixed_query {
            new = new.method("fixed", vec![string_literal(name), string_literal(fixed)]);
        }
        let body = if has_query {
            let mut body = vec![Stmt::Let("mut query", new)];
            body.extend(of(Location::Query).map(|p| {
                let style = word(format!("crate::{call}::Style::{}", style(p.style)));
                Stmt::Semi(word("query").method("add", vec![string_literal(&p.wire), value(p), style, word(p.explode.to_string())]))
            }));
            body.push(Stmt::Tail(word("query").method("into_pairs", vec![])));
            body
        } else {
            vec![Stmt::Tail(new.method("into_pairs", vec![]))]
        };
        items.push(Item::Fn(format!("fn query(&self) -> {}", names.vec(&format!("({string}, {string})"))), body));
    }
    if of(Location::Header).next().is_some() {
        let new_vec = if names.full { "::std::vec::Vec::new()" } else { "Vec::new()" };
        let mut body = vec![Stmt::Let("mut headers", word(new_vec))];
        body.extend(of(Location::Header).map(|p| {
            let pair = verbatim(format!("|value| ({}, value)", literal(&p.wire)));
            let value = call_expr(format!("crate::{call}::header_value"), vec![value(p)]).method("map", vec![pair]);
            Stmt::Semi(word("headers").method("extend", vec![value]))
        }));
        body.push(Stmt::Tail(word("headers")));
        items.push(Item::Fn(format!("fn headers(&self) -> {}", names.vec(&format!("(&'static str, {string})"))), body));
    }
    if operation.body.is_some() {
        let signature = format!("fn body(&self) -> {result}<crate::{call}::Body, crate::{call}::BodyError>");
        items.push(Item::Fn(signature, body_statements(operation, paths, &names)));
    }
    let rules = operation.answers.iter().map(|rule| {
        let answer = match rule.answer {
            Answer::Output => "Output",
            Answer::Events => "Events",
            Answer::Error => "Error",
        };
        Expr::Tuple(vec![string_literal(&rule.status), string_literal(&rule.media_type), word(format!("crate::{call}::Answer::{answer}"))])
    });
    let answer = call_expr(format!("crate::{call}::answer"), vec![word("status"), word("content_type"), Expr::Array(rules.collect()).by_ref()]);
    items.push(Item::Fn(format!("fn answer(status: u16, content_type: &str) -> crate::{call}::Answer"), vec![Stmt::Tail(answer)]));
    let read = match &operation.output {
        Output::None => Stmt::Tail(call_expr(names.ok, vec![Expr::Tuple(vec![])])),
        Output::Json(_) => Stmt::Tail(call_expr("serde_json::from_slice", vec![word("body")])),
        Output::Bytes => Stmt::Tail(call_expr(names.ok, vec![word("body").method("to_vec", vec![])])),
        // Text that is not UTF-8 is an error, never a string with characters replaced.
        Output::Text => Stmt::Tail(
            call_expr(format!("{string}::from_utf8"), vec![word("body").method("to_vec", vec![])])
                .method("map_err", vec![word("<serde_json::Error as serde::de::Error>::custom")]),
        ),
    };
    let body_name = if matches!(operation.output, Output::None) { "_" } else { "body" };
    items.push(Item::Fn(format!("fn read_output({body_name}: &[u8]) -> {result}<Self::Output, serde_json::Error>"), vec![read]));
    Impl { header: format!("impl crate::{call}::Call for {}", def.name), items }
}

/// `Paged` for a list operation: the cursor goes into its field.
fn paged(def: &TypeDef, cursor: &str, paths: &Paths) -> TokenStream {
    paged_text(def, cursor, paths).tokens()
}

fn paged_text(def: &TypeDef, cursor: &str, paths: &Paths) -> Impl {
    let names = Names::new(paths);
    let set = Stmt::Assign(word("self").field(cursor), call_expr(names.some, vec![word("cursor")]));
    let set_cursor = Item::Fn(format!("fn set_cursor(&mut self, cursor: {})", names.string), vec![set]);
    Impl { header: format!("impl crate::{CALL}::Paged for {}", def.name), items: vec![set_cursor] }
}

fn style(style: Style) -> &'static str {
    match style {
        Style::Form => "Form",
        Style::SpaceDelimited => "SpaceDelimited",
        Style::PipeDelimited => "PipeDelimited",
        Style::DeepObject => "DeepObject",
        Style::Simple | Style::Label | Style::Matrix => "Simple",
    }
}

/// A string literal as Rust source.
fn literal(value: &str) -> String {
    crate::words::string_literal(value)
}

/// The body in the media type it is sent in.
fn body_statements(operation: &Operation, paths: &Paths, names: &Names) -> Vec<Stmt> {
    let call = CALL;
    let empty = || call_expr(names.ok, vec![word(format!("crate::{call}::Body::Empty"))]);
    let Some(body) = &operation.body else { return vec![Stmt::Tail(empty())] };
    let brackets = paths.model.query_brackets.to_string();
    let encode = |media: &crate::ir::BodyMedia, value: Expr| -> Expr {
        let media_type = string_literal(&media.media_type);
        match media.encoding {
            Encoding::Json => call_expr(format!("crate::{call}::json_body"), vec![value]),
            Encoding::Multipart => call_expr(format!("crate::{call}::multipart_body"), vec![value, word(&brackets)]),
            Encoding::Form => call_expr(format!("crate::{call}::form_body"), vec![value, word(&brackets)]),
            Encoding::Raw => match &media.ty {
                TypeRef::File => call_expr(
                    names.ok,
                    vec![call_expr(format!("crate::{call}::raw_body"), vec![media_type, value.field("bytes").method("clone", vec![])])],
                ),
                TypeRef::String => {
                    call_expr(names.ok, vec![call_expr(format!("crate::{call}::raw_body"), vec![media_type, value.method("as_bytes", vec![])])])
                }
                _ => call_expr(format!("crate::{call}::json_body"), vec![value]),
            },
        }
    };
    let sent = match (&body.choice, body.media.as_slice()) {
        (Some(choice), media) => {
            let arms = media
                .iter()
                .map(|media| Arm {
                    pat: Pat::Call(format!("{choice}::{}", media.variant), vec![Pat::Path("body".to_owned())]),
                    body: Body::Value(encode(media, word("body"))),
                })
                .collect();
            Expr::Match(Box::new(word("body")), arms)
        }
        (None, [one]) => encode(one, word("body")),
        (None, _) => empty(),
    };
    if body.required {
        return vec![Stmt::Let("body", word("self").field("body").by_ref()), Stmt::Tail(sent)];
    }
    let none = if names.full { "::core::option::Option::None" } else { "None" };
    let arms = vec![
        Arm { pat: Pat::Call(names.some.to_owned(), vec![Pat::Path("body".to_owned())]), body: Body::Value(sent) },
        Arm { pat: Pat::Path(none.to_owned()), body: Body::Value(empty()) },
    ];
    vec![Stmt::Tail(Expr::Match(Box::new(word("self").field("body").by_ref()), arms))]
}

/// `call::Page` for a list answer: its items, whether there is more, the next cursor.
pub fn page(def: &TypeDef, page: &PageDef, paths: &Paths) -> TokenStream {
    page_text(def, page, paths).tokens()
}

fn page_text(def: &TypeDef, page: &PageDef, paths: &Paths) -> Impl {
    let names = Names::new(paths);
    let field = |name: &str| word("self").field(ident(name).to_string());
    let (items_field, item, items_optional) = &page.items;
    let items = match items_optional {
        true => field(items_field).method("as_deref", vec![]).method("unwrap_or_default", vec![]),
        false => field(items_field).by_ref(),
    };
    let has_more = match &page.has_more {
        Some((name, false)) => field(name),
        Some((name, true)) => field(name).method("unwrap_or", vec![word("false")]),
        None => call_expr(format!("crate::{CALL}::Page::next_cursor"), vec![word("self")]).method("is_some", vec![]),
    };
    let next = match &page.next {
        Next::Field(name, true) => Stmt::Tail(field(name).method("clone", vec![])),
        Next::Field(name, false) => Stmt::Tail(call_expr(names.some, vec![field(name).method("clone", vec![])])),
        Next::LastItemId(name, optional) => {
            let then = if *optional { "and_then" } else { "map" };
            let last = call_expr(format!("crate::{CALL}::Page::items"), vec![word("self")]).method("last", vec![]);
            Stmt::Tail(last.method(then, vec![verbatim(format!("|item| item.{}.clone()", ident(name)))]))
        }
    };
    let option = paths.option_text(&TypeRef::String);
    let items = vec![
        Item::Type(format!("type Item = {};", paths.ty_text(item))),
        Item::Fn("fn items(&self) -> &[Self::Item]".to_owned(), vec![Stmt::Tail(items)]),
        Item::Fn("fn has_more(&self) -> bool".to_owned(), vec![Stmt::Tail(has_more)]),
        Item::Fn(format!("fn next_cursor(&self) -> {option}"), vec![next]),
    ];
    Impl { header: format!("impl crate::{CALL}::Page for {}", def.name), items }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;

    /// Every operation and page of every fixture: its struct and impls laid out as text read
    /// exactly as prettyplease prints them; an impl that is not laid out is left to prettyplease whole.
    #[test]
    fn every_impl_laid_out_in_the_fixtures_reads_as_prettyplease_prints_it() {
        let (mut laid_out, mut left, mut structs, mut pages) = (0, 0, 0, 0);
        let mut check = |text: Impl, case: &std::path::Path| {
            let printed = prettyplease::unparse(&syn::parse_str(&text.flat()).expect("the impl parses"));
            match text.lay_out() {
                Some(laid) => {
                    assert_eq!(laid, printed, "{}", case.display());
                    laid_out += 1;
                }
                None => left += 1,
            }
        };
        for (case, _, analyzed) in crate::fixtures::each() {
            let model = &analyzed.model;
            for def in &model.types {
                let TypeKind::Operation(operation) = &def.kind else { continue };
                let paths = Paths::new(model, def.module);
                let body_ty = operation.body.as_ref().map(|body| body_type(body, &paths));
                if let Some(text) = definition(def, operation, body_ty.as_ref(), &paths).laid_out() {
                    crate::fixtures::assert_printed_by_prettyplease(text, &case);
                    structs += 1;
                }
                let with_body = body_ty.as_ref().filter(|_| operation.body.as_ref().is_some_and(|body| !body.required));
                let impls = std::iter::once(call_impl_text(def, operation, &paths))
                    .chain(operation.cursor.as_ref().map(|cursor| paged_text(def, cursor, &paths)))
                    .chain(with_body.map(|ty| with_body_text(def, &one_line(ty.clone()), &paths)));
                impls.for_each(|text| check(text, &case));
            }
            for page in &model.pages {
                let def = &model.types[page.ty];
                check(page_text(def, page, &Paths::new(model, def.module)), &case);
                pages += 1;
            }
        }
        assert!(laid_out >= 15 && left == 0, "{laid_out} impls laid out, {left} left to prettyplease");
        assert!(structs >= 15, "{structs} operation structs laid out");
        assert!(pages >= 3, "{pages} pages' impls compared");
    }
}

//! An impl block the emitter writes as text rather than tokens: laid out as prettyplease prints
//! it when it can be (`emit::expr`, `emit::breaks`), so that neither syn nor prettyplease reads
//! it again; else written flat and lexed into tokens, for prettyplease.

use super::code::Stmt;
use super::paths::laid_out;
use crate::words::MARGIN;
use proc_macro2::TokenStream;
use quote::quote;

pub struct Impl {
    /// `impl Trait for Type`.
    pub header: String,
    pub items: Vec<Item>,
}

pub enum Item {
    /// `type Name = Type;`, an attribute, a constant whose value could break: laid out only
    /// when it fits on its line.
    Type(String),
    /// `const NAME: Type = value;`: on one line however long (nothing in it breaks).
    Const(String),
    /// `fn name(...) -> Type` and its statements.
    Fn(String, Vec<Stmt>),
    /// A function whose signature breaks where it does not fit on its line.
    Method(Signature, Vec<Stmt>),
    /// A doc line: `///` and a space before it.
    Doc(String),
}

/// `fn name<generics>(parameters) -> Type`.
pub struct Signature {
    /// `fn name<generics>`.
    pub head: String,
    pub parameters: Vec<String>,
    /// ` -> Type`, or nothing.
    pub output: String,
}

impl Signature {
    fn flat(&self) -> String {
        format!("{}({}){}", self.head, self.parameters.join(", "), self.output)
    }

    /// As prettyplease prints it at the indentation of an impl's items, with the ` {` that
    /// opens the body: on one line where that fits, else each parameter on its own (the box of
    /// the parameters breaks as a whole), or `None` where a line would still not fit.
    fn lay_out(&self) -> Option<String> {
        let flat = format!("    {} {{\n", self.flat());
        if flat.len() - 1 <= MARGIN {
            return Some(flat);
        }
        let mut out = format!("    {}(\n", self.head);
        for parameter in &self.parameters {
            out.push_str(&format!("        {parameter},\n"));
        }
        out.push_str(&format!("    ){} {{\n", self.output));
        out.lines().all(|line| line.len() <= MARGIN).then_some(out)
    }
}

impl Impl {
    pub fn tokens(self) -> TokenStream {
        match self.lay_out() {
            Some(text) => laid_out(text, |_| self.flat_tokens()),
            None => self.flat_tokens(),
        }
    }

    fn flat_tokens(&self) -> TokenStream {
        let flat = self.flat();
        flat.parse().unwrap_or_else(|error| {
            let message = format!("generator bug: an impl written as text does not lex ({error}): {flat}");
            quote!(compile_error!(#message);)
        })
    }

    pub fn flat(&self) -> String {
        let mut out = format!("{} {{", self.header);
        for item in &self.items {
            let (signature, body) = match item {
                Item::Type(text) | Item::Const(text) => {
                    out.push_str(text);
                    out.push(' ');
                    continue;
                }
                Item::Doc(text) => {
                    out.push_str(&format!("#[doc = {}] ", proc_macro2::Literal::string(&format!(" {text}"))));
                    continue;
                }
                Item::Fn(signature, body) => (signature.clone(), body),
                Item::Method(signature, body) => (signature.flat(), body),
            };
            out.push_str(&signature);
            out.push_str(" { ");
            for stmt in body {
                stmt.flat(&mut out);
                out.push(' ');
            }
            out.push_str("} ");
        }
        out.push('}');
        out
    }

    /// The impl as prettyplease prints it, or `None` where a line would not fit or a statement
    /// is one `emit::expr` does not lay out.
    pub fn lay_out(&self) -> Option<String> {
        let mut out = String::with_capacity(1024);
        let line = |out: &mut String, indent: usize, text: &str, may_overflow: bool| {
            if !may_overflow && indent + text.len() > MARGIN {
                return None;
            }
            out.extend(std::iter::repeat_n(' ', indent));
            out.push_str(text);
            out.push('\n');
            Some(())
        };
        line(&mut out, 0, &format!("{} {{", self.header), false)?;
        for item in &self.items {
            let body = match item {
                Item::Type(text) => {
                    line(&mut out, 4, text, false)?;
                    continue;
                }
                Item::Const(text) => {
                    line(&mut out, 4, text, true)?;
                    continue;
                }
                Item::Doc(text) => {
                    line(&mut out, 4, &format!("/// {text}"), true)?;
                    continue;
                }
                Item::Fn(signature, body) => {
                    line(&mut out, 4, &format!("{signature} {{"), false)?;
                    body
                }
                Item::Method(signature, body) => {
                    out.push_str(&signature.lay_out()?);
                    body
                }
            };
            for stmt in body {
                line(&mut out, 8, &stmt.lay_out(8)?, true)?;
            }
            line(&mut out, 4, "}", true)?;
        }
        line(&mut out, 0, "}", true)?;
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::code::{call, string, verbatim, word, Arm, Body, Expr, Pat};

    /// The statements of an operation's impls, with names from 1 to 80 characters long: every
    /// box that fits, breaks or breaks inside a broken one, at each width around the margin.
    #[test]
    fn laid_out_as_prettyplease_prints_at_every_width() {
        for length in 1..=80 {
            let name = "n".repeat(length);
            let short = "q".repeat(length % 6 + 1);
            let field = || word("self").field(&name);
            let tuple = |n: usize| Expr::Tuple(vec![string(&name[..n.min(length)]), call("crate::call::value", vec![field().by_ref()])]);
            let body = vec![
                Stmt::Let("mut query", call("crate::call::Query::new", vec![word("true")])),
                Stmt::Let("body", field().by_ref()),
                Stmt::Semi(
                    word("query")
                        .method("add", vec![string(&name), field().method("as_ref", vec![]), word("crate::call::Style::Form"), word("true")]),
                ),
                Stmt::Semi(word(short.as_str()).method("add", vec![string(&name), call("Some", vec![field().by_ref()])])),
                Stmt::Assign(field(), call("Some", vec![word("cursor")])),
                Stmt::Semi(call("crate::call::render_path", vec![word("Self::PATH"), Expr::Array(vec![tuple(3), tuple(length)]).by_ref()])),
                Stmt::Semi(call("Ok", vec![call("crate::call::raw_body", vec![string(&name), field().field("bytes").method("clone", vec![])])])),
                Stmt::Semi(call("Ok", vec![Expr::Tuple(vec![])])),
                Stmt::Semi(call("f", vec![Expr::Array(vec![]).by_ref(), Expr::Tuple(vec![word("x")])])),
                Stmt::Tail(word("query").method("into_pairs", vec![])),
            ];
            // A match over a reference, its arms' values on their lines or in braces, a closure
            // kept whole, a method of a call's value.
            let arm = |pat: Pat, value: Expr| Arm { pat, body: Body::Value(value) };
            let sent = call("crate::call::multipart_body", vec![word("body"), word("true")]);
            let choice = Expr::Match(
                Box::new(word("body")),
                vec![
                    arm(Pat::Call(format!("Choice::{name}"), vec![Pat::Path("body".to_owned())]), sent),
                    arm(Pat::Call("Choice::Json".to_owned(), vec![Pat::Path("body".to_owned())]), call("crate::call::json_body", vec![word("body")])),
                ],
            );
            let matched = Expr::Match(
                Box::new(field().by_ref()),
                vec![
                    arm(Pat::Call("Some".to_owned(), vec![Pat::Path("body".to_owned())]), choice),
                    arm(Pat::Path("None".to_owned()), call("Ok", vec![word("crate::call::Body::Empty")])),
                ],
            );
            let closure = verbatim(format!("|value| ({:?}, value)", &name[..length.min(40)]));
            let headers = call("crate::call::header_value", vec![field().method("as_ref", vec![])]).method("map", vec![closure]);
            let chain = call("crate::call::Query::new", vec![word("true")]).method("fixed", vec![string(&name), string("true")]);
            let items = vec![
                Item::Fn("fn f(&self) -> u8".to_owned(), body),
                Item::Fn("fn body(&self) -> u8".to_owned(), vec![Stmt::Tail(matched)]),
                Item::Fn("fn headers(&self) -> u8".to_owned(), vec![Stmt::Semi(word("headers").method("extend", vec![headers])), Stmt::Tail(chain)]),
            ];
            let text = Impl { header: "impl crate::call::Call for Name".to_owned(), items };
            let printed = prettyplease::unparse(&syn::parse_str(&text.flat()).expect("the impl parses"));
            assert_eq!(text.lay_out().expect("every statement is laid out"), printed, "names of {length}");
        }
    }

    #[test]
    fn a_type_too_long_for_its_line_is_left_to_prettyplease() {
        let long = Impl { header: "impl A for B".to_owned(), items: vec![Item::Type(format!("type Output = crate::{};", "X".repeat(80)))] };
        assert_eq!(long.lay_out(), None);
        let constant =
            Impl { header: "impl A for B".to_owned(), items: vec![Item::Const(format!("const PATH: &'static str = \"{}\";", "x".repeat(90)))] };
        let printed = prettyplease::unparse(&syn::parse_str(&constant.flat()).expect("parses"));
        assert_eq!(constant.lay_out().as_deref(), Some(printed.as_str()));
    }
}

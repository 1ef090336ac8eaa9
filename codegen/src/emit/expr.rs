//! The few Rust expressions and statements the emitter's impls are made of, written as text:
//! flat (to be parsed into tokens when the impl is left to prettyplease), or laid out in lines
//! with the boxes and breaks prettyplease gives each construct (see `emit::breaks`), so the
//! laid-out text is what prettyplease would have printed. Matches, their arms and patterns are
//! in `emit::arms`.

use super::arms::{condition, Arm, Pat};
use crate::breaks::Breaker;

pub const INDENT: isize = 4;

pub enum Expr {
    /// A path, a literal or a name: one word.
    Word(String),
    /// `base.field`.
    Field(Box<Expr>, String),
    /// `receiver.method(args)`.
    Method(Box<Expr>, &'static str, Vec<Expr>),
    /// `path(args)`.
    Call(String, Vec<Expr>),
    /// `&expr`.
    Ref(Box<Expr>),
    /// `[elements]` (never only integer or boolean literals: prettyplease fills those).
    Array(Vec<Expr>),
    Tuple(Vec<Expr>),
    /// `base[index]`, one word.
    Index(String),
    /// A closure or a macro, flat: laid out only where prettyplease would not break inside it.
    Verbatim(String),
    /// `return value`.
    Return(Box<Expr>),
    /// `match scrutinee { arms }`.
    Match(Box<Expr>, Vec<Arm>),
}

pub enum Stmt {
    /// `let pattern = init;`
    Let(&'static str, Expr),
    /// `place = value;`
    Assign(Expr, Expr),
    /// `expr;`
    Semi(Expr),
    /// The block's value, or an expression statement without `;` (a `match`).
    Tail(Expr),
    /// `if let pattern = value { statements }`.
    IfLet(Pat, Expr, Vec<Stmt>),
    /// `{ statements }`.
    Block(Vec<Stmt>),
    /// Code, flat, that this module does not lay out: the whole impl is then left to
    /// prettyplease.
    Code(String),
}

pub fn word(text: impl Into<String>) -> Expr {
    Expr::Word(text.into())
}

pub fn verbatim(text: impl Into<String>) -> Expr {
    Expr::Verbatim(text.into())
}

pub fn call(path: impl Into<String>, args: Vec<Expr>) -> Expr {
    Expr::Call(path.into(), args)
}

/// A string literal, escaped as proc-macro2 writes it.
pub fn string(value: &str) -> Expr {
    Expr::Word(crate::words::string_literal(value))
}

impl Expr {
    pub fn field(self, name: impl Into<String>) -> Expr {
        Expr::Field(Box::new(self), name.into())
    }

    pub fn method(self, name: &'static str, args: Vec<Expr>) -> Expr {
        Expr::Method(Box::new(self), name, args)
    }

    pub fn by_ref(self) -> Expr {
        Expr::Ref(Box::new(self))
    }

    pub fn flat(&self, out: &mut String) {
        let list = |out: &mut String, open: &str, items: &[Expr], close: &str| {
            out.push_str(open);
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                item.flat(out);
            }
            out.push_str(close);
        };
        match self {
            Expr::Word(word) => out.push_str(word),
            Expr::Field(base, name) => {
                base.flat(out);
                out.push('.');
                out.push_str(name);
            }
            Expr::Method(receiver, name, args) => {
                receiver.flat(out);
                out.push('.');
                out.push_str(name);
                list(out, "(", args, ")");
            }
            Expr::Call(path, args) => {
                out.push_str(path);
                list(out, "(", args, ")");
            }
            Expr::Ref(inner) => {
                out.push('&');
                inner.flat(out);
            }
            Expr::Array(items) => list(out, "[", items, "]"),
            Expr::Tuple(items) if items.len() == 1 => list(out, "(", items, ",)"),
            Expr::Tuple(items) => list(out, "(", items, ")"),
            Expr::Index(text) | Expr::Verbatim(text) => out.push_str(text),
            Expr::Return(value) => {
                out.push_str("return ");
                value.flat(out);
            }
            Expr::Match(scrutinee, arms) => {
                out.push_str("match ");
                scrutinee.flat(out);
                out.push_str(" { ");
                for arm in arms {
                    arm.flat(out);
                    out.push(' ');
                }
                out.push('}');
            }
        }
    }

    /// Whether prettyplease puts a breakable space, not a plain one, between this expression as
    /// a condition and the `{` after it (its `needs_newline_if_wrap`).
    pub fn wraps_before_brace(&self) -> bool {
        match self {
            Expr::Field(..) | Expr::Method(..) | Expr::Index(_) => true,
            Expr::Ref(inner) | Expr::Return(inner) => inner.wraps_before_brace(),
            Expr::Word(_) | Expr::Verbatim(_) | Expr::Call(..) | Expr::Array(_) | Expr::Tuple(_) | Expr::Match(..) => false,
        }
    }

    /// Whether a match arm of this value needs a `,` after it (not a block-like `match`).
    pub fn needs_comma_as_arm(&self) -> bool {
        !matches!(self, Expr::Match(..))
    }

    /// Whether prettyplease writes a `;` after this value as a statement of its own.
    pub fn takes_semicolon(&self) -> bool {
        matches!(self, Expr::Return(_))
    }

    /// A single word that is a name of at most four characters (`self`, `body`): prettyplease
    /// keeps `.field` and `.method(` on its line at the start of a statement.
    fn is_short_name(&self) -> bool {
        matches!(self, Expr::Word(word) if word.len() <= INDENT as usize && word.chars().all(|c| c.is_alphanumeric() || c == '_'))
    }

    /// The tokens prettyplease makes of the expression; `line_start` when it starts a statement.
    pub fn tokens<'a>(&'a self, out: &mut Breaker<'a>, line_start: bool) {
        match self {
            Expr::Word(word) => out.word(word.as_str()),
            Expr::Field(..) => {
                out.cbox(INDENT);
                self.chain(out, line_start);
                out.end();
            }
            Expr::Method(receiver, ..) => {
                out.cbox(INDENT);
                let unindent = line_start && receiver.is_short_name();
                self.chain_method(out, line_start, unindent);
                out.end();
            }
            Expr::Call(path, args) => {
                out.word(path.as_str());
                out.word("(");
                arguments(out, args);
                out.word(")");
            }
            Expr::Ref(inner) => {
                out.word("&");
                inner.tokens(out, false);
            }
            Expr::Array(items) if items.is_empty() => out.word("[]"),
            Expr::Array(items) => list(out, "[", items, "]"),
            Expr::Tuple(items) if items.len() == 1 => {
                out.word("(");
                out.cbox(INDENT);
                out.zerobreak();
                items[0].tokens(out, false);
                out.word(",");
                out.zerobreak();
                out.offset(-INDENT);
                out.end();
                out.word(")");
            }
            Expr::Tuple(items) => list(out, "(", items, ")"),
            Expr::Index(text) => out.word(text.as_str()),
            Expr::Verbatim(text) => out.verbatim(text.as_str()),
            Expr::Return(value) => {
                out.word("return ");
                value.tokens(out, false);
            }
            Expr::Match(scrutinee, arms) => {
                out.ibox(0);
                out.word("match ");
                condition(out, scrutinee);
                out.word("{");
                out.neverbreak();
                out.cbox(INDENT);
                if !arms.is_empty() {
                    out.hardbreak();
                }
                for arm in arms {
                    arm.tokens(out);
                    out.hardbreak();
                }
                out.offset(-INDENT);
                out.end();
                out.word("}");
                out.end();
            }
        }
    }

    pub fn is_plain(&self) -> bool {
        match self {
            Expr::Match(scrutinee, arms) => scrutinee.is_plain() && arms.iter().all(Arm::is_plain),
            Expr::Field(inner, _) | Expr::Ref(inner) | Expr::Return(inner) => inner.is_plain(),
            Expr::Method(receiver, _, args) => receiver.is_plain() && args.iter().all(Expr::is_plain),
            Expr::Call(_, items) | Expr::Array(items) | Expr::Tuple(items) => items.iter().all(Expr::is_plain),
            Expr::Word(_) | Expr::Index(_) | Expr::Verbatim(_) => true,
        }
    }

    /// A field or method call as the receiver of another: in its box, not a new one.
    fn chain<'a>(&'a self, out: &mut Breaker<'a>, line_start: bool) {
        match self {
            Expr::Field(base, name) => {
                base.chain(out, line_start);
                if !(line_start && base.is_short_name()) {
                    out.zerobreak();
                }
                out.word(".");
                out.word(name.as_str());
            }
            Expr::Method(..) => self.chain_method(out, line_start, false),
            other => other.tokens(out, line_start),
        }
    }

    fn chain_method<'a>(&'a self, out: &mut Breaker<'a>, line_start: bool, unindent: bool) {
        let Expr::Method(receiver, name, args) = self else { return self.tokens(out, line_start) };
        receiver.chain(out, line_start);
        if !(line_start && receiver.is_short_name()) {
            out.zerobreak();
        }
        out.word(".");
        out.word(*name);
        out.cbox(if unindent { -INDENT } else { 0 });
        out.word("(");
        arguments(out, args);
        out.word(")");
        out.end();
    }
}

/// A call's arguments: one array or tuple hugs the parentheses; else a box of them.
fn arguments<'a>(out: &mut Breaker<'a>, args: &'a [Expr]) {
    if let [one @ (Expr::Array(_) | Expr::Tuple(_))] = args {
        return one.tokens(out, false);
    }
    out.cbox(INDENT);
    out.zerobreak();
    for (index, arg) in args.iter().enumerate() {
        arg.tokens(out, false);
        out.trailing_comma(index + 1 == args.len());
    }
    out.offset(-INDENT);
    out.end();
}

fn list<'a>(out: &mut Breaker<'a>, open: &'a str, items: &'a [Expr], close: &'a str) {
    out.word(open);
    out.cbox(INDENT);
    out.zerobreak();
    for (index, item) in items.iter().enumerate() {
        item.tokens(out, false);
        out.trailing_comma(index + 1 == items.len());
    }
    out.offset(-INDENT);
    out.end();
    out.word(close);
}

impl Stmt {
    pub fn flat(&self, out: &mut String) {
        match self {
            Stmt::Let(pattern, init) => {
                out.push_str(&format!("let {pattern} = "));
                init.flat(out);
                out.push(';');
            }
            Stmt::Assign(place, value) => {
                place.flat(out);
                out.push_str(" = ");
                value.flat(out);
                out.push(';');
            }
            Stmt::Semi(expr) => {
                expr.flat(out);
                out.push(';');
            }
            Stmt::Tail(expr) => expr.flat(out),
            Stmt::IfLet(pattern, value, body) => {
                out.push_str("if let ");
                pattern.flat(out);
                out.push_str(" = ");
                value.flat(out);
                out.push(' ');
                block_flat(out, body);
            }
            Stmt::Block(body) => block_flat(out, body),
            Stmt::Code(code) => out.push_str(code),
        }
    }

    /// Whether every statement in it is one this module lays out.
    pub fn is_plain(&self) -> bool {
        match self {
            Stmt::Let(_, expr) | Stmt::Semi(expr) | Stmt::Tail(expr) => expr.is_plain(),
            Stmt::Assign(place, value) => place.is_plain() && value.is_plain(),
            Stmt::IfLet(_, value, body) => value.is_plain() && body.iter().all(Stmt::is_plain),
            Stmt::Block(body) => body.iter().all(Stmt::is_plain),
            Stmt::Code(_) => false,
        }
    }

    /// The statement laid out from a line's start at `indent`, or `None` for code this module
    /// does not lay out.
    pub fn lay_out(&self, indent: usize) -> Option<String> {
        if !self.is_plain() {
            return None;
        }
        let mut out = Breaker::default();
        self.tokens(&mut out);
        let mut text = out.lay_out_verbatim(indent)?;
        if text.ends_with('\n') {
            text.pop();
        }
        Some(text)
    }

    /// The tokens prettyplease makes of the statement, up to the line break that ends it.
    pub fn tokens<'a>(&'a self, out: &mut Breaker<'a>) {
        out.ibox(0);
        match self {
            Stmt::Let(pattern, init) => {
                out.word("let ");
                out.word(*pattern);
                out.word(" = ");
                out.neverbreak();
                init.tokens(out, false);
                out.end();
                out.word(";");
                out.hardbreak();
                return;
            }
            Stmt::Assign(place, value) => {
                out.ibox(0);
                place.tokens(out, false);
                out.word(" = ");
                out.neverbreak();
                value.tokens(out, false);
                out.end();
                out.word(";");
            }
            Stmt::Semi(expr) => {
                expr.tokens(out, true);
                out.word(";");
            }
            Stmt::Tail(expr) => expr.tokens(out, true),
            Stmt::IfLet(pattern, value, body) => {
                out.cbox(INDENT);
                out.word("if ");
                out.cbox(-INDENT);
                out.cbox(0);
                out.ibox(0);
                out.word("let ");
                out.ibox(0);
                pattern.tokens(out);
                out.end();
                out.word(" = ");
                out.neverbreak();
                out.ibox(0);
                value.tokens(out, false);
                out.end();
                out.end();
                if value.wraps_before_brace() {
                    out.space();
                } else {
                    out.word(" ");
                }
                out.end();
                out.end();
                if body.is_empty() {
                    out.word("{}");
                } else {
                    out.word("{");
                    out.hardbreak();
                    for stmt in body {
                        stmt.tokens(out);
                    }
                    out.offset(-INDENT);
                    out.word("}");
                }
                out.end();
            }
            Stmt::Block(body) => {
                out.cbox(INDENT);
                block_tokens(out, body);
                out.end();
            }
            // Never reached: `lay_out` checks `is_plain` first.
            Stmt::Code(_) => {}
        }
        out.end();
        out.hardbreak();
    }
}

/// `{ statements }` on one line.
pub fn block_flat(out: &mut String, body: &[Stmt]) {
    out.push_str("{ ");
    for stmt in body {
        stmt.flat(out);
        out.push(' ');
    }
    out.push('}');
}

/// A block of statements as prettyplease prints a block expression (its `small_block`): a
/// block of one value without `;` keeps it on the block's line where it fits.
fn block_tokens<'a>(out: &mut Breaker<'a>, body: &'a [Stmt]) {
    out.word("{");
    if !body.is_empty() {
        out.space();
        match body {
            [Stmt::Tail(value)] => {
                out.ibox(0);
                value.tokens(out, true);
                out.end();
                out.space();
            }
            _ => body.iter().for_each(|stmt| stmt.tokens(out)),
        }
        out.offset(-INDENT);
    }
    out.word("}");
}

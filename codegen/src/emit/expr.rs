//! The few Rust expressions and statements an operation's impls are made of, written as text:
//! flat (to be parsed into tokens when the impl is left to prettyplease), or laid out in lines
//! with the boxes and breaks prettyplease gives each construct (see `emit::breaks`), so the
//! laid-out text is what prettyplease would have printed.

use crate::breaks::Breaker;

const INDENT: isize = 4;

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
}

pub enum Stmt {
    /// `let pattern = init;`
    Let(&'static str, Expr),
    /// `place = value;`
    Assign(Expr, Expr),
    /// `expr;`
    Semi(Expr),
    /// The block's value.
    Tail(Expr),
    /// A statement this module does not lay out (a `match`, a closure, a call's method): the
    /// whole impl is then left to prettyplease.
    Opaque(Box<Stmt>),
    /// Code, flat (inside an `Opaque` statement).
    Code(String),
}

impl Stmt {
    /// The statement, left to prettyplease.
    pub fn opaque(self) -> Stmt {
        Stmt::Opaque(Box::new(self))
    }
}

pub fn word(text: impl Into<String>) -> Expr {
    Expr::Word(text.into())
}

pub fn call(path: impl Into<String>, args: Vec<Expr>) -> Expr {
    Expr::Call(path.into(), args)
}

/// A string literal, escaped as proc-macro2 writes it.
pub fn string(value: &str) -> Expr {
    Expr::Word(proc_macro2::Literal::string(value).to_string())
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

    pub fn to_flat(&self) -> String {
        let mut out = String::new();
        self.flat(&mut out);
        out
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
        }
    }

    /// A single word that is a name of at most four characters (`self`, `body`): prettyplease
    /// keeps `.field` and `.method(` on its line at the start of a statement.
    fn is_short_name(&self) -> bool {
        matches!(self, Expr::Word(word) if word.len() <= INDENT as usize && word.chars().all(|c| c.is_alphanumeric() || c == '_'))
    }

    /// The tokens prettyplease makes of the expression; `line_start` when it starts a statement.
    fn tokens(&self, out: &mut Breaker, line_start: bool) {
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
                out.word(format!("{path}("));
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
        }
    }

    /// A field or method call as the receiver of another: in its box, not a new one.
    fn chain(&self, out: &mut Breaker, line_start: bool) {
        match self {
            Expr::Field(base, name) => {
                base.chain(out, line_start);
                if !(line_start && base.is_short_name()) {
                    out.zerobreak();
                }
                out.word(format!(".{name}"));
            }
            Expr::Method(..) => self.chain_method(out, line_start, false),
            other => other.tokens(out, line_start),
        }
    }

    fn chain_method(&self, out: &mut Breaker, line_start: bool, unindent: bool) {
        let Expr::Method(receiver, name, args) = self else { return self.tokens(out, line_start) };
        receiver.chain(out, line_start);
        if !(line_start && receiver.is_short_name()) {
            out.zerobreak();
        }
        out.word(format!(".{name}"));
        out.cbox(if unindent { -INDENT } else { 0 });
        out.word("(");
        arguments(out, args);
        out.word(")");
        out.end();
    }
}

/// A call's arguments: one array or tuple hugs the parentheses; else a box of them.
fn arguments(out: &mut Breaker, args: &[Expr]) {
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

fn list(out: &mut Breaker, open: &str, items: &[Expr], close: &str) {
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
            Stmt::Opaque(stmt) => stmt.flat(out),
            Stmt::Code(code) => out.push_str(code),
        }
    }

    /// The statement laid out from a line's start at `indent`, or `None` for code this module
    /// does not lay out.
    pub fn lay_out(&self, indent: usize) -> Option<String> {
        let mut out = Breaker::default();
        out.ibox(0);
        match self {
            Stmt::Let(pattern, init) => {
                out.word(format!("let {pattern} = "));
                out.neverbreak();
                init.tokens(&mut out, false);
                out.end();
                out.word(";");
                return Some(out.lay_out(indent));
            }
            Stmt::Assign(place, value) => {
                out.ibox(0);
                place.tokens(&mut out, false);
                out.word(" = ");
                out.neverbreak();
                value.tokens(&mut out, false);
                out.end();
                out.word(";");
            }
            Stmt::Semi(expr) => {
                expr.tokens(&mut out, true);
                out.word(";");
            }
            Stmt::Tail(expr) => expr.tokens(&mut out, true),
            Stmt::Opaque(_) | Stmt::Code(_) => return None,
        }
        out.end();
        Some(out.lay_out(indent))
    }
}

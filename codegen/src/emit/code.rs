//! The few Rust expressions, statements and match arms the emitter's impls are made of, as
//! values: built by the emitter, written flat here (to be parsed into tokens when an impl is left
//! to prettyplease), and laid out as prettyplease prints them by `emit::expr` (expressions and
//! statements) and `emit::arms` (a match's arms and patterns).

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
    pub(super) fn is_short_name(&self) -> bool {
        matches!(self, Expr::Word(word) if word.len() <= INDENT as usize && word.chars().all(|c| c.is_alphanumeric() || c == '_'))
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

pub enum Pat {
    /// A literal or `_`: or-patterns of these fill their lines.
    Lit(String),
    /// A path or a binding: or-patterns with one put each case on its line once they break.
    Path(String),
    /// `Path(patterns)`.
    Call(String, Vec<Pat>),
    /// `(patterns)`, of two or more.
    Tuple(Vec<Pat>),
    /// `a | b`.
    Or(Vec<Pat>),
}

pub struct Arm {
    pub pat: Pat,
    pub body: Body,
}

pub enum Body {
    Value(Expr),
    Block(Vec<Stmt>),
}

impl Pat {
    pub fn flat(&self, out: &mut String) {
        let list = |out: &mut String, items: &[Pat], separator: &str| {
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push_str(separator);
                }
                item.flat(out);
            }
        };
        match self {
            Pat::Lit(text) | Pat::Path(text) => out.push_str(text),
            Pat::Call(path, items) => {
                out.push_str(path);
                out.push('(');
                list(out, items, ", ");
                out.push(')');
            }
            Pat::Tuple(items) => {
                out.push('(');
                list(out, items, ", ");
                out.push(')');
            }
            Pat::Or(cases) => list(out, cases, " | "),
        }
    }
}

impl Arm {
    pub fn flat(&self, out: &mut String) {
        self.pat.flat(out);
        out.push_str(" => ");
        match &self.body {
            Body::Value(value) => {
                value.flat(out);
                out.push(',');
            }
            Body::Block(body) => block_flat(out, body),
        }
    }

    pub fn is_plain(&self) -> bool {
        match self.shown() {
            Shown::Value(value) => value.is_plain(),
            // An `if` alone in a block is the arm's value, which `Expr` does not write.
            Shown::Block([Stmt::IfLet(..)]) => false,
            Shown::Block(body) => body.iter().all(Stmt::is_plain),
        }
    }

    /// What prettyplease prints after `=>`: a block that holds one value without `;` is that
    /// value, and a block that holds only a block is that block.
    pub(super) fn shown(&self) -> Shown<'_> {
        let mut shown = match &self.body {
            Body::Value(value) => Shown::Value(value),
            Body::Block(body) => Shown::Block(body),
        };
        while let Shown::Block(body) = shown {
            shown = match body {
                [Stmt::Tail(value)] => Shown::Value(value),
                [Stmt::Block(inner)] => Shown::Block(inner),
                _ => break,
            };
        }
        shown
    }
}

/// What prettyplease prints after an arm's `=>` (see [`Arm::shown`]).
#[derive(Clone, Copy)]
pub(super) enum Shown<'a> {
    Value(&'a Expr),
    Block(&'a [Stmt]),
}

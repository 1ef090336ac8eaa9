//! A `match`'s arms and their patterns, as text: flat, or as the boxes and breaks prettyplease
//! gives them (its `arm`, `pat_or`, `pat_tuple_struct`, `pat_tuple`), so that a `match` laid out
//! by `emit::expr` reads as prettyplease prints it.

use super::expr::{block_flat, Expr, Stmt, INDENT};
use crate::breaks::Breaker;

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

    pub fn tokens<'a>(&'a self, out: &mut Breaker<'a>) {
        match self {
            Pat::Lit(text) | Pat::Path(text) => out.word(text.as_str()),
            Pat::Call(path, items) => {
                out.word(path.as_str());
                elements(out, items);
            }
            Pat::Tuple(items) => elements(out, items),
            Pat::Or(cases) => {
                if cases.iter().all(|case| matches!(case, Pat::Lit(_))) {
                    out.ibox(0);
                } else {
                    out.cbox(0);
                }
                for (index, case) in cases.iter().enumerate() {
                    if index > 0 {
                        out.space();
                        out.word("| ");
                    }
                    case.tokens(out);
                }
                out.end();
            }
        }
    }
}

/// `(a, b)` after a tuple struct's path, or a tuple's: a box of them, broken all together.
fn elements<'a>(out: &mut Breaker<'a>, items: &'a [Pat]) {
    out.word("(");
    out.cbox(INDENT);
    out.zerobreak();
    for (index, item) in items.iter().enumerate() {
        item.tokens(out);
        out.trailing_comma(index + 1 == items.len());
    }
    out.offset(-INDENT);
    out.end();
    out.word(")");
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
    fn shown(&self) -> Shown<'_> {
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

    /// As prettyplease's `arm`: a value goes on the arm's line where it fits, else into braces
    /// on lines of its own; a block's statements go on lines of their own.
    pub fn tokens<'a>(&'a self, out: &mut Breaker<'a>) {
        out.ibox(0);
        self.pat.tokens(out);
        out.word(" => ");
        match self.shown() {
            Shown::Value(value) => {
                out.neverbreak();
                out.cbox(INDENT);
                out.break_around(Some('{'), None, "", 0);
                value.tokens(out, true);
                let semicolon = value.takes_semicolon().then_some(';');
                let comma = value.needs_comma_as_arm().then_some(',');
                out.break_around(semicolon, comma, "}", -INDENT);
                out.end();
            }
            Shown::Block(body) => {
                out.word("{");
                out.neverbreak();
                out.cbox(INDENT);
                if !body.is_empty() {
                    out.hardbreak();
                }
                body.iter().for_each(|stmt| stmt.tokens(out));
                out.offset(-INDENT);
                out.end();
                out.word("}");
            }
        }
        out.end();
    }
}

#[derive(Clone, Copy)]
enum Shown<'a> {
    Value(&'a Expr),
    Block(&'a [Stmt]),
}

/// `match scrutinee {` or `if let ... = value {`: the expression and the space before `{`,
/// breakable after the expressions prettyplease wraps there (its `expr_condition`).
pub fn condition<'a>(out: &mut Breaker<'a>, scrutinee: &'a Expr) {
    out.cbox(0);
    scrutinee.tokens(out, false);
    if scrutinee.wraps_before_brace() {
        out.space();
    } else {
        out.word(" ");
    }
    out.end();
}

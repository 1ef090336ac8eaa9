//! Expressions and statements (`emit::code`) laid out in lines with the boxes and breaks
//! prettyplease gives each construct (see `breaks`), so the laid-out text is what prettyplease
//! would have printed. A match's arms and patterns are laid out by `emit::arms`.

use super::code::{Expr, Stmt, INDENT};
use crate::breaks::Breaker;

impl Expr {
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

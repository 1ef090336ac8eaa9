//! A `match`'s arms and their patterns (`emit::code`) laid out with the boxes and breaks
//! prettyplease gives them (its `arm`, `pat_or`, `pat_tuple_struct`, `pat_tuple`), so that a
//! `match` laid out by `emit::expr` reads as prettyplease prints it.

use super::code::{Arm, Pat, Shown, INDENT};
use crate::breaks::Breaker;

impl Pat {
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

//! Where a statement's lines break, decided as prettyplease decides them (Oppen's algorithm:
//! boxes of breaks, each box laid out flat when it fits in what is left of the line, else broken),
//! so that code the emitter lays out as text reads exactly as the formatter would print it.
//!
//! The emitter describes a statement as prettyplease does (`emit::expr` says which boxes and
//! breaks each construct makes); this module only measures and prints. Boxes without a break in
//! them change nothing and are left out. A leaf both stages share: a definition's member too
//! long for its line is broken here whether the emitter or the render stage lays it out.

use std::borrow::Cow;

/// prettyplease's line width and the least room it leaves after a deep indentation.
const MARGIN: isize = 89;
const MIN_SPACE: isize = 60;

#[derive(Clone, Copy, PartialEq)]
enum Breaks {
    /// All the box's breaks break, or none.
    Consistent,
    /// Each break breaks only when what follows it up to the next does not fit.
    Inconsistent,
}

/// A break's blank when it always breaks (a statement's end): no box holding it fits.
const HARD: usize = 0xffff;

enum Token<'a> {
    Word(Cow<'a, str>),
    /// Code on one line that prettyplease would break inside where it does not fit (a closure,
    /// a macro's tokens): the layout holds only where it fits.
    Verbatim(Cow<'a, str>),
    Break(Break),
    Begin {
        offset: isize,
        breaks: Breaks,
    },
    End,
}

#[derive(Clone, Copy, Default)]
struct Break {
    blank: usize,
    offset: isize,
    never: bool,
    /// Written before the line break when it breaks (a list's trailing `,`, a match arm's `{`).
    pre: Option<char>,
    /// Written at the start of the new line when it breaks (a match arm's closing `}`).
    post: &'static str,
    /// Written instead when it does not break (a match arm's `,`).
    flat: Option<char>,
}

/// One statement's tokens, laid out from the start of a line at a given indentation. Its
/// words are borrowed where they can be (from the expressions `emit::expr` lays out).
#[derive(Default)]
pub struct Breaker<'a> {
    tokens: Vec<Token<'a>>,
}

impl<'a> Breaker<'a> {
    pub fn word(&mut self, word: impl Into<Cow<'a, str>>) {
        self.tokens.push(Token::Word(word.into()));
    }

    pub fn verbatim(&mut self, code: impl Into<Cow<'a, str>>) {
        self.tokens.push(Token::Verbatim(code.into()));
    }

    /// A box whose breaks all break together; `indent` is added to the lines it breaks into.
    pub fn cbox(&mut self, indent: isize) {
        self.tokens.push(Token::Begin { offset: indent, breaks: Breaks::Consistent });
    }

    pub fn ibox(&mut self, indent: isize) {
        self.tokens.push(Token::Begin { offset: indent, breaks: Breaks::Inconsistent });
    }

    /// Ends the last box. A box that holds nothing but one break is dropped, as prettyplease
    /// drops it (the empty argument list of `f()`).
    pub fn end(&mut self) {
        if let [.., Token::Begin { .. }, Token::Break(_)] = self.tokens.as_slice() {
            self.tokens.truncate(self.tokens.len() - 2);
            return;
        }
        self.tokens.push(Token::End);
    }

    fn push_break(&mut self, blank: usize, pre: Option<char>, never: bool) {
        self.tokens.push(Token::Break(Break { blank, pre, never, ..Break::default() }));
    }

    pub fn zerobreak(&mut self) {
        self.push_break(0, None, false);
    }

    pub fn space(&mut self) {
        self.push_break(1, None, false);
    }

    pub fn neverbreak(&mut self) {
        self.push_break(0, None, true);
    }

    /// The end of a statement or of a match arm: always a new line.
    pub fn hardbreak(&mut self) {
        self.push_break(HARD, None, false);
    }

    /// A break that writes `pre` before the line break, or `flat` where it does not break,
    /// and `post` at the start of the new line (around a match arm's value: `{`, `,`, `}`).
    pub fn break_around(&mut self, pre: Option<char>, flat: Option<char>, post: &'static str, offset: isize) {
        self.tokens.push(Token::Break(Break { offset, pre, flat, post, ..Break::default() }));
    }

    /// After a list's element: `, ` and a break, or for the last a break that writes `,` when
    /// it breaks.
    pub fn trailing_comma(&mut self, is_last: bool) {
        if is_last {
            self.push_break(0, Some(','), false);
        } else {
            self.word(",");
            self.space();
        }
    }

    /// Moves the line after the last break by `offset` (a list's closing bracket, back out).
    pub fn offset(&mut self, offset: isize) {
        if let Some(Token::Break(at)) = self.tokens.last_mut() {
            at.offset += offset;
        }
    }

    /// The width of each token up to the next break outside the boxes it opens (a box, what it
    /// holds and what follows it on the line): what must fit for it to stay on the line.
    fn sizes(&self) -> Vec<isize> {
        let width = |token: &Token| match token {
            Token::Word(word) | Token::Verbatim(word) => word.len() as isize,
            Token::Break(at) => at.blank as isize,
            Token::Begin { .. } | Token::End => 0,
        };
        // The next break at each depth, found walking back from the end.
        let mut sizes = vec![0; self.tokens.len()];
        let mut after = vec![0isize; self.tokens.len() + 1];
        for index in (0..self.tokens.len()).rev() {
            after[index] = after[index + 1] + width(&self.tokens[index]);
        }
        for (index, token) in self.tokens.iter().enumerate() {
            sizes[index] = match token {
                Token::Word(word) => word.len() as isize,
                Token::End => 0,
                // As the box prettyplease opens around it: it and what follows it on the line.
                Token::Break(_) | Token::Begin { .. } | Token::Verbatim(_) => {
                    let mut depth = if matches!(token, Token::Begin { .. }) { 1 } else { 0 };
                    let mut next = self.tokens.len();
                    for (later, token) in self.tokens.iter().enumerate().skip(index + 1) {
                        match token {
                            Token::Begin { .. } => depth += 1,
                            Token::End => depth -= 1,
                            Token::Break(_) if depth <= 0 => {
                                next = later;
                                break;
                            }
                            _ => {}
                        }
                    }
                    after[index] - after[next]
                }
            };
        }
        sizes
    }

    /// The statement laid out from a line's start at `indent` (the line's own indentation not
    /// written), its lines ending in `\n`. Verbatim code is written as it is, even where it
    /// does not fit.
    pub fn lay_out(&self, indent: usize) -> String {
        self.print(indent).0
    }

    /// The statement laid out, or `None` where prettyplease would break inside verbatim code.
    pub fn lay_out_verbatim(&self, indent: usize) -> Option<String> {
        let (text, verbatim_fits) = self.print(indent);
        verbatim_fits.then_some(text)
    }

    fn print(&self, indent: usize) -> (String, bool) {
        let mut verbatim_fits = true;
        let sizes = self.sizes();
        let mut out = String::with_capacity(256);
        let mut space = MARGIN - indent as isize;
        let mut current = indent as isize;
        // Each open box: whether it broke, and the indentation to go back to at its end.
        let mut frames: Vec<(Option<Breaks>, isize)> = Vec::new();
        let mut pending = 0usize;
        for (token, &size) in self.tokens.iter().zip(&sizes) {
            match token {
                Token::Word(word) | Token::Verbatim(word) => {
                    if matches!(token, Token::Verbatim(_)) && size > space {
                        verbatim_fits = false;
                    }
                    out.extend(std::iter::repeat_n(' ', pending));
                    pending = 0;
                    out.push_str(word);
                    space -= word.len() as isize;
                }
                Token::Begin { offset, breaks } => {
                    if size > space {
                        frames.push((Some(*breaks), current));
                        current += offset;
                    } else {
                        frames.push((None, current));
                    }
                }
                Token::End => {
                    if let Some((_, before)) = frames.pop() {
                        current = before;
                    }
                }
                Token::Break(at) => {
                    // Outside every box of the statement: the statement's line, broken as a
                    // block's statements are.
                    let top = frames.last().map_or(Some(Breaks::Inconsistent), |frame| frame.0);
                    let fits = at.never
                        || match top {
                            None => true,
                            Some(Breaks::Consistent) => false,
                            Some(Breaks::Inconsistent) => size <= space,
                        };
                    if fits {
                        pending += at.blank;
                        space -= at.blank as isize;
                        // As prettyplease writes it: before the pending blanks.
                        if let Some(flat) = at.flat {
                            out.push(flat);
                            space -= 1;
                        }
                    } else {
                        if let Some(pre) = at.pre {
                            out.extend(std::iter::repeat_n(' ', pending));
                            out.push(pre);
                        }
                        out.push('\n');
                        let indent = current + at.offset;
                        pending = indent as usize;
                        space = (MARGIN - indent).max(MIN_SPACE);
                        if !at.post.is_empty() {
                            out.extend(std::iter::repeat_n(' ', pending));
                            pending = 0;
                            out.push_str(at.post);
                            space -= at.post.len() as isize;
                        }
                    }
                }
            }
        }
        (out, verbatim_fits)
    }
}

/// A struct's field (`pub name: Type`) or an enum's variant (`Name`, `Name(Type)`), as a
/// definition's line holds it.
pub struct Member {
    /// `pub name: ` or the variant's name.
    pub head: String,
    /// The type on one line (`words::one_line`), and whether it is a tuple variant's.
    pub ty: Option<(String, bool)>,
}

impl Member {
    /// The member on one line, without its comma.
    pub fn flat(&self) -> String {
        match &self.ty {
            None => self.head.clone(),
            Some((ty, false)) => crate::words::concat(&[&self.head, ty]),
            Some((ty, true)) => crate::words::concat(&[&self.head, "(", ty, ")"]),
        }
    }

    /// The member and its comma laid out from a line's start at `indent` (its first line's
    /// indentation not written): where the line does not fit, a variant's parentheses and the
    /// type's generic arguments break as prettyplease breaks them. `None` for a type other than
    /// paths and generic arguments.
    pub fn lay_out(&self, indent: usize) -> Option<String> {
        let mut out = Breaker::default();
        out.word(self.head.as_str());
        match &self.ty {
            None => {}
            Some((ty, false)) => type_tokens(&mut out, ty)?,
            Some((ty, true)) => {
                out.cbox(4);
                out.word("(");
                out.zerobreak();
                type_tokens(&mut out, ty)?;
                out.trailing_comma(true);
                out.offset(-4);
                out.word(")");
                out.end();
            }
        }
        out.word(",");
        Some(out.lay_out(indent))
    }
}

/// A type written on one line (`Option<Vec<T>>`, `Map<K, V>`) as prettyplease prints a path's
/// generic arguments: a box of them after each `<`, broken all together, each then on its own
/// line with a trailing comma. `None` for anything else in it (a reference, a lifetime).
fn type_tokens(out: &mut Breaker<'_>, ty: &str) -> Option<()> {
    let mut word = String::new();
    let mut depth = 0usize;
    let mut chars = ty.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                word.push('<');
                out.word(std::mem::take(&mut word));
                out.cbox(4);
                out.zerobreak();
                depth += 1;
            }
            ',' if depth > 0 && chars.next_if_eq(&' ').is_some() => {
                out.word(std::mem::take(&mut word));
                out.trailing_comma(false);
            }
            '>' if depth > 0 => {
                out.word(std::mem::take(&mut word));
                out.trailing_comma(true);
                out.offset(-4);
                out.end();
                word.push('>');
                depth -= 1;
            }
            c if c.is_alphanumeric() || matches!(c, '_' | ':' | '#') => word.push(c),
            _ => return None,
        }
    }
    out.word(word);
    (depth == 0).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call<'a>(breaker: &mut Breaker<'a>, name: &str, args: &[&'a str]) {
        breaker.word(format!("{name}("));
        breaker.cbox(4);
        breaker.zerobreak();
        for (index, arg) in args.iter().enumerate() {
            breaker.word(*arg);
            breaker.trailing_comma(index + 1 == args.len());
        }
        breaker.offset(-4);
        breaker.end();
        breaker.word(")");
    }

    #[test]
    fn a_list_that_fits_stays_on_its_line() {
        let mut breaker = Breaker::default();
        call(&mut breaker, "f", &["a", "b"]);
        breaker.word(";");
        assert_eq!(breaker.lay_out(8), "f(a, b);");
    }

    #[test]
    fn a_list_that_does_not_fit_puts_each_element_on_a_line_with_a_trailing_comma() {
        let long = "x".repeat(50);
        let mut breaker = Breaker::default();
        call(&mut breaker, "function", &[&long, &long]);
        breaker.word(";");
        assert_eq!(breaker.lay_out(4), format!("function(\n        {long},\n        {long},\n    );"));
    }

    /// Fields and tuple variants of types nested up to three deep, with names 1 to 90
    /// characters long: as prettyplease prints them in a struct and an enum.
    #[test]
    fn members_read_as_prettyplease_prints_them() {
        for length in 1..=90 {
            let name = "n".repeat(length);
            let types = [
                format!("crate::{name}"),
                format!("Option<crate::m::{name}>"),
                format!("::indexmap::IndexMap<String, Vec<crate::{name}>>"),
                format!("Option<Vec<Option<Box<crate::{}>>>>", &name[..length.min(30)]),
                format!("::std::option::Option<::indexmap::IndexMap<::std::string::String, crate::{name}>>"),
                format!("serde_json::Map<String, serde_json::Value{}>", "").replace("Value", &format!("V{name}")),
            ];
            for ty in &types {
                for (head, tuple) in
                    [(format!("pub {name}: "), false), ("pub a: ".to_owned(), false), (format!("V{name}"), true), ("V".to_owned(), true)]
                {
                    let member = Member { head, ty: Some((ty.clone(), tuple)) };
                    let (open, item) = if tuple { ("pub enum E {", "E") } else { ("pub struct S {", "S") };
                    let flat = format!("{open} {}, }}", member.flat());
                    let printed = prettyplease::unparse(&syn::parse_str(&flat).expect("parses"));
                    let laid_out = format!("{open}\n    {}\n}}\n", member.lay_out(4).expect("laid out"));
                    assert_eq!(laid_out, printed, "{item}: {}", member.flat());
                }
            }
        }
    }

    #[test]
    fn a_reference_is_not_laid_out() {
        let member = Member { head: "pub a: ".to_owned(), ty: Some(("&'static str".to_owned(), false)) };
        assert!(member.lay_out(4).is_none());
    }

    /// Verbatim code is laid out where prettyplease would keep it whole: it and what follows
    /// it up to the next break fit in what is left of the line.
    #[test]
    fn verbatim_code_is_laid_out_only_where_it_fits() {
        let statement = |indent: usize, length: usize| {
            let closure = format!("|value| ({:?}, value)", "x".repeat(length));
            let mut breaker = Breaker::default();
            breaker.word("f(");
            breaker.cbox(4);
            breaker.zerobreak();
            breaker.verbatim(closure.as_str());
            breaker.trailing_comma(true);
            breaker.offset(-4);
            breaker.end();
            breaker.word(");");
            breaker.lay_out_verbatim(indent)
        };
        let closure = format!("|value| ({:?}, value)", "x".repeat(40));
        assert_eq!(statement(8, 40).as_deref(), Some(format!("f({closure});").as_str()));
        assert_eq!(statement(40, 40).as_deref(), Some(format!("f(\n{}{closure},\n{});", " ".repeat(44), " ".repeat(40)).as_str()));
        assert_eq!(statement(8, 70), None, "too long for its line even broken");
    }

    #[test]
    fn an_empty_list_leaves_no_box() {
        let mut breaker = Breaker::default();
        call(&mut breaker, "f", &[]);
        assert_eq!(breaker.lay_out(0), "f()");
    }
}

//! A definition the emitter writes as text, a line at a time: laid out as prettyplease prints
//! it when every line fits in its margin and every doc is a `///` line (the shapes
//! `render::definitions` reads from tokens), so neither tokens nor the render stage's reading of
//! them are made for it; else lexed into tokens, for prettyplease.

use super::paths::{collect_doc_blocks, laid_out};
use crate::breaks::Member;
use crate::words::MARGIN;
use proc_macro2::TokenStream;
use quote::quote;

/// The attribute that holds a doc block's place, as written for prettyplease (the placeholder
/// as a string literal): written once here rather than formatted for every block.
const DOC_ATTRIBUTE: &str = "#[doc = \"\\u{1}\"]\n";

#[derive(Default)]
pub struct Lines {
    text: String,
    /// Whether a line is too long or a doc is not a `///` line: prettyplease then lays it out.
    for_prettyplease: bool,
    /// The same text with each doc block's placeholder for its `///` lines (`emit::paths::docs`),
    /// and the blocks: what prettyplease is given, so that it does not read every doc line.
    with_placeholders: String,
    blocks: Vec<String>,
}

impl Lines {
    pub fn line(&mut self, indent: &str, line: &str) {
        if indent.len() + line.len() > MARGIN {
            self.for_prettyplease = true;
        }
        for text in [&mut self.text, &mut self.with_placeholders] {
            text.push_str(indent);
            text.push_str(line);
            text.push('\n');
        }
    }

    /// A struct's field or an enum's variant and its comma: on its line, or where that is too
    /// long, broken as prettyplease breaks it (`breaks::Member`); a type it does not break
    /// leaves the definition to prettyplease.
    pub fn member(&mut self, indent: &str, member: Member) {
        if let Some((ty, _)) = &member.ty {
            self.check_type(ty);
        }
        let flat = member.flat();
        if indent.len() + flat.len() < MARGIN {
            return self.line(indent, &(flat + ","));
        }
        match member.lay_out(indent.len()) {
            Some(text) => self.line_unchecked(indent, &text),
            None => self.line(indent, &(flat + ",")),
        }
    }

    /// Lines laid out already, however long.
    fn line_unchecked(&mut self, indent: &str, text: &str) {
        for out in [&mut self.text, &mut self.with_placeholders] {
            out.push_str(indent);
            out.push_str(text);
            out.push('\n');
        }
    }

    /// A type on one line: paths, generics and references only (prettyplease may break any
    /// other, and what it breaks is its to lay out).
    fn check_type(&mut self, ty: &str) {
        if !ty.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '<' | '>' | ',' | ' ' | '&' | '\'' | '#')) {
            self.for_prettyplease = true;
        }
    }

    /// Doc lines as `emit::paths::docs` writes them and prettyplease prints them: `///`, and a
    /// space and the line without its trailing spaces; a line with a line break in it keeps the
    /// attribute (prettyplease prints it as a block comment).
    pub fn docs(&mut self, indent: &str, lines: &[String]) {
        if lines.iter().any(|line| line.contains('\n')) {
            self.for_prettyplease = true;
            for line in lines {
                let text = if line.is_empty() { String::new() } else { format!(" {line}") };
                self.line(indent, &format!("#[doc = {}]", proc_macro2::Literal::string(&text)));
            }
            return;
        }
        if !lines.is_empty() {
            self.with_placeholders.push_str(indent);
            self.with_placeholders.push_str(DOC_ATTRIBUTE);
            self.blocks.push(lines.join("\n"));
        }
        for line in lines {
            self.text.push_str(indent);
            self.text.push_str("///");
            let line = line.trim_end_matches(' ');
            if !line.is_empty() {
                self.text.push(' ');
                self.text.push_str(line);
            }
            self.text.push('\n');
        }
    }

    /// The text, when it is laid out as prettyplease prints it.
    pub fn laid_out(&self) -> Option<&str> {
        (!self.for_prettyplease).then_some(self.text.as_str())
    }

    /// The definition: laid out as it is, or its tokens for prettyplease.
    pub fn tokens(self) -> TokenStream {
        if self.laid_out().is_some() {
            return laid_out(self.text, |text| lex(&text));
        }
        match collect_doc_blocks(self.blocks) {
            true => lex(&self.with_placeholders),
            false => lex(&self.text),
        }
    }
}

/// An item already laid out as the render stage would (a runtime macro line): its text, or
/// its tokens where the file's blocks are not collected.
pub fn laid_out_item(text: String) -> TokenStream {
    laid_out(text, |text| lex(&text))
}

fn lex(text: &str) -> TokenStream {
    text.parse().unwrap_or_else(|error| {
        let message = format!("generator bug: a definition written as text does not lex ({error}): {text}");
        quote!(compile_error!(#message);)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_doc_attribute_holds_the_placeholder() {
        assert_eq!(super::DOC_ATTRIBUTE, format!("#[doc = {:?}]\n", crate::docs::DOC_PLACEHOLDER));
    }
}

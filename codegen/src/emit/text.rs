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

pub struct Lines {
    text: String,
    /// Whether a line is too long or a doc is not a `///` line: prettyplease then lays it out.
    for_prettyplease: bool,
    /// Where each doc block's `///` lines are in `text`, and their indentation: what
    /// prettyplease is given has a placeholder there (`emit::paths::docs`), so that it does not
    /// read every doc line.
    doc_blocks: Vec<(std::ops::Range<usize>, usize)>,
}

impl Default for Lines {
    /// Room for a definition of a few fields and their docs: grown a byte at a time, a crate's
    /// definitions were reallocated and copied a hundred thousand times.
    fn default() -> Self {
        Lines { text: String::with_capacity(2048), for_prettyplease: false, doc_blocks: Vec::new() }
    }
}

impl Lines {
    pub fn line(&mut self, indent: &str, line: &str) {
        if indent.len() + line.len() > MARGIN {
            self.for_prettyplease = true;
        }
        self.line_unchecked(indent, line);
    }

    /// A struct's field or an enum's variant and its comma: on its line, or where that is too
    /// long, broken as prettyplease breaks it (`breaks::Member`); a type it does not break
    /// leaves the definition to prettyplease.
    pub fn member(&mut self, indent: &str, member: Member) {
        if let Some((ty, _)) = &member.ty {
            self.check_type(ty);
        }
        let mut flat = member.flat();
        flat.push(',');
        if indent.len() + flat.len() <= MARGIN {
            return self.line(indent, &flat);
        }
        match member.lay_out(indent.len()) {
            Some(text) => self.line_unchecked(indent, &text),
            None => self.line(indent, &flat),
        }
    }

    /// Lines laid out already, however long.
    fn line_unchecked(&mut self, indent: &str, text: &str) {
        self.text.push_str(indent);
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// A line that holds a type on one line (`pub type Name = Type;`): see [`Lines::check_type`].
    pub fn line_with_type(&mut self, indent: &str, line: &str, ty: &str) {
        self.check_type(ty);
        self.line(indent, line);
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
        let start = self.text.len();
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
        if !lines.is_empty() {
            self.doc_blocks.push((start..self.text.len(), indent.len()));
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
        // Each block's lines as `///` lines hold them: as the render stage fills them in, with
        // their trailing spaces trimmed.
        let mut with_placeholders = String::with_capacity(self.text.len());
        let mut blocks = Vec::with_capacity(self.doc_blocks.len());
        let mut done = 0;
        for (span, indent) in &self.doc_blocks {
            with_placeholders.push_str(&self.text[done..span.start]);
            with_placeholders.push_str(&self.text[span.start..span.start + indent]);
            with_placeholders.push_str(DOC_ATTRIBUTE);
            let lines = self.text[span.clone()].lines().map(|line| {
                let line = &line[indent + "///".len()..];
                line.strip_prefix(' ').unwrap_or(line)
            });
            blocks.push(lines.collect::<Vec<_>>().join("\n"));
            done = span.end;
        }
        with_placeholders.push_str(&self.text[done..]);
        match collect_doc_blocks(blocks) {
            true => lex(&with_placeholders),
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
    /// A definition left to prettyplease (a line too long) with its docs as placeholders
    /// prints as with its docs as attributes: the blocks are its `///` lines.
    #[test]
    fn docs_left_to_prettyplease_read_as_written() {
        let lines = || {
            let mut lines = super::Lines::default();
            lines.docs("", &["First line.  ".to_owned(), String::new(), "  Indented.".to_owned()]);
            lines.line("", "pub struct S {");
            lines.docs("    ", &["A field.".to_owned()]);
            lines.line("    ", &format!("pub {}: u8,", "a".repeat(90)));
            lines.line("", "}");
            lines
        };
        assert!(lines().laid_out().is_none(), "the long line leaves it to prettyplease");
        let (tokens, blocks) = super::super::paths::collect_docs(|| lines().tokens());
        assert_eq!(blocks, ["First line.\n\n  Indented.", "A field."]);
        let filled = crate::render::format(tokens, &blocks).expect("formats");
        let attributes = crate::render::format(lines().tokens(), &[]).expect("formats");
        assert_eq!(filled, attributes);
        assert!(filled.contains("/// First line.\n///\n///   Indented.\npub struct S {\n    /// A field.\n"), "{filled}");
    }

    #[test]
    fn the_doc_attribute_holds_the_placeholder() {
        assert_eq!(super::DOC_ATTRIBUTE, format!("#[doc = {:?}]\n", crate::docs::DOC_PLACEHOLDER));
    }
}

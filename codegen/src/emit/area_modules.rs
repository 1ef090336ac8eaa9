//! The areas module: one module per API area (a cargo feature) that re-exports the area's
//! types. Each area's module is written as text, as prettyplease prints it; for the OpenAI spec
//! the file was a quarter of what syn still read.

use super::paths::{ident, laid_out};
use crate::breaks::Breaker;
use crate::ir::Model;
use proc_macro2::TokenStream;
use quote::quote;

/// The name of the module that lists the types by area: `areas`, unless a schema has it.
pub fn areas_module(model: &Model) -> String {
    ["areas", "api_areas", "__areas"].into_iter().find(|name| model.modules.iter().all(|m| m.name != *name)).unwrap_or("__areas").to_owned()
}

/// The crate docs' part on features.
pub(super) fn areas_doc(model: &Model) -> String {
    let names: Vec<String> = model.areas.features.iter().map(|f| format!("`{}`", f.name)).collect();
    let example = model.areas.features.iter().map(|f| f.name.as_str()).find(|name| *name != crate::areas::OTHER).unwrap_or(crate::areas::OTHER);
    format!(
        "\n\n# Features\n\nEach API area is a cargo feature, and a type compiles when an area that uses it is on; \
         `default` turns them all on. To compile only what you use, depend on the crate with \
         `default-features = false, features = [\"{example}\"]` (for example). Each type's docs name its \
         features, and the module [`{}`] lists the types of each area.\n\nThe features: {}.",
        areas_module(model),
        names.join(", ")
    )
}

/// The tokens of the areas module: one module per area that re-exports its types.
pub fn areas(model: &Model) -> TokenStream {
    let mut by_area: Vec<Vec<usize>> = vec![Vec::new(); model.areas.features.len()];
    for (module, list) in model.areas.modules.iter().enumerate().filter(|(module, _)| model.modules[*module].parent.is_none()) {
        list.iter().for_each(|&area| by_area[area].push(module));
    }
    let mut names = crate::naming::Scope::default();
    let modules = model.areas.features.iter().zip(&by_area).map(|(feature, modules)| {
        let name = &feature.name;
        let module = ident(&names.claim(crate::naming::snake(name)));
        let mut types: Vec<&str> = modules.iter().map(|&m| model.types[model.modules[m].root].name.as_str()).collect();
        types.sort_unstable();
        let sources: Vec<String> = feature.sources.iter().map(|s| format!("`{s}`")).collect();
        let what = if sources.is_empty() {
            "The types that no operation and no `x-oaiMeta.group` of the spec uses".to_owned()
        } else {
            format!("The types of the API area `{name}` (in the spec: {})", sources.join(", "))
        };
        let count = match types.len() {
            1 => "1 type".to_owned(),
            n => format!("{n} types"),
        };
        let doc = format!(" {what}, behind the crate feature `{name}`: {count} and the types nested in them.");
        let tokens = || {
            let types = types.iter().map(|name| ident(name));
            quote! {
                #[cfg(feature = #name)]
                pub mod #module {
                    #![doc = #doc]
                    pub use crate::{#(#types),*};
                }
            }
        };
        match module_text(name, &module.to_string(), &doc, &types) {
            Some(text) => laid_out(text, |_| tokens()),
            None => tokens(),
        }
    });
    quote! {
        //! The crate's types by API area, one module per cargo feature. Each type also stays at
        //! the crate root.
        #(#modules)*
    }
}

/// An area's module as prettyplease prints it, or `None` when its doc would not be a `//!` line.
fn module_text(feature: &str, module: &str, doc: &str, types: &[&str]) -> Option<String> {
    if doc.contains('\n') {
        return None;
    }
    let feature = proc_macro2::Literal::string(feature);
    let mut text = format!("#[cfg(feature = {feature})]\npub mod {module} {{\n    //!{}\n    ", doc.trim_end_matches(' '));
    text.push_str(&use_line(types).lay_out(4));
    text.push_str("\n}\n");
    Some(text)
}

/// `pub use crate::{A, B};` in prettyplease's boxes: the names fill each line, and when they
/// do not fit on the first, they go on lines of their own, with a trailing comma. One name is
/// written without braces.
fn use_line<'a>(types: &[&'a str]) -> Breaker<'a> {
    let mut out = Breaker::default();
    match types {
        [] => out.word("pub use crate::{};"),
        [one] => out.word(format!("pub use crate::{one};")),
        _ => {
            out.word("pub use crate::");
            out.cbox(4);
            out.word("{");
            out.zerobreak();
            out.ibox(0);
            for (index, name) in types.iter().enumerate() {
                out.word(*name);
                if index + 1 < types.len() {
                    out.word(",");
                    out.space();
                }
            }
            out.end();
            out.trailing_comma(true);
            out.offset(-4);
            out.word("}");
            out.end();
            out.word(";");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lists of every length up to 40 names, of names 1 to 40 characters long: as prettyplease
    /// prints the module.
    #[test]
    fn an_area_module_reads_as_prettyplease_prints_it() {
        for length in 1..=40 {
            for count in 0..=40 {
                let names: Vec<String> = (0..count).map(|index| format!("T{index}{}", "x".repeat(length))).collect();
                let types: Vec<&str> = names.iter().map(String::as_str).collect();
                let doc = format!(" The types of `area{length}`.  ");
                let text = module_text("area-x", "area_x", &doc, &types).expect("laid out");
                let types = types.iter().map(|name| ident(name));
                let tokens = quote! {
                    #[cfg(feature = "area-x")]
                    pub mod area_x {
                        #![doc = #doc]
                        pub use crate::{#(#types),*};
                    }
                };
                assert_eq!(text, prettyplease::unparse(&syn::parse2(tokens).expect("parses")), "{count} names of {length}");
            }
        }
    }
}

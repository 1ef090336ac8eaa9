//! The end of `lib.rs`: every top-level module declared and its root type re-exported, each
//! behind its feature gate, laid out here as text rather than emitted as tokens.
//!
//! It is a tenth of the OpenAI crate's code, in lines of two shapes, which prettyplease
//! formatted on one thread while the other did the rest. The lines are what prettyplease
//! printed, and a gate too long for its margin is broken as rustfmt breaks an attribute.

use crate::ir::Model;
use std::fmt::Write;

/// The margin the other generated lines keep (prettyplease's).
const MARGIN: usize = 89;

/// `#[cfg(feature = "chat")]` `pub mod chat_completion;` for each top-level module, then the same
/// gate and `pub use chat_completion::ChatCompletion;` for each.
pub fn module_list(model: &Model) -> String {
    let top: Vec<(usize, &crate::ir::Module)> = model.modules.iter().enumerate().filter(|(_, m)| m.parent.is_none()).collect();
    let gates: Vec<String> = top.iter().map(|(index, _)| gate(model, *index)).collect();
    let mut text = String::new();
    for ((_, module), gate) in top.iter().zip(&gates) {
        let _ = writeln!(text, "{gate}pub mod {};", module.name);
    }
    for ((_, module), gate) in top.iter().zip(&gates) {
        let _ = writeln!(text, "{gate}pub use {}::{};", module.name, model.types[module.root].name);
    }
    text
}

/// The `#[cfg]` line of a module, and its newline (none for a crate without areas).
pub fn gate(model: &Model, module: usize) -> String {
    gate_line(&model.areas.of(module).collect::<Vec<_>>())
}

/// The `#[cfg]` line of a module in these features, and its newline (none for no feature).
fn gate_line(names: &[&str]) -> String {
    let features: Vec<String> = names.iter().map(|name| format!("feature = {name:?}")).collect();
    match features.as_slice() {
        [] => String::new(),
        [one] => format!("#[cfg({one})]\n"),
        many => {
            let line = format!("#[cfg(any({}))]\n", many.join(", "));
            if line.len() - 1 <= MARGIN {
                return line;
            }
            format!("#[cfg(any(\n{}))]\n", many.iter().map(|feature| format!("    {feature},\n")).collect::<String>())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::gate_line;

    #[test]
    fn a_gate_is_one_line_within_the_margin_and_one_feature_to_a_line_past_it() {
        assert_eq!(gate_line(&[]), "");
        assert_eq!(gate_line(&["chat"]), "#[cfg(feature = \"chat\")]\n");
        assert_eq!(gate_line(&["chat", "responses"]), "#[cfg(any(feature = \"chat\", feature = \"responses\"))]\n");
        let long = gate_line(&["conversations", "evals", "responses", "vector-stores"]);
        assert_eq!(
            long,
            "#[cfg(any(\n    feature = \"conversations\",\n    feature = \"evals\",\n    feature = \"responses\",\n    feature = \"vector-stores\",\n))]\n"
        );
    }
}

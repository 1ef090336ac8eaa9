//! Stage 2: the resolved graph ([`Graph`]) the model stage reads instead of the document.
//!
//! Every schema becomes owned data in one canonical shape, and every schema `$ref` the id of the
//! component it names (module `schemas`); every other `$ref` of the document (parameters, bodies,
//! responses, headers, examples, links, callbacks; in paths, callbacks, webhooks and components)
//! is checked against the component it names (module `document`); components that are only another
//! name for themselves are rejected (module `cycles`). Each error points at the `$ref` (or schema) it
//! is about, and all of them are reported in one run, beside the load stage's (text that does not
//! parse, other files, fields of the wrong type). What neither stage rejects, the model stage
//! models: an unsupported construct is a warning there, not an error here.

mod cycles;
mod document;
pub mod graph;
mod schemas;

pub use graph::Graph;

use crate::error::{Diagnostic, Diagnostics};

// The stages name places with these through this module.
pub use crate::pointer::{escape, unescape, SCHEMA_PREFIX};

/// The document, its graph, and what was set aside on the way.
pub struct Resolved {
    /// The document as loaded without its component schemas (the graph holds them), for what the
    /// graph does not model: tags, extensions.
    pub doc: openapiv3::OpenAPI,
    pub graph: Graph,
    pub warnings: Vec<Diagnostic>,
}

pub fn resolve(document: crate::load::Document, source: &str) -> Result<Resolved, Diagnostics> {
    let document::Walked { graph, rest, mut errors, warnings } = document::walk(document);
    errors.extend(cycles::alias_cycles(&graph));
    if errors.is_empty() {
        Ok(Resolved { doc: rest, graph, warnings })
    } else {
        Err(Diagnostics { source: source.to_owned(), errors })
    }
}

/// The component name a reference points to, if it is a local schema reference.
pub fn target(reference: &str) -> Option<String> {
    reference.strip_prefix(SCHEMA_PREFIX).filter(|name| !name.contains('/')).map(unescape)
}

#[cfg(test)]
mod tests;

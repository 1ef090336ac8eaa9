//! Where a schema sits: its module, the name its type would get there, and its JSON pointer.
//!
//! A nested type is named from the path that leads to it inside its component schema
//! (`RealtimeResponse.audio.output` → `AudioOutput` in module `realtime_response`), and is keyed
//! by its pointer, so a schema reached twice (through `allOf`) is generated once, in the module
//! where it is written.

use crate::pointer::escape;
use crate::resolve::graph::{Node, Schema, SchemaId};

#[derive(Debug, Clone)]
pub struct Place {
    pub module: usize,
    /// Words of the nested type's name, outermost first; empty for the component itself.
    pub path: Vec<String>,
    pub pointer: String,
}

impl Place {
    /// A child schema under `segment` (`properties/foo`), named with `word` appended.
    pub fn child(&self, segment: &str, word: Option<&str>) -> Place {
        let mut path = self.path.clone();
        path.extend(word.map(str::to_owned));
        Place { module: self.module, path, pointer: format!("{}/{segment}", self.pointer) }
    }

    pub fn property(&self, name: &str) -> Place {
        self.child(&format!("properties/{}", escape(name)), Some(name))
    }
}

/// A schema of the graph as the model stage holds it: a component, or a schema written in place
/// (a [`Node`], or the inline schema of an operation's body, which no node holds).
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(SchemaId),
    Item(&'a Schema),
}

impl<'a> From<&'a Node> for SchemaRef<'a> {
    fn from(node: &'a Node) -> Self {
        match node {
            Node::Ref(id) => SchemaRef::Ref(*id),
            Node::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

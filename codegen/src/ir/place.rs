//! Where a schema sits: its module, the name its type would get there, and its JSON pointer.
//!
//! A nested type is named from the path that leads to it inside its component schema
//! (`RealtimeResponse.audio.output` → `AudioOutput` in module `realtime_response`), and is keyed
//! by its pointer, so a schema reached twice (through `allOf`) is generated once, in the module
//! where it is written.

use crate::resolve::escape;
use openapiv3::{ReferenceOr, Schema};

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

/// A schema or a reference to one, whichever box `openapiv3` keeps it in.
#[derive(Debug, Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

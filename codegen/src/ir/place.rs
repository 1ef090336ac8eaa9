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
    /// The words of the nested type's name, outermost first, joined with `_` as its name is
    /// made from them (one string: a place is made for every property, a vector of words was
    /// copied for each); empty for the component itself.
    words: String,
    /// How many words, and where the last starts.
    count: usize,
    last: usize,
    pub pointer: String,
}

impl Place {
    /// The component (or body, or parameter) at `pointer`, named by its module's root.
    pub fn root(module: usize, pointer: String) -> Place {
        Place { module, words: String::new(), count: 0, last: 0, pointer }
    }

    /// A place whose name starts with `word`.
    pub fn named(module: usize, word: &str, pointer: String) -> Place {
        let mut place = Place::root(module, pointer);
        place.push_word(word);
        place
    }

    /// A child schema under `segment` (`properties/foo`), named with `word` appended.
    pub fn child(&self, segment: &str, word: Option<&str>) -> Place {
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + segment.len());
        pointer.push_str(&self.pointer);
        pointer.push('/');
        pointer.push_str(segment);
        let mut child = Place { module: self.module, words: self.words.clone(), count: self.count, last: self.last, pointer };
        if let Some(word) = word {
            child.push_word(word);
        }
        child
    }

    pub fn property(&self, name: &str) -> Place {
        // Written in place: a place is made for every property of every schema, and formatting
        // the segment first was a tenth of building the model.
        let name_escaped = escape(name);
        let mut pointer = String::with_capacity(self.pointer.len() + 12 + name_escaped.len());
        pointer.push_str(&self.pointer);
        pointer.push_str("/properties/");
        pointer.push_str(&name_escaped);
        let mut child = Place {
            module: self.module,
            words: String::with_capacity(self.words.len() + 1 + name.len()),
            count: self.count,
            last: self.last,
            pointer,
        };
        child.words.push_str(&self.words);
        child.push_word(name);
        child
    }

    pub fn push_word(&mut self, word: &str) {
        if self.count > 0 {
            self.words.push('_');
        }
        self.last = self.words.len();
        self.words.push_str(word);
        self.count += 1;
    }

    /// The last word replaced by what `new` makes of it (`None` for a place without words:
    /// the word is then added).
    pub fn replace_last_word(&mut self, new: impl FnOnce(Option<&str>) -> String) {
        if self.count == 0 {
            return self.push_word(&new(None));
        }
        let word = new(Some(&self.words[self.last..]));
        self.words.truncate(self.last);
        self.words.push_str(&word);
    }

    /// The words joined with `_`, or `None` for the component itself.
    pub fn name(&self) -> Option<&str> {
        (self.count > 0).then_some(self.words.as_str())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_place_is_named_by_its_words_joined() {
        let root = Place::root(0, "#/components/schemas/A".to_owned());
        assert_eq!(root.name(), None);
        let output = root.property("audio").property("output_modalities");
        assert_eq!(output.name(), Some("audio_output_modalities"));
        assert_eq!(output.pointer, "#/components/schemas/A/properties/audio/properties/output_modalities");
        let mut items = output.child("items", None);
        items.replace_last_word(|last| format!("{}!", last.unwrap_or("none")));
        assert_eq!(items.name(), Some("audio_output_modalities!"));
        let mut unnamed = root.child("items", None);
        unnamed.replace_last_word(|last| last.unwrap_or("module").to_owned());
        assert_eq!(unnamed.name(), Some("module"));
        // A property named "" still names a nested type (after its parent's words).
        assert_eq!(root.property("").name(), Some(""));
    }
}

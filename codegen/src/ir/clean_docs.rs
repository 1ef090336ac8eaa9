//! The docs of every schema, operation and parameter of the graph, cleaned before the model is
//! built, spread over the machine's cores.
//!
//! Cleaning a description is a Markdown parse (see `crate::docs`), a third of building the model,
//! and the build itself runs on one thread: it looks each text up here instead. A text the walk
//! did not see (none, so far) is cleaned when asked, so a lookup never changes what is built.
//! Texts are told apart by content: a third of them repeat another, and each is cleaned once.

use crate::docs;
use crate::resolve::graph::{Additional, Graph, Kind, Node};
use foldhash::{HashMap, HashMapExt};
use std::marker::PhantomData;

/// A title and a description (a schema's, an operation's summary and description, a
/// parameter's description), by content: a third of the graph's texts repeat another's
/// (`The object type, which is always...`), and each is cleaned once.
type Text<'g> = (Option<&'g str>, Option<&'g str>);

pub(super) struct CleanDocs<'g> {
    /// The lines of each text of the graph, by where its title and description are in memory:
    /// hashing and comparing the texts themselves at each lookup read a megabyte of them again
    /// and again.
    lines: HashMap<(Address, Address), super::Docs>,
    link_base: Option<String>,
    graph: PhantomData<&'g Graph>,
}

/// Where a text is: the graph's texts do not move while the model is built, and two of them
/// that are not empty are never in the same place.
type Address = Option<(usize, usize)>;

fn address((title, description): Text) -> (Address, Address) {
    let at = |text: Option<&str>| text.map(|text| (text.as_ptr() as usize, text.len()));
    (at(title), at(description))
}

type Texts<'g> = Vec<Text<'g>>;

impl<'g> CleanDocs<'g> {
    pub fn new(graph: &'g Graph, link_base: Option<&str>) -> CleanDocs<'g> {
        let mut texts: Texts = Vec::new();
        for component in &graph.components {
            schema_texts(&component.schema, &mut texts);
        }
        for operation in &graph.operations {
            texts.push((operation.summary.as_deref(), operation.description.as_deref()));
            for parameter in &operation.parameters {
                texts.push((None, parameter.description.as_deref()));
                schema_texts(&parameter.schema, &mut texts);
            }
            for content in operation.request.iter().chain(operation.responses.iter().flat_map(|response| &response.content)) {
                schema_texts(&content.schema, &mut texts);
            }
        }
        texts.retain(|&(title, description)| title.is_some() || description.is_some());
        // Each text cleaned once, however often it is written.
        let mut first: HashMap<Text, usize> = HashMap::with_capacity(texts.len());
        let mut unique: Texts = Vec::new();
        let which: Vec<usize> = texts
            .iter()
            .map(|&text| {
                *first.entry(text).or_insert_with(|| {
                    unique.push(text);
                    unique.len() - 1
                })
            })
            .collect();
        let cleaned = crate::cores::map(&unique, |&(title, description)| super::Docs::from(docs::doc_lines(title, description, link_base)));
        let lines = texts.iter().zip(which).map(|(&text, index)| (address(text), cleaned[index].clone())).collect();
        CleanDocs { lines, link_base: link_base.map(str::to_owned), graph: PhantomData }
    }

    /// The doc lines of a title and a description (see `crate::docs::doc_lines`).
    pub fn lines(&self, title: Option<&str>, description: Option<&str>) -> super::Docs {
        match self.lines.get(&address((title, description))) {
            Some(lines) => lines.clone(),
            None => docs::doc_lines(title, description, self.link_base.as_deref()).into(),
        }
    }
}

/// The texts of a schema written in place and of every schema inside it (a reference's are its
/// component's).
fn schema_texts<'g>(node: &'g Node, texts: &mut Texts<'g>) {
    let Node::Item(schema) = node else { return };
    texts.push((schema.title.as_deref(), schema.description.as_deref()));
    match &schema.kind {
        Kind::Object(object) => {
            for (_, property) in &object.properties {
                schema_texts(property, texts);
            }
            if let Some(Additional::Schema(values)) = &object.additional {
                schema_texts(values, texts);
            }
        }
        Kind::Array(Some(items)) => schema_texts(items, texts),
        Kind::OneOf(members) | Kind::AnyOf(members) | Kind::AllOf(members) => members.iter().for_each(|member| schema_texts(member, texts)),
        Kind::String(_) | Kind::Binary | Kind::Integer { .. } | Kind::Number | Kind::Boolean | Kind::Array(None) | Kind::Not | Kind::Any => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::graph::{Component, Object, Schema};

    fn described(description: &str, kind: Kind) -> Node {
        Node::Item(Box::new(Schema { description: Some(description.to_owned()), ..Schema::of(kind) }))
    }

    #[test]
    fn every_text_of_the_graph_is_cleaned_ahead_as_when_asked() {
        let object = Object {
            properties: vec![
                ("a".to_owned(), described("A *field*.", Kind::Array(Some(Box::new(described("An `item`.", Kind::Any)))))),
                ("b".to_owned(), described("A *field*.", Kind::Any)),
            ],
            required: Vec::new(),
            additional: Some(Additional::Schema(Box::new(described("A <value>.", Kind::Any)))),
        };
        let component = Component {
            name: "Root".to_owned(),
            pointer: "#/components/schemas/Root".to_owned(),
            schema: described("The root.", Kind::OneOf(vec![described("One member.", Kind::Object(object))])),
            extensions: Default::default(),
        };
        let graph = Graph { components: vec![component], operations: Vec::new() };
        let clean = CleanDocs::new(&graph, Some("https://example.com"));
        let mut texts = Vec::new();
        schema_texts(&graph.components[0].schema, &mut texts);
        assert_eq!(texts.len(), 6);
        assert_eq!(clean.lines.len(), 6, "each text is cleaned ahead");
        for &(title, description) in &texts {
            assert_eq!(*clean.lines(title, description), docs::doc_lines(title, description, Some("https://example.com")));
        }
        // The field `a` and the field `b` say the same: cleaned once, their lines are shared.
        let fields: Vec<_> = texts.iter().filter(|(_, description)| *description == Some("A *field*.")).collect();
        assert_eq!(fields.len(), 2);
        assert!(std::sync::Arc::ptr_eq(&clean.lines(fields[0].0, fields[0].1), &clean.lines(fields[1].0, fields[1].1)));
        // A text from elsewhere is cleaned when asked.
        assert_eq!(*clean.lines(None, Some("Not *seen*.")), docs::doc_lines(None, Some("Not *seen*."), Some("https://example.com")));
    }
}

//! The resolved graph: what the model stage reads instead of the document.
//!
//! Every schema is owned data in one canonical shape ([`Kind`]), and every schema `$ref` is
//! already the id of the component it names ([`Node::Ref`]), so the model stage never follows a
//! reference string and never meets one that points nowhere. Request bodies and responses that
//! the document keeps in `#/components` are copied into the operations that name them.
//!
//! What is known about cycles: no component is only another name for itself along a chain of
//! `$ref`s and single-member wrappers (the resolve stage rejects those), so following
//! [`Node::Ref`]s from a component always reaches a schema. Recursion through a property, an
//! array or a union member is allowed; the model stage boxes it.

/// Index into [`Graph::components`].
pub type SchemaId = usize;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Graph {
    /// Every component schema, in document order.
    pub components: Vec<Component>,
    /// Every operation of `#/paths`, in document order (the methods of a path in the order of
    /// [`crate::pointer::METHODS`]).
    pub operations: Vec<Operation>,
}

impl Graph {
    /// The schema component `id` is, following the components it is only another name for: with
    /// the component that holds it. Alias chains are acyclic (see the module docs); the bound
    /// only guards a graph built by hand.
    pub fn schema_of(&self, mut id: SchemaId) -> Option<(&Schema, SchemaId)> {
        for _ in 0..=self.components.len() {
            match &self.components.get(id)?.schema {
                Node::Item(schema) => return Some((schema, id)),
                Node::Ref(next) => id = *next,
            }
        }
        None
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    /// Its name in `#/components/schemas`.
    pub name: String,
    /// `#/components/schemas/<name>`, escaped.
    pub pointer: String,
    pub schema: Node,
    /// The schema's `x-` keys (the API area an event belongs to, `x-oaiMeta.group`).
    pub extensions: indexmap::IndexMap<String, serde_json::Value>,
}

/// A schema where one is written: a reference to a component, or the schema itself.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Ref(SchemaId),
    Item(Box<Schema>),
}

impl Node {
    /// A schema that allows anything: what a reference that could not be followed becomes, so
    /// the walk goes on and reports every error in one run.
    pub fn any() -> Node {
        Node::Item(Box::new(Schema::of(Kind::Any)))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub title: Option<String>,
    pub description: Option<String>,
    pub nullable: bool,
    pub deprecated: bool,
    pub discriminator: Option<Discriminator>,
    pub kind: Kind,
}

impl Schema {
    pub fn of(kind: Kind) -> Schema {
        Schema { title: None, description: None, nullable: false, deprecated: false, discriminator: None, kind }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property: String,
    /// Each tag value and the component it selects (entries that name no component are dropped
    /// by the resolve stage, with a warning).
    pub mapping: Vec<(String, SchemaId)>,
}

/// The shape of a schema, one of each: a schema that mixes keywords of several kinds has been
/// given the kind it most nearly is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `type: string`; `enum` values (`None` for a listed `null`), empty when any string is allowed.
    String(Vec<Option<String>>),
    /// `type: string, format: binary`: bytes (a file to upload, a download).
    Binary,
    Integer {
        values: Vec<Option<i64>>,
        int32: bool,
    },
    Number,
    Boolean,
    Object(Object),
    Array(Option<Box<Node>>),
    OneOf(Vec<Node>),
    AnyOf(Vec<Node>),
    AllOf(Vec<Node>),
    /// `not`, which is not modelled (a warning says so).
    Not,
    /// Says nothing about the shape: any value.
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub properties: Vec<(String, Node)>,
    pub required: Vec<String>,
    pub additional: Option<Additional>,
}

/// `additionalProperties`.
#[derive(Debug, Clone, PartialEq)]
pub enum Additional {
    Allowed(bool),
    Schema(Box<Node>),
}

/// An operation and the schemas of its bodies.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub path: String,
    pub method: &'static str,
    pub operation_id: Option<String>,
    /// `#/paths/<path>/<method>`.
    pub pointer: String,
    /// The request body's media types that have a schema.
    pub request: Vec<Content>,
    /// Each response (`200`, `4XX`, `default`, in document order, `default` last).
    pub responses: Vec<Response>,
    /// The path item's parameters and the operation's (which replace a path item's parameter
    /// of the same name and location), path item's first, each in document order.
    pub parameters: Vec<Parameter>,
    /// Whether the request body must be sent.
    pub body_required: bool,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

/// How a parameter's value is written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Simple,
    Label,
    Matrix,
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// A parameter of an operation, with its schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub location: Location,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub style: Style,
    pub explode: bool,
    pub schema: Node,
    /// Where the parameter is written (in the operation, or the component it names).
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: String,
    pub content: Vec<Content>,
}

/// One media type of a body, with its schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub media_type: String,
    pub schema: Node,
    /// Where the schema is written: in the operation, or in the component it names.
    pub pointer: String,
}

//! Operations as values: each operation of the spec is a module of its own under `operations`,
//! whose root type ([`TypeKind::Operation`]) holds everything the call needs (its path, query
//! and header parameters, its body) and says how its answers read. The types a parameter needs
//! (an inline enum such as `order: asc | desc`) are nested in that module, so no name of an
//! operation can collide with a component's.
//!
//! List operations whose answer is a page of items (`data`, `has_more`, a cursor) also get a
//! [`PageDef`]: the emitter writes `call::Page` for the answer's type and `call::Paged` for the
//! operation, so one loop pages through any of them.

use super::build::Builder;
use super::place::{Place, SchemaRef};
use super::{Module, TypeDef, TypeId, TypeKind, TypeRef, OPERATIONS};
use crate::config::Pagination;
use crate::naming::{self, Scope};
use crate::resolve::graph::{self, Graph, Location, Node, Style};
use foldhash::HashMap;

/// One operation of the API.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The `operationId`, or the name made from the method and path when there is none.
    pub id: String,
    /// `get`, `post`, ...
    pub method: &'static str,
    /// The path template without the query some specs write into it (`/responses?beta=true`).
    pub path: String,
    /// The pairs of a query written into the path template, sent first.
    pub fixed_query: Vec<(String, String)>,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub output: Output,
    /// The event of a `text/event-stream` success answer.
    pub events: Option<TypeRef>,
    /// What the first error answer with a JSON body reads into.
    pub error: Option<TypeRef>,
    pub answers: Vec<AnswerRule>,
    /// The query parameter (Rust field name) that takes the next page's cursor.
    pub cursor: Option<String>,
}

impl Operation {
    /// Every type the operation's value and answers name.
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let output = match &self.output {
            Output::Json(ty) => Some(ty),
            _ => None,
        };
        self.params
            .iter()
            .map(|p| &p.ty)
            .chain(self.body.iter().flat_map(|body| body.media.iter().map(|m| &m.ty)))
            .chain(output)
            .chain(&self.events)
            .chain(&self.error)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The field's Rust name.
    pub name: String,
    pub wire: String,
    pub location: Location,
    pub required: bool,
    /// The value's type (the field is `Option` of it when not required).
    pub ty: TypeRef,
    pub docs: super::Docs,
    pub deprecated: bool,
    pub style: Style,
    pub explode: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    /// One entry per media type, in the spec's order.
    pub media: Vec<BodyMedia>,
    /// With several media types: the enum of them, defined in the operation's module.
    pub choice: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BodyMedia {
    pub media_type: String,
    pub encoding: Encoding,
    pub ty: TypeRef,
    /// The variant of [`RequestBody::choice`] (`Json`, `Multipart`).
    pub variant: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Multipart,
    Form,
    /// Bytes or text sent as they are, with the media type.
    Raw,
}

/// What a success answer's body reads into.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    /// No body: kept for specs' operations whose success answers are only event streams.
    None,
    Json(TypeRef),
    /// Not JSON and not text: bytes.
    Bytes,
    Text,
}

/// Which body an answer holds, by status and media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Output,
    Events,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRule {
    /// `200`, `2XX` or `default`.
    pub status: String,
    /// The media type's essence; empty when the answer has no body.
    pub media_type: String,
    pub answer: Answer,
}

/// A list answer read as a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageDef {
    /// The answer's struct.
    pub ty: TypeId,
    /// The field of the items and its element type; whether the field is an `Option`.
    pub items: (String, TypeRef, bool),
    /// The field that says whether there is more, and whether it is an `Option`.
    pub has_more: Option<(String, bool)>,
    pub next: Next,
}

/// Where the next page's cursor comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Next {
    /// A field that holds it (`next_page`, `last_id`), and whether it is an `Option`.
    Field(String, bool),
    /// The `id` field of the last item, and whether it is an `Option`.
    LastItemId(String, bool),
}

/// Adds a module for every operation of the graph. `body_types` gives the type of each body that
/// has a module of its own (inline bodies of operations with an `operationId`), by pointer.
pub(super) fn add<'a>(builder: &mut Builder<'a>, graph: &'a Graph, body_types: &HashMap<String, TypeId>, pagination: &Pagination) {
    let (mut module_names, mut type_names) = (Scope::default(), Scope::default());
    let mut pages: Vec<PageDef> = Vec::new();
    for operation in &graph.operations {
        let id = match &operation.operation_id {
            Some(id) => id.clone(),
            None => {
                let made = format!("{} {}", operation.method, operation.path);
                let message = format!(
                    "this operation has no `operationId`: its type is named from its method and path (`{}`), and its inline bodies get types in its module; give it an `operationId` for stable names",
                    naming::camel(made.split('?').next().unwrap_or(&made))
                );
                builder.warn(&operation.pointer, message);
                made
            }
        };
        let module = builder.modules.len();
        let root = builder.types.len();
        // Named by its id; one made from the method and path leaves out a query in the path.
        let name = type_names.claim(naming::camel(id.split('?').next().unwrap_or(&id)));
        builder.push_scope(&name);
        builder.types.push(TypeDef {
            module,
            name,
            docs: operation_docs(builder, operation),
            deprecated: operation.deprecated,
            kind: TypeKind::Pending,
            default: false,
        });
        builder.modules.push(Module {
            name: module_names.claim(naming::snake(&id)),
            wire: id.clone(),
            root,
            types: vec![root],
            parent: Some(OPERATIONS),
        });

        // Field names: the body's first, then the trait's methods, which a setter would shadow.
        let mut fields = Scope::default();
        for reserved in ["body", "new", "method", "path", "query", "headers", "answer", "read_output", "path_and_query", "set_cursor", "with_body"] {
            fields.try_claim(reserved);
        }
        let mut params = Vec::new();
        for parameter in &operation.parameters {
            if parameter.location == Location::Cookie {
                builder.warn(&parameter.pointer, format!("cookie parameter `{}` is not supported: the call does not send it", parameter.name));
                continue;
            }
            if matches!(parameter.style, Style::Label | Style::Matrix) {
                let style = if parameter.style == Style::Label { "label" } else { "matrix" };
                let message =
                    format!("the `{style}` style of path parameter `{}` is not supported: it is sent in the `simple` style", parameter.name);
                builder.warn(&parameter.pointer, message);
            }
            let place = Place::named(module, &parameter.name, format!("{}/schema", parameter.pointer));
            let resolved = builder.resolve((&parameter.schema).into(), &place, None);
            let description = builder.docs.lines(None, parameter.description.as_deref());
            params.push(Param {
                name: fields.claim(naming::snake(&parameter.name)),
                wire: parameter.name.clone(),
                location: parameter.location,
                required: parameter.required,
                ty: resolved.ty,
                docs: if description.is_empty() { resolved.docs } else { description },
                deprecated: parameter.deprecated || resolved.deprecated,
                style: parameter.style,
                explode: parameter.explode,
            });
        }
        let body = request_body(builder, operation, module, body_types);
        let (output, events, error, answers) = answers(builder, operation, module, body_types);
        let (path, fixed_query) = split_path(&operation.path);
        let cursor = params
            .iter()
            .find(|p| p.location == Location::Query && !p.required && p.ty == TypeRef::String && pagination.cursor_parameters.contains(&p.wire))
            .map(|p| p.name.clone());
        let cursor = match (&cursor, &output) {
            (Some(_), Output::Json(ty)) => match page(builder, ty, pagination) {
                Some(page) => {
                    if !pages.iter().any(|known| known.ty == page.ty) {
                        pages.push(page);
                    }
                    cursor
                }
                None => None,
            },
            _ => None,
        };
        let operation = Operation { id, method: operation.method, path, fixed_query, params, body, output, events, error, answers, cursor };
        builder.types[root].kind = TypeKind::Operation(Box::new(operation));
    }
    builder.pages = pages;
}

/// The operation's docs: its summary and description, then its method and path.
fn operation_docs(builder: &Builder, operation: &graph::Operation) -> super::Docs {
    let mut lines = builder.docs.lines(operation.summary.as_deref(), operation.description.as_deref()).to_vec();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("`{} {}`", operation.method.to_uppercase(), operation.path));
    lines.into()
}

/// A template's path, and the pairs of the query written after it (`/responses?beta=true`).
fn split_path(template: &str) -> (String, Vec<(String, String)>) {
    let Some((path, query)) = template.split_once('?') else { return (template.to_owned(), Vec::new()) };
    let pairs = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => (pair.to_owned(), String::new()),
        })
        .collect();
    (path.to_owned(), pairs)
}

/// The essence of a media type (`application/json; charset=utf-8` → `application/json`).
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or(media_type).trim().to_ascii_lowercase()
}

fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence.ends_with("+json")
}

/// The type of a body's schema: its component's, the type made for it, or one resolved in the
/// operation's module (bodies that are bytes or text, inline bodies of unnamed operations).
fn body_type<'a>(builder: &mut Builder<'a>, content: &'a graph::Content, module: usize, word: &str, body_types: &HashMap<String, TypeId>) -> TypeRef {
    match &content.schema {
        Node::Ref(id) => TypeRef::Named(*id),
        Node::Item(schema) => match body_types.get(&content.pointer) {
            Some(id) => TypeRef::Named(*id),
            None => {
                let place = Place::named(module, word, content.pointer.clone());
                builder.resolve(SchemaRef::Item(schema), &place, None).ty
            }
        },
    }
}

fn request_body<'a>(
    builder: &mut Builder<'a>,
    operation: &'a graph::Operation,
    module: usize,
    body_types: &HashMap<String, TypeId>,
) -> Option<RequestBody> {
    if operation.request.is_empty() {
        return None;
    }
    let mut variants = Scope::default();
    let media: Vec<BodyMedia> = operation
        .request
        .iter()
        .map(|content| {
            let essence = essence(&content.media_type);
            let encoding = match essence.as_str() {
                e if is_json(e) => Encoding::Json,
                "multipart/form-data" => Encoding::Multipart,
                "application/x-www-form-urlencoded" => Encoding::Form,
                _ => Encoding::Raw,
            };
            let ty = body_type(builder, content, module, "body", body_types);
            let word = match encoding {
                Encoding::Json => "Json".to_owned(),
                Encoding::Multipart => "Multipart".to_owned(),
                Encoding::Form => "Form".to_owned(),
                Encoding::Raw => naming::camel(essence.rsplit('/').next().unwrap_or("raw")),
            };
            BodyMedia { media_type: essence, encoding, ty, variant: variants.claim(word) }
        })
        .collect();
    let choice = (media.len() > 1).then(|| {
        let root_name = builder.types[builder.modules[module].root].name.clone();
        builder.claim_type_name(module, format!("{root_name}Body"))
    });
    Some(RequestBody { required: operation.body_required, media, choice })
}

/// What the operation's answers read into, and the rules that pick one by status and media type.
fn answers<'a>(
    builder: &mut Builder<'a>,
    operation: &'a graph::Operation,
    module: usize,
    body_types: &HashMap<String, TypeId>,
) -> (Output, Option<TypeRef>, Option<TypeRef>, Vec<AnswerRule>) {
    let (mut output, mut events, mut error) = (None, None, None);
    let mut rules = Vec::new();
    for response in &operation.responses {
        let success = response.status.starts_with('2');
        if response.content.is_empty() {
            let answer = if success { Answer::Output } else { Answer::Error };
            rules.push(AnswerRule { status: response.status.clone(), media_type: String::new(), answer });
            // A success the spec gives no body may still have one (a download the spec leaves
            // undescribed): it reads as bytes, so nothing that was sent is lost.
            if success && output.is_none() {
                output = Some(Output::Bytes);
            }
        }
        for content in &response.content {
            let essence = essence(&content.media_type);
            let answer = match (success, essence.as_str()) {
                (true, "text/event-stream") => Answer::Events,
                (true, _) => Answer::Output,
                (false, _) => Answer::Error,
            };
            rules.push(AnswerRule { status: response.status.clone(), media_type: essence.clone(), answer });
            match answer {
                Answer::Events if events.is_none() => events = Some(body_type(builder, content, module, "event", body_types)),
                Answer::Output if output.is_none() => {
                    let ty = body_type(builder, content, module, "output", body_types);
                    output = Some(if ty == TypeRef::File || (is_json(&essence) && bare_string(builder, content)) {
                        Output::Bytes
                    } else if is_json(&essence) {
                        Output::Json(ty)
                    } else if essence.starts_with("text/") || ty == TypeRef::String {
                        Output::Text
                    } else {
                        Output::Bytes
                    });
                }
                Answer::Error if error.is_none() && is_json(&essence) => error = Some(body_type(builder, content, module, "error", body_types)),
                _ => {}
            }
        }
    }
    (output.unwrap_or(Output::None), events, error, rules)
}

/// A JSON body that is a bare string (no enum, no format): a JSON API answers a document, so
/// such an answer is a download the spec describes loosely (a file's content). It reads as bytes,
/// which keep any content, where a JSON string would refuse what is not JSON.
fn bare_string(builder: &Builder, content: &graph::Content) -> bool {
    let schema = match &content.schema {
        Node::Item(schema) => Some(&**schema),
        Node::Ref(id) => builder.graph.schema_of(*id).map(|(schema, _)| schema),
    };
    schema.is_some_and(|schema| matches!(&schema.kind, graph::Kind::String(values) if values.is_empty()))
}

/// The page an answer of this type is, when it is a struct with a list of items and a way to the
/// next page.
fn page(builder: &Builder, ty: &TypeRef, pagination: &Pagination) -> Option<PageDef> {
    let id = struct_id(builder, ty)?;
    let TypeKind::Struct(object) = &builder.types[id].kind else { return None };
    let field = |names: &[String]| object.fields.iter().find(|f| names.contains(&f.wire));
    let items = field(&pagination.items)?;
    let item = match &items.ty {
        TypeRef::Vec(inner) => (**inner).clone(),
        _ => return None,
    };
    let has_more = field(&pagination.has_more).filter(|f| f.ty == TypeRef::Bool).map(|f| (f.name.clone(), f.optional()));
    let text = |f: &&super::Field| f.ty == TypeRef::String;
    let next = if let Some(next) = field(&pagination.next).filter(text) {
        Next::Field(next.name.clone(), next.optional())
    } else if let Some(last) = field(&pagination.last_id).filter(text) {
        Next::Field(last.name.clone(), last.optional())
    } else {
        let item_id = struct_id(builder, &item)?;
        let TypeKind::Struct(item_struct) = &builder.types[item_id].kind else { return None };
        let id_field = item_struct.fields.iter().find(|f| f.wire == "id" && f.ty == TypeRef::String)?;
        Next::LastItemId(id_field.name.clone(), id_field.optional())
    };
    Some(PageDef { ty: id, items: (items.name.clone(), item, items.optional()), has_more, next })
}

/// The struct a type is, through aliases and boxes.
fn struct_id(builder: &Builder, ty: &TypeRef) -> Option<TypeId> {
    let mut current = ty.clone();
    for _ in 0..8 {
        match current {
            TypeRef::Box(inner) => current = *inner,
            TypeRef::Named(id) => match &builder.types[id].kind {
                TypeKind::Struct(_) => return Some(id),
                TypeKind::Alias(inner) => current = inner.clone(),
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

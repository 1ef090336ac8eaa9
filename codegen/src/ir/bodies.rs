//! The request and response bodies of operations, and the type each lands in.
//!
//! A body whose schema is a `$ref` lands in that component's type. An inline body gets a type of
//! its own, named from the operation: `{OperationId}Request`, `{OperationId}Response` (with the
//! status for one that is not the first success), `{OperationId}StreamEvent` for the events of a
//! `text/event-stream`. The generator defines those types; conformance tooling finds a payload's
//! type here, so both agree on the names.

use crate::case::upper_camel;
use crate::error::Diagnostic;
use crate::naming::ComponentNames;
use crate::resolve::graph::{Content, Graph, Node, Schema};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Request,
    Response,
    /// One event of a `text/event-stream` response.
    StreamEvent,
}

#[derive(Debug, Clone)]
pub struct Body<'a> {
    pub operation_id: String,
    pub method: &'static str,
    pub path: String,
    pub role: Role,
    /// The response status (`200`, `4XX`, `default`); empty for requests.
    pub status: String,
    pub media_type: String,
    /// The name the payload's type has in the spec: a component, or the synthetic name.
    pub type_name: String,
    /// The inline schema that needs a type of its own; `None` for a `$ref`.
    pub inline: Option<&'a Schema>,
    /// Where the schema is, as a JSON pointer.
    pub pointer: String,
}

/// Every body with a schema, in document order.
pub fn bodies(graph: &Graph) -> Vec<Body<'_>> {
    scan(graph).0
}

/// [`bodies`], and a warning for each operation whose inline bodies get no type: it has no
/// `operationId`, which names them.
pub fn scan(graph: &Graph) -> (Vec<Body<'_>>, Vec<Diagnostic>) {
    let mut names = ComponentNames::new(graph.components.iter().map(|c| c.name.as_str()));
    let mut bodies = Vec::new();
    let mut unnamed = Vec::new();
    for operation in &graph.operations {
        let stem = operation.operation_id.as_deref().map(upper_camel).unwrap_or_default();
        let mut found: Vec<Found> = Vec::new();
        for content in operation.request.iter().filter(|c| structured(&c.media_type)) {
            found.push(Found { role: Role::Request, status: String::new(), content, name: format!("{stem}Request") });
        }
        let mut first_success = true;
        for response in &operation.responses {
            let success = response.status.starts_with('2');
            for content in response.content.iter().filter(|c| structured(&c.media_type)) {
                let (role, suffix) = if content.media_type.starts_with("text/event-stream") {
                    (Role::StreamEvent, "StreamEvent")
                } else {
                    (Role::Response, "Response")
                };
                let name =
                    if success && first_success { format!("{stem}{suffix}") } else { format!("{stem}{suffix}{}", upper_camel(&response.status)) };
                found.push(Found { role, status: response.status.clone(), content, name });
            }
            first_success &= !success;
        }
        let Some(operation_id) = &operation.operation_id else {
            if found.iter().any(|body| matches!(body.content.schema, Node::Item(_))) {
                let message = "this operation has no `operationId`, which names the types of inline bodies: its inline request and response schemas get none (give it an `operationId`, or move them into #/components/schemas)";
                unnamed.push(Diagnostic::new(operation.pointer.clone(), message));
            }
            continue;
        };
        for Found { role, status, content, name } in found {
            let (type_name, inline) = match &content.schema {
                Node::Ref(id) => (graph.components[*id].name.clone(), None),
                Node::Item(schema) => (body_name(&mut names, name, &content.media_type), Some(&**schema)),
            };
            bodies.push(Body {
                operation_id: operation_id.clone(),
                method: operation.method,
                path: operation.path.clone(),
                role,
                status,
                media_type: content.media_type.clone(),
                type_name,
                inline,
                pointer: content.pointer.clone(),
            });
        }
    }
    (bodies, unnamed)
}

/// A body found in an operation, before its type name is settled.
struct Found<'g> {
    role: Role,
    status: String,
    content: &'g Content,
    name: String,
}

/// Media types whose payloads are structured data serde reads: JSON, JSON events, forms.
/// (Audio, images and other bytes have no model.)
fn structured(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or(media_type).trim();
    essence == "application/json"
        || essence.ends_with("+json")
        || essence == "text/event-stream"
        || essence == "multipart/form-data"
        || essence == "application/x-www-form-urlencoded"
}

/// `name`, or, for a second media type of the same body, `name` told apart by its subtype
/// (`...RequestMultipart`), numbered when that is taken too.
fn body_name(names: &mut ComponentNames, name: String, media_type: &str) -> String {
    let subtype = upper_camel(media_type.rsplit('/').next().unwrap_or(media_type));
    let with_subtype = format!("{name}{subtype}");
    names.claim(&[name, with_subtype.clone()], &with_subtype)
}

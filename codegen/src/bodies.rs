//! The request and response bodies of operations, and the type each lands in.
//!
//! A body whose schema is a `$ref` lands in that component's type. An inline body gets a type of
//! its own, named from the operation: `{OperationId}Request`, `{OperationId}Response` (with the
//! status for one that is not the first success), `{OperationId}StreamEvent` for the events of a
//! `text/event-stream`. The generator defines those types; conformance tooling finds a payload's
//! type here, so both agree on the names.

use crate::error::Diagnostic;
use crate::pointer::escape;
use crate::resolve::target;
use heck::ToUpperCamelCase;
use openapiv3::{OpenAPI, Operation, ReferenceOr, RequestBody, Response, Schema};
use std::collections::HashSet;

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
pub fn bodies(doc: &OpenAPI) -> Vec<Body<'_>> {
    scan(doc).0
}

/// [`bodies`], and a warning for each operation whose inline bodies get no type: it has no
/// `operationId`, which names them.
pub fn scan(doc: &OpenAPI) -> (Vec<Body<'_>>, Vec<Diagnostic>) {
    let mut names: HashSet<String> = crate::resolve::component_names(doc).map(str::to_owned).collect();
    let mut bodies = Vec::new();
    let mut unnamed = Vec::new();
    for (path, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, operation) in operations(item) {
            let stem = operation.operation_id.as_deref().map(|id| id.to_upper_camel_case()).unwrap_or_default();
            let base = format!("#/paths/{}/{method}", escape(path));
            let mut found: Vec<Found> = Vec::new();
            if let Some((body, pointer)) = request_body(doc, operation, &base) {
                for (media_type, content) in body.content.iter().filter(|(m, _)| structured(m)) {
                    if let Some(schema) = &content.schema {
                        let pointer = format!("{pointer}/content/{}/schema", escape(media_type));
                        found.push(Found { role: Role::Request, status: String::new(), media_type: media_type.clone(), schema, pointer, name: format!("{stem}Request") });
                    }
                }
            }
            let mut first_success = true;
            for (status, response, pointer) in responses(doc, operation, &base) {
                let success = status.starts_with('2');
                for (media_type, content) in response.content.iter().filter(|(m, _)| structured(m)) {
                    let Some(schema) = &content.schema else { continue };
                    let pointer = format!("{pointer}/content/{}/schema", escape(media_type));
                    let (role, suffix) = if media_type.starts_with("text/event-stream") {
                        (Role::StreamEvent, "StreamEvent")
                    } else {
                        (Role::Response, "Response")
                    };
                    let name = if success && first_success { format!("{stem}{suffix}") } else { format!("{stem}{suffix}{}", status.to_upper_camel_case()) };
                    found.push(Found { role, status: status.clone(), media_type: media_type.clone(), schema, pointer, name });
                }
                first_success &= !success;
            }
            let Some(operation_id) = &operation.operation_id else {
                if found.iter().any(|body| matches!(body.schema, ReferenceOr::Item(_))) {
                    let message = "this operation has no `operationId`, which names the types of inline bodies: its inline request and response schemas get none (give it an `operationId`, or move them into #/components/schemas)";
                    unnamed.push(Diagnostic::new(base, message));
                }
                continue;
            };
            for Found { role, status, media_type, schema, pointer, name } in found {
                let (type_name, inline) = match schema {
                    ReferenceOr::Reference { reference } => match target(reference) {
                        Some(component) => (component, None),
                        None => continue,
                    },
                    ReferenceOr::Item(schema) => (unique(&mut names, name, &media_type), Some(schema)),
                };
                bodies.push(Body {
                    operation_id: operation_id.clone(),
                    method,
                    path: path.clone(),
                    role,
                    status,
                    media_type,
                    type_name,
                    inline,
                    pointer,
                });
            }
        }
    }
    (bodies, unnamed)
}

/// A body found in an operation, before its type name is settled.
struct Found<'d> {
    role: Role,
    status: String,
    media_type: String,
    schema: &'d ReferenceOr<Schema>,
    pointer: String,
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

/// A synthetic name no component and no earlier body has; a second media type of the same body
/// is told apart by its subtype (`...RequestMultipart`).
fn unique(names: &mut HashSet<String>, name: String, media_type: &str) -> String {
    if names.insert(name.clone()) {
        return name;
    }
    let subtype = media_type.rsplit('/').next().unwrap_or(media_type).to_upper_camel_case();
    let mut candidate = format!("{name}{subtype}");
    let mut n = 2;
    while !names.insert(candidate.clone()) {
        candidate = format!("{name}{subtype}{n}");
        n += 1;
    }
    candidate
}

pub use crate::pointer::operations;

fn request_body<'d>(doc: &'d OpenAPI, operation: &'d Operation, base: &str) -> Option<(&'d RequestBody, String)> {
    match operation.request_body.as_ref()? {
        ReferenceOr::Item(body) => Some((body, format!("{base}/requestBody"))),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/requestBodies/")?;
            let body = doc.components.as_ref()?.request_bodies.get(name)?;
            match body {
                ReferenceOr::Item(body) => Some((body, reference.trim_start_matches('#').to_owned())),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn responses<'d>(doc: &'d OpenAPI, operation: &'d Operation, base: &str) -> Vec<(String, &'d Response, String)> {
    let listed = operation.responses.responses.iter().map(|(status, r)| (status.to_string(), r));
    let default = operation.responses.default.iter().map(|r| ("default".to_owned(), r));
    listed
        .chain(default)
        .filter_map(|(status, response)| match response {
            ReferenceOr::Item(response) => {
                let pointer = format!("{base}/responses/{status}");
                Some((status, response, pointer))
            }
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix("#/components/responses/")?;
                match doc.components.as_ref()?.responses.get(name)? {
                    ReferenceOr::Item(response) => Some((status, response, format!("#{}", reference.trim_start_matches('#')))),
                    ReferenceOr::Reference { .. } => None,
                }
            }
        })
        .collect()
}

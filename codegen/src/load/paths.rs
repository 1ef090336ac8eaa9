//! The document's `paths` typed as `openapiv3`'s `Paths`, by hand down to each operation's
//! fields.
//!
//! `openapiv3` types `Paths`, a path item (`ReferenceOr<PathItem>`, untagged), `PathItem` and
//! `Operation` through serde's flattened and untagged fields, each of which buffers the whole
//! subtree beneath it before reading it: every operation of the OpenAI spec was copied four times
//! over before its fields were read, and typing the paths was most of what this core did while
//! the other typed the component schemas. Here those four levels are read once, with the rules
//! of `openapiv3`'s own `Deserialize` (a `$ref` string makes a reference; `null` stands for an
//! absent optional field; only `x-` keys are extensions, other unknown keys are ignored). What
//! an operation's fields hold (parameters, bodies, answers, callbacks) is typed by serde. Where
//! anything would not type, it answers `None`, and the caller types the whole document with
//! serde, for the same result or the error with its place. A test compares both on the fixtures
//! and the OpenAI spec.

use super::schemas::{list, optional, string};
use openapiv3::{Operation, PathItem, Paths, ReferenceOr};
use serde::Deserialize;
use serde_json::{Map, Value};

/// `value` (the document's `paths`) as `Paths`, or `None` when serde must type it.
pub fn paths(value: &Value) -> Option<Paths> {
    let mut paths = Paths::default();
    let map = value.as_object()?;
    // A path item holds its eight operations in place (kilobytes): grown one by one, the map
    // copied them over at each doubling.
    paths.paths.reserve(map.len());
    for (key, value) in map {
        if key.starts_with('/') {
            paths.paths.insert(key.clone(), path_item_or_reference(value)?);
        } else if key.starts_with("x-") {
            paths.extensions.insert(key.clone(), value.clone());
        }
    }
    Some(paths)
}

fn path_item_or_reference(value: &Value) -> Option<ReferenceOr<PathItem>> {
    let map = value.as_object()?;
    // The untagged `ReferenceOr` tries a reference first, which ignores every other key.
    if let Some(reference) = super::files::reference_of(map) {
        return Some(ReferenceOr::Reference { reference: reference.to_owned() });
    }
    path_item(map).map(ReferenceOr::Item)
}

fn path_item(map: &Map<String, Value>) -> Option<PathItem> {
    let mut item = PathItem::default();
    for (key, value) in map {
        let method = match key.as_str() {
            "summary" => {
                item.summary = optional(Some(value), string)?;
                continue;
            }
            "description" => {
                item.description = optional(Some(value), string)?;
                continue;
            }
            "servers" => {
                item.servers = typed(value)?;
                continue;
            }
            "parameters" => {
                item.parameters = typed(value)?;
                continue;
            }
            "get" => &mut item.get,
            "put" => &mut item.put,
            "post" => &mut item.post,
            "delete" => &mut item.delete,
            "options" => &mut item.options,
            "head" => &mut item.head,
            "patch" => &mut item.patch,
            "trace" => &mut item.trace,
            key if key.starts_with("x-") => {
                item.extensions.insert(key.to_owned(), value.clone());
                continue;
            }
            _ => continue,
        };
        *method = optional(Some(value), operation)?;
    }
    Some(item)
}

fn operation(value: &Value) -> Option<Operation> {
    let mut operation = Operation::default();
    let mut responses = None;
    for (key, value) in value.as_object()? {
        match key.as_str() {
            "tags" => operation.tags = list(value, string)?,
            "summary" => operation.summary = optional(Some(value), string)?,
            "description" => operation.description = optional(Some(value), string)?,
            "externalDocs" => operation.external_docs = optional(Some(value), typed)?,
            "operationId" => operation.operation_id = optional(Some(value), string)?,
            "parameters" => operation.parameters = typed(value)?,
            "requestBody" => operation.request_body = optional(Some(value), typed)?,
            "responses" => responses = Some(typed(value)?),
            "callbacks" => operation.callbacks = typed(value)?,
            "deprecated" => operation.deprecated = value.as_bool()?,
            "security" => operation.security = optional(Some(value), typed)?,
            "servers" => operation.servers = typed(value)?,
            key if key.starts_with("x-") => {
                operation.extensions.insert(key.to_owned(), value.clone());
            }
            _ => {}
        }
    }
    // `responses` is required.
    operation.responses = responses?;
    Some(operation)
}

/// A field serde types, read from the value in place (no copy of it is made first).
fn typed<'v, T: Deserialize<'v>>(value: &'v Value) -> Option<T> {
    T::deserialize(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Typed by hand as serde types it, or left to serde where serde refuses it.
    fn as_serde_types(value: Value) -> bool {
        let by_serde = serde_json::from_value::<Paths>(value.clone()).ok();
        let by_hand = paths(&value);
        assert!(by_serde.is_some() || by_hand.is_none(), "typed by hand what serde refuses: {value}");
        by_hand.is_some_and(|by_hand| Some(by_hand) == by_serde)
    }

    #[test]
    fn paths_are_typed_by_hand_as_serde_types_them() {
        let responses = json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}});
        let operation = json!({
            "tags": ["a"], "summary": "S", "description": null, "operationId": "op", "deprecated": true,
            "externalDocs": {"url": "https://example.com"}, "security": null, "servers": [{"url": "/v1"}],
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}, {"$ref": "#/components/parameters/P"}],
            "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
            "responses": responses, "callbacks": {}, "x-meta": {"a": [1]}, "unknown": 1
        });
        let typed = [
            json!({"/a": {"get": operation, "post": null, "summary": "s", "parameters": [], "x-e": true, "other": 1, "$ref": 5}}),
            json!({"/b": {"$ref": "#/components/pathItems/B", "get": "ignored"}, "x-paths": 1, "not-a-path": {}}),
            json!({}),
        ];
        for value in typed {
            assert!(as_serde_types(value.clone()), "not typed by hand: {value}");
        }
        // What serde refuses is left to it, for its error.
        let refused = [
            json!({"/a": {"get": {"summary": "no responses"}}}),
            json!({"/a": {"get": {"responses": {}, "tags": [1]}}}),
            json!({"/a": {"get": {"responses": {}, "deprecated": null}}}),
            json!({"/a": {"summary": 1}}),
            json!({"/a": null}),
            json!([]),
        ];
        for value in refused {
            assert!(!as_serde_types(value.clone()), "typed: {value}");
        }
    }
}

//! Webhooks (OpenAPI 3.1) are not part of the 3.0 model `openapiv3` reads, so without this step
//! the schemas written inline in them would be dropped without a word, and a webhooks-only
//! document would generate nothing. The inline schema of each webhook's request body (the payload
//! the API sends) becomes a component, named like an operation's body (`{OperationId}Request`,
//! the webhook's name when there is no `operationId`), and the webhook refers to it. A body that
//! is already a `$ref` needs nothing: its component is generated anyway.

use super::Bundle;
use crate::naming::ComponentNames;
use crate::pointer::SCHEMA_PREFIX;
use crate::pointer::{escape, METHODS};
use serde_json::{Map, Value};

/// Moves the inline request body schemas of `webhooks` into `components/schemas`.
pub fn lift(bundle: &mut Bundle) {
    if !bundle.value.get("webhooks").is_some_and(Value::is_object) {
        return; // a malformed `webhooks` is left for the typed document to report
    }
    let Some(Value::Object(mut webhooks)) = bundle.value.get_mut("webhooks").map(Value::take) else { return };
    let components = bundle.value.pointer("/components/schemas").and_then(Value::as_object);
    let mut names = ComponentNames::new(components.into_iter().flat_map(|schemas| schemas.keys().map(String::as_str)));
    let mut lifted = Vec::new();
    for (webhook, item) in webhooks.iter_mut() {
        for method in METHODS {
            let Some(operation) = item.get_mut(method) else { continue };
            let stem = crate::case::upper_camel(operation.get("operationId").and_then(Value::as_str).unwrap_or(webhook));
            let Some(Value::Object(content)) = operation.pointer_mut("/requestBody/content") else { continue };
            for (media_type, media) in content.iter_mut() {
                let Some(schema) = media.get_mut("schema") else { continue };
                if !schema.is_object() || schema.get("$ref").is_some() {
                    continue;
                }
                let wanted = format!("{stem}Request");
                let name = names.claim(std::slice::from_ref(&wanted), &wanted);
                let origin = format!("#/webhooks/{}/{method}/requestBody/content/{}/schema", escape(webhook), escape(media_type));
                let reference = Value::Object(Map::from_iter([("$ref".to_owned(), Value::String(format!("{SCHEMA_PREFIX}{}", escape(&name))))]));
                lifted.push((name, std::mem::replace(schema, reference), origin));
            }
        }
    }
    if let Some(root) = bundle.value.as_object_mut() {
        root.insert("webhooks".to_owned(), Value::Object(webhooks));
    }
    for (name, schema, origin) in lifted {
        if let Some(schemas) = schemas(&mut bundle.value) {
            schemas.insert(name.clone(), schema);
        }
        bundle.add_origin(format!("{SCHEMA_PREFIX}{}", escape(&name)), origin);
    }
}

/// `components/schemas`, made when missing.
fn schemas(doc: &mut Value) -> Option<&mut Map<String, Value>> {
    let components = doc.as_object_mut()?.entry("components").or_insert_with(|| Value::Object(Map::new()));
    components.as_object_mut()?.entry("schemas").or_insert_with(|| Value::Object(Map::new())).as_object_mut()
}

/// Adds the component schema `name`: a union of every webhook's payload (the schemas their request
/// bodies name), dispatched on `type` when each payload's `type` is one constant, so a webhook of
/// any kind reads into one type. An error when `name` is already a component schema.
pub fn union(value: &mut Value, name: &str) -> Vec<crate::error::Diagnostic> {
    let pointer = format!("{SCHEMA_PREFIX}{}", escape(name));
    if value.pointer(pointer.trim_start_matches('#')).is_some() {
        return vec![crate::error::Diagnostic::new(pointer, format!("webhook_union `{name}` is already a component schema of the spec"))];
    }
    let mut members: Vec<String> = Vec::new();
    for item in value.get("webhooks").and_then(Value::as_object).into_iter().flat_map(Map::values) {
        for method in METHODS {
            let contents = item.pointer(&format!("/{method}/requestBody/content")).and_then(Value::as_object);
            for reference in contents.into_iter().flat_map(Map::values).filter_map(|media| media.pointer("/schema/$ref")?.as_str()) {
                if reference.starts_with(SCHEMA_PREFIX) && !members.iter().any(|m| m == reference) {
                    members.push(reference.to_owned());
                }
            }
        }
    }
    if members.is_empty() {
        return Vec::new();
    }
    // `type: {enum: [one value]}` on every member: the tag. Otherwise the union tries its members.
    let tag = |reference: &str| {
        let values = value.pointer(&format!("{}/properties/type/enum", reference.trim_start_matches('#')))?.as_array()?;
        match values.as_slice() {
            [Value::String(tag)] => Some(tag.clone()),
            _ => None,
        }
    };
    let tags: Option<Vec<String>> = members.iter().map(|m| tag(m)).collect();
    let one_of: Vec<Value> = members.iter().map(|m| serde_json::json!({ "$ref": m })).collect();
    let mut schema = serde_json::json!({
        "description": "Any webhook event the API sends, read by its `type`; an event of a type this crate does not know is kept as `Unknown`.",
        "oneOf": one_of,
    });
    if let Some(tags) = tags.filter(|tags| tags.iter().collect::<std::collections::BTreeSet<_>>().len() == tags.len()) {
        let mapping: Map<String, Value> = tags.into_iter().zip(&members).map(|(tag, m)| (tag, Value::String(m.clone()))).collect();
        schema["discriminator"] = serde_json::json!({ "propertyName": "type", "mapping": mapping });
    }
    if let Some(schemas) = schemas(value) {
        schemas.insert(name.to_owned(), schema);
    }
    Vec::new()
}

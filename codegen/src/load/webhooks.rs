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
use heck::ToUpperCamelCase;
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
            let stem = operation.get("operationId").and_then(Value::as_str).unwrap_or(webhook).to_upper_camel_case();
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

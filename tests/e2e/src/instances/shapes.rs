//! Schemas in the two shapes the instance generator walks: a plain schema, or a pure union.
//!
//! - `allOf` is merged into one schema: the parts' `properties` (a later part's property
//!   over an earlier one's), `required` lists joined, other keywords of the later part; `$ref`
//!   parts resolved. `nullable` stays only as the schema itself says (a part that says
//!   `nullable: true` does not make the others allow `null`).
//! - A union beside object keywords (`properties`, `required`, a `type`), as in
//!   `{type: object, properties: {...}, anyOf: [{required: [a]}, {required: [b]}]}`, becomes a
//!   pure union whose members are each merged with those keywords.

use serde_json::{Map, Value};
use std::borrow::Cow;

const MAX_DEPTH: usize = 8;

/// `schema` as a plain schema or a pure union (see the module docs).
pub fn normalize<'v>(schemas: &Map<String, Value>, schema: &'v Value, depth: usize) -> Cow<'v, Value> {
    let Some(object) = schema.as_object() else { return Cow::Borrowed(schema) };
    if depth > MAX_DEPTH || object.contains_key("$ref") {
        return Cow::Borrowed(schema);
    }
    let mut merged = match object.get("allOf").and_then(Value::as_array) {
        Some(parts) => {
            let mut base = object.clone();
            base.remove("allOf");
            for part in parts {
                let part = resolve(schemas, part, depth);
                if let Value::Object(part) = normalize(schemas, &part, depth + 1).into_owned() {
                    merge_into(&mut base, part);
                }
            }
            if !base.contains_key("type") && (base.contains_key("properties") || base.contains_key("required")) {
                base.insert("type".into(), "object".into());
            }
            Cow::Owned(Value::Object(base))
        }
        None => Cow::Borrowed(schema),
    };
    let union_key = ["oneOf", "anyOf"].into_iter().find(|k| merged.get(*k).is_some());
    let object_keywords = ["properties", "required", "additionalProperties"].iter().any(|k| merged.get(*k).is_some())
        || merged.get("type").and_then(Value::as_str) == Some("object");
    if let (Some(key), true) = (union_key, object_keywords) {
        let Some(Value::Object(whole)) = Some(merged.to_mut()) else { return merged };
        let members = whole.remove(key).and_then(|m| m.as_array().cloned()).unwrap_or_default();
        let nullable = whole.remove("nullable");
        let base: Map<String, Value> = whole
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "description" | "title" | "discriminator"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        // The `required` of members that say nothing else: in a `oneOf`, a member must not hold
        // what another one requires.
        let constraint = |member: &Value| {
            let only_required = member.as_object().is_some_and(|m| m.keys().all(|k| matches!(k.as_str(), "required" | "description" | "title")));
            let required = member.get("required").and_then(Value::as_array).cloned().unwrap_or_default();
            if only_required {
                required
            } else {
                Vec::new()
            }
        };
        let members: Vec<Value> = members
            .iter()
            .enumerate()
            .map(|(i, member)| {
                if member.get("type").and_then(Value::as_str) == Some("null") {
                    return member.clone();
                }
                let member = resolve(schemas, member, depth);
                let mut out = base.clone();
                let own = constraint(&member);
                if let Value::Object(member) = normalize(schemas, &member, depth + 1).into_owned() {
                    merge_into(&mut out, member);
                }
                if key == "oneOf" {
                    let others: Vec<Value> = members.iter().enumerate().filter(|(j, _)| *j != i).flat_map(|(_, m)| constraint(m)).collect();
                    if let Some(Value::Object(properties)) = out.get_mut("properties") {
                        properties.retain(|name, _| own.contains(&Value::String(name.clone())) || !others.contains(&Value::String(name.clone())));
                    }
                }
                Value::Object(out)
            })
            .collect();
        let mut union = Map::new();
        union.insert(key.into(), Value::Array(members));
        if let Some(nullable) = nullable {
            union.insert("nullable".into(), nullable);
        }
        return Cow::Owned(Value::Object(union));
    }
    merged
}

/// The schema a `$ref` names (the schema itself when it is not one).
fn resolve(schemas: &Map<String, Value>, schema: &Value, depth: usize) -> Value {
    match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")).and_then(|n| schemas.get(n)) {
        Some(target) if depth <= MAX_DEPTH => resolve(schemas, target, depth + 1),
        _ => schema.clone(),
    }
}

/// `part` into `base`: properties joined (the part's over the base's), `required` joined, the
/// part's other keywords over the base's (but `nullable`, `description`, `title`).
fn merge_into(base: &mut Map<String, Value>, part: Map<String, Value>) {
    for (key, value) in part {
        match (key.as_str(), base.get_mut(&key), value) {
            ("nullable" | "description" | "title" | "x-oaiMeta", _, _) => {}
            ("properties", Some(Value::Object(mine)), Value::Object(theirs)) => {
                // A property both declare must hold both schemas: the later one, unless it allows
                // `null` and the earlier does not.
                for (name, property) in theirs {
                    let kept = match mine.shift_remove(&name) {
                        Some(earlier) if allows_null(&property) && !allows_null(&earlier) => earlier,
                        _ => property,
                    };
                    mine.insert(name, kept);
                }
            }
            ("required", Some(Value::Array(mine)), Value::Array(theirs)) => {
                for name in theirs {
                    if !mine.contains(&name) {
                        mine.push(name);
                    }
                }
            }
            (_, _, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Whether a schema says (itself, not through a `$ref`) that it allows `null`.
fn allows_null(schema: &Value) -> bool {
    let null_member =
        |key: &str| schema.get(key).and_then(Value::as_array).is_some_and(|m| m.iter().any(|m| m.get("type") == Some(&Value::from("null"))));
    schema.get("nullable") == Some(&Value::Bool(true))
        || schema.get("type").and_then(Value::as_array).is_some_and(|t| t.contains(&Value::from("null")))
        || null_member("anyOf")
        || null_member("oneOf")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_of_merges_and_unions_take_the_object_keywords() {
        let schemas = json!({"Base": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}});
        let schemas = schemas.as_object().cloned().unwrap_or_default();
        let all_of = json!({"allOf": [{"$ref": "#/components/schemas/Base"}, {"required": ["b"]}, {"nullable": true}]});
        let merged = normalize(&schemas, &all_of, 0);
        assert_eq!(merged.as_ref(), &json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a", "b"]}));
        let beside = json!({"type": "object", "properties": {"x": {}}, "anyOf": [{"required": ["x"]}, {"type": "null"}]});
        let union = normalize(&schemas, &beside, 0);
        assert_eq!(union.as_ref(), &json!({"anyOf": [{"type": "object", "properties": {"x": {}}, "required": ["x"]}, {"type": "null"}]}));
    }
}

//! Objects and lists of an instance: their properties (required ones, optional ones in the
//! full instances and on the way to a forced union member), `additionalProperties`, `not:
//! {required}`, and list lengths within `minItems`/`maxItems`.

use super::{leads_to, value, Mode, Walk};
use serde_json::{Map, Value};

pub(super) fn object<'s>(schemas: &'s Map<String, Value>, schema: &Map<String, Value>, at: &str, walk: &mut Walk<'s>) -> Option<Value> {
    let required: Vec<&str> = schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    let mut out = Map::new();
    let properties = schema.get("properties").and_then(Value::as_object);
    for (name, property) in properties.into_iter().flatten() {
        let needed = required.contains(&name.as_str());
        let step = format!("properties/{name}");
        if !needed && walk.mode == Mode::Minimal && !leads_to(walk.force, at, &step) {
            continue;
        }
        match value(schemas, property, &format!("{at}/{step}"), walk, false) {
            Some(v) => {
                out.insert(name.clone(), v);
            }
            None if needed => return None,
            None => {}
        }
    }
    // A required property the schema does not declare takes any value.
    for name in &required {
        if !out.contains_key(*name) && !properties.is_some_and(|p| p.contains_key(*name)) {
            out.insert((*name).to_owned(), Value::String("text".into()));
        }
    }
    // `not: {required: [a, b]}`: not all of them together.
    let excluded: Vec<&str> =
        schema.get("not").and_then(|n| n.get("required")).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
    if !excluded.is_empty() && excluded.iter().all(|name| out.contains_key(*name)) {
        if let Some(name) = excluded.iter().find(|name| !required.contains(name)) {
            out.shift_remove(*name);
        }
    }
    let room = schema.get("maxProperties").and_then(Value::as_u64).is_none_or(|max| (out.len() as u64) < max);
    let wanted = walk.mode != Mode::Minimal || leads_to(walk.force, at, "additionalProperties");
    match schema.get("additionalProperties") {
        Some(extra @ Value::Object(_)) if room && wanted => {
            if let Some(v) = value(schemas, extra, &format!("{at}/additionalProperties"), walk, false) {
                out.insert("key_1".into(), v);
            }
        }
        Some(Value::Bool(true)) if room && wanted => {
            out.insert("x_extra".into(), Value::String("extra".into()));
        }
        None if properties.is_none() && room && wanted => {
            out.insert("key_1".into(), Value::String("value".into()));
        }
        _ => {}
    }
    Some(Value::Object(out))
}

pub(super) fn array<'s>(schemas: &'s Map<String, Value>, schema: &Map<String, Value>, at: &str, walk: &mut Walk<'s>) -> Option<Value> {
    let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema.get("maxItems").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
    let count = min.max(1).min(max);
    let Some(items) = schema.get("items") else { return Some(Value::Array(vec![Value::String("item".into()); count])) };
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        match value(schemas, items, &format!("{at}/items"), walk, false) {
            Some(item) => out.push(item),
            None if min == 0 => return Some(Value::Array(Vec::new())),
            None => return None,
        }
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        for (i, item) in out.iter_mut().enumerate().skip(1) {
            if let Value::String(s) = item {
                s.push_str(&i.to_string());
            }
        }
    }
    Some(Value::Array(out))
}

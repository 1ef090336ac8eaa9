//! Rewrites an OpenAPI 3.1 document (or a 3.0 one using 3.1 keywords) into the 3.0 shape that
//! `openapiv3` models, without losing what the generator needs.
//!
//! | 3.1 construct                         | becomes                                              |
//! |---------------------------------------|------------------------------------------------------|
//! | `$ref` with siblings (`description`…) | `allOf: [{$ref}]` beside the siblings, so they survive |
//! | `{type: "null"}` in `anyOf`/`oneOf`   | dropped from the list, `nullable: true` on the parent |
//! | `type: [T, "null"]`                   | `type: T, nullable: true`                            |
//! | `type: [A, B]`                        | `anyOf: [{type: A}, {type: B}]`                      |
//! | `const: v`                            | `enum: [v]`                                          |
//! | `examples: [v, ...]`                  | `example: v` when there is none                      |
//! | numeric `exclusiveMinimum: n`         | `minimum: n, exclusiveMinimum: true`                 |
//! | integer bounds outside `i64`          | dropped (they only constrain values; they name no type) |
//! | no `paths` (webhooks-only documents)  | `paths: {}`                                          |
//! | object keywords on a non-object type  | dropped (`type: array` with a stray `required`)      |

use serde_json::{Map, Value};

/// Normalizes the whole document in place.
pub fn document(doc: &mut Value) {
    let Some(root) = doc.as_object_mut() else { return };
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    for (key, value) in root.iter_mut() {
        if key == "components" {
            components(value);
        } else if !is_opaque(key) {
            find_schemas(value);
        }
    }
}

/// Keys whose values are free data, never a schema or a place that holds one.
fn is_opaque(key: &str) -> bool {
    key == "example" || key == "examples" || key.starts_with("x-")
}

fn components(components: &mut Value) {
    let Some(components) = components.as_object_mut() else { return };
    for (key, value) in components.iter_mut() {
        if key == "schemas" {
            if let Some(schemas) = value.as_object_mut() {
                schemas.values_mut().for_each(schema);
            }
        } else if !is_opaque(key) {
            find_schemas(value);
        }
    }
}

/// Walks the parts of a document that are not schemas (paths, parameters, responses) and
/// normalizes every schema found under a `schema` key.
fn find_schemas(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if key == "schema" {
                    schema(child);
                } else if !is_opaque(key) {
                    find_schemas(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(find_schemas),
        _ => {}
    }
}

/// Normalizes one schema and everything nested in it.
pub fn schema(value: &mut Value) {
    let Some(object) = value.as_object_mut() else { return };
    if needs_rewrite(object) {
        rewrite(object);
    }
    for (key, child) in object.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                if let Some(map) = child.as_object_mut() {
                    map.values_mut().for_each(schema);
                }
            }
            "items" | "additionalProperties" | "not" | "contains" => schema(child),
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Some(list) = child.as_array_mut() {
                    list.iter_mut().for_each(schema);
                }
            }
            _ => {}
        }
    }
}

/// Whether any rewrite of [`rewrite`] applies to a schema, from one pass over its keys: most
/// schemas need none, and the rewrites look their keys up one by one (each lookup hashes the key).
fn needs_rewrite(object: &Map<String, Value>) -> bool {
    let (mut kind, mut object_keywords, mut bounds) = (None, false, false);
    for (key, value) in object {
        match key.as_str() {
            "$ref" if object.len() > 1 => return true,
            "const" | "examples" | "exclusiveMinimum" | "exclusiveMaximum" | "anyOf" | "oneOf" | "allOf" => return true,
            "type" => match value {
                Value::String(name) => kind = Some(name.as_str()),
                _ => return true,
            },
            "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => object_keywords = true,
            "minimum" | "maximum" | "multipleOf" => bounds = true,
            _ => {}
        }
    }
    match kind {
        None | Some("object") => false,
        Some("null") => true,
        Some("integer") => object_keywords || bounds,
        Some(_) => object_keywords,
    }
}

/// The rewrites of one schema, not of those nested in it.
fn rewrite(object: &mut Map<String, Value>) {
    if object.contains_key("$ref") && object.len() > 1 {
        keep_ref_siblings(object);
    }
    type_list(object);
    if let Some(constant) = object.remove("const") {
        if !object.contains_key("type") {
            if let Some(name) = json_type(&constant) {
                object.insert("type".into(), Value::String(name.into()));
            }
        }
        object.insert("enum".into(), Value::Array(vec![constant]));
    }
    if let Some(Value::Array(examples)) = object.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            object.entry("example").or_insert(first);
        }
    }
    for (bound, exclusive) in [("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")] {
        if let Some(limit) = object.get(exclusive).filter(|v| v.is_number()).cloned() {
            object.insert(bound.into(), limit);
            object.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if object.get("type").and_then(Value::as_str).is_some_and(|t| t != "object") {
        // Object keywords on another type constrain nothing (JSON Schema applies them to objects
        // only); left in, `openapiv3` would read an array with a stray `required` as an object.
        for keyword in ["properties", "required", "additionalProperties", "minProperties", "maxProperties"] {
            object.remove(keyword);
        }
    }
    if object.get("type").and_then(Value::as_str) == Some("integer") {
        for bound in ["minimum", "maximum", "multipleOf"] {
            if object.get(bound).is_some_and(|v| v.as_i64().is_none()) {
                object.remove(bound);
            }
        }
    }
    for key in ["anyOf", "oneOf"] {
        strip_null_members(object, key);
    }
    nullable_all_of_member(object);
}

/// `{$ref, description}` → `{allOf: [{$ref}], description}`: `openapiv3` reads a `$ref` as a bare
/// reference and drops its siblings, which carry field docs in 3.1 documents.
fn keep_ref_siblings(object: &mut Map<String, Value>) {
    let Some(reference) = object.remove("$ref") else { return };
    let mut target = Map::new();
    target.insert("$ref".into(), reference);
    object.insert("allOf".into(), Value::Array(vec![Value::Object(target)]));
}

fn type_list(object: &mut Map<String, Value>) {
    match object.get("type") {
        Some(Value::Array(types)) => {
            let (nulls, others): (Vec<&Value>, Vec<&Value>) = types.iter().partition(|t| t.as_str() == Some("null"));
            let nullable = !nulls.is_empty();
            let others: Vec<Value> = others.into_iter().cloned().collect();
            object.remove("type");
            match others.len() {
                0 => {}
                1 => {
                    object.insert("type".into(), others.into_iter().next().unwrap_or_default());
                }
                _ => {
                    let members = others.into_iter().map(|t| Value::Object(Map::from_iter([("type".to_owned(), t)]))).collect();
                    object.insert("anyOf".into(), Value::Array(members));
                }
            }
            if nullable {
                object.insert("nullable".into(), Value::Bool(true));
            }
        }
        Some(Value::String(t)) if t == "null" => {
            object.remove("type");
            object.insert("nullable".into(), Value::Bool(true));
        }
        _ => {}
    }
}

/// Drops `{type: "null"}` members from `anyOf`/`oneOf`, marking the parent nullable.
fn strip_null_members(object: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(members)) = object.get_mut(key) else { return };
    let before = members.len();
    members.retain(|member| !is_null_schema(member));
    if members.len() == before {
        return;
    }
    if members.is_empty() {
        object.remove(key);
    }
    object.insert("nullable".into(), Value::Bool(true));
}

/// `allOf: [{$ref}, {nullable: true}]` (or `{type: "null"}`), as 3.0 documents write a nullable
/// reference: the member that only says `nullable` goes, and the parent is nullable.
fn nullable_all_of_member(object: &mut Map<String, Value>) {
    let Some(Value::Array(members)) = object.get_mut("allOf") else { return };
    let only_nullable =
        |member: &Value| member.as_object().is_some_and(|m| m.len() == 1 && m.get("nullable") == Some(&Value::Bool(true))) || is_null_schema(member);
    let before = members.len();
    members.retain(|member| !only_nullable(member));
    if members.len() == before {
        return;
    }
    if members.is_empty() {
        object.remove("allOf");
    }
    object.insert("nullable".into(), Value::Bool(true));
}

fn is_null_schema(value: &Value) -> bool {
    let Some(object) = value.as_object() else { return false };
    let null_type = match object.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t.as_str() == Some("null")),
        _ => false,
    };
    let null_enum = matches!(object.get("enum"), Some(Value::Array(values)) if values.iter().all(Value::is_null));
    (null_type || null_enum) && !object.contains_key("properties")
}

fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn normalized(mut value: Value) -> Value {
        schema(&mut value);
        value
    }

    #[test]
    fn ref_siblings_survive() {
        assert_eq!(
            normalized(json!({"$ref": "#/components/schemas/A", "description": "The A."})),
            json!({"description": "The A.", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(normalized(json!({"$ref": "#/x"})), json!({"$ref": "#/x"}));
    }

    #[test]
    fn a_nullable_all_of_member_makes_the_parent_nullable() {
        let reference = json!({"$ref": "#/components/schemas/Expiry"});
        assert_eq!(normalized(json!({"allOf": [reference, {"nullable": true}]})), json!({"allOf": [reference], "nullable": true}));
        assert_eq!(normalized(json!({"allOf": [reference, {"type": "null"}]})), json!({"allOf": [reference], "nullable": true}));
        assert_eq!(
            normalized(json!({"allOf": [reference, {"nullable": true, "description": "d"}]})),
            json!({"allOf": [reference, {"nullable": true, "description": "d"}]})
        );
    }

    #[test]
    fn null_members_become_nullable() {
        assert_eq!(normalized(json!({"anyOf": [{"type": "string"}, {"type": "null"}]})), json!({"anyOf": [{"type": "string"}], "nullable": true}));
        assert_eq!(normalized(json!({"type": ["integer", "null"]})), json!({"type": "integer", "nullable": true}));
        assert_eq!(normalized(json!({"type": ["integer", "string"]})), json!({"anyOf": [{"type": "integer"}, {"type": "string"}]}));
    }

    #[test]
    fn constants_examples_and_bounds() {
        assert_eq!(normalized(json!({"const": "x"})), json!({"type": "string", "enum": ["x"]}));
        assert_eq!(normalized(json!({"type": "string", "examples": ["a", "b"]})), json!({"type": "string", "example": "a"}));
        assert_eq!(normalized(json!({"type": "number", "exclusiveMinimum": 0})), json!({"type": "number", "exclusiveMinimum": true, "minimum": 0}));
        assert_eq!(normalized(json!({"type": "integer", "minimum": -9.223372036854776e18})), json!({"type": "integer"}));
        assert_eq!(normalized(json!({"type": "integer", "multipleOf": 0.5})), json!({"type": "integer"}));
        assert_eq!(normalized(json!({"type": "null"})), json!({"nullable": true}));
    }

    #[test]
    fn nested_schemas_are_reached() {
        assert_eq!(
            normalized(json!({"properties": {"a": {"items": {"type": ["string", "null"]}}}})),
            json!({"properties": {"a": {"items": {"type": "string", "nullable": true}}}})
        );
    }

    #[test]
    fn object_keywords_go_from_other_types() {
        assert_eq!(normalized(json!({"type": "array", "required": ["a"], "items": {}})), json!({"type": "array", "items": {}}));
        assert_eq!(normalized(json!({"type": "object", "required": ["a"]})), json!({"type": "object", "required": ["a"]}));
    }

    /// What [`needs_rewrite`] passes over, [`rewrite`] leaves as it is: checked on every object of
    /// every fixture spec and on hand-picked ones.
    #[test]
    fn a_schema_passed_over_needs_no_rewrite() {
        fn check(value: &Value, checked: &mut usize) {
            match value {
                Value::Object(object) => {
                    if !needs_rewrite(object) {
                        let mut rewritten = object.clone();
                        rewrite(&mut rewritten);
                        assert_eq!(&rewritten, object);
                        *checked += 1;
                    }
                    object.values().for_each(|child| check(child, checked));
                }
                Value::Array(items) => items.iter().for_each(|item| check(item, checked)),
                _ => {}
            }
        }
        let mut checked = 0;
        let picked = json!([
            {"type": "string", "format": "date"},
            {"type": "integer", "format": "int32"},
            {"type": "object", "properties": {"a": {}}, "minProperties": 1},
            {"$ref": "#/a"},
            {"description": "no type"}
        ]);
        check(&picked, &mut checked);
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        for entry in std::fs::read_dir(&fixtures).expect("tests/fixtures is beside codegen").flatten() {
            let spec = entry.path().join("spec.yaml");
            if let Ok(text) = std::fs::read_to_string(&spec) {
                check(&crate::load::parse(&text).unwrap_or_else(|e| panic!("{}: {e}", spec.display())), &mut checked);
            }
        }
        assert!(checked > 1000, "only {checked} objects were checked");
    }
}

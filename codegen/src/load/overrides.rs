//! Corrections to a spec where real payloads contradict it, applied before the spec is typed.
//!
//! An override names a component schema, optionally a property inside it (a dotted path through
//! inline objects, stepping through array `items`: `sample.error`, `results.categories`), what to
//! make of it, and the payload that justifies it. An
//! entry that names a schema or property that does not exist is an error, so overrides cannot
//! outlive the spec mistakes they correct.

use crate::error::Diagnostic;
use crate::pointer::{escape, SCHEMA_PREFIX};
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub schema: String,
    /// A property of the schema; a dotted path reaches into inline objects.
    #[serde(default)]
    pub property: Option<String>,
    pub make: Make,
    /// The payload that shows the spec is wrong.
    pub because: String,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "MakeText")]
pub enum Make {
    /// A required property real payloads leave out.
    Optional,
    /// A property (or schema) real payloads send as `null`.
    Nullable,
    /// `{also: [value, ...]}`: values real payloads send that the property's string `enum` does
    /// not list (a constant the spec spells differently). Each must be new to the enum.
    Also(Vec<String>),
    /// `{or: schema}`: a shape real payloads send that the property's schema leaves out (an
    /// embedding as a base64 string, which the spec's own text describes): the property becomes
    /// `anyOf: [its schema, this one]`, its docs kept on the union.
    Or(Value),
}

/// How a `make:` is written: `optional`, `nullable`, `{also: [...]}` or `{or: schema}`.
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum MakeText {
    Word(String),
    Also { also: Vec<String> },
    Or { or: Value },
}

impl TryFrom<MakeText> for Make {
    type Error = String;

    fn try_from(text: MakeText) -> Result<Make, String> {
        match text {
            MakeText::Word(word) if word == "optional" => Ok(Make::Optional),
            MakeText::Word(word) if word == "nullable" => Ok(Make::Nullable),
            MakeText::Word(word) => Err(format!("unknown `make: {word}` (optional, nullable or {{also: [...]}})")),
            MakeText::Also { also } => Ok(Make::Also(also)),
            MakeText::Or { or } if or.is_object() => Ok(Make::Or(or)),
            MakeText::Or { .. } => Err("`make: {or: ...}` takes a schema (a mapping)".to_owned()),
        }
    }
}

/// Applies every override to the normalized document; reports every entry that does not fit.
pub fn apply(doc: &mut Value, overrides: &[Override]) -> Vec<Diagnostic> {
    overrides.iter().filter_map(|entry| apply_one(doc, entry).err()).collect()
}

fn apply_one(doc: &mut Value, entry: &Override) -> Result<(), Diagnostic> {
    let mut pointer = format!("{SCHEMA_PREFIX}{}", escape(&entry.schema));
    let fail = |pointer: &str, what: &str| {
        Diagnostic::new(pointer, format!("override ({:?} {}): {what}", entry.make, entry.property.as_deref().unwrap_or(&entry.schema)))
    };
    let mut schema = doc.pointer_mut(&format!("/components/schemas/{}", escape(&entry.schema))).ok_or_else(|| fail(&pointer, "no such schema"))?;
    let Some(path) = &entry.property else {
        return match &entry.make {
            Make::Nullable => {
                nullable(schema);
                Ok(())
            }
            Make::Optional | Make::Also(_) | Make::Or(_) => Err(fail(&pointer, "needs a property")),
        };
    };
    let segments: Vec<&str> = path.split('.').collect();
    for (index, segment) in segments.iter().enumerate() {
        let object = object_of(items_of(schema)).ok_or_else(|| fail(&pointer, "not an object schema"))?;
        let last = index + 1 == segments.len();
        if last && entry.make == Make::Optional {
            return if unrequire(object, segment) { Ok(()) } else { Err(fail(&pointer, &format!("`{segment}` is not a required property here"))) };
        }
        pointer = format!("{pointer}/properties/{}", escape(segment));
        schema = property(object, segment).ok_or_else(|| fail(&pointer, "no such property"))?;
        if last {
            return match &entry.make {
                Make::Also(values) => also(schema, values).map_err(|what| fail(&pointer, &what)),
                Make::Or(shape) => {
                    or(schema, shape);
                    Ok(())
                }
                _ => {
                    nullable(schema);
                    Ok(())
                }
            };
        }
    }
    Ok(())
}

/// The item schema of an array schema (so a path steps through lists); any other schema itself.
fn items_of(schema: &mut Value) -> &mut Value {
    if schema.get("type").and_then(Value::as_str) == Some("array") && schema.get("items").is_some_and(Value::is_object) {
        return &mut schema["items"];
    }
    schema
}

/// Adds `values` to a string `enum`; each must be new.
fn also(schema: &mut Value, values: &[String]) -> Result<(), String> {
    let Some(Value::Array(listed)) = schema.get_mut("enum") else { return Err("not a string `enum`".into()) };
    if values.is_empty() {
        return Err("`also` lists no value".into());
    }
    for value in values {
        if listed.iter().any(|v| v.as_str() == Some(value)) {
            return Err(format!("`{value}` is already listed"));
        }
        listed.push(Value::String(value.clone()));
    }
    Ok(())
}

/// `schema` → `{anyOf: [schema, shape]}`, with the property's docs and flags on the union.
fn or(schema: &mut Value, shape: &Value) {
    let mut original = schema.take();
    let mut union = Map::new();
    if let Some(object) = original.as_object_mut() {
        for key in ["title", "description", "deprecated", "nullable"] {
            if let Some(value) = object.remove(key) {
                union.insert(key.to_owned(), value);
            }
        }
    }
    union.insert("anyOf".into(), Value::Array(vec![original, shape.clone()]));
    *schema = Value::Object(union);
}

/// The object a schema describes, through one-member `allOf`/`anyOf` wrappers.
fn object_of(schema: &mut Value) -> Option<&mut Map<String, Value>> {
    let object = schema.as_object_mut()?;
    if object.contains_key("properties") || object.contains_key("required") {
        return Some(object);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if matches!(object.get(key), Some(Value::Array(list)) if list.len() == 1) {
            return object.get_mut(key)?.get_mut(0).and_then(object_of);
        }
    }
    Some(object)
}

/// A property declared by the object or one of its inline `allOf` parts.
fn property<'v>(object: &'v mut Map<String, Value>, name: &str) -> Option<&'v mut Value> {
    if object.get("properties").and_then(|p| p.get(name)).is_some() {
        return object.get_mut("properties")?.get_mut(name);
    }
    let parts = object.get_mut("allOf")?.as_array_mut()?;
    parts.iter_mut().find_map(|part| part.as_object_mut().and_then(|p| property(p, name)))
}

/// Removes `name` from the `required` lists of the object and its inline `allOf` parts.
fn unrequire(object: &mut Map<String, Value>, name: &str) -> bool {
    let mut found = false;
    if let Some(Value::Array(required)) = object.get_mut("required") {
        let before = required.len();
        required.retain(|r| r.as_str() != Some(name));
        found |= required.len() != before;
    }
    if let Some(Value::Array(parts)) = object.get_mut("allOf") {
        for part in parts.iter_mut().filter_map(Value::as_object_mut) {
            found |= unrequire(part, name);
        }
    }
    found
}

/// Allows `null`; a bare `$ref` is wrapped so the flag has somewhere to stand.
fn nullable(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else { return };
    if let Some(reference) = object.remove("$ref") {
        let mut target = Map::new();
        target.insert("$ref".into(), reference);
        object.insert("allOf".into(), Value::Array(vec![Value::Object(target)]));
    }
    object.insert("nullable".into(), Value::Bool(true));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({"components": {"schemas": {
            "Run": {"type": "object", "required": ["id", "user"], "properties": {
                "id": {"type": "string"},
                "user": {"$ref": "#/components/schemas/User"},
                "sample": {"type": "object", "properties": {"error": {"type": "string"}}},
                "object": {"type": "string", "enum": ["run"]},
                "steps": {"type": "array", "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}}
            }},
            "User": {"type": "string"}
        }}})
    }

    fn entry(schema: &str, property: Option<&str>, make: Make) -> Override {
        Override { schema: schema.into(), property: property.map(Into::into), make, because: "test".into() }
    }

    #[test]
    fn makes_properties_optional_and_nullable() {
        let mut doc = spec();
        let errors = apply(
            &mut doc,
            &[
                entry("Run", Some("id"), Make::Optional),
                entry("Run", Some("user"), Make::Nullable),
                entry("Run", Some("sample.error"), Make::Nullable),
            ],
        );
        assert!(errors.is_empty(), "{errors:?}");
        let run = &doc["components"]["schemas"]["Run"];
        assert_eq!(run["required"], json!(["user"]));
        assert_eq!(run["properties"]["user"], json!({"allOf": [{"$ref": "#/components/schemas/User"}], "nullable": true}));
        assert_eq!(run["properties"]["sample"]["properties"]["error"]["nullable"], json!(true));
    }

    #[test]
    fn adds_enum_values_and_steps_through_arrays() {
        let mut doc = spec();
        let errors =
            apply(&mut doc, &[entry("Run", Some("object"), Make::Also(vec!["runs".into()])), entry("Run", Some("steps.name"), Make::Optional)]);
        assert!(errors.is_empty(), "{errors:?}");
        let run = &doc["components"]["schemas"]["Run"];
        assert_eq!(run["properties"]["object"]["enum"], json!(["run", "runs"]));
        assert_eq!(run["properties"]["steps"]["items"]["required"], json!([]));
    }

    #[test]
    fn adds_a_shape_to_a_property() {
        let mut doc = spec();
        let errors = apply(&mut doc, &[entry("Run", Some("id"), Make::Or(json!({"type": "integer"})))]);
        assert!(errors.is_empty(), "{errors:?}");
        let id = &doc["components"]["schemas"]["Run"]["properties"]["id"];
        assert_eq!(id, &json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}));
    }

    #[test]
    fn reads_every_kind_from_yaml() {
        let text = "- {schema: Run, property: id, make: optional, because: x}\n- {schema: Run, property: object, make: {also: [runs]}, because: x}\n- {schema: Run, property: id, make: {or: {type: integer}}, because: x}\n";
        let entries: Vec<Override> = match serde_yaml::from_str(text) {
            Ok(entries) => entries,
            Err(e) => panic!("{e}"),
        };
        assert_eq!(entries[0].make, Make::Optional);
        assert_eq!(entries[1].make, Make::Also(vec!["runs".into()]));
        assert_eq!(entries[2].make, Make::Or(json!({"type": "integer"})));
        let wrong = match serde_yaml::from_str::<Vec<Override>>("- {schema: Run, make: required, because: x}\n") {
            Ok(entries) => panic!("{entries:?}"),
            Err(e) => e,
        };
        assert!(wrong.to_string().contains("unknown `make: required`"), "{wrong}");
    }

    #[test]
    fn entries_that_do_not_fit_are_errors() {
        let mut doc = spec();
        let errors = apply(
            &mut doc,
            &[
                entry("Nope", Some("id"), Make::Optional),
                entry("Run", Some("missing"), Make::Nullable),
                entry("Run", Some("sample"), Make::Optional),
                entry("Run", Some("id"), Make::Also(vec!["x".into()])),
                entry("Run", Some("object"), Make::Also(vec!["run".into()])),
                entry("Run", None, Make::Also(vec!["x".into()])),
            ],
        );
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 6, "{messages:?}");
        assert!(messages[0].starts_with("#/components/schemas/Nope: "), "{}", messages[0]);
        assert!(messages[1].contains("#/components/schemas/Run/properties/missing"), "{}", messages[1]);
        assert!(messages[2].contains("not a required property"), "{}", messages[2]);
        assert!(messages[3].contains("not a string `enum`"), "{}", messages[3]);
        assert!(messages[4].contains("`run` is already listed"), "{}", messages[4]);
        assert!(messages[5].contains("needs a property"), "{}", messages[5]);
    }
}

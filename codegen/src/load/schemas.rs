//! A schema's JSON value typed as `openapiv3`'s `Schema`, by hand.
//!
//! `openapiv3` types a schema through serde's untagged and flattened fields, which buffer every
//! schema's whole subtree once for each level it is nested in: typing the OpenAI spec's component
//! schemas that way took 17–27 ms, two thirds of loading it. Here each value is read once, with
//! the rules of `openapiv3`'s own `Deserialize` (its `SchemaKind` picks a kind from the keys
//! present; `null` stands for an absent optional field; only `x-` keys are extensions). Where
//! the value is one that `openapiv3` would refuse, or an unusual shape this module does not read
//! (a field of the wrong type, a schema that is not an object), it answers `None`, and the
//! caller types that schema with serde, which gives the same result or the error with its place.
//! A test compares both on every fixture and the OpenAI spec.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, IntegerType, NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind,
    StringType, Type,
};
use serde_json::{Map, Number, Value};

/// `value` as `ReferenceOr<Schema>`, or `None` when serde must type it (see the module's docs).
pub fn reference_or_schema(value: &Value) -> Option<ReferenceOr<Schema>> {
    let map = value.as_object()?;
    // The untagged `ReferenceOr` tries a reference first, which ignores every other key.
    if let Some(reference) = super::files::reference_of(map) {
        return Some(ReferenceOr::Reference { reference: reference.to_owned() });
    }
    schema(map).map(ReferenceOr::Item)
}

fn boxed(value: &Value) -> Option<ReferenceOr<Box<Schema>>> {
    Some(match reference_or_schema(value)? {
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
        ReferenceOr::Item(schema) => ReferenceOr::Item(Box::new(schema)),
    })
}

/// The value of every key `openapiv3` reads in a schema, found in one pass over the map (a
/// lookup by key hashes it: thirty lookups per schema were most of the time).
#[derive(Default)]
struct Keys<'v> {
    nullable: Option<&'v Value>,
    read_only: Option<&'v Value>,
    write_only: Option<&'v Value>,
    deprecated: Option<&'v Value>,
    external_docs: Option<&'v Value>,
    example: Option<&'v Value>,
    title: Option<&'v Value>,
    description: Option<&'v Value>,
    discriminator: Option<&'v Value>,
    default: Option<&'v Value>,
    typ: Option<&'v Value>,
    pattern: Option<&'v Value>,
    multiple_of: Option<&'v Value>,
    exclusive_minimum: Option<&'v Value>,
    exclusive_maximum: Option<&'v Value>,
    minimum: Option<&'v Value>,
    maximum: Option<&'v Value>,
    properties: Option<&'v Value>,
    required: Option<&'v Value>,
    additional_properties: Option<&'v Value>,
    min_properties: Option<&'v Value>,
    max_properties: Option<&'v Value>,
    items: Option<&'v Value>,
    min_items: Option<&'v Value>,
    max_items: Option<&'v Value>,
    unique_items: Option<&'v Value>,
    enumeration: Option<&'v Value>,
    format: Option<&'v Value>,
    min_length: Option<&'v Value>,
    max_length: Option<&'v Value>,
    one_of: Option<&'v Value>,
    all_of: Option<&'v Value>,
    any_of: Option<&'v Value>,
    not: Option<&'v Value>,
    /// The `x-` keys, in order.
    extensions: Vec<(&'v String, &'v Value)>,
}

impl<'v> Keys<'v> {
    fn of(map: &'v Map<String, Value>) -> Keys<'v> {
        let mut keys = Keys::default();
        for (key, value) in map {
            let slot = match key.as_str() {
                "nullable" => &mut keys.nullable,
                "readOnly" => &mut keys.read_only,
                "writeOnly" => &mut keys.write_only,
                "deprecated" => &mut keys.deprecated,
                "externalDocs" => &mut keys.external_docs,
                "example" => &mut keys.example,
                "title" => &mut keys.title,
                "description" => &mut keys.description,
                "discriminator" => &mut keys.discriminator,
                "default" => &mut keys.default,
                "type" => &mut keys.typ,
                "pattern" => &mut keys.pattern,
                "multipleOf" => &mut keys.multiple_of,
                "exclusiveMinimum" => &mut keys.exclusive_minimum,
                "exclusiveMaximum" => &mut keys.exclusive_maximum,
                "minimum" => &mut keys.minimum,
                "maximum" => &mut keys.maximum,
                "properties" => &mut keys.properties,
                "required" => &mut keys.required,
                "additionalProperties" => &mut keys.additional_properties,
                "minProperties" => &mut keys.min_properties,
                "maxProperties" => &mut keys.max_properties,
                "items" => &mut keys.items,
                "minItems" => &mut keys.min_items,
                "maxItems" => &mut keys.max_items,
                "uniqueItems" => &mut keys.unique_items,
                "enum" => &mut keys.enumeration,
                "format" => &mut keys.format,
                "minLength" => &mut keys.min_length,
                "maxLength" => &mut keys.max_length,
                "oneOf" => &mut keys.one_of,
                "allOf" => &mut keys.all_of,
                "anyOf" => &mut keys.any_of,
                "not" => &mut keys.not,
                extension if extension.starts_with("x-") => {
                    keys.extensions.push((key, value));
                    continue;
                }
                _ => continue,
            };
            *slot = Some(value);
        }
        keys
    }
}

/// An optional field read by `read`: `None` when absent or `null` (as serde reads an `Option`),
/// the outer `None` when the value has the wrong type.
pub(super) fn optional<'v, T>(value: Option<&'v Value>, read: impl FnOnce(&'v Value) -> Option<T>) -> Option<Option<T>> {
    match value.filter(|value| !value.is_null()) {
        None => Some(None),
        Some(value) => read(value).map(Some),
    }
}

pub(super) fn string(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

fn number(value: &Value) -> Option<Number> {
    match value {
        Value::Number(number) => Some(number.clone()),
        _ => None,
    }
}

fn size(value: &Value) -> Option<usize> {
    value.as_u64().and_then(|n| usize::try_from(n).ok())
}

/// A `bool` field with a default: absent is `false`, `null` is refused.
fn flag(value: Option<&Value>) -> Option<bool> {
    match value {
        None => Some(false),
        Some(value) => value.as_bool(),
    }
}

pub(super) fn list<T>(value: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
    value.as_array()?.iter().map(read).collect()
}

/// A small struct of `openapiv3` (external docs, a discriminator), typed by serde: rare, and
/// without the nesting that makes serde slow.
fn serde_typed<T: serde::de::DeserializeOwned>(value: &Value) -> Option<T> {
    serde_json::from_value(value.clone()).ok()
}

fn schema(map: &Map<String, Value>) -> Option<Schema> {
    let keys = Keys::of(map);
    Some(Schema { schema_data: schema_data(&keys)?, schema_kind: schema_kind(&keys)? })
}

fn schema_data(keys: &Keys) -> Option<SchemaData> {
    let value = |value: Option<&Value>| value.filter(|value| !value.is_null()).cloned();
    Some(SchemaData {
        nullable: flag(keys.nullable)?,
        read_only: flag(keys.read_only)?,
        write_only: flag(keys.write_only)?,
        deprecated: flag(keys.deprecated)?,
        external_docs: optional(keys.external_docs, serde_typed)?,
        example: value(keys.example),
        title: optional(keys.title, string)?,
        description: optional(keys.description, string)?,
        discriminator: optional(keys.discriminator, serde_typed)?,
        default: value(keys.default),
        extensions: keys.extensions.iter().map(|&(key, value)| (key.clone(), value.clone())).collect(),
    })
}

/// Every field `openapiv3` reads to pick a schema's kind, each `None` when absent or `null`.
struct Fields {
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    properties: Option<IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: Option<Vec<String>>,
    additional_properties: Option<AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<ReferenceOr<Schema>>>,
    all_of: Option<Vec<ReferenceOr<Schema>>>,
    any_of: Option<Vec<ReferenceOr<Schema>>>,
    not: Option<Box<ReferenceOr<Schema>>>,
}

impl Fields {
    fn read(keys: &Keys) -> Option<Fields> {
        let schemas = |value: &Value| list(value, reference_or_schema);
        Some(Fields {
            typ: optional(keys.typ, string)?,
            pattern: optional(keys.pattern, string)?,
            multiple_of: optional(keys.multiple_of, number)?,
            exclusive_minimum: optional(keys.exclusive_minimum, Value::as_bool)?,
            exclusive_maximum: optional(keys.exclusive_maximum, Value::as_bool)?,
            minimum: optional(keys.minimum, number)?,
            maximum: optional(keys.maximum, number)?,
            properties: optional(keys.properties, |value| {
                value.as_object()?.iter().map(|(name, schema)| Some((name.clone(), boxed(schema)?))).collect()
            })?,
            required: optional(keys.required, |value| list(value, string))?,
            additional_properties: optional(keys.additional_properties, |value| match value {
                Value::Bool(any) => Some(AdditionalProperties::Any(*any)),
                schema => reference_or_schema(schema).map(|schema| AdditionalProperties::Schema(Box::new(schema))),
            })?,
            min_properties: optional(keys.min_properties, size)?,
            max_properties: optional(keys.max_properties, size)?,
            items: optional(keys.items, boxed)?,
            min_items: optional(keys.min_items, size)?,
            max_items: optional(keys.max_items, size)?,
            unique_items: optional(keys.unique_items, Value::as_bool)?,
            enumeration: optional(keys.enumeration, |value| value.as_array().cloned())?,
            format: optional(keys.format, string)?,
            min_length: optional(keys.min_length, size)?,
            max_length: optional(keys.max_length, size)?,
            one_of: optional(keys.one_of, schemas)?,
            all_of: optional(keys.all_of, schemas)?,
            any_of: optional(keys.any_of, schemas)?,
            not: optional(keys.not, |value| reference_or_schema(value).map(Box::new))?,
        })
    }

    /// Which fields are present, for matching a kind's set of fields.
    fn present(&self) -> Present {
        let mut present = Present::default();
        let fields = [
            (self.pattern.is_some(), Present::PATTERN),
            (self.multiple_of.is_some() || self.exclusive_minimum.is_some() || self.exclusive_maximum.is_some(), Present::NUMERIC),
            (self.minimum.is_some() || self.maximum.is_some(), Present::NUMERIC),
            (self.properties.is_some() || self.required.is_some() || self.additional_properties.is_some(), Present::OBJECT),
            (self.min_properties.is_some() || self.max_properties.is_some(), Present::OBJECT),
            (self.items.is_some() || self.min_items.is_some() || self.max_items.is_some() || self.unique_items.is_some(), Present::ARRAY),
            (self.enumeration.is_some(), Present::ENUM),
            (self.format.is_some(), Present::FORMAT),
            (self.min_length.is_some() || self.max_length.is_some(), Present::LENGTH),
            (self.one_of.is_some(), Present::ONE_OF),
            (self.all_of.is_some(), Present::ALL_OF),
            (self.any_of.is_some(), Present::ANY_OF),
            (self.not.is_some(), Present::NOT),
        ];
        for (is, bit) in fields {
            if is {
                present.0 |= bit;
            }
        }
        present
    }
}

/// The groups of fields present in a schema, as bits.
#[derive(Default, Clone, Copy)]
struct Present(u16);

impl Present {
    const PATTERN: u16 = 1;
    /// `multipleOf`, `exclusiveMinimum`, `exclusiveMaximum`, `minimum`, `maximum`.
    const NUMERIC: u16 = 1 << 1;
    const OBJECT: u16 = 1 << 2;
    const ARRAY: u16 = 1 << 3;
    const ENUM: u16 = 1 << 4;
    const FORMAT: u16 = 1 << 5;
    const LENGTH: u16 = 1 << 6;
    const ONE_OF: u16 = 1 << 7;
    const ALL_OF: u16 = 1 << 8;
    const ANY_OF: u16 = 1 << 9;
    const NOT: u16 = 1 << 10;

    /// Nothing is present but the groups in `allowed`.
    fn only(self, allowed: u16) -> bool {
        self.0 & !allowed == 0
    }
}

/// Every value of an `enum` is `null` or passes `check` (absent passes).
fn enum_valid(enumeration: &Option<Vec<Value>>, check: fn(&Value) -> bool) -> bool {
    enumeration.iter().flatten().all(|value| value.is_null() || check(value))
}

/// An `enum` already checked by [`enum_valid`], `null` as `None`.
fn enum_values<T>(enumeration: Option<Vec<Value>>, read: fn(&Value) -> Option<T>) -> Option<Vec<Option<T>>> {
    enumeration.unwrap_or_default().iter().map(|value| if value.is_null() { Some(None) } else { read(value).map(Some) }).collect()
}

fn is_integer(number: &Option<Number>) -> bool {
    number.as_ref().is_none_or(Number::is_i64)
}

/// The kind `openapiv3` picks: a type whose fields are the only ones present, else one of the
/// combinators alone, else any schema with every field.
fn schema_kind(keys: &Keys) -> Option<SchemaKind> {
    let fields = Fields::read(keys)?;
    let present = fields.present();
    let integer_bounds = || is_integer(&fields.multiple_of) && is_integer(&fields.minimum) && is_integer(&fields.maximum);
    let kind = match fields.typ.as_deref() {
        Some("string")
            if present.only(Present::PATTERN | Present::ENUM | Present::FORMAT | Present::LENGTH)
                && enum_valid(&fields.enumeration, Value::is_string) =>
        {
            Some(Type::String(StringType {
                format: fields.format.clone().into(),
                pattern: fields.pattern.clone(),
                enumeration: enum_values(fields.enumeration.clone(), |value| value.as_str().map(str::to_owned))?,
                min_length: fields.min_length,
                max_length: fields.max_length,
            }))
        }
        Some("number") if present.only(Present::NUMERIC | Present::ENUM | Present::FORMAT) && enum_valid(&fields.enumeration, Value::is_number) => {
            Some(Type::Number(NumberType {
                format: fields.format.clone().into(),
                multiple_of: fields.multiple_of.as_ref().and_then(Number::as_f64),
                exclusive_minimum: fields.exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: fields.exclusive_maximum.unwrap_or_default(),
                minimum: fields.minimum.as_ref().and_then(Number::as_f64),
                maximum: fields.maximum.as_ref().and_then(Number::as_f64),
                enumeration: enum_values(fields.enumeration.clone(), Value::as_f64)?,
            }))
        }
        Some("integer")
            if present.only(Present::NUMERIC | Present::ENUM | Present::FORMAT)
                && enum_valid(&fields.enumeration, Value::is_i64)
                && integer_bounds() =>
        {
            Some(Type::Integer(IntegerType {
                format: fields.format.clone().into(),
                multiple_of: fields.multiple_of.as_ref().and_then(Number::as_i64),
                exclusive_minimum: fields.exclusive_minimum.unwrap_or_default(),
                exclusive_maximum: fields.exclusive_maximum.unwrap_or_default(),
                minimum: fields.minimum.as_ref().and_then(Number::as_i64),
                maximum: fields.maximum.as_ref().and_then(Number::as_i64),
                enumeration: enum_values(fields.enumeration.clone(), Value::as_i64)?,
            }))
        }
        Some("boolean") if present.only(Present::ENUM) && enum_valid(&fields.enumeration, Value::is_boolean) => {
            Some(Type::Boolean(BooleanType { enumeration: enum_values(fields.enumeration.clone(), Value::as_bool)? }))
        }
        _ => None,
    };
    if let Some(kind) = kind {
        return Some(SchemaKind::Type(kind));
    }
    Some(match (fields.typ.as_deref(), present.0) {
        (Some("object"), _) if present.only(Present::OBJECT) => SchemaKind::Type(Type::Object(ObjectType {
            properties: fields.properties.unwrap_or_default(),
            required: fields.required.unwrap_or_default(),
            additional_properties: fields.additional_properties,
            min_properties: fields.min_properties,
            max_properties: fields.max_properties,
        })),
        (Some("array"), _) if present.only(Present::ARRAY) => SchemaKind::Type(Type::Array(ArrayType {
            items: fields.items,
            min_items: fields.min_items,
            max_items: fields.max_items,
            unique_items: fields.unique_items.unwrap_or_default(),
        })),
        (None, Present::ONE_OF) => SchemaKind::OneOf { one_of: fields.one_of? },
        (None, Present::ALL_OF) => SchemaKind::AllOf { all_of: fields.all_of? },
        (None, Present::ANY_OF) => SchemaKind::AnyOf { any_of: fields.any_of? },
        (None, Present::NOT) => SchemaKind::Not { not: fields.not? },
        _ => SchemaKind::Any(AnySchema {
            typ: fields.typ,
            pattern: fields.pattern,
            multiple_of: fields.multiple_of.as_ref().and_then(Number::as_f64),
            exclusive_minimum: fields.exclusive_minimum,
            exclusive_maximum: fields.exclusive_maximum,
            minimum: fields.minimum.as_ref().and_then(Number::as_f64),
            maximum: fields.maximum.as_ref().and_then(Number::as_f64),
            properties: fields.properties.unwrap_or_default(),
            required: fields.required.unwrap_or_default(),
            additional_properties: fields.additional_properties,
            min_properties: fields.min_properties,
            max_properties: fields.max_properties,
            items: fields.items,
            min_items: fields.min_items,
            max_items: fields.max_items,
            unique_items: fields.unique_items,
            enumeration: fields.enumeration.unwrap_or_default(),
            format: fields.format,
            min_length: fields.min_length,
            max_length: fields.max_length,
            one_of: fields.one_of.unwrap_or_default(),
            all_of: fields.all_of.unwrap_or_default(),
            any_of: fields.any_of.unwrap_or_default(),
            not: fields.not,
        }),
    })
}

/// The component schemas, by name.
pub type Schemas = IndexMap<String, ReferenceOr<Schema>>;

/// Every schema of `map` typed, in order: by hand, or by serde where this module does not read
/// it; the first that does not type, by name, with serde's error.
pub fn typed_map(map: Map<String, Value>) -> Result<Schemas, (String, serde_path_to_error::Error<serde_json::Error>)> {
    let mut schemas = Schemas::with_capacity(map.len());
    for (name, value) in map {
        let schema = match reference_or_schema(&value) {
            Some(schema) => schema,
            None => serde_path_to_error::deserialize(value).map_err(|error| (name.clone(), error))?,
        };
        schemas.insert(name, schema);
    }
    Ok(schemas)
}

/// How typing by hand compares with serde on `schemas` (a document's component schemas, as
/// values): the names of those typed differently, and how many were left to serde. For the tests,
/// which hold the pinned spec and every fixture to no difference.
pub fn compare_with_serde(schemas: &Map<String, Value>) -> (Vec<String>, usize) {
    let (mut different, mut left) = (Vec::new(), 0);
    for (name, value) in schemas {
        match reference_or_schema(value) {
            None => left += 1,
            Some(schema) => {
                if serde_json::from_value::<ReferenceOr<Schema>>(value.clone()).ok().as_ref() != Some(&schema) {
                    different.push(name.clone());
                }
            }
        }
    }
    (different, left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Where this module types a value, serde types it the same; where it leaves it, serde
    /// decides (types it or gives the error).
    fn same_as_serde(value: Value) -> bool {
        let by_hand = reference_or_schema(&value);
        if let Some(schema) = &by_hand {
            let by_serde: ReferenceOr<Schema> = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{value}: serde refuses: {e}"));
            assert_eq!(schema, &by_serde, "{value}");
        }
        by_hand.is_some()
    }

    #[test]
    fn each_kind_and_its_fields_are_typed_as_serde_types_them() {
        let typed = [
            json!({"$ref": "#/components/schemas/A", "description": "ignored beside a reference"}),
            json!({"type": "string", "format": "date-time", "enum": ["a", null], "minLength": 1, "pattern": "^a"}),
            json!({"type": "string", "format": "not-a-known-format"}),
            json!({"type": "number", "format": "float", "minimum": 0, "maximum": 1.5, "multipleOf": 0.5, "exclusiveMinimum": true}),
            json!({"type": "integer", "format": "int64", "minimum": -3, "enum": [1, 2, null]}),
            json!({"type": "boolean", "enum": [true]}),
            json!({"type": "object", "properties": {"b": {"type": "string"}, "a": {"$ref": "#/x"}}, "required": ["b"], "additionalProperties": false}),
            json!({"type": "object", "additionalProperties": {"type": "integer"}, "minProperties": 1}),
            json!({"type": "array", "items": {"type": "object", "properties": {}}, "uniqueItems": true, "maxItems": 3}),
            json!({"oneOf": [{"$ref": "#/a"}, {"type": "null"}], "discriminator": {"propertyName": "kind", "mapping": {"a": "#/a"}}}),
            json!({"allOf": [{"$ref": "#/a"}], "description": "docs", "title": "T", "deprecated": true, "nullable": true}),
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
            json!({"not": {"type": "string"}}),
            json!({"readOnly": true, "writeOnly": false, "example": {"a": 1}, "default": [1], "externalDocs": {"url": "https://example.com"}}),
            json!({"x-b": 1, "x-a": {"nested": true}, "unknown": "ignored", "description": null, "example": null, "default": null}),
            // A kind's field beside another kind's: any schema, with every field.
            json!({"type": "string", "properties": {"a": {}}}),
            json!({"type": "integer", "minimum": 1.5}),
            json!({"type": "integer", "enum": [1.5]}),
            json!({"type": "boolean", "format": "flag"}),
            json!({"type": "object", "items": {}}),
            json!({"oneOf": [], "anyOf": []}),
            json!({"type": "object", "oneOf": [{"type": "string"}]}),
            json!({"type": "whatever"}),
            json!({"$ref": 5, "type": "string"}),
            json!({"items": null, "properties": null, "enum": null}),
            json!({}),
        ];
        for value in typed {
            assert!(same_as_serde(value.clone()), "{value} is left to serde");
        }
    }

    /// A field of the wrong type, `null` for a flag, a schema that is not an object: left to serde,
    /// which refuses them (or reads the odd shape).
    #[test]
    fn values_of_the_wrong_shape_are_left_to_serde() {
        let left = [
            json!({"type": ["string", "null"]}),
            json!({"nullable": null}),
            json!({"required": "a"}),
            json!({"required": [1]}),
            json!({"minLength": -1}),
            json!({"minLength": 1.0}),
            json!({"properties": {"a": 5}}),
            json!({"additionalProperties": "yes"}),
            json!({"description": 5}),
            json!({"externalDocs": {}}),
            json!(true),
            json!(["#/a"]),
        ];
        for value in left {
            assert!(!same_as_serde(value.clone()), "{value} is typed by hand");
        }
    }

    /// Every fixture's component schemas are typed as serde types them.
    #[test]
    fn every_fixture_schema_is_typed_as_serde_types_it() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
        let mut checked = 0;
        for entry in std::fs::read_dir(&fixtures).expect("tests/fixtures is beside codegen").flatten() {
            let spec = entry.path().join("spec.yaml");
            if !spec.exists() {
                continue;
            }
            let bundle = crate::load::bundled_file(&spec).unwrap_or_else(|errors| panic!("{errors}"));
            let Some(schemas) = bundle.value.pointer("/components/schemas").and_then(Value::as_object) else { continue };
            let (different, _) = compare_with_serde(schemas);
            assert!(different.is_empty(), "{}: typed otherwise than serde: {different:?}", spec.display());
            checked += schemas.len();
        }
        assert!(checked > 200, "only {checked} fixture schemas were compared");
    }
}

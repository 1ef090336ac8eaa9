//! Stage 2: checks every `$ref` and puts every schema into one canonical shape.
//!
//! Its errors are found all at once: a `$ref` that points nowhere (or outside
//! `#/components/schemas`), a component that is only another name for itself. The load stage
//! finds the others before it (text that does not parse, other files, fields of the wrong type),
//! and `analyze` reports both together, so the stages after this one can trust the document.
//! `openapiv3` reads a schema that mixes keywords of several kinds (`type: object`
//! beside `anyOf`, `enum` without `type`) as a catch-all `Any`; this stage turns each into the
//! typed kind it most nearly is, with a warning when a keyword is set aside.

use crate::error::{Diagnostic, Diagnostics};
use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, IntegerType, NumberType, ObjectType, OpenAPI, ReferenceOr,
    Schema, SchemaKind, StringType, Type,
};
use std::collections::HashSet;

// The model stage names places with these through this module.
pub use crate::pointer::{escape, unescape};

/// The prefix of every reference the generator follows.
pub const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// A checked document, and what was set aside on the way.
pub struct Resolved {
    pub doc: OpenAPI,
    pub warnings: Vec<Diagnostic>,
}

pub fn resolve(mut doc: OpenAPI, source: &str) -> Result<Resolved, Diagnostics> {
    let names: HashSet<String> = component_names(&doc).map(str::to_owned).collect();
    let mut walk = Walk { names: &names, errors: Vec::new(), warnings: Vec::new(), depth: 0 };
    if let Some(components) = doc.components.as_mut() {
        for (name, schema) in components.schemas.iter_mut() {
            walk.schema(schema, &format!("{SCHEMA_PREFIX}{}", escape(name)));
        }
    }
    walk.bodies(&mut doc);
    let mut errors = walk.errors;
    errors.extend(alias_cycles(&doc));
    if errors.is_empty() {
        Ok(Resolved { doc, warnings: walk.warnings })
    } else {
        Err(Diagnostics { source: source.to_owned(), errors })
    }
}

pub fn component_names(doc: &OpenAPI) -> impl Iterator<Item = &str> {
    doc.components.iter().flat_map(|c| c.schemas.keys()).map(String::as_str)
}

/// The component name a reference points to, if it is a local schema reference.
pub fn target(reference: &str) -> Option<String> {
    reference.strip_prefix(SCHEMA_PREFIX).filter(|name| !name.contains('/')).map(unescape)
}

/// What is wrong with the syntax of a reference, if anything.
fn malformed(reference: &str) -> Option<&'static str> {
    if reference.is_empty() {
        return Some("it is empty");
    }
    let fragment = reference.split_once('#').map_or("", |(_, fragment)| fragment);
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Some("a JSON pointer after `#` starts with `/`");
    }
    let mut chars = fragment.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Some("in a JSON pointer `~` is written `~0` and `/` inside a name `~1`; `~` followed by anything else is not allowed");
        }
    }
    None
}

struct Walk<'n> {
    names: &'n HashSet<String>,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// How many schemas deep the walk is.
    depth: usize,
}

impl Walk<'_> {
    /// The schemas of request and response bodies, in operations and in components.
    fn bodies(&mut self, doc: &mut OpenAPI) {
        for (path, item) in doc.paths.paths.iter_mut() {
            let ReferenceOr::Item(item) = item else { continue };
            for (method, operation) in crate::pointer::operations_mut(item) {
                let base = format!("#/paths/{}/{method}", escape(path));
                if let Some(ReferenceOr::Item(body)) = &mut operation.request_body {
                    self.content(&mut body.content, &format!("{base}/requestBody"));
                }
                let responses = &mut operation.responses;
                for (status, response) in responses.responses.iter_mut().map(|(s, r)| (s.to_string(), r)).chain(responses.default.iter_mut().map(|r| ("default".to_owned(), r))) {
                    if let ReferenceOr::Item(response) = response {
                        self.content(&mut response.content, &format!("{base}/responses/{status}"));
                    }
                }
            }
        }
        if let Some(components) = doc.components.as_mut() {
            for (name, body) in components.request_bodies.iter_mut() {
                if let ReferenceOr::Item(body) = body {
                    self.content(&mut body.content, &format!("#/components/requestBodies/{}", escape(name)));
                }
            }
            for (name, response) in components.responses.iter_mut() {
                if let ReferenceOr::Item(response) = response {
                    self.content(&mut response.content, &format!("#/components/responses/{}", escape(name)));
                }
            }
        }
    }

    fn content(&mut self, content: &mut indexmap::IndexMap<String, openapiv3::MediaType>, pointer: &str) {
        for (media_type, media) in content.iter_mut() {
            if let Some(schema) = &mut media.schema {
                self.schema(schema, &format!("{pointer}/content/{}/schema", escape(media_type)));
            }
        }
    }

    fn reference(&mut self, reference: &str, pointer: &str) {
        if let Some(problem) = malformed(reference) {
            self.errors.push(Diagnostic::new(pointer, format!("`$ref: {reference}` is not a valid reference: {problem}")));
            return;
        }
        match reference.strip_prefix(SCHEMA_PREFIX) {
            Some(name) if self.names.contains(&unescape(name)) => {}
            Some("") => self.errors.push(Diagnostic::new(pointer, format!("`$ref: {reference}` names no schema: the name after {SCHEMA_PREFIX} is empty"))),
            Some(name) if name.split_once('/').is_some_and(|(head, _)| self.names.contains(&unescape(head))) => {
                self.errors.push(Diagnostic::new(
                    pointer,
                    format!("`$ref: {reference}` points inside a component schema; only whole schemas (#/components/schemas/<name>) can be referenced"),
                ))
            }
            Some(name) => self.errors.push(Diagnostic::new(
                pointer,
                format!("`$ref: {reference}` points to a schema that does not exist (no `{}` in #/components/schemas)", unescape(name)),
            )),
            None if reference.starts_with('#') => self.errors.push(Diagnostic::new(
                pointer,
                format!("`$ref: {reference}` does not point into #/components/schemas, where a schema `$ref` must point"),
            )),
            None => self.errors.push(Diagnostic::new(
                pointer,
                format!("`$ref: {reference}` points outside this document; external references are not supported yet"),
            )),
        }
    }

    fn schema(&mut self, schema: &mut ReferenceOr<Schema>, pointer: &str) {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.item(schema, pointer),
        }
    }

    fn boxed(&mut self, schema: &mut ReferenceOr<Box<Schema>>, pointer: &str) {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, pointer),
            ReferenceOr::Item(schema) => self.item(schema, pointer),
        }
    }

    /// Nesting is bounded by the parser's depth limit; this guard keeps the walk (and the model
    /// built after it, which recurses the same way) off the end of the stack whatever the input.
    fn item(&mut self, schema: &mut Schema, pointer: &str) {
        if self.depth >= crate::load::MAX_DEPTH {
            let message = format!("schemas nested deeper than {} levels are not supported", crate::load::MAX_DEPTH);
            self.errors.push(Diagnostic::new(pointer, message));
            return;
        }
        self.depth += 1;
        self.item_within(schema, pointer);
        self.depth -= 1;
    }

    fn item_within(&mut self, schema: &mut Schema, pointer: &str) {
        if let Some(discriminator) = &mut schema.schema_data.discriminator {
            self.mapping(&mut discriminator.mapping);
        }
        if let SchemaKind::Any(any) = &mut schema.schema_kind {
            let any = std::mem::take(any);
            schema.schema_kind = self.canonical(any, pointer);
        }
        match &mut schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (name, property) in object.properties.iter_mut() {
                    self.boxed(property, &format!("{pointer}/properties/{}", escape(name)));
                }
                if let Some(AdditionalProperties::Schema(extra)) = &mut object.additional_properties {
                    self.schema(extra, &format!("{pointer}/additionalProperties"));
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &mut array.items {
                    self.boxed(items, &format!("{pointer}/items"));
                }
            }
            SchemaKind::OneOf { one_of: list } => self.list(list, &format!("{pointer}/oneOf")),
            SchemaKind::AnyOf { any_of: list } => self.list(list, &format!("{pointer}/anyOf")),
            SchemaKind::AllOf { all_of: list } => self.list(list, &format!("{pointer}/allOf")),
            SchemaKind::Not { not } => {
                self.warn(pointer, "`not` is not modelled; generating `serde_json::Value`");
                self.schema(not, &format!("{pointer}/not"));
            }
            _ => {}
        }
    }

    /// A `discriminator.mapping` value may be a bare schema name (`Dog`); it becomes the
    /// reference the union's members are written with, so later stages compare like with like.
    fn mapping(&mut self, mapping: &mut indexmap::IndexMap<String, String>) {
        for target in mapping.values_mut() {
            if !target.starts_with('#') && self.names.contains(target.as_str()) {
                *target = format!("{SCHEMA_PREFIX}{}", escape(target));
            }
        }
    }

    fn list(&mut self, list: &mut [ReferenceOr<Schema>], pointer: &str) {
        for (index, member) in list.iter_mut().enumerate() {
            self.schema(member, &format!("{pointer}/{index}"));
        }
    }

    /// The typed kind a catch-all schema most nearly is.
    fn canonical(&mut self, any: AnySchema, pointer: &str) -> SchemaKind {
        let typ = any.typ.as_deref();
        let composed = !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty();
        let declares_fields = !any.properties.is_empty() || any.additional_properties.is_some();
        // `type: object` beside a `oneOf` of objects is the union's hint, not a second shape.
        if declares_fields || (!composed && (typ == Some("object") || !any.required.is_empty())) {
            if composed {
                self.warn(pointer, "`oneOf`/`anyOf`/`allOf` beside `properties` only constrain the object; generating the declared properties");
            }
            return SchemaKind::Type(Type::Object(ObjectType {
                properties: any.properties,
                required: any.required,
                additional_properties: any.additional_properties,
                min_properties: any.min_properties,
                max_properties: any.max_properties,
            }));
        }
        if typ == Some("array") || any.items.is_some() {
            return SchemaKind::Type(Type::Array(ArrayType {
                items: any.items,
                min_items: any.min_items,
                max_items: any.max_items,
                unique_items: any.unique_items.unwrap_or(false),
            }));
        }
        if !any.enumeration.is_empty() && any.enumeration.iter().all(serde_json::Value::is_null) {
            // Only `null` fits; a string or integer type would reject the one allowed value.
            self.warn(pointer, "an `enum` of only `null` is generated as `serde_json::Value`");
            return SchemaKind::Any(AnySchema::default());
        }
        if !any.enumeration.is_empty() {
            let strings: Option<Vec<Option<String>>> = any
                .enumeration
                .iter()
                .map(|v| if v.is_null() { Some(None) } else { v.as_str().map(|s| Some(s.to_owned())) })
                .collect();
            if let Some(enumeration) = strings {
                return SchemaKind::Type(Type::String(StringType { enumeration, ..StringType::default() }));
            }
            let integers: Option<Vec<Option<i64>>> =
                any.enumeration.iter().map(|v| if v.is_null() { Some(None) } else { v.as_i64().map(Some) }).collect();
            if let Some(enumeration) = integers {
                return SchemaKind::Type(Type::Integer(IntegerType { enumeration, ..IntegerType::default() }));
            }
            self.warn(pointer, "an `enum` of values of several JSON types is generated as `serde_json::Value`");
            return SchemaKind::Any(AnySchema::default());
        }
        if composed {
            if typ.is_some_and(|t| t != "object") {
                self.warn(pointer, "`type` beside `oneOf`/`anyOf`/`allOf` is ignored; generating the composition");
            }
            return match (any.one_of, any.any_of, any.all_of) {
                (one_of, _, _) if !one_of.is_empty() => SchemaKind::OneOf { one_of },
                (_, any_of, _) if !any_of.is_empty() => SchemaKind::AnyOf { any_of },
                (_, _, all_of) => SchemaKind::AllOf { all_of },
            };
        }
        match typ {
            Some("string") => SchemaKind::Type(Type::String(StringType::default())),
            Some("integer") => SchemaKind::Type(Type::Integer(IntegerType {
                format: any.format.map_or(Default::default(), |f| serde_json::from_value(f.into()).unwrap_or_default()),
                ..IntegerType::default()
            })),
            Some("number") => SchemaKind::Type(Type::Number(NumberType::default())),
            Some("boolean") => SchemaKind::Type(Type::Boolean(Default::default())),
            Some(other) => {
                self.warn(pointer, &format!("unknown `type: {other}`; generating `serde_json::Value`"));
                SchemaKind::Any(AnySchema::default())
            }
            None => {
                if any.not.is_some() {
                    self.warn(pointer, "`not` is not modelled; generating `serde_json::Value`");
                }
                SchemaKind::Any(AnySchema { not: any.not, ..AnySchema::default() })
            }
        }
    }

    fn warn(&mut self, pointer: &str, message: &str) {
        self.warnings.push(Diagnostic::new(pointer, message));
    }
}

/// Components that only name another component, along a chain that comes back to itself and
/// never reaches a schema: `A: {$ref: A}`, `A: {allOf: [{$ref: A}]}`, `A: {$ref: A, description: x}`
/// (3.1, loaded as the `allOf`), `A: {anyOf: [{$ref: B}, {type: 'null'}]}` with `B: {$ref: A}`.
fn alias_cycles(doc: &OpenAPI) -> Vec<Diagnostic> {
    let Some(components) = &doc.components else { return Vec::new() };
    let schemas = &components.schemas;
    // Each component names at most one other: follow every chain once (linear in the count).
    let next: Vec<Option<usize>> =
        schemas.values().map(|schema| alias_of(schema, 0).and_then(target).and_then(|name| schemas.get_index_of(&name))).collect();
    let (unseen, on_path, done) = (0u8, 1u8, 2u8);
    let mut state = vec![unseen; schemas.len()];
    let mut cycles: Vec<Option<String>> = vec![None; schemas.len()];
    for start in 0..schemas.len() {
        let mut path = Vec::new();
        let mut node = Some(start);
        while let Some(current) = node.filter(|&n| state[n] != done) {
            if state[current] == on_path {
                let from = path.iter().position(|&n| n == current).unwrap_or_default();
                let cycle = &path[from..];
                for (k, &member) in cycle.iter().enumerate() {
                    let names: Vec<&str> =
                        cycle[k..].iter().chain(&cycle[..k]).chain([&member]).filter_map(|&n| schemas.get_index(n)).map(|(name, _)| name.as_str()).collect();
                    cycles[member] = Some(format!("`$ref` cycle that never reaches a schema: {}", names.join(" -> ")));
                }
                break;
            }
            state[current] = on_path;
            path.push(current);
            node = next[current];
        }
        for n in path {
            state[n] = done;
        }
    }
    schemas
        .keys()
        .zip(cycles)
        .filter_map(|(name, message)| Some(Diagnostic::new(format!("{SCHEMA_PREFIX}{}", escape(name)), message?)))
        .collect()
}

/// The reference a schema is only another name for: a `$ref`, or an `allOf`/`anyOf`/`oneOf`
/// whose one member (beside members that only document it, in an `allOf`) is such a schema.
/// The model stage reads these as the schema they wrap.
fn alias_of(schema: &ReferenceOr<Schema>, depth: usize) -> Option<&str> {
    let schema = match schema {
        ReferenceOr::Reference { reference } => return Some(reference),
        ReferenceOr::Item(schema) => schema,
    };
    let only = match &schema.schema_kind {
        SchemaKind::AnyOf { any_of: list } | SchemaKind::OneOf { one_of: list } if list.len() == 1 => &list[0],
        SchemaKind::AllOf { all_of: list } => {
            let blank = |member: &ReferenceOr<Schema>| matches!(member, ReferenceOr::Item(Schema { schema_kind: SchemaKind::Any(_), .. }));
            let mut meaningful = list.iter().filter(|member| list.len() == 1 || !blank(member));
            match (meaningful.next(), meaningful.next()) {
                (Some(only), None) => only,
                _ => return None,
            }
        }
        _ => return None,
    };
    // Wrappers inside wrappers are bounded by the nesting limit; this keeps the walk short.
    if depth >= crate::load::MAX_DEPTH {
        return None;
    }
    alias_of(only, depth + 1)
}

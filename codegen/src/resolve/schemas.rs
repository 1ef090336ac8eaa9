//! Schemas of the document → [`Node`]s of the graph: each `$ref` checked and turned into the id
//! of its component, each schema given one canonical [`Kind`].
//!
//! `openapiv3` reads a schema that mixes keywords of several kinds (`type: object` beside
//! `anyOf`, `enum` without `type`) as a catch-all `Any`; this turns each into the typed kind it
//! most nearly is, with a warning when a keyword is set aside.

use super::graph::{Additional, Discriminator, Kind, Node, Object, Schema, SchemaId};
use super::SCHEMA_PREFIX;
use crate::error::Diagnostic;
use crate::pointer::{escape, unescape};
use foldhash::HashMap;
use openapiv3::{AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, SchemaKind, Type, VariantOrUnknownOrEmpty};

/// Lowers schemas, collecting what is wrong and what is set aside.
pub struct Lower<'n> {
    /// Component schema names and their ids.
    pub names: &'n HashMap<String, SchemaId>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// How many schemas deep the walk is.
    depth: usize,
}

impl<'n> Lower<'n> {
    pub fn new(names: &'n HashMap<String, SchemaId>) -> Self {
        Lower { names, errors: Vec::new(), warnings: Vec::new(), depth: 0 }
    }

    /// The schema written at `pointer`.
    pub fn schema(&mut self, schema: ReferenceOr<openapiv3::Schema>, pointer: &str) -> Node {
        // One string for the pointers of every schema inside, each segment added and taken off
        // in turn: only a diagnostic reads them, and a string of its own for each schema was 1%
        // of a generation.
        let mut pointer = pointer.to_owned();
        self.schema_at(schema, &mut pointer)
    }

    fn schema_at(&mut self, schema: ReferenceOr<openapiv3::Schema>, pointer: &mut String) -> Node {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(&reference, pointer),
            ReferenceOr::Item(schema) => self.item(schema, pointer),
        }
    }

    /// The member `segments` further in, `pointer` as it was after.
    fn member(&mut self, schema: ReferenceOr<openapiv3::Schema>, pointer: &mut String, segments: &[&str]) -> Node {
        let length = pointer.len();
        segments.iter().for_each(|segment| pointer.push_str(segment));
        let node = self.schema_at(schema, pointer);
        pointer.truncate(length);
        node
    }

    fn boxed(&mut self, schema: ReferenceOr<Box<openapiv3::Schema>>, pointer: &mut String) -> Node {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(&reference, pointer),
            ReferenceOr::Item(schema) => self.item(*schema, pointer),
        }
    }

    /// The component a schema `$ref` names; an error (and a schema that allows anything) when
    /// it names none.
    fn reference(&mut self, reference: &str, pointer: &str) -> Node {
        match self.component(reference) {
            Ok(id) => Node::Ref(id),
            Err(problem) => {
                self.errors.push(Diagnostic::new(pointer, problem));
                Node::any()
            }
        }
    }

    fn component(&self, reference: &str) -> Result<SchemaId, String> {
        if let Some(problem) = malformed(reference) {
            return Err(format!("`$ref: {reference}` is not a valid reference: {problem}"));
        }
        if let Some(&id) = reference.strip_prefix(SCHEMA_PREFIX).and_then(|name| self.names.get(&unescape(name))) {
            return Ok(id);
        }
        match reference.strip_prefix(SCHEMA_PREFIX) {
            Some("") => Err(format!("`$ref: {reference}` names no schema: the name after {SCHEMA_PREFIX} is empty")),
            Some(name) if name.split_once('/').is_some_and(|(head, _)| self.names.contains_key(&unescape(head))) => Err(format!(
                "`$ref: {reference}` points inside a component schema; only whole schemas (#/components/schemas/<name>) can be referenced"
            )),
            Some(name) => {
                Err(format!("`$ref: {reference}` points to a schema that does not exist (no `{}` in #/components/schemas)", unescape(name)))
            }
            None if reference.starts_with('#') => {
                Err(format!("`$ref: {reference}` does not point into #/components/schemas, where a schema `$ref` must point"))
            }
            None => Err(format!("`$ref: {reference}` points outside this document; external references are not supported yet")),
        }
    }

    /// Nesting is bounded by the parser's depth limit; this guard keeps the walk (and the model
    /// built after it, which recurses the same way) off the end of the stack whatever the input.
    fn item(&mut self, schema: openapiv3::Schema, pointer: &mut String) -> Node {
        if self.depth >= crate::load::MAX_DEPTH {
            let message = format!("schemas nested deeper than {} levels are not supported", crate::load::MAX_DEPTH);
            self.errors.push(Diagnostic::new(pointer.as_str(), message));
            return Node::any();
        }
        self.depth += 1;
        let node = self.item_within(schema, pointer);
        self.depth -= 1;
        node
    }

    fn item_within(&mut self, schema: openapiv3::Schema, pointer: &mut String) -> Node {
        let data = schema.schema_data;
        let discriminator = data.discriminator.map(|d| self.discriminator(d, pointer));
        let kind = match schema.schema_kind {
            SchemaKind::Any(any) => self.canonical(any, pointer),
            kind => kind,
        };
        let kind = self.kind(kind, pointer);
        Node::Item(Box::new(Schema {
            title: data.title,
            description: data.description,
            nullable: data.nullable,
            deprecated: data.deprecated,
            discriminator,
            kind,
        }))
    }

    /// A typed kind of `openapiv3` as the graph's [`Kind`], its members lowered.
    fn kind(&mut self, kind: SchemaKind, pointer: &mut String) -> Kind {
        match kind {
            SchemaKind::Type(Type::String(string))
                if string.enumeration.is_empty() && string.format == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary) =>
            {
                Kind::Binary
            }
            SchemaKind::Type(Type::String(string)) => Kind::String(string.enumeration),
            SchemaKind::Type(Type::Integer(integer)) => {
                Kind::Integer { values: integer.enumeration, int32: matches!(integer.format, VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32)) }
            }
            SchemaKind::Type(Type::Number(_)) => Kind::Number,
            SchemaKind::Type(Type::Boolean(_)) => Kind::Boolean,
            SchemaKind::Type(Type::Object(mut object)) => {
                // A property only the SDKs have (`x-oaiSupportedSDKs`: `Response.output_text`,
                // text the Python and JavaScript SDKs gather from `output`) is never sent, so it
                // is no field. Dropped without a warning: nothing is generated loosely, the spec
                // says so itself, and should a server send it anyway, it is kept with the
                // unknown fields.
                let sdk_only: Vec<String> =
                    object.properties.iter().filter(|(_, property)| sdk_only(property)).map(|(name, _)| name.clone()).collect();
                object.properties.retain(|name, _| !sdk_only.contains(name));
                object.required.retain(|name| !sdk_only.contains(name));
                let properties = object
                    .properties
                    .into_iter()
                    .map(|(name, property)| {
                        let length = pointer.len();
                        pointer.push_str("/properties/");
                        pointer.push_str(&escape(&name));
                        let node = self.boxed(property, pointer);
                        pointer.truncate(length);
                        (name, node)
                    })
                    .collect();
                let additional = object.additional_properties.map(|additional| match additional {
                    AdditionalProperties::Any(allowed) => Additional::Allowed(allowed),
                    AdditionalProperties::Schema(values) => Additional::Schema(Box::new(self.member(*values, pointer, &["/additionalProperties"]))),
                });
                Kind::Object(Object { properties, required: object.required, additional })
            }
            SchemaKind::Type(Type::Array(array)) => Kind::Array(array.items.map(|items| {
                let length = pointer.len();
                pointer.push_str("/items");
                let node = self.boxed(items, pointer);
                pointer.truncate(length);
                Box::new(node)
            })),
            SchemaKind::OneOf { one_of } => Kind::OneOf(self.list(one_of, pointer, "/oneOf/")),
            SchemaKind::AnyOf { any_of } => Kind::AnyOf(self.list(any_of, pointer, "/anyOf/")),
            SchemaKind::AllOf { all_of } => Kind::AllOf(self.list(all_of, pointer, "/allOf/")),
            SchemaKind::Not { not } => {
                self.warn(pointer, "`not` is not modelled; generating `serde_json::Value`");
                // Checked like any schema, though nothing is generated from it.
                self.member(*not, pointer, &["/not"]);
                Kind::Not
            }
            SchemaKind::Any(any) => {
                if let Some(not) = any.not {
                    self.member(*not, pointer, &["/not"]);
                }
                Kind::Any
            }
        }
    }

    /// A `discriminator.mapping` value is a reference or a bare schema name (`Dog`); either
    /// becomes the component's id. One that names no component is set aside with a warning.
    fn discriminator(&mut self, discriminator: openapiv3::Discriminator, pointer: &str) -> Discriminator {
        let mut mapping = Vec::new();
        for (value, target) in discriminator.mapping {
            let id = match self.names.get(&target) {
                Some(&id) if !target.starts_with('#') => Ok(id),
                _ => self.component(&target),
            };
            match id {
                Ok(id) => mapping.push((value, id)),
                Err(problem) => {
                    let pointer = format!("{pointer}/discriminator/mapping/{}", escape(&value));
                    self.warn(&pointer, &format!("{problem}; this tag value is not used to choose a variant"));
                }
            }
        }
        Discriminator { property: discriminator.property_name, mapping }
    }

    /// The members of a list (`/oneOf/` is `keyword`), each at its index.
    fn list(&mut self, list: Vec<ReferenceOr<openapiv3::Schema>>, pointer: &mut String, keyword: &str) -> Vec<Node> {
        list.into_iter().enumerate().map(|(index, member)| self.member(member, pointer, &[keyword, &index.to_string()])).collect()
    }

    /// The typed kind a catch-all schema most nearly is.
    fn canonical(&mut self, any: AnySchema, pointer: &str) -> SchemaKind {
        use openapiv3::{ArrayType, IntegerType, NumberType, ObjectType, StringType};
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
            let strings: Option<Vec<Option<String>>> =
                any.enumeration.iter().map(|v| if v.is_null() { Some(None) } else { v.as_str().map(|s| Some(s.to_owned())) }).collect();
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

/// The extension that marks a schema as what only the SDKs have, naming them (`[python,
/// javascript]`): the API never sends it.
const SDK_ONLY: &str = "x-oaiSupportedSDKs";

/// Whether a property is only the SDKs': it carries [`SDK_ONLY`], or each member of its
/// `anyOf`/`oneOf` does (`anyOf: [{type: string, x-oaiSupportedSDKs: [...]}, {type: "null"}]`,
/// whose `null` member normalizing has already dropped). A reference is a wire schema.
fn sdk_only(property: &ReferenceOr<Box<openapiv3::Schema>>) -> bool {
    let ReferenceOr::Item(schema) = property else { return false };
    marked(schema)
}

fn marked(schema: &openapiv3::Schema) -> bool {
    if schema.schema_data.extensions.contains_key(SDK_ONLY) {
        return true;
    }
    let members = match &schema.schema_kind {
        SchemaKind::AnyOf { any_of: members } | SchemaKind::OneOf { one_of: members } => members,
        SchemaKind::Any(any) if any.one_of.is_empty() != any.any_of.is_empty() => {
            if any.one_of.is_empty() {
                &any.any_of
            } else {
                &any.one_of
            }
        }
        _ => return false,
    };
    !members.is_empty() && members.iter().all(|member| matches!(member, ReferenceOr::Item(member) if marked(member)))
}

/// What is wrong with the syntax of a reference, if anything.
pub(super) fn malformed(reference: &str) -> Option<&'static str> {
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

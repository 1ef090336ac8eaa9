//! Objects and `allOf`: structs whose fields are gathered from every part of a schema.

use super::build::{optional, Builder, Shape};
use super::place::{Place, SchemaRef};
use super::{Docs, Field, Struct, TypeId, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use crate::resolve::graph::{Additional, Kind, Node, Object, Schema, SchemaId};
use foldhash::{HashMap, HashMapExt, HashSet};

/// One declared property, with the place where it is written.
struct Property<'a> {
    wire: &'a str,
    schema: SchemaRef<'a>,
    place: Place,
}

/// The properties of an object schema and of everything it merges with `allOf`.
#[derive(Default)]
struct Parts<'a> {
    properties: Vec<Property<'a>>,
    required: HashSet<&'a str>,
    /// `additionalProperties`: a schema (with its place), or `true` (`None`).
    additional: Option<Option<(SchemaRef<'a>, Place)>>,
    /// Every part was an object (or said nothing about its shape).
    objects_only: bool,
    /// The parts that are unions (`oneOf`/`anyOf` of several), with their places.
    unions: Vec<(SchemaRef<'a>, Place)>,
    /// A part that is neither an object nor a union (a string, an array...).
    other_shapes: bool,
    /// What the caller reads of the properties (each one's place is a pointer and a name
    /// made for it, most of what collecting costs).
    want: Want,
}

#[derive(Default, Clone, Copy, PartialEq)]
enum Want {
    /// The properties and their places.
    #[default]
    Places,
    /// The properties, their places left empty.
    Properties,
    /// Neither: the required names and the shapes.
    Shapes,
}

impl<'a> Builder<'a> {
    pub(super) fn object(&mut self, schema: &'a Schema, object: &'a Object, place: &Place, slot: Option<TypeId>, docs: &Docs) -> Shape {
        if object.properties.is_empty() {
            match &object.additional {
                Some(Additional::Schema(values)) => {
                    let values = self.resolve((&**values).into(), &place.child("additionalProperties", Some("value")), None);
                    return Shape::Inline(TypeRef::Map(Box::new(optional(values))));
                }
                Some(Additional::Allowed(false)) => {}
                _ if object.required.is_empty() => return Shape::Inline(TypeRef::Object),
                _ => {}
            }
        }
        self.structure(SchemaRef::Item(schema), place, slot, docs)
    }

    pub(super) fn all_of(&mut self, schema: &'a Schema, members: &'a [Node], place: &Place, slot: Option<TypeId>, docs: &Docs) -> Shape {
        if let [only] = members {
            return Shape::Wrapped(self.resolve(only.into(), &place.child("allOf/0", None), slot));
        }
        let mut parts = Parts { objects_only: true, want: Want::Shapes, ..Parts::default() };
        self.collect(SchemaRef::Item(schema), place, &mut parts, &mut Vec::new());
        if parts.objects_only {
            return self.structure(SchemaRef::Item(schema), place, slot, docs);
        }
        // Not all objects: one part that says something and others that only document it.
        let meaningful: Vec<(usize, &'a Node)> = members.iter().enumerate().filter(|(_, member)| !self.is_blank((*member).into())).collect();
        if let [(index, only)] = meaningful[..] {
            return Shape::Wrapped(self.resolve(only.into(), &place.child(&format!("allOf/{index}"), None), slot));
        }
        // Objects and unions, and no map of other properties: a struct whose unions read the
        // fields it does not declare.
        if !parts.other_shapes && !parts.unions.is_empty() && parts.additional.is_none() {
            return self.structure(SchemaRef::Item(schema), place, slot, docs);
        }
        self.warn(&place.pointer, "`allOf` of parts that are not all objects is generated as `serde_json::Value`");
        Shape::Inline(TypeRef::Any)
    }

    /// A struct with the fields of every part of `schema`.
    fn structure(&mut self, schema: SchemaRef<'a>, place: &Place, slot: Option<TypeId>, docs: &Docs) -> Shape {
        let id = self.reserve(place, slot, docs);
        let mut parts = Parts { objects_only: true, ..Parts::default() };
        self.collect(schema, place, &mut parts, &mut Vec::new());

        // A property declared twice (a base and its extension) keeps its first position and its
        // last definition.
        let mut order: Vec<&'a str> = Vec::new();
        let mut last: HashMap<&'a str, Property<'a>> = HashMap::new();
        for property in parts.properties {
            if !last.contains_key(property.wire) {
                order.push(property.wire);
            }
            last.insert(property.wire, property);
        }
        let mut names = Scope::default();
        let mut fields = Vec::with_capacity(order.len());
        for wire in order {
            let Some(property) = last.remove(wire) else { continue };
            let resolved = self.resolve(property.schema, &property.place, None);
            fields.push(Field {
                name: names.claim(naming::snake(wire)),
                wire: wire.to_owned(),
                ty: resolved.ty,
                required: parts.required.contains(wire),
                nullable: resolved.nullable,
                docs: resolved.docs,
                deprecated: resolved.deprecated,
            });
        }
        let additional = parts.additional.map(|values| {
            let ty = match values {
                Some((schema, place)) => optional(self.resolve(schema, &place, None)),
                None => TypeRef::Any,
            };
            (names.claim("additional_properties".to_owned()), ty)
        });
        // Unions merged in read every field the struct does not declare (their variants keep
        // unknown ones), so the struct has no unknown-field map of its own.
        let flattened: Vec<(String, TypeRef)> = parts
            .unions
            .into_iter()
            .map(|(schema, place)| {
                // Named after the union's schema when it has one, else `variant`.
                let word = match schema {
                    SchemaRef::Ref(id) => naming::snake(&self.graph.components[id].name),
                    SchemaRef::Item(_) => "variant".to_owned(),
                };
                let name = names.claim(word);
                let mut place = place;
                place.push_word(&name);
                (name, self.resolve(schema, &place, None).ty)
            })
            .collect();
        // Even `additionalProperties: false` objects keep them: a server adds fields regardless.
        let unknown_fields = (self.config.keep_unknown_fields && additional.is_none() && flattened.is_empty()).then(|| {
            match ["extra", "unknown_fields"].into_iter().find(|name| names.try_claim(name)) {
                Some(name) => name.to_owned(),
                None => names.claim("extra".to_owned()),
            }
        });
        self.types[id].kind = TypeKind::Struct(Struct { fields, additional, unknown_fields, flattened });
        Shape::Defined(id)
    }

    /// Gathers the properties of `schema`, following references and `allOf`. `chain` holds the
    /// references followed to get here: one met again is a cycle, whose parts are already being
    /// gathered; past `MAX_DEPTH` of them the walk stops with a warning.
    fn collect(&self, schema: SchemaRef<'a>, place: &Place, parts: &mut Parts<'a>, chain: &mut Vec<SchemaId>) {
        if let SchemaRef::Ref(reference) = schema {
            if chain.contains(&reference) {
                return;
            }
            if chain.len() >= crate::load::MAX_DEPTH {
                let pointer = self.follow(schema).and_then(|(_, home)| home).map_or_else(|| place.pointer.clone(), |home| home.pointer);
                let message = format!(
                    "`allOf` parts more than {} components deep are not followed: the properties from this one on are left out",
                    crate::load::MAX_DEPTH
                );
                self.cut(&pointer, message);
                return;
            }
            chain.push(reference);
            self.collect_within(schema, place, parts, chain);
            chain.pop();
        } else {
            self.collect_within(schema, place, parts, chain);
        }
    }

    fn collect_within(&self, schema: SchemaRef<'a>, place: &Place, parts: &mut Parts<'a>, chain: &mut Vec<SchemaId>) {
        let schema_ref = schema;
        let Some((schema, home)) = self.follow(schema) else { return };
        let place = home.as_ref().unwrap_or(place);
        match &schema.kind {
            Kind::Object(object) => {
                if parts.want != Want::Shapes {
                    parts.properties.reserve(object.properties.len());
                }
                for (wire, property) in object.properties.iter().filter(|_| parts.want != Want::Shapes) {
                    let place = match parts.want {
                        Want::Places => place.property(wire),
                        _ => Place::root(place.module, String::new()),
                    };
                    parts.properties.push(Property { wire, schema: property.into(), place });
                }
                parts.required.extend(object.required.iter().map(String::as_str));
                match &object.additional {
                    Some(Additional::Schema(values)) => {
                        parts.additional = Some(Some(((&**values).into(), place.child("additionalProperties", Some("value")))));
                    }
                    Some(Additional::Allowed(true)) => parts.additional = parts.additional.take().or(Some(None)),
                    Some(Additional::Allowed(false)) | None => {}
                }
            }
            Kind::AllOf(members) => {
                for (index, member) in members.iter().enumerate() {
                    self.collect(member.into(), &place.child(&format!("allOf/{index}"), None), parts, chain);
                }
            }
            Kind::AnyOf(members) if members.len() == 1 => {
                self.collect((&members[0]).into(), &place.child("anyOf/0", None), parts, chain);
            }
            Kind::OneOf(members) if members.len() == 1 => {
                self.collect((&members[0]).into(), &place.child("oneOf/0", None), parts, chain);
            }
            Kind::Any => {}
            Kind::OneOf(_) | Kind::AnyOf(_) => {
                parts.objects_only = false;
                parts.unions.push((schema_ref, place.clone()));
            }
            _ => {
                parts.objects_only = false;
                parts.other_shapes = true;
            }
        }
    }

    /// A schema that says nothing about the shape of a value (only docs or constraints).
    fn is_blank(&self, schema: SchemaRef<'a>) -> bool {
        matches!(schema, SchemaRef::Item(Schema { kind: Kind::Any, .. }))
    }
}

impl<'a> Builder<'a> {
    /// The properties of an object variant that allow only listed strings, with those strings:
    /// the candidates for a union's tag.
    /// A union of objects counts with the values of all its variants, for the properties every
    /// variant fixes (`Item`'s `type` inside `InputItem`).
    pub(super) fn constant_properties(&self, member: SchemaRef<'a>) -> indexmap::IndexMap<String, Vec<String>> {
        self.constants(member, &mut Vec::new())
    }

    /// `chain`: the unions (by reference) this one is a variant of. A union met again is a cycle
    /// and fixes nothing of its own; past `MAX_DEPTH` of them the walk stops with a warning.
    fn constants(&self, member: SchemaRef<'a>, chain: &mut Vec<SchemaId>) -> indexmap::IndexMap<String, Vec<String>> {
        let member = self.unwrap(member);
        let mut constants: indexmap::IndexMap<String, Vec<String>> = indexmap::IndexMap::new();
        if let Some(Schema { kind: Kind::OneOf(list) | Kind::AnyOf(list), .. }) = self.target(member) {
            if list.len() > 1 {
                if let SchemaRef::Ref(reference) = member {
                    if chain.contains(&reference) {
                        return constants;
                    }
                    if chain.len() >= crate::load::MAX_DEPTH {
                        let pointer = self.follow(member).and_then(|(_, home)| home).map_or_else(String::new, |home| home.pointer);
                        let message =
                            format!("unions nested more than {} components deep: the tags of this one are not looked for", crate::load::MAX_DEPTH);
                        self.cut(&pointer, message);
                        return constants;
                    }
                }
                let reference = if let SchemaRef::Ref(reference) = member { Some(reference) } else { None };
                chain.extend(reference);
                let each: Vec<_> = list.iter().map(|m| self.constants(m.into(), chain)).collect();
                chain.truncate(chain.len() - usize::from(reference.is_some()));
                if let Some(first) = each.first() {
                    for key in first.keys().filter(|key| each.iter().all(|c| c.contains_key(*key))) {
                        let mut values: Vec<String> = Vec::new();
                        for value in each.iter().flat_map(|c| &c[key]) {
                            if !values.contains(value) {
                                values.push(value.clone());
                            }
                        }
                        constants.insert(key.clone(), values);
                    }
                }
                return constants;
            }
        }
        let mut parts = Parts { objects_only: true, want: Want::Properties, ..Parts::default() };
        let place = Place::root(0, String::new());
        self.collect(member, &place, &mut parts, &mut Vec::new());
        if parts.objects_only {
            for property in parts.properties {
                if let Some(values) = self.enum_values(property.schema) {
                    constants.insert(property.wire.to_owned(), values);
                }
            }
        }
        constants
    }

    /// The schema a reference or a one-member `allOf`/`anyOf`/`oneOf` stands for.
    fn unwrap(&self, member: SchemaRef<'a>) -> SchemaRef<'a> {
        let mut current = member;
        for _ in 0..self.wrapper_limit() {
            match self.target(current) {
                Some(Schema { kind: Kind::AllOf(list) | Kind::AnyOf(list) | Kind::OneOf(list), .. }) if list.len() == 1 => {
                    current = (&list[0]).into()
                }
                _ => break,
            }
        }
        current
    }

    /// The properties an object variant requires (empty for anything else).
    pub(super) fn required_properties(&self, member: SchemaRef<'a>) -> HashSet<String> {
        let mut parts = Parts { objects_only: true, want: Want::Shapes, ..Parts::default() };
        let place = Place::root(0, String::new());
        self.collect(member, &place, &mut parts, &mut Vec::new());
        parts.required.into_iter().map(str::to_owned).collect()
    }

    /// Whether a variant is itself a union (it decides among more shapes, so it goes first).
    pub(super) fn is_union(&self, member: SchemaRef<'a>) -> bool {
        matches!(
            self.target(self.unwrap(member)),
            Some(Schema { kind: Kind::OneOf(list) | Kind::AnyOf(list), .. }) if list.len() > 1
        )
    }

    fn enum_values(&self, schema: SchemaRef<'a>) -> Option<Vec<String>> {
        let schema = self.target(self.unwrap(schema))?;
        match &schema.kind {
            Kind::String(enumeration) if !enumeration.is_empty() => Some(enumeration.iter().flatten().cloned().collect()),
            _ => None,
        }
    }
}

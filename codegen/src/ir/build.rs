//! Builds the [`Model`] from a resolved document: one module per component schema, one type per
//! schema that needs a name (objects, enums, unions), plain Rust types for the rest.

use super::clean_docs::CleanDocs;
use super::place::{Place, SchemaRef};
use super::{Constant, Docs, Enum, Integers, Model, Module, TypeDef, TypeId, TypeKind, TypeRef, Variant};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::naming::{self, Scope};
use crate::resolve::graph::{Graph, Kind, Node, Schema};
use foldhash::{HashMap, HashMapExt};

/// A schema that gets a module and a root type: a component, or an operation's inline body.
struct Root<'a> {
    name: String,
    schema: SchemaRef<'a>,
    pointer: String,
}

/// Builds the types of every component schema and every inline body of an operation; gives the
/// builder (for the operations) and the type of each inline body, by the pointer of its schema.
///
/// The components are the first roots, in order: a component's id is the index of its module
/// and of its root type.
pub(super) fn types<'a>(graph: &'a Graph, config: &'a Config) -> (Builder<'a>, HashMap<String, TypeId>) {
    let components = graph.components.iter().map(|component| Root {
        name: component.name.clone(),
        schema: (&component.schema).into(),
        pointer: component.pointer.clone(),
    });
    let (bodies, unnamed) = super::bodies::scan(graph);
    let bodies = bodies.into_iter().filter_map(|body| {
        let schema = body.inline?;
        Some(Root { name: body.type_name, schema: SchemaRef::Item(schema), pointer: body.pointer })
    });
    let roots: Vec<Root> = components.chain(bodies).collect();
    // The type of each inline body, by the pointer of its schema, for the operations.
    let body_types: HashMap<String, TypeId> =
        roots.iter().enumerate().skip(graph.components.len()).map(|(index, root)| (root.pointer.clone(), index)).collect();
    let mut builder = Builder::new(graph, &roots, config);
    // With operations, an unnamed operation's inline bodies are typed in its own module (its
    // warning says so).
    if !config.operations {
        builder.warnings.extend(unnamed);
    }
    for (index, root) in roots.iter().enumerate() {
        let id = builder.modules[index].root;
        let place = Place::root(index, root.pointer.clone());
        let resolved = builder.resolve(root.schema, &place, Some(id));
        let def = &mut builder.types[id];
        if resolved.ty != TypeRef::Named(id) {
            def.kind = TypeKind::Alias(resolved.ty);
        }
        def.docs = resolved.docs;
        def.deprecated = resolved.deprecated;
    }
    (builder, body_types)
}

impl Builder<'_> {
    /// The model of what was built, before it is finished, and the warnings.
    pub(super) fn into_model(self) -> (Model, Vec<Diagnostic>) {
        let config = self.config;
        let model = Model {
            modules: self.modules,
            types: self.types,
            lenient: config.lenient,
            derive_deserialize: config.derive_deserialize,
            constructors: config.constructors,
            areas: Default::default(),
            pages: self.pages,
            query_brackets: config.query_brackets,
            registry: config.registry,
            root_names: Default::default(),
        };
        let mut warnings = self.warnings;
        for cut in self.cuts.into_inner() {
            if !warnings.contains(&cut) {
                warnings.push(cut);
            }
        }
        (model, warnings)
    }
}

/// What a schema is at a use site.
#[derive(Debug, Clone)]
pub(super) struct Resolved {
    pub ty: TypeRef,
    pub nullable: bool,
    pub docs: Docs,
    pub deprecated: bool,
}

/// What a schema turned into, before its own docs and nullability are added.
pub(super) enum Shape {
    /// A Rust type that needs no definition (`String`, `Vec<T>`).
    Inline(TypeRef),
    /// A type defined for this schema.
    Defined(TypeId),
    /// A wrapper around one other schema (`allOf: [$ref]`, `anyOf: [T, null]`).
    Wrapped(Resolved),
}

pub(super) struct Builder<'a> {
    pub config: &'a Config,
    pub graph: &'a Graph,
    pub types: Vec<TypeDef>,
    pub modules: Vec<Module>,
    scopes: Vec<Scope>,
    memo: HashMap<String, Resolved>,
    /// The list answers that are pages (see `operations`).
    pub pages: Vec<super::PageDef>,
    component_docs: HashMap<TypeId, Docs>,
    /// Every text's doc lines, cleaned ahead on all cores.
    pub docs: CleanDocs<'a>,
    pub warnings: Vec<Diagnostic>,
    /// Where a walk that only reads the document stopped short (see [`Builder::cut`]).
    cuts: std::cell::RefCell<Vec<Diagnostic>>,
}

impl<'a> Builder<'a> {
    fn new(graph: &'a Graph, roots: &[Root], config: &'a Config) -> Self {
        let mut builder = Builder {
            config,
            graph,
            types: Vec::new(),
            modules: Vec::new(),
            scopes: Vec::new(),
            memo: HashMap::new(),
            pages: Vec::new(),
            component_docs: HashMap::new(),
            docs: CleanDocs::new(graph, config.link_base.as_deref()),
            warnings: Vec::new(),
            cuts: Default::default(),
        };
        // Module names share the crate root with the crates the generated code names, and their
        // files share `src/` with the crate root (`lib.rs`) and the file cargo builds as a binary
        // (`main.rs`).
        let mut module_names = Scope::default();
        for reserved in ["std", "core", "alloc", "serde", "serde_json", "indexmap", "lib", "main"] {
            module_names.try_claim(reserved);
        }
        // The modules of the calls, when there are operations to call; `call` also holds the
        // type of files (`format: binary`).
        let operations = config.operations && !graph.operations.is_empty();
        if operations {
            module_names.try_claim(super::OPERATIONS);
        }
        if operations || uses_binary(graph) {
            module_names.try_claim(super::CALL);
        }
        // The hand-written module: no generated file may land in its folder.
        if let Some(helpers) = &config.helpers {
            module_names.try_claim(&helpers.module);
        }
        let mut type_names = Scope::default();
        for (index, root) in roots.iter().enumerate() {
            let name = &root.name;
            let module = module_names.claim(naming::snake(name));
            let wanted = naming::camel(name);
            let type_name = type_names.claim(wanted.clone());
            if type_name != wanted {
                builder.warnings.push(Diagnostic::new(
                    root.pointer.clone(),
                    format!("schema name `{name}` becomes `{wanted}`, already taken by another schema: named `{type_name}`"),
                ));
            }
            let mut scope = Scope::default();
            scope.try_claim(&type_name);
            builder.scopes.push(scope);
            builder.types.push(TypeDef {
                module: index,
                name: type_name,
                docs: Docs::default(),
                deprecated: false,
                kind: TypeKind::Pending,
                default: false,
            });
            builder.modules.push(Module { name: module, wire: name.clone(), root: index, types: vec![index], parent: None });
        }
        builder
    }

    /// The type of `schema` at `place`. With a `slot`, the schema's own type (if it needs one)
    /// is defined in that reserved id instead of a new nested one.
    pub fn resolve(&mut self, schema: SchemaRef<'a>, place: &Place, slot: Option<TypeId>) -> Resolved {
        match schema {
            SchemaRef::Ref(root) => {
                let docs = self.component_docs(schema, root);
                Resolved { ty: TypeRef::Named(root), nullable: self.nullable(schema), docs, deprecated: false }
            }
            SchemaRef::Item(schema) => {
                if slot.is_none() {
                    if let Some(hit) = self.memo.get(&place.pointer) {
                        return hit.clone();
                    }
                }
                let resolved = self.item(schema, place, slot);
                if slot.is_none() {
                    self.memo.insert(place.pointer.clone(), resolved.clone());
                }
                resolved
            }
        }
    }

    /// A component's own docs, which a field referring to it without docs of its own shows.
    fn component_docs(&mut self, schema: SchemaRef<'a>, root: TypeId) -> Docs {
        if let Some(docs) = self.component_docs.get(&root) {
            return docs.clone();
        }
        let docs = self.schema_docs(schema);
        self.component_docs.insert(root, docs.clone());
        docs
    }

    /// A schema's docs, or those of the one schema it wraps (`anyOf: [T, null]`).
    fn schema_docs(&self, schema: SchemaRef<'a>) -> Docs {
        let mut current = schema;
        for _ in 0..self.wrapper_limit() {
            let Some(schema) = self.target(current) else { break };
            let docs = self.docs.lines(schema.title.as_deref(), schema.description.as_deref());
            match wrapped(schema) {
                Some(only) if docs.is_empty() => current = only.into(),
                _ => return docs,
            }
        }
        Docs::default()
    }

    /// The schema behind a reference (with the place of the component that holds it), or the
    /// schema itself.
    pub fn follow(&self, schema: SchemaRef<'a>) -> Option<(&'a Schema, Option<Place>)> {
        match schema {
            SchemaRef::Item(schema) => Some((schema, None)),
            SchemaRef::Ref(id) => {
                let graph: &'a Graph = self.graph;
                let (schema, home) = graph.schema_of(id)?;
                let pointer = graph.components[home].pointer.clone();
                Some((schema, Some(Place::root(home, pointer))))
            }
        }
    }

    /// The schema behind a reference, or the schema itself ([`Builder::follow`] without the
    /// place, which costs a copy of the component's pointer).
    pub fn target(&self, schema: SchemaRef<'a>) -> Option<&'a Schema> {
        match schema {
            SchemaRef::Item(schema) => Some(schema),
            SchemaRef::Ref(id) => self.graph.schema_of(id).map(|(schema, _)| schema),
        }
    }

    /// Whether `null` is allowed, looking through references and single-member wrappers.
    pub fn nullable(&self, schema: SchemaRef<'a>) -> bool {
        let mut current = schema;
        for _ in 0..self.wrapper_limit() {
            let Some(schema) = self.target(current) else { return false };
            if schema.nullable {
                return true;
            }
            match wrapped(schema) {
                Some(only) => current = only.into(),
                None => return false,
            }
        }
        false
    }

    /// How many wrappers (`allOf`/`anyOf`/`oneOf` of one member, and references) a walk can
    /// cross in a resolved document: none comes back to itself (the resolve stage rejects
    /// those), so a walk enters each component once and each at most its nesting depth. The
    /// bound is reached only by a document that was not resolved.
    pub fn wrapper_limit(&self) -> usize {
        (self.graph.components.len() + 1) * (crate::load::MAX_DEPTH + 1)
    }

    /// Notes that a walk that reads the document (and so cannot warn itself) stopped at
    /// `pointer`: a warning, once, however often the walk is repeated.
    pub fn cut(&self, pointer: &str, message: impl Into<String>) {
        let cut = Diagnostic::new(pointer, message);
        let mut cuts = self.cuts.borrow_mut();
        if !cuts.contains(&cut) {
            cuts.push(cut);
        }
    }

    fn item(&mut self, schema: &'a Schema, place: &Place, slot: Option<TypeId>) -> Resolved {
        let docs = self.docs.lines(schema.title.as_deref(), schema.description.as_deref());
        let (nullable, deprecated) = (schema.nullable, schema.deprecated);
        match self.shape(schema, place, slot, &docs) {
            Shape::Inline(ty) => Resolved { ty, nullable, docs, deprecated },
            Shape::Defined(id) => Resolved { ty: TypeRef::Named(id), nullable, docs, deprecated },
            Shape::Wrapped(inner) => Resolved {
                ty: inner.ty,
                nullable: nullable || inner.nullable,
                docs: if docs.is_empty() { inner.docs } else { docs },
                deprecated: deprecated || inner.deprecated,
            },
        }
    }

    fn shape(&mut self, schema: &'a Schema, place: &Place, slot: Option<TypeId>, docs: &Docs) -> Shape {
        match &schema.kind {
            Kind::String(enumeration) => {
                let values: Vec<&str> = enumeration.iter().flatten().map(String::as_str).collect();
                if values.is_empty() {
                    Shape::Inline(TypeRef::String)
                } else {
                    self.string_enum(&values, false, place, slot, docs)
                }
            }
            Kind::Integer { values, int32 } => {
                let values: Option<Vec<i64>> = values.iter().copied().collect();
                match values {
                    Some(values) if !values.is_empty() => self.integer_enum(&values, place, slot, docs),
                    _ => Shape::Inline(if *int32 { TypeRef::I32 } else { TypeRef::I64 }),
                }
            }
            Kind::Binary => Shape::Inline(TypeRef::File),
            Kind::Number => Shape::Inline(TypeRef::F64),
            Kind::Boolean => Shape::Inline(TypeRef::Bool),
            Kind::Object(object) => self.object(schema, object, place, slot, docs),
            Kind::Array(items) => {
                let element = match items {
                    Some(items) => {
                        let inner = self.resolve((&**items).into(), &items_place(place, &self.modules[place.module].wire), None);
                        optional(inner)
                    }
                    None => TypeRef::Any,
                };
                Shape::Inline(TypeRef::Vec(Box::new(element)))
            }
            Kind::OneOf(members) => self.union(schema, members, "oneOf", place, slot, docs),
            Kind::AnyOf(members) => self.union(schema, members, "anyOf", place, slot, docs),
            Kind::AllOf(members) => self.all_of(schema, members, place, slot, docs),
            Kind::Not | Kind::Any => Shape::Inline(TypeRef::Any),
        }
    }

    /// A string enum, or a constant when one value is allowed.
    pub fn string_enum(&mut self, values: &[&str], open: bool, place: &Place, slot: Option<TypeId>, docs: &Docs) -> Shape {
        let mut unique: Vec<&str> = Vec::new();
        for value in values {
            if !unique.contains(value) {
                unique.push(value);
            }
        }
        let mut scope = Scope::default();
        let variants: Vec<Variant> = unique.iter().map(|wire| Variant { name: scope.claim(naming::camel(wire)), wire: (*wire).to_owned() }).collect();
        let kind = match (variants.len(), open) {
            (1, false) => {
                let variant = variants.into_iter().next().unwrap_or_else(|| unreachable!());
                TypeKind::Const(Constant { variant, other: None })
            }
            (count, _) => {
                let open = open || (self.config.open_enums && count >= 2);
                let other = open.then(|| naming::fallback_name(&mut scope));
                TypeKind::Enum(Enum { variants, other })
            }
        };
        Shape::Defined(self.define(place, slot, docs, kind))
    }

    /// An integer enum, or a constant when one value is allowed.
    fn integer_enum(&mut self, values: &[i64], place: &Place, slot: Option<TypeId>, docs: &Docs) -> Shape {
        let mut unique: Vec<i64> = Vec::new();
        for value in values {
            if !unique.contains(value) {
                unique.push(*value);
            }
        }
        let mut scope = Scope::default();
        let variants: Vec<(String, i64)> = unique.iter().map(|value| (scope.claim(naming::camel(&value.to_string())), *value)).collect();
        let open = self.config.open_enums && variants.len() >= 2;
        let other = open.then(|| naming::fallback_name(&mut scope));
        Shape::Defined(self.define(place, slot, docs, TypeKind::Integers(Integers { variants, other })))
    }

    /// Reserves a type for the schema at `place` (in `slot` when given), named from its path.
    pub fn reserve(&mut self, place: &Place, slot: Option<TypeId>, docs: &Docs) -> TypeId {
        if let Some(id) = slot {
            return id;
        }
        let module = place.module;
        let wanted = place.name().map_or_else(|| format!("{}Inner", self.types[self.modules[module].root].name), naming::camel);
        let root_name = self.types[self.modules[module].root].name.clone();
        let scope = &mut self.scopes[module];
        let name = if scope.try_claim(&wanted) { wanted } else { scope.claim(format!("{root_name}{wanted}")) };
        let id = self.types.len();
        self.types.push(TypeDef { module, name, docs: docs.clone(), deprecated: false, kind: TypeKind::Pending, default: false });
        self.modules[module].types.push(id);
        id
    }

    /// A new module's scope of type names, with its root's name taken.
    pub fn push_scope(&mut self, root_name: &str) {
        let mut scope = Scope::default();
        scope.try_claim(root_name);
        self.scopes.push(scope);
    }

    /// Claims a type name in `module` (the first free numbered form when taken).
    pub fn claim_type_name(&mut self, module: usize, name: String) -> String {
        self.scopes[module].claim(name)
    }

    pub fn define(&mut self, place: &Place, slot: Option<TypeId>, docs: &Docs, kind: TypeKind) -> TypeId {
        let id = self.reserve(place, slot, docs);
        self.types[id].kind = kind;
        id
    }

    pub fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::new(pointer, message));
    }
}

/// Whether a schema of the graph is bytes (`format: binary`), which the module `call` types.
fn uses_binary(graph: &Graph) -> bool {
    fn binary(node: &Node) -> bool {
        match node {
            Node::Ref(_) => false,
            Node::Item(schema) => match &schema.kind {
                Kind::Binary => true,
                Kind::Object(object) => {
                    object.properties.iter().any(|(_, property)| binary(property))
                        || matches!(&object.additional, Some(crate::resolve::graph::Additional::Schema(values)) if binary(values))
                }
                Kind::Array(Some(items)) => binary(items),
                Kind::OneOf(members) | Kind::AnyOf(members) | Kind::AllOf(members) => members.iter().any(binary),
                _ => false,
            },
        }
    }
    let bodies = graph.operations.iter().flat_map(|o| o.request.iter().chain(o.responses.iter().flat_map(|r| &r.content)));
    graph.components.iter().any(|c| binary(&c.schema)) || bodies.into_iter().any(|content| binary(&content.schema))
}

/// The one member of an `allOf`, `anyOf` or `oneOf` of one member: the schema it stands for.
pub(super) fn wrapped(schema: &Schema) -> Option<&Node> {
    match &schema.kind {
        Kind::AllOf(list) | Kind::AnyOf(list) | Kind::OneOf(list) if list.len() == 1 => list.first(),
        _ => None,
    }
}

/// `Option<T>` for an element that may be null.
pub(super) fn optional(resolved: Resolved) -> TypeRef {
    if resolved.nullable {
        TypeRef::Option(Box::new(resolved.ty))
    } else {
        resolved.ty
    }
}

/// The place of an array's elements, named with the singular of the array's own name
/// (`output_modalities` → `OutputModality`), or with `Item` appended when it is not plural.
fn items_place(place: &Place, module_wire: &str) -> Place {
    let mut items = place.child("items", None);
    items.replace_last_word(|last| {
        let snake = crate::case::snake(last.unwrap_or(module_wire));
        naming::singular(&snake).unwrap_or_else(|| format!("{snake}_item"))
    });
    items
}

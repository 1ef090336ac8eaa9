//! Stage 3: the model of the types to generate, built from the resolved graph
//! ([`crate::resolve::Graph`]), never from the document. Plain data: the emitter reads it and
//! never the spec. Types live in one arena (`Model::types`, indexed by [`TypeId`]) so recursive
//! schemas are just ids; each belongs to a module (one per component schema).

pub mod bodies;
mod build;
mod clean_docs;
mod finish;
mod objects;
pub mod operations;
mod place;
mod unions;

pub use crate::resolve::graph::{Location, Style};
pub use operations::{Answer, AnswerRule, BodyMedia, Encoding, Operation, Output, PageDef, Param, RequestBody};

/// Builds the model of every component schema and every inline body of an operation (and, when
/// the config asks, of every operation). Warnings say what was generated loosely.
pub fn build(graph: &crate::resolve::Graph, config: &crate::config::Config) -> (Model, Vec<crate::error::Diagnostic>) {
    let (mut builder, body_types) = build::types(graph, config);
    if config.operations {
        operations::add(&mut builder, graph, &body_types, &config.pagination);
    }
    let (mut model, warnings) = builder.into_model();
    finish::finish(&mut model, config);
    summarize(&mut model);
    debug_assert!(
        model.types.iter().all(|def| def.kind != TypeKind::Pending),
        "a type was reserved and never built: {:?}",
        model.types.iter().find(|def| def.kind == TypeKind::Pending).map(|def| &def.name)
    );
    (model, warnings)
}

/// Makes every type's docs start with a one-sentence paragraph, the summary rustdoc shows in
/// item lists: a first paragraph of several sentences is split after the first; docs that start
/// with something else (a list, code, a heading) or are empty get a line that names the schema
/// (a root type) or the type it is part of (a nested type). Each type's summary is its own
/// (a Markdown parse): they are made on all cores.
fn summarize(model: &mut Model) {
    let ids: Vec<TypeId> = (0..model.types.len()).collect();
    let summaries = crate::cores::map(&ids, |&id| {
        let module = &model.modules[model.types[id].module];
        let fallback = || {
            if module.root == id {
                format!("The `{}` schema.", module.wire)
            } else {
                format!("Part of [`{}`].", model.types[module.root].name)
            }
        };
        crate::docs::summary(&model.types[id].docs, fallback)
    });
    for (def, docs) in model.types.iter_mut().zip(summaries) {
        // Most docs start with a sentence already: their lines stay shared.
        if *def.docs != docs[..] {
            def.docs = docs.into();
        }
    }
}

/// Index into [`Model::types`].
pub type TypeId = usize;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub modules: Vec<Module>,
    pub types: Vec<TypeDef>,
    /// Read leniently (`Config::lenient`): a required field that is absent or `null` reads as
    /// its type's default.
    pub lenient: bool,
    /// Structs derive serde's `Deserialize` (`Config::derive_deserialize`).
    pub derive_deserialize: bool,
    /// Structs have `new` and setters (`Config::constructors`).
    pub constructors: bool,
    /// The API areas (cargo features) each module belongs to, when the config asks for them.
    pub areas: Areas,
    /// The list responses that are pages (`call::Page`), each once.
    pub pages: Vec<PageDef>,
    /// Query arrays and objects follow the API's bracket convention (`Config::query_brackets`).
    pub query_brackets: bool,
    /// The crate has the feature `registry` (`Config::registry`), under which operations are
    /// (de)serialized too.
    pub registry: bool,
    /// The names the runtime's exported types take at the crate root, picked once (every struct
    /// asks; see `emit::unknown_fields_type`).
    pub root_names: std::sync::OnceLock<[String; 2]>,
}

impl Model {
    /// Whether a value of this type has a `Default`.
    pub fn has_default(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(id) => self.types[*id].default,
            TypeRef::Box(inner) => self.has_default(inner),
            _ => true,
        }
    }

    /// Whether `null` is a value of this type itself: an `Option`, or an untagged union with a
    /// nullable member (`StopConfiguration`'s `String(Option<String>)`), through aliases. A field
    /// of such a type hands its `null` to the type, which writes it back; read as the field's
    /// own `None`, it would be written back absent.
    pub fn holds_null(&self, ty: &TypeRef) -> bool {
        self.holds_null_within(ty, 0)
    }

    fn holds_null_within(&self, ty: &TypeRef, depth: usize) -> bool {
        match ty {
            // Alias chains are acyclic; the bound only guards a union that holds itself.
            _ if depth > 16 => false,
            TypeRef::Option(_) => true,
            TypeRef::Box(inner) => self.holds_null_within(inner, depth + 1),
            TypeRef::Named(id) => match &self.types[*id].kind {
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => self.holds_null_within(inner, depth + 1),
                TypeKind::Union(union) => {
                    matches!(union.dispatch, Dispatch::Untagged)
                        && union.variants.iter().any(|variant| match &variant.payload {
                            Payload::Value(payload) => self.holds_null_within(payload, depth + 1),
                            Payload::Unit { .. } => false,
                        })
                }
                _ => false,
            },
            _ => false,
        }
    }
}

/// One component schema and the types nested inside it: one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The module's Rust name (`realtime_response`, `r#type`).
    pub name: String,
    /// The component schema's name in the spec.
    pub wire: String,
    /// The type named after the schema, re-exported at the crate root.
    pub root: TypeId,
    /// Every type of the module, root first, in the order they were found.
    pub types: Vec<TypeId>,
    /// The module it is nested in (`operations` for an operation's module); `None` at the crate
    /// root.
    pub parent: Option<&'static str>,
}

/// The module that holds one module per operation.
pub const OPERATIONS: &str = "operations";
/// The public runtime module of calls (`call::Call`, `call::File`).
pub const CALL: &str = "call";

/// Cleaned rustdoc lines, shared: the model stage hands the same lines to a schema's type, the
/// field that holds it and the memo of what it built (copied each time, they were a fifth of the
/// stage's allocations).
pub type Docs = std::sync::Arc<[String]>;

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub module: usize,
    /// The Rust name, unique within its module.
    pub name: String,
    /// Cleaned rustdoc lines.
    pub docs: Docs,
    pub deprecated: bool,
    pub kind: TypeKind,
    /// The type has a `Default` (derived, or written by the runtime's macros): every field and
    /// payload has one, an open enum's is its catch-all, a union's is one variant's.
    pub default: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    /// A string enum (closed, or open with a catch-all variant).
    Enum(Enum),
    /// A single allowed string (`enum: [x]`, `const: x`): one unit variant, and a catch-all
    /// when it is not a union's tag (see [`Constant::other`]).
    Const(Constant),
    /// An integer `enum`: one value is a constant (`rate: [24000]`), more a list.
    Integers(Integers),
    Union(Union),
    /// `pub type Name = ...;`
    Alias(TypeRef),
    /// `pub struct Name(pub ...);`, for aliases that refer to themselves (a type alias cannot).
    Newtype(TypeRef),
    /// An operation of the API as a value: its parameters and body, and its answers.
    Operation(Box<Operation>),
    /// Reserved while its schema is built; building gives every reserved type its kind. A root
    /// would keep this one only if its component were only another name for itself, and the
    /// resolve stage rejects those (`tests/invalid/self_alias.yaml`), so a built model holds
    /// none (`build` asserts it in debug builds, which the fuzz target runs).
    Pending,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties` beside declared properties: a flattened map of this value type.
    pub additional: Option<(String, TypeRef)>,
    /// The field that keeps undeclared fields as sent, when the config asks for it.
    pub unknown_fields: Option<String>,
    /// Unions merged in by `allOf` beside the properties (`allOf: [anyOf: [events], {stream_id}]`):
    /// flattened fields that read the rest of the object.
    pub flattened: Vec<(String, TypeRef)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name as source text (`r#type`).
    pub name: String,
    /// JSON name.
    pub wire: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub docs: Docs,
    pub deprecated: bool,
}

impl Field {
    /// `Option<T>` in Rust: absent, null, or both are allowed.
    pub fn optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub wire: String,
}

/// A single allowed string.
#[derive(Debug, Clone, PartialEq)]
pub struct Constant {
    pub variant: Variant,
    /// The variant that keeps any other string, read as a lenient value: set on every constant
    /// that no union dispatches on, when enums are open (an API adds values to those too). The
    /// tags unions dispatch on stay exact.
    pub other: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub variants: Vec<Variant>,
    /// The name of the variant that keeps any other string, when the enum is open.
    pub other: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Integers {
    /// Each value with its variant name.
    pub variants: Vec<(String, i64)>,
    /// The name of the variant that keeps any other integer, when the enum is open.
    pub other: Option<String>,
}

impl Integers {
    /// One value and nothing else: a constant, with a `Default`.
    pub fn is_constant(&self) -> bool {
        self.variants.len() == 1 && self.other.is_none()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    pub dispatch: Dispatch,
    /// The variant (by index) whose default is the union's `Default`: the `Unknown` variant
    /// (holding `null`) when there is one, else the first variant that has a default.
    pub default: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub docs: Docs,
    pub payload: Payload,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A constant string member: a unit variant renamed to `wire`.
    Unit {
        wire: String,
    },
    Value(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Dispatch {
    /// Serde tries the variants in order (unit variants by name first).
    Untagged,
    /// Reads the values of `keys` and picks the variant from them; see [`Arm`].
    Tagged(Tagged),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    /// One property (`type`), or two for compound discriminators (`type`, then `role`).
    pub keys: Vec<String>,
    pub arms: Vec<Arm>,
    /// Variants (by index) to try, in order, when no arm matches.
    pub fallback: Vec<usize>,
    /// The variant (by index) that keeps an object whose tag is not known.
    pub unknown: Option<usize>,
}

/// One line of the dispatch: when each key's value is one of the given strings (`None`: any),
/// deserialize as the first variant that accepts the object.
#[derive(Debug, Clone, PartialEq)]
pub struct Arm {
    pub patterns: Vec<Option<Vec<String>>>,
    pub variants: Vec<usize>,
}

/// A Rust type as written at a use site.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Bool,
    I32,
    I64,
    F64,
    Vec(Box<TypeRef>),
    /// `additionalProperties: T`: a map from string keys.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    Box(Box<TypeRef>),
    /// Bytes (`format: binary`): a file to upload, with its name and content type.
    File,
    /// A free-form JSON object.
    Object,
    /// Any JSON value.
    Any,
}

/// The areas of a crate, when the config asks for them (the stage `areas` finds them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Areas {
    /// Every area, sorted by feature name.
    pub features: Vec<Feature>,
    /// For each module (by index): the areas (indices into `features`) that reach it. Empty
    /// when the crate has no areas.
    pub modules: Vec<Vec<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// The cargo feature (`vector-stores`).
    pub name: String,
    /// What the spec calls it: the tags, path segments and groups merged into it.
    pub sources: std::collections::BTreeSet<String>,
    /// The features it turns on with it (`other` needs the areas of the types its types use).
    pub requires: Vec<String>,
}

impl Areas {
    pub fn is_empty(&self) -> bool {
        self.features.is_empty()
    }

    /// The feature names that turn module `module` on.
    pub fn of(&self, module: usize) -> impl Iterator<Item = &str> {
        self.modules.get(module).into_iter().flatten().map(|&area| self.features[area].name.as_str())
    }
}

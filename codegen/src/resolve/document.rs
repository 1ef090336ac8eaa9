//! The walk of the whole document: every schema lowered (see [`super::schemas`]), every other
//! `$ref` (parameters, request bodies, responses, headers, examples, links, callbacks, security
//! schemes; in paths, callbacks, webhooks and components) checked against the component it
//! names, and the graph's components and operations gathered.
//!
//! The graph keeps what the model stage reads: component schemas and the bodies of the
//! operations of `#/paths`. Everything else (parameters, headers, callbacks, webhooks, whose
//! inline body schemas the loader has made components) is only checked: its schemas' errors
//! count, their warnings do not, as no type is generated from them.

use super::graph::{self, Component, Content, Graph, Location, Node, Operation, Response, SchemaId, Style};
use super::schemas::{malformed, Lower};
use super::SCHEMA_PREFIX;
use crate::error::Diagnostic;
use crate::load::Document;
use crate::pointer::{escape, unescape};
use indexmap::IndexMap;
use openapiv3::{Components, Header, MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody};
use std::collections::{HashMap, HashSet};

/// What the walk of a document finds.
pub struct Walked {
    pub graph: Graph,
    /// The document without its component schemas, which the graph holds now.
    pub rest: openapiv3::OpenAPI,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// The graph of `document`. The component schemas move into it (they are most of a document);
/// the few schemas of bodies are copied from the rest, which the later stages read too.
pub fn walk(document: Document) -> Walked {
    let Document { mut api, webhooks } = document;
    let components = api.components.get_or_insert_with(Default::default);
    let schemas = std::mem::take(&mut components.schemas);
    let ids: foldhash::HashMap<String, SchemaId> = schemas.keys().enumerate().map(|(id, name)| (name.clone(), id)).collect();
    let parameters = components.parameters.clone();
    let mut walk = Walk {
        lower: Lower::new(&ids),
        names: Names::of(components),
        request_bodies: HashMap::new(),
        responses: HashMap::new(),
        required_bodies: HashMap::new(),
        parameters,
    };

    let mut graph = Graph::default();
    // The later schemas are lowered on another core while this one lowers the first ones and
    // walks the paths (each schema is lowered on its own; the paths are about a third of the
    // work). What each part finds is reported in document order.
    let mut schemas: Vec<_> = schemas.into_iter().collect();
    let later_schemas = schemas.split_off(schemas.len() * 2 / 5);
    let (later, first_found) = std::thread::scope(|scope| {
        let later = scope.spawn(|| {
            let mut lower = Lower::new(&ids);
            let components: Vec<Component> = later_schemas.into_iter().map(|(name, schema)| component(&mut lower, name, schema)).collect();
            (components, lower.errors, lower.warnings)
        });
        graph.components.extend(schemas.into_iter().map(|(name, schema)| component(&mut walk.lower, name, schema)));
        let first_found = (walk.lower.errors.len(), walk.lower.warnings.len());
        walk.components(components);
        for (path, item) in &api.paths.paths {
            let pointer = format!("#/paths/{}", escape(path));
            if let Some(item) = walk.path_item(item, &pointer) {
                graph.operations.extend(walk.operations(item, path, &pointer));
            }
        }
        for (name, item) in &webhooks {
            let pointer = format!("#/webhooks/{}", escape(name));
            if let Some(item) = walk.path_item(item, &pointer) {
                walk.checked_only(|walk| drop(walk.operations(item, name, &pointer)));
            }
        }
        (later.join(), first_found)
    });
    let (mut errors, mut warnings) = (walk.lower.errors, walk.lower.warnings);
    match later {
        Ok((components, later_errors, later_warnings)) => {
            graph.components.extend(components);
            errors.splice(first_found.0..first_found.0, later_errors);
            warnings.splice(first_found.1..first_found.1, later_warnings);
        }
        Err(_) => errors.push(Diagnostic::new("#/components/schemas", "generator bug: lowering the schemas panicked")),
    }
    Walked { graph, rest: api, errors, warnings }
}

/// A component schema lowered into the graph, its extensions kept beside it.
fn component(lower: &mut Lower, name: String, mut schema: ReferenceOr<openapiv3::Schema>) -> Component {
    let pointer = format!("{SCHEMA_PREFIX}{}", escape(&name));
    let extensions = match &mut schema {
        ReferenceOr::Item(schema) => std::mem::take(&mut schema.schema_data.extensions),
        ReferenceOr::Reference { .. } => IndexMap::new(),
    };
    let schema = lower.schema(schema, &pointer);
    Component { name, pointer, schema, extensions }
}

/// The names of each section of `#/components` but the schemas, which `$ref`s point to.
#[derive(Default)]
struct Names {
    sections: HashMap<&'static str, HashSet<String>>,
}

impl Names {
    fn of(components: &Components) -> Names {
        let keys = |names: Vec<&String>| names.into_iter().cloned().collect::<HashSet<String>>();
        let sections = HashMap::from([
            ("responses", keys(components.responses.keys().collect())),
            ("parameters", keys(components.parameters.keys().collect())),
            ("examples", keys(components.examples.keys().collect())),
            ("requestBodies", keys(components.request_bodies.keys().collect())),
            ("headers", keys(components.headers.keys().collect())),
            ("securitySchemes", keys(components.security_schemes.keys().collect())),
            ("links", keys(components.links.keys().collect())),
            ("callbacks", keys(components.callbacks.keys().collect())),
        ]);
        Names { sections }
    }
}

struct Walk<'n> {
    lower: Lower<'n>,
    names: Names,
    /// The lowered contents of each component request body and response (its own, or through
    /// the component it is a `$ref` to), for the operations that name it.
    request_bodies: HashMap<String, Body>,
    responses: HashMap<String, Body>,
    /// Whether each component request body that is not another's name is required.
    required_bodies: HashMap<String, bool>,
    /// `#/components/parameters`, which operations' parameters name.
    parameters: IndexMap<String, ReferenceOr<Parameter>>,
}

/// A component body: its contents, or the name of the component it is another name for.
enum Body {
    Contents(Vec<Content>),
    Alias(String),
}

impl Walk<'_> {
    /// The name of the component in `section` that `reference` names; an error at `pointer` when
    /// it names none.
    fn named(&mut self, reference: &str, section: &str, pointer: &str) -> Option<String> {
        let prefix = format!("#/components/{section}/");
        let problem = match (malformed(reference), reference.strip_prefix(prefix.as_str())) {
            (Some(problem), _) => format!("`$ref: {reference}` is not a valid reference: {problem}"),
            (None, Some(name)) if self.names.sections.get(section).is_some_and(|names| names.contains(&unescape(name))) => {
                return Some(unescape(name));
            }
            (None, Some(name)) => format!("`$ref: {reference}` points to nothing: there is no `{}` in #/components/{section}", unescape(name)),
            (None, None) if reference.starts_with('#') => format!("`$ref: {reference}` does not point into {prefix}, where this `$ref` must point"),
            (None, None) => format!("`$ref: {reference}` points outside this document; external references are not supported yet"),
        };
        self.lower.errors.push(Diagnostic::new(pointer, problem));
        None
    }

    /// Runs a walk of parts no type is generated from: their errors count, their warnings do not.
    fn checked_only(&mut self, walk: impl FnOnce(&mut Self)) {
        let warnings = self.lower.warnings.len();
        walk(self);
        self.lower.warnings.truncate(warnings);
    }

    fn check_schema(&mut self, schema: &ReferenceOr<openapiv3::Schema>, pointer: &str) {
        self.checked_only(|walk| drop(walk.lower.schema(schema.clone(), pointer)));
    }

    fn components(&mut self, components: &Components) {
        for (name, body) in &components.request_bodies {
            let pointer = format!("#/components/requestBodies/{}", escape(name));
            let body = match body {
                ReferenceOr::Item(body) => {
                    self.required_bodies.insert(name.clone(), body.required);
                    Body::Contents(self.contents(&body.content, &pointer))
                }
                ReferenceOr::Reference { reference } => match self.named(reference, "requestBodies", &pointer) {
                    Some(target) => Body::Alias(target),
                    None => Body::Contents(Vec::new()),
                },
            };
            self.request_bodies.insert(name.clone(), body);
        }
        for (name, response) in &components.responses {
            let pointer = format!("#/components/responses/{}", escape(name));
            let body = match response {
                ReferenceOr::Item(response) => Body::Contents(self.response(response, &pointer)),
                ReferenceOr::Reference { reference } => match self.named(reference, "responses", &pointer) {
                    Some(target) => Body::Alias(target),
                    None => Body::Contents(Vec::new()),
                },
            };
            self.responses.insert(name.clone(), body);
        }
        for (name, parameter) in &components.parameters {
            self.checked_only(|walk| drop(walk.parameter(parameter, &format!("#/components/parameters/{}", escape(name)))));
        }
        for (name, header) in &components.headers {
            self.header(header, &format!("#/components/headers/{}", escape(name)));
        }
        for (name, example) in &components.examples {
            if let ReferenceOr::Reference { reference } = example {
                self.named(reference, "examples", &format!("#/components/examples/{}", escape(name)));
            }
        }
        for (name, link) in &components.links {
            if let ReferenceOr::Reference { reference } = link {
                self.named(reference, "links", &format!("#/components/links/{}", escape(name)));
            }
        }
        for (name, scheme) in &components.security_schemes {
            if let ReferenceOr::Reference { reference } = scheme {
                self.named(reference, "securitySchemes", &format!("#/components/securitySchemes/{}", escape(name)));
            }
        }
        for (name, callback) in &components.callbacks {
            let pointer = format!("#/components/callbacks/{}", escape(name));
            match callback {
                ReferenceOr::Item(callback) => self.callback(callback, &pointer),
                ReferenceOr::Reference { reference } => drop(self.named(reference, "callbacks", &pointer)),
            }
        }
    }

    /// A path item; one that is a `$ref` is not followed (the loader copies those from other
    /// files), with a warning.
    fn path_item<'d>(&mut self, item: &'d ReferenceOr<PathItem>, pointer: &str) -> Option<&'d PathItem> {
        match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => {
                let message =
                    format!("`$ref: {reference}`: a path item that is a reference within this document is not followed; its operations get no types");
                self.lower.warnings.push(Diagnostic::new(pointer, message));
                None
            }
        }
    }

    /// The operations of a path item, every part checked.
    fn operations(&mut self, item: &PathItem, path: &str, pointer: &str) -> Vec<Operation> {
        let mut shared = Vec::new();
        for (index, parameter) in item.parameters.iter().enumerate() {
            shared.extend(self.parameter(parameter, &format!("{pointer}/parameters/{index}")));
        }
        let mut operations = Vec::new();
        for (method, operation) in crate::pointer::operations(item) {
            let base = format!("{pointer}/{method}");
            let mut parameters = shared.clone();
            for (index, parameter) in operation.parameters.iter().enumerate() {
                let Some(parameter) = self.parameter(parameter, &format!("{base}/parameters/{index}")) else { continue };
                // An operation's parameter replaces the path item's of the same name and place.
                match parameters.iter().position(|p| p.name == parameter.name && p.location == parameter.location) {
                    Some(at) => parameters[at] = parameter,
                    None => parameters.push(parameter),
                }
            }
            for (name, callback) in &operation.callbacks {
                self.callback(callback, &format!("{base}/callbacks/{}", escape(name)));
            }
            let (request, body_required) = match &operation.request_body {
                Some(ReferenceOr::Item(body)) => (self.request_body(body, &format!("{base}/requestBody")), body.required),
                Some(ReferenceOr::Reference { reference }) => {
                    let required = self.component_body_required(reference);
                    (self.component_body(reference, "requestBodies", &format!("{base}/requestBody")), required)
                }
                None => (Vec::new(), false),
            };
            let listed = operation.responses.responses.iter().map(|(status, response)| (status.to_string(), response));
            let default = operation.responses.default.iter().map(|response| ("default".to_owned(), response));
            let mut responses = Vec::new();
            for (status, response) in listed.chain(default) {
                let pointer = format!("{base}/responses/{status}");
                let content = match response {
                    ReferenceOr::Item(response) => self.response(response, &pointer),
                    ReferenceOr::Reference { reference } => self.component_body(reference, "responses", &pointer),
                };
                responses.push(Response { status, content });
            }
            let operation_id = operation.operation_id.clone();
            operations.push(Operation {
                path: path.to_owned(),
                method,
                operation_id,
                pointer: base,
                request,
                responses,
                parameters,
                body_required,
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                deprecated: operation.deprecated,
            });
        }
        operations
    }

    /// Whether the component request body `reference` names is required (through the components
    /// it is another name for; `false` when it names none, which [`Self::component_body`] reports).
    fn component_body_required(&self, reference: &str) -> bool {
        let mut name = reference.strip_prefix("#/components/requestBodies/").map(unescape).unwrap_or_default();
        for _ in 0..=self.request_bodies.len() {
            match self.request_bodies.get(&name) {
                Some(Body::Alias(next)) => name = next.clone(),
                _ => break,
            }
        }
        self.required_bodies.get(&name).copied().unwrap_or(false)
    }

    /// The contents of the component body `reference` names (through the components it is
    /// another name for); an error at `pointer` when it names none.
    fn component_body(&mut self, reference: &str, section: &str, pointer: &str) -> Vec<Content> {
        let Some(mut name) = self.named(reference, section, pointer) else { return Vec::new() };
        let bodies = if section == "responses" { &self.responses } else { &self.request_bodies };
        let mut seen = vec![name.clone()];
        loop {
            match bodies.get(&name) {
                Some(Body::Contents(contents)) => return contents.clone(),
                Some(Body::Alias(next)) if !seen.contains(next) => {
                    name = next.clone();
                    seen.push(name.clone());
                }
                Some(Body::Alias(_)) => {
                    let message = format!("`$ref: {reference}` leads to a cycle of references: {} -> {}", seen.join(" -> "), seen[0]);
                    self.lower.errors.push(Diagnostic::new(pointer, message));
                    return Vec::new();
                }
                None => return Vec::new(),
            }
        }
    }

    fn request_body(&mut self, body: &RequestBody, pointer: &str) -> Vec<Content> {
        self.contents(&body.content, pointer)
    }

    fn response(&mut self, response: &openapiv3::Response, pointer: &str) -> Vec<Content> {
        for (name, header) in &response.headers {
            self.header(header, &format!("{pointer}/headers/{}", escape(name)));
        }
        for (name, link) in &response.links {
            if let ReferenceOr::Reference { reference } = link {
                self.named(reference, "links", &format!("{pointer}/links/{}", escape(name)));
            }
        }
        self.contents(&response.content, pointer)
    }

    /// The media types of a body that have a schema, each lowered.
    fn contents(&mut self, content: &IndexMap<String, MediaType>, pointer: &str) -> Vec<Content> {
        let mut contents = Vec::new();
        for (media_type, media) in content {
            let media_pointer = format!("{pointer}/content/{}", escape(media_type));
            self.media_parts(media, &media_pointer);
            if let Some(schema) = &media.schema {
                let pointer = format!("{media_pointer}/schema");
                let schema: Node = self.lower.schema(schema.clone(), &pointer);
                contents.push(Content { media_type: media_type.clone(), schema, pointer });
            }
        }
        contents
    }

    /// The examples and encoding headers of a media type.
    fn media_parts(&mut self, media: &MediaType, pointer: &str) {
        for (name, example) in &media.examples {
            if let ReferenceOr::Reference { reference } = example {
                self.named(reference, "examples", &format!("{pointer}/examples/{}", escape(name)));
            }
        }
        for (property, encoding) in &media.encoding {
            for (name, header) in &encoding.headers {
                self.header(header, &format!("{pointer}/encoding/{}/headers/{}", escape(property), escape(name)));
            }
        }
    }

    /// A parameter, checked, and lowered when it can be sent: a `$ref` is followed to the
    /// component it names (an error when it names none).
    fn parameter(&mut self, parameter: &ReferenceOr<Parameter>, pointer: &str) -> Option<graph::Parameter> {
        let (parameter, pointer) = match parameter {
            ReferenceOr::Reference { reference } => {
                let mut name = self.named(reference, "parameters", pointer)?;
                let mut seen = vec![name.clone()];
                loop {
                    match self.parameters.get(&name)?.clone() {
                        ReferenceOr::Item(item) => break (item, format!("#/components/parameters/{}", escape(&name))),
                        ReferenceOr::Reference { reference } => {
                            // Each hop past the first was checked with the components.
                            let next = reference.strip_prefix("#/components/parameters/").map(unescape)?;
                            if seen.contains(&next) {
                                let message = format!("`$ref: {reference}` leads to a cycle of references: {} -> {next}", seen.join(" -> "));
                                self.lower.errors.push(Diagnostic::new(pointer, message));
                                return None;
                            }
                            seen.push(next.clone());
                            name = next;
                        }
                    }
                }
            }
            ReferenceOr::Item(parameter) => (parameter.clone(), pointer.to_owned()),
        };
        let data = parameter.parameter_data_ref();
        self.examples(&data.examples, &pointer);
        let (location, style) = match &parameter {
            Parameter::Path { style, .. } => (
                Location::Path,
                match style {
                    openapiv3::PathStyle::Simple => Style::Simple,
                    openapiv3::PathStyle::Label => Style::Label,
                    openapiv3::PathStyle::Matrix => Style::Matrix,
                },
            ),
            Parameter::Query { style, .. } => (
                Location::Query,
                match style {
                    openapiv3::QueryStyle::Form => Style::Form,
                    openapiv3::QueryStyle::SpaceDelimited => Style::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => Style::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => Style::DeepObject,
                },
            ),
            Parameter::Header { .. } => (Location::Header, Style::Simple),
            Parameter::Cookie { .. } => (Location::Cookie, Style::Form),
        };
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.lower.schema(schema.clone(), &format!("{pointer}/schema")),
            ParameterSchemaOrContent::Content(content) => {
                let mut first = None;
                for (media_type, media) in content {
                    let media_pointer = format!("{pointer}/content/{}", escape(media_type));
                    self.media_parts(media, &media_pointer);
                    if let Some(schema) = &media.schema {
                        let node = self.lower.schema(schema.clone(), &format!("{media_pointer}/schema"));
                        first.get_or_insert(node);
                    }
                }
                first.unwrap_or_else(Node::any)
            }
        };
        Some(graph::Parameter {
            name: data.name.clone(),
            location,
            // A path parameter is always required, whatever the spec says.
            required: data.required || location == Location::Path,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            style,
            // OpenAPI's default: `explode` for `form`, not for the others.
            explode: data.explode.unwrap_or(style == Style::Form),
            schema,
            pointer,
        })
    }

    fn header(&mut self, header: &ReferenceOr<Header>, pointer: &str) {
        match header {
            ReferenceOr::Reference { reference } => drop(self.named(reference, "headers", pointer)),
            ReferenceOr::Item(header) => {
                self.examples(&header.examples, pointer);
                self.format(&header.format, pointer);
            }
        }
    }

    fn examples(&mut self, examples: &IndexMap<String, ReferenceOr<openapiv3::Example>>, pointer: &str) {
        for (name, example) in examples {
            if let ReferenceOr::Reference { reference } = example {
                self.named(reference, "examples", &format!("{pointer}/examples/{}", escape(name)));
            }
        }
    }

    /// A parameter's or header's schema, or its content.
    fn format(&mut self, format: &ParameterSchemaOrContent, pointer: &str) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => self.check_schema(schema, &format!("{pointer}/schema")),
            ParameterSchemaOrContent::Content(content) => {
                for (media_type, media) in content {
                    let media_pointer = format!("{pointer}/content/{}", escape(media_type));
                    self.media_parts(media, &media_pointer);
                    if let Some(schema) = &media.schema {
                        self.check_schema(schema, &format!("{media_pointer}/schema"));
                    }
                }
            }
        }
    }

    /// A callback: path items named by runtime expressions, checked like the document's own.
    fn callback(&mut self, callback: &openapiv3::Callback, pointer: &str) {
        for (expression, item) in callback {
            let pointer = format!("{pointer}/{}", escape(expression));
            self.checked_only(|walk| drop(walk.operations(item, expression, &pointer)));
        }
    }
}

//! API areas as cargo features: which modules each area of the API needs, so a crate that uses
//! one area compiles only its types.
//!
//! An area is what a user picks an API by: an operation's tag (`Realtime`, `Chat`, `Vector
//! stores`), or for an operation without tags the first segment of its path (`/containers/...`
//! → `containers`). Schemas that no operation names, like streaming and webhook events, join the
//! area of the spec's index of events (`x-oaiMeta.groups`) where it lists them, else of their own
//! `x-oaiMeta.group`. [`Config::area_names`](crate::Config::area_names) renames or
//! merges areas (the OpenAI crate puts its fifteen administration tags in one `administration`).
//!
//! Each area's modules are the closure of what it names over the model's type references, so
//! a module that is on has every module its types refer to on as well: a module is compiled when
//! any area that reaches it is on (`#[cfg(any(feature = "chat", feature = "responses"))]`).
//! Modules that no area reaches belong to the area `other`. The feature `default` turns every
//! area on.

use crate::config::Config;
use crate::ir::bodies::bodies;
use crate::ir::{Model, Payload, TypeKind, TypeRef};
use crate::pointer::operations;
use crate::resolve::target;
use foldhash::{HashMap, HashMapExt};
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::{BTreeMap, BTreeSet};

/// The area of the modules that no area reaches.
pub const OTHER: &str = "other";

/// Feature names cargo or the generated crate already use.
const TAKEN: &[&str] = &["default", "registry"];

pub use crate::ir::{Areas, Feature};

/// The component schemas each operation of `doc` names anywhere in it (a `$ref` in its
/// parameters, bodies, answers or examples), by name, in the order of the document's paths and
/// of their methods.
pub type NamedSchemas = Vec<Vec<String>>;

/// The operations of `doc`'s paths, in order: each with its path and method.
fn operations_of(doc: &OpenAPI) -> Vec<(&String, &str, &openapiv3::Operation)> {
    doc.paths
        .iter()
        .filter_map(|(path, item)| match item {
            ReferenceOr::Item(item) => Some((path, item)),
            ReferenceOr::Reference { .. } => None,
        })
        .flat_map(|(path, item)| operations(item).map(move |(method, operation)| (path, method, operation)))
        .collect()
}

/// [`NamedSchemas`] of `doc`: each operation written out as a JSON value and searched, two
/// thirds of finding the areas. It needs only the document, so the pipeline runs it on the
/// other core while the model is built (where that core is otherwise idle).
pub fn named_schemas(doc: &OpenAPI) -> NamedSchemas {
    operations_of(doc)
        .into_iter()
        .map(|(_, _, operation)| {
            let mut names = Vec::new();
            if let Ok(value) = serde_json::to_value(operation) {
                schema_refs(&value, &mut |name| names.push(name.to_owned()));
            }
            names
        })
        .collect()
}

/// The areas of `doc` over the modules of `model`; `named` is [`named_schemas`] of `doc`.
pub fn areas(doc: &OpenAPI, graph: &crate::resolve::Graph, model: &Model, config: &Config, named: NamedSchemas) -> Areas {
    let by_wire: HashMap<&str, usize> =
        model.modules.iter().enumerate().filter(|(_, m)| m.parent.is_none()).map(|(index, m)| (m.wire.as_str(), index)).collect();
    // Each operation's own module (its value and its parameters' types), by its id.
    let operation_modules: HashMap<&str, usize> = model
        .modules
        .iter()
        .enumerate()
        .filter(|(_, m)| m.parent == Some(crate::ir::OPERATIONS))
        .map(|(index, m)| (m.wire.as_str(), index))
        .collect();
    let name = |source: &str| config.area_names.get(source).cloned().unwrap_or_else(|| feature_name(source));
    let mut seeds: BTreeMap<String, (BTreeSet<String>, BTreeSet<usize>)> = BTreeMap::new();

    let mut body_types: HashMap<(String, &str), Vec<&str>> = HashMap::new();
    let found = bodies(graph);
    for body in &found {
        body_types.entry((body.path.clone(), body.method)).or_default().push(body.type_name.as_str());
    }
    for ((path, method, operation), named) in operations_of(doc).into_iter().zip(named) {
        let named = named.iter().filter_map(|name| by_wire.get(name.as_str()).copied());
        let sources: Vec<String> = if operation.tags.is_empty() {
            let segment = path.split('/').find(|s| !s.is_empty() && !s.starts_with('{')).unwrap_or("api");
            vec![segment.split('?').next().unwrap_or(segment).to_owned()]
        } else {
            operation.tags.clone()
        };
        let mut modules: BTreeSet<usize> = BTreeSet::new();
        let id = operation.operation_id.clone().unwrap_or_else(|| format!("{method} {path}"));
        modules.extend(operation_modules.get(id.as_str()));
        for wire in body_types.get(&(path.clone(), method)).into_iter().flatten() {
            modules.extend(by_wire.get(wire));
        }
        modules.extend(named);
        for source in sources {
            let seed = seeds.entry(name(&source)).or_default();
            seed.0.insert(source);
            seed.1.extend(modules.iter().copied());
        }
    }
    // The spec's own index of event schemas (`x-oaiMeta.groups[].sections[]`), by navigation
    // group: where it lists a schema, its group says the schema's area, over the schema's own
    // `x-oaiMeta.group`. The index is the finer of the two: the Realtime Beta events say
    // `group: realtime` themselves, and the index lists them under `legacy`, apart from the
    // Realtime API's events (as the official SDKs keep them apart, `beta.realtime`).
    let mut groups: BTreeMap<&str, &str> = graph
        .components
        .iter()
        .filter_map(|component| {
            let group = component.extensions.get("x-oaiMeta").and_then(|meta| meta.get("group")).and_then(|g| g.as_str())?;
            Some((component.name.as_str(), group))
        })
        .collect();
    let index = doc.extensions.get("x-oaiMeta").and_then(|meta| meta.get("groups")).and_then(|g| g.as_array());
    let mut listed = BTreeSet::new();
    for group in index.into_iter().flatten() {
        let Some(source) = group.get("navigationGroup").and_then(|g| g.as_str()) else { continue };
        let sections = group.get("sections").and_then(|s| s.as_array()).into_iter().flatten();
        for key in sections.filter_map(|s| s.get("key")?.as_str()) {
            // A schema listed twice keeps its first group.
            if listed.insert(key) {
                groups.insert(key, source);
            }
        }
    }
    for (schema, group) in groups {
        if let Some(&module) = by_wire.get(schema) {
            let seed = seeds.entry(name(group)).or_default();
            seed.0.insert(group.to_owned());
            seed.1.insert(module);
        }
    }

    let edges = references(model);
    let mut features = Vec::new();
    let mut modules = vec![Vec::new(); model.modules.len()];
    for (name, (sources, roots)) in seeds {
        let index = features.len();
        for module in closure(&edges, roots) {
            modules[module].push(index);
        }
        features.push(Feature { name, sources, requires: Vec::new() });
    }
    adopt_unions_of_one_area(model, &edges, &mut modules);
    let unreached: BTreeSet<usize> = (0..modules.len()).filter(|&m| modules[m].is_empty()).collect();
    if !unreached.is_empty() {
        // The modules that no area reaches are `other`'s; the reached modules they use come
        // with the areas that reach them, which `other` turns on (fewest areas first chosen).
        let needed: Vec<usize> = closure(&edges, unreached.iter().copied()).into_iter().filter(|module| !unreached.contains(module)).collect();
        let mut requires: BTreeSet<usize> = BTreeSet::new();
        let mut uncovered: BTreeSet<usize> = needed.iter().copied().collect();
        while !uncovered.is_empty() {
            let count = |area: usize| uncovered.iter().filter(|&&m| modules[m].contains(&area)).count();
            let Some(best) = (0..features.len()).max_by_key(|&area| (count(area), std::cmp::Reverse(area))) else { break };
            if count(best) == 0 {
                break;
            }
            uncovered.retain(|&m| !modules[m].contains(&best));
            requires.insert(best);
        }
        let index = features.len();
        let other = unique(OTHER, &features);
        for module in unreached {
            modules[module].push(index);
        }
        let requires = requires.into_iter().map(|area| features[area].name.clone()).collect();
        features.push(Feature { name: other, sources: BTreeSet::new(), requires });
    }
    // Sorted by name, the indices renumbered to match.
    let mut order: Vec<usize> = (0..features.len()).collect();
    order.sort_by(|&a, &b| features[a].name.cmp(&features[b].name));
    let mut renumber = vec![0; features.len()];
    for (new, &old) in order.iter().enumerate() {
        renumber[old] = new;
    }
    for list in &mut modules {
        list.iter_mut().for_each(|area| *area = renumber[*area]);
        list.sort_unstable();
    }
    let features = order.into_iter().map(|old| features[old].clone()).collect();
    Areas { features, modules }
}

/// A union that no area reaches but whose members all belong to the same areas (the union of
/// an area's events, `RealtimeServerEvent`, which no operation names) joins those areas: a user
/// of the area reads it, and it needs nothing the area lacks, so each area stays closed under
/// references. Repeated until nothing changes, for unions of such unions. A union of members of
/// areas with none in common stays unreached (it goes to `other`), as do other types: a struct
/// that uses an area's type is not for that reason part of the area.
fn adopt_unions_of_one_area(model: &Model, edges: &[BTreeSet<usize>], modules: &mut [Vec<usize>]) {
    loop {
        let mut changed = false;
        for module in 0..modules.len() {
            let is_union = matches!(model.types[model.modules[module].root].kind, TypeKind::Union(_));
            if !modules[module].is_empty() || !is_union {
                continue;
            }
            let mut shared: Option<BTreeSet<usize>> = None;
            for &used in edges[module].iter().filter(|&&used| used != module) {
                let areas: BTreeSet<usize> = modules[used].iter().copied().collect();
                shared = Some(match shared {
                    None => areas,
                    Some(common) => common.intersection(&areas).copied().collect(),
                });
            }
            if let Some(shared) = shared.filter(|common| !common.is_empty()) {
                modules[module] = shared.into_iter().collect();
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// Names every root type's areas in its docs, so a user reading a type knows which feature
/// turns it on.
pub fn annotate(model: &mut Model) {
    for index in 0..model.modules.len() {
        let names: Vec<String> = model.areas.of(index).map(|name| format!("`{name}`")).collect();
        let line = match names.as_slice() {
            [] => continue,
            [one] => format!("Crate feature: {one}."),
            many => format!("Crate features: {} (any one of them).", many.join(", ")),
        };
        let root = model.modules[index].root;
        let mut docs = model.types[root].docs.to_vec();
        if !docs.is_empty() {
            docs.push(String::new());
        }
        docs.push(line);
        model.types[root].docs = docs.into();
    }
}

/// A cargo feature name from a tag or group: lower case words joined by `-`.
pub fn feature_name(source: &str) -> String {
    let words: Vec<String> = source.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let name = if words.is_empty() { "api".to_owned() } else { words.join("-") };
    if TAKEN.contains(&name.as_str()) {
        format!("{name}-api")
    } else {
        name
    }
}

fn unique(name: &str, features: &[Feature]) -> String {
    std::iter::once(name.to_owned())
        .chain((2..).map(|n| format!("{name}-{n}")))
        .find(|candidate| features.iter().all(|f| &f.name != candidate))
        .unwrap_or_else(|| name.to_owned())
}

/// Every component schema named by a `$ref` inside `value`.
fn schema_refs(value: &serde_json::Value, found: &mut dyn FnMut(&str)) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", serde_json::Value::String(reference)) => {
                        if let Some(name) = target(reference) {
                            found(&name);
                        }
                    }
                    _ => schema_refs(value, found),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| schema_refs(item, found)),
        _ => {}
    }
}

/// For each module, the modules its types refer to.
fn references(model: &Model) -> Vec<BTreeSet<usize>> {
    let mut edges = vec![BTreeSet::new(); model.modules.len()];
    for def in &model.types {
        let mut refs = Vec::new();
        match &def.kind {
            TypeKind::Struct(object) => {
                refs.extend(object.fields.iter().map(|f| &f.ty));
                refs.extend(object.additional.iter().map(|(_, ty)| ty));
                refs.extend(object.flattened.iter().map(|(_, ty)| ty));
            }
            TypeKind::Union(union) => refs.extend(union.variants.iter().filter_map(|v| match &v.payload {
                Payload::Value(ty) => Some(ty),
                Payload::Unit { .. } => None,
            })),
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => refs.push(ty),
            TypeKind::Operation(operation) => refs.extend(operation.type_refs()),
            TypeKind::Enum(_) | TypeKind::Const(_) | TypeKind::Integers(_) | TypeKind::Pending => {}
        }
        for ty in refs {
            named(ty, &mut |id| {
                edges[def.module].insert(model.types[id].module);
            });
        }
    }
    edges
}

fn named(ty: &TypeRef, found: &mut dyn FnMut(usize)) {
    match ty {
        TypeRef::Named(id) => found(*id),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Box(inner) => named(inner, found),
        TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 | TypeRef::File | TypeRef::Object | TypeRef::Any => {}
    }
}

/// `roots` and every module reachable from them, in order.
fn closure(edges: &[BTreeSet<usize>], roots: impl IntoIterator<Item = usize>) -> Vec<usize> {
    // Marks in a list by module rather than a set: forty areas each walk most of the crate's
    // modules, and a tree set's inserts and lookups were 2% of a generation.
    let mut seen = vec![false; edges.len()];
    let mut stack: Vec<usize> = roots.into_iter().collect();
    while let Some(module) = stack.pop() {
        if !std::mem::replace(&mut seen[module], true) {
            stack.extend(edges[module].iter().copied().filter(|&m| !seen[m]));
        }
    }
    seen.iter().enumerate().filter_map(|(module, &seen)| seen.then_some(module)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        assert_eq!(feature_name("Vector stores"), "vector-stores");
        assert_eq!(feature_name("Fine-tuning"), "fine-tuning");
        assert_eq!(feature_name("realtime"), "realtime");
        assert_eq!(feature_name("eval runs"), "eval-runs");
        assert_eq!(feature_name("Registry"), "registry-api");
        assert_eq!(feature_name("??"), "api");
    }
}

//! Instances of every shape the spec allows, made from the spec's own schemas (not from its
//! examples), for every component schema:
//!
//! - **minimal**: the required properties only; each union takes its first member that is not
//!   `null`, each enum its first value;
//! - **full (null)**: every property, and `null` wherever the schema allows it (3.0
//!   `nullable: true`, 3.1 `type: [T, "null"]`, a `{type: null}` member of `anyOf`/`oneOf`);
//! - **full #k**, k = 0, 1, ...: every property with a value; each enum takes its value `k mod n`
//!   and each union its member `k mod n` (counting the members that are not `null`), each boolean
//!   `true` then `false`: the values are cycled across the full instances, and there are as many
//!   as the largest enum or union the instance meets (at most [`MAX_FULL`]), so every value of
//!   every enum of the type shows in one of them;
//! - **union members**: for every `anyOf`/`oneOf` written inside the component's own schema (a
//!   union of another component is that component's), every member in turn (its `null` member,
//!   or the `null` of `nullable: true`, included): a minimal and a full #0 instance of the
//!   component with that member chosen there.
//!
//! `$ref`s are followed; a type already being expanded twice is not expanded again (an optional
//! property that needs it is left out, a list of it is empty), and below [`FULL_DEPTH`] nested
//! references a full instance goes on as a minimal one, so instances stay small.

use serde_json::{Map, Value};

mod check;
mod containers;
mod scalars;
mod shapes;

use containers::array;
use shapes::normalize;

pub use check::{check, difference_kinds, known_instance_failures, report, summarize, table, Checked, Difference, InstanceOutcome, InstanceRow};

/// The most full instances of one type (the largest enum decides how many).
pub const MAX_FULL: usize = 64;
/// Nested references below which a full instance goes on as a minimal one.
pub const FULL_DEPTH: usize = 4;
/// Nested references after which nothing more is expanded.
const MAX_DEPTH: usize = 12;

/// Which row of the table an instance counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Kind {
    Minimal,
    Full,
    UnionMember,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Minimal => "minimal",
            Kind::Full => "full",
            Kind::UnionMember => "union members",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Instance {
    /// The component schema's name (the registry's name of its type).
    pub type_name: String,
    pub kind: Kind,
    /// Which instance: `minimal`, `full (null)`, `full #3`, `member /anyOf/1 minimal`, ...
    pub label: String,
    pub value: Value,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Mode {
    Minimal,
    Nulls,
    Values(usize),
}

/// One generation: its mode, the union member it must choose, and what it met.
pub(crate) struct Walk<'s> {
    pub(crate) mode: Mode,
    /// The location (inside the component's own schema) of a union, and the member to take there.
    pub(crate) force: Option<(&'s str, usize)>,
    /// The components being expanded.
    stack: Vec<&'s str>,
    /// The largest enum or union met (how many full instances cycle through all values).
    widest: usize,
}

/// Every instance of every component schema of `spec`.
pub fn generate(spec: &Value) -> Vec<Instance> {
    let Some(schemas) = spec.pointer("/components/schemas").and_then(Value::as_object) else { return Vec::new() };
    schemas.keys().flat_map(|name| instances_of(schemas, name)).collect()
}

/// The instances of one component schema.
pub fn instances_of(schemas: &Map<String, Value>, name: &str) -> Vec<Instance> {
    let schema = &schemas[name];
    let mut out: Vec<Instance> = Vec::new();
    let mut push = |kind: Kind, label: String, value: Option<Value>| {
        let Some(value) = value else { return };
        if !out.iter().any(|i| i.kind == kind && i.value == value) {
            out.push(Instance { type_name: name.to_owned(), kind, label, value });
        }
    };
    let run = |mode: Mode, force: Option<(&str, usize)>| {
        let mut walk = Walk { mode, force, stack: vec![name], widest: 1 };
        let value = value(schemas, schema, "", &mut walk, true);
        (value, walk.widest)
    };
    push(Kind::Minimal, "minimal".into(), run(Mode::Minimal, None).0);
    push(Kind::Full, "full (null)".into(), run(Mode::Nulls, None).0);
    let (first, widest) = run(Mode::Values(0), None);
    push(Kind::Full, "full #0".into(), first);
    for k in 1..widest.min(MAX_FULL) {
        push(Kind::Full, format!("full #{k}"), run(Mode::Values(k), None).0);
    }
    let mut sites = Vec::new();
    union_sites(schemas, schema, String::new(), &mut sites);
    for (site, members) in &sites {
        for member in 0..*members {
            push(Kind::UnionMember, format!("member {site}/{member} minimal"), run(Mode::Minimal, Some((site, member))).0);
            push(Kind::UnionMember, format!("member {site}/{member} full"), run(Mode::Values(0), Some((site, member))).0);
        }
    }
    out
}

/// The members of a union: its `anyOf`/`oneOf` list, plus the `null` of `nullable: true` when
/// no member is `null` already.
fn members(schema: &Value) -> Option<Vec<Value>> {
    let list = schema.get("oneOf").or_else(|| schema.get("anyOf"))?.as_array()?;
    let mut members = list.clone();
    if schema.get("nullable") == Some(&Value::Bool(true)) && !members.iter().any(is_null_schema) {
        members.push(serde_json::json!({"type": "null"}));
    }
    Some(members)
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
}

/// The unions written inside a schema (not behind a `$ref`): their location and member count.
fn union_sites(schemas: &Map<String, Value>, schema: &Value, at: String, out: &mut Vec<(String, usize)>) {
    if schema.get("$ref").is_some() {
        return;
    }
    let normalized = normalize(schemas, schema, 0);
    let schema = normalized.as_ref();
    let Some(object) = schema.as_object() else { return };
    if let Some(members) = members(schema) {
        out.push((at.clone(), members.len()));
    }
    for key in ["anyOf", "oneOf"] {
        for (i, member) in object.get(key).and_then(Value::as_array).into_iter().flatten().enumerate() {
            union_sites(schemas, member, format!("{at}/{key}/{i}"), out);
        }
    }
    for (name, property) in object.get("properties").and_then(Value::as_object).into_iter().flatten() {
        union_sites(schemas, property, format!("{at}/properties/{name}"), out);
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = object.get(key) {
            union_sites(schemas, inner, format!("{at}/{key}"), out);
        }
    }
}

/// Whether a schema (through its `$ref`) allows `null`.
fn nullable(schemas: &Map<String, Value>, schema: &Value, depth: usize) -> bool {
    // An enum allows `null` only when it lists it (3.0's `nullable: true` beside an enum without
    // `null` does not, as the spec's JSON Schema reads it).
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.contains(&Value::Null);
    }
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        return true;
    }
    if schema.get("type").and_then(Value::as_array).is_some_and(|types| types.iter().any(|t| t == "null")) {
        return true;
    }
    if let Some(list) = schema.get("oneOf").or_else(|| schema.get("anyOf")).and_then(Value::as_array) {
        if list.iter().any(is_null_schema) {
            return true;
        }
    }
    match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) if depth < 8 => schemas.get(name).is_some_and(|target| nullable(schemas, target, depth + 1)),
        _ => false,
    }
}

/// Whether `site` lies at or under `at/step`.
pub(crate) fn leads_to(force: Option<(&str, usize)>, at: &str, step: &str) -> bool {
    force.is_some_and(|(site, _)| {
        let prefix = format!("{at}/{step}");
        site == prefix || site.starts_with(&format!("{prefix}/"))
    })
}

/// A value of `schema` at location `at`, in the walk's mode; `None` when it cannot be made
/// within the depth bounds. `root`: the component itself (never `null` but by a forced member).
pub(crate) fn value<'s>(schemas: &'s Map<String, Value>, schema: &Value, at: &str, walk: &mut Walk<'s>, root: bool) -> Option<Value> {
    let Some(object) = schema.as_object() else { return Some(Value::String("value".into())) };
    if walk.mode == Mode::Nulls && !root && nullable(schemas, schema, 0) {
        return Some(Value::Null);
    }
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        let (name, target) = schemas.get_key_value(reference.strip_prefix("#/components/schemas/")?)?;
        let name = name.as_str();
        let again = walk.stack.iter().filter(|n| **n == name).count();
        if again >= 2 || walk.stack.len() > MAX_DEPTH {
            return None;
        }
        let mode = walk.mode;
        if walk.stack.len() > FULL_DEPTH {
            walk.mode = Mode::Minimal;
        }
        walk.stack.push(name);
        let out = value(schemas, target, &format!("@{name}"), walk, false);
        walk.stack.pop();
        walk.mode = mode;
        return out;
    }
    if let Some(constant) = object.get("const") {
        return Some(constant.clone());
    }
    if let Some(values) = object.get("enum").and_then(Value::as_array) {
        let values: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
        walk.widest = walk.widest.max(values.len());
        let k = if let Mode::Values(k) = walk.mode { k } else { 0 };
        return values.get(k % values.len().max(1)).map(|v| (*v).clone());
    }
    let normalized = normalize(schemas, schema, 0);
    let schema = normalized.as_ref();
    let Some(object) = schema.as_object() else { return Some(Value::String("value".into())) };
    if let Some(members) = members(schema) {
        let chosen = choose(&members, at, walk);
        let key = if object.contains_key("oneOf") { "oneOf" } else { "anyOf" };
        return value(schemas, &members[chosen], &format!("{at}/{key}/{chosen}"), walk, false);
    }
    let ty = match object.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).find(|t| *t != "null").unwrap_or("null"),
        _ if object.contains_key("properties") || object.contains_key("additionalProperties") => "object",
        _ if object.contains_key("items") => "array",
        _ => "any",
    };
    match ty {
        "object" => containers::object(schemas, object, at, walk),
        "array" => array(schemas, object, at, walk),
        "null" => Some(Value::Null),
        other => Some(scalars::scalar(other, object, walk_values(walk))),
    }
}

/// The `k` of `full #k` (0 otherwise), counting booleans as two values.
fn walk_values(walk: &mut Walk) -> usize {
    walk.widest = walk.widest.max(2);
    match walk.mode {
        Mode::Values(k) => k,
        _ => 0,
    }
}

/// The member a union takes: the forced one on the way to or at the forced site, else `null`
/// in a null-filled instance, the `k mod n`-th of the others in full #k, else the first.
fn choose(members: &[Value], at: &str, walk: &mut Walk) -> usize {
    if let Some((site, member)) = walk.force {
        if site == at {
            return member;
        }
        for key in ["oneOf", "anyOf"] {
            for i in 0..members.len() {
                if leads_to(walk.force, at, &format!("{key}/{i}")) {
                    return i;
                }
            }
        }
    }
    let values: Vec<usize> = (0..members.len()).filter(|i| !is_null_schema(&members[*i])).collect();
    if values.is_empty() {
        return 0;
    }
    walk.widest = walk.widest.max(values.len());
    match walk.mode {
        Mode::Values(k) => values[k % values.len()],
        _ => values[0],
    }
}

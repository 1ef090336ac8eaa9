//! Forward compatibility on real payloads: every payload that round-trips is changed the ways a
//! newer API changes them, and each changed payload must still deserialize and serialize back to
//! the same JSON.
//!
//! - an unknown field added to every object;
//! - each value of a string enum (of two or more values) replaced by one the crate does not know;
//! - each union tag replaced by one the crate does not know;
//! - each declared field removed in turn (the required ones among them: older servers leave
//!   fields out): it must still deserialize, and write back the payload without it;
//! - each declared field set to `null` in turn (the ones that are not nullable among them): it
//!   must write back that `null`;
//! - each constant that no union dispatches on replaced by a new value: it must be kept.
//!
//! Which strings are enum values and which are union tags comes from the generator's own model
//! of the spec. A tag of a union is also, elsewhere, the constant of a plain struct (an event's
//! own `type` at the top level): a constant accepts exactly its value by design, so a tag
//! mutation that fails there, on that constant, is counted apart, not as a failure.

use crate::conformance::{difference, Checked};
use crate::payloads::Text;
use codegen::ir::{Dispatch, Model, TypeKind, TypeRef};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

const UNKNOWN: &str = "x-unknown-value";
const UNKNOWN_FIELD: &str = "x_unknown_field";

/// The strings that matter to the mutations, from the generator's model of the spec.
pub struct Vocabulary {
    /// Each value of an enum of two or more values, with the other values of such enums.
    pub enum_values: HashMap<String, Vec<String>>,
    /// (property, value) pairs that tag a union's variants.
    pub tags: HashSet<(String, String)>,
    /// Every property name an object of the spec declares (a member of a free-form map is not a
    /// field, and a `null` in a map of strings is not what the field mutations are about).
    pub properties: HashSet<String>,
    /// (property, value) pairs of constants that keep another value, and of those that do not.
    pub open_constants: HashSet<(String, String)>,
    pub exact_constants: HashSet<(String, String)>,
    /// Fields whose value is a map with free keys (`metadata`): their members are not fields.
    pub maps: HashSet<String>,
}

/// A map with free keys (`additionalProperties`, a free-form object), through names and options.
fn is_map(model: &Model, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Map(_) | TypeRef::Object => true,
        TypeRef::Box(inner) | TypeRef::Option(inner) => is_map(model, inner),
        TypeRef::Named(id) => match &model.types[*id].kind {
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => is_map(model, inner),
            _ => false,
        },
        _ => false,
    }
}

/// The type a reference names, through boxes, options and aliases.
fn named(model: &Model, ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Box(inner) | TypeRef::Option(inner) => named(model, inner),
        TypeRef::Named(id) => match &model.types[*id].kind {
            TypeKind::Alias(inner) => named(model, inner),
            _ => Some(*id),
        },
        _ => None,
    }
}

impl Vocabulary {
    pub fn of(model: &Model) -> Self {
        let mut enum_values: HashMap<String, Vec<String>> = HashMap::new();
        let mut tags = HashSet::new();
        let (mut properties, mut open_constants, mut exact_constants) = (HashSet::new(), HashSet::new(), HashSet::new());
        let mut maps = HashSet::new();
        for def in &model.types {
            match &def.kind {
                TypeKind::Struct(object) => {
                    for field in &object.fields {
                        properties.insert(field.wire.clone());
                        if is_map(model, &field.ty) {
                            maps.insert(field.wire.clone());
                        }
                        let Some(id) = named(model, &field.ty) else { continue };
                        if let TypeKind::Const(constant) = &model.types[id].kind {
                            let pair = (field.wire.clone(), constant.variant.wire.clone());
                            if constant.other.is_some() {
                                open_constants.insert(pair);
                            } else {
                                exact_constants.insert(pair);
                            }
                        }
                    }
                }
                TypeKind::Enum(values) => {
                    for variant in &values.variants {
                        let siblings = enum_values.entry(variant.wire.clone()).or_default();
                        for other in values.variants.iter().filter(|o| o.wire != variant.wire) {
                            if !siblings.contains(&other.wire) {
                                siblings.push(other.wire.clone());
                            }
                        }
                    }
                }
                TypeKind::Union(union) => {
                    if let Dispatch::Tagged(tagged) = &union.dispatch {
                        for arm in &tagged.arms {
                            for value in arm.patterns[0].iter().flatten() {
                                tags.insert((tagged.keys[0].clone(), value.clone()));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Vocabulary { enum_values, tags, properties, open_constants, exact_constants, maps }
    }
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Tally {
    pub tried: usize,
    pub survived: usize,
    /// Positions that turned out to be constants, not enum values or union tags (see the
    /// module docs).
    pub constants: usize,
    pub failures: Vec<String>,
}

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Report {
    pub unknown_fields: Tally,
    pub enum_values: Tally,
    pub union_tags: Tally,
    pub removed_fields: Tally,
    pub null_fields: Tally,
    pub new_constants: Tally,
}

impl Report {
    /// Each kind of mutation with its label.
    pub fn tallies(&self) -> [(&'static str, &Tally); 6] {
        [
            ("unknown field in every object", &self.unknown_fields),
            ("unknown enum value", &self.enum_values),
            ("unknown union tag", &self.union_tags),
            ("declared field removed", &self.removed_fields),
            ("declared field set to null", &self.null_fields),
            ("new value of a constant", &self.new_constants),
        ]
    }
}

pub fn run(checked: &[Checked], vocabulary: &Vocabulary, round_trip: impl Fn(&str, &str) -> Option<Result<Value, String>>) -> Report {
    let mut report = Report::default();
    for c in checked.iter().filter(|c| c.outcome.passes()) {
        let (Text::Json(text) | Text::Repaired(text)) = &c.payload.text else { continue };
        let Ok(original) = serde_json::from_str::<Value>(text) else { continue };
        let origin = &c.payload.origin;
        let check = |mutated: &Value, tally: &mut Tally, what: &str, constant: Option<&str>| {
            tally.tried += 1;
            let result = round_trip(&c.payload.type_name, &mutated.to_string()).unwrap_or_else(|| Err("no type".into()));
            match result {
                Ok(back) => match difference(mutated, &back, "") {
                    None => tally.survived += 1,
                    Some(d) => tally.failures.push(format!("{origin}: {what}: round trip differs at {d}")),
                },
                Err(error) if constant.is_some_and(|value| error.contains(&format!("expected `{value}`"))) => tally.constants += 1,
                Err(error) => tally.failures.push(format!("{origin}: {what}: {error}")),
            }
        };

        let mut with_fields = original.clone();
        add_unknown_fields(&mut with_fields);
        check(&with_fields, &mut report.unknown_fields, "unknown field in every object", None);

        for (pointer, key, value) in strings(&original) {
            let mut mutated = original.clone();
            if let Some(slot) = mutated.pointer_mut(&pointer) {
                *slot = Value::String(UNKNOWN.to_owned());
            }
            let what = format!("{pointer} {value:?} -> {UNKNOWN:?}");
            let pair = key.clone().map(|key| (key, value.clone()));
            if pair.as_ref().is_some_and(|pair| vocabulary.tags.contains(pair)) {
                check(&mutated, &mut report.union_tags, &what, Some(&value));
            } else if pair.as_ref().is_some_and(|pair| vocabulary.open_constants.contains(pair) && !vocabulary.exact_constants.contains(pair)) {
                check(&mutated, &mut report.new_constants, &what, None);
            } else if let Some(siblings) = vocabulary.enum_values.get(&value) {
                // An enum position takes the enum's other values too; a constant or a free-form
                // string that happens to spell an enum value is not what this mutation is about.
                let takes_sibling = siblings.iter().take(3).any(|sibling| {
                    let mut other = original.clone();
                    if let Some(slot) = other.pointer_mut(&pointer) {
                        *slot = Value::String(sibling.clone());
                    }
                    matches!(round_trip(&c.payload.type_name, &other.to_string()), Some(Ok(_)))
                });
                if takes_sibling {
                    check(&mutated, &mut report.enum_values, &what, None);
                } else {
                    report.enum_values.constants += 1;
                }
            }
        }

        for (pointer, key) in members(&original, &vocabulary.maps) {
            if !vocabulary.properties.contains(&key) {
                continue;
            }
            let (parent, last) = pointer.rsplit_once('/').unwrap_or_default();
            let mut removed = original.clone();
            if let Some(Value::Object(object)) = removed.pointer_mut(parent) {
                object.shift_remove(&unescape(last));
            }
            check(&removed, &mut report.removed_fields, &format!("{pointer} removed"), None);
            if original.pointer(&pointer).is_some_and(|v| !v.is_null()) {
                let mut nulled = original.clone();
                if let Some(slot) = nulled.pointer_mut(&pointer) {
                    *slot = Value::Null;
                }
                check(&nulled, &mut report.null_fields, &format!("{pointer} set to null"), None);
            }
        }
    }
    report
}

/// Every object member that may be a field: its JSON pointer and its key (the members of a
/// field in `maps` are map entries, not fields).
fn members(value: &Value, maps: &HashSet<String>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), value)];
    while let Some((pointer, value)) = stack.pop() {
        match value {
            Value::Object(object) => {
                for (key, child) in object {
                    let child_pointer = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                    out.push((child_pointer.clone(), key.clone()));
                    if !(maps.contains(key) && child.is_object()) {
                        stack.push((child_pointer, child));
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().enumerate().map(|(i, v)| (format!("{pointer}/{i}"), v))),
            _ => {}
        }
    }
    out
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn add_unknown_fields(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.values_mut().for_each(add_unknown_fields);
            object.insert(UNKNOWN_FIELD.to_owned(), Value::String(UNKNOWN.to_owned()));
        }
        Value::Array(items) => items.iter_mut().for_each(add_unknown_fields),
        _ => {}
    }
}

/// Every string leaf: its JSON pointer, the key it sits under (if in an object), its value.
fn strings(value: &Value) -> Vec<(String, Option<String>, String)> {
    let mut out = Vec::new();
    walk(value, String::new(), None, &mut out);
    out
}

fn walk(value: &Value, pointer: String, key: Option<&str>, out: &mut Vec<(String, Option<String>, String)>) {
    match value {
        Value::String(s) => out.push((pointer, key.map(str::to_owned), s.clone())),
        Value::Object(object) => {
            for (k, v) in object {
                walk(v, format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1")), Some(k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk(v, format!("{pointer}/{i}"), None, out);
            }
        }
        _ => {}
    }
}

//! Forward compatibility on real payloads: every payload that round-trips is changed the ways a
//! newer API changes them, and each changed payload must still deserialize and serialize back to
//! the same JSON.
//!
//! - an unknown field added to every object;
//! - each value of a string enum (of two or more values) replaced by one the crate does not know;
//! - each union tag replaced by one the crate does not know.
//!
//! Which strings are enum values and which are union tags comes from the generator's own model
//! of the spec. A tag of a union is also, elsewhere, the constant of a plain struct (an event's
//! own `type` at the top level): a constant accepts exactly its value by design, so a tag
//! mutation that fails there, on that constant, is counted apart, not as a failure.

use crate::conformance::{difference, Checked};
use crate::payloads::Text;
use codegen::ir::{Dispatch, Model, TypeKind};
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
}

impl Vocabulary {
    pub fn of(model: &Model) -> Self {
        let mut enum_values: HashMap<String, Vec<String>> = HashMap::new();
        let mut tags = HashSet::new();
        for def in &model.types {
            match &def.kind {
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
        Vocabulary { enum_values, tags }
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
                Ok(back) => match difference(mutated, &back, true, "") {
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
            if key.as_ref().is_some_and(|key| vocabulary.tags.contains(&(key.clone(), value.clone()))) {
                check(&mutated, &mut report.union_tags, &what, Some(&value));
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
    }
    report
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

//! Runs every example payload of the spec through the generated crate: deserialize, serialize
//! back, compare; and checks each payload against the spec's own JSON Schema, so a failure can be
//! told apart from a payload the spec itself rejects.

use crate::payloads::{Payload, Source, Text};
use jsonschema::{Draft, Validator};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Outcome {
    NotJson,
    /// Deserialized; serialized back to the same JSON: every member, `null` and absence alike.
    Exact,
    /// Deserialized, but serialized back differently.
    Differs,
    Failed,
    /// No generated type has this name (a bug: every schema gets one).
    NoType,
}

impl Outcome {
    pub fn passes(self) -> bool {
        self == Outcome::Exact
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Checked {
    #[serde(flatten)]
    pub payload: Payload,
    pub outcome: Outcome,
    /// Valid against the spec's own schema for its type (`None` when not JSON).
    pub spec_valid: Option<bool>,
    /// The first error, or the first place the round trip differs.
    pub detail: Option<String>,
    /// Why the spec's own schema rejects the payload.
    pub spec_error: Option<String>,
    /// The numbers of the payload that are not integers, and where one came back with other bits.
    pub floats: usize,
    pub floats_changed: Vec<String>,
}

/// Checks every payload. `round_trip` is the generated crate's registry.
pub fn check(spec: &Value, payloads: Vec<Payload>, round_trip: impl Fn(&str, &str) -> Option<Result<Value, String>>) -> Vec<Checked> {
    let mut validators = Validators::new(spec);
    payloads
        .into_iter()
        .map(|payload| {
            let text = match &payload.text {
                Text::Json(text) | Text::Repaired(text) => text.clone(),
                Text::NotJson(error) => {
                    let detail = Some(error.clone());
                    return Checked {
                        payload,
                        outcome: Outcome::NotJson,
                        spec_valid: None,
                        detail,
                        spec_error: None,
                        floats: 0,
                        floats_changed: Vec::new(),
                    };
                }
            };
            let original: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            let spec_error = validators.first_error(&payload.schema_pointer, &original);
            let spec_valid = Some(spec_error.is_none());
            let (mut floats, mut floats_changed) = (0, Vec::new());
            let (outcome, detail) = match round_trip(&payload.type_name, &text) {
                None => (Outcome::NoType, Some(format!("no type named {}", payload.type_name))),
                Some(Err(error)) => (Outcome::Failed, Some(error)),
                Some(Ok(back)) => {
                    compare_floats(&original, &back, "", &mut floats, &mut floats_changed);
                    compare(&original, &back)
                }
            };
            Checked { payload, outcome, spec_valid, detail, spec_error, floats, floats_changed }
        })
        .collect()
}

/// Every float of `original` (a number that is not an integer) against the same place in `back`.
fn compare_floats(original: &Value, back: &Value, at: &str, count: &mut usize, changed: &mut Vec<String>) {
    match (original, back) {
        (Value::Number(x), _) if x.is_f64() => {
            *count += 1;
            let same = back.as_f64().is_some_and(|y| x.as_f64().is_some_and(|x| x.to_bits() == y.to_bits()));
            if !same {
                changed.push(format!("{at}: {x} became {back}"));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                compare_floats(x, y, &format!("{at}/{i}"), count, changed);
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            for (key, x) in x {
                if let Some(y) = y.get(key) {
                    compare_floats(x, y, &format!("{at}/{key}"), count, changed);
                }
            }
        }
        _ => {}
    }
}

/// How many floats the payloads that deserialize hold, and where one came back changed.
pub fn floats(checked: &[Checked]) -> (usize, Vec<String>) {
    let total = checked.iter().map(|c| c.floats).sum();
    let changed = checked.iter().flat_map(|c| c.floats_changed.iter().map(|place| format!("{}: {place}", c.payload.origin))).collect();
    (total, changed)
}

fn compare(original: &Value, back: &Value) -> (Outcome, Option<String>) {
    match difference(original, back, "") {
        None => (Outcome::Exact, None),
        Some(first) => (Outcome::Differs, Some(first)),
    }
}

/// Where two JSON values differ: every member, a `null` one and an absent one told apart.
/// Numbers compare by value, bit for bit (`1` and `1.0` are the same number; `0.1` and
/// `0.10000000000000002` are not).
pub fn difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().map(f64::to_bits) != y.as_f64().map(f64::to_bits)).then(|| format!("{at}: {x} became {y}"))
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                return Some(format!("{at}: {} items became {}", x.len(), y.len()));
            }
            x.iter().zip(y).enumerate().find_map(|(i, (x, y))| difference(x, y, &format!("{at}/{i}")))
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys = x.keys().chain(y.keys().filter(|k| !x.contains_key(*k)));
            for key in keys {
                let at = format!("{at}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(x), Some(y)) => {
                        if let Some(d) = difference(x, y, &at) {
                            return Some(d);
                        }
                    }
                    (Some(_), None) => return Some(format!("{at}: dropped")),
                    (None, Some(_)) => return Some(format!("{at}: added")),
                    (None, None) => {}
                }
            }
            None
        }
        _ => (a != b).then(|| format!("{at}: {a} became {b}")),
    }
}

/// JSON Schema validators for the spec's schemas, built once per pointer.
pub(crate) struct Validators {
    options: jsonschema::ValidationOptions,
    built: HashMap<String, Result<Validator, String>>,
}

const SPEC_URI: &str = "urn:openapi-spec";

impl Validators {
    pub(crate) fn new(spec: &Value) -> Self {
        let mut spec = spec.clone();
        as_json_schema(&mut spec);
        let mut options = jsonschema::options();
        options.with_draft(Draft::Draft202012).with_resource(SPEC_URI, Draft::Draft202012.create_resource(spec));
        Validators { options, built: HashMap::new() }
    }

    /// `None` when valid; else the first violation and where.
    pub(crate) fn first_error(&mut self, pointer: &str, instance: &Value) -> Option<String> {
        let options = &self.options;
        let validator = self.built.entry(pointer.to_owned()).or_insert_with(|| {
            let schema = serde_json::json!({ "$ref": format!("{SPEC_URI}{}", fragment(pointer)) });
            options.build(&schema).map_err(|e| e.to_string())
        });
        match validator {
            Ok(validator) => validator.validate(instance).err().map(|e| format!("{}: {e}", e.instance_path)),
            Err(error) => Some(format!("the spec's schema does not compile: {error}")),
        }
    }
}

/// A JSON pointer as a URI fragment (`{` and `}` of path templates are not allowed there).
fn fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for c in pointer.chars() {
        match c {
            '{' | '}' | ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '|' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// The spec as JSON Schema 2020-12 reads it, keeping the two 3.0 leftovers the generator honours:
/// `nullable: true` allows `null`, and a boolean `exclusiveMinimum`/`exclusiveMaximum` qualifies
/// `minimum`/`maximum` (2020-12 wants a number there).
fn as_json_schema(value: &mut Value) {
    match value {
        Value::Object(object) => {
            for key in ["exclusiveMinimum", "exclusiveMaximum"] {
                if object.get(key).is_some_and(Value::is_boolean) {
                    object.remove(key);
                }
            }
            // `allOf: [{$ref}, {nullable: true}]`, a 3.0 document's nullable reference, means
            // what the generator reads (`load::normalize`): the reference, or `null`.
            if let Some(Value::Array(members)) = object.get_mut("allOf") {
                let before = members.len();
                members.retain(|m| m.as_object().is_none_or(|m| !(m.len() == 1 && m.get("nullable") == Some(&Value::Bool(true)))));
                if members.len() != before {
                    object.insert("nullable".into(), Value::Bool(true));
                }
            }
            object.values_mut().for_each(as_json_schema);
            if object.get("nullable") == Some(&Value::Bool(true)) {
                object.remove("nullable");
                match object.get_mut("type") {
                    Some(Value::String(t)) => {
                        let t = std::mem::take(t);
                        object.insert("type".into(), serde_json::json!([t, "null"]));
                    }
                    _ => {
                        let rest = Value::Object(std::mem::take(object));
                        object.insert("anyOf".into(), serde_json::json!([rest, {"type": "null"}]));
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(as_json_schema),
        _ => {}
    }
}

/// Counts per source, as printed and as written for machines.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Row {
    pub total: usize,
    pub not_json: usize,
    pub repaired: usize,
    pub spec_valid: usize,
    pub deserialized: usize,
    pub exact: usize,
    pub differs: usize,
    /// Of `differs`, the payloads the spec's own schema rejects.
    pub invalid_differs: usize,
    pub failed: usize,
    pub valid_failing: usize,
}

pub fn summarize(checked: &[Checked]) -> BTreeMap<Source, Row> {
    let mut rows: BTreeMap<Source, Row> = BTreeMap::new();
    for c in checked {
        let row = rows.entry(c.payload.source).or_default();
        row.total += 1;
        row.not_json += usize::from(c.outcome == Outcome::NotJson);
        row.repaired += usize::from(matches!(c.payload.text, Text::Repaired(_)));
        row.spec_valid += usize::from(c.spec_valid == Some(true));
        row.deserialized += usize::from(matches!(c.outcome, Outcome::Exact | Outcome::Differs));
        row.exact += usize::from(c.outcome == Outcome::Exact);
        row.differs += usize::from(c.outcome == Outcome::Differs);
        row.invalid_differs += usize::from(c.outcome == Outcome::Differs && c.spec_valid == Some(false));
        row.failed += usize::from(matches!(c.outcome, Outcome::Failed | Outcome::NoType));
        row.valid_failing += usize::from(c.spec_valid == Some(true) && !c.outcome.passes());
    }
    rows
}

/// The table a person reads.
pub fn table(rows: &BTreeMap<Source, Row>) -> String {
    let mut out = format!(
        "{:<30} {:>6} {:>8} {:>8} {:>10} {:>12} {:>6} {:>7} {:>15} {:>6} {:>13}\n",
        "source", "total", "not JSON", "repaired", "spec-valid", "deserialized", "exact", "differs", "invalid differs", "failed", "valid failing"
    );
    let mut total = Row::default();
    for (source, row) in rows {
        out.push_str(&line(source.label(), row));
        total.total += row.total;
        total.not_json += row.not_json;
        total.repaired += row.repaired;
        total.spec_valid += row.spec_valid;
        total.deserialized += row.deserialized;
        total.exact += row.exact;
        total.differs += row.differs;
        total.invalid_differs += row.invalid_differs;
        total.failed += row.failed;
        total.valid_failing += row.valid_failing;
    }
    out.push_str(&line("all", &total));
    out
}

fn line(label: &str, r: &Row) -> String {
    format!(
        "{:<30} {:>6} {:>8} {:>8} {:>10} {:>12} {:>6} {:>7} {:>15} {:>6} {:>13}\n",
        label, r.total, r.not_json, r.repaired, r.spec_valid, r.deserialized, r.exact, r.differs, r.invalid_differs, r.failed, r.valid_failing
    )
}

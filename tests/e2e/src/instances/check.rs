//! Each instance checked: against the spec's own JSON Schema (the validator the conformance tool
//! uses), then read and written back by the generated crate's registry and compared exactly
//! (every member, `null` and absent told apart, numbers bit for bit; member order aside).

use super::{Instance, Kind};
use crate::conformance::Validators;
use serde_json::Value;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum InstanceOutcome {
    /// Read, and written back the same.
    Exact,
    /// Read, but written back otherwise.
    Differs,
    /// Not read.
    Failed,
    /// No generated type has this name.
    NoType,
}

/// How what was written back differs from the instance, place by place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum Difference {
    /// A member sent as `null` came back absent.
    NullDropped,
    /// A member the instance left out came back (a default).
    Added,
    /// A member sent as `null` came back with a value (a default).
    NullBecameValue,
    /// Anything else: a value changed or dropped, a list of another length.
    Other,
}

impl Difference {
    /// About presence only (absent versus `null` versus a default).
    pub fn is_presence(self) -> bool {
        self != Difference::Other
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Checked {
    #[serde(flatten)]
    pub instance: Instance,
    /// Why the spec's own schema rejects the instance (`None`: valid).
    pub spec_error: Option<String>,
    pub outcome: InstanceOutcome,
    /// The error, or every place the round trip differs.
    pub detail: Option<String>,
    pub differences: Vec<(Difference, String)>,
    /// The reason `known_instance_failures.yaml` gives, when listed.
    pub listed: Option<String>,
}

impl Checked {
    /// Valid per the spec, and written back exactly.
    pub fn passes(&self) -> bool {
        self.spec_error.is_none() && self.outcome == InstanceOutcome::Exact
    }

    /// Differs, and only about presence.
    pub fn presence_only(&self) -> bool {
        self.outcome == InstanceOutcome::Differs && self.differences.iter().all(|(d, _)| d.is_presence())
    }
}

/// The instances known not to pass: (type, instance) with the reason
/// (`tests/e2e/known_instance_failures.yaml`).
pub fn known_instance_failures() -> BTreeMap<(String, String), String> {
    #[derive(serde::Deserialize)]
    struct Known {
        r#type: String,
        instance: String,
        reason: String,
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("known_instance_failures.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let list: Option<Vec<Known>> = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    list.unwrap_or_default().into_iter().map(|k| ((k.r#type, k.instance), k.reason)).collect()
}

/// Checks every instance. `round_trip` is the generated crate's registry.
pub fn check(
    spec: &Value,
    instances: Vec<Instance>,
    round_trip: impl Fn(&str, &str) -> Option<Result<Value, String>>,
    known: &BTreeMap<(String, String), String>,
) -> Vec<Checked> {
    let mut validators = Validators::new(spec);
    instances
        .into_iter()
        .map(|instance| {
            let pointer = format!("#/components/schemas/{}", crate::payloads::escape(&instance.type_name));
            let spec_error = validators.first_error(&pointer, &instance.value);
            let mut differences = Vec::new();
            let (outcome, detail) = match round_trip(&instance.type_name, &instance.value.to_string()) {
                None => (InstanceOutcome::NoType, Some(format!("no type named {}", instance.type_name))),
                Some(Err(error)) => (InstanceOutcome::Failed, Some(error)),
                Some(Ok(back)) => {
                    differ(&instance.value, &back, "", &mut differences);
                    if differences.is_empty() {
                        (InstanceOutcome::Exact, None)
                    } else {
                        (InstanceOutcome::Differs, Some(differences.iter().map(|(_, d)| d.as_str()).collect::<Vec<_>>().join("; ")))
                    }
                }
            };
            let listed = known.get(&(instance.type_name.clone(), instance.label.clone())).cloned();
            Checked { instance, spec_error, outcome, detail, differences, listed }
        })
        .collect()
}

/// Every place `back` differs from `sent`.
pub fn differ(sent: &Value, back: &Value, at: &str, out: &mut Vec<(Difference, String)>) {
    match (sent, back) {
        (Value::Number(x), Value::Number(y)) if x.as_f64().map(f64::to_bits) != y.as_f64().map(f64::to_bits) => {
            out.push((Difference::Other, format!("{at}: {x} became {y}")));
        }
        (Value::Number(_), Value::Number(_)) => {}
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                differ(x, y, &format!("{at}/{i}"), out);
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let at = format!("{at}/{key}");
                match (x.get(key), y.get(key)) {
                    (Some(Value::Null), None) => out.push((Difference::NullDropped, format!("{at}: null dropped"))),
                    (None, Some(y)) => out.push((Difference::Added, format!("{at}: added {y}"))),
                    (Some(Value::Null), Some(y)) if !y.is_null() => out.push((Difference::NullBecameValue, format!("{at}: null became {y}"))),
                    (Some(_), None) => out.push((Difference::Other, format!("{at}: dropped"))),
                    (Some(x), Some(y)) => differ(x, y, &at, out),
                    (None, None) => {}
                }
            }
        }
        _ if sent != back => out.push((Difference::Other, format!("{at}: {sent} became {back}"))),
        _ => {}
    }
}

/// Counts per kind of instance, as printed and as written for machines.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct InstanceRow {
    pub total: usize,
    pub spec_valid: usize,
    pub read: usize,
    pub exact: usize,
    pub differs: usize,
    /// Of `differs`: those whose every difference is about presence (null/absent/default).
    pub differs_presence_only: usize,
    pub failed: usize,
    /// Those that do not pass and are listed in `known_instance_failures.yaml`.
    pub listed: usize,
}

impl InstanceRow {
    fn add(&mut self, c: &Checked) {
        self.total += 1;
        self.spec_valid += usize::from(c.spec_error.is_none());
        self.read += usize::from(matches!(c.outcome, InstanceOutcome::Exact | InstanceOutcome::Differs));
        self.exact += usize::from(c.outcome == InstanceOutcome::Exact);
        self.differs += usize::from(c.outcome == InstanceOutcome::Differs);
        self.differs_presence_only += usize::from(c.presence_only());
        self.failed += usize::from(matches!(c.outcome, InstanceOutcome::Failed | InstanceOutcome::NoType));
        self.listed += usize::from(!c.passes() && c.listed.is_some());
    }
}

pub fn summarize(checked: &[Checked]) -> BTreeMap<Kind, InstanceRow> {
    let mut rows: BTreeMap<Kind, InstanceRow> = BTreeMap::new();
    for c in checked {
        rows.entry(c.instance.kind).or_default().add(c);
    }
    rows
}

/// The table a person reads, with a line for all kinds.
pub fn table(rows: &BTreeMap<Kind, InstanceRow>, checked: &[Checked]) -> String {
    let head = ["instances", "total", "spec-valid", "read", "exact", "differs", "(presence only)", "failed", "listed"];
    let mut out = format!(
        "{:<30} {:>6} {:>10} {:>6} {:>6} {:>7} {:>15} {:>6} {:>6}\n",
        head[0], head[1], head[2], head[3], head[4], head[5], head[6], head[7], head[8]
    );
    let line = |label: &str, r: &InstanceRow| {
        format!(
            "{label:<30} {:>6} {:>10} {:>6} {:>6} {:>7} {:>15} {:>6} {:>6}\n",
            r.total, r.spec_valid, r.read, r.exact, r.differs, r.differs_presence_only, r.failed, r.listed
        )
    };
    for (kind, row) in rows {
        out.push_str(&line(kind.label(), row));
    }
    let mut all = InstanceRow::default();
    checked.iter().for_each(|c| all.add(c));
    out.push_str(&line("all", &all));
    out
}

/// How many places differ of each kind, over all instances; and how many instances differ
/// only about presence, and otherwise.
pub fn difference_kinds(checked: &[Checked]) -> BTreeMap<&'static str, usize> {
    let mut kinds = BTreeMap::new();
    for c in checked {
        for (d, _) in &c.differences {
            let label = match d {
                Difference::NullDropped => "places: null written back absent",
                Difference::Added => "places: absent written back with a value",
                Difference::NullBecameValue => "places: null written back as a value",
                Difference::Other => "places: other (a value changed or dropped)",
            };
            *kinds.entry(label).or_default() += 1;
        }
        if c.outcome == InstanceOutcome::Differs {
            *kinds.entry(if c.presence_only() { "instances: differ by presence only" } else { "instances: differ otherwise" }).or_default() += 1;
        }
    }
    kinds
}

/// The table, the kinds of differences, and every instance that does not pass, grouped by
/// type (at most `per_type` a type), with the reason it is listed for when it is.
pub fn report(checked: &[Checked], per_type: usize) -> String {
    let mut out = table(&summarize(checked), checked);
    out.push_str("\nhow the instances that read differ from what was written back:\n");
    for (label, count) in difference_kinds(checked) {
        out.push_str(&format!("  {label:<45} {count:>6}\n"));
    }
    let failing: Vec<&Checked> = checked.iter().filter(|c| !c.passes()).collect();
    out.push_str(&format!("\n{} instances do not pass (listed or not in tests/e2e/known_instance_failures.yaml):\n", failing.len()));
    let mut by_type: BTreeMap<&str, Vec<&Checked>> = BTreeMap::new();
    for c in failing {
        by_type.entry(&c.instance.type_name).or_default().push(c);
    }
    for (name, list) in by_type {
        out.push_str(&format!("  {name} ({}):\n", list.len()));
        for c in list.iter().take(per_type) {
            let what = match (&c.spec_error, c.outcome) {
                (Some(error), _) => format!("[spec-invalid: {error}] {:?}", c.outcome),
                (None, outcome) => format!("{outcome:?}"),
            };
            let detail: String = c.detail.as_deref().unwrap_or("").chars().take(240).collect();
            out.push_str(&format!("    {} {what}: {detail}\n", c.instance.label));
            if let Some(reason) = &c.listed {
                out.push_str(&format!("        why: {reason}\n"));
            }
        }
    }
    out
}

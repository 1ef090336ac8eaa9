//! Every shape the spec's schemas allow, not only its examples (see `e2e::instances`): each
//! instance is valid per the spec's own JSON Schema and is written back exactly as it was read,
//! but those `known_instance_failures.yaml` lists with a reason. `cargo xtask conformance` prints
//! the same table and list.

use e2e::instances::{instances_of, summarize, table, Instance, Kind};
use serde_json::{json, Value};
use std::collections::BTreeSet;

#[test]
fn every_instance_round_trips_but_the_known_ones() {
    let checked = e2e::instances();
    println!("{}", table(&summarize(&checked), &checked));
    assert!(checked.len() > 5000, "only {} instances made: the generator broke", checked.len());
    for kind in [Kind::Minimal, Kind::Full, Kind::UnionMember] {
        assert!(checked.iter().any(|c| c.instance.kind == kind), "no {} instance made", kind.label());
    }
    let unlisted: Vec<String> = checked
        .iter()
        .filter(|c| !c.passes() && c.listed.is_none())
        .map(|c| {
            let validity = c.spec_error.as_ref().map(|e| format!(" [spec-invalid: {e}]")).unwrap_or_default();
            let detail: String = c.detail.as_deref().unwrap_or("").chars().take(300).collect();
            format!("{} {}{validity} {:?}: {detail}", c.instance.type_name, c.instance.label, c.outcome)
        })
        .collect();
    let presence = checked.iter().filter(|c| !c.passes() && c.listed.is_none() && c.spec_error.is_none() && c.presence_only()).count();
    assert!(
        unlisted.is_empty(),
        "{} instances do not pass that known_instance_failures.yaml does not list ({presence} of them differ only by presence: \
         null written back absent, or a default added):\n{}",
        unlisted.len(),
        unlisted.join("\n")
    );
    let failing: BTreeSet<(&str, &str)> =
        checked.iter().filter(|c| !c.passes()).map(|c| (c.instance.type_name.as_str(), c.instance.label.as_str())).collect();
    let known = e2e::instances::known_instance_failures();
    let stale: Vec<String> =
        known.keys().filter(|(ty, label)| !failing.contains(&(ty.as_str(), label.as_str()))).map(|(ty, label)| format!("{ty} {label}")).collect();
    assert!(
        stale.is_empty(),
        "these instances pass now (or are no longer made): remove them from known_instance_failures.yaml:\n{}",
        stale.join("\n")
    );
}

fn schemas(value: Value) -> serde_json::Map<String, Value> {
    value.as_object().cloned().unwrap_or_default()
}

fn values<'a>(instances: &'a [Instance], label: &str) -> Vec<&'a Value> {
    instances.iter().filter(|i| i.label.starts_with(label)).map(|i| &i.value).collect()
}

#[test]
fn minimal_and_full_instances_of_an_object() {
    let schemas = schemas(json!({
        "Thing": {
            "type": "object",
            "required": ["id", "kind"],
            "properties": {
                "id": {"type": "string", "minLength": 6},
                "kind": {"type": "string", "enum": ["a", "b", "c"]},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                "size": {"type": "integer", "minimum": 3, "nullable": true},
                "flag": {"type": "boolean"},
                "child": {"$ref": "#/components/schemas/Thing"}
            }
        }
    }));
    let instances = instances_of(&schemas, "Thing");
    assert_eq!(values(&instances, "minimal"), [&json!({"id": "textxx", "kind": "a"})]);
    let nulls = values(&instances, "full (null)");
    assert_eq!(nulls[0]["note"], Value::Null);
    assert_eq!(nulls[0]["size"], Value::Null);
    // Each enum value in turn across the full instances, booleans both ways; the recursive
    // field is expanded a bounded number of times.
    let full = values(&instances, "full #");
    let kinds: BTreeSet<&str> = full.iter().filter_map(|v| v["kind"].as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["a", "b", "c"]));
    assert!(full.iter().any(|v| v["flag"] == json!(true)) && full.iter().any(|v| v["flag"] == json!(false)));
    assert_eq!(full[0]["size"], json!(3));
    assert!(full[0]["child"].is_object() && full[0]["child"].get("child").is_none(), "{}", full[0]);
    // The union of `note`: its string member and its null member, each in a minimal instance.
    let members = values(&instances, "member /properties/note/");
    assert!(members.contains(&&json!({"id": "textxx", "kind": "a", "note": "text"})), "{members:?}");
    assert!(members.contains(&&json!({"id": "textxx", "kind": "a", "note": null})), "{members:?}");
}

#[test]
fn every_member_of_a_union_and_all_of_merged() {
    let schemas = schemas(json!({
        "Base": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        "Stop": {"nullable": true, "oneOf": [{"type": "string", "nullable": true}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]},
        "Derived": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"required": ["n"], "properties": {"n": {"type": "number", "minimum": 0, "maximum": 0.2}}}]}
    }));
    let stop = instances_of(&schemas, "Stop");
    let all: Vec<&Value> = stop.iter().map(|i| &i.value).collect();
    for shape in [json!("text"), json!(["text"]), Value::Null] {
        assert!(all.contains(&&shape), "{shape} missing from {all:?}");
    }
    assert_eq!(values(&instances_of(&schemas, "Derived"), "minimal"), [&json!({"id": "text", "n": 0.1})]);
}

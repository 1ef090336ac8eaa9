//! Helpers for the end-to-end tests: real payloads from the pinned spec.

use serde_json::Value;

pub mod conformance;
pub mod instances;
pub mod mutations;
pub mod payloads;
pub mod urls;

/// Every request example of the pinned spec that has a URL, rendered by the crate's operations.
pub fn url_checks() -> Vec<urls::UrlCheck> {
    urls::check(&spec(), openai_models::__registry::render_call)
}

/// Every example payload of the pinned spec checked against the generated crate, and the
/// mutations of those that round-trip.
pub fn conformance() -> (Vec<conformance::Checked>, mutations::Report) {
    let (text, source) = xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"));
    let spec = codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let config = xtask::openai_config().unwrap_or_else(|e| panic!("{e}"));
    let analyzed = codegen::analyze(&text, &source, &config).unwrap_or_else(|e| panic!("{e}"));
    let bodies = codegen::ir::bodies::bodies(&analyzed.graph);
    let payloads = payloads::collect(&spec, &bodies);
    let checked = conformance::check(&spec, payloads, openai_models::__registry::round_trip);
    let vocabulary = mutations::Vocabulary::of(&analyzed.model);
    let report = mutations::run(&checked, &vocabulary, openai_models::__registry::round_trip);
    (checked, report)
}

/// Every instance the spec's schemas allow (see `e2e::instances`), checked against the spec's
/// own JSON Schema and round-tripped through the generated crate.
pub fn instances() -> Vec<instances::Checked> {
    let spec = spec();
    let generated = instances::generate(&spec);
    instances::check(&spec, generated, openai_models::__registry::round_trip, &instances::known_instance_failures())
}

/// A payload of the spec that does not deserialize, and why (`tests/e2e/known_failures.yaml`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct KnownFailure {
    pub origin: String,
    pub reason: String,
}

/// The payloads known to fail, by origin.
pub fn known_failures() -> std::collections::BTreeMap<String, String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("known_failures.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let list: Vec<KnownFailure> = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    list.into_iter().map(|f| (f.origin, f.reason)).collect()
}

/// The operations whose example URLs contradict the spec, by operation id, with why
/// (`tests/e2e/known_url_differences.yaml`).
pub fn known_url_differences() -> std::collections::BTreeMap<String, String> {
    #[derive(serde::Deserialize)]
    struct Known {
        operation: String,
        reason: String,
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("known_url_differences.yaml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let list: Vec<Known> = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    list.into_iter().map(|k| (k.operation, k.reason)).collect()
}

/// The pinned spec as JSON, or a panic that says how to point the project at it.
pub fn spec() -> Value {
    let (text, source) = xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"));
    codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"))
}

/// The `x-oaiMeta.example` payload of a component schema.
pub fn schema_example(spec: &Value, schema: &str) -> Value {
    let text = spec["components"]["schemas"][schema]["x-oaiMeta"]["example"]
        .as_str()
        .unwrap_or_else(|| panic!("the spec has no x-oaiMeta.example on {schema}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("the example of {schema} is not JSON: {e}"))
}

/// The value with every `null` object member removed: how an optional field that was sent as
/// `null` comes back (absent) from a type that keeps it as `None`.
pub fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(object) => Value::Object(object.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), without_nulls(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// Deserializes `json` as `T` and serializes it back.
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &Value) -> (T, Value) {
    let typed: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("does not deserialize: {e}\n{json:#}"));
    let back = serde_json::to_value(&typed).expect("serializes");
    (typed, back)
}

/// The generated crate's front page (`generated/src/helpers/FRONT.md`, its crate docs), whose
/// examples run here as doctests: the generated crate compiles no doctests of its own.
#[cfg(doctest)]
#[doc = include_str!("../../../generated/src/helpers/FRONT.md")]
pub struct FrontPage;

//! Realistic specs (`tests/realistic/<name>/`, written for this project in the style of public
//! APIs) generate crates that pass clippy and rustdoc with warnings denied and round-trip a
//! hand-written payload (`payload.json` beside the spec, read as the type named in `SPECS`).
//! The list of generated type names of each is a reviewed snapshot; the full code is not.

use codegen::{Config, FileSet};
use std::path::{Path, PathBuf};

/// Each realistic spec, its root file, and the type its `payload.json` is read as (`api` is the
/// generated crate).
const SPECS: &[(&str, &str, &str)] = &[
    ("payments", "spec.yaml", "api::PaymentIntentList"),
    // The events of one streamed message, in the order they arrive.
    ("chat", "spec.yaml", "Vec<api::StreamEvent>"),
    ("tracker", "openapi.yaml", "api::IssuePage"),
    // Split as large public specs are: operations, parameters, responses, headers and examples
    // in files of their own.
    ("gateways", "openapi.yaml", "api::GatewayList"),
];

fn realistic_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("realistic")
}

fn config(name: &str) -> Config {
    Config { crate_name: format!("realistic-{name}"), standalone: false, ..Config::default() }
}

fn generate(name: &str, root: &str) -> FileSet {
    let path = realistic_dir().join(name).join(root);
    match codegen::generate_file(&path, &config(name)) {
        Ok(generated) => generated.files,
        Err(errors) => panic!("realistic spec {name} does not generate:\n{errors}"),
    }
}

/// Every type name of the model, `module::Type`, in the model's order.
fn type_names(path: &Path, config: &Config) -> Vec<String> {
    let analyzed = codegen::analyze_file(path, config).unwrap_or_else(|e| panic!("{e}"));
    let model = &analyzed.model;
    model.types.iter().map(|def| format!("{}::{}", model.modules[def.module].name, def.name)).collect()
}

#[test]
fn realistic_type_names() {
    for (name, root, _) in SPECS {
        let names = type_names(&realistic_dir().join(name).join(root), &config(name));
        insta::assert_snapshot!(format!("types_{name}"), format!("{} types\n{}", names.len(), names.join("\n")));
    }
}

/// External `$ref`s become components named after the schema (`./schemas/pet.yaml#/Pet` →
/// `Pet`), or after the file for a whole-file reference: no path, extension or pointer words.
#[test]
fn names_from_other_files_stay_readable() {
    let specs = [
        (tests::fixtures_dir().join("multi_file/spec.yaml"), Config::default()),
        (realistic_dir().join("tracker/openapi.yaml"), config("tracker")),
        (realistic_dir().join("gateways/openapi.yaml"), config("gateways")),
    ];
    for (path, config) in specs {
        for name in type_names(&path, &config) {
            let type_name = name.rsplit("::").next().unwrap_or(&name);
            let readable = type_name.starts_with(|c: char| c.is_ascii_uppercase()) && type_name.chars().all(|c| c.is_ascii_alphanumeric());
            assert!(readable, "{}: type name `{name}` is not a plain UpperCamelCase name", path.display());
            for garbage in ["Yaml", "Yml", "Json", "Schemas", "Components", "Defs"] {
                assert!(!type_name.contains(garbage), "{}: type name `{name}` carries a path word `{garbage}`", path.display());
            }
        }
    }
}

/// A spec split as large public ones are (each operation a file; parameters, responses, headers
/// and examples in files of their kind, shared or per resource): every part is read where it is
/// used, chains of references followed, and an example copied as written, its value never
/// followed (a `$ref` key in it is data).
#[test]
fn parts_in_other_files_are_read_where_they_are_used() {
    let dir = realistic_dir().join("gateways");
    let analyzed = codegen::analyze_file(&dir.join("openapi.yaml"), &config("gateways")).unwrap_or_else(|e| panic!("{e}"));
    let doc = serde_json::to_value(&analyzed.doc).expect("the document serializes");
    let at = |pointer: &str| doc.pointer(pointer).unwrap_or_else(|| panic!("the bundled document has no {pointer}")).clone();
    let examples = |file: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(dir.join(file)).expect("readable");
        serde_yaml::from_str(&text).expect("YAML")
    };
    let (shared, own) = (examples("shared/examples.yml"), examples("resources/gateways/examples.yml"));

    let list = "/paths/~1v2~1gateways/get";
    assert_eq!(at(&format!("{list}/operationId")), "gateways_list");
    // Parameters, and their examples, from a shared file and from the resource's.
    assert_eq!(at(&format!("{list}/parameters/0/name")), "per_page");
    assert_eq!(at(&format!("{list}/parameters/0/examples/default/value")), shared["per_page"]["value"]);
    assert_eq!(at(&format!("{list}/parameters/2/name")), "region");
    assert_eq!(at("/paths/~1v2~1gateways~1{gateway_id}/get/parameters/0/examples/gateway_id/value"), own["gateway_id"]["value"]);
    // Responses, their headers and examples; a chain of two references.
    let ok = format!("{list}/responses/200");
    assert_eq!(at(&format!("{ok}/headers/ratelimit-limit/examples/hourly/value")), shared["ratelimit_limit"]["value"]);
    assert_eq!(at(&format!("{ok}/content/application~1json/examples/gateways/value")), own["gateways"]["value"]);
    assert_eq!(at(&format!("{list}/responses/429/content/application~1json/examples/too_many_requests/value")), shared["rate_limited"]["value"]);
    // A request body's examples: a sibling of the reference wins, the value is copied as data.
    let create = "/paths/~1v2~1gateways/post/requestBody/content/application~1json/examples";
    assert_eq!(at(&format!("{create}/minimal/value")), own["gateway_create_minimal"]["value"]);
    assert_eq!(at(&format!("{create}/with_metadata/summary")), "A gateway with metadata of the caller's own");
    assert_eq!(at(&format!("{create}/with_metadata/value/metadata")), serde_json::json!({"$ref": "inventory/office.yml"}));
    // The components' own sections.
    assert_eq!(at("/components/examples/not_found/value"), shared["not_found"]["value"]);
    assert_eq!(at("/components/parameters/page/name"), "page");
    assert_eq!(at("/components/headers/ratelimit-limit/examples/hourly/value"), shared["ratelimit_limit"]["value"]);
    assert_eq!(at("/components/responses/unauthorized/content/application~1json/examples/unauthorized/value"), shared["unauthorized"]["value"]);
}

/// Each crate in one workspace: clippy and rustdoc with warnings denied, then its round trip.
#[test]
fn realistic_specs_compile_and_round_trip() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("realistic-crates");
    let generated: Vec<(String, FileSet)> = SPECS.iter().map(|(name, spec, _)| (name.to_string(), generate(name, spec))).collect();
    let crates: Vec<(String, &FileSet)> = generated.iter().map(|(name, files)| (name.clone(), files)).collect();
    tests::write_workspace(&root, "realistic", &crates);
    for (name, _, payload_type) in SPECS {
        let test = round_trip_test(name, payload_type);
        std::fs::create_dir_all(root.join(name).join("tests")).expect("writable");
        std::fs::write(root.join(name).join("tests/round_trip.rs"), test).expect("writable");
    }
    tests::check_without_warnings(&root);
    tests::cargo_in(&root, &["test", "--workspace", "--quiet"]);
}

/// A test inside the generated crate: `payload.json` read as `payload_type` and written back is
/// the same JSON (same fields, same values; key order aside).
fn round_trip_test(name: &str, payload_type: &str) -> String {
    let payload = realistic_dir().join(name).join("payload.json");
    let krate = format!("realistic_{name}");
    format!(
        r#"//! Written by tests/tests/realistic.rs.
use {krate} as api;

#[test]
fn payload_round_trips() {{
    let text = include_str!({payload:?});
    let value: serde_json::Value = serde_json::from_str(text).expect("payload.json is JSON");
    let typed: {payload_type} = serde_json::from_value(value.clone()).expect("payload.json reads as {payload_type}");
    let back = serde_json::to_value(&typed).expect("serializes");
    if let Some(place) = first_difference(&value, &back, String::new()) {{
        panic!("{payload_type} does not write back what it read, first at {{place}}");
    }}
}}
{FIRST_DIFFERENCE}"#
    )
}

/// Where two JSON values first differ, as a JSON pointer, with both sides.
const FIRST_DIFFERENCE: &str = r#"
fn first_difference(read: &serde_json::Value, written: &serde_json::Value, at: String) -> Option<String> {
    use serde_json::Value;
    match (read, written) {
        (Value::Object(a), Value::Object(b)) => a
            .keys()
            .chain(b.keys().filter(|key| !a.contains_key(*key)))
            .find_map(|key| match (a.get(key), b.get(key)) {
                (Some(x), Some(y)) => first_difference(x, y, format!("{at}/{key}")),
                (x, y) => Some(format!("{at}/{key}: read {x:?}, written {y:?}")),
            }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| first_difference(x, y, format!("{at}/{i}")))
        }
        _ => (read != written).then(|| format!("{at}: read {read}, written {written}")),
    }
}
"#;

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

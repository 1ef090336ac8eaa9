//! No silent cut: chains of references, wrappers, `allOf` parts and nested unions are followed to
//! their end however long they are, cycles among them are answered, and where the generator does
//! stop (an `allOf` chain over 100 components deep) it says so with a warning and the pointer.

use codegen::ir::{Model, TypeDef, TypeKind};
use codegen::Config;

fn analyze(text: &str) -> codegen::Analyzed {
    codegen::analyze(text, "limits", &Config::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn spec(schemas: &str) -> String {
    format!("openapi: 3.1.0\ninfo: {{title: limits, version: '1'}}\ncomponents:\n  schemas:\n{schemas}")
}

fn named<'m>(model: &'m Model, name: &str) -> &'m TypeDef {
    model.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no type {name}"))
}

fn field_names(model: &Model, name: &str) -> Vec<String> {
    match &named(model, name).kind {
        TypeKind::Struct(object) => object.fields.iter().map(|f| f.wire.clone()).collect(),
        other => panic!("{name} is not a struct: {other:?}"),
    }
}

/// A field whose type is an alias of an alias ... (100 deep) of a nullable, documented string
/// is optional and carries that doc.
#[test]
fn long_alias_chains_keep_docs_and_nullability() {
    let mut schemas = String::from(
        "    Holder: {type: object, required: [x, y], properties: {x: {$ref: '#/components/schemas/A0'}, y: {$ref: '#/components/schemas/W0'}}}\n",
    );
    for i in 0..100 {
        schemas.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1));
        schemas.push_str(&format!("    W{i}: {{allOf: [{{$ref: '#/components/schemas/W{}'}}]}}\n", i + 1));
    }
    schemas.push_str("    A100: {type: [string, 'null'], description: the end of the chain}\n");
    schemas.push_str("    W100: {type: [string, 'null'], description: the end of the wrappers}\n");
    let analyzed = analyze(&spec(&schemas));
    assert!(analyzed.warnings.is_empty(), "{:?}", analyzed.warnings);
    let TypeKind::Struct(holder) = &named(&analyzed.model, "Holder").kind else { panic!("a struct") };
    assert!(holder.fields[0].nullable && holder.fields[1].nullable, "{holder:?}");
    assert_eq!(*holder.fields[0].docs, ["the end of the chain"]);
    assert_eq!(*holder.fields[1].docs, ["the end of the wrappers"]);
}

/// Each component adds one property to the one it extends: 60 deep, every property is there.
#[test]
fn long_all_of_chains_keep_every_property() {
    let mut schemas = String::new();
    for i in 0..60 {
        schemas.push_str(&format!(
            "    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: object, properties: {{p{i}: {{type: string}}}}}}]}}\n",
            i + 1
        ));
    }
    schemas.push_str("    S60: {type: object, properties: {p60: {type: string}}}\n");
    let analyzed = analyze(&spec(&schemas));
    assert!(analyzed.warnings.is_empty(), "{:?}", analyzed.warnings);
    let fields = field_names(&analyzed.model, "S0");
    assert_eq!(fields.len(), 61, "{fields:?}");
    assert_eq!(fields.first().map(String::as_str), Some("p60"));
}

/// Past 100 components the chain is cut, and the warning says where: `S0` gathers the parts of
/// `S1` to `S100`, and `S101` is where it stops.
#[test]
fn an_all_of_chain_too_deep_is_a_warning_with_its_place() {
    let mut schemas = String::new();
    for i in 0..150 {
        schemas.push_str(&format!(
            "    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}, {{type: object, properties: {{p{i}: {{type: string}}}}}}]}}\n",
            i + 1
        ));
    }
    schemas.push_str("    S150: {type: object, properties: {p150: {type: string}}}\n");
    let analyzed = analyze(&spec(&schemas));
    let warnings: Vec<String> = analyzed.warnings.iter().map(ToString::to_string).collect();
    assert!(!warnings.is_empty());
    assert!(warnings.iter().any(|w| w.starts_with("#/components/schemas/S101: ") && w.contains("more than 100 components deep")), "{warnings:#?}");
    assert!(field_names(&analyzed.model, "S0").len() >= 100);
}

/// Two objects that include each other: each has both properties (in the order the walk meets
/// them), and nothing is reported.
#[test]
fn all_of_cycles_take_each_part_once() {
    let schemas = "    A: {allOf: [{$ref: '#/components/schemas/B'}, {type: object, properties: {a: {type: string}}}]}\n    \
                   B: {allOf: [{$ref: '#/components/schemas/A'}, {type: object, properties: {b: {type: string}}}]}\n";
    let analyzed = analyze(&spec(schemas));
    assert!(analyzed.warnings.is_empty(), "{:?}", analyzed.warnings);
    assert_eq!(field_names(&analyzed.model, "A"), ["a", "b"]);
    assert_eq!(field_names(&analyzed.model, "B"), ["b", "a"]);
}

/// Unions that contain each other are answered too (no tag shared by all their objects).
#[test]
fn union_cycles_are_answered() {
    let schemas = "    A: {oneOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/X'}]}\n    \
                   B: {oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/Y'}]}\n    \
                   X: {type: object, required: [type], properties: {type: {type: string, enum: [x]}}}\n    \
                   Y: {type: object, required: [type], properties: {type: {type: string, enum: [y]}}}\n";
    let analyzed = analyze(&spec(schemas));
    assert!(matches!(named(&analyzed.model, "A").kind, TypeKind::Union(_)));
}

//! Loading the pinned spec takes three shortcuts, each checked here against the plain way on the
//! whole spec: the JSON text is read in two halves on two cores (`codegen::load::json_in_halves`), and
//! the component schemas and the paths are typed by hand (`codegen::load::schemas`,
//! `codegen::load::paths`).

fn pinned() -> (String, String) {
    xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"))
}

#[test]
fn the_pinned_spec_schemas_are_typed_by_hand_as_serde_types_them() {
    let (text, source) = pinned();
    let bundle = codegen::load::bundled(&text, &source, None).unwrap_or_else(|errors| panic!("{errors}"));
    let schemas = bundle.value.pointer("/components/schemas").and_then(serde_json::Value::as_object).expect("the spec has component schemas");
    let (different, left) = codegen::load::schemas::compare_with_serde(schemas);
    assert!(different.is_empty(), "typed otherwise than serde: {different:?}");
    assert_eq!(left, 0, "{left} of {} schemas were left to serde, which types them five times slower", schemas.len());
}

#[test]
fn the_pinned_spec_paths_are_typed_by_hand_as_serde_types_them() {
    let (text, source) = pinned();
    let bundle = codegen::load::bundled(&text, &source, None).unwrap_or_else(|errors| panic!("{errors}"));
    let paths = bundle.value.get("paths").expect("the spec has paths");
    let by_hand = codegen::load::paths::paths(paths).expect("the spec's paths are typed by hand");
    let by_serde: openapiv3::Paths = serde_json::from_value(paths.clone()).expect("serde types the spec's paths");
    assert_eq!(by_hand.paths.len(), by_serde.paths.len());
    for ((path, hand), (_, serde)) in by_hand.paths.iter().zip(&by_serde.paths) {
        assert!(hand == serde, "{path} typed otherwise than serde types it");
    }
    assert!(by_hand == by_serde);
}

/// The spec as JSON text (written here from whichever form is pinned) reads in halves into the
/// value serde_json reads it into whole, keys in order.
#[test]
fn the_pinned_spec_as_json_reads_in_halves_as_whole() {
    let (text, source) = pinned();
    let value = codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let json = serde_json::to_string_pretty(&value).expect("a value writes");
    let whole: serde_json::Value = serde_json::from_str(&json).expect("serde_json reads it");
    let halves = codegen::load::json_in_halves(&json).expect("the spec, as JSON, is read in halves");
    assert_eq!(halves, whole);
    let keys = |value: &serde_json::Value| value["components"]["schemas"].as_object().map(|schemas| schemas.keys().cloned().collect::<Vec<_>>());
    assert_eq!(keys(&halves), keys(&whole));
}

//! The pinned spec's component schemas, most of what loading it types, are typed by hand
//! (`codegen::load::schemas`): every one of them, and each as `openapiv3`'s serde types it.

#[test]
fn the_pinned_spec_schemas_are_typed_by_hand_as_serde_types_them() {
    let (text, source) = xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"));
    let bundle = codegen::load::bundled(&text, &source, None).unwrap_or_else(|errors| panic!("{errors}"));
    let schemas = bundle.value.pointer("/components/schemas").and_then(serde_json::Value::as_object).expect("the spec has component schemas");
    let (different, left) = codegen::load::schemas::compare_with_serde(schemas);
    assert!(different.is_empty(), "typed otherwise than serde: {different:?}");
    assert_eq!(left, 0, "{left} of {} schemas were left to serde, which types them five times slower", schemas.len());
}

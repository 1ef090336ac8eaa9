//! The generated code of every fixture, and its model of the types (`model_<case>`, as compact
//! text), as reviewed snapshots. A new fixture needs a new test here;
//! `every_fixture_has_a_snapshot_test` fails until it has one.

macro_rules! fixtures {
    ($($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                let files = tests::generate(stringify!($case));
                insta::assert_snapshot!(stringify!($case), tests::snapshot_text(&files));
                let analyzed = tests::analyze(stringify!($case));
                insta::assert_snapshot!(concat!("model_", stringify!($case)), tests::model_text(&analyzed.model));
            }
        )*

        #[test]
        fn every_fixture_has_a_snapshot_test() {
            let tested = [$(stringify!($case)),*];
            for case in tests::cases() {
                assert!(tested.contains(&case.as_str()), "fixture `{case}` has no snapshot test: add it to the list in {}", file!());
            }
        }
    };
}

fixtures!(
    all_of,
    all_of_union,
    areas,
    call_downloads,
    call_multipart,
    call_pages,
    call_parameters,
    array_with_required,
    constants,
    derived_structs,
    conversions,
    discriminator_compound,
    discriminator_explicit,
    discriminator_implicit,
    discriminator_mapping,
    docs,
    enum_collisions,
    enums,
    fields_in_slot,
    float_round_trip,
    formats,
    helpers,
    keywords,
    lenient_constants,
    lenient_required,
    lenient_unions,
    maps,
    multi_file,
    nested_names,
    names,
    nullable_members,
    tagged_union_scalars,
    objects,
    operations,
    override_or,
    presence,
    recursion,
    recursion_all_of,
    scalar_union,
    shared_tags,
    schema_collisions,
    sdk_only,
    std_names,
    strict_required,
    tagged_scalars,
    unicode_names,
    union_member_shapes,
    unknown_fields,
    unsupported,
    value_refs,
    variant_names,
    version_30_with_31,
    version_31_with_30,
    webhooks_only,
);

#[test]
fn output_is_deterministic() {
    for case in tests::cases() {
        assert_eq!(tests::generate(&case), tests::generate(&case), "fixture {case} generated twice differs");
    }
}

/// Building replaces every reserved type: none reaches the emitter unbuilt (see `TypeKind::Pending`).
#[test]
fn no_type_is_left_pending() {
    for case in tests::cases() {
        let path = tests::fixtures_dir().join(&case).join("spec.yaml");
        let analyzed = codegen::analyze_file(&path, &codegen::Config::default()).unwrap_or_else(|e| panic!("{case}: {e}"));
        for def in &analyzed.model.types {
            assert!(def.kind != codegen::ir::TypeKind::Pending, "{case}: `{}` was never built", def.name);
        }
    }
}

/// `constructors: false` (the bench's measure of what constructors cost) leaves out `new`, the
/// setters and the crate docs that describe them, and nothing else.
#[test]
fn constructors_can_be_left_out() {
    let path = tests::fixtures_dir().join("conversions").join("spec.yaml");
    let with = codegen::generate_file(&path, &codegen::Config::default()).expect("generates").files;
    let without = codegen::generate_file(&path, &codegen::Config { constructors: false, ..codegen::Config::default() }).expect("generates").files;
    let text = |files: &codegen::FileSet| files.files.values().map(String::as_str).collect::<String>();
    assert!(text(&with).contains("constructors!(") && text(&with).contains("# Building values"), "the default has constructors");
    let rest = text(&without);
    assert!(!rest.contains("constructors!(") && !rest.contains("# Building values"), "constructors: false still writes them");
    assert!(with.files.keys().eq(without.files.keys()), "the same files");
}

//! The committed `generated/` crate is exactly what the generator makes of the pinned spec, so a
//! plain `cargo test` catches a stale crate too.

#[test]
fn generated_crate_matches_the_pinned_spec() {
    let (text, source) = xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"));
    let generated = codegen::generate(&text, &source, &xtask::openai_config().unwrap_or_else(|e| panic!("{e}"))).unwrap_or_else(|e| panic!("{e}"));
    let out = xtask::generated_dir();
    let changes = generated.files.diff(&out).expect("generated/ is readable");
    assert!(
        changes.is_empty(),
        "generated/ is stale: {} files differ, {} are no longer generated (first: {:?}).\nRun `cargo xtask regenerate` and commit the result.",
        changes.changed.len(),
        changes.stale.len(),
        changes.changed.iter().chain(&changes.stale).next()
    );
}

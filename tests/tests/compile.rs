//! Every fixture's generated crate compiles with warnings denied, passes clippy with
//! `-D warnings`, and documents without a rustdoc warning.
//!
//! The crates are written into one workspace under cargo's per-test temp folder, so the
//! dependencies build once and later runs are incremental.

use std::path::Path;

#[test]
fn generated_fixtures_compile_without_warnings() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let generated: Vec<(String, codegen::FileSet)> = tests::cases().into_iter().map(|case| {
        let files = tests::generate(&case);
        (case, files)
    }).collect();
    let crates: Vec<(String, &codegen::FileSet)> = generated.iter().map(|(case, files)| (case.clone(), files)).collect();
    tests::write_workspace(&root, "fixture", &crates);
    tests::check_without_warnings(&root);
    // A crate with API areas also builds with each area alone, and with none.
    for (case, files) in &generated {
        let areas = tests::area_features(files);
        if areas.is_empty() {
            continue;
        }
        let package = format!("fixture-{}", case.replace('_', "-"));
        for feature in areas.iter().map(String::as_str).chain(["registry"]) {
            tests::cargo_in(&root, &["clippy", "--quiet", "-p", &package, "--no-default-features", "--features", feature, "--", "-D", "warnings"]);
        }
    }
}

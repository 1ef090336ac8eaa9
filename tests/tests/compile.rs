//! Every fixture's generated crate compiles with warnings denied, passes clippy with
//! `-D warnings`, and documents without a rustdoc warning. A fixture with a `behaviour.rs` beside
//! its spec also runs it as a test of its generated crate (how the types read and write JSON).
//!
//! The crates are written into one workspace under cargo's per-test temp folder, so the
//! dependencies build once and later runs are incremental.

use std::path::Path;

#[test]
fn generated_fixtures_compile_without_warnings_and_behave() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let generated: Vec<(String, codegen::FileSet)> = tests::cases()
        .into_iter()
        .map(|case| {
            let files = tests::generate(&case);
            (case, files)
        })
        .collect();
    let crates: Vec<(String, &codegen::FileSet)> = generated.iter().map(|(case, files)| (case.clone(), files)).collect();
    tests::write_workspace(&root, "fixture", &crates);
    // Left by a run that failed in the deprecation check (which writes and removes them).
    let _ = std::fs::remove_dir_all(root.join("docs").join("examples"));
    let mut behaviours = 0;
    for (case, _) in &generated {
        let behaviour = tests::fixtures_dir().join(case).join("behaviour.rs");
        let tests_dir = root.join(case).join("tests");
        let _ = std::fs::remove_dir_all(&tests_dir);
        if behaviour.is_file() {
            std::fs::create_dir_all(&tests_dir).expect("writable");
            std::fs::copy(&behaviour, tests_dir.join("behaviour.rs")).expect("behaviour.rs is copied");
            behaviours += 1;
        }
    }
    assert!(behaviours > 0, "no fixture has a behaviour.rs");
    // A fixture's hand-written code (`src/` beside its spec, the config's `helpers`) joins its crate.
    for (case, _) in &generated {
        copy_tree(&tests::fixtures_dir().join(case).join("src"), &root.join(case).join("src"));
    }
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
    tests::cargo_in(&root, &["test", "--workspace", "--quiet"]);
    deprecated_setters_warn_and_only_they(&root);
}

/// A caller that sets a deprecated field is warned; one that builds the same value without it
/// compiles clean. Two examples of the `docs` fixture's crate, checked as a user's code is, with
/// the workspace's `-D warnings` (so the warning is an error, and nothing is rebuilt).
fn deprecated_setters_warn_and_only_they(root: &Path) {
    let examples = root.join("docs").join("examples");
    std::fs::create_dir_all(&examples).expect("writable");
    let plain = "fn main() {\n    let session = fixture_docs::Session::new().previous(\"p\");\n    println!(\"{session:?}\");\n}\n";
    std::fs::write(examples.join("plain.rs"), plain).expect("writable");
    std::fs::write(examples.join("sets_deprecated.rs"), plain.replace(".previous(\"p\")", ".legacy(\"old\")")).expect("writable");
    let check = |example: &str| {
        let output = std::process::Command::new(env!("CARGO"))
            .args(["check", "--quiet", "--message-format=short", "-p", "fixture-docs", "--example", example])
            .current_dir(root)
            .env_remove("CARGO_TARGET_DIR")
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("cargo runs");
        (output.status.success(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (plain, deprecated) = (check("plain"), check("sets_deprecated"));
    std::fs::remove_dir_all(&examples).expect("removable");
    assert!(plain.0 && plain.1.is_empty(), "building without the deprecated field warns or fails:\n{}", plain.1);
    assert!(!deprecated.0, "setting the deprecated field compiles without a warning");
    assert!(deprecated.1.contains("use of deprecated method") && deprecated.1.contains("legacy"), "not the deprecation warning:\n{}", deprecated.1);
}

/// Copies the files under `from` (when it exists) into `to`, folders included.
fn copy_tree(from: &Path, to: &Path) {
    let Ok(entries) = std::fs::read_dir(from) else { return };
    std::fs::create_dir_all(to).expect("writable");
    for entry in entries {
        let path = entry.expect("readable").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copied");
        }
    }
}

//! Every fixture's generated crate compiles with warnings denied, passes clippy with
//! `-D warnings`, and documents without a rustdoc warning.
//!
//! The crates are written into one workspace under cargo's per-test temp folder, so the
//! dependencies build once and later runs are incremental.

use std::path::Path;
use std::process::Command;

#[test]
fn generated_fixtures_compile_without_warnings() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fixture-crates");
    let mut members = Vec::new();
    for case in tests::cases() {
        let dir = root.join(&case);
        let files = tests::generate(&case);
        files.write(&dir).expect("fixture crate is writable");
        let manifest = format!(
            "[package]\nname = \"fixture-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[lib]\ndoctest = false\n\n\
             [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = {{ version = \"1\", features = [\"preserve_order\"] }}\n\n\
             [features]\nregistry = []\n",
            case.replace('_', "-")
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest is writable");
        members.push(format!("\"{case}\""));
    }
    let workspace = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), workspace).expect("workspace manifest is writable");
    // Same dependency versions as the project itself.
    let lock = codegen::config::workspace_root().join("Cargo.lock");
    std::fs::copy(lock, root.join("Cargo.lock")).expect("Cargo.lock is copied");

    let cargo = |args: &[&str]| {
        let output = Command::new(env!("CARGO"))
            .args(args)
            .current_dir(&root)
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("CARGO_TARGET_DIR")
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "`cargo {}` failed on the generated fixtures:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    };
    cargo(&["clippy", "--workspace", "--all-features", "--quiet", "--", "-D", "warnings"]);
    cargo(&["doc", "--workspace", "--no-deps", "--quiet"]);
}

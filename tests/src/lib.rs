//! Shared helpers of the generator's tests: fixture specs in `fixtures/<case>/spec.yaml`, one
//! construct each, and the workspace in which generated crates are compiled with warnings denied
//! (fixtures in `compile.rs`, the realistic specs of `realistic/` in `realistic.rs`).

use codegen::{Config, FileSet};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every fixture case, sorted.
pub fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join("spec.yaml").is_file())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    cases.sort();
    cases
}

/// The generated files of one fixture (as a crate inside a workspace: no `Cargo.toml`).
pub fn generate(case: &str) -> FileSet {
    let path = fixtures_dir().join(case).join("spec.yaml");
    // A fixture may set generation settings in `config.yaml` beside its spec.
    let settings = fixtures_dir().join(case).join("config.yaml");
    let base: Config = match std::fs::read_to_string(&settings) {
        Ok(text) => serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", settings.display())),
        Err(_) => Config::default(),
    };
    let config = Config { crate_name: case.replace('_', "-"), standalone: false, ..base };
    // From the file, so a fixture may `$ref` files beside its spec.
    match codegen::generate_file(&path, &config) {
        Ok(generated) => generated.files,
        Err(errors) => panic!("fixture {case} does not generate:\n{errors}"),
    }
}

/// One text of all generated module files, for a snapshot (the runtime helpers are the same
/// for every crate and are left out).
pub fn snapshot_text(files: &FileSet) -> String {
    let mut text = String::new();
    for (path, content) in &files.files {
        if path.ends_with("__runtime.rs") {
            continue;
        }
        text.push_str(&format!("=== {} ===\n{content}\n", path.display()));
    }
    text
}

/// Writes generated crates (folder name, files) as the members of one workspace at `root`, with
/// the project's `Cargo.lock`, so their dependencies build once and later runs are incremental.
/// Each package is named `{prefix}-{folder}`.
pub fn write_workspace(root: &Path, prefix: &str, crates: &[(String, &FileSet)]) {
    let mut members = Vec::new();
    for (name, files) in crates {
        let dir = root.join(name);
        // The tests' own folder under target/, kept between runs for incremental builds: written
        // over even when an older run left it without the generator's list of files.
        files.write_forced(&dir).unwrap_or_else(|e| panic!("{e}"));
        // The features a crate with API areas declares in its own manifest.
        let features = features(files).unwrap_or("registry = []\n");
        let manifest = format!(
            "[package]\nname = \"{prefix}-{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[lib]\ndoctest = false\n\n\
             [dependencies]\nserde = {{ version = \"1\", features = [\"derive\"] }}\n\
             serde_json = {{ version = \"1\", features = [\"preserve_order\", \"float_roundtrip\"] }}\n\n\
             [features]\n{features}",
            name.replace('_', "-")
        );
        std::fs::write(dir.join("Cargo.toml"), manifest).expect("manifest is writable");
        members.push(format!("\"{name}\""));
    }
    let workspace = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), workspace).expect("workspace manifest is writable");
    // Same dependency versions as the project itself.
    let lock = xtask::workspace_root().join("Cargo.lock");
    std::fs::copy(lock, root.join("Cargo.lock")).expect("Cargo.lock is copied");
}

/// The `[features]` table of a generated `Cargo.toml`, when the crate has one.
fn features(files: &FileSet) -> Option<&str> {
    let manifest = files.files.get(Path::new("Cargo.toml"))?;
    let (_, table) = manifest.split_once("\n[features]\n")?;
    Some(table.split("\n[").next().unwrap_or(table))
}

/// The API areas of a generated crate: the features its `default` turns on.
pub fn area_features(files: &FileSet) -> Vec<String> {
    let line = features(files).and_then(|table| table.lines().find_map(|line| line.strip_prefix("default = [")));
    line.map(|list| list.trim_end_matches(']').split(',').map(|f| f.trim().trim_matches('"').to_owned()).filter(|f| !f.is_empty()).collect())
        .unwrap_or_default()
}

/// Runs `cargo args` in the workspace at `root` with every warning denied; fails the test with
/// cargo's output when it fails.
pub fn cargo_in(root: &Path, args: &[&str]) {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(root)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("CARGO_TARGET_DIR")
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "`cargo {}` failed in {}:\n{}{}",
        args.join(" "),
        root.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Clippy with `-D warnings` and rustdoc with warnings denied, on every crate of the workspace.
pub fn check_without_warnings(root: &Path) {
    cargo_in(root, &["clippy", "--workspace", "--all-features", "--quiet", "--", "-D", "warnings"]);
    cargo_in(root, &["doc", "--workspace", "--no-deps", "--quiet"]);
}

//! Shared helpers of the generator's tests: fixture specs in `fixtures/<case>/spec.yaml`, one
//! construct each.

use codegen::{Config, FileSet};
use std::path::{Path, PathBuf};

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
    let text = std::fs::read_to_string(&path).expect("fixture spec is readable");
    // A fixture may set generation settings in `config.yaml` beside its spec.
    let settings = fixtures_dir().join(case).join("config.yaml");
    let base: Config = match std::fs::read_to_string(&settings) {
        Ok(text) => serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", settings.display())),
        Err(_) => Config::default(),
    };
    let config = Config { crate_name: case.replace('_', "-"), standalone: false, ..base };
    match codegen::generate(&text, &path.display().to_string(), &config) {
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

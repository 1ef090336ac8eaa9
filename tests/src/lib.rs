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

/// The config one fixture is generated with: its `config.yaml` beside its spec, if it has one.
fn fixture_config(case: &str) -> Config {
    let settings = fixtures_dir().join(case).join("config.yaml");
    let base: Config = match std::fs::read_to_string(&settings) {
        Ok(text) => serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", settings.display())),
        Err(_) => Config::default(),
    };
    Config { crate_name: case.replace('_', "-"), standalone: false, ..base }
}

/// The generated files of one fixture (as a crate inside a workspace: no `Cargo.toml`).
pub fn generate(case: &str) -> FileSet {
    let path = fixtures_dir().join(case).join("spec.yaml");
    // From the file, so a fixture may `$ref` files beside its spec.
    match codegen::generate_file(&path, &fixture_config(case)) {
        Ok(generated) => generated.files,
        Err(errors) => panic!("fixture {case} does not generate:\n{errors}"),
    }
}

/// The model of the types of one fixture (the stages before emission).
pub fn analyze(case: &str) -> codegen::Analyzed {
    let path = fixtures_dir().join(case).join("spec.yaml");
    codegen::analyze_file(&path, &fixture_config(case)).unwrap_or_else(|errors| panic!("fixture {case} does not generate:\n{errors}"))
}

/// The model of the types as compact text, for a snapshot: each module with its types, each
/// type with its kind and what it holds (docs left out: the generated code's snapshot shows
/// them). A name from another module is written `module::Name`.
pub fn model_text(model: &codegen::ir::Model) -> String {
    use codegen::ir::{Dispatch, Payload, TypeKind};
    use std::fmt::Write;
    let mut out = String::new();
    let ty = |from: usize, ty: &codegen::ir::TypeRef| type_text(model, from, ty);
    for module in &model.modules {
        let parent = module.parent.map_or(String::new(), |parent| format!("{parent}::"));
        let _ = writeln!(out, "mod {parent}{} ({})", module.name, module.wire);
        for &id in &module.types {
            let def = &model.types[id];
            let mut marks = Vec::new();
            if def.default {
                marks.push("default");
            }
            if def.deprecated {
                marks.push("deprecated");
            }
            let marks = if marks.is_empty() { String::new() } else { format!(" [{}]", marks.join(", ")) };
            let m = def.module;
            match &def.kind {
                TypeKind::Struct(object) => {
                    let _ = writeln!(out, "  struct {}{marks}", def.name);
                    for field in &object.fields {
                        let wire = if field.wire == field.name { String::new() } else { format!(" \"{}\"", field.wire) };
                        let presence = match (field.required, field.nullable) {
                            (true, false) => "required",
                            (true, true) => "required, nullable",
                            (false, false) => "optional",
                            (false, true) => "optional, nullable",
                        };
                        let deprecated = if field.deprecated { ", deprecated" } else { "" };
                        let _ = writeln!(out, "    {}{wire}: {} ({presence}{deprecated})", field.name, ty(m, &field.ty));
                    }
                    if let Some((name, values)) = &object.additional {
                        let _ = writeln!(out, "    {name}: map of {} (additional properties)", ty(m, values));
                    }
                    for (name, union) in &object.flattened {
                        let _ = writeln!(out, "    {name}: {} (flattened)", ty(m, union));
                    }
                    if let Some(name) = &object.unknown_fields {
                        let _ = writeln!(out, "    {name}: the unknown fields");
                    }
                }
                TypeKind::Enum(values) => {
                    let variants: Vec<String> = values.variants.iter().map(|v| format!("{} \"{}\"", v.name, v.wire)).collect();
                    let other = values.other.as_ref().map_or(String::new(), |other| format!(" | {other}(String)"));
                    let _ = writeln!(out, "  enum {}{marks}: {}{other}", def.name, variants.join(", "));
                }
                TypeKind::Const(constant) => {
                    let other = constant.other.as_ref().map_or(String::new(), |other| format!(" | {other}(String)"));
                    let _ = writeln!(out, "  const {}{marks}: {} \"{}\"{other}", def.name, constant.variant.name, constant.variant.wire);
                }
                TypeKind::Integers(integers) => {
                    let variants: Vec<String> = integers.variants.iter().map(|(name, value)| format!("{name} {value}")).collect();
                    let other = integers.other.as_ref().map_or(String::new(), |other| format!(" | {other}(i64)"));
                    let _ = writeln!(out, "  integers {}{marks}: {}{other}", def.name, variants.join(", "));
                }
                TypeKind::Union(union) => {
                    let dispatch = match &union.dispatch {
                        Dispatch::Untagged => "untagged".to_owned(),
                        Dispatch::Tagged(tagged) => format!("on {}", tagged.keys.join(" then ")),
                    };
                    let default = union.default.map_or(String::new(), |index| format!(", default {}", union.variants[index].name));
                    let _ = writeln!(out, "  union {}{marks}: {dispatch}{default}", def.name);
                    for variant in &union.variants {
                        let payload = match &variant.payload {
                            Payload::Unit { wire } => format!(" \"{wire}\""),
                            Payload::Value(payload) => format!("({})", ty(m, payload)),
                        };
                        let _ = writeln!(out, "    {}{payload}", variant.name);
                    }
                    if let Dispatch::Tagged(tagged) = &union.dispatch {
                        let name = |index: &usize| union.variants[*index].name.clone();
                        for arm in &tagged.arms {
                            let patterns: Vec<String> = arm
                                .patterns
                                .iter()
                                .map(|pattern| pattern.as_ref().map_or_else(|| "_".to_owned(), |values| values.join(" | ")))
                                .collect();
                            let variants: Vec<String> = arm.variants.iter().map(name).collect();
                            let _ = writeln!(out, "    when {} -> {}", patterns.join(", "), variants.join(", "));
                        }
                        if !tagged.fallback.is_empty() {
                            let _ = writeln!(out, "    else try {}", tagged.fallback.iter().map(name).collect::<Vec<_>>().join(", "));
                        }
                        if let Some(unknown) = &tagged.unknown {
                            let _ = writeln!(out, "    unknown tag -> {}", name(unknown));
                        }
                    }
                }
                TypeKind::Alias(target) => {
                    let _ = writeln!(out, "  alias {}{marks} = {}", def.name, ty(m, target));
                }
                TypeKind::Newtype(inner) => {
                    let _ = writeln!(out, "  newtype {}{marks}({})", def.name, ty(m, inner));
                }
                TypeKind::Operation(operation) => {
                    let _ = writeln!(out, "  operation {}{marks}: {} {}", def.name, operation.method.to_uppercase(), operation.path);
                    for (name, value) in &operation.fixed_query {
                        let _ = writeln!(out, "    fixed query {name}={value}");
                    }
                    for param in &operation.params {
                        let wire = if param.wire == param.name { String::new() } else { format!(" \"{}\"", param.wire) };
                        let presence = if param.required { "required" } else { "optional" };
                        let _ = writeln!(
                            out,
                            "    {:?} {}{wire}: {} ({presence}, {:?}, explode {})",
                            param.location,
                            param.name,
                            ty(m, &param.ty),
                            param.style,
                            param.explode
                        );
                    }
                    if let Some(body) = &operation.body {
                        let presence = if body.required { "required" } else { "optional" };
                        for media in &body.media {
                            let _ = writeln!(out, "    body {} {:?}: {} ({presence})", media.media_type, media.encoding, ty(m, &media.ty));
                        }
                        if let Some(choice) = &body.choice {
                            let _ = writeln!(out, "    body enum {choice}");
                        }
                    }
                    let output = match &operation.output {
                        codegen::ir::Output::None => "nothing".to_owned(),
                        codegen::ir::Output::Json(json) => ty(m, json),
                        codegen::ir::Output::Bytes => "bytes".to_owned(),
                        codegen::ir::Output::Text => "text".to_owned(),
                    };
                    let _ = writeln!(out, "    output {output}");
                    if let Some(events) = &operation.events {
                        let _ = writeln!(out, "    events {}", ty(m, events));
                    }
                    if let Some(error) = &operation.error {
                        let _ = writeln!(out, "    error {}", ty(m, error));
                    }
                    for rule in &operation.answers {
                        let _ = writeln!(out, "    answer {} {:?} -> {:?}", rule.status, rule.media_type, rule.answer);
                    }
                    if let Some(cursor) = &operation.cursor {
                        let _ = writeln!(out, "    paged by {cursor}");
                    }
                }
                TypeKind::Pending => {
                    let _ = writeln!(out, "  pending {}{marks} (never built)", def.name);
                }
            }
        }
    }
    for page in &model.pages {
        let def = &model.types[page.ty];
        let _ = writeln!(out, "page {}: items {}, has more {:?}, next {:?}", def.name, page.items.0, page.has_more, page.next);
    }
    out
}

/// A use-site type as Rust-like text, seen from module `from`.
fn type_text(model: &codegen::ir::Model, from: usize, ty: &codegen::ir::TypeRef) -> String {
    use codegen::ir::TypeRef;
    let inner = |ty: &TypeRef| type_text(model, from, ty);
    match ty {
        TypeRef::Named(id) => {
            let def = &model.types[*id];
            if def.module == from {
                def.name.clone()
            } else {
                format!("{}::{}", model.modules[def.module].name, def.name)
            }
        }
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::I32 => "i32".into(),
        TypeRef::I64 => "i64".into(),
        TypeRef::F64 => "f64".into(),
        TypeRef::Vec(item) => format!("Vec<{}>", inner(item)),
        TypeRef::Map(value) => format!("Map<{}>", inner(value)),
        TypeRef::Option(value) => format!("Option<{}>", inner(value)),
        TypeRef::Box(value) => format!("Box<{}>", inner(value)),
        TypeRef::File => "File".into(),
        TypeRef::Object => "Object".into(),
        TypeRef::Any => "Value".into(),
    }
}

/// One text of all generated module files, for a snapshot (the runtime helpers and the module
/// `call` are the same for every crate and are left out).
pub fn snapshot_text(files: &FileSet) -> String {
    let mut text = String::new();
    for (path, content) in &files.files {
        if path.ends_with("__runtime.rs")
            || path.starts_with("src/__runtime")
            || (path == Path::new("src/call.rs") && content.contains("pub trait Call"))
        {
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
             [dependencies]\n{}\n[features]\n{features}",
            name.replace('_', "-"),
            codegen::DEPENDENCIES
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

//! OpenAPI 3.0/3.1 → a crate of Rust model types.
//!
//! The pipeline, one module per stage, each handing owned data to the next:
//!
//! 1. [`load`]: YAML or JSON text → `openapiv3::OpenAPI` (3.1 rewritten into the 3.0 shape),
//!    with the config's [`overrides`](load::overrides) applied first; other files' `$ref`s and `$ref`s that stand
//!    for plain values are followed here. Text that does not parse, references it cannot follow,
//!    overrides that name nothing and fields of the wrong type are its errors.
//! 2. [`resolve`]: the document → the resolved graph ([`resolve::Graph`]): schemas by id in one
//!    canonical shape, references already followed, alias cycles rejected; every `$ref` of the
//!    document is checked. References that point nowhere and components that only name
//!    themselves are its errors. Both stages locate errors by JSON pointer, and every error of
//!    both is reported in one run, so the stages after them trust what they are given.
//! 3. [`ir`]: the graph → the model of the types: structs, enums, unions, aliases, in modules.
//! 4. [`emit`]: the model → Rust tokens, one stream per file.
//! 5. [`render`]: tokens → formatted files ([`FileSet`]), and writing only what changed.

pub mod areas;
pub mod config;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod naming;
pub mod pointer;
pub mod render;
pub mod resolve;

pub use config::Config;
pub use error::{Diagnostic, Diagnostics};
pub use render::FileSet;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What one generation produced.
#[derive(Debug)]
pub struct Generated {
    pub files: FileSet,
    /// Constructs generated loosely (as `serde_json::Value`, or with a keyword set aside).
    pub warnings: Vec<Diagnostic>,
    pub types: usize,
}

/// The `[dependencies]` table of a generated crate (a workspace that holds generated crates
/// without their own manifests, as the tests do, writes it too).
pub const DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = { version = "1", features = ["preserve_order", "float_roundtrip"] }
# The maps of `additionalProperties`, in the order their keys were sent (serde_json's
# `preserve_order` builds it already).
indexmap = { version = "2", features = ["serde"] }
"#;

const RUNTIME: &str = include_str!("../assets/runtime.rs");
/// The public module `call`: what a call needs, for every crate with operations.
const CALL: &str = include_str!("../assets/call.rs");
/// The runtime's submodules: `src/__runtime/{name}.rs`.
const RUNTIME_MODULES: &[(&str, &str)] = &[
    ("buffered", include_str!("../assets/runtime/buffered.rs")),
    ("fields", include_str!("../assets/runtime/fields.rs")),
    ("rest", include_str!("../assets/runtime/rest.rs")),
    ("store", include_str!("../assets/runtime/store.rs")),
    ("tagged", include_str!("../assets/runtime/tagged.rs")),
    ("unknown_fields", include_str!("../assets/runtime/unknown_fields.rs")),
];

/// Generates the crate for the spec `text`; `source` names it in errors. A `$ref` to another
/// file is an error: [`generate_file`] reads those.
pub fn generate(text: &str, source: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let analyzed = analyze(text, source, config)?;
    generated(analyzed, source, config)
}

/// Generates the crate for the spec in the file at `path`, with the files its `$ref`s name
/// (relative to the file that names them).
pub fn generate_file(path: &Path, config: &Config) -> Result<Generated, Diagnostics> {
    let analyzed = analyze_file(path, config)?;
    generated(analyzed, &path.display().to_string(), config)
}

fn generated(analyzed: Analyzed, source: &str, config: &Config) -> Result<Generated, Diagnostics> {
    let files = render_model(&analyzed.model, config).map_err(|message| Diagnostics::one(source, Diagnostic::new("#", message)))?;
    Ok(Generated { files, warnings: analyzed.warnings, types: analyzed.model.types.len() })
}

/// Generates the crate for the spec file `spec` and writes it into `out` (see [`FileSet::write`]:
/// only into a folder that is new, empty or generated before). Everything is generated in memory
/// first: when the spec has an error, nothing in `out` is touched.
pub fn generate_into(spec: &Path, out: &Path, config: &Config) -> Result<(Generated, render::Changes), String> {
    let generated = generate_file(spec, config).map_err(|errors| errors.to_string())?;
    let changes = generated.files.write(out).map_err(|e| e.to_string())?;
    Ok((generated, changes))
}

/// The stages before emission: the document, its resolved graph and the model of its types.
pub struct Analyzed {
    /// The document without its component schemas, which the graph holds.
    pub doc: openapiv3::OpenAPI,
    pub graph: resolve::Graph,
    pub model: ir::Model,
    pub warnings: Vec<Diagnostic>,
}

/// Loads, corrects (overrides), resolves and models the spec `text`.
pub fn analyze(text: &str, source: &str, config: &Config) -> Result<Analyzed, Diagnostics> {
    analyze_bundle(load::bundled(text, source, None)?, source, config)
}

/// [`analyze`] for the spec in the file at `path` and the files it refers to.
pub fn analyze_file(path: &Path, config: &Config) -> Result<Analyzed, Diagnostics> {
    analyze_bundle(load::bundled_file(path)?, &path.display().to_string(), config)
}

/// Every error of every stage that can run is reported together: a reference the loader could
/// not follow was replaced by an empty schema, so the later stages still check the rest.
fn analyze_bundle(mut bundle: load::Bundle, source: &str, config: &Config) -> Result<Analyzed, Diagnostics> {
    let mut errors = std::mem::take(&mut bundle.errors);
    let mut value = std::mem::take(&mut bundle.value);
    errors.extend(load::corrections(&mut value, config));
    let stages = load::typed(value, source).and_then(|doc| resolve::resolve(doc, source));
    let relocate = |mut list: Vec<Diagnostic>| {
        list.iter_mut().for_each(|d| bundle.relocate(d));
        list
    };
    // Each error located is one more read of its file (about 0.1 s for the 3 MB OpenAI
    // spec), so a spec with hundreds of errors is not read hundreds of times.
    const LOCATED: usize = 20;
    let located = |list: Vec<Diagnostic>| {
        let mut list = relocate(list);
        list.iter_mut().take(LOCATED).for_each(|d| bundle.locate(d));
        list
    };
    let resolved = match stages {
        Ok(resolved) if errors.is_empty() => resolved,
        Ok(_) => return Err(Diagnostics { source: source.to_owned(), errors: located(errors) }),
        Err(later) => {
            errors.extend(later.errors);
            return Err(Diagnostics { source: source.to_owned(), errors: located(errors) });
        }
    };
    let (mut model, mut warnings) = ir::build(&resolved.graph, config);
    add_areas(&resolved, &mut model, config);
    warnings.splice(0..0, resolved.warnings);
    Ok(Analyzed { doc: resolved.doc, graph: resolved.graph, model, warnings: relocate(warnings) })
}

/// The API areas of the model's modules, named in the root types' docs, when the config asks.
fn add_areas(resolved: &resolve::Resolved, model: &mut ir::Model, config: &Config) {
    if config.area_features {
        model.areas = areas::areas(&resolved.doc, &resolved.graph, model, config);
        areas::annotate(model);
    }
}

/// Emits and formats every file of the crate, spreading the modules over the machine's cores
/// (token streams cannot cross threads, so each thread emits and formats its own modules).
pub fn render_model(model: &ir::Model, config: &Config) -> Result<FileSet, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(model.modules.len().max(1));
    let rendered: Vec<Result<Vec<(PathBuf, String)>, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    (worker..model.modules.len())
                        .step_by(threads)
                        .map(|index| Ok((module_path(model, index), render::format(emit::module(model, index))?)))
                        .collect::<Result<Vec<_>, String>>()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Err("generator bug: a render thread panicked".into()))).collect()
    });
    let mut files = FileSet::default();
    for part in rendered {
        files.files.extend(part?);
    }
    add_crate_files(&mut files, model, config, &mut |tokens| render::format(tokens))?;
    Ok(files)
}

fn module_path(model: &ir::Model, index: usize) -> PathBuf {
    let module = &model.modules[index];
    let file = format!("{}.rs", module.name.strip_prefix("r#").unwrap_or(&module.name));
    match module.parent {
        Some(parent) => PathBuf::from("src").join(parent).join(file),
        None => PathBuf::from("src").join(file),
    }
}

/// `lib.rs`, the runtime helpers, the registry, the areas and (standalone, or with areas as
/// features) `Cargo.toml`.
fn add_crate_files(
    files: &mut FileSet,
    model: &ir::Model,
    config: &Config,
    format: &mut dyn FnMut(proc_macro2::TokenStream) -> Result<String, String>,
) -> Result<(), String> {
    let src = PathBuf::from("src");
    if let Some(helpers) = &config.helpers {
        helpers.check()?;
    }
    files.files.insert(src.join("lib.rs"), format(emit::lib(model, config))?);
    files.files.insert(src.join("__runtime.rs"), format!("{}{RUNTIME}", render::HEADER));
    for (name, text) in RUNTIME_MODULES {
        files.files.insert(src.join("__runtime").join(format!("{name}.rs")), format!("{}{text}", render::HEADER));
    }
    if config.registry {
        files.files.insert(src.join("__registry.rs"), format(emit::registry(model))?);
    }
    if emit::has_call(model) {
        files.files.insert(src.join(format!("{}.rs", ir::CALL)), format!("{}{CALL}", render::HEADER));
    }
    if emit::has_operations(model) {
        files.files.insert(src.join(format!("{}.rs", ir::OPERATIONS)), format(emit::operations_module(model))?);
    }
    if !model.areas.is_empty() {
        files.files.insert(src.join(format!("{}.rs", emit::areas_module(model))), format(emit::areas(model))?);
    }
    if config.standalone || !model.areas.is_empty() {
        files.files.insert(PathBuf::from("Cargo.toml"), cargo_toml(config, model));
    }
    Ok(())
}

/// Time spent in each stage of one generation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub load: Duration,
    pub resolve: Duration,
    pub model: Duration,
    pub emit: Duration,
    pub format: Duration,
}

/// [`generate`], one stage after the other on one thread, timing each (for `cargo xtask bench`).
pub fn generate_timed(text: &str, source: &str, config: &Config) -> Result<(FileSet, Timings), Diagnostics> {
    let mut timings = Timings::default();
    let fail = |message: String| Diagnostics::one(source, Diagnostic::new("#", message));
    let start = Instant::now();
    let mut value = load::normalized(text, source)?;
    let errors = load::corrections(&mut value, config);
    if !errors.is_empty() {
        return Err(Diagnostics { source: source.to_owned(), errors });
    }
    let doc = load::typed(value, source)?;
    timings.load = start.elapsed();
    let start = Instant::now();
    let resolved = resolve::resolve(doc, source)?;
    timings.resolve = start.elapsed();
    let start = Instant::now();
    let (mut model, _) = ir::build(&resolved.graph, config);
    add_areas(&resolved, &mut model, config);
    timings.model = start.elapsed();
    let start = Instant::now();
    let tokens: Vec<(PathBuf, proc_macro2::TokenStream)> =
        (0..model.modules.len()).map(|index| (module_path(&model, index), emit::module(&model, index))).collect();
    timings.emit = start.elapsed();
    let start = Instant::now();
    let mut files = FileSet::default();
    for (path, tokens) in tokens {
        files.files.insert(path, render::format(tokens).map_err(fail)?);
    }
    add_crate_files(&mut files, &model, config, &mut |tokens| render::format(tokens)).map_err(fail)?;
    timings.format = start.elapsed();
    Ok((files, timings))
}

/// The crate's manifest: a workspace of its own when standalone, else a member that takes its
/// edition, license and publishing from the workspace it is written into. With areas, the
/// features of the areas, all on by default.
fn cargo_toml(config: &Config, model: &ir::Model) -> String {
    let quoted = |text: &str| serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
    let key = |name: &str| {
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            name.to_owned()
        } else {
            quoted(name)
        }
    };
    let description = config.crate_doc.lines().next().unwrap_or("").trim().trim_end_matches('.');
    let package = if config.standalone {
        "edition = \"2021\"\n".to_owned()
    } else {
        "edition.workspace = true\nlicense.workspace = true\npublish.workspace = true\n".to_owned()
    };
    let mut features = String::new();
    let mut dependencies = DEPENDENCIES.to_owned();
    if let Some(helpers) = config.helpers.as_ref().filter(|h| !h.dependencies.is_empty() || !h.features.is_empty()) {
        dependencies.push_str(&format!("# The hand-written module `{}` (the config's `helpers`).\n", helpers.module));
        helpers.dependencies.iter().for_each(|line| dependencies.push_str(&format!("{line}\n")));
        // A feature named like an area adds to that area's (below).
        let own: Vec<_> = helpers.features.iter().filter(|(name, _)| !model.areas.features.iter().any(|f| &f.name == *name)).collect();
        if !own.is_empty() {
            features.push_str(&format!("# The hand-written module `{}`.\n", helpers.module));
        }
        for (name, requires) in own {
            let requires: Vec<String> = requires.iter().map(|name| quoted(name)).collect();
            features.push_str(&format!("{} = [{}]\n", key(name), requires.join(", ")));
        }
    }
    if !model.areas.is_empty() {
        let names: Vec<String> = model.areas.features.iter().map(|f| quoted(&f.name)).collect();
        features.push_str("# Each API area of the spec is a feature: a type compiles when an area that uses it is on.\n");
        features.push_str(&format!("default = [{}]\n", names.join(", ")));
        for feature in &model.areas.features {
            let sources: Vec<&str> = feature.sources.iter().map(String::as_str).collect();
            let what = if sources.is_empty() { "types no area uses".to_owned() } else { sources.join(", ") };
            let helpers = config.helpers.as_ref().and_then(|helpers| helpers.features.get(&feature.name));
            let requires: Vec<String> = feature.requires.iter().chain(helpers.into_iter().flatten()).map(|name| quoted(name)).collect();
            features.push_str(&format!("# {what}\n{} = [{}]\n", key(&feature.name), requires.join(", ")));
        }
    }
    format!(
        r#"# Generated by `cargo xtask regenerate` from an OpenAPI document. Do not edit.
[package]
name = {}
version = "0.1.0"
description = {}
{package}
[lib]
# Generated docs are third-party prose: never compile them as doctests.
doctest = false

[dependencies]
{dependencies}
[features]
{features}# `__registry`: round trips by spec name, for conformance tooling.
registry = []
{}"#,
        quoted(&config.crate_name),
        quoted(description),
        if config.standalone { "\n# Builds on its own, wherever it is written.\n[workspace]\n" } else { "" }
    )
}

//! The files of a generated crate and where each goes: every module's file, `lib.rs`, the
//! registry, the operations and the areas emitted and formatted (spread over the machine's
//! cores), beside the runtime's files, copied as they are, and the manifest.

use crate::cache::{FormatCache, Key};
use crate::config::Config;
use crate::emit;
use crate::ir;
use crate::render::{self, FileSet};
use proc_macro2::TokenStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

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
    ("presence", include_str!("../assets/runtime/presence.rs")),
    ("rest", include_str!("../assets/runtime/rest.rs")),
    ("store", include_str!("../assets/runtime/store.rs")),
    ("structs", include_str!("../assets/runtime/structs.rs")),
    ("tagged", include_str!("../assets/runtime/tagged.rs")),
    ("unknown_fields", include_str!("../assets/runtime/unknown_fields.rs")),
];

/// One file the emitter writes.
#[derive(Clone, Copy)]
enum Part {
    Lib,
    Registry,
    Operations,
    Areas,
    Module(usize),
}

/// The crate's files and, when a cache was given, the key of each formatted file's tokens (for
/// the next run's [`FormatCache`]).
pub struct Rendered {
    pub files: FileSet,
    pub keys: Vec<(PathBuf, Key)>,
    /// The time emission and formatting took, when timed.
    pub emit: Duration,
    pub format: Duration,
}

/// Emits and formats every file of the crate. Untimed, the files are spread over the
/// machine's cores, the largest first (`lib.rs` is a twentieth of the crate), each
/// thread taking the next file when it is done with one (token streams cannot cross threads, so
/// each thread emits the files it formats). Timed, everything is emitted, then
/// everything formatted, on one thread, so that each stage has its own time. A file whose
/// tokens `cache` holds is not formatted again.
pub fn files(model: &ir::Model, config: &Config, cache: Option<&FormatCache>, timed: bool) -> Result<Rendered, String> {
    if let Some(helpers) = &config.helpers {
        helpers.check()?;
    }
    let parts = parts(model, config);
    let mut rendered = Rendered { files: FileSet::default(), keys: Vec::new(), emit: Duration::ZERO, format: Duration::ZERO };
    let formatted = if timed { one_thread(model, config, &parts, cache, &mut rendered)? } else { spread(model, config, &parts, cache)? };
    let mut texts = Vec::with_capacity(formatted.len());
    for (path, key, text) in formatted {
        if let Some(key) = key {
            rendered.keys.push((path.clone(), key));
        }
        texts.push((path, text));
    }
    // A path compares with another component by component, each parsed anew at every comparison:
    // inserting the files one by one compared paths thirty thousand times, 4% of emitting and
    // formatting. Sorted once by their components, they are put in the map in one pass.
    texts.sort_by_cached_key(|(path, _)| path.components().map(|part| part.as_os_str().to_owned()).collect::<Vec<_>>());
    rendered.files.files = texts.into_iter().collect();
    add_verbatim_files(&mut rendered.files, model, config);
    Ok(rendered)
}

/// The emitted files, the largest first.
fn parts(model: &ir::Model, config: &Config) -> Vec<Part> {
    let mut parts = Vec::with_capacity(model.modules.len() + 4);
    parts.push(Part::Lib);
    if config.registry {
        parts.push(Part::Registry);
    }
    if !model.areas.is_empty() {
        parts.push(Part::Areas);
    }
    if emit::has_operations(model) {
        parts.push(Part::Operations);
    }
    parts.extend((0..model.modules.len()).map(Part::Module));
    parts
}

type Formatted = (PathBuf, Option<Key>, String);

fn spread(model: &ir::Model, config: &Config, parts: &[Part], cache: Option<&FormatCache>) -> Result<Vec<Formatted>, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(parts.len().max(1));
    let next = AtomicUsize::new(0);
    let rendered: Vec<Result<Vec<Formatted>, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some(&part) = parts.get(next.fetch_add(1, Ordering::Relaxed)) {
                        done.push(format_part(emit_part(model, config, part), cache)?);
                    }
                    Ok(done)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|_| Err("generator bug: a render thread panicked".into()))).collect()
    });
    let mut all = Vec::with_capacity(parts.len());
    for part in rendered {
        all.extend(part?);
    }
    Ok(all)
}

fn one_thread(
    model: &ir::Model,
    config: &Config,
    parts: &[Part],
    cache: Option<&FormatCache>,
    times: &mut Rendered,
) -> Result<Vec<Formatted>, String> {
    let start = Instant::now();
    let emitted: Vec<Emitted> = parts.iter().map(|&part| emit_part(model, config, part)).collect();
    times.emit = start.elapsed();
    let start = Instant::now();
    let formatted = emitted.into_iter().map(|emitted| format_part(emitted, cache)).collect::<Result<Vec<_>, String>>()?;
    times.format = start.elapsed();
    Ok(formatted)
}

/// The file's text from the cache when it holds these tokens and docs, else formatted. Without
/// a cache, the tokens are not even hashed.
fn format(tokens: TokenStream, docs: &[String], cache: Option<&FormatCache>) -> Result<(Option<Key>, String), String> {
    let Some(cache) = cache else { return Ok((None, render::format(tokens, docs)?)) };
    let (key, tokens) = Key::of(tokens);
    let key = key.with_texts(docs);
    match cache.get(key) {
        Some(text) => Ok((Some(key), text.to_owned())),
        None => Ok((Some(key), render::format(tokens, docs)?)),
    }
}

/// One file as the emitter leaves it.
struct Emitted {
    path: PathBuf,
    tokens: TokenStream,
    /// The doc blocks whose placeholders the tokens hold, in order (see `emit::collect_docs`).
    docs: Vec<String>,
    /// Text laid out by the emitter to follow the tokens (the registry's tables, lib.rs's module
    /// list), neither formatted nor cached.
    suffix: Option<String>,
}

fn emit_part(model: &ir::Model, config: &Config, part: Part) -> Emitted {
    let src = PathBuf::from("src");
    let ((path, tokens, suffix), docs) = emit::collect_docs(|| match part {
        Part::Lib => {
            let (tokens, module_list) = emit::lib(model, config);
            (src.join("lib.rs"), tokens, Some(module_list))
        }
        Part::Registry => {
            let (tokens, tables) = emit::registry(model);
            (src.join("__registry.rs"), tokens, Some(tables))
        }
        Part::Operations => (src.join(format!("{}.rs", ir::OPERATIONS)), emit::operations_module(model), None),
        Part::Areas => (src.join(format!("{}.rs", emit::areas_module(model))), emit::areas(model), None),
        Part::Module(index) => (module_path(model, index), emit::module(model, index), None),
    });
    Emitted { path, tokens, docs, suffix }
}

/// [`format`], then the text that follows the tokens; a file with such text is not cached (the
/// cache keeps formatted tokens alone).
fn format_part(emitted: Emitted, cache: Option<&FormatCache>) -> Result<Formatted, String> {
    let Emitted { path, tokens, docs, suffix } = emitted;
    let (key, text) = match suffix {
        None => format(tokens, &docs, cache)?,
        Some(suffix) => (None, render::format(tokens, &docs)? + &suffix),
    };
    Ok((path, key, text))
}

fn module_path(model: &ir::Model, index: usize) -> PathBuf {
    let module = &model.modules[index];
    let file = format!("{}.rs", module.name.strip_prefix("r#").unwrap_or(&module.name));
    match module.parent {
        Some(parent) => PathBuf::from("src").join(parent).join(file),
        None => PathBuf::from("src").join(file),
    }
}

/// The runtime's files, `call.rs` (with operations) and (standalone, or with areas as features)
/// `Cargo.toml`: text written as it is.
fn add_verbatim_files(files: &mut FileSet, model: &ir::Model, config: &Config) {
    let src = PathBuf::from("src");
    files.files.insert(src.join("__runtime.rs"), format!("{}{RUNTIME}", render::HEADER));
    for (name, text) in RUNTIME_MODULES {
        files.files.insert(src.join("__runtime").join(format!("{name}.rs")), format!("{}{text}", render::HEADER));
    }
    if emit::has_call(model) {
        files.files.insert(src.join(format!("{}.rs", ir::CALL)), format!("{}{CALL}", render::HEADER));
    }
    if config.standalone || !model.areas.is_empty() {
        files.files.insert(PathBuf::from("Cargo.toml"), cargo_toml(config, model));
    }
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

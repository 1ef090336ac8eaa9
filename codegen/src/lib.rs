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
//! 4. [`emit`]: the model → Rust tokens, one stream per file (the common items already laid
//!    out as text, which the stream marks).
//! 5. [`render`]: tokens → formatted files ([`FileSet`]), and writing only what changed.
//!
//! [`layout`] names the crate's files and drives stages 4 and 5 over them; [`cache`] keeps
//! formatted files from an earlier run by their tokens, so an unchanged file is not formatted
//! again. This file only runs the stages in order.

pub mod areas;
pub mod breaks;
pub mod cache;
pub mod case;
pub mod config;
pub mod cores;
pub mod docs;
pub mod emit;
pub mod error;
#[cfg(test)]
mod fixtures;
pub mod ir;
pub mod layout;
pub mod load;
pub mod naming;
pub mod pointer;
pub mod render;
pub mod resolve;
pub mod words;

pub use cache::FormatCache;
pub use config::Config;
pub use error::{Diagnostic, Diagnostics};
pub use layout::DEPENDENCIES;
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
    /// Every file the spec was read from, the root first.
    pub inputs: Vec<PathBuf>,
    /// The key of each formatted file's tokens, by path (when generated with a cache, even an
    /// empty one).
    pub keys: Vec<(PathBuf, cache::Key)>,
}

impl Generated {
    /// The formatted files by the keys of their tokens: the cache for the next run.
    pub fn format_cache(&self) -> FormatCache {
        FormatCache::from_texts(self.keys.iter().filter_map(|(path, key)| Some((*key, self.files.files.get(path)?.clone()))))
    }
}

/// Generates the crate for the spec `text`; `source` names it in errors. A `$ref` to another
/// file is an error: [`generate_file`] reads those.
pub fn generate(text: &str, source: &str, config: &Config) -> Result<Generated, Diagnostics> {
    pipeline(Input::Text(text, source), config, None, None)
}

/// Generates the crate for the spec in the file at `path`, with the files its `$ref`s name
/// (relative to the file that names them).
pub fn generate_file(path: &Path, config: &Config) -> Result<Generated, Diagnostics> {
    pipeline(Input::File(path), config, None, None)
}

/// [`generate_file`], taking each file whose tokens `cache` holds from it rather than formatting
/// it again (see [`Generated::format_cache`] for the next run's; pass an empty cache to start one).
pub fn generate_file_cached(path: &Path, config: &Config, cache: &FormatCache) -> Result<Generated, Diagnostics> {
    pipeline(Input::File(path), config, Some(cache), None)
}

/// [`generate`], timing each stage (for `cargo xtask bench`): the same pipeline, with emission
/// and formatting one after the other on one thread so that each has its own time.
pub fn generate_timed(text: &str, source: &str, config: &Config) -> Result<(FileSet, Timings), Diagnostics> {
    let mut timings = Timings::default();
    let generated = pipeline(Input::Text(text, source), config, None, Some(&mut timings))?;
    Ok((generated.files, timings))
}

/// Generates the crate for the spec file `spec` and writes it into `out` (see [`FileSet::write`]:
/// only into a folder that is new, empty or generated before). Everything is generated in memory
/// first: when the spec has an error, nothing in `out` is touched.
pub fn generate_into(spec: &Path, out: &Path, config: &Config) -> Result<(Generated, render::Changes), String> {
    let generated = generate_file(spec, config).map_err(|errors| errors.to_string())?;
    let changes = generated.files.write(out).map_err(|e| e.to_string())?;
    Ok((generated, changes))
}

/// Where the spec comes from.
enum Input<'a> {
    /// Its text, and the name errors give it.
    Text(&'a str, &'a str),
    File(&'a Path),
}

/// The stages, one after the other; each stage's time is added to `timings` when given.
fn pipeline(input: Input, config: &Config, cache: Option<&FormatCache>, timings: Option<&mut Timings>) -> Result<Generated, Diagnostics> {
    let mut clock = Clock { timings, start: Instant::now() };
    let (bundle, source) = match input {
        Input::Text(text, source) => (load::bundled(text, source, None)?, source.to_owned()),
        Input::File(path) => (load::bundled_file(path)?, path.display().to_string()),
    };
    let Analyzed { doc, graph, model, warnings, inputs } = analyze_bundle(bundle, &source, config, &mut clock)?;
    let timed = clock.timings.is_some();
    let rendered = std::thread::scope(|scope| {
        // The document and the graph are freed while the files are emitted (freeing them after
        // was a sequential millisecond or two; the model is read until the last file).
        scope.spawn(move || drop((doc, graph)));
        layout::files(&model, config, cache, timed)
    })
    .map_err(|message| Diagnostics::one(&source, Diagnostic::new("#", message)))?;
    if let Some(timings) = clock.timings {
        (timings.emit, timings.format) = (rendered.emit, rendered.format);
    }
    Ok(Generated { files: rendered.files, warnings, types: model.types.len(), inputs, keys: rendered.keys })
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

/// The time since the last stage ended, added to that stage's when timing.
struct Clock<'t> {
    timings: Option<&'t mut Timings>,
    start: Instant,
}

impl Clock<'_> {
    fn lap(&mut self, stage: fn(&mut Timings) -> &mut Duration) {
        if let Some(timings) = self.timings.as_deref_mut() {
            *stage(timings) += self.start.elapsed();
            self.start = Instant::now();
        }
    }
}

/// The stages before emission: the document, its resolved graph and the model of its types.
pub struct Analyzed {
    /// The document without its component schemas, which the graph holds.
    pub doc: openapiv3::OpenAPI,
    pub graph: resolve::Graph,
    pub model: ir::Model,
    pub warnings: Vec<Diagnostic>,
    /// Every file the spec was read from, the root first.
    pub inputs: Vec<PathBuf>,
}

/// Loads, corrects (overrides), resolves and models the spec `text`.
pub fn analyze(text: &str, source: &str, config: &Config) -> Result<Analyzed, Diagnostics> {
    analyze_bundle(load::bundled(text, source, None)?, source, config, &mut Clock { timings: None, start: Instant::now() })
}

/// [`analyze`] for the spec in the file at `path` and the files it refers to.
pub fn analyze_file(path: &Path, config: &Config) -> Result<Analyzed, Diagnostics> {
    analyze_bundle(load::bundled_file(path)?, &path.display().to_string(), config, &mut Clock { timings: None, start: Instant::now() })
}

/// Every error of every stage that can run is reported together: a reference the loader could
/// not follow was replaced by an empty schema, so the later stages still check the rest.
fn analyze_bundle(mut bundle: load::Bundle, source: &str, config: &Config, clock: &mut Clock) -> Result<Analyzed, Diagnostics> {
    let mut errors = std::mem::take(&mut bundle.errors);
    let mut value = std::mem::take(&mut bundle.value);
    errors.extend(load::corrections(&mut value, config));
    let typed = load::typed(value, source);
    clock.lap(|t| &mut t.load);
    let stages = typed.and_then(|doc| resolve::resolve(doc, source));
    clock.lap(|t| &mut t.resolve);
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
    // The schemas each operation names are found on the other core while the model is built.
    let ((mut model, mut warnings), named) = std::thread::scope(|scope| {
        let named = config.area_features.then(|| scope.spawn(|| areas::named_schemas(&resolved.doc)));
        let built = ir::build(&resolved.graph, config);
        (built, named.map(|named| named.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))))
    });
    if let Some(named) = named {
        model.areas = areas::areas(&resolved.doc, &resolved.graph, &model, config, named);
        areas::annotate(&mut model);
    }
    clock.lap(|t| &mut t.model);
    warnings.splice(0..0, resolved.warnings);
    let warnings = relocate(warnings);
    Ok(Analyzed { doc: resolved.doc, graph: resolved.graph, model, warnings, inputs: std::mem::take(&mut bundle.files) })
}

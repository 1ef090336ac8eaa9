//! Settings for one generation, in one place.

/// How to generate a crate. `Config::default()` is what `cargo xtask regenerate --spec` uses for
/// an arbitrary spec; the OpenAI crate sets its own name and docs.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The package name written into a standalone crate's `Cargo.toml`.
    pub crate_name: String,
    /// The crate-level doc comment.
    pub crate_doc: String,
    /// Also write a `Cargo.toml`, so the output builds on its own (outside any workspace).
    pub standalone: bool,
    /// String enums of two or more values accept, keep and write back values the spec does not
    /// list (an `Other(String)` variant), so a new server value never fails a response.
    pub open_enums: bool,
    /// Unions that dispatch on a property keep an object whose tag they do not know
    /// (an `Unknown(serde_json::Value)` variant) instead of failing.
    pub open_unions: bool,
    /// Every struct keeps the fields it does not declare (a flattened `extra` map) and writes
    /// them back, so a round trip is exact even when the API adds a field. Unknown fields never
    /// fail deserialization either way; this costs some deserialization speed.
    pub keep_unknown_fields: bool,
    /// Also write `src/__registry.rs` (behind the crate feature `registry`): a round trip of a
    /// JSON text by the spec name of its type, for conformance tooling.
    pub registry: bool,
    /// Each API area (an operation's tag; schemas no operation names by their `x-oaiMeta.group`)
    /// is a cargo feature, and a module compiles only when an area that uses it is on; `default`
    /// turns every area on. Also writes `Cargo.toml`, which declares the features.
    pub area_features: bool,
    /// Renames or merges areas: a tag, path segment or `x-oaiMeta.group` → its feature name
    /// (`Projects: administration`). Others are named by their words in lower case, joined
    /// by `-` (`Vector stores` → `vector-stores`).
    pub area_names: std::collections::BTreeMap<String, String>,
    /// The site that root-relative links in the spec's prose (`[guide](/docs/guides/x)`) are
    /// relative to (`https://platform.openai.com`): they are joined to it, so they work on
    /// docs.rs. Without it, such links keep only their text.
    pub link_base: Option<String>,
    /// Corrections to the spec where real payloads contradict it.
    pub overrides: Vec<crate::overrides::Override>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            crate_name: "api-models".to_owned(),
            crate_doc: "Model types generated from an OpenAPI document.".to_owned(),
            standalone: true,
            open_enums: true,
            open_unions: true,
            keep_unknown_fields: false,
            registry: false,
            area_features: false,
            area_names: Default::default(),
            link_base: None,
            overrides: Vec::new(),
        }
    }
}

impl Config {
    /// Reads a config file (YAML; any field left out keeps its default).
    pub fn from_file(path: &std::path::Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the config {}: {e}", path.display()))?;
        serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// How the committed OpenAI crate is generated: `generated/codegen.yaml`.
    pub fn openai() -> Result<Config, String> {
        Config::from_file(&workspace_root().join("generated/codegen.yaml"))
    }
}

/// The OpenAI spec the project is pinned to: `$OPENAPI_SPEC`, else `../shared/specs/openai/openapi.yaml`
/// beside the checkout.
pub fn pinned_spec() -> std::path::PathBuf {
    match std::env::var_os("OPENAPI_SPEC") {
        Some(path) => path.into(),
        None => workspace_root().join("../shared/specs/openai/openapi.yaml"),
    }
}

/// The root of this project's workspace.
pub fn workspace_root() -> std::path::PathBuf {
    let codegen = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    codegen.parent().unwrap_or(codegen).to_path_buf()
}

/// Reads the pinned spec, or says how to point the project at it.
pub fn read_pinned_spec() -> Result<(String, String), String> {
    read_spec(&pinned_spec())
}

/// Reads a spec file as text; the error says what is wrong and how to point at another file.
pub fn read_spec(path: &std::path::Path) -> Result<(String, String), String> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        format!("cannot read the spec {source}: {e}\nPoint the project at the OpenAI spec with OPENAPI_SPEC=/path/to/openapi.yaml (or --spec PATH).")
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{source}: the file is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))?;
    Ok((text, source))
}

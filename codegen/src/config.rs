//! Settings for one generation, in one place.

/// How to generate a crate. `Config::default()` is what `cargo xtask regenerate --spec` uses for
/// an arbitrary spec; the OpenAI crate sets its own name and docs (`generated/codegen.yaml`,
/// which the xtask reads: the library knows no path of this repository).
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
    /// Read what real servers send where the spec is stricter: a required field that is absent,
    /// or `null` where the spec allows no null, reads as its type's default (and never fails);
    /// an object without its union's tag is kept as the union's `Unknown`; unions of objects
    /// prefer the variant that reads the object without leniency. Values the user builds are
    /// written exactly as before.
    pub lenient: bool,
    /// Every struct keeps the fields it does not declare (a flattened `extra` map) and writes
    /// them back, so a round trip is exact even when the API adds a field. Unknown fields never
    /// fail deserialization either way; this costs some deserialization speed.
    pub keep_unknown_fields: bool,
    /// Structs derive serde's `Deserialize` (with `flatten` for the unknown-field map, which
    /// buffers every entry of the object) instead of the generated deserializer, which streams
    /// each field into its slot. Off by default; kept so `cargo xtask bench` can measure the two.
    pub derive_deserialize: bool,
    /// Every struct has `new` (its required fields) and a setter per optional field. On by
    /// default; off only so `cargo xtask bench` can measure what they cost `cargo check`.
    pub constructors: bool,
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
    pub overrides: Vec<crate::load::overrides::Override>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            crate_name: "api-models".to_owned(),
            crate_doc: "Model types generated from an OpenAPI document.".to_owned(),
            standalone: true,
            open_enums: true,
            open_unions: true,
            lenient: true,
            keep_unknown_fields: false,
            derive_deserialize: false,
            constructors: true,
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
}

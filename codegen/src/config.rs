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
    /// Every operation is a type under `operations` that gives what its call needs (method,
    /// path, query, headers, body) and what its answers read into (`call::Call`).
    pub operations: bool,
    /// Query arrays and objects as the API reads them rather than as the spec's `style` says:
    /// arrays as `name[]=a&name[]=b`, objects as `name[key]=value` (the convention of Rails and
    /// PHP servers, which the official SDKs of some APIs follow). Multipart bodies name their
    /// array and object parts the same way (`name[]`, `name[key]`) with it, repeat the name
    /// without it.
    pub query_brackets: bool,
    /// How list answers are recognised as pages.
    pub pagination: Pagination,
    /// Hand-written code compiled into the crate beside the generated types (see [`Helpers`]).
    /// Without it the crate has none.
    pub helpers: Option<Helpers>,
    /// The name of a union of every webhook's payload (`webhooks:` in OpenAPI 3.1), dispatched
    /// on its `type`, so an incoming webhook reads into one type; unknown events are kept as its
    /// `Unknown`. Without it, each webhook's payload is a type of its own and there is no union.
    pub webhook_union: Option<String>,
}

/// A module of hand-written code in the generated crate: `src/<module>/`, whose files the
/// generator never writes, lists or deletes, and whose name no generated module takes.
/// `lib.rs` declares it (`pub mod <module>;`), so it can add methods to the generated types;
/// it gates its items by the same area features as the types it uses.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helpers {
    /// The module's name, a snake-case identifier (`helpers`; not `lib`, the crate root's file,
    /// nor a module the generator writes: `call`, `operations`, `areas`).
    pub module: String,
    /// A Markdown file inside the module's folder (`FRONT.md`) that the crate docs include in
    /// place of the generic sections on building values and making calls: a front page in the
    /// API's own terms.
    #[serde(default)]
    pub front_page: Option<String>,
    /// Lines added to `[dependencies]` of the crate's `Cargo.toml` for the hand-written code
    /// (`hmac = { version = "0.12", optional = true }`).
    #[serde(default)]
    pub dependencies: Vec<String>,
    /// Features added to `[features]` for the hand-written code, by name
    /// (`webhook-signatures: ["webhooks", "dep:hmac"]`).
    #[serde(default)]
    pub features: std::collections::BTreeMap<String, Vec<String>>,
}

impl Helpers {
    /// Why the module name cannot be the hand-written module, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        let module = &self.module;
        let identifier = module.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && module.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !identifier
            || ["lib", "main", "mod", "crate", "self", "super", "call", "operations", "areas", "api_areas"].contains(&module.as_str())
            || module.starts_with("__")
        {
            return Err(format!("helpers.module `{module}` is not a snake-case module name the crate root can declare"));
        }
        if let Some(page) = &self.front_page {
            let inside = std::path::Path::new(page).components().all(|c| matches!(c, std::path::Component::Normal(_)));
            if page.is_empty() || !inside {
                return Err(format!("helpers.front_page `{page}` is not a path inside the module's folder"));
            }
        }
        Ok(())
    }
}

/// The names a list operation and its answer use for paging. An operation is paged when one of
/// its optional text query parameters is named in `cursor_parameters` and its answer has a list
/// named in `items`; the next cursor is the answer's `next` field, else its `last_id` field, else
/// the `id` of the last item.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Pagination {
    pub cursor_parameters: Vec<String>,
    pub items: Vec<String>,
    pub has_more: Vec<String>,
    pub next: Vec<String>,
    pub last_id: Vec<String>,
}

impl Default for Pagination {
    fn default() -> Self {
        let list = |names: &[&str]| names.iter().map(|name| (*name).to_owned()).collect();
        Pagination {
            cursor_parameters: list(&["after", "page", "cursor", "starting_after", "page_token"]),
            items: list(&["data", "items", "results"]),
            has_more: list(&["has_more"]),
            next: list(&["next_page", "next", "next_cursor", "next_page_token"]),
            last_id: list(&["last_id"]),
        }
    }
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
            operations: true,
            query_brackets: false,
            pagination: Pagination::default(),
            helpers: None,
            webhook_union: None,
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

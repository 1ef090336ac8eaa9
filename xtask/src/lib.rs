//! This checkout: where the pinned OpenAI spec is, where the committed crate and its settings
//! are. The generator library (`codegen`) knows none of these paths; the commands and the tests
//! of this repository find them here.

pub mod fetch;
pub mod pinned;
pub mod uptodate;

use codegen::Config;
use std::path::{Path, PathBuf};

/// The root of this project's workspace.
pub fn workspace_root() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask.parent().unwrap_or(xtask).to_path_buf()
}

/// The committed OpenAI crate, `generated/`.
pub fn generated_dir() -> PathBuf {
    workspace_root().join("generated")
}

/// How the committed OpenAI crate is generated: `generated/codegen.yaml`.
pub fn openai_config() -> Result<Config, String> {
    Config::from_file(&generated_dir().join("codegen.yaml"))
}

/// The OpenAI spec the project is pinned to: `$OPENAPI_SPEC`, else
/// `../shared/specs/openai/openapi.yaml` beside the checkout.
pub fn pinned_spec() -> PathBuf {
    match std::env::var_os("OPENAPI_SPEC") {
        Some(path) => path.into(),
        None => workspace_root().join("../shared/specs/openai/openapi.yaml"),
    }
}

/// Reads the pinned spec (text, and the name errors give it), or says which spec it is, how to
/// download it and how to point the project at it.
pub fn read_pinned_spec() -> Result<(String, String), String> {
    read_spec(&pinned_spec()).map_err(|message| format!("{message}\n\n{}", missing_pinned_spec()))
}

/// What to do when the pinned spec is not where it is looked for: which spec it is (see
/// [`pinned::PINNED`]), how to download it, how to point at it.
pub fn missing_pinned_spec() -> String {
    format!(
        "{}\nDownload it with `cargo xtask fetch-spec --url URL` (it checks the sha256 and writes {} by default),\n\
         or point the project at a copy with OPENAPI_SPEC=/path/to/openapi.yaml.",
        pinned::PINNED.describe(),
        pinned_spec().display()
    )
}

/// Reads a spec file as text; the error says what is wrong.
pub fn read_spec(path: &Path) -> Result<(String, String), String> {
    let source = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read the spec {source}: {e}"))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| format!("{source}: the file is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()))?;
    Ok((text, source))
}

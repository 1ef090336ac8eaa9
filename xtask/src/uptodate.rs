//! What `cargo xtask regenerate` remembers between runs, under `target/regenerate/` (never in
//! the output folder, which the drift check compares): the state of the last run into a folder
//! (the generator, the settings, the spec files and the files written, each by a digest), so a
//! run with nothing changed writes nothing and formats nothing; and the formatted files by their
//! tokens ([`codegen::FormatCache`]), so a run after a change formats only the files whose tokens
//! changed.
//!
//! Neither can change what is written: the state is trusted only when every input and every
//! output file still has the digest it had, and the format cache only gives the text formatting
//! gave for the same tokens with the same build. A missing, stale or malformed file under
//! `target/regenerate/` only makes the run slower. `--check` reads neither.

use codegen::{Config, FormatCache, Generated};
use serde_json::{json, Value};
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

/// A 128-bit digest of some bytes, in hex (two hashers, one of them told apart by a first byte).
pub fn digest(bytes: &[u8]) -> String {
    let (mut a, mut b) = (DefaultHasher::new(), DefaultHasher::new());
    b.write_u8(1);
    a.write(bytes);
    b.write(bytes);
    format!("{:016x}{:016x}", a.finish(), b.finish())
}

/// The build of the generator that runs: the executable's path, size and modification time, which
/// every rebuild changes (hashing the executable itself would cost more than the rest of a run
/// with nothing changed). `None` when the system does not say.
pub fn identity(exe: &Path) -> Option<String> {
    let meta = std::fs::metadata(exe).ok()?;
    let modified = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!("{} {} {}", exe.display(), meta.len(), modified.as_nanos()))
}

/// The two files kept for one output folder.
pub struct Caches {
    pub state: PathBuf,
    pub formatted: PathBuf,
    identity: String,
}

impl Caches {
    /// The caches of this executable for the output folder `out`, named by a digest of its
    /// absolute path; `None` when the generator's build cannot be told.
    pub fn for_output(out: &Path) -> Option<Caches> {
        Caches::for_output_of(out, &std::env::current_exe().ok()?)
    }

    /// [`Caches::for_output`] as the executable `exe` sees them.
    pub fn for_output_of(out: &Path, exe: &Path) -> Option<Caches> {
        let identity = identity(exe)?;
        let absolute = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let name = digest(absolute.to_string_lossy().as_bytes());
        let dir = crate::workspace_root().join("target/regenerate");
        Some(Caches { state: dir.join(format!("{name}.state.json")), formatted: dir.join(format!("{name}.formatted")), identity })
    }

    /// The last run's state, when the generator, the settings, the spec files and every file it
    /// wrote into `out` are still what they were (so generating again would write nothing).
    pub fn up_to_date(&self, spec: &Path, config: &Config, out: &Path) -> Option<State> {
        let state = State::read(&self.state)?;
        let spec = std::fs::canonicalize(spec).ok()?;
        let same = state.identity == self.identity
            && state.config == config_digest(config)
            && state.inputs.first().map(|(path, _)| path) == Some(&spec)
            && state.inputs.iter().all(|(path, hash)| std::fs::read(path).is_ok_and(|bytes| digest(&bytes) == *hash))
            && state.outputs.iter().all(|(path, hash)| std::fs::read(out.join(path)).is_ok_and(|bytes| digest(&bytes) == *hash));
        same.then_some(state)
    }

    /// The formatted files of the last run by this build, or an empty cache.
    pub fn format_cache(&self) -> FormatCache {
        FormatCache::read(&self.formatted, &self.identity)
    }

    /// Records a run that wrote `generated` into its folder (`warnings` as printed).
    pub fn save(&self, generated: &Generated, config: &Config, warnings: &[String]) -> Result<(), String> {
        let mut outputs: Vec<(PathBuf, String)> = generated.files.files.iter().map(|(path, text)| (path.clone(), digest(text.as_bytes()))).collect();
        outputs.push((PathBuf::from(codegen::render::MARKER), digest(generated.files.marker().as_bytes())));
        let mut inputs = Vec::new();
        for path in &generated.inputs {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            inputs.push((path.clone(), digest(&bytes)));
        }
        let state = State {
            identity: self.identity.clone(),
            config: config_digest(config),
            inputs,
            outputs,
            types: generated.types,
            warnings: warnings.to_vec(),
        };
        generated.format_cache().write(&self.formatted, &self.identity).map_err(|e| format!("{}: {e}", self.formatted.display()))?;
        state.write(&self.state)
    }
}

fn config_digest(config: &Config) -> String {
    digest(format!("{config:?}").as_bytes())
}

/// One run into an output folder.
#[derive(Debug, PartialEq)]
pub struct State {
    identity: String,
    config: String,
    /// Each spec file read, the root first, by digest.
    inputs: Vec<(PathBuf, String)>,
    /// Each file written, by path in the folder, with the list of generated files.
    outputs: Vec<(PathBuf, String)>,
    pub types: usize,
    /// As printed.
    pub warnings: Vec<String>,
}

impl State {
    pub fn files(&self) -> usize {
        self.outputs.len() - 1
    }

    fn read(path: &Path) -> Option<State> {
        let value: Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
        let pairs = |key: &str| -> Option<Vec<(PathBuf, String)>> {
            value[key].as_array()?.iter().map(|pair| Some((PathBuf::from(pair[0].as_str()?), pair[1].as_str()?.to_owned()))).collect()
        };
        let outputs = pairs("outputs")?;
        if outputs.is_empty() {
            return None;
        }
        Some(State {
            identity: value["identity"].as_str()?.to_owned(),
            config: value["config"].as_str()?.to_owned(),
            inputs: pairs("inputs")?,
            outputs,
            types: usize::try_from(value["types"].as_u64()?).ok()?,
            warnings: value["warnings"].as_array()?.iter().map(|w| w.as_str().map(str::to_owned)).collect::<Option<_>>()?,
        })
    }

    fn write(&self, path: &Path) -> Result<(), String> {
        let pairs = |list: &[(PathBuf, String)]| -> Vec<Value> { list.iter().map(|(path, hash)| json!([path.to_string_lossy(), hash])).collect() };
        let value = json!({
            "identity": self.identity,
            "config": self.config,
            "inputs": pairs(&self.inputs),
            "outputs": pairs(&self.outputs),
            "types": self.types,
            "warnings": self.warnings,
        });
        let fail = |e: std::io::Error| format!("{}: {e}", path.display());
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        std::fs::write(&partial, value.to_string()).map_err(fail)?;
        std::fs::rename(&partial, path).map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_reads_back_as_written_and_a_malformed_one_not_at_all() {
        let dir = std::env::temp_dir().join(format!("xtask-uptodate-{}", std::process::id()));
        let path = dir.join("state.json");
        let state = State {
            identity: "build".into(),
            config: digest(b"config"),
            inputs: vec![(PathBuf::from("/spec.yaml"), digest(b"spec"))],
            outputs: vec![(PathBuf::from("src/lib.rs"), digest(b"lib")), (PathBuf::from(".generated-files"), digest(b"list"))],
            types: 3,
            warnings: vec!["warning: a\nb".into()],
        };
        state.write(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(State::read(&path), Some(state));
        std::fs::write(&path, "{\"identity\": 1}").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(State::read(&path), None);
        assert_eq!(State::read(&dir.join("missing")), None);
        let _ = std::fs::remove_dir_all(dir);
    }

    #[test]
    fn digests_differ_with_the_bytes() {
        assert_eq!(digest(b"a"), digest(b"a"));
        assert_ne!(digest(b"a"), digest(b"b"));
        assert_eq!(digest(b"").len(), 32);
    }
}

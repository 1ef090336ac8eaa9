//! The benchmark's "before this change" crates: the OpenAI crate as the generator of [`BEFORE`]
//! wrote it, with its unknown-field maps (what `cargo check` is compared with) and without them
//! (what deserialization is compared with). That generator read structs by serde's derive and
//! buffered unions through `serde_json::Value`; the bench's other comparison crates come from
//! today's generator (today's union runtime, serde's derive only for structs), so they measure
//! the struct deserializers alone, and these measure the whole change against what it replaced.
//!
//! The generator of that commit is taken from the git history (`git archive`) and run once per
//! benchmark into `target/bench/before` or `target/bench/before-lean`, writing only the files
//! that changed, so cargo does not rebuild a crate when nothing did.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The last commit before the generated struct deserializers (be3790d, "Structs stream their
/// fields"): its generator is the baseline.
pub const BEFORE: &str = "8030c7c12d264f3f50211905bd50a302795f0e39";

/// The last commit before presence was kept (a field read as `null` or left out written back
/// so): its generator writes the crate that `--instructions` counts presence's cost against.
pub const BEFORE_PRESENCE: &str = "c5d7bb2f7b9d25aeb3b2d7f1d9a4533b516d9deb";

/// Which of the two crates: its folder under the bench's scratch folder is its name without the
/// `openai-models-` prefix (tests/bench depends on the lean one by that path).
#[derive(Clone, Copy)]
pub enum Variant {
    /// As that generator wrote the OpenAI crate: unknown fields kept by `#[serde(flatten)]`.
    WithMaps,
    /// The same with `keep_unknown_fields` off: serde's derive at its fastest.
    Lean,
    /// The OpenAI crate as the generator of [`BEFORE_PRESENCE`] wrote it.
    BeforePresence,
}

impl Variant {
    /// The crate's package name.
    pub fn crate_name(self) -> &'static str {
        match self {
            Variant::WithMaps => "openai-models-before",
            Variant::Lean => "openai-models-before-lean",
            Variant::BeforePresence => "openai-models-before-presence",
        }
    }

    /// The commit whose generator writes it.
    pub fn commit(self) -> &'static str {
        match self {
            Variant::WithMaps | Variant::Lean => BEFORE,
            Variant::BeforePresence => BEFORE_PRESENCE,
        }
    }

    /// Where that commit's tree is unpacked under the scratch folder.
    fn source(self) -> &'static str {
        match self {
            Variant::WithMaps | Variant::Lean => "before-src",
            Variant::BeforePresence => "before-presence-src",
        }
    }

    fn folder(self) -> &'static str {
        self.crate_name().trim_start_matches("openai-models-")
    }
}

/// What runs that commit's generator: its own xtask library (the OpenAI config of that day),
/// with the unknown-field maps on or off. An example of its xtask package, so it builds in that
/// workspace.
const GENERATOR: &str = r#"// Written by today's `cargo xtask bench`: a "before this change" crate.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, spec, out, name, maps] = &args[..] else { panic!("usage: before SPEC OUT CRATE_NAME maps|lean") };
    let mut config = codegen::Config { crate_name: name.clone(), standalone: true, registry: false, ..xtask::openai_config().expect("the config of that commit") };
    config.keep_unknown_fields = maps == "maps";
    let generated = codegen::generate_file(std::path::Path::new(spec), &config).unwrap_or_else(|e| panic!("{e}"));
    generated.files.write(std::path::Path::new(out)).unwrap_or_else(|e| panic!("{e}"));
}
"#;

/// Writes the `variant` crate from `spec` with the generator of its commit, into its folder under
/// `scratch`; returns that folder.
pub fn write_crate(root: &Path, spec: &Path, scratch: &Path, variant: Variant) -> Result<PathBuf, String> {
    let source = scratch.join(variant.source());
    checkout(root, &source, variant.commit())?;
    let example = source.join("xtask/examples/before.rs");
    std::fs::create_dir_all(example.parent().unwrap_or(&source)).map_err(|e| e.to_string())?;
    if std::fs::read_to_string(&example).ok().as_deref() != Some(GENERATOR) {
        std::fs::write(&example, GENERATOR).map_err(|e| e.to_string())?;
    }

    let out = scratch.join(variant.folder());
    let fresh = scratch.join(format!("{}.new", variant.folder()));
    let _ = std::fs::remove_dir_all(&fresh);
    let maps = match variant {
        Variant::WithMaps | Variant::BeforePresence => "maps",
        Variant::Lean => "lean",
    };
    let output = Command::new(env!("CARGO"))
        .args(["run", "-q", "--example", "before", "--manifest-path"])
        .arg(source.join("Cargo.toml"))
        .arg("--")
        .arg(spec)
        .arg(&fresh)
        .arg(variant.crate_name())
        .arg(maps)
        // A target folder of its own: that workspace's dependencies are not this one's.
        .env("CARGO_TARGET_DIR", scratch.join("before-target"))
        .current_dir(&source)
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("the generator of {} failed on {}:\n{}", variant.commit(), spec.display(), String::from_utf8_lossy(&output.stderr)));
    }
    sync(&fresh, &out)?;
    std::fs::remove_dir_all(&fresh).map_err(|e| e.to_string())?;
    Ok(out)
}

/// The tree of `commit` in `source`, from the repository's history; kept between runs (a
/// marker file names the commit it holds).
fn checkout(root: &Path, source: &Path, commit: &str) -> Result<(), String> {
    let marker = source.join(".commit");
    if std::fs::read_to_string(&marker).is_ok_and(|held| held == commit) {
        return Ok(());
    }
    let _ = std::fs::remove_dir_all(source);
    std::fs::create_dir_all(source).map_err(|e| e.to_string())?;
    let missing = || {
        format!("the benchmark's \"before this change\" crate is written by the generator of commit {commit}, which this checkout's history does not have: run from a full clone (`git fetch --unshallow`)")
    };
    let mut archive = Command::new("git")
        .args(["archive", "--format=tar", commit])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("git cannot run ({e}): {}", missing()))?;
    let tar_input = archive.stdout.take().ok_or("git archive has no stdout")?;
    let unpacked = Command::new("tar").arg("-x").arg("-C").arg(source).stdin(tar_input).status().map_err(|e| format!("tar cannot run: {e}"))?;
    let archived = archive.wait().map_err(|e| e.to_string())?;
    if !archived.success() {
        return Err(missing());
    }
    if !unpacked.success() {
        return Err(format!("tar could not unpack commit {commit} into {}", source.display()));
    }
    std::fs::write(&marker, commit).map_err(|e| e.to_string())
}

/// Makes `to` hold exactly the files of `from`, writing only those whose bytes differ.
fn sync(from: &Path, to: &Path) -> Result<(), String> {
    let wanted = files(from)?;
    for relative in &wanted {
        let (source, target) = (from.join(relative), to.join(relative));
        let bytes = std::fs::read(&source).map_err(|e| format!("{}: {e}", source.display()))?;
        if std::fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
            std::fs::create_dir_all(target.parent().unwrap_or(to)).map_err(|e| e.to_string())?;
            std::fs::write(&target, bytes).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    for stale in files(to).unwrap_or_default().difference(&wanted) {
        std::fs::remove_file(to.join(stale)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The files under `dir`, relative to it.
fn files(dir: &Path) -> Result<BTreeSet<PathBuf>, String> {
    let mut found = BTreeSet::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).map_err(|e| format!("{}: {e}", next.display()))? {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                found.insert(relative.to_path_buf());
            }
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_writes_only_the_files_that_differ_and_removes_stale_ones() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!("xtask-before-sync-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (from, to) = (dir.join("from"), dir.join("to"));
        for (root, files) in [(&from, [("src/lib.rs", "new"), ("same.rs", "same")]), (&to, [("src/lib.rs", "old"), ("stale.rs", "stale")])] {
            for (name, text) in files {
                std::fs::create_dir_all(root.join(name).parent().ok_or("a parent")?)?;
                std::fs::write(root.join(name), text)?;
            }
        }
        std::fs::write(to.join("same.rs"), "same")?;
        let untouched = std::fs::metadata(to.join("same.rs"))?.modified()?;
        std::thread::sleep(std::time::Duration::from_millis(20));

        sync(&from, &to)?;

        assert_eq!(files(&to)?, files(&from)?);
        assert_eq!(std::fs::read_to_string(to.join("src/lib.rs"))?, "new");
        assert_eq!(std::fs::metadata(to.join("same.rs"))?.modified()?, untouched, "a file whose bytes are the same is not written");
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}

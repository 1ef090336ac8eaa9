//! `cargo xtask fetch-spec`: downloads a spec and writes it only when its sha256 is one it was
//! asked for, so a file that is not the pinned spec never takes its place.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A download larger than this is refused (the pinned spec's forms are 3 MB and 3.4 MB).
const LIMIT: u64 = 64 << 20;

/// The lower-case hex sha256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Downloads `url` (http or https; proxies from the usual environment variables) and returns
/// its bytes, or what went wrong.
pub fn download(url: &str) -> Result<Vec<u8>, String> {
    let agent: ureq::Agent = ureq::Agent::config_builder().timeout_global(Some(Duration::from_secs(300))).build().into();
    let mut response = agent.get(url).call().map_err(|e| format!("cannot download {url}: {e}"))?;
    response.body_mut().with_config().limit(LIMIT).read_to_vec().map_err(|e| format!("cannot download {url}: {e}"))
}

/// A file `fetch-spec` accepts: its name, its sha256, and where it is written.
pub struct Accepted {
    pub name: String,
    pub sha256: String,
    pub out: PathBuf,
}

/// Writes `bytes` where the accepted file whose sha256 they have goes, and returns that file;
/// when they have none of the accepted hashes, writes nothing and says what was expected and
/// what came. The file is written beside its place first and renamed over it, so it is never
/// left half written.
pub fn write_checked<'a>(bytes: &[u8], accepted: &'a [Accepted]) -> Result<&'a Accepted, String> {
    let hash = sha256(bytes);
    let Some(file) = accepted.iter().find(|file| file.sha256 == hash) else {
        let expected: Vec<String> = accepted.iter().map(|file| format!("  {}: {}", file.name, file.sha256)).collect();
        return Err(format!(
            "refused: the download's sha256 is {hash} ({} bytes), which is not the pinned spec's; nothing was written.\nexpected one of:\n{}",
            bytes.len(),
            expected.join("\n")
        ));
    };
    let out = &file.out;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let partial = partial_path(out);
    std::fs::write(&partial, bytes).map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, out).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        format!("cannot write {}: {e}", out.display())
    })?;
    Ok(file)
}

/// `openapi.yaml.partial` beside `openapi.yaml`.
fn partial_path(out: &Path) -> PathBuf {
    let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    out.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_the_standard_one() {
        assert_eq!(sha256(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha256(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

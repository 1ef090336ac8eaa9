//! `cargo xtask doc-links`: documents the generated crate as a user reads it (`cargo doc`, warnings
//! denied) and checks every link of the HTML: a relative link must name a file that exists, and
//! its `#fragment` an element of that page. Links to other sites are not fetched.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

pub fn run(doc: Option<PathBuf>) -> Result<(), String> {
    let root = xtask::workspace_root();
    let doc = match doc {
        None => {
            eprintln!("… cargo doc -p openai-models --no-deps (RUSTDOCFLAGS=-D warnings)");
            let status = Command::new(env!("CARGO"))
                .args(["doc", "-q", "-p", "openai-models", "--no-deps"])
                .env("RUSTDOCFLAGS", "-D warnings")
                .current_dir(&root)
                .status()
                .map_err(|e| format!("cannot run cargo: {e}"))?;
            if !status.success() {
                return Err("cargo doc of the generated crate failed".into());
            }
            let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
            target.join("doc")
        }
        Some(dir) => dir,
    };
    let crate_dir = doc.join("openai_models");
    let (pages, dead) = dead_links(&doc, &crate_dir)?;
    if dead.is_empty() {
        println!("{}: {pages} pages, no dead link", crate_dir.display());
        return Ok(());
    }
    let mut message = format!("{} dead links in the docs of {}:\n", dead.len(), crate_dir.display());
    for line in dead.iter().take(50) {
        message.push_str(&format!("  {line}\n"));
    }
    Err(message)
}

/// Checks the links of every page under `pages` (inside the doc root `doc`); returns the number of
/// pages and the dead links, as `page: link`.
pub fn dead_links(doc: &Path, pages: &Path) -> Result<(usize, Vec<String>), String> {
    let files = html_files(pages);
    if files.is_empty() {
        return Err(format!("no HTML pages under {}", pages.display()));
    }
    let mut ids: HashMap<PathBuf, HashSet<String>> = HashMap::new();
    let mut dead = Vec::new();
    for file in &files {
        let html = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for link in attributes(&html, "href").chain(attributes(&html, "src")) {
            let link = link.replace("&amp;", "&");
            if link.is_empty() || link.starts_with('#') && link.len() == 1 || is_external(&link) {
                continue;
            }
            let (path, fragment) = match link.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (link.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or(path);
            let target = if path.is_empty() { file.clone() } else { normalize(&file.parent().unwrap_or(doc).join(path)) };
            let shown = || format!("{}: {link}", file.strip_prefix(doc).unwrap_or(file).display());
            if !target.exists() {
                dead.push(shown());
                continue;
            }
            // Fragments of pages of this crate (source pages number their lines by script).
            let Some(fragment) = fragment.filter(|f| !f.is_empty() && target.starts_with(pages) && target.extension().is_some_and(|e| e == "html"))
            else {
                continue;
            };
            if !ids.contains_key(&target) {
                let page = std::fs::read_to_string(&target).map_err(|e| format!("{}: {e}", target.display()))?;
                ids.insert(target.clone(), attributes(&page, "id").collect());
            }
            if !ids[&target].contains(fragment) {
                dead.push(shown());
            }
        }
    }
    Ok((files.len(), dead))
}

/// Links that leave the docs: another site, mail, script.
fn is_external(link: &str) -> bool {
    link.starts_with("//") || link.split_once(':').is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty())
}

/// The values of `name="..."` in `html`.
fn attributes(html: &str, name: &str) -> std::vec::IntoIter<String> {
    let pattern = format!(" {name}=\"");
    let values: Vec<String> = html
        .match_indices(&pattern)
        .filter_map(|(at, _)| {
            let rest = &html[at + pattern.len()..];
            rest.find('"').map(|end| rest[..end].to_owned())
        })
        .collect();
    values.into_iter()
}

/// `a/b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_dead_files_and_fragments() {
        let doc = std::env::temp_dir().join(format!("doclinks-test-{}", std::process::id()));
        let pages = doc.join("krate");
        std::fs::create_dir_all(pages.join("sub")).expect("temp dir");
        std::fs::write(doc.join("static.css"), "").expect("write");
        std::fs::write(
            pages.join("index.html"),
            r##"<a href="sub/a.html#x">ok</a> <a href="sub/a.html#gone">dead fragment</a> <a href="missing.html">dead</a>
            <a href="https://platform.openai.com/docs">external</a> <a href="#">top</a> <link href="../static.css">
            <a href="/docs/guides/x">root-relative</a> <a id="top" href="#top">self</a>"##,
        )
        .expect("write");
        std::fs::write(pages.join("sub/a.html"), r#"<h2 id="x">x</h2><a href="../index.html#top">back</a>"#).expect("write");
        let (count, dead) = dead_links(&doc, &pages).expect("pages");
        std::fs::remove_dir_all(&doc).ok();
        assert_eq!(count, 2);
        assert_eq!(dead, ["krate/index.html: sub/a.html#gone", "krate/index.html: missing.html", "krate/index.html: /docs/guides/x"]);
    }
}

//! Loading and generation on arbitrary input. An `Err` (a rejected spec) is the expected answer
//! to almost every input; only a panic, abort, stack overflow, timeout or OOM is a finding.
//!
//! An input that holds lines `#file: <relative path>` is a spec of several files: the text before
//! the first such line is the root (`spec.yaml`), each section after one is the file it names.
//! They are written into a folder of this process and generated from there, so the loader that
//! follows `$ref`s into other files (`load::files`) runs on them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};

const FILE_MARKER: &str = "\n#file: ";

fuzz_target!(|data: &[u8]| {
    // The generator takes text; bytes that are not UTF-8 are rejected before it (by the file
    // reader), so there is nothing of the generator to exercise with them.
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.contains(FILE_MARKER) {
        several_files(text);
        return;
    }
    // The whole pipeline: load (YAML, or JSON when the text starts with `{`), resolve, model, emit.
    let _ = codegen::generate(text, "fuzz", &codegen::Config::default());
    // Mutated YAML seeds almost never start with `{`, so the JSON reader would see little but the
    // JSON seeds. Whatever YAML parsed is written out as JSON and read back through the JSON
    // reader (only the reader: every later stage is the same code the line above just ran).
    if !text.trim_start().starts_with('{') {
        if let Ok(json) = codegen::load::parse(text).map(|value| value.to_string()) {
            let _ = codegen::load::parse(&json);
        }
    }
});

/// Writes the root and the files of `text` into this process's folder and generates from it.
fn several_files(text: &str) {
    let folder = std::env::temp_dir().join(format!("codegen-fuzz-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    let mut sections = text.split(FILE_MARKER);
    let root = sections.next().unwrap_or_default();
    let mut files = vec![(PathBuf::from("spec.yaml"), root)];
    for section in sections {
        let (name, content) = section.split_once('\n').unwrap_or((section, ""));
        if let Some(path) = relative(name.trim()) {
            files.push((path, content));
        }
    }
    for (path, content) in &files {
        let path = folder.join(path);
        let written = path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, content));
        if written.is_err() {
            return; // a name that is also a folder (`a` and `a/b`): nothing to generate from
        }
    }
    let _ = codegen::generate_file(&folder.join("spec.yaml"), &codegen::Config::default());
}

/// A path inside the folder: plain names only (no `..`, no root, a few levels deep), so the
/// files of an input never land outside it.
fn relative(name: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = name.split('/').filter(|part| !part.is_empty() && *part != ".").collect();
    let plain = |part: &&str| part.chars().all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)) && *part != "..";
    if parts.is_empty() || parts.len() > 4 || !parts.iter().all(plain) {
        return None;
    }
    Some(parts.iter().collect::<PathBuf>()).filter(|path| path != Path::new("spec.yaml"))
}

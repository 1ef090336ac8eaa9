//! A format cache (`codegen::FormatCache`, what `cargo xtask regenerate` keeps between runs)
//! only saves time: with it, every fixture generates exactly what it generates without, even when
//! the cache was filled by the fixtures before it (files of the same names, other tokens, and some
//! of the same tokens), and a file whose tokens it holds is taken from it.

use codegen::{Config, FormatCache};
use tests::{cases, fixtures_dir};

#[test]
fn a_cache_filled_by_other_fixtures_changes_no_output() {
    let config = Config::default();
    let mut filled = Vec::new();
    for case in cases() {
        let spec = fixtures_dir().join(&case).join("spec.yaml");
        let Ok(alone) = codegen::generate_file(&spec, &config) else { continue };
        let cache = FormatCache::from_texts(filled.iter().cloned());
        let cached = codegen::generate_file_cached(&spec, &config, &cache).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(cached.files, alone.files, "{case}: the cache changed the output");
        let again = codegen::generate_file_cached(&spec, &config, &cached.format_cache()).unwrap_or_else(|e| panic!("{case}: {e}"));
        assert_eq!(again.files, alone.files, "{case}: its own cache changed the output");
        filled.extend(cached.keys.iter().map(|(path, key)| (*key, cached.files.files[path].clone())));
    }
    assert!(!filled.is_empty());
}

#[test]
fn a_file_whose_tokens_the_cache_holds_is_taken_from_it() {
    let spec = fixtures_dir().join("objects").join("spec.yaml");
    let config = Config::default();
    let first = codegen::generate_file_cached(&spec, &config, &FormatCache::default()).unwrap_or_else(|e| panic!("{e}"));
    // A cache that lies about every file shows which files came from it: all that were formatted.
    let lying = FormatCache::from_texts(first.keys.iter().map(|(_, key)| (*key, "// from the cache\n".to_owned())));
    let second = codegen::generate_file_cached(&spec, &config, &lying).unwrap_or_else(|e| panic!("{e}"));
    for (path, _) in &first.keys {
        assert_eq!(second.files.files[path], "// from the cache\n", "{}", path.display());
    }
}

/// A file's docs are written after formatting (its tokens hold a placeholder for each block):
/// the same schema with another description is another file to the cache.
#[test]
fn a_file_whose_docs_changed_is_not_taken_from_the_cache() {
    let spec = |description: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      description: {description}\n      properties:\n        name: {{type: string, description: The {description}}}\n"
        )
    };
    let config = Config::default();
    let first = codegen::generate_file_cached(&write_spec("first", &spec("A cat.")), &config, &FormatCache::default());
    let cache_of_first = first.unwrap_or_else(|e| panic!("{e}")).format_cache();
    let second = codegen::generate_file_cached(&write_spec("second", &spec("A dog.")), &config, &cache_of_first).unwrap_or_else(|e| panic!("{e}"));
    let pet = &second.files.files[std::path::Path::new("src/pet.rs")];
    assert!(pet.contains("/// A dog.") && pet.contains("/// The A dog.") && !pet.contains("cat"), "{pet}");
}

fn write_spec(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("format-cache-docs-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("spec.yaml");
    std::fs::write(&path, text).expect("the spec written");
    path
}

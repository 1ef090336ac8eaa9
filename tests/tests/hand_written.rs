//! Hand-written code in a generated crate (the config's `helpers`): the generator declares its
//! module and includes its front page, never writes, lists or deletes a file in its folder, and
//! its drift check (`FileSet::diff`) neither calls it stale nor stray. A crate generated without
//! the setting gets none of it.

use codegen::render::MARKER;
use std::path::{Path, PathBuf};

const CASE: &str = "helpers";

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("hand-written").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn spec() -> PathBuf {
    tests::fixtures_dir().join(CASE).join("spec.yaml")
}

fn config() -> codegen::Config {
    let text = std::fs::read_to_string(tests::fixtures_dir().join(CASE).join("config.yaml")).expect("the fixture's config");
    serde_yaml::from_str(&text).expect("a config")
}

#[test]
fn regenerating_leaves_the_hand_written_folder_alone() {
    let dir = scratch("regenerate");
    let generated = codegen::generate_file(&spec(), &config()).unwrap_or_else(|e| panic!("{e}"));
    generated.files.write(&dir).unwrap_or_else(|e| panic!("{e}"));
    // The user's code, and a file beside it the generator never made.
    let hand_written = [("src/helpers/mod.rs", "//! Mine.\n"), ("src/helpers/FRONT.md", "# Mine\n"), ("src/helpers/notes.txt", "kept\n")];
    for (path, text) in hand_written {
        std::fs::create_dir_all(dir.join(path).parent().expect("a folder")).expect("writable");
        std::fs::write(dir.join(path), text).expect("writable");
    }
    // The drift check sees nothing stale and nothing stray.
    let changes = generated.files.diff(&dir).expect("readable");
    assert!(changes.is_empty(), "{changes:?}");
    // A regeneration that rewrites generated files (the spec's `Pet` lost its field).
    let text = std::fs::read_to_string(spec()).expect("the spec").replace(
        "    Pet:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n",
        "    Pet:\n      type: object\n",
    );
    let smaller = codegen::generate(&text, "smaller.yaml", &config()).unwrap_or_else(|e| panic!("{e}"));
    let written = smaller.files.write(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(!written.changed.is_empty(), "the regeneration changed files");
    for (path, text) in hand_written {
        assert_eq!(std::fs::read_to_string(dir.join(path)).expect("still there"), text, "{path}");
    }
    // Back to the first spec: the folder is untouched again, and never listed as the generator's.
    generated.files.write(&dir).unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in hand_written {
        assert_eq!(std::fs::read_to_string(dir.join(path)).expect("still there"), text, "{path}");
    }
    let list = std::fs::read_to_string(dir.join(MARKER)).expect("the list");
    assert!(!list.contains("helpers/"), "{list}");
    assert!(generated.files.files.keys().all(|path| !path.starts_with("src/helpers")), "no generated file lands in the folder");
}

#[test]
fn the_crate_root_declares_the_module_and_includes_its_front_page() {
    let generated = codegen::generate_file(&spec(), &config()).unwrap_or_else(|e| panic!("{e}"));
    let lib = &generated.files.files[Path::new("src/lib.rs")];
    assert!(lib.contains("\npub mod helpers;\n"), "{lib}");
    assert!(lib.contains("#![doc = include_str!(\"helpers/FRONT.md\")]"), "{lib}");
    assert!(!lib.contains("# Building values"), "the front page takes the generic sections' place");
    // The schema named `Helpers` lives in a module of another name.
    assert!(lib.contains("pub mod helpers_2;") && lib.contains("pub use helpers_2::Helpers;"), "{lib}");

    // Without the setting (`--spec`'s default config), the crate has none of it.
    let plain = codegen::generate_file(&spec(), &codegen::Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let lib = &plain.files.files[Path::new("src/lib.rs")];
    assert!(!lib.contains("include_str!") && lib.contains("# Building values"), "{lib}");
    assert!(lib.contains("pub mod helpers;") && lib.contains("pub use helpers::Helpers;"), "the schema keeps its own name: {lib}");
    assert!(!lib.contains("PetEvent"), "no webhook union unless asked");
}

#[test]
fn a_module_name_the_crate_cannot_declare_is_an_error() {
    for module in ["lib", "call", "Helpers", "my-helpers", "", "__runtime"] {
        let mut config = config();
        config.helpers.as_mut().expect("helpers").module = module.to_owned();
        let error = codegen::generate_file(&spec(), &config).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains(&format!("helpers.module `{module}`")), "{module}: {error}");
    }
    let mut config = config();
    config.helpers.as_mut().expect("helpers").front_page = Some("../README.md".to_owned());
    let error = codegen::generate_file(&spec(), &config).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("helpers.front_page `../README.md`"), "{error}");
}

#[test]
fn a_webhook_union_named_like_a_schema_is_an_error() {
    let config = codegen::Config { webhook_union: Some("Pet".to_owned()), ..codegen::Config::default() };
    let error = codegen::generate_file(&spec(), &config).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("webhook_union `Pet` is already a component schema"), "{error}");
}

//! Bad input: every spec under `tests/invalid/` is rejected, without a panic, with errors that
//! name the file and the place (a JSON pointer, and its line and column where the text has that
//! place), all of them in one run. Each error text is a reviewed snapshot. Specs nested thousands
//! of levels deep are made here rather than committed.

use codegen::ir::{TypeKind, TypeRef};
use codegen::Config;
use std::path::{Path, PathBuf};

/// The error text of one invalid spec, read the way `cargo xtask regenerate --spec` reads it.
fn errors(case: &str) -> String {
    // Relative to the `tests` package, so the text does not depend on where the checkout is.
    let path = Path::new("invalid").join(case);
    match codegen::generate_file(&path, &Config::default()) {
        Ok(_) => panic!("{} generated, but it is invalid", path.display()),
        Err(errors) => errors.to_string(),
    }
}

macro_rules! invalid {
    ($($case:ident => $file:literal),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                insta::assert_snapshot!(stringify!($case), errors($file));
            }
        )*

        #[test]
        fn every_invalid_spec_has_a_test() {
            let tested = [$($file),*];
            for entry in std::fs::read_dir(invalid_dir()).expect("tests/invalid exists") {
                let path = entry.expect("readable").path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
                let case = if path.is_dir() { format!("{name}/spec.yaml") } else { name };
                assert!(tested.contains(&case.as_str()), "invalid spec `{case}` has no test: add it to the list in {}", file!());
            }
        }
    };
}

invalid!(
    empty => "empty.yaml",
    blank => "blank.yaml",
    not_utf8 => "not_utf8.yaml",
    malformed_yaml => "malformed_yaml.yaml",
    malformed_json => "malformed_json.json",
    multiple_documents => "multiple_documents.yaml",
    duplicate_keys => "duplicate_keys.yaml",
    yaml_alias_bomb => "yaml_alias_bomb.yaml",
    yaml_recursive_anchor => "yaml_recursive_anchor.yaml",
    not_a_mapping => "not_a_mapping.yaml",
    not_openapi => "not_openapi.yaml",
    openapi_4 => "openapi_4.yaml",
    swagger2 => "swagger2.yaml",
    invalid_field_type => "invalid_field_type.yaml",
    missing_ref => "missing_ref.yaml",
    dangling_refs => "dangling_refs.yaml",
    malformed_pointer => "malformed_pointer.yaml",
    missing_external_file => "missing_external_file.yaml",
    ref_cycle => "ref_cycle.yaml",
    self_alias => "self_alias.yaml",
    several_problems => "several_problems.yaml",
    external_errors => "external_errors/spec.yaml",
    external_cycle => "external_cycle/spec.yaml",
    webhook_error => "webhook_error.yaml",
    value_refs => "value_refs/spec.yaml",
);

fn invalid_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("invalid")
}

/// The text of a spec with one component `Deep` nested `levels` schemas deep.
fn deep_spec(levels: usize, json: bool) -> String {
    if json {
        let open = r#"{"type": "object", "properties": {"a": "#.repeat(levels);
        let close = "}}".repeat(levels);
        format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "deep", "version": "1"}}, "components": {{"schemas": {{"Deep": {open}{{"type": "string"}}{close}}}}}}}"#
        )
    } else {
        let open = "{type: object, properties: {a: ".repeat(levels);
        let close = "}}".repeat(levels);
        format!("openapi: 3.1.0\ninfo: {{title: deep, version: '1'}}\ncomponents:\n  schemas:\n    Deep: {open}{{type: string}}{close}\n")
    }
}

/// Thousands of levels: one clear error at the place the limit is crossed, and no stack overflow
/// (the test runs on a thread with a small stack to prove it).
#[test]
fn schemas_nested_thousands_of_levels_deep() {
    let run = || {
        for json in [false, true] {
            let text = deep_spec(5000, json);
            let error = codegen::generate(&text, "deep", &Config::default()).expect_err("too deep").to_string();
            assert!(error.contains("nested deeper than 100 levels"), "{error}");
            assert!(error.contains("#/components/schemas/Deep/properties/a/properties/a/"), "{error}");
            assert!(error.contains(":1:") || error.contains(":5:"), "the line is named: {error}");
        }
        // Within the limit, a deep schema generates.
        let text = deep_spec(40, false);
        let generated = codegen::generate(&text, "deep", &Config::default()).unwrap_or_else(|e| panic!("{e}"));
        assert!(generated.types >= 40, "{}", generated.types);
    };
    std::thread::Builder::new().stack_size(512 * 1024).spawn(run).expect("thread").join().expect("no panic");
}

/// A chain of thousands of references (each component wraps the next) is not nesting: it generates.
#[test]
fn long_reference_chains() {
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: chain, version: '1'}\ncomponents:\n  schemas:\n");
    let count = 3000;
    for i in 0..count {
        text.push_str(&format!("    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}], description: link {i}}}\n", i + 1));
        text.push_str(&format!("    A{i}: {{$ref: '#/components/schemas/A{}'}}\n", i + 1));
    }
    text.push_str(&format!("    S{count}: {{type: object, properties: {{end: {{type: string}}}}}}\n"));
    text.push_str(&format!("    A{count}: {{type: object, properties: {{end: {{type: string}}}}}}\n"));
    let run = move || {
        let model = codegen::analyze(&text, "chain", &Config::default()).unwrap_or_else(|e| panic!("{e}"));
        let model = model.model;
        let roots: std::collections::HashMap<&str, usize> = model.modules.iter().map(|m| (m.wire.as_str(), m.root)).collect();
        let root = |name: &str| {
            let id = *roots.get(name).unwrap_or_else(|| panic!("no module for {name}"));
            (id, &model.types[id])
        };
        // Each link is an alias of the next, with its own docs; the end of each chain is a struct.
        for i in 0..count {
            // A link without docs of its own gets the summary line every type gets.
            for (prefix, docs) in [("S", vec![format!("link {i}")]), ("A", vec![format!("The `A{i}` schema.")])] {
                let (_, link) = root(&format!("{prefix}{i}"));
                let (next, _) = root(&format!("{prefix}{}", i + 1));
                assert_eq!(link.kind, TypeKind::Alias(TypeRef::Named(next)), "{prefix}{i}");
                assert_eq!(*link.docs, docs, "{prefix}{i}");
            }
        }
        for end in ["S", "A"] {
            let (_, end) = root(&format!("{end}{count}"));
            assert!(matches!(&end.kind, TypeKind::Struct(s) if s.fields.len() == 1 && s.fields[0].wire == "end"), "{end:?}");
        }
    };
    std::thread::Builder::new().stack_size(512 * 1024).spawn(run).expect("thread").join().expect("no panic");
}

/// Constructs the generator does not support become a warning (with the pointer) and a
/// `serde_json::Value`; the fixture `unsupported` compiles (see compile.rs).
#[test]
fn unsupported_constructs_are_warnings() {
    let path = Path::new("fixtures/unsupported/spec.yaml");
    let generated = codegen::generate_file(path, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("unsupported_warnings", warnings.join("\n"));
}

/// What a call cannot send, or can send only in another way, is a warning that names the
/// parameter or operation: a cookie parameter, a path style other than `simple`, an operation
/// without an `operationId`.
#[test]
fn calls_warn_about_what_they_cannot_send() {
    let path = Path::new("fixtures/call_parameters/spec.yaml");
    let generated = codegen::generate_file(path, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("call_warnings", warnings.join("\n"));
}

/// Each error is given its line by reading the text again, so a spec with many errors has only
/// its first ones located; the rest keep their pointers, and every error is still reported.
#[test]
fn only_the_first_twenty_errors_are_given_a_line() {
    let properties: String = (0..25).map(|i| format!("        p{i}: {{$ref: '#/components/schemas/Missing{i}'}}\n")).collect();
    let spec = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n{properties}");
    let errors = match codegen::generate(&spec, "many.yaml", &Config::default()) {
        Ok(_) => panic!("25 dangling references generated"),
        Err(errors) => errors.errors,
    };
    assert_eq!(errors.len(), 25);
    let located: Vec<Option<(usize, usize)>> = errors.iter().map(|e| e.position).collect();
    let expected: Vec<Option<(usize, usize)>> = (0..25).map(|i| (i < 20).then_some((9 + i, 9))).collect();
    assert_eq!(located, expected);
}

/// What `cargo xtask regenerate --spec bad.yaml --out DIR` does on a bad spec: an error, and the
/// folder exactly as it was, although it holds a generated crate a good spec would change.
#[test]
fn a_bad_spec_leaves_the_output_folder_untouched() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("untouched-output");
    let _ = std::fs::remove_dir_all(&out);
    let fixture = |case: &str| Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(case).join("spec.yaml");
    codegen::generate_into(&fixture("enums"), &out, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let before = snapshot_dir(&out);
    for case in ["missing_ref.yaml", "malformed_yaml.yaml", "external_errors/spec.yaml", "not_utf8.yaml"] {
        let result = codegen::generate_into(&invalid_dir().join(case), &out, &Config::default());
        assert!(result.is_err(), "{case} was accepted");
        assert_eq!(snapshot_dir(&out), before, "{case} changed the output folder");
    }
    // Another spec, valid, leaves exactly its own crate and the list of its files: the check
    // above could fail.
    let (generated, _) = codegen::generate_into(&fixture("objects"), &out, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let mut expected: Vec<(PathBuf, Vec<u8>)> =
        generated.files.files.iter().map(|(path, content)| (out.join(path), content.clone().into_bytes())).collect();
    expected.push((out.join(codegen::render::MARKER), generated.files.marker().into_bytes()));
    expected.sort();
    assert_eq!(snapshot_dir(&out), expected);
    assert_ne!(snapshot_dir(&out), before);
}

/// The xtask itself exits non-zero and writes nothing. It is built in its own target folder
/// (the first run takes a while); skipped when `SKIP_XTASK_TEST` is set.
#[test]
fn xtask_regenerate_fails_on_a_bad_spec() {
    if std::env::var_os("SKIP_XTASK_TEST").is_some() {
        return;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xtask-output");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).expect("writable");
    std::fs::write(out.join("keep.txt"), "mine\n").expect("writable");
    let before = snapshot_dir(&out);
    let output = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "-p", "xtask", "--", "regenerate", "--spec"])
        .arg(invalid_dir().join("several_problems.yaml"))
        .arg("--out")
        .arg(&out)
        .current_dir(xtask::workspace_root())
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "xtask accepted a bad spec: {stderr}");
    assert!(stderr.contains("several_problems.yaml: 4 errors"), "{stderr}");
    assert!(stderr.contains("#/components/schemas/Order/properties/customer"), "{stderr}");
    assert_eq!(snapshot_dir(&out), before);
}

/// Every file under `dir` with its content.
fn snapshot_dir(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable") {
            let path = entry.expect("readable").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push((path.clone(), std::fs::read(&path).expect("readable")));
            }
        }
    }
    files.sort();
    files
}

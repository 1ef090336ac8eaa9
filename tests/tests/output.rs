//! Where the generator writes: into a new or empty folder, or over a crate it generated before
//! (whose list of generated files, `.generated-files`, it keeps beside them). It never
//! overwrites or deletes a file it did not write; `--force` (`FileSet::write_forced`) writes
//! into any folder but still deletes only listed files.

use codegen::render::{WriteError, MARKER};
use codegen::FileSet;
use std::path::{Path, PathBuf};

/// A fresh scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("output").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn files(list: &[(&str, &str)]) -> FileSet {
    FileSet { files: list.iter().map(|(path, content)| (PathBuf::from(path), (*content).to_owned())).collect() }
}

/// Every file under `dir` (relative, `/`-separated) with its text.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("readable") {
            let path = entry.expect("readable").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside").components();
                let name = relative.map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/");
                found.push((name, std::fs::read_to_string(&path).expect("text")));
            }
        }
    }
    found.sort();
    found
}

fn write(dir: &Path, path: &str, content: &str) {
    let target = dir.join(path);
    std::fs::create_dir_all(target.parent().expect("a parent")).expect("writable");
    std::fs::write(target, content).expect("writable");
}

/// The listed paths of the folder's marker.
fn listed(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(MARKER)).expect("the list is written");
    text.lines().filter(|l| !l.starts_with('#')).map(str::to_owned).collect()
}

#[test]
fn a_new_folder_gets_the_files_and_their_list() {
    let dir = scratch("new");
    let set = files(&[("src/lib.rs", "pub mod a;\n"), ("src/a.rs", "pub struct A;\n"), ("Cargo.toml", "[package]\n")]);
    let changes = set.write(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changes.changed.len(), 4, "three files and the list: {changes:?}");
    assert_eq!(listed(&dir), ["Cargo.toml", "src/a.rs", "src/lib.rs"]);
    assert_eq!(tree(&dir).len(), 4);
    assert!(set.diff(&dir).expect("readable").is_empty());
    // An empty folder that exists is as good as a new one.
    let empty = scratch("empty");
    std::fs::create_dir_all(&empty).expect("writable");
    set.write(&empty).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree(&empty), tree(&dir));
}

#[test]
fn regeneration_rewrites_changed_files_and_removes_only_stale_listed_ones() {
    let dir = scratch("regenerated");
    files(&[("src/lib.rs", "pub mod a;\npub mod b;\n"), ("src/a.rs", "// a\n"), ("src/b.rs", "// b\n")])
        .write(&dir)
        .unwrap_or_else(|e| panic!("{e}"));
    // Files the user added beside the generated ones stay, whatever their name.
    write(&dir, "src/mine.rs", "// mine\n");
    write(&dir, "README.md", "# mine\n");
    let next = files(&[("src/lib.rs", "pub mod a;\npub mod c;\n"), ("src/a.rs", "// a\n"), ("src/c.rs", "// c\n")]);
    let stale = next.diff(&dir).expect("readable");
    assert_eq!(stale.stale, [PathBuf::from("src/b.rs")]);
    let changes = next.write(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(changes.changed, [PathBuf::from(MARKER), PathBuf::from("src/c.rs"), PathBuf::from("src/lib.rs")]);
    assert_eq!(changes.stale, [PathBuf::from("src/b.rs")]);
    let names: Vec<String> = tree(&dir).into_iter().map(|(name, _)| name).collect();
    assert_eq!(names, [MARKER, "README.md", "src/a.rs", "src/c.rs", "src/lib.rs", "src/mine.rs"]);
    assert_eq!(listed(&dir), ["src/a.rs", "src/c.rs", "src/lib.rs"]);
    assert!(next.diff(&dir).expect("readable").is_empty());
}

#[test]
fn a_hand_written_crate_is_refused_and_left_untouched() {
    let dir = scratch("hand-written");
    write(&dir, "Cargo.toml", "[package]\nname = \"mine\"\n");
    write(&dir, "src/lib.rs", "// the user's crate\n");
    write(&dir, "src/old.rs", "// a module\n");
    let before = tree(&dir);
    let set = files(&[("src/lib.rs", "// generated\n"), ("src/a.rs", "// a\n")]);
    let error = set.write(&dir).expect_err("refused");
    assert!(matches!(error, WriteError::NotGenerated { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("is not empty and holds no crate this generator wrote"), "{message}");
    assert!(message.contains("choose a new or empty folder, or pass --force"), "{message}");
    assert_eq!(tree(&dir), before);

    // Forced: files of the same name are overwritten, nothing else is touched or deleted, and
    // the folder is the generator's from then on.
    set.write_forced(&dir).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = tree(&dir).into_iter().map(|(name, _)| name).collect();
    assert_eq!(names, [MARKER, "Cargo.toml", "src/a.rs", "src/lib.rs", "src/old.rs"]);
    assert_eq!(std::fs::read_to_string(dir.join("src/lib.rs")).expect("readable"), "// generated\n");
    files(&[("src/lib.rs", "// generated\n")]).write(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(!dir.join("src/a.rs").exists(), "listed and stale: removed");
    assert!(dir.join("src/old.rs").exists() && dir.join("Cargo.toml").exists(), "never listed: kept");
}

#[test]
fn a_file_the_generator_did_not_write_is_never_overwritten() {
    let dir = scratch("foreign");
    files(&[("src/lib.rs", "// generated\n")]).write(&dir).unwrap_or_else(|e| panic!("{e}"));
    write(&dir, "src/pet.rs", "// the user's module\n");
    let before = tree(&dir);
    let next = files(&[("src/lib.rs", "pub mod pet;\n"), ("src/pet.rs", "// generated pet\n")]);
    let error = next.write(&dir).expect_err("refused");
    let message = error.to_string();
    assert!(message.contains("would overwrite src/pet.rs, which it did not write"), "{message}");
    assert!(message.contains("move it away, or pass --force"), "{message}");
    assert_eq!(tree(&dir), before, "nothing written");
}

#[test]
fn a_list_that_points_outside_the_folder_is_refused() {
    let dir = scratch("bad-marker");
    let outside = scratch("bad-marker-victim");
    write(&outside, "keep.rs", "// keep\n");
    write(&dir, MARKER, "# list\n../bad-marker-victim/keep.rs\n");
    let error = files(&[("src/lib.rs", "//\n")]).write(&dir).expect_err("refused");
    assert!(error.to_string().contains("lists `../bad-marker-victim/keep.rs`, which is not a path inside the folder"), "{error}");
    assert!(outside.join("keep.rs").exists());
    assert!(!dir.join("src").exists());
}

/// `cargo xtask` with `args`, from the workspace root; `None` when `SKIP_XTASK_TEST` is set.
fn xtask(args: &[&std::ffi::OsStr]) -> Option<std::process::Output> {
    if std::env::var_os("SKIP_XTASK_TEST").is_some() {
        return None;
    }
    let output = std::process::Command::new(env!("CARGO"))
        .args(["run", "--quiet", "-p", "xtask", "--"])
        .args(args)
        .current_dir(xtask::workspace_root())
        .output()
        .expect("cargo runs");
    Some(output)
}

/// The command refuses a folder that is not the generator's, says how to proceed, and writes
/// into it with `--force`.
#[test]
fn xtask_regenerate_refuses_a_hand_written_folder_unless_forced() {
    let dir = scratch("xtask-hand-written");
    write(&dir, "src/lib.rs", "// the user's crate\n");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/objects/spec.yaml");
    let args = [std::ffi::OsStr::new("regenerate"), "--spec".as_ref(), spec.as_os_str(), "--out".as_ref(), dir.as_os_str()];
    let Some(output) = xtask(&args) else { return };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("holds no crate this generator wrote") && stderr.contains("--force"), "{stderr}");
    assert_eq!(tree(&dir), [("src/lib.rs".to_owned(), "// the user's crate\n".to_owned())]);

    let forced: Vec<&std::ffi::OsStr> = args.iter().copied().chain([std::ffi::OsStr::new("--force")]).collect();
    let output = xtask(&forced).expect("not skipped");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(dir.join(MARKER).is_file() && dir.join("Cargo.toml").is_file());
    assert_ne!(std::fs::read_to_string(dir.join("src/lib.rs")).expect("readable"), "// the user's crate\n");
}

/// `--help` prints and exits 0 even beside flags that would write; an unknown flag is a usage
/// error (exit 2) that shows the usage.
#[test]
fn xtask_help_runs_nothing() {
    let dir = scratch("xtask-help");
    let Some(output) = xtask(&["regenerate".as_ref(), "--out".as_ref(), dir.as_os_str(), "--help".as_ref()]) else { return };
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("cargo xtask regenerate --check"));
    assert!(!dir.exists(), "nothing was generated");
    let output = xtask(&["--help".as_ref()]).expect("not skipped");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("commands:"));
    let output = xtask(&["regenerate".as_ref(), "--bogus".as_ref()]).expect("not skipped");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("unknown flag `--bogus`") && stderr.contains("usage:"), "{stderr}");
}

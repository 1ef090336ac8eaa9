//! The project's commands: `cargo xtask regenerate [--check] [--spec PATH] [--out DIR]`.

mod bench;
mod doclinks;

use codegen::Config;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  cargo xtask regenerate             regenerate generated/ from the pinned OpenAI spec
  cargo xtask regenerate --check     fail (writing nothing) when generated/ is stale
  cargo xtask regenerate --spec PATH --out DIR
                                     generate a standalone crate for any OpenAPI 3.0/3.1 spec
                                     (--config FILE: settings and overrides, as in generated/codegen.yaml)

  cargo xtask conformance            every example payload of the spec through generated/ (table + JSON)
  cargo xtask bench [--quick]        generation speed and memory, the generated crate's compile time,
                                     serde throughput (--quick: generation only;
                                     --features: cargo check of the crate by API area only)
  cargo xtask doc-links [DOC_DIR]    cargo doc of generated/, then every link of its HTML checked

The spec is read from --spec, else from $OPENAPI_SPEC, else from ../shared/specs/openai/openapi.yaml
beside the checkout.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("regenerate") => regenerate(&args[1..]),
        Some("conformance") => conformance(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("doc-links") => doclinks::run(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn regenerate(args: &[String]) -> Result<(), String> {
    let mut check = false;
    let (mut spec, mut out, mut config_file) = (None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => spec = Some(PathBuf::from(args.next().ok_or("--spec needs a path")?)),
            "--out" => out = Some(PathBuf::from(args.next().ok_or("--out needs a directory")?)),
            "--config" => config_file = Some(PathBuf::from(args.next().ok_or("--config needs a path")?)),
            other => return Err(format!("unknown argument `{other}`\n\n{USAGE}")),
        }
    }
    let config = match (&out, &config_file) {
        (_, Some(file)) => Config::from_file(file)?,
        (Some(dir), None) => Config {
            crate_name: dir
                .file_name()
                .and_then(|n| n.to_str())
                .map(heck_kebab)
                .unwrap_or_else(|| "api-models".to_owned()),
            ..Config::default()
        },
        (None, None) => Config::openai()?,
    };
    let spec = spec.unwrap_or_else(codegen::config::pinned_spec);
    let out = out.unwrap_or_else(|| codegen::config::workspace_root().join("generated"));

    let started = Instant::now();
    if !spec.is_file() {
        // Says how to point at the spec (the pinned one is not part of the repository).
        codegen::config::read_spec(&spec)?;
    }
    let source = spec.display().to_string();
    let generated = codegen::generate_file(&spec, &config).map_err(|d| d.to_string())?;
    for warning in &generated.warnings {
        eprintln!("warning: {source}: {warning}");
    }

    if check {
        let changes = generated.files.diff(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
        if changes.is_empty() {
            println!("{} is up to date ({} files)", out.display(), generated.files.files.len());
            return Ok(());
        }
        let mut message = format!("{} is stale:\n", out.display());
        for path in &changes.changed {
            message.push_str(&format!("  differs: {}\n", path.display()));
        }
        for path in &changes.stale {
            message.push_str(&format!("  no longer generated: {}\n", path.display()));
        }
        message.push_str("run `cargo xtask regenerate` and commit the result");
        return Err(message);
    }

    let changes = generated.files.write(&out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "generated {} types in {} files into {} ({} written, {} removed, {} warnings) in {} ms",
        generated.types,
        generated.files.files.len(),
        out.display(),
        changes.changed.len(),
        changes.stale.len(),
        generated.warnings.len(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// A package name from a folder name: lower case, words joined by `-`.
fn heck_kebab(name: &str) -> String {
    let words: Vec<String> = name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() { "api-models".to_owned() } else { words.join("-") }
}

/// Runs the conformance tool, which links the generated crate (so the xtask itself never does:
/// it must build even when generated/ is broken).
fn conformance(args: &[String]) -> Result<(), String> {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "e2e", "--bin", "conformance", "--"])
        .args(args)
        .current_dir(codegen::config::workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("conformance: some spec-valid payloads do not round-trip (see above)".to_owned())
    }
}

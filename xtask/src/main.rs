//! The project's commands: `cargo xtask regenerate`, `conformance`, `bench`; `cargo xtask --help`
//! and `cargo xtask <command> --help` say how to use them.

mod before;
mod bench;
mod cli;
mod doclinks;

use cli::{Command, Parsed, Regenerate};
use codegen::Config;
use std::process::ExitCode;
use std::time::Instant;

/// See the manifest: the generator's allocations are most of its time after formatting.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(Parsed::Run(command)) => command,
        Ok(Parsed::Help(text)) => {
            println!("{text}");
            return ExitCode::SUCCESS;
        }
        Err(usage_error) => {
            eprintln!("{usage_error}");
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Regenerate(options) => regenerate(options),
        Command::Conformance { report } => conformance(report),
        Command::Bench(mode) => bench::run(mode),
        Command::DocLinks { doc } => doclinks::run(doc),
        Command::FetchSpec { url, out } => fetch_spec(url, out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn regenerate(options: Regenerate) -> Result<(), String> {
    let Regenerate { check, force, no_cache, spec, out, config: config_file } = options;
    let config = match (&out, &config_file) {
        (_, Some(file)) => Config::from_file(file)?,
        (Some(dir), None) => Config {
            crate_name: dir.file_name().and_then(|n| n.to_str()).map(heck_kebab).unwrap_or_else(|| "api-models".to_owned()),
            ..Config::default()
        },
        (None, None) => xtask::openai_config()?,
    };
    let started = Instant::now();
    let spec = match spec {
        Some(spec) => spec,
        None => {
            // The pinned spec is not part of the repository: the error names it and says how
            // to download it.
            if !xtask::pinned_spec().is_file() {
                xtask::read_pinned_spec()?;
            }
            xtask::pinned_spec()
        }
    };
    let out = out.unwrap_or_else(xtask::generated_dir);
    if !spec.is_file() {
        xtask::read_spec(&spec)?;
    }
    let source = spec.display().to_string();
    // The drift check trusts nothing remembered: it always generates everything.
    let caches = if check || no_cache { None } else { xtask::uptodate::Caches::for_output(&out) };
    if let Some(state) = caches.as_ref().and_then(|caches| caches.up_to_date(&spec, &config, &out)) {
        state.warnings.iter().for_each(|warning| eprintln!("{warning}"));
        println!(
            "generated {} types in {} files into {} (0 written, 0 removed, {} warnings: spec, settings, generator and output as in the last run) in {} ms",
            state.types,
            state.files(),
            out.display(),
            state.warnings.len(),
            started.elapsed().as_millis()
        );
        return Ok(());
    }
    let generated = match &caches {
        Some(caches) => codegen::generate_file_cached(&spec, &config, &caches.format_cache()),
        None => codegen::generate_file(&spec, &config),
    }
    .map_err(|d| d.to_string())?;
    let warnings: Vec<String> = generated.warnings.iter().map(|warning| format!("warning: {source}: {warning}")).collect();
    warnings.iter().for_each(|warning| eprintln!("{warning}"));

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

    let written = if force { generated.files.write_forced(&out) } else { generated.files.write(&out) };
    let changes = written.map_err(|e| e.to_string())?;
    if let Some(caches) = &caches {
        // Only ever a slower next run: the folder is written.
        if let Err(error) = caches.save(&generated, &config, &warnings) {
            eprintln!("note: could not remember this run for the next ({error})");
        }
    }
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

/// Downloads the pinned spec and writes it where the project reads it (or to `out`), only when
/// its sha256 is the pinned YAML's or JSON's.
fn fetch_spec(url: Option<String>, out: Option<std::path::PathBuf>) -> Result<(), String> {
    use xtask::fetch::{self, Accepted};
    use xtask::pinned::PINNED;
    let Some(url) = url.or(PINNED.url.map(str::to_owned)) else {
        return Err(format!("fetch-spec needs --url URL: the pinned file's own URL is not recorded.\n\n{}", PINNED.describe()));
    };
    let yaml = xtask::pinned_spec();
    let accepted: Vec<Accepted> = [(&PINNED.yaml, yaml.clone()), (&PINNED.json, yaml.with_extension("json"))]
        .into_iter()
        .map(|(form, default)| Accepted { name: form.file.to_owned(), sha256: form.sha256.to_owned(), out: out.clone().unwrap_or(default) })
        .collect();
    println!("downloading {url}");
    let bytes = fetch::download(&url)?;
    let file = fetch::write_checked(&bytes, &accepted)?;
    println!("wrote {} ({} bytes): the pinned {}, sha256 {}", file.out.display(), bytes.len(), file.name, file.sha256);
    Ok(())
}

/// A package name from a folder name: lower case, words joined by `-`.
fn heck_kebab(name: &str) -> String {
    let words: Vec<String> = name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_ascii_lowercase).collect();
    if words.is_empty() {
        "api-models".to_owned()
    } else {
        words.join("-")
    }
}

/// Runs the conformance tool, which links the generated crate (so the xtask itself never does:
/// it must build even when generated/ is broken).
fn conformance(report: Option<std::path::PathBuf>) -> Result<(), String> {
    let status = std::process::Command::new(env!("CARGO"))
        .args(["run", "-q", "-p", "e2e", "--bin", "conformance", "--"])
        .args(report)
        .current_dir(xtask::workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err("conformance: some spec-valid payloads do not round-trip (see above)".to_owned())
    }
}

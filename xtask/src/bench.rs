//! `cargo xtask bench`: generation speed by stage beside the parse-only floor, peak memory, the
//! generated crate's `cargo check` / `cargo build --release` from clean, and serde throughput of
//! the generated types (a separate benchmark crate, `tests/bench`). Everything is measured in
//! one run and reported as times and ratios: the machine is shared and noisy, so no number here
//! is ever asserted.

use crate::before::Variant;
use crate::cli::BenchMode;
use codegen::Config;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub fn run(mode: BenchMode) -> Result<(), String> {
    let root = xtask::workspace_root();
    let yaml = xtask::pinned_spec();
    match mode {
        BenchMode::Features => return features(&root),
        BenchMode::Serde => return throughput(&root, &yaml),
        BenchMode::Instructions => return instructions(&root, &yaml),
        BenchMode::Writing => return writing(&root, &yaml),
        BenchMode::All | BenchMode::Quick => {}
    }
    let quick = mode == BenchMode::Quick;
    let json = yaml.with_extension("json");
    let config = xtask::openai_config()?;
    let scratch = root.join("target/bench");
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;

    // The floor and the generation in turns, each the median of its runs: with 7, two runs of
    // the bench minutes apart read 2.9x and 4.2x on this shared machine.
    const RUNS: usize = 11;
    println!("## Generation of the OpenAI spec (median of {RUNS} runs in turns with the floor's, in this process; cached: of 5)\n");
    println!(
        "| input | parse-only floor (openapiv3) | generate (all stages) | ratio | formatted files cached | ratio | load | resolve | model | emit | format | write |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for spec in [&yaml, &json] {
        if !spec.is_file() {
            println!("| {} | missing | | | | | | | | | | |", spec.display());
            continue;
        }
        let (text, source) = xtask::read_spec(spec)?;
        // The floor and the generation in turns, so that both see the same load on a shared
        // machine (measured one after the other, a busy minute moved the ratio by half).
        let (mut floors, mut totals) = (Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let start = Instant::now();
            codegen::load::parse_floor(&text)?;
            floors.push(start.elapsed());
            let start = Instant::now();
            codegen::generate(&text, &source, &config).map_err(|e| e.to_string())?;
            totals.push(start.elapsed());
        }
        let (floor, total) = (middle(floors), middle(totals));
        // The same generation, each file's text taken from the last run's (what `cargo xtask
        // regenerate` does after a change to the spec or the settings, for the files it leaves).
        let cache = codegen::generate_file_cached(spec, &config, &codegen::FormatCache::default()).map_err(|e| e.to_string())?.format_cache();
        let cached = median(5, || {
            let start = Instant::now();
            codegen::generate_file_cached(spec, &config, &cache).map_err(|e| e.to_string())?;
            Ok(start.elapsed())
        })?;
        let (files, timings) = codegen::generate_timed(&text, &source, &config).map_err(|e| e.to_string())?;
        let out = scratch.join("generated");
        let _ = std::fs::remove_dir_all(&out);
        let start = Instant::now();
        files.write(&out).map_err(|e| e.to_string())?;
        let write = start.elapsed();
        println!(
            "| {} | {} | {} | {:.1}× | {} | {:.1}× | {} | {} | {} | {} | {} | {} |",
            spec.extension().and_then(|e| e.to_str()).unwrap_or("?"),
            ms(floor),
            ms(total),
            total.as_secs_f64() / floor.as_secs_f64(),
            ms(cached),
            cached.as_secs_f64() / floor.as_secs_f64(),
            ms(timings.load),
            ms(timings.resolve),
            ms(timings.model),
            ms(timings.emit),
            ms(timings.format),
            ms(write)
        );
    }
    println!(
        "\n(generate runs emit+format on all cores; the stage columns are one run on one thread. The budget: 4× the floor on JSON, 3× on YAML, without the cache. \
         The floor is `codegen::load::parse_floor`, compiled as the generator is.)\n"
    );

    println!("## `cargo xtask regenerate` as a user runs it (warm, median of 3), and peak memory\n");
    let out = scratch.join("regenerated");
    // Written by an older xtask perhaps (without the list of generated files): start anew.
    let _ = std::fs::remove_dir_all(&out);
    let config_file = root.join("generated/codegen.yaml");
    let regen_args = |out: &Path, extra: &[&str]| -> Vec<String> {
        ["regenerate", "--spec", &yaml.display().to_string(), "--out", &out.display().to_string(), "--config", &config_file.display().to_string()]
            .iter()
            .chain(extra)
            .map(|s| s.to_string())
            .collect()
    };
    let cargo = env!("CARGO");
    let command = median(3, || time_command(Command::new(cargo).args(["xtask"]).args(regen_args(&out, &["--no-cache"])).current_dir(&root)))?;
    status("building the xtask with --release, for comparison");
    run_quiet(Command::new(cargo).args(["build", "--release", "-q", "-p", "xtask"]).current_dir(&root))?;
    let release_binary = root.join("target/release/xtask");
    let release = |extra: &[&str]| {
        let mut command = Command::new(&release_binary);
        command.args(regen_args(&out, extra)).current_dir(&root);
        command
    };
    let cold = median(3, || time_command(&mut release(&["--no-cache"])))?;
    let peak = peak_memory(&mut release(&["--no-cache"]));
    // A first run remembers its state; each next one finds nothing changed.
    time_command(&mut release(&[]))?;
    let unchanged = median(3, || time_command(&mut release(&[])))?;
    let unchanged_peak = peak_memory(&mut release(&[]));
    // Without the state, as after a change: every stage runs, and the formatted files come from
    // the cache.
    let caches = xtask::uptodate::Caches::for_output_of(&out, &release_binary).ok_or("the release binary's build cannot be told")?;
    let changed = median(3, || {
        let _ = std::fs::remove_file(&caches.state);
        time_command(&mut release(&[]))
    })?;
    println!("| command | time | peak memory |");
    println!("|---|---|---|");
    println!("| `cargo xtask regenerate --no-cache` (dev profile, optimised generator) | {} | |", ms(command));
    println!("| release binary, `--no-cache` | {} | {} |", ms(cold), peak);
    println!("| release binary, nothing changed since its last run | {} | {} |", ms(unchanged), unchanged_peak);
    println!("| release binary, every stage run, formatted files from the cache (as after a change) | {} | |", ms(changed));
    println!(
        "\ndev / release: {:.2}×; nothing changed: {:.2} s against a budget of 0.3 s ({:.0}% of it)\n",
        command.as_secs_f64() / cold.as_secs_f64(),
        unchanged.as_secs_f64(),
        unchanged.as_secs_f64() / 0.3 * 100.0
    );

    if quick {
        println!("(--quick: the compile and throughput measurements are skipped)");
        return Ok(());
    }

    println!("## The generated crate from clean\n");
    let lines = count_lines(&root.join("generated/src"));
    println!("generated/src: {lines} lines of Rust\n");
    println!("| command | time | s per 1000 lines | peak memory |");
    println!("|---|---|---|---|");
    for (label, args) in [("cargo check", vec!["check"]), ("cargo build --release", vec!["build", "--release"])] {
        let target = scratch.join("crate-target");
        let _ = std::fs::remove_dir_all(&target);
        status(&format!("{label} of the generated crate, from clean"));
        let mut command = Command::new(cargo);
        command.args(&args).args(["-q", "-p", "openai-models"]).env("CARGO_TARGET_DIR", &target).current_dir(&root);
        let start = Instant::now();
        let peak = peak_memory(&mut command);
        let elapsed = start.elapsed();
        println!("| {label} | {:.1} s | {:.2} | {peak} |", elapsed.as_secs_f64(), elapsed.as_secs_f64() / (lines as f64 / 1000.0));
    }
    println!("\n(reference from the issue: async-openai's types, about 24,000 lines, take about 22 s and 1.4 GB to cargo check here: 0.92 s per 1000 lines)\n");
    features(&root)?;

    throughput(&root, &yaml)
}

/// Serde throughput on real payloads: tests/bench, beside the variant crates it compares with.
fn throughput(root: &Path, yaml: &Path) -> Result<(), String> {
    let cargo = env!("CARGO");
    let scratch = root.join("target/bench");
    println!("## Serde throughput on real payloads (release build of tests/bench)\n");
    write_variant_crates(yaml, &scratch)?;
    status("building and running tests/bench (release)");
    let status = Command::new(cargo)
        .args(["run", "--release", "-q", "--manifest-path"])
        .arg(root.join("tests/bench/Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("OPENAPI_SPEC", yaml)
        .current_dir(root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("tests/bench failed".into());
    }
    Ok(())
}

/// The readers of tests/bench's rows, as its `BENCH_COUNT` names them, with their column titles.
const COUNTED: &[(&str, &str)] = &[
    ("ours", "generated/"),
    ("derived", "serde's derive for structs"),
    ("derived-lean", "the same without unknown-field maps"),
    ("before-lean", "before this change, without unknown-field maps"),
    ("async-openai", "async-openai"),
    ("ours-filled", "generated/, payloads as written back"),
    ("strict-filled", "the same, `lenient: false`"),
    ("before-presence", "generated/ before presence was kept"),
];

/// Instructions per byte of each reader on each row of tests/bench, counted by valgrind's
/// callgrind: a run of PASSES passes less a run of WARM_UP (which leaves the start: reading the
/// spec, building the payloads; and the first passes, which grow the allocator's heap), over
/// the bytes read. Instruction counts do not move with the load of the machine, so one run
/// compares the readers exactly where timings cannot. But not every pass costs the same: the
/// allocator's occasional work falls in one block of passes or another, and two blocks of 20
/// passes of the chat completion differed by 2.7%, more than the gaps between the readers.
fn instructions(root: &Path, yaml: &Path) -> Result<(), String> {
    const WARM_UP: usize = 20;
    const PASSES: usize = 120;
    if Command::new("valgrind").arg("--version").output().is_err() {
        return Err("--instructions needs valgrind (apt-get install valgrind)".into());
    }
    let scratch = root.join("target/bench");
    write_variant_crates(yaml, &scratch)?;
    status("building tests/bench (release)");
    let cargo = env!("CARGO");
    run_quiet(
        Command::new(cargo)
            .args(["build", "--release", "-q", "--manifest-path"])
            .arg(root.join("tests/bench/Cargo.toml"))
            .env("CARGO_TARGET_DIR", root.join("target"))
            .current_dir(root),
    )?;
    let binary = root.join("target/release/bench");
    // The JSON form of the spec reads faster under valgrind; the payloads are the same.
    let json = yaml.with_extension("json");
    let spec = if json.is_file() { json } else { yaml.to_path_buf() };
    // `Err(None)`: no such type in the comparison crate; `Ok(None)`: the reader fails.
    let count = |row: usize, reader: &str, passes: usize| -> Result<Option<u64>, Option<String>> {
        let output = Command::new("valgrind")
            .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(&binary)
            .env("OPENAPI_SPEC", &spec)
            .env("BENCH_COUNT", format!("{row} {reader} {passes}"))
            .output()
            .map_err(|e| Some(e.to_string()))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        match output.status.code() {
            Some(0) => {}
            Some(3) => return Err(None),
            _ => return Ok(None),
        }
        Ok(stderr.lines().find_map(|line| line.split("Collected : ").nth(1)).and_then(|n| n.trim().parse().ok()))
    };
    let labels = row_labels(&binary, &spec)?;
    println!("## Instructions per byte read (callgrind, {PASSES} passes less {WARM_UP})\n");
    // `BENCH_READERS=ours,before-presence` counts those columns only (each cell is two runs
    // under valgrind).
    let wanted = std::env::var("BENCH_READERS").ok();
    let counted: Vec<(&str, &str)> =
        COUNTED.iter().copied().filter(|(reader, _)| wanted.as_deref().is_none_or(|wanted| wanted.split(',').any(|w| w.trim() == *reader))).collect();
    if counted.is_empty() {
        return Err(format!("BENCH_READERS names none of {}", COUNTED.iter().map(|(reader, _)| *reader).collect::<Vec<_>>().join(", ")));
    }
    let titles: Vec<&str> = counted.iter().map(|(_, title)| *title).collect();
    println!("| payload | {} |", titles.join(" | "));
    println!("|---|{}", "---|".repeat(titles.len()));
    for (row, label) in labels.iter().enumerate() {
        status(&format!("counting {label}"));
        let mut cells = Vec::new();
        for (reader, _) in &counted {
            let cell = match (count(row, reader, WARM_UP), count(row, reader, PASSES)) {
                (Ok(Some(base)), Ok(Some(total))) => {
                    let bytes = payload_bytes(&binary, &spec, row, reader)?;
                    // Three places: readers that spend a row in the same scan of one long string differ in the third.
                    format!("{:.3}", (total.saturating_sub(base)) as f64 / (PASSES - WARM_UP) as f64 / bytes as f64)
                }
                (Err(None), _) | (_, Err(None)) => "-".to_owned(),
                (Err(Some(error)), _) | (_, Err(Some(error))) => return Err(error),
                _ => "fails".to_owned(),
            };
            cells.push(cell);
        }
        println!("| {label} | {} |", cells.join(" | "));
    }
    println!();
    Ok(())
}

/// The labels of tests/bench's rows, in order, as its own table prints them (`BENCH_COUNT` with
/// `label` for passes; exit code 4 past the last row).
fn row_labels(binary: &Path, spec: &Path) -> Result<Vec<String>, String> {
    let mut labels = Vec::new();
    loop {
        let output = Command::new(binary)
            .env("OPENAPI_SPEC", spec)
            .env("BENCH_COUNT", format!("{} ours label", labels.len()))
            .output()
            .map_err(|e| e.to_string())?;
        match output.status.code() {
            Some(0) => labels.push(String::from_utf8_lossy(&output.stdout).trim().to_owned()),
            Some(4) if !labels.is_empty() => return Ok(labels),
            _ => return Err(format!("tests/bench printed no label for row {}: {}", labels.len(), String::from_utf8_lossy(&output.stderr))),
        }
    }
}

/// The bytes one pass of a reader reads (`BENCH_COUNT` with `bytes` passes prints them).
fn payload_bytes(binary: &Path, spec: &Path, row: usize, reader: &str) -> Result<usize, String> {
    let output =
        Command::new(binary).env("OPENAPI_SPEC", spec).env("BENCH_COUNT", format!("{row} {reader} bytes")).output().map_err(|e| e.to_string())?;
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .map_err(|_| format!("tests/bench printed no byte count for row {row}: {}", String::from_utf8_lossy(&output.stderr)))
}

/// `cargo check` of the generated crate alone, from clean with its dependencies built, with one
/// API area's feature and with all of them; of the crate as the generator before the generated
/// deserializers wrote it (`before.rs`: serde's derive and `flatten` for structs, unions through
/// `serde_json::Value`); of today's crate with serde's derive reading its structs; and of today's
/// crate without constructors; so what each costs is a ratio of one run (`cargo xtask bench
/// --features` runs only this). The rows run one after the other, so they see the same machine.
fn features(root: &Path) -> Result<(), String> {
    let cargo = env!("CARGO");
    let target = root.join("target/bench/features-target");
    let derived = root.join("target/bench/derived");
    write_variant_crate(&xtask::pinned_spec(), &derived, "openai-models-derived", |config| config.derive_deserialize = true)?;
    let bare = root.join("target/bench/no-constructors");
    write_variant_crate(&xtask::pinned_spec(), &bare, "openai-models-no-constructors", |config| config.constructors = false)?;
    let no_calls = root.join("target/bench/no-operations");
    write_variant_crate(&xtask::pinned_spec(), &no_calls, "openai-models-no-operations", |config| config.operations = false)?;
    status("writing the crate as the generator before this change wrote it");
    let before = crate::before::write_crate(root, &xtask::pinned_spec(), &root.join("target/bench"), Variant::WithMaps)?;
    println!("## `cargo check` of the generated crate by API area (from clean, dependencies built, CARGO_INCREMENTAL=0)\n");
    status("building the dependencies of the generated crate");
    let check = |manifest: Option<&Path>, package: &str, features: &[&str]| {
        let mut command = Command::new(cargo);
        command.args(["check", "-q", "-p", package]).env("CARGO_TARGET_DIR", &target).env("CARGO_INCREMENTAL", "0").current_dir(root);
        if let Some(manifest) = manifest {
            command.arg("--manifest-path").arg(manifest);
        }
        if !features.is_empty() {
            command.args(["--no-default-features", "--features", &features.join(",")]);
        }
        command
    };
    let (before_manifest, derived_manifest, bare_manifest) = (before.join("Cargo.toml"), derived.join("Cargo.toml"), bare.join("Cargo.toml"));
    let no_calls_manifest = no_calls.join("Cargo.toml");
    let before_label = format!("the crate before this change (the generator of {})", &crate::before::BEFORE[..7]);
    let crates = [
        (None, "openai-models", "generated/"),
        (Some(before_manifest.as_path()), Variant::WithMaps.crate_name(), before_label.as_str()),
        (Some(derived_manifest.as_path()), "openai-models-derived", "today's crate, structs read by serde's derive"),
        (Some(bare_manifest.as_path()), "openai-models-no-constructors", "the same, without constructors (`new`, setters)"),
        (Some(no_calls_manifest.as_path()), "openai-models-no-operations", "the same, without operations (`operations`, `call::Call`)"),
    ];
    for (manifest, package, _) in crates {
        run_quiet(&mut check(manifest, package, &["registry"]))?;
    }
    // One area at a time, once; then all areas of the three crates in turns, ROUNDS times, the
    // best of each kept: a whole-crate check moves by ±7% between runs on this machine, more
    // than the difference being measured.
    const ROUNDS: usize = 3;
    let mut runs = vec![
        (crates[0], "`realtime`", vec!["realtime"]),
        (crates[4], "`realtime`", vec!["realtime"]),
        (crates[0], "`chat`", vec!["chat"]),
        (crates[0], "`responses`", vec!["responses"]),
    ];
    for _ in 0..ROUNDS {
        runs.extend(crates.iter().map(|&krate| (krate, "all (default)", vec![])));
    }
    // (time, peak memory) of each row, best time kept.
    let mut rows: Vec<(&str, &str, f64, String)> = Vec::new();
    for ((manifest, package, what), label, features) in runs {
        let mut clean = Command::new(cargo);
        clean.args(["clean", "-q", "-p", package]).env("CARGO_TARGET_DIR", &target).current_dir(root);
        if let Some(manifest) = manifest {
            clean.arg("--manifest-path").arg(manifest);
        }
        run_quiet(&mut clean)?;
        status(&format!("cargo check of {package} with {label}"));
        let start = Instant::now();
        let peak = peak_memory(&mut check(manifest, package, &features));
        let elapsed = start.elapsed().as_secs_f64();
        match rows.iter_mut().find(|row| row.0 == what && row.1 == label) {
            Some(row) if row.2 <= elapsed => {}
            Some(row) => (row.2, row.3) = (elapsed, peak),
            None => rows.push((what, label, elapsed, peak)),
        }
    }
    println!("| crate | features | time | peak memory |");
    println!("|---|---|---|---|");
    for (what, label, elapsed, peak) in &rows {
        println!("| {what} | {label} | {elapsed:.1} s | {peak} |");
    }
    if let [(_, _, realtime, _), (_, _, realtime_without_calls, _), .., (_, _, ours, _), (_, _, before, _), (_, _, derived, _), (_, _, bare, _), (_, _, without_calls, _)] =
        rows[..]
    {
        println!(
            "\nall features (best of {ROUNDS} in turns): {:.2}× the time of the crate before this change, {:.2}× that of today's crate with serde's derive for structs; constructors cost {:+.1}% (against the same crate without them)",
            ours / before,
            ours / derived,
            (ours / bare - 1.0) * 100.0
        );
        println!(
            "operations cost {:+.1}% on all features and {:+.1}% on `realtime` alone ({realtime:.1} s; {realtime_without_calls:.1} s without them), against the same crate without them",
            (ours / without_calls - 1.0) * 100.0,
            (realtime / realtime_without_calls - 1.0) * 100.0
        );
    }
    println!();
    Ok(())
}

/// How the lines of a writing task are counted, in both files alike: the caption of the table.
const WRITING_RULE: &str = "lines of each test's body before its first `assert`, as rustfmt lays the file out with its default \
settings, less blank lines, comments and `use` declarations";

/// The writing tasks (`tests/e2e/tests/writing.rs`) beside the same tasks with async-openai's
/// types (`tests/bench/tests/writing.rs`, tests of the same names): async-openai's run, each
/// asserting the JSON it writes (`cargo test --workspace` runs ours), then the lines each task
/// takes in both files, counted by [`task_lines`] (`cargo xtask bench --writing` runs only this).
fn writing(root: &Path, yaml: &Path) -> Result<(), String> {
    let cargo = env!("CARGO");
    // Only async-openai and `generated/` are built (`--no-default-features`); cargo reads the
    // manifests of the variant crates all the same, so they are written first.
    write_variant_crates(yaml, &root.join("target/bench"))?;
    status("running tests/bench/tests/writing.rs (async-openai)");
    let output = Command::new(cargo)
        .args(["test", "-q", "--manifest-path"])
        .arg(root.join("tests/bench/Cargo.toml"))
        .args(["--no-default-features", "--test", "writing"])
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env("OPENAPI_SPEC", yaml)
        .current_dir(root)
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "the writing tests of tests/bench failed:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let ours = task_lines(&rustfmt_defaults(root, &root.join("tests/e2e/tests/writing.rs"))?);
    let theirs = task_lines(&rustfmt_defaults(root, &root.join("tests/bench/tests/writing.rs"))?);
    let unmatched: Vec<&str> = ours
        .iter()
        .filter(|task| !theirs.iter().any(|other| other.name == task.name))
        .chain(theirs.iter().filter(|task| !ours.iter().any(|other| other.name == task.name)))
        .map(|task| task.name.as_str())
        .collect();
    if ours.is_empty() || !unmatched.is_empty() {
        return Err(format!(
            "tests/e2e/tests/writing.rs and tests/bench/tests/writing.rs must hold tests of the same names; unmatched: {unmatched:?}"
        ));
    }
    println!("## Lines each writing task takes, beside async-openai\n");
    println!("| task | lines here | lines with async-openai |");
    println!("|---|---|---|");
    for task in &ours {
        let other = theirs.iter().find(|other| other.name == task.name).map_or(0, |other| other.lines);
        println!("| {} (`{}`) | {} | {} |", task.summary.trim_end_matches('.'), task.name, task.lines, other);
    }
    println!("\n(tests/e2e/tests/writing.rs beside tests/bench/tests/writing.rs: {WRITING_RULE}.)\n");
    Ok(())
}

/// A test function of a test file and the lines it takes.
#[derive(Debug, PartialEq, Eq)]
struct Task {
    name: String,
    /// Its doc comment, on one line.
    summary: String,
    /// Counted by [`WRITING_RULE`].
    lines: usize,
}

/// The tests of a Rust file as rustfmt lays it out (a test is a `fn` at the start of a line
/// after `#[test]`, its body ends at the first `}` at the start of a line), with the lines of
/// each by [`WRITING_RULE`]: the lines of its body before its first `assert`, less blank lines,
/// comments and `use` declarations (of however many lines).
fn task_lines(text: &str) -> Vec<Task> {
    let mut tasks = Vec::new();
    let mut doc: Vec<&str> = Vec::new();
    let mut is_test = false;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(text) = line.strip_prefix("///") {
            doc.push(text.trim());
            continue;
        }
        if line.starts_with("#[") {
            is_test |= line == "#[test]";
            continue;
        }
        let name = line.strip_prefix("fn ").filter(|_| is_test).and_then(|rest| rest.split(['(', '<']).next());
        if let Some(name) = name {
            let mut header = line;
            while !header.ends_with('{') {
                header = lines.next().unwrap_or("{");
            }
            let (mut count, mut asserted, mut in_use) = (0, false, false);
            for line in lines.by_ref().take_while(|line| *line != "}") {
                let code = line.trim();
                in_use = (in_use || code.starts_with("use ")) && !code.is_empty();
                asserted |= code.starts_with("assert");
                if !asserted && !in_use && !code.is_empty() && !code.starts_with("//") {
                    count += 1;
                }
                in_use &= !code.ends_with(';');
            }
            tasks.push(Task { name: name.to_owned(), summary: doc.join(" "), lines: count });
        }
        doc.clear();
        is_test = false;
    }
    tasks
}

/// The file as rustfmt lays it out with its default settings (an empty configuration file, so no
/// `rustfmt.toml` of the checkout or of the user changes the count).
fn rustfmt_defaults(root: &Path, file: &Path) -> Result<String, String> {
    let config = root.join("target/bench/rustfmt-defaults/rustfmt.toml");
    std::fs::create_dir_all(config.parent().unwrap_or(root)).map_err(|e| e.to_string())?;
    std::fs::write(&config, "").map_err(|e| e.to_string())?;
    let source = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--config-path"])
        .arg(&config)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("--writing counts lines as rustfmt lays them out, and rustfmt cannot run ({e}): rustup component add rustfmt"))?;
    let mut stdin = child.stdin.take().ok_or("rustfmt has no stdin")?;
    std::io::Write::write_all(&mut stdin, source.as_bytes()).map_err(|e| e.to_string())?;
    drop(stdin);
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!("rustfmt of {} failed:\n{}", file.display(), String::from_utf8_lossy(&output.stderr)));
    }
    String::from_utf8(output.stdout).map_err(|e| e.to_string())
}

/// The variants tests/bench compares `generated/` with: structs read by serde's derive (as before
/// the generated deserializers, with today's unions), the same without unknown-field maps, without
/// lenient reading; and the crate without unknown-field maps as the generator before this change
/// wrote it (`before.rs`).
fn write_variant_crates(yaml: &Path, scratch: &Path) -> Result<(), String> {
    write_variant_crate(yaml, &scratch.join("derived"), "openai-models-derived", |config| config.derive_deserialize = true)?;
    write_variant_crate(yaml, &scratch.join("derived-lean"), "openai-models-derived-lean", |config| {
        config.derive_deserialize = true;
        config.keep_unknown_fields = false;
    })?;
    write_variant_crate(yaml, &scratch.join("strict"), "openai-models-strict", |config| config.lenient = false)?;
    status("writing the crate as the generator before this change wrote it");
    crate::before::write_crate(&xtask::workspace_root(), yaml, scratch, Variant::Lean)?;
    status("writing the crate as the generator before presence was kept wrote it");
    crate::before::write_crate(&xtask::workspace_root(), yaml, scratch, Variant::BeforePresence).map(drop)
}

/// The OpenAI crate as `generated/` is but for one setting (without the maps that keep unknown
/// fields; without lenient reading): tests/bench measures each beside it, so a setting's cost is
/// a ratio measured in one run.
fn write_variant_crate(spec: &Path, out: &Path, name: &str, change: impl FnOnce(&mut Config)) -> Result<(), String> {
    let mut config = Config { crate_name: name.into(), standalone: true, registry: false, ..xtask::openai_config()? };
    change(&mut config);
    let generated = codegen::generate_file(spec, &config).map_err(|e| e.to_string())?;
    // Only the files that changed are written (and stale ones removed), so cargo does not
    // rebuild a variant whose code is the same as in the last run. A folder that is not a
    // generated crate (an older layout) is written anew.
    if generated.files.write(out).is_err() {
        let _ = std::fs::remove_dir_all(out);
        generated.files.write(out).map_err(|e| e.to_string())?;
    }
    // The hand-written module generated/ has (the config's `helpers`), so the variant is the
    // same crate but for its one setting.
    if let Some(helpers) = &config.helpers {
        copy_tree(&xtask::generated_dir().join("src").join(&helpers.module), &out.join("src").join(&helpers.module))?;
    }
    Ok(())
}

/// Copies the files under `from` into `to`, folders included; only those that differ are
/// written, so cargo rebuilds nothing that did not change.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            if std::fs::read(&target).ok().as_deref() != Some(text.as_slice()) {
                std::fs::write(&target, text).map_err(|e| format!("{}: {e}", target.display()))?;
            }
        }
    }
    Ok(())
}

fn median(runs: usize, mut f: impl FnMut() -> Result<Duration, String>) -> Result<Duration, String> {
    Ok(middle((0..runs).map(|_| f()).collect::<Result<Vec<_>, _>>()?))
}

/// The median of some times (at least one).
fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn time_command(command: &mut Command) -> Result<Duration, String> {
    let start = Instant::now();
    run_quiet(command)?;
    Ok(start.elapsed())
}

fn run_quiet(command: &mut Command) -> Result<(), String> {
    let output = command.output().map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{:?} failed:\n{}", command, String::from_utf8_lossy(&output.stderr)))
    }
}

/// The peak resident memory of a command and every process it starts (GNU time's `%M`).
fn peak_memory(command: &mut Command) -> String {
    if !Path::new("/usr/bin/time").is_file() {
        let _ = command.output();
        return "n/a (needs /usr/bin/time)".into();
    }
    let mut timed = Command::new("/usr/bin/time");
    timed.args(["-f", "%M"]).arg(command.get_program()).args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        timed.current_dir(dir);
    }
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => timed.env(key, value),
            None => timed.env_remove(key),
        };
    }
    match timed.output() {
        Ok(output) => {
            let stderr = String::from_utf8_lossy(&output.stderr);
            match stderr.lines().last().and_then(|l| l.trim().parse::<f64>().ok()) {
                Some(kb) => format!("{:.0} MB", kb / 1024.0),
                None => format!("n/a ({})", stderr.lines().last().unwrap_or("")),
            }
        }
        Err(e) => format!("n/a ({e})"),
    }
}

fn count_lines(dir: &Path) -> usize {
    let mut lines = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
            let path: PathBuf = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                lines += std::fs::read_to_string(&path).map_or(0, |t| t.lines().count());
            }
        }
    }
    lines
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

fn status(message: &str) {
    eprintln!("… {message}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_is_the_lines_of_its_body_before_its_first_assert_less_blanks_comments_and_uses() {
        let text = r#"use std::fmt;

/// (1) The first task.
#[test]
fn first() -> Result<(), Box<dyn Error>> {
    use some::{
        Long,
        List,
    };
    use other::Type;
    // A comment.
    let value = Type::new()
        .with(1)

        .build()?;
    assert_eq!(value, 1);
    let after = 2;
    assert_eq!(after, 2);
    Ok(())
}

fn helper() {
    let not_a_test = 1;
}

/// (2) A task
/// on two lines.
#[test]
#[ignore]
fn second() {
    let a = 1;
    let b = a + 1;
}
"#;
        assert_eq!(
            task_lines(text),
            vec![
                Task { name: "first".into(), summary: "(1) The first task.".into(), lines: 3 },
                Task { name: "second".into(), summary: "(2) A task on two lines.".into(), lines: 2 },
            ]
        );
    }
}

//! The command line: what each command accepts, its help, and the usage errors. Parsing never
//! runs anything, so `--help` anywhere in a command's flags only prints help.

use std::path::PathBuf;

/// The overview, printed by `cargo xtask --help` and with every usage error.
pub const USAGE: &str = "usage: cargo xtask <command> [flags]

commands:
  regenerate     regenerate generated/ from the pinned OpenAI spec, or a crate from any spec
  conformance    every example payload of the spec through generated/ (table + JSON report)
  bench          generation speed and memory, compile time, serde throughput
  doc-links      cargo doc of generated/, then every link of its HTML checked
  fetch-spec     download the pinned OpenAI spec and check its sha256

`cargo xtask <command> --help` shows a command's flags.

The spec is read from --spec, else from $OPENAPI_SPEC, else from ../shared/specs/openai/openapi.yaml
beside the checkout.";

const REGENERATE: &str = "usage:
  cargo xtask regenerate             regenerate generated/ from the pinned OpenAI spec
  cargo xtask regenerate --check     write nothing; fail and name the files when generated/ is stale
  cargo xtask regenerate --spec PATH --out DIR [--config FILE] [--force] [--no-cache]
                                     a standalone crate for any OpenAPI 3.0/3.1 spec

flags:
  --check          compare with what is on disk instead of writing
  --force          write into a folder that is not empty and holds no crate this generator
                   wrote (no .generated-files list): files of the same name are overwritten,
                   nothing is deleted. Without it such a folder is refused and left untouched.
  --no-cache       generate everything anew: without it, a run whose spec, settings, generator
                   and output are those of the last run writes nothing and says so, and a file
                   whose tokens did not change is not formatted again (caches under target/)
  --spec PATH      the spec to read (default: $OPENAPI_SPEC, else ../shared/specs/openai/openapi.yaml)
  --out DIR        where to write the crate (default: generated/); needed with --spec
  --config FILE    settings and spec overrides, as in generated/codegen.yaml
                   (default: generated/codegen.yaml for generated/, else the defaults)
  -h, --help       print this help";

const CONFORMANCE: &str = "usage:
  cargo xtask conformance [REPORT]   every example payload of the spec, and every shape its
                                     schemas allow, through generated/

Prints a table per source of payloads and the failures, then a table of the instances made from
the spec's schemas (minimal, full, each union member: checked against the spec's JSON Schema,
then read and written back exactly), and writes the same as JSON to REPORT (default:
target/conformance.json). Fails when a spec-valid payload does not round-trip, a failure is not
listed in tests/e2e/known_failures.yaml, or an instance does not pass that
tests/e2e/known_instance_failures.yaml does not list.

flags:
  -h, --help       print this help";

const BENCH: &str = "usage:
  cargo xtask bench [--quick | --features | --serde | --instructions | --writing]
                                     generation speed and memory, the generated crate's compile
                                     time, serde throughput (see BENCHMARKS.md)

flags:
  --quick          generation only: skip the compile-time and throughput measurements
  --features       only `cargo check` of the generated crate by API area (feature)
  --serde          only the serde throughput on real payloads
  --instructions   only the instructions each reader runs per byte of those payloads
                   (valgrind's callgrind: the same figure on a busy machine as on a quiet one)
  --writing        the writing tasks, not part of the full run: async-openai's run
                   (tests/bench/tests/writing.rs), then the lines each task takes there and in
                   tests/e2e/tests/writing.rs
  -h, --help       print this help";

const DOC_LINKS: &str = "usage:
  cargo xtask doc-links [DOC_DIR]    cargo doc of generated/ (warnings denied), then every link of
                                     its HTML checked: files, and #fragments within them

DOC_DIR: check this rustdoc output instead of building it.

flags:
  -h, --help       print this help";

const FETCH_SPEC: &str = "usage:
  cargo xtask fetch-spec [--url URL] [--out PATH]
                                     download the pinned OpenAI spec and write it only when its
                                     sha256 is the pinned one (YAML or JSON form)

A download whose sha256 is neither form's is refused and nothing is written. xtask/src/pinned.rs
names the pinned spec: its repository, commit, URL and the sha256 of each form; `cargo xtask
fetch-spec` without --url prints them.

flags:
  --url URL        where to download it from (default: the recorded URL of the pinned file)
  --out PATH       where to write it (default: $OPENAPI_SPEC, else
                   ../shared/specs/openai/openapi.yaml beside the checkout; the JSON form goes
                   beside it as openapi.json)
  -h, --help       print this help";

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Run(Command),
    /// Print this text and exit successfully.
    Help(&'static str),
}

/// What `cargo xtask bench` measures.
#[derive(Debug, PartialEq, Eq, Clone, Copy)]
pub enum BenchMode {
    /// Everything.
    All,
    /// Generation only.
    Quick,
    /// `cargo check` of the generated crate by API area.
    Features,
    /// Serde throughput on real payloads.
    Serde,
    /// Instructions per byte of the same payloads, under callgrind.
    Instructions,
    /// The lines each writing task takes, beside the same task with async-openai.
    Writing,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Regenerate(Regenerate),
    Conformance { report: Option<PathBuf> },
    Bench(BenchMode),
    DocLinks { doc: Option<PathBuf> },
    FetchSpec { url: Option<String>, out: Option<PathBuf> },
}

/// The flags of `cargo xtask regenerate`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Regenerate {
    pub check: bool,
    pub force: bool,
    pub no_cache: bool,
    pub spec: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub config: Option<PathBuf>,
}

/// Reads the arguments after `cargo xtask`. An error is the message to print: what is wrong,
/// then the usage of the command.
pub fn parse(args: &[String]) -> Result<Parsed, String> {
    let Some((command, flags)) = args.split_first() else {
        return Err(format!("a command is needed\n\n{USAGE}"));
    };
    let help = match command.as_str() {
        "-h" | "--help" | "help" => return help_for(flags.first().map(String::as_str)),
        "regenerate" => REGENERATE,
        "conformance" => CONFORMANCE,
        "bench" => BENCH,
        "doc-links" => DOC_LINKS,
        "fetch-spec" => FETCH_SPEC,
        other => return Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    if flags.iter().any(|flag| flag == "-h" || flag == "--help") {
        return Ok(Parsed::Help(help));
    }
    let usage_error = |problem: String| format!("{problem}\n\n{help}");
    let command = match command.as_str() {
        "regenerate" => Command::Regenerate(regenerate(flags).map_err(usage_error)?),
        "fetch-spec" => fetch_spec(flags).map_err(usage_error)?,
        "conformance" => match flags {
            [] => Command::Conformance { report: None },
            [report] if !report.starts_with('-') => Command::Conformance { report: Some(PathBuf::from(report)) },
            [flag, ..] if flag.starts_with('-') => return Err(usage_error(format!("unknown flag `{flag}`"))),
            _ => return Err(usage_error("conformance takes at most one argument, the report's path".to_owned())),
        },
        "doc-links" => match flags {
            [] => Command::DocLinks { doc: None },
            [doc] if !doc.starts_with('-') => Command::DocLinks { doc: Some(PathBuf::from(doc)) },
            [flag, ..] if flag.starts_with('-') => return Err(usage_error(format!("unknown flag `{flag}`"))),
            _ => return Err(usage_error("doc-links takes at most one argument, the rustdoc folder".to_owned())),
        },
        _ => match flags {
            [] => Command::Bench(BenchMode::All),
            [flag] if flag == "--quick" => Command::Bench(BenchMode::Quick),
            [flag] if flag == "--features" => Command::Bench(BenchMode::Features),
            [flag] if flag == "--serde" => Command::Bench(BenchMode::Serde),
            [flag] if flag == "--instructions" => Command::Bench(BenchMode::Instructions),
            [flag] if flag == "--writing" => Command::Bench(BenchMode::Writing),
            [flag, ..] if flag.starts_with('-') && !["--quick", "--features", "--serde", "--instructions", "--writing"].contains(&flag.as_str()) => {
                return Err(usage_error(format!("unknown flag `{flag}`")))
            }
            _ => return Err(usage_error("bench takes one of --quick, --features, --serde, --instructions or --writing".to_owned())),
        },
    };
    Ok(Parsed::Run(command))
}

/// `cargo xtask help [command]`.
fn help_for(command: Option<&str>) -> Result<Parsed, String> {
    match command {
        None => Ok(Parsed::Help(USAGE)),
        Some("regenerate") => Ok(Parsed::Help(REGENERATE)),
        Some("conformance") => Ok(Parsed::Help(CONFORMANCE)),
        Some("bench") => Ok(Parsed::Help(BENCH)),
        Some("doc-links") => Ok(Parsed::Help(DOC_LINKS)),
        Some("fetch-spec") => Ok(Parsed::Help(FETCH_SPEC)),
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    }
}

fn fetch_spec(flags: &[String]) -> Result<Command, String> {
    let (mut url, mut out) = (None, None);
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        let mut value = |what: &str| match flags.next() {
            Some(value) if !value.starts_with('-') => Ok(value.clone()),
            _ => Err(format!("{flag} needs {what}")),
        };
        match flag.as_str() {
            "--url" => url = Some(value("a URL")?),
            "--out" => out = Some(PathBuf::from(value("a path")?)),
            other if other.starts_with('-') => return Err(format!("unknown flag `{other}`")),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(Command::FetchSpec { url, out })
}

fn regenerate(flags: &[String]) -> Result<Regenerate, String> {
    let mut options = Regenerate::default();
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        let mut value = |what: &str| match flags.next() {
            Some(value) if !value.starts_with('-') => Ok(PathBuf::from(value)),
            _ => Err(format!("{flag} needs {what}")),
        };
        match flag.as_str() {
            "--check" => options.check = true,
            "--force" => options.force = true,
            "--no-cache" => options.no_cache = true,
            "--spec" => options.spec = Some(value("a path")?),
            "--out" => options.out = Some(value("a directory")?),
            "--config" => options.config = Some(value("a path")?),
            other if other.starts_with('-') => return Err(format!("unknown flag `{other}`")),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    if options.spec.is_some() && options.out.is_none() {
        return Err("--spec needs --out DIR: generated/ is made only from the pinned spec".to_owned());
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Parsed, String> {
        parse(&line.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
    }

    fn run(line: &str) -> Command {
        match parse_line(line) {
            Ok(Parsed::Run(command)) => command,
            other => panic!("`{line}`: {other:?}"),
        }
    }

    #[test]
    fn help_is_printed_and_nothing_runs() {
        for (line, text) in [
            ("--help", USAGE),
            ("-h", USAGE),
            ("help", USAGE),
            ("help bench", BENCH),
            ("regenerate --help", REGENERATE),
            ("regenerate -h", REGENERATE),
            ("regenerate --check --help", REGENERATE),
            ("regenerate --spec x.yaml --out dir --unknown --help", REGENERATE),
            ("conformance --help", CONFORMANCE),
            ("bench --quick --help", BENCH),
            ("bench --writing --help", BENCH),
            ("fetch-spec --help", FETCH_SPEC),
            ("help fetch-spec", FETCH_SPEC),
        ] {
            assert_eq!(parse_line(line), Ok(Parsed::Help(text)), "{line}");
        }
    }

    #[test]
    fn the_commands_ci_and_the_tests_use() {
        assert_eq!(run("regenerate"), Command::Regenerate(Regenerate::default()));
        assert_eq!(run("regenerate --check"), Command::Regenerate(Regenerate { check: true, ..Regenerate::default() }));
        assert_eq!(
            run("regenerate --spec a.yaml --out dir --config c.yaml --force --no-cache"),
            Command::Regenerate(Regenerate {
                check: false,
                force: true,
                no_cache: true,
                spec: Some("a.yaml".into()),
                out: Some("dir".into()),
                config: Some("c.yaml".into()),
            })
        );
        assert_eq!(run("conformance"), Command::Conformance { report: None });
        assert_eq!(run("conformance out.json"), Command::Conformance { report: Some("out.json".into()) });
        assert_eq!(run("bench"), Command::Bench(BenchMode::All));
        assert_eq!(run("bench --quick"), Command::Bench(BenchMode::Quick));
        assert_eq!(run("bench --features"), Command::Bench(BenchMode::Features));
        assert_eq!(run("bench --serde"), Command::Bench(BenchMode::Serde));
        assert_eq!(run("bench --instructions"), Command::Bench(BenchMode::Instructions));
        assert_eq!(run("bench --writing"), Command::Bench(BenchMode::Writing));
        assert_eq!(run("doc-links"), Command::DocLinks { doc: None });
        assert_eq!(run("doc-links target/doc"), Command::DocLinks { doc: Some(PathBuf::from("target/doc")) });
        assert_eq!(run("fetch-spec"), Command::FetchSpec { url: None, out: None });
        assert_eq!(
            run("fetch-spec --url http://127.0.0.1:8000/openapi.yaml --out spec.yaml"),
            Command::FetchSpec { url: Some("http://127.0.0.1:8000/openapi.yaml".into()), out: Some("spec.yaml".into()) }
        );
    }

    #[test]
    fn usage_errors_say_what_is_wrong_and_show_the_usage() {
        for (line, problem, usage) in [
            ("", "a command is needed", USAGE),
            ("regen", "unknown command `regen`", USAGE),
            ("help regen", "unknown command `regen`", USAGE),
            ("regenerate --chek", "unknown flag `--chek`", REGENERATE),
            ("regenerate generated", "unexpected argument `generated`", REGENERATE),
            ("regenerate --spec", "--spec needs a path", REGENERATE),
            ("regenerate --spec --check", "--spec needs a path", REGENERATE),
            ("regenerate --out", "--out needs a directory", REGENERATE),
            ("regenerate --spec a.yaml", "--spec needs --out DIR", REGENERATE),
            ("conformance --quick", "unknown flag `--quick`", CONFORMANCE),
            ("conformance a.json b.json", "conformance takes at most one argument", CONFORMANCE),
            ("bench --slow", "unknown flag `--slow`", BENCH),
            ("bench quick", "bench takes one of --quick, --features, --serde, --instructions or --writing", BENCH),
            ("bench --writing --serde", "bench takes one of --quick, --features, --serde, --instructions or --writing", BENCH),
            ("doc-links --all", "unknown flag `--all`", DOC_LINKS),
            ("doc-links a b", "doc-links takes at most one argument", DOC_LINKS),
            ("fetch-spec --url", "--url needs a URL", FETCH_SPEC),
            ("fetch-spec --out", "--out needs a path", FETCH_SPEC),
            ("fetch-spec --sha256 x", "unknown flag `--sha256`", FETCH_SPEC),
            ("fetch-spec http://x", "unexpected argument `http://x`", FETCH_SPEC),
        ] {
            let error = parse_line(line).expect_err(line);
            assert!(error.starts_with(problem), "`{line}`: {error}");
            assert!(error.ends_with(usage), "`{line}` shows the usage: {error}");
        }
    }
}

//! Loading and generation on arbitrary input. An `Err` (a rejected spec) is the expected answer
//! to almost every input; only a panic, abort, stack overflow, timeout or OOM is a finding.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The generator takes text; bytes that are not UTF-8 are rejected before it (by the file
    // reader), so there is nothing of the generator to exercise with them.
    let Ok(text) = std::str::from_utf8(data) else { return };
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

//! The repository's fixture specs, each analyzed with its config: for the tests that check
//! what the emit and render stages lay out as text against prettyplease, on every construct the
//! fixtures hold.

use crate::{Analyzed, Config};
use std::path::PathBuf;

/// Every fixture (`tests/fixtures/*/spec.yaml`), in name order: its folder, config and model.
pub fn each() -> Vec<(PathBuf, Config, Analyzed)> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut cases = std::fs::read_dir(&fixtures).expect("tests/fixtures is beside codegen").flatten().map(|entry| entry.path()).collect::<Vec<_>>();
    cases.sort();
    cases
        .into_iter()
        .filter(|case| case.join("spec.yaml").exists())
        .map(|case| {
            let config = match std::fs::read_to_string(case.join("config.yaml")) {
                Ok(text) => serde_yaml::from_str(&text).expect("the fixture's config reads"),
                Err(_) => Config::default(),
            };
            let spec = case.join("spec.yaml");
            let analyzed = crate::analyze_file(&spec, &config).unwrap_or_else(|errors| panic!("{}: {errors}", spec.display()));
            (case, config, analyzed)
        })
        .collect()
}

/// `text`, laid out by the generator, is what prettyplease prints for the code it holds.
pub fn assert_printed_by_prettyplease(text: &str, case: &std::path::Path) {
    let printed = prettyplease::unparse(&syn::parse_str(text).unwrap_or_else(|error| panic!("{}: {error}: {text}", case.display())));
    assert_eq!(text, printed, "{}", case.display());
}

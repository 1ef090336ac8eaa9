//! Every example payload the spec's own schema accepts deserializes into the generated crate and
//! serializes back to the same JSON (up to `null` versus absent). `cargo xtask conformance`
//! prints the full table, the payloads the spec rejects included.

use e2e::conformance::{summarize, table, Outcome};

#[test]
fn every_spec_valid_payload_round_trips() {
    let checked = e2e::conformance();
    println!("{}", table(&summarize(&checked)));
    assert!(checked.len() > 500, "only {} payloads found: the extraction broke", checked.len());
    let failing: Vec<String> = checked
        .iter()
        .filter(|c| (c.spec_valid == Some(true) && !c.outcome.passes()) || c.outcome == Outcome::NoType)
        .map(|c| format!("{} as {}: {:?} {}", c.payload.origin, c.payload.type_name, c.outcome, c.detail.as_deref().unwrap_or("")))
        .collect();
    assert!(failing.is_empty(), "{} spec-valid payloads do not round-trip:\n{}", failing.len(), failing.join("\n"));
}

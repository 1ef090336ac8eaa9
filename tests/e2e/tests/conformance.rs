//! Every example payload the spec's own schema accepts deserializes into the generated crate and
//! serializes back to the same JSON (up to `null` versus absent). `cargo xtask conformance`
//! prints the full table, the payloads the spec rejects included.

use e2e::conformance::{summarize, table, Outcome};

#[test]
fn every_spec_valid_payload_round_trips() {
    let (checked, _) = e2e::conformance();
    println!("{}", table(&summarize(&checked)));
    assert!(checked.len() > 500, "only {} payloads found: the extraction broke", checked.len());
    let failing: Vec<String> = checked
        .iter()
        .filter(|c| (c.spec_valid == Some(true) && !c.outcome.passes()) || c.outcome == Outcome::NoType)
        .map(|c| format!("{} as {}: {:?} {}", c.payload.origin, c.payload.type_name, c.outcome, c.detail.as_deref().unwrap_or("")))
        .collect();
    assert!(failing.is_empty(), "{} spec-valid payloads do not round-trip:\n{}", failing.len(), failing.join("\n"));
}

#[test]
fn mutated_payloads_survive() {
    let (_, report) = e2e::conformance();
    for (label, tally) in [("unknown fields", &report.unknown_fields), ("enum values", &report.enum_values), ("union tags", &report.union_tags)] {
        assert!(tally.tried > 50, "only {} {label} mutations: the mutation step broke", tally.tried);
        assert!(tally.failures.is_empty(), "{} of {} {label} mutations fail:\n{}", tally.failures.len(), tally.tried, tally.failures.join("\n"));
    }
}

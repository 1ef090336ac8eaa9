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

/// The JSON payloads that fail are exactly those `known_failures.yaml` lists with a reason: a new
/// failure is a regression; a listed payload that passes must leave the list.
#[test]
fn the_payloads_that_fail_are_the_known_ones() {
    let (checked, _) = e2e::conformance();
    let known = e2e::known_failures();
    let failing: std::collections::BTreeSet<&str> =
        checked.iter().filter(|c| c.outcome != Outcome::NotJson && !c.outcome.passes()).map(|c| c.payload.origin.as_str()).collect();
    let new: Vec<String> = checked
        .iter()
        .filter(|c| failing.contains(c.payload.origin.as_str()) && !known.contains_key(&c.payload.origin))
        .map(|c| format!("{} as {}: {}", c.payload.origin, c.payload.type_name, c.detail.as_deref().unwrap_or("")))
        .collect();
    assert!(new.is_empty(), "{} payloads fail that known_failures.yaml does not list:\n{}", new.len(), new.join("\n"));
    let fixed: Vec<&String> = known.keys().filter(|origin| !failing.contains(origin.as_str())).collect();
    assert!(fixed.is_empty(), "these payloads pass now: remove them from known_failures.yaml: {fixed:?}");
}

/// Numbers round-trip exactly: every float of every example payload comes back bit-identical.
#[test]
fn every_float_comes_back_bit_identical() {
    let (checked, _) = e2e::conformance();
    let (floats, changed) = e2e::conformance::floats(&checked);
    assert!(floats > 100, "only {floats} floats found in the payloads: the extraction broke");
    assert!(changed.is_empty(), "{} of {floats} floats change in a round trip:\n{}", changed.len(), changed.join("\n"));
    // The comparison is only as good as the parser: serde_json reads this one exactly only
    // with `float_roundtrip`.
    let exact: f64 = "-1.9361264946837767e-7".parse().expect("a float");
    let read: f64 = serde_json::from_str("-1.9361264946837767e-7").expect("a float");
    assert_eq!(read.to_bits(), exact.to_bits(), "serde_json reads floats inexactly: enable its float_roundtrip feature");
}

/// Each kind of mutation (see `e2e::mutations`) keeps every mutated payload readable.
#[test]
fn mutated_payloads_survive() {
    let (_, report) = e2e::conformance();
    for (label, tally) in report.tallies() {
        assert!(tally.tried > 50, "only {} {label} mutations: the mutation step broke", tally.tried);
        assert!(tally.failures.is_empty(), "{} of {} {label} mutations fail:\n{}", tally.failures.len(), tally.tried, tally.failures.join("\n"));
    }
}

/// Every request example with a URL: the path and query the crate renders for the example's
/// parameters are the example's, but for the operations `known_url_differences.yaml` lists (an
/// example that contradicts the spec's path), which must all still differ.
#[test]
fn every_example_url_renders_as_written() {
    let checks = e2e::url_checks();
    println!("{}", e2e::urls::table(&checks));
    assert!(checks.len() > 250, "only {} example URLs found: the extraction broke", checks.len());
    let known = e2e::known_url_differences();
    let wrong: Vec<String> = checks
        .iter()
        .filter(|c| c.outcome != e2e::urls::UrlOutcome::Same && !known.contains_key(&c.operation_id))
        .map(|c| format!("{:?} {} ({}): {}", c.outcome, c.url, c.operation_id, c.detail.as_deref().unwrap_or("")))
        .collect();
    assert!(wrong.is_empty(), "{} example URLs render otherwise:\n{}", wrong.len(), wrong.join("\n"));
    let fixed: Vec<&String> =
        known.keys().filter(|id| checks.iter().filter(|c| &c.operation_id == *id).all(|c| c.outcome == e2e::urls::UrlOutcome::Same)).collect();
    assert!(fixed.is_empty(), "these operations' URLs render as written now: remove them from known_url_differences.yaml: {fixed:?}");
}

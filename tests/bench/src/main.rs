//! Deserialize and serialize throughput (MB/s) of the generated types on payloads from the
//! spec, beside the same types without unknown-field maps, the same types without lenient
//! reading, `serde_json::Value` and async-openai's types on the same bytes. Run by
//! `cargo xtask bench`, which first writes the variant crates into `target/bench/`.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long each measurement runs.
const BUDGET: Duration = Duration::from_millis(400);

fn main() {
    // `cargo xtask bench` names the pinned spec.
    let source = std::env::var("OPENAPI_SPEC").unwrap_or_else(|_| panic!("OPENAPI_SPEC is not set: run this through `cargo xtask bench`"));
    let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let spec = codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let example = |schema: &str| -> String {
        let text = spec["components"]["schemas"][schema]["x-oaiMeta"]["example"].as_str().unwrap_or_else(|| panic!("no example on {schema}"));
        compact(text)
    };
    let operation_response = |path: &str, method: &str| -> String {
        let examples = &spec["paths"][path][method]["x-oaiMeta"]["examples"];
        let first = if examples.is_array() { &examples[0] } else { examples };
        compact(first["response"].as_str().unwrap_or_else(|| panic!("no example response for {method} {path}")))
    };
    // Every realtime server event example that is one of the union's events.
    let events: Vec<String> = spec["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, _)| name.starts_with("RealtimeServerEvent") && !name.starts_with("RealtimeServerEventBeta"))
        .filter_map(|(_, schema)| schema["x-oaiMeta"]["example"].as_str())
        .filter_map(|text| serde_json::from_str::<Value>(text).ok().map(|v| v.to_string()))
        .filter(|text| serde_json::from_str::<openai_models::RealtimeServerEvent>(text).is_ok())
        .collect();

    println!("| payload | bytes | types | deserialize MB/s | serialize MB/s | without unknown-field maps: de | ser | without lenient reading: de (same payloads, written back) | leniency costs (de) | serde_json::Value de | Value ser | async-openai de | async-openai ser |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let done = example("RealtimeServerEventResponseDone");
    row::<openai_models::RealtimeServerEventResponseDone, openai_models_lean::RealtimeServerEventResponseDone, openai_models_strict::RealtimeServerEventResponseDone, async_openai::types::realtime::RealtimeServerEvent>("realtime response.done event", &[done]);
    let chat = operation_response("/chat/completions", "post");
    row::<openai_models::CreateChatCompletionResponse, openai_models_lean::CreateChatCompletionResponse, openai_models_strict::CreateChatCompletionResponse, async_openai::types::chat::CreateChatCompletionResponse>("chat completion", &[chat]);
    let response = operation_response("/responses", "post");
    row::<openai_models::Response, openai_models_lean::Response, openai_models_strict::Response, async_openai::types::responses::Response>("Responses API response", &[response]);
    row::<openai_models::RealtimeServerEvent, openai_models_lean::RealtimeServerEvent, openai_models_strict::RealtimeServerEvent, async_openai::types::realtime::RealtimeServerEvent>(
        &format!("stream of {} realtime server events", events.len()),
        &events,
    );
    // The same union on the events both crates accept: our tag dispatch beside serde's
    // `#[serde(tag = "type")]` derive on the same shapes.
    let shared: Vec<String> = events
        .iter()
        .filter(|e| serde_json::from_str::<async_openai::types::realtime::RealtimeServerEvent>(e).is_ok())
        .cloned()
        .collect();
    row::<openai_models::RealtimeServerEvent, openai_models_lean::RealtimeServerEvent, openai_models_strict::RealtimeServerEvent, async_openai::types::realtime::RealtimeServerEvent>(
        &format!("the {} of those events async-openai accepts", shared.len()),
        &shared,
    );
}

fn compact(text: &str) -> String {
    serde_json::from_str::<Value>(text).map(|v| v.to_string()).unwrap_or_else(|e| panic!("example is not JSON: {e}"))
}

fn row<Ours, Lean, Strict, Theirs>(label: &str, payloads: &[String])
where
    Ours: DeserializeOwned + Serialize,
    Lean: DeserializeOwned + Serialize,
    Strict: DeserializeOwned + Serialize,
    Theirs: DeserializeOwned + Serialize,
{
    let bytes: usize = payloads.iter().map(String::len).sum();
    let (ours_de, ours_ser) = throughput::<Ours>(payloads);
    let (lean_de, lean_ser) = throughput::<Lean>(payloads);
    // Leniency's price on payloads both crates read: the payloads as this crate writes them back
    // (a required field an example leaves out is there, with its default). Measured in turns,
    // best of three each, so the two see the same machine.
    let filled: Vec<String> = payloads
        .iter()
        .map(|p| serde_json::to_string(&serde_json::from_str::<Ours>(p).expect("deserializes")).expect("serializes"))
        .collect();
    let (strict_de, leniency) = if filled.iter().all(|p| serde_json::from_str::<Strict>(p).is_ok()) {
        let (mut lenient_best, mut strict_best) = (0f64, 0f64);
        for _ in 0..3 {
            lenient_best = lenient_best.max(deserialize_rate::<Ours>(&filled));
            strict_best = strict_best.max(deserialize_rate::<Strict>(&filled));
        }
        (format!("{strict_best:.0}"), format!("{:+.1}%", (strict_best / lenient_best - 1.0) * 100.0))
    } else {
        ("fails".to_owned(), "-".to_owned())
    };
    let (value_de, value_ser) = throughput::<Value>(payloads);
    let theirs = if payloads.iter().all(|p| serde_json::from_str::<Theirs>(p).is_ok()) {
        let (de, ser) = throughput::<Theirs>(payloads);
        (format!("{de:.0}"), format!("{ser:.0}"))
    } else {
        let failing = payloads.iter().filter(|p| serde_json::from_str::<Theirs>(p).is_err()).count();
        (format!("fails on {failing} of {}", payloads.len()), "-".into())
    };
    println!(
        "| {label} | {bytes} | {} | {ours_de:.0} | {ours_ser:.0} | {lean_de:.0} | {lean_ser:.0} | {strict_de} | {leniency} | {value_de:.0} | {value_ser:.0} | {} | {} |",
        std::any::type_name::<Ours>().rsplit("::").next().unwrap_or(""),
        theirs.0,
        theirs.1
    );
}

/// Deserialize throughput in MB/s over the payloads, run for about `BUDGET`.
fn deserialize_rate<T: DeserializeOwned>(payloads: &[String]) -> f64 {
    let bytes: usize = payloads.iter().map(String::len).sum();
    rate(bytes, || {
        for payload in payloads {
            black_box(serde_json::from_str::<T>(black_box(payload)).ok());
        }
    })
}

/// (deserialize, serialize) in MB/s over the payloads, each run for about `BUDGET`.
fn throughput<T: DeserializeOwned + Serialize>(payloads: &[String]) -> (f64, f64) {
    let bytes: usize = payloads.iter().map(String::len).sum();
    let typed: Vec<T> = payloads.iter().map(|p| serde_json::from_str(p).expect("deserializes")).collect();
    let de = rate(bytes, || {
        for payload in payloads {
            black_box(serde_json::from_str::<T>(black_box(payload)).ok());
        }
    });
    let ser = rate(bytes, || {
        for value in &typed {
            black_box(serde_json::to_string(black_box(value)).ok());
        }
    });
    (de, ser)
}

fn rate(bytes: usize, mut pass: impl FnMut()) -> f64 {
    pass();
    let start = Instant::now();
    let mut passes = 0u64;
    while start.elapsed() < BUDGET {
        pass();
        passes += 1;
    }
    (bytes as f64 * passes as f64) / start.elapsed().as_secs_f64() / 1e6
}

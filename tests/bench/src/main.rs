//! Deserialize and serialize throughput (MB/s) of the generated types on payloads from the
//! spec, beside the same types with structs read by serde's derive (with and without
//! unknown-field maps; today's unions), the crate without maps as the generator before this
//! change wrote it (derive, unions buffered through `serde_json::Value`), the same types through
//! a SIMD JSON reader,
//! `serde_json::Value` and async-openai's types, on the same bytes; then what lenient reading
//! costs. Run by `cargo xtask bench`, which first writes the variant crates into `target/bench/`.
//!
//! Deserialization is measured in turns (every reader once per round, best of three rounds), so
//! the figures of one row see the same machine.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// How long each measurement runs.
const BUDGET: Duration = Duration::from_millis(300);
/// Rounds of the in-turn measurements; the best of each reader is kept.
const ROUNDS: usize = 3;

/// Reads one payload, or says it cannot.
type Reader = fn(&str) -> bool;

fn main() {
    // `cargo xtask bench` names the pinned spec.
    let source = std::env::var("OPENAPI_SPEC").unwrap_or_else(|_| panic!("OPENAPI_SPEC is not set: run this through `cargo xtask bench`"));
    let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let spec = codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let schemas = &spec["components"]["schemas"];
    let example = |schema: &str| -> Option<String> { compact(schemas[schema]["x-oaiMeta"]["example"].as_str()?) };
    let operation_examples = |path: &str, method: &str| -> Vec<String> {
        let examples = &spec["paths"][path][method]["x-oaiMeta"]["examples"];
        let list = if examples.is_array() { examples.as_array().cloned().unwrap_or_default() } else { vec![examples.clone()] };
        list.iter().filter_map(|e| e["response"].as_str().map(str::to_owned)).collect()
    };
    let operation_response = |path: &str, method: &str| -> String {
        operation_examples(path, method).iter().find_map(|text| compact(text)).unwrap_or_else(|| panic!("no JSON example response for {method} {path}"))
    };
    // Every realtime server event example that is one of the union's events.
    let events: Vec<String> = schemas
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(name, _)| name.starts_with("RealtimeServerEvent") && !name.starts_with("RealtimeServerEventBeta"))
        .filter_map(|(_, schema)| compact(schema["x-oaiMeta"]["example"].as_str()?))
        .filter(|text| serde_json::from_str::<openai_models::RealtimeServerEvent>(text).is_ok())
        .collect();
    let shared: Vec<String> = events.iter().filter(|e| serde_json::from_str::<async_openai::types::realtime::RealtimeServerEvent>(e).is_ok()).cloned().collect();
    let session = realtime_session(&example);
    // The `data:` lines of the streamed Responses API example.
    let stream: Vec<String> = operation_examples("/responses", "post")
        .iter()
        .filter(|text| text.contains("\ndata: ") || text.starts_with("event: "))
        .flat_map(|text| text.lines().filter_map(|line| line.strip_prefix("data: ")).filter_map(compact).collect::<Vec<_>>())
        .collect();
    let (largest_name, largest) = largest_example(schemas);

    // `BENCH_COUNT="ROW READER PASSES"` (from `cargo xtask bench --instructions`, under
    // callgrind): only that reader on that row's payloads, PASSES times, and nothing printed;
    // with `bytes` for PASSES, the bytes of one pass printed; with `label`, the row's label. A
    // row past the last ends with exit code 4.
    let count: Option<(usize, String, String)> = std::env::var("BENCH_COUNT").ok().map(|spec| {
        let parts: Vec<&str> = spec.split_whitespace().collect();
        let [row, reader, passes] = parts[..] else { panic!("BENCH_COUNT is ROW READER PASSES, not {spec:?}") };
        (row.parse().expect("a row index"), reader.to_owned(), passes.to_owned())
    });
    let mut rows = 0usize;
    let mut leniency = Vec::new();
    if count.is_none() {
        println!("| payload | bytes | type | de | ser | de through sonic-rs | serde's derive for structs: de | the same without unknown-field maps: de | before this change, without unknown-field maps: de | async-openai de | async-openai ser | `serde_json::Value` de | de against the best of the derive without maps and async-openai | de against the best of before this change and async-openai |");
        println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    }
    // Under `BENCH_COUNT`: runs the named reader of the named row, then ends the process.
    macro_rules! counted {
        ($label:expr, $payloads:expr, $ty:ident, $theirs:ty, $has_theirs:literal) => {{
            let index = rows;
            rows += 1;
            if let Some((row, reader, passes)) = &count {
                if *row == index {
                    if passes == "label" {
                        println!("{}", $label);
                        std::process::exit(0);
                    }
                    let payloads: &[String] = $payloads;
                    let filled = || payloads.iter().map(|p| serde_json::to_string(&serde_json::from_str::<openai_models::$ty>(p).expect("reads")).expect("writes")).collect::<Vec<_>>();
                    let (reader, texts): (Reader, Vec<String>) = match reader.as_str() {
                        "ours" => (read::<openai_models::$ty>, payloads.to_vec()),
                        "derived" => (read::<openai_models_derived::$ty>, payloads.to_vec()),
                        "derived-lean" => (read::<openai_models_derived_lean::$ty>, payloads.to_vec()),
                        "before-lean" => (read::<openai_models_before_lean::$ty>, payloads.to_vec()),
                        "before-presence" => (read::<openai_models_before_presence::$ty>, payloads.to_vec()),
                        "ours-filled" => (read::<openai_models::$ty>, filled()),
                        "strict-filled" => (read::<openai_models_strict::$ty>, filled()),
                        // Exit code 3: the comparison crate has no such type.
                        "async-openai" if !$has_theirs => std::process::exit(3),
                        "async-openai" => (read::<$theirs>, payloads.to_vec()),
                        other => panic!("no reader {other}"),
                    };
                    if passes == "bytes" {
                        println!("{}", texts.iter().map(String::len).sum::<usize>());
                    } else {
                        for _ in 0..passes.parse::<usize>().expect("a number of passes") {
                            assert!(texts.iter().all(|p| reader(p)), "the reader fails on a payload");
                        }
                    }
                    std::process::exit(0);
                }
            }
            count.is_some()
        }};
    }
    macro_rules! row {
        ($label:expr, $payloads:expr, $ty:ident, $theirs:ty) => {
            row!(@ $label, $payloads, $ty, $theirs, true)
        };
        // async-openai has no such type.
        ($label:expr, $payloads:expr, $ty:ident) => {
            row!(@ $label, $payloads, $ty, serde_json::Value, false)
        };
        (@ $label:expr, $payloads:expr, $ty:ident, $theirs:ty, $has_theirs:literal) => {{
            if !counted!($label, $payloads, $ty, $theirs, $has_theirs) {
                let payloads: &[String] = $payloads;
                let theirs: Option<(Reader, fn(&[String]) -> f64)> = $has_theirs.then_some((read::<$theirs>, serialize_rate::<$theirs>));
                row::<openai_models::$ty>(
                    $label,
                    payloads,
                    stringify!($ty),
                    [read_sonic::<openai_models::$ty>, read::<openai_models_derived::$ty>, read::<openai_models_derived_lean::$ty>, read::<openai_models_before_lean::$ty>],
                    theirs,
                );
                leniency.push(($label.to_string(), lenient_price::<openai_models::$ty, openai_models_strict::$ty>(payloads)));
            }
        }};
    }
    let one = |text: Option<String>, what: &str| vec![text.unwrap_or_else(|| panic!("no example of {what}"))];
    row!("realtime `response.done` event", &one(example("RealtimeServerEventResponseDone"), "response.done"), RealtimeServerEventResponseDone, async_openai::types::realtime::RealtimeServerEvent);
    let chat = operation_response("/chat/completions", "post");
    row!("chat completion", &[chat.clone()], CreateChatCompletionResponse, async_openai::types::chat::CreateChatCompletionResponse);
    // Built from that example and the spec's shapes: long strings, and long arrays of numbers.
    let audio = chat_with_audio(&chat);
    let label = format!("a chat completion with audio ({} KB of base64)", audio.len() / 1000);
    row!(&label, &[audio], CreateChatCompletionResponse, async_openai::types::chat::CreateChatCompletionResponse);
    row!(&format!("a chat completion with logprobs ({LOGPROB_TOKENS} tokens, {TOP_LOGPROBS} top logprobs each)"), &[chat_with_logprobs(&chat)], CreateChatCompletionResponse, async_openai::types::chat::CreateChatCompletionResponse);
    row!("Responses API response", &[operation_response("/responses", "post")], Response, async_openai::types::responses::Response);
    row!(&format!("the largest example payload of the spec ({largest_name})"), &[largest], EvalRun);
    row!(&format!("a Responses API stream ({} events)", stream.len()), &stream, ResponseStreamEvent, async_openai::types::responses::ResponseStreamEvent);
    // The same events as a WebSocket sends them, each with the lane it came on: a struct merged
    // with the stream event union (async-openai has no such type).
    let lanes: Vec<String> = stream.iter().map(|event| event.replacen('{', r#"{"stream_id":"lane-1","#, 1)).collect();
    row!(&format!("the same stream over a WebSocket, each event with its `stream_id` ({} events)", lanes.len()), &lanes, ResponsesWebSocketStreamEvent);
    row!(&format!("a realtime voice session ({} events)", session.len()), &session, RealtimeServerEvent, async_openai::types::realtime::RealtimeServerEvent);
    row!(&format!("every realtime server event example ({})", events.len()), &events, RealtimeServerEvent, async_openai::types::realtime::RealtimeServerEvent);
    // The same union on the events both crates accept: our tag dispatch beside serde's
    // `#[serde(tag = "type")]` derive on the same shapes.
    row!(&format!("the {} of those async-openai reads", shared.len()), &shared, RealtimeServerEvent, async_openai::types::realtime::RealtimeServerEvent);

    if let Some((row, ..)) = count {
        eprintln!("BENCH_COUNT names row {row} of {rows}");
        std::process::exit(4);
    }
    println!("\n### What lenient reading costs\n");
    println!("The payloads as `generated/` writes them back (a required field an example leaves out is there), read by `generated/` and by the same crate generated with `lenient: false`, in turns.\n");
    println!("| payload | lenient de | strict de | leniency costs |");
    println!("|---|---|---|---|");
    for (label, (lenient, strict)) in leniency {
        match strict {
            Some(strict) => println!("| {label} | {lenient:.0} | {strict:.0} | {:+.1}% |", (strict / lenient - 1.0) * 100.0),
            None => println!("| {label} | {lenient:.0} | fails | - |"),
        }
    }
}

/// The compact JSON text of an example, if it is JSON.
fn compact(text: &str) -> Option<String> {
    serde_json::from_str::<Value>(text).ok().map(|v| v.to_string())
}

/// The example payload (`x-oaiMeta.example`) of the most bytes that `generated/` reads as its
/// schema, among the schemas this benchmark has types for.
fn largest_example(schemas: &Value) -> (String, String) {
    let mut best: Option<(String, String)> = None;
    for (name, schema) in schemas.as_object().into_iter().flatten() {
        let Some(text) = schema["x-oaiMeta"]["example"].as_str().and_then(compact) else { continue };
        if best.as_ref().is_none_or(|(_, b)| text.len() > b.len()) {
            best = Some((name.clone(), text));
        }
    }
    let (name, text) = best.expect("the spec has example payloads");
    assert_eq!(name, "EvalRun", "the largest example is now {name}: point the benchmark's row at its type");
    (name, text)
}

/// A realtime voice session as a client sees it, from the spec's event examples: three turns of
/// speech in, transcription, and an answer streamed as audio and transcript deltas.
fn realtime_session(example: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let event = |name: &str| example(&format!("RealtimeServerEvent{name}")).unwrap_or_else(|| panic!("no JSON example of {name}"));
    let mut session = Vec::new();
    for _turn in 0..3 {
        for name in ["InputAudioBufferSpeechStarted", "InputAudioBufferSpeechStopped", "InputAudioBufferCommitted", "ConversationItemAdded"] {
            session.push(event(name));
        }
        session.extend(std::iter::repeat_n(event("ConversationItemInputAudioTranscriptionDelta"), 5));
        for name in ["ConversationItemInputAudioTranscriptionCompleted", "ResponseOutputItemAdded", "ResponseContentPartAdded"] {
            session.push(event(name));
        }
        for _ in 0..40 {
            session.push(event("ResponseAudioTranscriptDelta"));
            session.push(event("ResponseAudioDelta"));
        }
        for name in ["ResponseAudioDone", "ResponseAudioTranscriptDone", "ResponseContentPartDone", "ResponseOutputItemDone", "ConversationItemDone", "ResponseDone", "RateLimitsUpdated"] {
            session.push(event(name));
        }
    }
    session
}

/// Deterministic pseudo-random numbers (splitmix64): every run reads the same bytes.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound`.
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }

    /// A log probability as the API writes it: an `f32`, in its shortest form.
    fn logprob(&mut self, scale: f32) -> Value {
        let value = -((self.next() >> 40) as f32 / (1u64 << 24) as f32) * scale;
        serde_json::from_str(&value.to_string()).expect("a JSON number")
    }
}

/// Standard base64 with padding, as the API sends audio.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut text = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            text.push(if i <= chunk.len() { char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]) } else { '=' });
        }
    }
    text
}

/// Bytes of audio in [`chat_with_audio`]: 24 kHz 16-bit mono PCM, about 4.6 s; base64 makes
/// them about 295 KB of text.
const AUDIO_BYTES: usize = 221_184;

/// The spec's chat completion example answered with audio (`message.audio`, the shape of
/// `ChatCompletionResponseMessage`): pseudo-random PCM bytes in base64, and its transcript.
fn chat_with_audio(example: &str) -> String {
    let mut random = Random(28);
    let pcm: Vec<u8> = (0..AUDIO_BYTES).map(|_| random.next() as u8).collect();
    let mut completion: Value = serde_json::from_str(example).expect("the example is JSON");
    let message = &mut completion["choices"][0]["message"];
    let transcript = message["content"].take();
    message["audio"] = serde_json::json!({
        "id": "audio_67cf5a1f8a6c8190b4d3c0a5e2f1d7c9",
        "expires_at": 1741573552,
        "data": base64(&pcm),
        "transcript": transcript,
    });
    completion.to_string()
}

/// Tokens in [`chat_with_logprobs`], and the top logprobs of each.
const LOGPROB_TOKENS: usize = 400;
const TOP_LOGPROBS: usize = 5;

/// The spec's chat completion example with logprobs (`choices[].logprobs.content[]`, the shape
/// of `ChatCompletionTokenLogprob`): each token with its logprob, its UTF-8 bytes and its top
/// logprobs, each with their own bytes. The tokens are drawn from a small vocabulary, a few of
/// them not ASCII.
fn chat_with_logprobs(example: &str) -> String {
    const VOCABULARY: &[&str] = &[
        "Hello", "!", " How", " can", " I", " assist", " you", " today", "?", " The", " image", " shows", " a", " wooden", " board", "walk",
        " path", " running", " through", " lush", " green", " field", ".", ",", " café", " naïve", " —", " 東京", "\n", " über", " 1", "2",
    ];
    let mut random = Random(4);
    let token_value = |token: &str, logprob: Value| serde_json::json!({ "token": token, "logprob": logprob, "bytes": token.as_bytes() });
    let mut content = String::new();
    let mut tokens = Vec::with_capacity(LOGPROB_TOKENS);
    for _ in 0..LOGPROB_TOKENS {
        let token = VOCABULARY[random.below(VOCABULARY.len())];
        content.push_str(token);
        let logprob = random.logprob(2.0);
        let mut top = vec![token_value(token, logprob.clone())];
        top.extend((1..TOP_LOGPROBS).map(|_| token_value(VOCABULARY[random.below(VOCABULARY.len())], random.logprob(12.0))));
        let mut entry = token_value(token, logprob);
        entry["top_logprobs"] = Value::Array(top);
        tokens.push(entry);
    }
    let mut completion: Value = serde_json::from_str(example).expect("the example is JSON");
    let choice = &mut completion["choices"][0];
    choice["message"]["content"] = Value::String(content);
    choice["logprobs"] = serde_json::json!({ "content": tokens, "refusal": null });
    completion.to_string()
}

fn read<T: DeserializeOwned>(text: &str) -> bool {
    black_box(serde_json::from_str::<T>(black_box(text))).is_ok()
}

fn read_sonic<T: DeserializeOwned>(text: &str) -> bool {
    black_box(sonic_rs::from_str::<T>(black_box(text))).is_ok()
}

/// One row: `Ours` by serde_json and the other readers (sonic-rs, derive, derive without maps,
/// before this change without maps), in turns.
fn row<Ours: DeserializeOwned + Serialize>(label: &str, payloads: &[String], name: &str, others: [Reader; 4], theirs: Option<(Reader, fn(&[String]) -> f64)>) {
    const VALUE: usize = 5;
    const THEIRS: usize = 6;
    let bytes: usize = payloads.iter().map(String::len).sum();
    let mut readers: Vec<Reader> = vec![read::<Ours>];
    readers.extend(others);
    readers.push(read::<Value>);
    if let Some((read_theirs, _)) = theirs {
        readers.push(read_theirs);
    }
    let rates = in_turns(&readers, payloads);
    let cell = |rate: Option<f64>| rate.map_or_else(|| "fails".to_owned(), |r| format!("{r:.0}"));
    let ours = rates[0].expect("generated/ reads every payload of the benchmark");
    let (theirs_de, theirs_ser) = match theirs {
        Some((_, serialize)) => match rates[THEIRS] {
            Some(rate) => (cell(Some(rate)), format!("{:.0}", serialize(payloads))),
            None => {
                let failing = payloads.iter().filter(|p| !(readers[THEIRS])(p)).count();
                (format!("fails on {failing} of {}", payloads.len()), "-".to_owned())
            }
        },
        None => ("no such type".to_owned(), "-".to_owned()),
    };
    let theirs_rate = theirs.and(rates.get(THEIRS).copied().flatten());
    let against = |rival: Option<f64>| ours / [rival, theirs_rate].into_iter().flatten().fold(0f64, f64::max);
    println!(
        "| {label} | {bytes} | `{name}` | {ours:.0} | {:.0} | {} | {} | {} | {} | {theirs_de} | {theirs_ser} | {} | {:.2}× | {:.2}× |",
        serialize_rate::<Ours>(payloads),
        cell(rates[1]),
        cell(rates[2]),
        cell(rates[3]),
        cell(rates[4]),
        cell(rates[VALUE]),
        against(rates[3]),
        against(rates[4])
    );
}

/// Deserialization rates of each reader over the payloads, in turns, best of [`ROUNDS`];
/// `None` for a reader that fails on one of them.
fn in_turns(readers: &[Reader], payloads: &[String]) -> Vec<Option<f64>> {
    let bytes: usize = payloads.iter().map(String::len).sum();
    let reads: Vec<bool> = readers.iter().map(|read| payloads.iter().all(|p| read(p))).collect();
    let mut best = vec![0f64; readers.len()];
    for _ in 0..ROUNDS {
        for (index, read) in readers.iter().enumerate() {
            if reads[index] {
                let rate = rate(bytes, || payloads.iter().for_each(|p| _ = read(p)));
                best[index] = best[index].max(rate);
            }
        }
    }
    best.into_iter().zip(reads).map(|(rate, reads)| reads.then_some(rate)).collect()
}

/// (lenient, strict) deserialization rates on the payloads as `Ours` writes them back; strict is
/// `None` when the strict crate cannot read them.
fn lenient_price<Ours: DeserializeOwned + Serialize, Strict: DeserializeOwned>(payloads: &[String]) -> (f64, Option<f64>) {
    let filled: Vec<String> = payloads
        .iter()
        .map(|p| serde_json::to_string(&serde_json::from_str::<Ours>(p).expect("deserializes")).expect("serializes"))
        .collect();
    let rates = in_turns(&[read::<Ours>, read::<Strict>], &filled);
    (rates[0].expect("generated/ reads what it wrote"), rates[1])
}

/// Serialize throughput in MB/s of the payloads as read by `T`.
fn serialize_rate<T: DeserializeOwned + Serialize>(payloads: &[String]) -> f64 {
    let bytes: usize = payloads.iter().map(String::len).sum();
    let typed: Vec<T> = payloads.iter().map(|p| serde_json::from_str(p).expect("deserializes")).collect();
    rate(bytes, || {
        for value in &typed {
            black_box(serde_json::to_string(black_box(value)).ok());
        }
    })
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

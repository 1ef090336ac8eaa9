//! The stream accumulators of `openai_models::helpers`: the chunks of a streamed chat completion
//! and the events of a streamed response, each folded into the answer the same request gives
//! without streaming. On the spec's own example streams, and on streams written here that
//! interleave several choices, tool calls, reasoning summaries and refusals.

use openai_models::call::EventReader;
use openai_models::helpers::{ChatCompletionAccumulator, ResponseAccumulator};
use openai_models::{CreateChatCompletionResponse, CreateChatCompletionStreamResponse, Response, ResponseStreamEvent};
use serde_json::{json, Value};

/// The `response` text of an operation's example titled `title` (an SSE stream for `Streaming`).
fn example_response(path: &str, title: &str) -> String {
    let spec = e2e::spec();
    let examples = spec["paths"][path]["post"]["x-oaiMeta"]["examples"].as_array().cloned().unwrap_or_default();
    let example = examples.iter().find(|example| example["title"] == title);
    let text = example.and_then(|example| example["response"].as_str());
    text.unwrap_or_else(|| panic!("the spec has no {title:?} example of POST {path}")).to_owned()
}

/// The JSON lines of an example stream (its `data:` lines, or bare JSON lines); the spec elides
/// part of each stream with `...`, which is skipped.
fn stream_lines(stream: &str) -> Vec<&str> {
    stream.lines().map(|line| line.trim().trim_start_matches("data:").trim()).filter(|line| line.starts_with('{')).collect()
}

fn chat(chunks: &[Value]) -> CreateChatCompletionResponse {
    let mut stream = ChatCompletionAccumulator::new();
    for chunk in chunks {
        let chunk: CreateChatCompletionStreamResponse = serde_json::from_value(chunk.clone()).expect("a chunk reads");
        stream.push(&chunk);
    }
    stream.finish()
}

fn written<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializes")
}

#[test]
fn the_spec_chat_stream_joins_into_its_completion() {
    let stream = example_response("/chat/completions", "Streaming");
    let chunks: Vec<Value> = stream_lines(&stream).into_iter().map(|line| serde_json::from_str(line).expect("a chunk is JSON")).collect();
    assert!(chunks.len() >= 3, "the example streams {} chunks", chunks.len());
    // What the same request answers without `stream` (the chunks' fields, `chat.completion`).
    let expected = json!({
        "id": "chatcmpl-123", "object": "chat.completion", "created": 1694268190, "model": "gpt-4o-mini",
        "system_fingerprint": "fp_44709d6fcb",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello", "refusal": null}, "logprobs": null, "finish_reason": "stop"}]
    });
    assert_eq!(written(&chat(&chunks)), expected);
}

/// Two choices (`n: 2`) whose chunks interleave: the first calls two tools in parallel, their
/// arguments arriving in pieces that alternate; the second answers in text. Usage comes last,
/// in a chunk without choices (`stream_options.include_usage`).
#[test]
fn interleaved_choices_and_tool_calls_join_into_the_non_streamed_answer() {
    let chunk = |choices: Value| json!({"id": "chatcmpl-9", "object": "chat.completion.chunk", "created": 1700000000, "model": "gpt-4.1-2025-04-14", "service_tier": "default", "system_fingerprint": "fp_1", "choices": choices});
    let call = |index: u32, mut piece: Value| {
        piece["index"] = json!(index);
        json!({"index": 0, "delta": {"tool_calls": [piece]}, "logprobs": null, "finish_reason": null})
    };
    let text = |piece: &str| json!({"index": 1, "delta": {"content": piece}, "logprobs": null, "finish_reason": null});
    let mut chunks = vec![
        chunk(json!([
            {"index": 0, "delta": {"role": "assistant", "content": null, "refusal": null}, "logprobs": null, "finish_reason": null},
            {"index": 1, "delta": {"role": "assistant", "content": "", "refusal": null}, "logprobs": null, "finish_reason": null}
        ])),
        chunk(json!([call(0, json!({"id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": ""}}))])),
        chunk(json!([text("It is")])),
        chunk(json!([call(1, json!({"id": "call_b", "type": "function", "function": {"name": "get_time", "arguments": ""}}))])),
        chunk(json!([call(0, json!({"function": {"arguments": "{\"city\":"}}))])),
        chunk(json!([call(1, json!({"function": {"arguments": "{\"tz\":\"CET\"}"}})), text(" sunny.")])),
        chunk(json!([call(0, json!({"function": {"arguments": "\"Paris\"}"}}))])),
        chunk(json!([
            {"index": 1, "delta": {}, "logprobs": null, "finish_reason": "stop"},
            {"index": 0, "delta": {}, "logprobs": null, "finish_reason": "tool_calls"}
        ])),
    ];
    let mut last = chunk(json!([]));
    last["usage"] = json!({"prompt_tokens": 20, "completion_tokens": 30, "total_tokens": 50});
    chunks.push(last);

    let expected = json!({
        "id": "chatcmpl-9", "object": "chat.completion", "created": 1700000000, "model": "gpt-4.1-2025-04-14",
        "service_tier": "default", "system_fingerprint": "fp_1",
        "choices": [
            {"index": 0, "logprobs": null, "finish_reason": "tool_calls", "message": {"role": "assistant", "content": null, "refusal": null, "tool_calls": [
                {"id": "call_a", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}},
                {"id": "call_b", "type": "function", "function": {"name": "get_time", "arguments": "{\"tz\":\"CET\"}"}}
            ]}},
            {"index": 1, "logprobs": null, "finish_reason": "stop", "message": {"role": "assistant", "content": "It is sunny.", "refusal": null}}
        ],
        "usage": {"prompt_tokens": 20, "completion_tokens": 30, "total_tokens": 50}
    });
    assert_eq!(written(&chat(&chunks)), expected);
    // The choices come out in the order of their index whichever spoke first.
    let mut reversed = chunks.clone();
    reversed[0]["choices"].as_array_mut().expect("choices").reverse();
    assert_eq!(written(&chat(&reversed)), expected);
}

#[test]
fn log_probabilities_and_a_refusal_are_appended() {
    let token = |t: &str| json!({"token": t, "logprob": -0.5, "bytes": null, "top_logprobs": []});
    let chunk = |delta: Value, content: Value, finish: Value| {
        json!({"id": "c", "object": "chat.completion.chunk", "created": 1, "model": "m",
        "choices": [{"index": 0, "delta": delta, "logprobs": {"content": content, "refusal": null}, "finish_reason": finish}]})
    };
    let chunks = [
        chunk(json!({"role": "assistant", "refusal": "I can"}), json!([token("I")]), Value::Null),
        chunk(json!({"refusal": "not."}), json!([token(" can")]), json!("stop")),
    ];
    let completion = chat(&chunks);
    let choice = &completion.choices[0];
    assert_eq!(choice.message.refusal.as_deref(), Some("I cannot."));
    assert_eq!(choice.message.content, None);
    let tokens: Vec<&str> = choice.logprobs.as_ref().and_then(|l| l.content.as_ref()).into_iter().flatten().map(|t| t.token.as_str()).collect();
    assert_eq!(tokens, ["I", " can"]);
}

fn events(lines: &[Value]) -> Vec<ResponseStreamEvent> {
    lines.iter().map(|line| serde_json::from_value(line.clone()).unwrap_or_else(|e| panic!("{e}: {line}"))).collect()
}

fn fold(events: &[ResponseStreamEvent]) -> Response {
    let mut stream = ResponseAccumulator::new();
    for event in events {
        stream.push(event);
    }
    stream.finish()
}

#[test]
fn the_spec_response_stream_joins_into_its_final_output() {
    let stream = example_response("/responses", "Streaming");
    let all: Vec<ResponseStreamEvent> = stream_lines(&stream).into_iter().map(|line| serde_json::from_str(line).expect("an event reads")).collect();
    let Some(ResponseStreamEvent::ResponseCompleted(completed)) = all.last() else { panic!("the example ends with response.completed") };
    // Folded without the last event, which repeats the whole response: the deltas alone build it.
    let deltas: Vec<ResponseStreamEvent> = all[..all.len() - 1]
        .iter()
        .filter(|e| !matches!(e, ResponseStreamEvent::ResponseOutputItemDone(_) | ResponseStreamEvent::ResponseContentPartDone(_)))
        .cloned()
        .collect();
    let folded = fold(&deltas);
    assert!(!folded.output.is_empty());
    // The example elides deltas (`...`): its text is what the deltas it shows and the `done` events say.
    let done_text = all.iter().find_map(|e| match e {
        ResponseStreamEvent::ResponseOutputTextDone(done) => Some(done.text.clone()),
        _ => None,
    });
    assert_eq!(Some(folded.output_text()), done_text);
    assert_eq!(
        written(&folded.output),
        written(&completed.response.output)
            .as_array()
            .map(|items| {
                // The item as it stands before its `output_item.done`: still `in_progress`.
                items
                    .iter()
                    .map(|item| {
                        let mut item = item.clone();
                        item["status"] = json!("in_progress");
                        item
                    })
                    .collect::<Vec<_>>()
            })
            .map(Value::from)
            .expect("an output list")
    );
    assert_eq!(folded.id, completed.response.id);
    // With every event, the answer is the final response.
    assert_eq!(written(&fold(&all)), written(&completed.response));
    assert_eq!(fold(&all).output_text(), "Hi there! How can I assist you today?");
}

/// A response with a reasoning item (two summary parts), a function call, a message whose text
/// gets an annotation, and a refused message; the events of the items interleave.
fn written_stream(with_done_events: bool) -> Vec<Value> {
    let response = json!({"id": "resp_9", "object": "response", "created_at": 1741290958, "status": "in_progress", "model": "gpt-5",
        "output": [], "parallel_tool_calls": true, "tool_choice": "auto", "tools": [], "usage": null});
    let mut lines = vec![
        json!({"type": "response.created", "sequence_number": 0, "response": response}),
        json!({"type": "response.output_item.added", "output_index": 0, "item": {"type": "reasoning", "id": "rs_1", "summary": []}}),
        json!({"type": "response.reasoning_summary_part.added", "item_id": "rs_1", "output_index": 0, "summary_index": 0, "part": {"type": "summary_text", "text": ""}}),
        json!({"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "output_index": 0, "summary_index": 0, "delta": "Weather "}),
        json!({"type": "response.output_item.added", "output_index": 1, "item": {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": "", "status": "in_progress"}}),
        json!({"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "output_index": 0, "summary_index": 0, "delta": "first."}),
        json!({"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 1, "delta": "{\"city\":"}),
        json!({"type": "response.reasoning_summary_part.added", "item_id": "rs_1", "output_index": 0, "summary_index": 1, "part": {"type": "summary_text", "text": ""}}),
        json!({"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "output_index": 0, "summary_index": 1, "delta": "Then answer."}),
        json!({"type": "response.function_call_arguments.delta", "item_id": "fc_1", "output_index": 1, "delta": "\"Paris\"}"}),
        json!({"type": "response.output_item.added", "output_index": 2, "item": {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": []}}),
        json!({"type": "response.content_part.added", "item_id": "msg_1", "output_index": 2, "content_index": 0, "part": {"type": "output_text", "text": "", "annotations": [], "logprobs": []}}),
        json!({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 2, "content_index": 0, "delta": "Sunny, ", "logprobs": []}),
        json!({"type": "response.output_item.added", "output_index": 3, "item": {"type": "message", "id": "msg_2", "status": "in_progress", "role": "assistant", "content": []}}),
        json!({"type": "response.content_part.added", "item_id": "msg_2", "output_index": 3, "content_index": 0, "part": {"type": "refusal", "refusal": ""}}),
        json!({"type": "response.output_text.delta", "item_id": "msg_1", "output_index": 2, "content_index": 0, "delta": "says the forecast.", "logprobs": []}),
        json!({"type": "response.refusal.delta", "item_id": "msg_2", "output_index": 3, "content_index": 0, "delta": "No "}),
        json!({"type": "response.output_text.annotation.added", "item_id": "msg_1", "output_index": 2, "content_index": 0, "annotation_index": 0,
            "annotation": {"type": "url_citation", "url": "https://example.com/forecast", "title": "Forecast", "start_index": 0, "end_index": 5}}),
        json!({"type": "response.refusal.delta", "item_id": "msg_2", "output_index": 3, "content_index": 0, "delta": "secrets."}),
    ];
    if with_done_events {
        // The `done` events repeat what the deltas built; an item's last state is its `done`.
        lines.extend([
            json!({"type": "response.reasoning_summary_text.done", "item_id": "rs_1", "output_index": 0, "summary_index": 1, "text": "Then answer."}),
            json!({"type": "response.function_call_arguments.done", "item_id": "fc_1", "output_index": 1, "name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}),
            json!({"type": "response.output_text.done", "item_id": "msg_1", "output_index": 2, "content_index": 0, "text": "Sunny, says the forecast.", "logprobs": []}),
            json!({"type": "response.refusal.done", "item_id": "msg_2", "output_index": 3, "content_index": 0, "refusal": "No secrets."}),
        ]);
    }
    lines
}

/// What the same request answers without `stream` (status aside: the stream above stops before
/// its items are done).
fn written_stream_answer() -> Value {
    json!({"id": "resp_9", "object": "response", "created_at": 1741290958, "status": "in_progress", "model": "gpt-5",
    "parallel_tool_calls": true, "tool_choice": "auto", "tools": [], "usage": null,
    "output": [
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Weather first."}, {"type": "summary_text", "text": "Then answer."}]},
        {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "get_weather", "arguments": "{\"city\":\"Paris\"}", "status": "in_progress"},
        {"type": "message", "id": "msg_1", "status": "in_progress", "role": "assistant", "content": [{"type": "output_text", "text": "Sunny, says the forecast.", "logprobs": [],
            "annotations": [{"type": "url_citation", "url": "https://example.com/forecast", "title": "Forecast", "start_index": 0, "end_index": 5}]}]},
        {"type": "message", "id": "msg_2", "status": "in_progress", "role": "assistant", "content": [{"type": "refusal", "refusal": "No secrets."}]}
    ]})
}

#[test]
fn interleaved_reasoning_tool_call_text_and_refusal_join_into_the_answer() {
    let expected: Response = serde_json::from_value(written_stream_answer()).expect("the answer reads");
    for with_done_events in [false, true] {
        let folded = fold(&events(&written_stream(with_done_events)));
        assert_eq!(written(&folded), written(&expected), "with done events: {with_done_events}");
        assert_eq!(folded.output_text(), "Sunny, says the forecast.");
    }
}

#[test]
fn the_final_event_gives_the_response_as_it_ended() {
    let mut lines = written_stream(true);
    let mut completed = written_stream_answer();
    completed["status"] = json!("completed");
    completed["usage"] = json!({"input_tokens": 10, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 20, "output_tokens_details": {"reasoning_tokens": 5}, "total_tokens": 30});
    lines.push(json!({"type": "response.completed", "sequence_number": 99, "response": completed}));
    let folded = fold(&events(&lines));
    let expected: Response = serde_json::from_value(completed).expect("reads");
    assert_eq!(written(&folded), written(&expected));
}

/// The README's example of a streamed chat completion, as it shows it, on the spec's example
/// stream sent as server-sent events in pieces of 7 bytes.
#[test]
fn the_readme_stream_example() -> Result<(), serde_json::Error> {
    let stream = example_response("/chat/completions", "Streaming");
    let sse: String = stream_lines(&stream).iter().map(|line| format!("data: {line}\n\n")).collect::<String>() + "data: [DONE]\n\n";
    let body = sse.as_bytes().chunks(7).map(<[u8]>::to_vec);

    let (mut events, mut stream) = (EventReader::new(), ChatCompletionAccumulator::new());
    for bytes in body {
        for data in events.push(&bytes) {
            stream.push(&serde_json::from_str(&data)?);
        }
    }
    let completion = stream.finish();
    assert_eq!(completion.choices[0].message.content.as_deref().unwrap_or(""), "Hello");
    assert_eq!(completion.choices[0].finish_reason.as_str(), "stop");
    Ok(())
}

//! The payloads that real servers send and the spec calls invalid, one per kind, built from the
//! spec's own examples: each reads, and what was sent is written back.

use e2e::{schema_example, spec};
use openai_models::embedding::EmbeddingEmbedding;
use openai_models::{CreateCompletionResponse, CreateMessageRequest, Embedding, ListRunsResponse, Response, RunObject, WebSearchActionSearch};
use serde_json::{json, Value};

/// The first example response of an operation.
fn operation_response(spec: &Value, path: &str, method: &str) -> Value {
    let examples = &spec["paths"][path][method]["x-oaiMeta"]["examples"];
    let first = if examples.is_array() { &examples[0] } else { examples };
    let text = first["response"].as_str().unwrap_or_else(|| panic!("no example response for {method} {path}"));
    serde_json::from_str(text).unwrap_or_else(|e| panic!("the example response of {method} {path} is not JSON: {e}"))
}

fn read<T: serde::de::DeserializeOwned>(value: &Value) -> T {
    serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("does not read: {e}\n{value:#}"))
}

#[test]
fn a_response_without_a_required_usage_field_reads() {
    let mut example = operation_response(&spec(), "/responses", "post");
    let details = example.pointer_mut("/usage/input_tokens_details").and_then(Value::as_object_mut).expect("the example has usage details");
    assert!(details.remove("cache_write_tokens").is_some(), "the example sends cache_write_tokens");
    let response: Response = read(&example);
    let usage = response.usage.expect("usage is there");
    assert_eq!(usage.input_tokens_details.cache_write_tokens, 0);
    assert_eq!(usage.input_tokens, example["usage"]["input_tokens"].as_i64().expect("a number"));
}

#[test]
fn a_run_without_parallel_tool_calls_reads() {
    let mut example = schema_example(&spec(), "RunObject");
    example.as_object_mut().expect("an object").remove("parallel_tool_calls");
    let run: RunObject = read(&example);
    assert!(!run.parallel_tool_calls);
}

#[test]
fn a_streamed_completion_chunk_with_a_null_finish_reason_reads() {
    let mut example = operation_response(&spec(), "/completions", "post");
    example["choices"][0]["finish_reason"] = Value::Null;
    let chunk: CreateCompletionResponse = read(&example);
    assert_eq!(chunk.choices[0].finish_reason.as_str(), "", "an absent value is the enum's empty catch-all");
}

#[test]
fn an_empty_page_with_null_ids_reads() {
    let page: ListRunsResponse = read(&json!({"object": "list", "data": [], "first_id": null, "last_id": null, "has_more": false}));
    assert_eq!((page.first_id.as_str(), page.last_id.as_str(), page.has_more), ("", "", false));
}

#[test]
fn a_web_search_source_of_a_new_type_is_kept() {
    let text = json!({"type": "search", "query": "weather", "sources": [{"type": "api", "name": "oai-weather"}]});
    let search: WebSearchActionSearch = read(&text);
    let sources = search.sources.as_ref().expect("sources are there");
    assert_eq!(sources[0].r#type.as_str(), "api");
    let back = serde_json::to_value(&search).expect("writes");
    assert_eq!(back["sources"][0]["type"], "api");
    assert_eq!(back["sources"][0]["name"], "oai-weather");
}

#[test]
fn an_embedding_as_base64_reads() {
    let text = json!({"object": "embedding", "index": 0, "embedding": "AAAAPwAAoL8="});
    let embedding: Embedding = read(&text);
    assert_eq!(embedding.embedding, EmbeddingEmbedding::Base64("AAAAPwAAoL8=".into()));
    assert_eq!(serde_json::to_value(&embedding).expect("writes"), text);
    let floats: Embedding = read(&json!({"object": "embedding", "index": 0, "embedding": [0.5, -1.25]}));
    assert!(matches!(floats.embedding, EmbeddingEmbedding::Array(ref v) if v == &[0.5, -1.25]));
}

#[test]
fn message_attachments_are_a_list() {
    let text = json!({"role": "user", "content": "hi", "attachments": [{"file_id": "file-1", "tools": [{"type": "code_interpreter"}]}]});
    let request: CreateMessageRequest = read(&text);
    assert_eq!(request.attachments.as_ref().map(Vec::len), Some(1));
    assert_eq!(serde_json::to_value(&request).expect("writes"), text);
}

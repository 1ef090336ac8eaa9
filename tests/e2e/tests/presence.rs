//! Presence on the API's own types: what a response sends as `null` or leaves out is written back
//! so, `null` can be sent on purpose (the crate docs' `expires_after` example), and a struct says
//! how each field was sent.

use openai_models::*;
use serde_json::json;

#[test]
fn the_crate_docs_example_clears_an_expiry() {
    let update = UpdateVectorStoreRequest::new().null_expires_after();
    assert_eq!(serde_json::to_value(&update).expect("writes"), json!({"expires_after": null}));
    assert_eq!(update.field_presence("expires_after"), Some(Presence::Null));
    assert_eq!(UpdateVectorStoreRequest::new().field_presence("expires_after"), Some(Presence::Absent));
    assert_eq!(update, UpdateVectorStoreRequest::new(), "`==` compares values");
}

#[test]
fn a_response_keeps_its_nulls_and_its_gaps() {
    // A Responses API response as the API sends it: several optional fields `null`, and a
    // required field (`parallel_tool_calls`) left out, as older servers do.
    let sent = json!({
        "id": "resp_1", "object": "response", "created_at": 1741476542, "status": "completed",
        "error": null, "incomplete_details": null, "instructions": null, "max_output_tokens": null,
        "model": "gpt-4.1", "output": [], "previous_response_id": null, "reasoning": {"effort": null, "summary": null},
        "temperature": 1.0, "tool_choice": "auto", "tools": [], "top_p": 1.0, "truncation": "disabled",
        "usage": null, "user": null, "metadata": {}
    });
    let response: Response = serde_json::from_value(sent.clone()).expect("reads");
    // Numbers compare by value: `created_at` is a float in the spec, written `1741476542.0`.
    let back = serde_json::to_value(&response).expect("writes");
    assert_eq!(e2e::conformance::difference(&sent, &back, ""), None, "{back}");
    assert_eq!(response.max_output_tokens, None);
    assert_eq!(response.field_presence("max_output_tokens"), Some(Presence::Null));
    assert_eq!(response.field_presence("parallel_tool_calls"), Some(Presence::Absent));
    assert_eq!(response.field_presence("model"), Some(Presence::Value));
    assert_eq!(response.field_presence("no_such_field"), None);
}

#[test]
fn a_chat_completion_message_without_content_writes_no_content() {
    // `content` is required and nullable: read as absent, it stays absent; read as `null`, it
    // stays `null`; built as `None`, it is written `null` as the spec requires.
    for sent in [json!({"role": "assistant", "refusal": null}), json!({"role": "assistant", "content": null, "refusal": null})] {
        let message: ChatCompletionResponseMessage = serde_json::from_value(sent.clone()).expect("reads");
        assert_eq!(serde_json::to_value(&message).expect("writes"), sent);
    }
}

#[test]
fn a_field_given_a_value_since_is_written_with_it() {
    let mut response: Response = serde_json::from_value(json!({"id": "r", "max_output_tokens": null})).expect("reads");
    response.max_output_tokens = Some(100);
    response.id = "r2".into();
    let written = serde_json::to_value(&response).expect("writes");
    assert_eq!(written, json!({"id": "r2", "max_output_tokens": 100}));
}

#[test]
fn notes_survive_every_change_of_the_unknown_field_map() {
    // Notes alone live in the map's word; an unknown field moves them into its box, and removing
    // the last field moves them back: through each, the response writes back what was sent.
    let sent = json!({"id": "r", "max_output_tokens": null, "user": null});
    let mut response: Response = serde_json::from_value(sent.clone()).expect("reads");
    let written = |response: &Response| serde_json::to_value(response).expect("writes");
    assert_eq!(written(&response), sent);
    response.extra.insert("store", true);
    assert_eq!(written(&response), json!({"id": "r", "max_output_tokens": null, "user": null, "store": true}));
    assert_eq!(written(&response.clone()), written(&response), "a clone keeps fields and notes");
    assert_eq!(response.extra.remove("store"), Some(json!(true)));
    assert_eq!(written(&response), sent);
    assert_eq!(written(&response.clone()), sent);
    assert_eq!(response.field_presence("user"), Some(Presence::Null));
    // Read with an unknown field from the start, and a key sent twice (its last value kept).
    let sent = json!({"id": "r", "user": null, "store": true, "background": false});
    let text = r#"{"id":"r","user":null,"store":false,"store":true,"background":false}"#;
    let response: Response = serde_json::from_str(text).expect("reads");
    assert_eq!(written(&response), sent);
    assert_eq!(response.extra.into_map(), serde_json::Map::from_iter([("store".to_owned(), json!(true))]));
}

#[test]
fn a_required_field_sent_as_null_is_written_back_null() {
    // `model` is required: `null` reads leniently as its default, the one note that takes the
    // map's box, and is written back `null`, beside a gap (`parallel_tool_calls` absent).
    let sent = json!({"id": "r", "model": null, "max_output_tokens": null});
    let response: Response = serde_json::from_value(sent.clone()).expect("reads");
    assert_eq!(response.field_presence("model"), Some(Presence::Null));
    assert_eq!(response.field_presence("parallel_tool_calls"), Some(Presence::Absent));
    assert!(response.extra.is_empty(), "notes are not fields");
    assert_eq!(serde_json::to_value(&response).expect("writes"), sent);
    assert_eq!(serde_json::to_value(response.clone()).expect("writes"), sent);
}

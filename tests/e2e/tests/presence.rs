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

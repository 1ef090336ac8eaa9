//! Writing requests and client events with the generated types: the five tasks of the README,
//! each asserting the exact JSON it produces. The lines of each, beside the same task with
//! async-openai (`tests/bench/tests/writing.rs`), are in the README (`cargo xtask bench --writing`).

use openai_models::helpers::ChatCompletionAccumulator;
use openai_models::*;
use serde_json::json;

fn written<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).expect("serializes")
}

/// (1) A chat completion request: a system and a user message, and `temperature`.
#[test]
fn chat_completion_request() {
    let request = CreateChatCompletionRequest::new(
        vec![ChatCompletionRequestSystemMessage::new("You are terse.").into(), ChatCompletionRequestUserMessage::new("Hi").into()],
        "gpt-4.1",
    )
    .temperature(0.2);
    assert_eq!(
        written(&request),
        json!({
            "messages": [{"content": "You are terse.", "role": "system"}, {"content": "Hi", "role": "user"}],
            "model": "gpt-4.1",
            "temperature": 0.2
        })
    );
}

/// (2) A Responses API `create` with text input and one function tool.
#[test]
fn responses_create_with_a_function_tool() {
    let parameters = json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]});
    let weather =
        FunctionTool::new("get_weather").description("The weather in a city.").parameters(parameters.as_object().cloned().expect("an object"));
    let request = CreateResponse::new().model("gpt-4.1").input("What is the weather in Paris?").tools(vec![weather.into()]);
    assert_eq!(
        written(&request),
        json!({
            "model": "gpt-4.1",
            "input": "What is the weather in Paris?",
            "tools": [{
                "type": "function",
                "name": "get_weather",
                "description": "The weather in a city.",
                "parameters": {"properties": {"city": {"type": "string"}}, "required": ["city"], "type": "object"},
                // Required and nullable: written as `null` until set.
                "strict": null
            }]
        })
    );
}

/// (3) A realtime `session.update` with the voice `marin` and instructions.
#[test]
fn realtime_session_update() {
    use realtime_session_create_request_ga::{Audio, AudioOutput};
    let session = RealtimeSessionCreateRequestGa::new().instructions("Speak slowly.").audio(Audio::new().output(AudioOutput::new().voice("marin")));
    let event = RealtimeClientEventSessionUpdate::new(session);
    assert_eq!(
        written(&event),
        json!({
            "type": "session.update",
            "session": {"type": "realtime", "instructions": "Speak slowly.", "audio": {"output": {"voice": "marin"}}}
        })
    );
}

/// (4) A realtime `conversation.item.create` with a user text message.
#[test]
fn realtime_conversation_item_create() {
    use realtime_conversation_item_message_user::{ContentItem, ContentItemType};
    let message = RealtimeConversationItemMessageUser::new(vec![ContentItem::new().r#type(ContentItemType::InputText).text("Hello!")]);
    let event = RealtimeClientEventConversationItemCreate::new(message);
    assert_eq!(
        written(&event),
        json!({
            "type": "conversation.item.create",
            "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello!"}]}
        })
    );
}

/// (5) Reading a streamed chat completion (the spec's own example stream) and joining the deltas
/// (`helpers::ChatCompletionAccumulator`: content, tool calls, finish reason, usage).
#[test]
fn a_streamed_chat_completion_joined() {
    let spec = e2e::spec();
    let examples = &spec["paths"]["/chat/completions"]["post"]["x-oaiMeta"]["examples"];
    let stream = examples
        .as_array()
        .into_iter()
        .flatten()
        .find(|example| example["title"] == "Streaming")
        .and_then(|example| example["response"].as_str())
        .expect("the spec has a streaming example of /chat/completions");
    let mut joined = ChatCompletionAccumulator::new();
    for line in stream.lines().filter(|line| line.trim_start().starts_with('{')) {
        joined.push(&serde_json::from_str(line).expect("a chunk reads"));
    }
    let completion = joined.finish();
    assert_eq!(completion.choices[0].message.content.as_deref(), Some("Hello"));
    assert_eq!(completion.choices[0].finish_reason.as_str(), "stop");
    assert_eq!(completion.id, "chatcmpl-123");
}

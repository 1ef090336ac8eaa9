//! The five tasks of `tests/e2e/tests/writing.rs`, written with async-openai's types as its
//! documentation and examples write them: its `*Args` builders where it has them (chat, Responses),
//! struct literals where it has none (realtime). Each test has the name of the task it repeats and
//! asserts the JSON that test asserts, or says in a comment what async-openai writes instead.
//! `cargo xtask bench --writing` runs them and counts the lines of both files.

use async_openai::types::chat::{
    ChatCompletionRequestSystemMessageArgs, ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs, CreateChatCompletionStreamResponse,
};
use async_openai::types::realtime::{
    Audio, AudioInput, AudioOutput, RealtimeAudioFormats, RealtimeClientEvent, RealtimeClientEventConversationItemCreate, RealtimeClientEventSessionUpdate,
    RealtimeConversationItem, RealtimeConversationItemMessage, RealtimeConversationItemMessageUser, RealtimeSession, RealtimeVoice, Session,
    UserMessageContent, UserMessageContentInputText,
};
use async_openai::types::responses::{CreateResponseArgs, FunctionToolArgs};
use serde_json::json;
use std::error::Error;

/// The JSON a value is sent as: its text, read back. (Through the text, not `to_value`: the
/// request's `temperature` is an `f32`, which `to_value` widens to 0.20000000298023224 where the
/// text on the wire is `0.2`.)
fn written<T: serde::Serialize>(value: &T) -> serde_json::Value {
    let text = serde_json::to_string(value).expect("serializes");
    serde_json::from_str(&text).expect("reads back")
}

/// The pinned spec, as `cargo xtask bench --writing` names it.
fn spec() -> serde_json::Value {
    let source = std::env::var("OPENAPI_SPEC").unwrap_or_else(|_| panic!("OPENAPI_SPEC is not set: run these tests through `cargo xtask bench --writing`"));
    let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
    codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"))
}

/// (1) A chat completion request: a system and a user message, and `temperature`.
#[test]
fn chat_completion_request() -> Result<(), Box<dyn Error>> {
    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-4.1")
        .messages([
            ChatCompletionRequestSystemMessageArgs::default().content("You are terse.").build()?.into(),
            ChatCompletionRequestUserMessageArgs::default().content("Hi").build()?.into(),
        ])
        .temperature(0.2)
        .build()?;
    assert_eq!(
        written(&request),
        json!({
            "messages": [{"content": "You are terse.", "role": "system"}, {"content": "Hi", "role": "user"}],
            "model": "gpt-4.1",
            "temperature": 0.2
        })
    );
    Ok(())
}

/// (2) A Responses API `create` with text input and one function tool.
#[test]
fn responses_create_with_a_function_tool() -> Result<(), Box<dyn Error>> {
    let weather = FunctionToolArgs::default()
        .name("get_weather")
        .description("The weather in a city.")
        .parameters(json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}))
        .build()?;
    let request = CreateResponseArgs::default().model("gpt-4.1").input("What is the weather in Paris?").tools(vec![weather.into()]).build()?;
    assert_eq!(
        written(&request),
        json!({
            "model": "gpt-4.1",
            "input": "What is the weather in Paris?",
            "tools": [{
                "type": "function",
                "name": "get_weather",
                "description": "The weather in a city.",
                "parameters": {"properties": {"city": {"type": "string"}}, "required": ["city"], "type": "object"}
                // Differs: no `"strict": null`. The spec makes `strict` required and nullable;
                // async-openai's `strict` is an `Option<bool>` left out when `None`, so it cannot
                // write the `null`.
            }]
        })
    );
    Ok(())
}

/// (3) A realtime `session.update` with the voice `marin` and instructions.
#[test]
fn realtime_session_update() {
    let session = RealtimeSession {
        instructions: Some("Speak slowly.".into()),
        audio: Some(Audio {
            input: AudioInput {
                format: RealtimeAudioFormats::PCMAudioFormat { rate: 24000 },
                noise_reduction: None,
                transcription: None,
                turn_detection: None,
            },
            output: AudioOutput { format: RealtimeAudioFormats::PCMAudioFormat { rate: 24000 }, speed: 1.0, voice: RealtimeVoice::Marin },
        }),
        ..Default::default()
    };
    // The union writes the `type`: the event struct alone has none.
    let event: RealtimeClientEvent = RealtimeClientEventSessionUpdate { event_id: None, session: Session::RealtimeSession(Box::new(session)) }.into();
    assert_eq!(
        written(&event),
        json!({
            "type": "session.update",
            "session": {
                "type": "realtime",
                "instructions": "Speak slowly.",
                // Differs: async-openai's `Audio` needs both `input` and `output`, each its
                // `format` and `output` its `speed`, so the voice cannot be sent alone: here the
                // formats are PCM at 24 kHz and the speed 1.0 (its default). And `input`'s three
                // optional fields are written as `null` when `None`, which the API reads as
                // turning noise reduction, transcription and turn detection off.
                "audio": {
                    "input": {"format": {"type": "audio/pcm", "rate": 24000}, "noise_reduction": null, "transcription": null, "turn_detection": null},
                    "output": {"format": {"type": "audio/pcm", "rate": 24000}, "speed": 1.0, "voice": "marin"}
                }
            }
        })
    );
}

/// (4) A realtime `conversation.item.create` with a user text message.
#[test]
fn realtime_conversation_item_create() {
    // Typed, as the other tasks are; async-openai's realtime example reads the item from a
    // `json!` value instead (`RealtimeConversationItem::try_from(json!(..))`).
    let message = RealtimeConversationItemMessageUser {
        content: vec![UserMessageContent::InputText(UserMessageContentInputText { text: "Hello!".into() })],
        ..Default::default()
    };
    let item = RealtimeConversationItem::Message(RealtimeConversationItemMessage::User(message));
    let event: RealtimeClientEvent = RealtimeClientEventConversationItemCreate::from(item).into();
    assert_eq!(
        written(&event),
        json!({
            "type": "conversation.item.create",
            "item": {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hello!"}]}
        })
    );
}

/// (5) Reading a streamed chat completion (the spec's own example stream) and joining the deltas.
#[test]
fn a_streamed_chat_completion_joined() {
    // The same code as ours, word for word: both chunk types give a delta's text as
    // `choices[].delta.content`, an `Option<String>`.
    let spec = spec();
    let examples = &spec["paths"]["/chat/completions"]["post"]["x-oaiMeta"]["examples"];
    let stream = examples
        .as_array()
        .into_iter()
        .flatten()
        .find(|example| example["title"] == "Streaming")
        .and_then(|example| example["response"].as_str())
        .expect("the spec has a streaming example of /chat/completions");
    let mut text = String::new();
    let mut chunks = 0;
    for line in stream.lines().filter(|line| line.trim_start().starts_with('{')) {
        let chunk: CreateChatCompletionStreamResponse = serde_json::from_str(line).expect("a chunk reads");
        chunks += 1;
        for choice in &chunk.choices {
            text.push_str(choice.delta.content.as_deref().unwrap_or(""));
        }
    }
    assert!(chunks >= 2, "the example streams {chunks} chunks");
    assert!(!text.is_empty(), "the deltas join into text");
}

//! The realtime API's `RealtimeResponse`, on the spec's own payloads.

use e2e::{round_trip, schema_example, spec};
use openai_models::realtime_response::{MaxOutputTokens, Status};
use openai_models::{RealtimeConversationItem, RealtimeServerEventResponseDone, VoiceIdsShared};
use serde_json::json;

#[test]
fn response_done_example_round_trips() {
    let spec = spec();
    let example = schema_example(&spec, "RealtimeServerEventResponseDone");
    let (event, back): (RealtimeServerEventResponseDone, _) = round_trip(&example);
    assert_eq!(back, example, "round trip changed the payload: `null` and absent members come back as sent");

    let response = event.response;
    assert_eq!(response.status, Some(Status::Completed));
    assert_eq!(response.max_output_tokens, Some(MaxOutputTokens::Inf));
    let voice = response.audio.and_then(|a| a.output).and_then(|o| o.voice);
    assert_eq!(voice, Some(VoiceIdsShared::Alloy));
    let output = response.output.expect("the example has output items");
    assert!(matches!(output[0], RealtimeConversationItem::MessageAssistant(_)), "{:?}", output[0]);
}

#[test]
fn open_voice_enum_keeps_known_and_unknown_values() {
    let (marin, back): (VoiceIdsShared, _) = round_trip(&json!("marin"));
    assert_eq!((marin, back), (VoiceIdsShared::Marin, json!("marin")));
    let (custom, back): (VoiceIdsShared, _) = round_trip(&json!("my-custom-voice"));
    assert_eq!((custom, back), (VoiceIdsShared::Other("my-custom-voice".into()), json!("my-custom-voice")));
}

#[test]
fn max_output_tokens_takes_an_integer_or_inf() {
    let (limit, back): (MaxOutputTokens, _) = round_trip(&json!(4096));
    assert_eq!((limit, back), (MaxOutputTokens::Integer(4096), json!(4096)));
    let (inf, back): (MaxOutputTokens, _) = round_trip(&json!("inf"));
    assert_eq!((inf, back), (MaxOutputTokens::Inf, json!("inf")));
    assert!(serde_json::from_value::<MaxOutputTokens>(json!("infinite")).is_err());
}

#[test]
fn output_items_dispatch_on_type_then_role() {
    let message = |role: &str| json!({"type": "message", "role": role, "id": "item_1", "content": [{"type": "input_text", "text": "hi"}]});
    for role in ["system", "user", "assistant"] {
        let mut payload = message(role);
        if role == "assistant" {
            payload["content"] = json!([{"type": "output_text", "text": "hi"}]);
        }
        let (item, back): (RealtimeConversationItem, _) = round_trip(&payload);
        let decided = matches!(
            (&item, role),
            (RealtimeConversationItem::MessageSystem(_), "system")
                | (RealtimeConversationItem::MessageUser(_), "user")
                | (RealtimeConversationItem::MessageAssistant(_), "assistant")
        );
        assert!(decided, "role {role} gave {item:?}");
        assert_eq!(back, payload);
    }
    let call = json!({"type": "function_call", "name": "f", "arguments": "{}", "call_id": "c"});
    let (item, back): (RealtimeConversationItem, _) = round_trip(&call);
    assert!(matches!(item, RealtimeConversationItem::FunctionCall(_)), "{item:?}");
    assert_eq!(back, call);
}

#[test]
fn unknown_item_types_are_kept_as_sent() {
    let future = json!({"type": "hologram", "id": "item_2", "depth": 3});
    let (item, back): (RealtimeConversationItem, _) = round_trip(&future);
    assert!(matches!(item, RealtimeConversationItem::Unknown(_)), "{item:?}");
    assert_eq!(back, future);
}

#[test]
fn a_known_tag_with_a_malformed_body_is_an_error_not_unknown() {
    let broken = json!({"type": "message", "role": "user", "content": "not a list"});
    assert!(serde_json::from_value::<RealtimeConversationItem>(broken).is_err());
}

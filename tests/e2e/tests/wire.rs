//! How the written-out serde impls read the wire: tags anywhere in the object, escaped strings,
//! text and `serde_json::Value` inputs, constants that take exactly their value.

use e2e::{schema_example, spec, without_nulls};
use openai_models::realtime_response::{Object, Status};
use openai_models::{RealtimeServerEvent, VoiceIdsShared};
use serde_json::{json, Value};

/// Reads `text` both from the text (strings borrowed) and from a `Value` (strings owned).
fn both<T: serde::de::DeserializeOwned>(text: &str) -> (Result<T, String>, Result<T, String>) {
    let from_text = serde_json::from_str::<T>(text).map_err(|e| e.to_string());
    let value: Value = serde_json::from_str(text).expect("test input is JSON");
    let from_value = serde_json::from_value::<T>(value).map_err(|e| e.to_string());
    (from_text, from_value)
}

#[test]
fn a_union_finds_its_tag_after_other_fields_and_escaped() {
    let example = without_nulls(&schema_example(&spec(), "RealtimeServerEventResponseDone"));
    let Value::Object(fields) = &example else { panic!("the example is an object") };
    // `type` last, after the nested response, and spelled with an escape.
    let mut text = String::from("{");
    for (key, value) in fields.iter().filter(|(k, _)| *k != "type") {
        text.push_str(&format!("{}:{value},", Value::String(key.clone())));
    }
    text.push_str(r#""type":"response\u002edone"}"#);
    for event in [both::<RealtimeServerEvent>(&text).0, both::<RealtimeServerEvent>(&text).1] {
        let event = event.unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(event, RealtimeServerEvent::ResponseDone(_)), "{event:?}");
        assert_eq!(serde_json::to_value(&event).expect("serializes"), example);
    }
}

#[test]
fn enums_read_plain_and_escaped_values_from_text_and_values() {
    for text in [r#""marin""#, r#""m\u0061rin""#] {
        let (a, b) = both::<VoiceIdsShared>(text);
        assert_eq!((a, b), (Ok(VoiceIdsShared::Marin), Ok(VoiceIdsShared::Marin)), "{text}");
    }
    let (a, b) = both::<VoiceIdsShared>(r#""my\u002dvoice""#);
    assert_eq!((a, b), (Ok(VoiceIdsShared::Other("my-voice".into())), Ok(VoiceIdsShared::Other("my-voice".into()))));
    assert_eq!(VoiceIdsShared::Marin.as_str(), "marin");
    assert_eq!(Status::InProgress.as_str(), "in_progress");
    assert!(serde_json::from_value::<Status>(json!(3)).is_err(), "an enum takes only strings");
}

/// A constant a union dispatches on (an event's `type`) takes exactly its value; any other
/// constant (`object: "realtime.response"`) keeps a new value as a lenient read.
#[test]
fn tags_take_exactly_their_value_and_other_constants_keep_new_ones() {
    use openai_models::realtime_server_event_response_done::Type;
    let (a, b) = both::<Type>(r#""response\u002edone""#);
    assert_eq!((a, b), (Ok(Type::ResponseDone), Ok(Type::ResponseDone)));
    let (a, b) = both::<Type>(r#""response.dune""#);
    let error = a.expect_err("another value is refused");
    assert!(error.contains("expected `response.done`"), "{error}");
    assert!(b.is_err());

    let (a, b) = both::<Object>(r#""realtime\u002eresponse""#);
    assert_eq!((a, b), (Ok(Object::RealtimeResponse), Ok(Object::RealtimeResponse)));
    let (a, b) = both::<Object>(r#""realtime.responses""#);
    assert_eq!((a, b), (Ok(Object::Other("realtime.responses".into())), Ok(Object::Other("realtime.responses".into()))));
    assert_eq!(serde_json::to_value(Object::Other("realtime.responses".into())).expect("serializes"), json!("realtime.responses"));
    assert_eq!(serde_json::to_value(Object::default()).expect("serializes"), json!("realtime.response"));
}

#[test]
fn an_integer_constant_takes_exactly_its_value() {
    use openai_models::realtime_audio_formats::AudioPcmRate;
    assert_eq!(serde_json::from_value::<AudioPcmRate>(json!(24000)).ok(), Some(AudioPcmRate::V24000));
    let error = serde_json::from_str::<AudioPcmRate>("16000").expect_err("another rate is refused");
    assert!(error.to_string().contains("expected `24000`"), "{error}");
    assert_eq!(serde_json::to_value(AudioPcmRate::default()).expect("serializes"), json!(24000));
}

/// `allOf: [anyOf of events, {stream_id}]`: the struct reads `stream_id`, the union the rest.
#[test]
fn a_websocket_event_is_its_stream_id_beside_the_event() {
    use openai_models::responses_web_socket_stream_event::Variant;
    use openai_models::ResponsesWebSocketStreamEvent;
    let mut example = without_nulls(&schema_example(&spec(), "ResponseTextDeltaEvent"));
    // The example leaves out the required `logprobs`, which a lenient read writes back as `[]`.
    example.as_object_mut().expect("an object").entry("logprobs").or_insert(json!([]));
    let mut with_lane = example.clone();
    with_lane["stream_id"] = json!("lane_1");
    for (payload, lane) in [(&with_lane, Some("lane_1")), (&example, None)] {
        let text = payload.to_string();
        for event in [both::<ResponsesWebSocketStreamEvent>(&text).0, both::<ResponsesWebSocketStreamEvent>(&text).1] {
            let event = event.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(event.stream_id.as_deref(), lane);
            assert!(matches!(event.variant, Variant::ResponseOutputTextDelta(_)), "{:?}", event.variant);
            assert_eq!(&serde_json::to_value(&event).expect("serializes"), payload);
        }
    }
}

#[test]
fn an_error_deep_in_a_payload_names_the_path_of_the_field() {
    let mut example = schema_example(&spec(), "RealtimeServerEventResponseDone");
    example["response"]["usage"]["input_token_details"]["cached_tokens"] = json!("many");
    example["response"]["brand_new_field"] = json!({"kept": true});
    let text = example.to_string();
    let error = serde_path_to_error::deserialize::<_, RealtimeServerEvent>(&mut serde_json::Deserializer::from_str(&text))
        .expect_err("a string is no token count");
    assert_eq!(error.path().to_string(), "response.usage.input_token_details.cached_tokens");
    assert!(error.inner().to_string().contains("invalid type: string \"many\", expected i64"), "{error}");
}

#[test]
fn unknown_fields_stream_into_the_map_in_order_and_come_back_as_sent() {
    let mut example = schema_example(&spec(), "RealtimeServerEventResponseDone");
    let Value::Object(response) = &mut example["response"] else { panic!("the response is an object") };
    let mut reordered = serde_json::Map::new();
    reordered.insert("new_first".into(), json!([1, {"a": "b"}]));
    reordered.extend(std::mem::take(response));
    reordered.insert("new_last".into(), json!(null));
    *response = reordered;
    let text = example.to_string();
    for event in [both::<RealtimeServerEvent>(&text).0, both::<RealtimeServerEvent>(&text).1] {
        let RealtimeServerEvent::ResponseDone(done) = event.unwrap_or_else(|e| panic!("{e}")) else { panic!("response.done") };
        let keys: Vec<&str> = done.response.extra.keys().collect();
        assert_eq!(keys, ["new_first", "new_last"]);
        let written = serde_json::to_value(&done).expect("serializes");
        assert_eq!(written["response"]["new_first"], json!([1, {"a": "b"}]));
        assert_eq!(written["response"]["new_last"], json!(null));
    }
}

/// A Responses stream event sent over a WebSocket is the event and its lane (`stream_id`), an
/// `allOf` of the stream event union and that one field: every example event of the spec reads
/// with the lane before or after its other keys, the lane taken out, the event read as the union
/// alone reads it (the examples leave out some required fields, read leniently).
#[test]
fn a_websocket_event_is_its_lane_beside_the_stream_event_it_carries() {
    use openai_models::responses_web_socket_stream_event::Variant;
    use openai_models::ResponsesWebSocketStreamEvent;
    let spec = spec();
    let members = spec["components"]["schemas"]["ResponsesWebSocketStreamEvent"]["allOf"][0]["anyOf"].as_array().expect("the union of stream events");
    let mut read = 0;
    for member in members {
        let name = member["$ref"].as_str().and_then(|r| r.rsplit('/').next()).expect("a $ref");
        // Some events have no example, and a few examples are not JSON (the conformance table
        // counts those).
        let Some(Ok(event)) = spec["components"]["schemas"][name]["x-oaiMeta"]["example"].as_str().map(serde_json::from_str::<Value>) else {
            continue;
        };
        let event = without_nulls(&event);
        // An example the union cannot read (a known failure of the conformance table) cannot be
        // read with a lane either.
        let Ok(alone) = serde_json::from_value::<Variant>(event.clone()) else {
            assert!(serde_json::from_value::<ResponsesWebSocketStreamEvent>(event).is_err(), "{name}: read with a lane, not alone");
            continue;
        };
        let alone = serde_json::to_value(&alone).expect("serializes");
        let Value::Object(fields) = &event else { panic!("{name}: the example is an object") };
        let body: Vec<String> = fields.iter().map(|(key, value)| format!("{}:{value}", Value::String(key.clone()))).collect();
        for text in [format!(r#"{{"stream_id":"lane-7",{}}}"#, body.join(",")), format!(r#"{{{},"stream_id":"lane-7"}}"#, body.join(","))] {
            for parsed in [both::<ResponsesWebSocketStreamEvent>(&text).0, both::<ResponsesWebSocketStreamEvent>(&text).1] {
                let parsed = parsed.unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));
                assert_eq!(parsed.stream_id.as_deref(), Some("lane-7"), "{name}");
                assert_eq!(serde_json::to_value(&parsed.variant).expect("serializes"), alone, "{name}: the event without its lane");
                let mut written = alone.clone();
                written.as_object_mut().expect("an object").insert("stream_id".into(), json!("lane-7"));
                assert_eq!(serde_json::to_value(&parsed).expect("serializes"), written, "{name}: written back");
            }
        }
        let (without_lane, _) = both::<ResponsesWebSocketStreamEvent>(&event.to_string());
        let without_lane = without_lane.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            (without_lane.stream_id, serde_json::to_value(&without_lane.variant).expect("serializes")),
            (None, alone),
            "{name}: without a lane"
        );
        read += 1;
    }
    assert!(read >= 40, "only {read} of the {} stream events were read from their example", members.len());
}

/// `stop` is text, a list of texts or `null` (`StopConfiguration`, whose text member is
/// nullable): each reads into its member, from text and from a value, and is written back as
/// sent; a request without `stop` stays without it.
#[test]
fn a_chat_request_keeps_its_stop_as_text_a_list_or_null() {
    use openai_models::{CreateChatCompletionRequest, StopConfiguration};
    let request = |stop: Option<Value>| {
        let mut request = json!({"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]});
        if let Some(stop) = stop {
            request["stop"] = stop;
        }
        request
    };
    let cases = [
        (Some(json!("\n")), Some(StopConfiguration::String(Some("\n".into())))),
        (Some(json!(["a", "b"])), Some(StopConfiguration::Array(vec!["a".into(), "b".into()]))),
        (Some(json!(null)), Some(StopConfiguration::String(None))),
        (None, None),
    ];
    for (stop, expected) in cases {
        let sent = request(stop);
        let (a, b) = both::<CreateChatCompletionRequest>(&sent.to_string());
        for read in [a, b] {
            let read = read.unwrap_or_else(|e| panic!("{sent}: {e}"));
            assert_eq!(read.stop, expected, "{sent}");
            assert_eq!(serde_json::to_value(&read).expect("writes"), sent, "written back");
        }
    }
}

//! The conveniences of `openai_models::helpers` on the spec's payloads and on vectors computed
//! outside this code: a response's text, embeddings as floats, structured output, the webhook
//! union and webhook signatures.

use openai_models::helpers::{StructuredOutputError, WebhookError, WebhookHeaders, WebhookVerifier};
use openai_models::{ChatCompletionResponseMessage, CreateEmbeddingResponse, Embedding, Response, WebhookEvent};
use serde_json::{json, Value};
use std::time::{Duration, UNIX_EPOCH};

/// The `response` JSON of every example of `POST {path}` that is JSON.
fn example_responses(spec: &Value, path: &str) -> Vec<(String, Value)> {
    let examples = &spec["paths"][path]["post"]["x-oaiMeta"]["examples"];
    let list: Vec<Value> = match examples {
        Value::Array(list) => list.clone(),
        one => vec![one.clone()],
    };
    list.iter()
        .filter_map(|example| {
            let title = example["title"].as_str().unwrap_or("").to_owned();
            Some((title, serde_json::from_str(example["response"].as_str()?).ok()?))
        })
        .collect()
}

/// An example payload as JSON, after the repairs conformance makes (trailing commas, comments).
fn repaired(text: &str) -> Value {
    match e2e::payloads::classify(text) {
        e2e::payloads::Text::Json(json) | e2e::payloads::Text::Repaired(json) => serde_json::from_str(&json).expect("JSON"),
        e2e::payloads::Text::NotJson(error) => panic!("not JSON: {error}\n{text}"),
    }
}

#[test]
fn output_text_joins_the_text_of_every_message_of_the_spec_examples() {
    let spec = e2e::spec();
    let examples = example_responses(&spec, "/responses");
    assert!(examples.len() >= 5, "the spec has {} JSON examples of POST /responses", examples.len());
    for (title, json) in examples {
        let response: Response = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{title}: {e}"));
        // The SDK's definition, on the JSON as sent: every `output_text` of every `message`.
        let items = json["output"].as_array().cloned().unwrap_or_default();
        let messages = items.iter().filter(|item| item["type"] == "message");
        let parts = messages.flat_map(|item| item["content"].as_array().cloned().unwrap_or_default());
        let expected: String =
            parts.filter(|part| part["type"] == "output_text").filter_map(|part| part["text"].as_str().map(str::to_owned)).collect();
        assert_eq!(response.output_text(), expected, "{title}");
    }
    let text_input = example_responses(&spec, "/responses").into_iter().find(|(title, _)| title == "Text input").expect("a Text input example");
    let response: Response = serde_json::from_value(text_input.1).expect("reads");
    assert!(response.output_text().starts_with("In a peaceful grove"), "{}", response.output_text());
}

#[test]
fn output_text_skips_refusals_reasoning_and_tool_calls_and_joins_messages() {
    let response: Response = serde_json::from_value(json!({"id": "r", "object": "response", "created_at": 1, "model": "m", "parallel_tool_calls": true, "tool_choice": "auto", "tools": [],
        "output": [
            {"type": "reasoning", "id": "rs", "summary": [{"type": "summary_text", "text": "thinking"}]},
            {"type": "message", "id": "m1", "status": "completed", "role": "assistant", "content": [
                {"type": "output_text", "text": "One. ", "annotations": []}, {"type": "refusal", "refusal": "no"}, {"type": "output_text", "text": "Two. ", "annotations": []}]},
            {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"},
            {"type": "message", "id": "m2", "status": "completed", "role": "assistant", "content": [{"type": "output_text", "text": "Three.", "annotations": []}]}
        ]}))
    .expect("reads");
    assert_eq!(response.output_text(), "One. Two. Three.");
    assert_eq!(Response::default().output_text(), "");
}

#[test]
fn an_embedding_reads_as_floats_whichever_encoding_came() {
    // The spec's example of `Embedding` (a list of floats, part of it elided with a line of `....`).
    let spec = e2e::spec();
    let text = spec["components"]["schemas"]["Embedding"]["x-oaiMeta"]["example"].as_str().expect("Embedding has an example");
    let json = repaired(&text.lines().filter(|line| !line.contains("....")).collect::<Vec<_>>().join("\n"));
    let embedding: Embedding = serde_json::from_value(json.clone()).expect("reads");
    let sent: Vec<f32> = json["embedding"].as_array().expect("floats").iter().map(|x| x.as_f64().expect("a float") as f32).collect();
    assert_eq!(sent.len(), 3);
    assert_eq!(embedding.vector(), Ok(sent));
    let response: CreateEmbeddingResponse =
        serde_json::from_value(json!({"object": "list", "data": [json], "model": "m", "usage": {"prompt_tokens": 1, "total_tokens": 1}}))
            .expect("reads");
    assert_eq!(response.data[0].vector(), embedding.vector());

    // base64 of the little-endian f32s 0.5, -1.25, 3.0, computed outside this code:
    // python3 -c "import base64,struct; print(base64.b64encode(struct.pack('<3f', 0.5, -1.25, 3.0)).decode())"
    let embedding: Embedding = serde_json::from_value(json!({"object": "embedding", "index": 0, "embedding": "AAAAPwAAoL8AAEBA"})).expect("reads");
    assert_eq!(embedding.vector(), Ok(vec![0.5, -1.25, 3.0]));

    let broken: Embedding = serde_json::from_value(json!({"object": "embedding", "index": 0, "embedding": "AAAAPwAA"})).expect("reads");
    assert_eq!(broken.vector().map_err(|e| e.to_string()), Err("the embedding's 6 bytes are not a whole number of 32-bit floats".to_owned()));
    let not_base64: Embedding = serde_json::from_value(json!({"object": "embedding", "index": 0, "embedding": "not base64!"})).expect("reads");
    assert!(not_base64.vector().is_err());
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Weather {
    city: String,
    days: Vec<Day>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Day {
    high: f64,
}

#[test]
fn structured_output_reads_into_the_users_type_or_says_where_it_failed() {
    let message = |content: Value, refusal: Value| -> ChatCompletionResponseMessage {
        serde_json::from_value(json!({"role": "assistant", "content": content, "refusal": refusal})).expect("reads")
    };
    let ok = message(json!(r#"{"city": "Paris", "days": [{"high": 21.5}]}"#), Value::Null);
    assert_eq!(ok.parse::<Weather>().expect("reads"), Weather { city: "Paris".into(), days: vec![Day { high: 21.5 }] });

    let wrong = message(json!(r#"{"city": "Paris", "days": [{"high": 21.5}, {"high": "warm"}]}"#), Value::Null);
    match wrong.parse::<Weather>() {
        Err(StructuredOutputError::Json { path, .. }) => assert_eq!(path, "days[1].high"),
        other => panic!("{other:?}"),
    }
    assert!(wrong.parse::<Weather>().expect_err("fails").to_string().starts_with("structured output does not read at `days[1].high`: invalid type"));

    let refused = message(Value::Null, json!("I can't help with that."));
    assert_eq!(refused.parse::<Weather>().expect_err("a refusal").to_string(), "the model refused: I can't help with that.");
    let trailing = message(json!(r#"{"city": "Paris", "days": []} {}"#), Value::Null);
    assert!(matches!(trailing.parse::<Weather>(), Err(StructuredOutputError::Json { .. })));

    let response: Response = serde_json::from_value(json!({"id": "r", "object": "response", "created_at": 1, "model": "m", "parallel_tool_calls": true, "tool_choice": "auto", "tools": [],
        "output": [{"type": "message", "id": "m", "status": "completed", "role": "assistant", "content": [{"type": "output_text", "text": "{\"city\": \"Oslo\", \"days\": []}", "annotations": []}]}]}))
    .expect("reads");
    assert_eq!(response.parse_output::<Weather>().expect("reads").city, "Oslo");
    assert!(matches!(Response::default().parse_output::<Weather>(), Err(StructuredOutputError::NoContent)));
}

#[test]
fn every_webhook_example_reads_into_the_union_by_its_tag_and_unknown_ones_are_kept() {
    let spec = e2e::spec();
    let webhooks = spec["webhooks"].as_object().expect("the spec has webhooks");
    assert_eq!(webhooks.len(), 16);
    for (name, webhook) in webhooks {
        let reference = webhook["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].as_str().expect("a schema");
        let schema = reference.rsplit('/').next().expect("a name");
        let text = spec["components"]["schemas"][schema]["x-oaiMeta"]["example"].as_str().expect("an example");
        let example = repaired(text);
        let event: WebhookEvent = serde_json::from_value(example.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
        // The variant is the payload's own type: its name is the schema's less `Webhook`.
        let variant = format!("{event:?}");
        assert!(variant.starts_with(&format!("{}(", schema.trim_start_matches("Webhook"))), "{name} read as {variant}");
        assert_eq!(serde_json::to_value(&event).expect("writes")["type"], example["type"], "{name}");
    }
    let new_kind = json!({"id": "evt_9", "object": "event", "created_at": 1, "type": "video.completed", "data": {"id": "video_1"}});
    let event: WebhookEvent = serde_json::from_value(new_kind.clone()).expect("an unknown event reads");
    assert_eq!(event, WebhookEvent::Unknown(new_kind.clone()));
    assert_eq!(serde_json::to_value(&event).expect("writes"), new_kind);
}

// The vectors below were computed outside this code, with the key text
// `test-webhook-secret-key-32-bytes` (base64 `dGVzdC13ZWJob29rLXNlY3JldC1rZXktMzItYnl0ZXM=`):
//   printf '%s' "wh_1.1719168000.$BODY" | openssl dgst -sha256 -hmac 'test-webhook-secret-key-32-bytes' -binary | base64
// and, for a second (rotated) secret, python3's hmac:
//   base64.b64encode(hmac.new(b'an-older-secret', b'wh_1.1719168000.' + BODY, hashlib.sha256).digest())
const SECRET: &str = "whsec_dGVzdC13ZWJob29rLXNlY3JldC1rZXktMzItYnl0ZXM=";
const BODY: &str = r#"{"id":"evt_1","object":"event","created_at":1719168000,"type":"response.completed","data":{"id":"resp_1"}}"#;
const SIGNATURE: &str = "+N+mz/Rn2gOE+N3Cu+1FK4O08xhigWIwn4KB/0/5qA4=";
const OTHER_SECRETS_SIGNATURE: &str = "bLm4ZyPoLLX7y4i40jOiu5hukqTpHlhwTbCjAWlKytg=";
const SENT: u64 = 1719168000;

fn at(seconds: u64) -> std::time::SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}

#[test]
fn a_genuine_webhook_verifies_with_any_of_its_signatures() {
    let verifier = WebhookVerifier::new(SECRET).expect("a secret");
    let signature = format!("v1,{SIGNATURE}");
    let headers = WebhookHeaders { id: "wh_1", timestamp: "1719168000", signature: &signature };
    verifier.verify_at(&headers, BODY.as_bytes(), at(SENT + 10)).expect("genuine");
    // While a secret rotates, the header holds several signatures: each is tried.
    let rotated = format!("v1,{OTHER_SECRETS_SIGNATURE} v1,{SIGNATURE}");
    verifier.verify_at(&WebhookHeaders { signature: &rotated, ..headers }, BODY.as_bytes(), at(SENT)).expect("the second signature matches");
    // The secret without its prefix works too.
    let bare = WebhookVerifier::new(SECRET.trim_start_matches("whsec_")).expect("a secret");
    bare.verify_at(&headers, BODY.as_bytes(), at(SENT - 10)).expect("genuine");
}

#[test]
fn a_wrong_or_stale_signature_is_an_error_that_says_which() {
    let verifier = WebhookVerifier::new(SECRET).expect("a secret");
    let signature = format!("v1,{SIGNATURE}");
    let headers = WebhookHeaders { id: "wh_1", timestamp: "1719168000", signature: &signature };
    let check = |headers: &WebhookHeaders<'_>, body: &str, now: u64| verifier.verify_at(headers, body.as_bytes(), at(now)).map_err(|e| e.to_string());

    let changed_body = BODY.replace("resp_1", "resp_2");
    assert_eq!(check(&headers, &changed_body, SENT), Err("no signature of the webhook matches its body and the secret".to_owned()));
    let other = format!("v1,{OTHER_SECRETS_SIGNATURE}");
    assert!(matches!(
        verifier.verify_at(&WebhookHeaders { signature: &other, ..headers }, BODY.as_bytes(), at(SENT)),
        Err(WebhookError::WrongSignature)
    ));
    // The id and the timestamp are signed too.
    assert!(check(&WebhookHeaders { id: "wh_2", ..headers }, BODY, SENT).is_err());
    assert_eq!(
        check(&WebhookHeaders { timestamp: "1719168001", ..headers }, BODY, SENT),
        Err("no signature of the webhook matches its body and the secret".to_owned())
    );
    // Stale (past the default 300 s) and from the future.
    assert_eq!(check(&headers, BODY, SENT + 301), Err("the webhook's timestamp is stale: 301 s old, past the tolerance".to_owned()));
    assert!(check(&headers, BODY, SENT + 300).is_ok());
    assert_eq!(check(&headers, BODY, SENT - 400), Err("the webhook's timestamp is 400 s in the future, past the tolerance".to_owned()));
    let patient = WebhookVerifier::new(SECRET).expect("a secret").tolerance(Duration::from_secs(3600));
    assert!(patient.verify_at(&headers, BODY.as_bytes(), at(SENT + 1000)).is_ok());
    // Headers that are not the scheme's.
    assert!(matches!(
        verifier.verify_at(&WebhookHeaders { signature: "v2,abc", ..headers }, BODY.as_bytes(), at(SENT)),
        Err(WebhookError::NoSignature)
    ));
    assert!(matches!(
        verifier.verify_at(&WebhookHeaders { timestamp: "yesterday", ..headers }, BODY.as_bytes(), at(SENT)),
        Err(WebhookError::Timestamp(_))
    ));
    let missing = WebhookHeaders::from_lookup(|name| (name != "webhook-signature").then_some("x")).map(drop).map_err(|e| e.to_string());
    assert_eq!(missing, Err("the webhook has no `webhook-signature` header".to_owned()));
    assert!(matches!(WebhookVerifier::new("whsec_not base64!"), Err(WebhookError::Secret(_))));
}

/// The README's webhook example, as it shows it (the signature of a fixed timestamp, so the
/// tolerance is widened; a request's headers as a plain map).
#[test]
fn the_readme_webhook_example() -> Result<(), Box<dyn std::error::Error>> {
    let signature = format!("v1,{SIGNATURE}");
    let request_headers: std::collections::HashMap<&str, &str> =
        [("webhook-id", "wh_1"), ("webhook-timestamp", "1719168000"), ("webhook-signature", signature.as_str())].into_iter().collect();
    let body = BODY.as_bytes().to_vec();
    let mut completed = None;

    let verifier = WebhookVerifier::new(SECRET)?.tolerance(Duration::from_secs(100 * 365 * 24 * 3600));
    let headers = WebhookHeaders::from_lookup(|name| request_headers.get(name).copied())?;
    match verifier.unwrap(&headers, &body)? {
        WebhookEvent::ResponseCompleted(event) => completed = Some(event.data.id),
        WebhookEvent::Unknown(event) => panic!("an event this crate does not know: {}", event["type"]),
        _ => {}
    }
    assert_eq!(completed.as_deref(), Some("resp_1"));
    // With the default tolerance, the same webhook is stale now.
    let fresh = WebhookVerifier::new(SECRET)?;
    assert!(matches!(fresh.unwrap(&headers, &body), Err(WebhookError::TooOld(_))));
    Ok(())
}

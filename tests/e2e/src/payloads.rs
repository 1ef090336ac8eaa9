//! Every example payload in the spec, with the type it should land in.
//!
//! Sources: `x-oaiMeta.example` on component schemas, the `example` keyword of component
//! schemas, and each operation's `x-oaiMeta.examples`: the `response` (one or more JSON
//! documents, or server-sent events whose `data:` lines are typed as the stream's event type)
//! and the JSON body of the request's `curl -d '...'`.

use codegen::ir::bodies::{Body, Role};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Source {
    SchemaMetaExample,
    SchemaExample,
    OperationResponse,
    StreamEvent,
    OperationRequest,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::SchemaMetaExample => "schema x-oaiMeta.example",
            Source::SchemaExample => "schema example",
            Source::OperationResponse => "operation response",
            Source::StreamEvent => "operation stream event",
            Source::OperationRequest => "operation request (curl -d)",
        }
    }
}

/// What the text of a payload turned out to be.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub enum Text {
    Json(String),
    /// JSON only after repair (trailing commas, `...` elisions, comments).
    Repaired(String),
    NotJson(String),
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Payload {
    pub source: Source,
    /// Where it comes from: a JSON pointer, with the example's title for operations.
    pub origin: String,
    /// The spec name of its type (a component, or an operation body's synthetic name).
    pub type_name: String,
    /// Where that type's schema is, as a JSON pointer (for validation).
    pub schema_pointer: String,
    pub text: Text,
}

pub fn collect(spec: &Value, bodies: &[Body]) -> Vec<Payload> {
    let mut payloads = Vec::new();
    if let Some(schemas) = spec.pointer("/components/schemas").and_then(Value::as_object) {
        for (name, schema) in schemas {
            let pointer = format!("#/components/schemas/{}", escape(name));
            if let Some(example) = schema.pointer("/x-oaiMeta/example") {
                let text = example.as_str().map_or_else(|| example.to_string(), str::to_owned);
                // Streaming chunks are often shown as several documents, one after the other.
                for (index, text) in documents(&text).into_iter().enumerate() {
                    let origin = format!("{pointer}/x-oaiMeta/example");
                    payloads.push(Payload {
                        source: Source::SchemaMetaExample,
                        origin: if index == 0 { origin } else { format!("{origin} #{}", index + 1) },
                        type_name: name.clone(),
                        schema_pointer: pointer.clone(),
                        text,
                    });
                }
            }
            let example = schema.get("example").or_else(|| schema.get("examples").and_then(|e| e.get(0)));
            if let Some(example) = example {
                payloads.push(Payload {
                    source: Source::SchemaExample,
                    origin: format!("{pointer}/example"),
                    type_name: name.clone(),
                    schema_pointer: pointer.clone(),
                    text: Text::Json(example.to_string()),
                });
            }
        }
    }
    for body in bodies.iter().filter(|b| b.role == Role::Request && b.media_type == "application/json") {
        for (title, example) in operation_examples(spec, body) {
            let Some(curl) = example.pointer("/request/curl").and_then(Value::as_str) else { continue };
            let Some(data) = curl_data(curl) else { continue };
            payloads.push(Payload {
                source: Source::OperationRequest,
                origin: format!("{} ({title}) request", body.operation_id),
                type_name: body.type_name.clone(),
                schema_pointer: body.pointer.clone(),
                text: classify(&data),
            });
        }
    }
    let mut seen_operations = std::collections::HashSet::new();
    for body in bodies.iter().filter(|b| b.role != Role::Request) {
        // One response type per operation: the first success body (JSON), and its stream.
        if !body.status.starts_with('2') || !seen_operations.insert((body.operation_id.clone(), body.role == Role::StreamEvent)) {
            continue;
        }
        for (title, example) in operation_examples(spec, body) {
            let Some(response) = example.get("response").and_then(Value::as_str) else { continue };
            let is_stream = response.lines().any(|l| l.starts_with("data:"));
            if is_stream != (body.role == Role::StreamEvent) {
                continue;
            }
            let origin = format!("{} ({title}) response", body.operation_id);
            let texts = if is_stream { sse_data(response) } else { documents(response) };
            for (index, text) in texts.into_iter().enumerate() {
                payloads.push(Payload {
                    source: if is_stream { Source::StreamEvent } else { Source::OperationResponse },
                    origin: if index == 0 { origin.clone() } else { format!("{origin} #{}", index + 1) },
                    type_name: body.type_name.clone(),
                    schema_pointer: body.pointer.clone(),
                    text,
                });
            }
        }
    }
    payloads
}

pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The operation's examples (a list, or a single object), with their titles.
fn operation_examples<'s>(spec: &'s Value, body: &Body) -> Vec<(String, &'s Value)> {
    let path = format!("/paths/{}/{}/x-oaiMeta/examples", escape(&body.path), body.method);
    match spec.pointer(&path) {
        Some(Value::Array(list)) => list.iter().map(|e| (title(e), e)).collect(),
        Some(example @ Value::Object(_)) => vec![(title(example), example)],
        _ => Vec::new(),
    }
}

fn title(example: &Value) -> String {
    example.get("title").and_then(Value::as_str).unwrap_or("example").to_owned()
}

/// The JSON text of a curl command's `-d '...'` (or `--data '...'`).
pub fn curl_data(curl: &str) -> Option<String> {
    let start = ["-d '", "--data '", "--data-raw '"].iter().find_map(|flag| curl.find(flag).map(|i| i + flag.len()))?;
    let rest = &curl[start..];
    // The body ends at the quote that closes it: the last `'` before the next option or the end.
    let end = rest.rfind('\'')?;
    Some(rest[..end].replace("'\\''", "'"))
}

/// The `data:` payloads of a server-sent event stream (without `[DONE]`).
fn sse_data(text: &str) -> Vec<Text> {
    text.lines()
        .filter_map(|line| line.strip_prefix("data:"))
        .map(str::trim)
        .filter(|data| !data.is_empty() && *data != "[DONE]")
        .map(classify)
        .collect()
}

/// One or more JSON documents one after the other.
fn documents(text: &str) -> Vec<Text> {
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    let mut spans = Vec::new();
    let mut start = 0;
    while let Some(Ok(_)) = stream.next() {
        let end = stream.byte_offset();
        spans.push(text[start..end].trim().to_owned());
        start = end;
    }
    if spans.is_empty() || !text[start..].trim().is_empty() {
        return vec![classify(text)];
    }
    spans.into_iter().map(Text::Json).collect()
}

/// JSON as it is, JSON after repair, or not JSON.
pub fn classify(text: &str) -> Text {
    match serde_json::from_str::<Value>(text) {
        Ok(_) => Text::Json(text.trim().to_owned()),
        Err(error) => {
            let repaired = repair(text);
            match serde_json::from_str::<Value>(&repaired) {
                Ok(_) => Text::Repaired(repaired),
                Err(_) => Text::NotJson(format!("{error}")),
            }
        }
    }
}

/// Drops `//` comments, lines that elide (`...`), and trailing commas, outside strings.
fn repair(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.lines() {
        let code = strip_comment(line);
        let trimmed = code.trim().trim_end_matches(',');
        if trimmed == "..." || trimmed == "…" {
            continue;
        }
        lines.push(code);
    }
    let joined = lines.join("\n");
    // Trailing commas: a `,` followed (after whitespace) by `}` or `]`.
    let mut out = String::with_capacity(joined.len());
    let chars: Vec<char> = joined.chars().collect();
    let mut in_string = false;
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        if in_string {
            out.push(c);
            if c == '\\' && index + 1 < chars.len() {
                out.push(chars[index + 1]);
                index += 1;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == ',' {
            let next = chars[index + 1..].iter().find(|c| !c.is_whitespace());
            if !matches!(next, Some('}') | Some(']')) {
                out.push(c);
            }
        } else {
            out.push(c);
        }
        index += 1;
    }
    out
}

fn strip_comment(line: &str) -> String {
    let mut in_string = false;
    let mut previous = ' ';
    for (index, c) in line.char_indices() {
        if in_string {
            if c == '"' && previous != '\\' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '/' && line[index + 1..].starts_with('/') {
            return line[..index].to_owned();
        }
        previous = if previous == '\\' && c == '\\' { ' ' } else { c };
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_what_examples_get_wrong() {
        assert_eq!(classify("{\"a\": [1, 2,],}"), Text::Repaired("{\"a\": [1, 2]}".into()));
        assert!(matches!(classify("{\n  \"a\": 1, // note\n  ...\n}"), Text::Repaired(_)));
        assert!(matches!(classify("not json"), Text::NotJson(_)));
        assert_eq!(classify(" {\"url\": \"https://x\"} "), Text::Json("{\"url\": \"https://x\"}".into()));
    }

    #[test]
    fn curl_bodies_and_streams() {
        let curl = "curl https://x \\\n  -H 'a: b' \\\n  -d '{\"model\": \"m\"}'\n";
        assert_eq!(curl_data(curl).as_deref(), Some("{\"model\": \"m\"}"));
        let stream = "event: x\ndata: {\"a\":1}\n\ndata: [DONE]\n";
        assert_eq!(sse_data(stream), vec![Text::Json("{\"a\":1}".into())]);
        assert_eq!(documents("{\"a\":1}\n{\"b\":2}").len(), 2);
    }
}

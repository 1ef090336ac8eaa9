//! The spec's request examples that carry a URL (`curl https://api.openai.com/v1/...`), rendered
//! by the crate: each URL is read back into the operation's parameters (path segments against
//! its template, query pairs by its parameters' schemas, the `-d` body), the operation's value is
//! built from them through the registry, and the path and query it renders must be the example's.

use crate::payloads::curl_data;
use serde_json::{Map, Value};

/// What one example URL came to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UrlCheck {
    /// `#/paths/.../get` and the example's title.
    pub origin: String,
    pub operation_id: String,
    /// The example's path and query, as written.
    pub url: String,
    pub outcome: UrlOutcome,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum UrlOutcome {
    /// The rendered path and query pairs (percent-decoded) are the example's.
    Same,
    Differs,
    /// The operation's value could not be built from the example, or did not render.
    Failed,
}

type Render = fn(&str, Value) -> Option<Result<(String, Vec<(String, String)>), String>>;

/// Every example URL of every operation, rendered by `render` (the registry's `render_call`).
pub fn check(spec: &Value, render: Render) -> Vec<UrlCheck> {
    let mut checks = Vec::new();
    let Some(paths) = spec.get("paths").and_then(Value::as_object) else { return checks };
    for (template, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item {
            let Some(operation_id) = operation.get("operationId").and_then(Value::as_str) else { continue };
            let examples = match operation.pointer("/x-oaiMeta/examples") {
                Some(Value::Array(list)) => list.iter().collect::<Vec<_>>(),
                Some(one @ Value::Object(_)) => vec![one],
                _ => continue,
            };
            let parameters = parameters(spec, item, operation);
            for example in examples {
                let Some(curl) = example.pointer("/request/curl").and_then(Value::as_str) else { continue };
                let Some(url) = example_url(curl) else { continue };
                let title = example.get("title").and_then(Value::as_str).unwrap_or("");
                let origin = format!("#/paths/{}/{method} {title}", template.replace('~', "~0").replace('/', "~1"));
                let (outcome, detail) = match compare(template, &url, &parameters, curl, operation_id, render) {
                    Ok(()) => (UrlOutcome::Same, None),
                    Err((outcome, detail)) => (outcome, Some(detail)),
                };
                checks.push(UrlCheck { origin, operation_id: operation_id.to_owned(), url, outcome, detail });
            }
        }
    }
    checks
}

/// The path and query of the first API URL in a curl command.
fn example_url(curl: &str) -> Option<String> {
    let start = curl.find("https://api.openai.com/v1")? + "https://api.openai.com/v1".len();
    let url: String = curl[start..].chars().take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '\'' | '\\')).collect();
    Some(url)
}

/// The operation's parameters (the path item's, then its own), `$ref`s followed.
fn parameters<'s>(spec: &'s Value, item: &'s Map<String, Value>, operation: &'s Value) -> Vec<&'s Value> {
    let listed = item.get("parameters").and_then(Value::as_array).into_iter().flatten();
    let own = operation.get("parameters").and_then(Value::as_array).into_iter().flatten();
    listed
        .chain(own)
        .filter_map(|parameter| match parameter.get("$ref").and_then(Value::as_str) {
            Some(reference) => spec.pointer(reference.trim_start_matches('#')),
            None => Some(parameter),
        })
        .collect()
}

fn compare(template: &str, url: &str, parameters: &[&Value], curl: &str, operation_id: &str, render: Render) -> Result<(), (UrlOutcome, String)> {
    let failed = |detail: String| (UrlOutcome::Failed, detail);
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let (template_path, _) = template.split_once('?').unwrap_or((template, ""));
    let mut params = Map::new();
    // Path segments against the template.
    let (wanted, given): (Vec<&str>, Vec<&str>) = (template_path.split('/').collect(), path.split('/').collect());
    if wanted.len() != given.len() {
        return Err(failed(format!("the URL's path does not follow the template {template_path}")));
    }
    for (segment, value) in wanted.iter().zip(&given) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(name) => drop(params.insert(name.to_owned(), Value::String(decode(value)))),
            None if segment != value => return Err(failed(format!("segment `{value}` is not `{segment}`"))),
            None => {}
        }
    }
    // Query pairs by each parameter's schema: `name[]` adds to a list, `name[key]` to an object.
    let example_pairs = pairs(query);
    for (key, value) in &example_pairs {
        let (name, inner) = match key.split_once('[') {
            Some((name, rest)) if !parameters.iter().any(|p| p["name"] == key.as_str()) => (name, Some(rest.trim_end_matches(']'))),
            _ => (key.as_str(), None),
        };
        let schema = parameters.iter().find(|p| p["name"] == name).map(|p| &p["schema"]).unwrap_or(&Value::Null);
        match inner {
            Some("") | None if schema["type"] == "array" => {
                let list = params.entry(name.to_owned()).or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(list) = list {
                    list.push(typed(&schema["items"], value));
                }
            }
            Some(key) if !key.is_empty() => {
                let object = params.entry(name.to_owned()).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(object) = object {
                    object.insert(key.to_owned(), Value::String(value.clone()));
                }
            }
            _ => drop(params.insert(name.to_owned(), typed(schema, value))),
        }
    }
    // The body when the example sends one; `{}` otherwise (a required body reads leniently).
    let body = curl_data(curl).and_then(|text| serde_json::from_str::<Value>(&text).ok()).unwrap_or_else(|| Value::Object(Map::new()));
    params.insert("body".to_owned(), body);
    // A body the example gets wrong does not change the URL (the payload checks report it): the
    // URL is rendered with an empty body then.
    let rendered = match render(operation_id, Value::Object(params.clone())) {
        Some(Err(_)) => {
            params.insert("body".to_owned(), Value::Object(Map::new()));
            render(operation_id, Value::Object(params))
        }
        other => other,
    };
    let (rendered_path, rendered_pairs) = match rendered {
        None => return Err(failed(format!("no operation `{operation_id}` in the registry"))),
        Some(Err(error)) => return Err(failed(error)),
        Some(Ok(rendered)) => rendered,
    };
    let decoded_path: String = rendered_path.split('/').map(decode).collect::<Vec<_>>().join("/");
    let example_path: String = path.split('/').map(decode).collect::<Vec<_>>().join("/");
    // Query pairs compared as sets: their order carries no meaning to a server.
    let (mut rendered_pairs, mut example_pairs) = (rendered_pairs, example_pairs);
    rendered_pairs.sort();
    example_pairs.sort();
    if decoded_path != example_path || rendered_pairs != example_pairs {
        return Err((UrlOutcome::Differs, format!("rendered {decoded_path} {rendered_pairs:?}, the example has {example_path} {example_pairs:?}")));
    }
    Ok(())
}

/// A query's pairs, percent-decoded.
fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// A query value as its schema's JSON type.
fn typed(schema: &Value, value: &str) -> Value {
    let kind = schema["type"].as_str().or_else(|| schema["anyOf"][0]["type"].as_str()).unwrap_or("string");
    match kind {
        "integer" | "number" => value.parse::<serde_json::Number>().map(Value::Number).unwrap_or_else(|_| Value::String(value.to_owned())),
        "boolean" => value.parse::<bool>().map(Value::Bool).unwrap_or_else(|_| Value::String(value.to_owned())),
        _ => Value::String(value.to_owned()),
    }
}

/// Percent-decoding (`+` stays `+`: the crate writes a space as `%20`).
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (bytes[index], hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                index += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The counts a person reads: total, the same, differing, failed.
pub fn table(checks: &[UrlCheck]) -> String {
    let count = |outcome: UrlOutcome| checks.iter().filter(|c| c.outcome == outcome).count();
    format!(
        "{:<30} {:>5} {:>6} {:>7} {:>6}\n{:<30} {:>5} {:>6} {:>7} {:>6}",
        "request URLs (curl)",
        "total",
        "same",
        "differs",
        "failed",
        "operation request URL",
        checks.len(),
        count(UrlOutcome::Same),
        count(UrlOutcome::Differs),
        count(UrlOutcome::Failed)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_decode_and_split() {
        assert_eq!(example_url("curl \"https://api.openai.com/v1/files?limit=2\" \\\n -H x").as_deref(), Some("/files?limit=2"));
        assert_eq!(decode("a%5B%5D%20b+c"), "a[] b+c");
        assert_eq!(pairs("include%5B%5D=a&x=1"), vec![("include[]".to_owned(), "a".to_owned()), ("x".to_owned(), "1".to_owned())]);
        assert_eq!(typed(&serde_json::json!({"type": "integer"}), "20"), serde_json::json!(20));
    }
}

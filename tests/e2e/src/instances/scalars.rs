//! Strings, numbers and booleans within their schema's bounds: `format`, `pattern`,
//! `minLength`/`maxLength`, `minimum`/`maximum` (exclusive ones too, 3.0's boolean form included).

use serde_json::{Map, Value};

/// A value of a scalar type. `k`: the instance's number (booleans alternate with it).
pub fn scalar(ty: &str, schema: &Map<String, Value>, k: usize) -> Value {
    match ty {
        "string" => Value::String(string(schema)),
        "integer" => integer(schema),
        "number" => number(schema),
        "boolean" => Value::Bool(k.is_multiple_of(2)),
        // No type: any JSON value.
        _ => Value::String("value".into()),
    }
}

fn string(schema: &Map<String, Value>) -> String {
    let mut text = match schema.get("pattern").and_then(Value::as_str) {
        Some(pattern) => matching(pattern),
        None => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => "2024-01-01T00:00:00Z",
            Some("date") => "2024-01-01",
            Some("uri" | "url") => "https://example.com/resource",
            Some("email") => "user@example.com",
            Some("uuid") => "123e4567-e89b-12d3-a456-426614174000",
            Some("byte") => "aGVsbG8=",
            Some("binary") => "binary-content",
            _ => "text",
        }
        .to_owned(),
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema.get("maxLength").and_then(Value::as_u64).map_or(usize::MAX, |m| m as usize);
    while text.chars().count() < min {
        text.push('x');
    }
    text.chars().take(max.max(min)).collect()
}

/// A string matching a simple anchored pattern: literals and `[...]` classes, each with an
/// optional `+`, `*`, `?`, `{n}` or `{n,m}`. A class gives its first character.
pub fn matching(pattern: &str) -> String {
    let chars: Vec<char> = pattern.trim_start_matches('^').trim_end_matches('$').chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = match chars[i] {
            '[' => {
                let end = chars[i..].iter().position(|c| *c == ']').map_or(chars.len(), |p| i + p);
                let first = chars.get(i + 1).copied().unwrap_or('a');
                i = end + 1;
                first
            }
            '\\' => {
                i += 2;
                chars.get(i - 1).copied().unwrap_or('x')
            }
            c => {
                i += 1;
                c
            }
        };
        let times = match chars.get(i) {
            Some('+') => {
                i += 1;
                1
            }
            Some('*' | '?') => {
                i += 1;
                1
            }
            Some('{') => {
                let end = chars[i..].iter().position(|c| *c == '}').map_or(chars.len(), |p| i + p);
                let inside: String = chars[i + 1..end].iter().collect();
                i = end + 1;
                inside.split(',').next().and_then(|n| n.trim().parse().ok()).unwrap_or(1)
            }
            _ => 1,
        };
        out.extend(std::iter::repeat_n(c, times));
    }
    out
}

/// A bound of a number, and whether it is exclusive.
type Bound = Option<(f64, bool)>;

/// The bounds of a number: (lowest allowed, highest allowed).
fn bounds(schema: &Map<String, Value>) -> (Bound, Bound) {
    let bound = |key: &str, exclusive: &str| match (schema.get(exclusive), schema.get(key).and_then(Value::as_f64)) {
        (Some(Value::Number(n)), _) => n.as_f64().map(|n| (n, true)),
        (Some(Value::Bool(true)), Some(n)) => Some((n, true)),
        (_, Some(n)) => Some((n, false)),
        _ => None,
    };
    (bound("minimum", "exclusiveMinimum"), bound("maximum", "exclusiveMaximum"))
}

fn integer(schema: &Map<String, Value>) -> Value {
    let (low, high) = bounds(schema);
    let low = low.map(|(n, exclusive)| if exclusive { n.floor() as i64 + 1 } else { n.ceil() as i64 });
    let high = high.map(|(n, exclusive)| if exclusive { n.ceil() as i64 - 1 } else { n.floor() as i64 });
    let mut n: i64 = 1;
    if let Some(low) = low {
        n = n.max(low);
    }
    if let Some(high) = high {
        n = n.min(high);
    }
    Value::from(n)
}

fn number(schema: &Map<String, Value>) -> Value {
    let (low, high) = bounds(schema);
    let fits = |x: f64| {
        low.is_none_or(|(n, exclusive)| if exclusive { x > n } else { x >= n })
            && high.is_none_or(|(n, exclusive)| if exclusive { x < n } else { x <= n })
    };
    let candidates = [0.5, 1.5, 0.25, 2.5, 10.5, 100.5];
    let x = candidates.into_iter().find(|x| fits(*x)).unwrap_or_else(|| match (low, high) {
        (Some((a, _)), Some((b, _))) => (a + b) / 2.0,
        (Some((a, _)), None) => a + 1.5,
        (None, Some((b, _))) => b - 1.5,
        (None, None) => 0.5,
    });
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert_eq!(matching("^tunnel_[a-z0-9]{32}$"), format!("tunnel_{}", "a".repeat(32)));
        assert_eq!(matching("^[a-zA-Z0-9_-]+$"), "a");
    }

    #[test]
    fn bounds_hold() {
        let schema = |v: Value| v.as_object().cloned().unwrap_or_default();
        assert_eq!(integer(&schema(serde_json::json!({"minimum": 5}))), Value::from(5));
        assert_eq!(integer(&schema(serde_json::json!({"maximum": 0, "exclusiveMaximum": true}))), Value::from(-1));
        assert_eq!(number(&schema(serde_json::json!({"minimum": 0, "maximum": 0.2}))), serde_json::json!(0.1));
        assert_eq!(string(&schema(serde_json::json!({"minLength": 6}))), "textxx");
        assert_eq!(string(&schema(serde_json::json!({"maxLength": 2}))), "te");
    }
}

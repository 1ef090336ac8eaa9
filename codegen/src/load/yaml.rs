//! YAML text into a JSON value, tolerant of what `serde_yaml`'s own `Value` rejects.
//!
//! The OpenAI spec has integers outside `i64` (`minimum: -9223372036854776000`). `serde_yaml`
//! hands those to `visit_i128`, which `serde_yaml::Value` and `serde_json::Value` refuse, failing
//! the whole document. This visitor keeps them as floats, exactly as the JSON form of the same spec
//! reads. Mapping keys that are not strings (`200:` for a status code) become their text.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses YAML text into a `serde_json::Value`.
pub fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    JsonValue.deserialize(serde_yaml::Deserializer::from_str(text))
}

/// Seed and visitor in one: builds a `serde_json::Value` from any self-describing input.
#[derive(Clone, Copy)]
struct JsonValue;

impl<'de> DeserializeSeed<'de> for JsonValue {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn float(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for JsonValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }
    // Out of `i64`/`u64` range: keep the magnitude, as a JSON parser would.
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(float(v as f64))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(float(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element_seed(JsonValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(JsonValue)? {
            let key = match key {
                Value::String(key) => key,
                other => other.to_string(),
            };
            let value = map.next_value_seed(JsonValue)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_i64_become_floats() {
        let value = parse("minimum: -9223372036854776000\nmaximum: 9223372036854776000\n")
            .expect("parses");
        assert_eq!(value["minimum"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(value["maximum"].as_f64(), Some(9.223372036854776e18));
    }

    #[test]
    fn non_string_keys_become_text() {
        let value = parse("200: ok\ntrue: yes\n").expect("parses");
        assert_eq!(value["200"], "ok");
        assert_eq!(value["true"], "yes");
    }

    #[test]
    fn errors_carry_a_line() {
        let error = parse("a: [1, 2\n").expect_err("unclosed flow sequence");
        assert!(error.location().is_some());
    }
}

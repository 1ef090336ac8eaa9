//! YAML text into a JSON value, tolerant of what `serde_yaml`'s own `Value` rejects.
//!
//! The OpenAI spec has integers outside `i64` (`minimum: -9223372036854776000`). `serde_yaml`
//! hands those to `visit_i128`, which `serde_yaml::Value` and `serde_json::Value` refuse, failing
//! the whole document. This visitor keeps them as floats, exactly as the JSON form of the same spec
//! reads. Mapping keys that are not strings (`200:` for a status code) become their text.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};
use std::cell::{Cell, RefCell};
use std::fmt;

/// How deep mappings and sequences may nest. Real specs stay far below it (the OpenAI spec nests
/// 21 levels); the parsers' own limits (128) are deeper, so this one is met first and is reported
/// with the pointer where it is crossed. Every later stage recurses at most this deep.
pub const MAX_DEPTH: usize = 100;

/// A problem the reader found itself (too deep, a key written twice), at a JSON pointer.
#[derive(Debug)]
pub struct Problem {
    pub pointer: String,
    pub message: String,
}

/// Parses YAML text into a `serde_json::Value`.
pub fn parse(text: &str) -> Result<Value, (serde_yaml::Error, Option<Problem>)> {
    let state = State::default();
    JsonValue { state: &state }.deserialize(serde_yaml::Deserializer::from_str(text)).map_err(|error| (error, state.problem()))
}

/// Parses JSON text into a `serde_json::Value`, with the same limits as YAML (a large document
/// in two halves on two cores, see `json_halves`).
pub fn parse_json(text: &str) -> Result<Value, (serde_json::Error, Option<Problem>)> {
    if let Some(value) = json_in_halves(text) {
        return Ok(value);
    }
    let state = State::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = JsonValue { state: &state }.deserialize(&mut deserializer).map_err(|error| (error, state.problem()))?;
    deserializer.end().map_err(|error| (error, None))?;
    Ok(value)
}

/// A large JSON document read in two halves on two cores; `None` where it is read as one (see
/// `json_halves`).
pub fn json_in_halves(text: &str) -> Option<Value> {
    super::json_halves::read(text, &json_part)
}

/// The value at the start of `text`, a member's of a JSON document `depth` levels deep in it,
/// and the length of its text; `None` where it does not read (the whole document is then read
/// as one, for the error and its place).
fn json_part(text: &str, depth: usize) -> Option<(Value, usize)> {
    PART_DEPTH.with(|part| part.set(depth));
    // A stream of values says where each ends; it takes a type rather than a seed.
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<Part>();
    let Part(value) = values.next()?.ok()?;
    Some((value, values.byte_offset()))
}

thread_local! {
    /// How deep the member `json_part` reads sits in its document.
    static PART_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// A value read as `JsonValue` reads it, at the depth `PART_DEPTH` says.
struct Part(Value);

impl<'de> serde::Deserialize<'de> for Part {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Part, D::Error> {
        let state = State { depth: Cell::new(PART_DEPTH.with(Cell::get)), ..State::default() };
        JsonValue { state: &state }.deserialize(deserializer).map(Part)
    }
}

/// How deep the reading is, and the problem that stopped it.
///
/// The place of a problem is put together as the error travels out, each mapping and sequence
/// adding its key or index: keeping the path of every value read as it is read (a string per
/// key and per index) was a third of reading a large document.
#[derive(Default)]
struct State {
    /// How many mappings and sequences hold the value being read.
    depth: Cell<usize>,
    /// The problem's message and the segments of its place, innermost first.
    problem: RefCell<Option<(String, Vec<String>)>>,
}

impl State {
    fn problem(&self) -> Option<Problem> {
        let (message, mut segments) = self.problem.take()?;
        segments.reverse();
        let mut pointer = String::from("#");
        for segment in &segments {
            pointer.push('/');
            pointer.push_str(&crate::pointer::escape(segment));
        }
        Some(Problem { pointer, message })
    }
}

/// Seed and visitor in one: builds a `serde_json::Value` from any self-describing input.
#[derive(Clone, Copy)]
struct JsonValue<'s> {
    state: &'s State,
}

impl JsonValue<'_> {
    /// Stops the reading with `message`, at the value being read (`segment` further in, when given).
    fn fail<E: de::Error>(&self, message: String, segment: Option<String>) -> E {
        let error = E::custom(&message);
        *self.state.problem.borrow_mut() = Some((message, segment.into_iter().collect()));
        error
    }

    /// An error from within the member `segment` of the value being read: the problem's place,
    /// when it is one of ours, gains the segment.
    fn within<E>(&self, segment: impl FnOnce() -> String, error: E) -> E {
        if let Some((_, segments)) = self.state.problem.borrow_mut().as_mut() {
            segments.push(segment());
        }
        error
    }

    fn enter<E: de::Error>(&self) -> Result<(), E> {
        if self.state.depth.get() >= MAX_DEPTH {
            return Err(self.fail(format!("nested deeper than {MAX_DEPTH} levels; no OpenAPI document needs that, so it is not read"), None));
        }
        Ok(())
    }

    /// Reads a member of the mapping or sequence being read, one level deeper.
    fn member<T>(&self, read: impl FnOnce() -> T) -> T {
        self.state.depth.set(self.state.depth.get() + 1);
        let member = read();
        self.state.depth.set(self.state.depth.get() - 1);
        member
    }
}

impl<'de> DeserializeSeed<'de> for JsonValue<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn float(value: f64) -> Value {
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for JsonValue<'_> {
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
        self.enter()?;
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = self.member(|| seq.next_element_seed(self)).map_err(|error| self.within(|| items.len().to_string(), error))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.enter()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key_seed(self)? {
            let key = match key {
                Value::String(key) => key,
                other => other.to_string(),
            };
            match object.entry(key) {
                Entry::Occupied(entry) => {
                    let key = entry.key().clone();
                    return Err(self.fail(format!("the key `{key}` is written twice in one mapping"), Some(key)));
                }
                Entry::Vacant(entry) => {
                    let value = self.member(|| map.next_value_seed(self)).map_err(|error| self.within(|| entry.key().clone(), error))?;
                    entry.insert(value);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_beyond_i64_become_floats() {
        let value = parse("minimum: -9223372036854776000\nmaximum: 9223372036854776000\n").expect("parses");
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
        let (error, _) = parse("a: [1, 2\n").expect_err("unclosed flow sequence");
        assert!(error.location().is_some());
    }

    #[test]
    fn duplicate_keys_are_named() {
        let (_, problem) = parse("a:\n  b: 1\n  b: 2\n").expect_err("duplicate");
        assert_eq!(problem.expect("named").pointer, "#/a/b");
        assert!(parse_json(r#"{"a": {"b": 1, "b": 2}}"#).expect_err("duplicate").1.is_some());
    }

    /// The place of a problem is put together on the way out: every mapping's key and every
    /// sequence's index, escaped.
    #[test]
    fn a_problem_deep_inside_is_named_by_its_whole_path() {
        let text = r#"{"a": [{"b": 1}, {"x/y": {"d": 1, "d": 2}}], "z": 3}"#;
        assert_eq!(parse_json(text).expect_err("duplicate").1.expect("named").pointer, "#/a/1/x~1y/d");
        assert_eq!(parse(text).expect_err("duplicate").1.expect("named").pointer, "#/a/1/x~1y/d");
        assert!(parse_json(r#"{"a": [1, 2,]}"#).expect_err("syntax").1.is_none(), "a syntax error is the parser's, with its line");
    }

    #[test]
    fn depth_is_limited_with_the_pointer() {
        let deep = format!("{}1{}", "{a: [".repeat(60), "]}".repeat(60));
        let (_, problem) = parse(&deep).expect_err("too deep");
        let pointer = problem.expect("the depth limit is named").pointer;
        assert!(pointer.starts_with("#/a/0/a/0/"), "{pointer}");
        assert_eq!(pointer.matches('/').count(), MAX_DEPTH);
        let json = deep.replace("a:", "\"a\":");
        assert!(parse_json(&json).expect_err("too deep").1.is_some());
        let shallow = format!("{}1{}", "{a: [".repeat(40), "]}".repeat(40));
        assert!(parse(&shallow).is_ok());
    }
}

//! The line and column of the place a JSON pointer names in a YAML or JSON text, so an error
//! found after loading (a dangling `$ref`, a schema the resolver rejects) names its line as the
//! parse errors do.
//!
//! Neither parser reports where a value is, only where an error is: the text is read again,
//! skipping every value off the path, and the read is stopped by an error at the pointer's last
//! key (or array item), whose position the parser then reports. That is one pass over the text
//! per pointer, so the caller locates a bounded number of diagnostics.

use crate::pointer::unescape;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// The message of the error that stops the read at the place wanted (serde_yaml puts the path
/// before it, serde_json the position after it).
const FOUND: &str = "\u{0}located";
/// The same, stopped at a mapping key rather than an array item.
const FOUND_KEY: &str = "\u{0}located key";

/// The 1-based line and column of the key (or array item) `pointer` (`#/a/b/0`) names in
/// `text`, or `None` when the text has no such place (a pointer into a part the loader wrote).
pub fn position(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let fragment = pointer.strip_prefix('#').unwrap_or(pointer);
    let segments: Vec<String> = fragment.split('/').skip(1).map(unescape).collect();
    if segments.is_empty() || !fragment.starts_with('/') {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let walk = Walk { segments: &segments };
    if text.trim_start().starts_with('{') {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        match walk.deserialize(&mut deserializer) {
            // serde_json is at the key's closing quote: back to its opening one.
            Err(error) if error.to_string().contains(FOUND_KEY) => {
                let key = segments.last().map_or(0, |key| key.chars().count());
                Some((error.line(), error.column().saturating_sub(key + 1).max(1)))
            }
            Err(error) if error.to_string().contains(FOUND) => Some((error.line(), error.column())),
            _ => None,
        }
    } else {
        match walk.deserialize(serde_yaml::Deserializer::from_str(text)) {
            Err(error) if error.to_string().contains(FOUND) => error.location().map(|at| (at.line(), at.column())),
            _ => None,
        }
    }
}

/// Reads a value, descending along `segments`; ends in the [`FOUND`] error at the last one.
struct Walk<'p> {
    segments: &'p [String],
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Some((wanted, rest)) = self.segments.split_first() else { return Ok(()) };
        while let Some(matched) = map.next_key_seed(Key { wanted, last: rest.is_empty() })? {
            if matched {
                return map.next_value_seed(Walk { segments: rest });
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some((wanted, rest)) = self.segments.split_first() else { return Ok(()) };
        let Ok(index) = wanted.parse::<usize>() else { return Ok(()) };
        for _ in 0..index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Ok(());
            }
        }
        match rest.is_empty() {
            true => seq.next_element_seed(Here).map(drop),
            false => seq.next_element_seed(Walk { segments: rest }).map(drop),
        }
    }

    // A scalar has nothing inside it: the pointer goes on past what the text has.
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A mapping key: whether it is the one wanted; the [`FOUND`] error when it is the last.
struct Key<'p> {
    wanted: &'p str,
    last: bool,
}

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = bool;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<bool, E> {
        match (key == self.wanted, self.last) {
            (true, true) => Err(E::custom(FOUND_KEY)),
            (matched, _) => Ok(matched),
        }
    }

    // A key YAML reads as a number or a bool (`200:`, `true:`) is its text in the document.
    fn visit_i64<E: de::Error>(self, key: i64) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_u64<E: de::Error>(self, key: u64) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_bool<E: de::Error>(self, key: bool) -> Result<bool, E> {
        self.visit_str(&key.to_string())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E: de::Error>(self) -> Result<bool, E> {
        self.visit_str("null")
    }
}

/// The array item wanted: the [`FOUND`] error where it starts.
struct Here;

impl<'de> DeserializeSeed<'de> for Here {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Here {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i128<E: de::Error>(self, _: i128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u128<E: de::Error>(self, _: u128) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
}

#[cfg(test)]
mod tests {
    use super::position;

    const YAML: &str = "openapi: 3.1.0\npaths:\n  /orders/{id}:\n    get:\n      parameters:\n        - name: id\n        - $ref: '#/components/parameters/Missing'\ncomponents:\n  responses:\n    '200':\n      description: ok\n";

    #[test]
    fn a_key_is_found_at_its_line_and_column() {
        assert_eq!(position(YAML, "#/components/responses"), Some((9, 3)));
        assert_eq!(position(YAML, "#/components/responses/200"), Some((10, 5)));
    }

    #[test]
    fn an_array_item_and_an_escaped_key_are_found() {
        assert_eq!(position(YAML, "#/paths/~1orders~1{id}/get/parameters/1"), Some((7, 11)));
        assert_eq!(position(YAML, "#/paths/~1orders~1{id}/get/parameters/1/$ref"), Some((7, 11)));
    }

    #[test]
    fn json_is_read_the_same_way() {
        let json = "{\n  \"openapi\": \"3.1.0\",\n  \"components\": {\n    \"schemas\": {\"Pet\": {\"type\": \"object\"}}\n  }\n}\n";
        assert_eq!(position(json, "#/components/schemas/Pet"), Some((4, 17)));
        let items = "{\"a\": [1, {\"b\": 2}]}";
        assert_eq!(position(items, "#/a/1"), Some((1, 11)));
        assert_eq!(position(items, "#/a/1/b"), Some((1, 12)));
    }

    #[test]
    fn a_place_the_text_does_not_have_is_none() {
        assert_eq!(position(YAML, "#/components/schemas/Pet"), None);
        assert_eq!(position(YAML, "#/paths/~1orders~1{id}/get/parameters/5"), None);
        assert_eq!(position(YAML, "#/openapi/more"), None);
        assert_eq!(position(YAML, "#"), None);
    }
}

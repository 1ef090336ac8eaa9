//! Helpers for the generated `Deserialize` impls of tagged unions. Not part of the crate's API.
// Not every spec's unions need every helper.
#![allow(dead_code)]

use serde::de::{Deserialize, Error};
use serde_json::Value;

/// The string value of `key` in a JSON object.
pub fn tag<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key)?.as_str()
}

/// Deserializes a variant from the buffered object.
pub fn variant<'v, T: Deserialize<'v>, E: Error>(value: &'v Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Deserializes a variant if the object fits it.
pub fn attempt<'v, T: Deserialize<'v>>(value: &'v Value) -> Option<T> {
    T::deserialize(value).ok()
}

pub fn missing<E: Error>(key: &str, union: &str) -> E {
    E::custom(format_args!("{union}: the object has no string `{key}` to tell which variant it is"))
}

pub fn unknown<E: Error>(key: &str, tag: Option<&str>, union: &str) -> E {
    match tag {
        Some(tag) => E::custom(format_args!("{union}: unknown `{key}` value {tag:?}")),
        None => missing(key, union),
    }
}

/// A union that picks its variant from tag properties (`type`, or `type` then `role`).
///
/// Deserialization reads the object's entries only until the tags are found, then hands the
/// variant a map that replays those entries and streams the rest: no buffering of the whole
/// object when the tags name one variant. When they do not (no tag, an unknown tag, or a tag
/// several variants share), the object is buffered and [`Tagged::from_value`] decides.
pub trait Tagged: Sized {
    /// The tag properties, most significant first.
    const KEYS: &'static [&'static str];
    /// Whether the first tag's value needs the second tag to name a variant.
    fn needs_second(first: Option<&str>) -> bool;
    /// Whether the tags name exactly one variant.
    fn certain(tags: &[Option<&str>]) -> bool;
    /// Deserializes the variant the tags name (only called when [`Tagged::certain`]).
    fn variant<'de, D: serde::Deserializer<'de>>(tags: &[Option<&str>], object: D) -> Result<Self, D::Error>;
    /// Decides from the whole object: shared tags, fallbacks, unknown tags.
    fn from_value<E: Error>(value: Value) -> Result<Self, E>;
}

/// Deserializes a tagged union; see [`Tagged`].
pub fn tagged<'de, T: Tagged, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(TaggedVisitor(std::marker::PhantomData))
}

struct TaggedVisitor<T>(std::marker::PhantomData<T>);

impl<T: Tagged> TaggedVisitor<T> {
    fn value<E: Error>(value: Value) -> Result<T, E> {
        T::from_value(value)
    }
}

impl<'de, T: Tagged> serde::de::Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("one of the union's variants")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut tags: Vec<Option<String>> = vec![None; T::KEYS.len()];
        let mut found = vec![false; T::KEYS.len()];
        let mut seen: Vec<(String, Value)> = Vec::new();
        let mut exhausted = false;
        loop {
            let wanted = if !found[0] {
                true
            } else {
                T::KEYS.len() > 1 && !found[1] && T::needs_second(tags[0].as_deref())
            };
            if !wanted {
                break;
            }
            let Some(key) = map.next_key::<String>()? else {
                exhausted = true;
                break;
            };
            let value: Value = map.next_value()?;
            if let Some(index) = T::KEYS.iter().position(|k| *k == key) {
                found[index] = true;
                tags[index] = value.as_str().map(str::to_owned);
            }
            seen.push((key, value));
        }
        let tags: Vec<Option<&str>> = tags.iter().map(Option::as_deref).collect();
        if T::certain(&tags) {
            let rest = if exhausted { None } else { Some(map) };
            let replay = Replay { seen: seen.into_iter(), value: None, rest };
            return T::variant(&tags, serde::de::value::MapAccessDeserializer::new(replay));
        }
        let mut object = serde_json::Map::new();
        object.extend(seen);
        if !exhausted {
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                object.insert(key, value);
            }
        }
        Self::value(Value::Object(object))
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<T, E> {
        Self::value(Value::Bool(v))
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        Self::value(Value::from(v))
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        Self::value(Value::from(v))
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        Self::value(Value::from(v))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        Self::value(Value::from(v))
    }
    fn visit_string<E: Error>(self, v: String) -> Result<T, E> {
        Self::value(Value::from(v))
    }
    fn visit_unit<E: Error>(self) -> Result<T, E> {
        Self::value(Value::Null)
    }
    fn visit_none<E: Error>(self) -> Result<T, E> {
        Self::value(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Self::value(Value::Array(items))
    }
}

/// The entries read while looking for the tags, then the rest of the object as it streams.
struct Replay<A> {
    seen: std::vec::IntoIter<(String, Value)>,
    value: Option<Value>,
    rest: Option<A>,
}

impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for Replay<A> {
    type Error = A::Error;

    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.seen.next() {
            self.value = Some(value);
            return seed.deserialize(serde::de::IntoDeserializer::<A::Error>::into_deserializer(key)).map(Some);
        }
        match &mut self.rest {
            Some(rest) => rest.next_key_seed(seed),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match (self.value.take(), &mut self.rest) {
            (Some(value), _) => seed.deserialize(value).map_err(A::Error::custom),
            (None, Some(rest)) => rest.next_value_seed(seed),
            (None, None) => Err(A::Error::custom("a value without a key")),
        }
    }
}

/// A string, borrowed from the input when the format allows it (string enums match on it).
pub fn string<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(StringVisitor)
}

struct StringVisitor;

impl<'de> serde::de::Visitor<'de> for StringVisitor {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(v))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(v))
    }
}

/// Exactly the string `expected` (a constant).
pub fn constant<'de, D: serde::Deserializer<'de>>(deserializer: D, expected: &'static str) -> Result<(), D::Error> {
    deserializer.deserialize_str(ConstantVisitor(expected))
}

struct ConstantVisitor(&'static str);

impl serde::de::Visitor<'_> for ConstantVisitor {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "`{}`", self.0)
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<(), E> {
        if v == self.0 {
            Ok(())
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
        }
    }
}
